import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, formatProblems } from '../config/problems';
import { COMPONENT_DOCS_DIR, generateDocs } from './docs/generate';

/**
 * `npm run docs [-- --check]`: writes docs/components/ from the component catalogue, the rules and
 * environments/defaults.yaml; --check only reports pages that differ.
 * Exit codes: 0 up to date (or written), 1 differs (--check) or invalid environments, 2 internal error.
 */
function main(): number {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } }, strict: true });
  const root = process.cwd();
  const files = generateDocs(root);
  const dir = join(root, COMPONENT_DOCS_DIR);
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${COMPONENT_DOCS_DIR}/${f}`) : [];
  const stale = present.filter((f) => !files.has(f));
  const changed = [...files].filter(([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== content).map(([p]) => p);
  if (values.check) {
    if (changed.length === 0 && stale.length === 0) {
      process.stdout.write(`${COMPONENT_DOCS_DIR}/ is up to date\n`);
      return 0;
    }
    process.stderr.write(`${[...changed.map((f) => `differs  ${f}`), ...stale.map((f) => `extra    ${f}`)].join('\n')}\nrun npm run docs and commit ${COMPONENT_DOCS_DIR}/\n`);
    return 1;
  }
  for (const path of changed) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), files.get(path)!);
  }
  for (const path of stale) rmSync(join(root, path));
  process.stdout.write(`wrote ${changed.length} and removed ${stale.length} of ${files.size} pages in ${COMPONENT_DOCS_DIR}/\n`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${formatProblems(error.problems)}\n`);
    process.exit(1);
  }
  process.stderr.write(`docs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
}
