// Compiles apps, libs, tools and bench into dist/, rewrites the @app/* path aliases,
// copies the non-TypeScript assets the compiled code loads at run time, and builds the web
// console (apps/console, Vite) into dist/apps/console for the subscriptions app to serve.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch (error) {
    // The tool already printed its diagnostics; exit with its status, without a stack trace.
    process.exit(error.status ?? 1);
  }
};

run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);

const ASSET = /\.(proto|json|html|css|sql)$/;
// The console's own files go through Vite, not here.
const CONSOLE = join(root, 'apps', 'console');
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === CONSOLE) continue;
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSET.test(name) && !name.endsWith('tsconfig.json')) {
      cpSync(path, join(root, 'dist', relative(root, path)));
    }
  }
}
for (const top of ['apps', 'libs']) copyAssets(join(root, top));

run(bin('vite'), ['build', '--config', join(CONSOLE, 'vite.config.mts'), '--logLevel', 'warn']);
