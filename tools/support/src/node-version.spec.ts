import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from './index';

/** Tests, `npm start` and the benchmarks run on the Node of the `node` devDependency, as the Docker image does. */
describe('Node.js', () => {
  const manifest = JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };

  it('is the pinned Node 24, not the machine’s own', () => {
    expect(manifest.devDependencies.node).toMatch(/^24\./);
    expect(process.version).toBe(`v${manifest.devDependencies.node}`);
  });

  it('is what engines asks for and what the Docker image runs', () => {
    expect(manifest.engines.node).toBe('>=24.0.0');
    const dockerfile = readFileSync(join(findRepoRoot(), 'Dockerfile'), 'utf8');
    expect([...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1])).toEqual(['24', '24']);
  });
});
