/** What the local tools (brokers, PostgreSQL, the start script) and the system tests share. */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

const REPO_NAME = 'registry-webhooks';

/** Walks up from `from` to the repository root, so it works from src/ (ts-jest) and dist/. */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === REPO_NAME
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the ${REPO_NAME} repository root above ${from}`);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * kafkajs sets a negative timer when it is not throttled, which Node 24 warns about on stderr; the
 * local tools use kafkajs only to see whether a broker answers, so that warning says nothing to
 * whoever runs them. Every other warning is still printed.
 */
export function ignoreKafkajsTimerWarning(): void {
  const [print] = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') print?.(warning);
  });
}
