/**
 * Writes libs/events/schemas/*.json from the TypeBox schemas (`npm run schemas`). A spec fails when
 * the checked-in files differ from what this writes, so run it after changing a schema.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jsonSchemaFiles, renderJsonSchema } from './json-schema';

const PACKAGE_NAME = 'registry-webhooks';

/** The repository root: the nearest ancestor whose package.json is ours (works from src/ and dist/). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${start}`);
  }
}

const outDir = join(findRepoRoot(__dirname), 'libs', 'events', 'schemas');
mkdirSync(outDir, { recursive: true });
const files = jsonSchemaFiles();
const written = new Set(files.map((file) => file.fileName));
// Files of schemas that no longer exist would otherwise linger and mislead producers.
for (const name of readdirSync(outDir)) {
  if (name.endsWith('.json') && !written.has(name)) rmSync(join(outDir, name));
}
for (const file of files) writeFileSync(join(outDir, file.fileName), renderJsonSchema(file));
process.stdout.write(`wrote ${files.length} JSON Schema files to ${outDir}\n`);
