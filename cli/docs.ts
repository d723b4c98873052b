import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { DefaultsFile } from '../config/schema';
import { APPLICATION_DOCS_DIR, generateApplicationDocs } from './docs/applications';
import { COMPONENT_DOCS_DIR, generateDocs } from './docs/generate';
import { command, runIfMain } from './run-cli';

/**
 * `npm run docs [-- --check]`: writes docs/components/, one page per component, and docs/applications/, one
 * page per company application (from config/application-catalogue.ts), from the constructs
 * (rendered), the rules, environments/defaults.yaml, policy/waivers.yaml, renovate.json and the prose
 * in cli/docs/catalogue.ts; --check only reports pages that are missing, differ or are left over.
 * Exit codes: 0 up to date (or written), 1 differs (--check) or invalid environments, 2 internal error.
 */
async function docs(argv: string[], root: string): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { check: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`docs: ${(error as Error).message}\nusage: npm run docs -- [--check]\n`);
    return 1;
  }
  const defaults = DefaultsFile.parse(parse(readFileSync(join(root, 'environments', 'defaults.yaml'), 'utf8')));
  const files = new Map([...generateDocs(root), ...generateApplicationDocs(defaults)]);
  const present = [COMPONENT_DOCS_DIR, APPLICATION_DOCS_DIR].flatMap((folder) => {
    const dir = join(root, folder);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${folder}/${f}`) : [];
  });
  const stale = present.filter((f) => !files.has(f));
  const changed = [...files].filter(([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== content).map(([p]) => p);
  if (values.check) {
    if (changed.length === 0 && stale.length === 0) {
      process.stdout.write(`${COMPONENT_DOCS_DIR}/ and ${APPLICATION_DOCS_DIR}/ are up to date\n`);
      return 0;
    }
    const lines = [...changed.map((f) => `${existsSync(join(root, f)) ? 'differs' : 'missing'}  ${f}`), ...stale.map((f) => `extra    ${f}`)];
    process.stderr.write(`${lines.join('\n')}\nrun npm run docs and commit ${COMPONENT_DOCS_DIR}/ and ${APPLICATION_DOCS_DIR}/\n`);
    return 1;
  }
  for (const path of changed) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), files.get(path)!);
  }
  for (const path of stale) rmSync(join(root, path));
  process.stdout.write(`wrote ${changed.length} and removed ${stale.length} of ${files.size} pages in ${COMPONENT_DOCS_DIR}/ and ${APPLICATION_DOCS_DIR}/\n`);
  return 0;
}

export const main = command('docs', docs);

runIfMain(import.meta.url, main);
