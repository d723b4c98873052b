// Writes the JSON Schemas of the environment files from the zod schemas, so editors complete and
// check environments/*.yaml through their yaml-language-server modeline.
// `--check` exits 1 when the committed schemas are stale (used by the tests).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DefaultsFile, EnvironmentFile } from '../config/schema';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function renderSchemas(): Map<string, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) }, null, 2)}\n`;
  return new Map([
    ['environments/schema/defaults.schema.json', render(DefaultsFile, 'Platform defaults (environments/defaults.yaml)')],
    ['environments/schema/environment.schema.json', render(EnvironmentFile, 'Environment (environments/<name>.yaml)')],
  ]);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of renderSchemas()) {
    const target = join(root, path);
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current === content) continue;
    if (check) {
      process.stderr.write(`${path} is stale; run npm run schema\n`);
      stale++;
    } else {
      writeFileSync(target, content);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
