import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISPATCHER_MALLOC_ENV, DISPATCHER_NODE_OPTIONS, dispatcherRuntimeEnv } from './node-options';

const ROOT = join(__dirname, '..', '..', '..');

describe('DISPATCHER_NODE_OPTIONS', () => {
  it('is what package.json and docker-compose.yml start the dispatcher with', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    // The shell default keeps a NODE_OPTIONS of the caller's own.
    const shellDefault = `NODE_OPTIONS=\${NODE_OPTIONS:-'${DISPATCHER_NODE_OPTIONS}'}`;
    expect(scripts['start:dispatcher']).toContain(shellDefault);
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).toContain(
      `NODE_OPTIONS: '${DISPATCHER_NODE_OPTIONS}'`,
    );
  });

  it('comes with the malloc settings, in package.json and docker-compose.yml too', () => {
    const script = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts['start:dispatcher'];
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const [name, value] of Object.entries(DISPATCHER_MALLOC_ENV)) {
      expect(script).toContain(`${name}=\${${name}:-${value}}`);
      expect(compose).toContain(`${name}: '${value}'`);
    }
  });

  it("keeps the caller's own NODE_OPTIONS and malloc settings", () => {
    expect(dispatcherRuntimeEnv({})).toEqual({
      NODE_OPTIONS: DISPATCHER_NODE_OPTIONS,
      ...DISPATCHER_MALLOC_ENV,
    });
    expect(dispatcherRuntimeEnv({ NODE_OPTIONS: '--max-old-space-size=512', MALLOC_ARENA_MAX: '4' })).toEqual(
      {
        ...DISPATCHER_MALLOC_ENV,
        NODE_OPTIONS: '--max-old-space-size=512',
        MALLOC_ARENA_MAX: '4',
      },
    );
  });
});
