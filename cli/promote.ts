import { parseArgs } from 'node:util';
import { formatProblems } from '../config/problems';
import { applyPromotion, formatPromotion, planPromotion, PromoteRefused } from './promote/plan';
import { command, runIfMain } from './run-cli';

const USAGE =
  'usage: npm run promote -- <from> <to> [--dry-run]\n' +
  "  writes the versions <from>'s clusters run (charts, applications, k3s, Kubernetes, tenant service images) into environments/<to>.yaml\n" +
  '  --dry-run   print the changes, write nothing\n';

/**
 * `npm run promote -- <from> <to>` (cli/promote/plan.ts does the work): edits environments/<to>.yaml
 * in place, comments and layout kept, and prints each changed pin. Exit codes: 0 done (or nothing
 * to do, or --dry-run), 1 invalid input or a result that does not validate (the file is left as it was), 2 internal error.
 */
async function promote(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`promote: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 2) {
    process.stderr.write(`promote: name two environments, <from> and <to>\n${USAGE}`);
    return 1;
  }
  const [from, to] = parsed.positionals as [string, string];
  const plan = planPromotion(root, from, to);
  process.stdout.write(formatPromotion(plan));
  if (parsed.values['dry-run'] || plan.changes.length === 0) return 0;
  const platform = applyPromotion(root, plan);
  if (platform.warnings.length > 0) process.stderr.write(`${formatProblems(platform.warnings).replace(/^/gm, 'warning: ')}\n`);
  process.stdout.write(`Wrote ${plan.file}. Review it (git diff ${plan.file}), then npm run synth and commit both.\n`);
  return 0;
}

export const main = command('promote', promote, {
  afterProblems: () => 'Nothing was promoted.\n',
  knownError: (error) => {
    if (!(error instanceof PromoteRefused)) return undefined;
    process.stderr.write(`promote: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
