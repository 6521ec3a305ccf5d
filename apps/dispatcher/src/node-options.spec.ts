import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISPATCHER_NODE_OPTIONS } from './node-options';

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
});
