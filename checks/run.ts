/**
 * `npx tsx checks/run.ts [gitopsDir] [--schemas <dir>] [--prefix ./gitops] [--skip-schemas] [--json]`
 *
 * Runs {@link checkGitopsTree} and prints a summary table (rule, count) and every problem.
 * Exit codes: 0 no problems, 1 problems found, 2 usage error or the check could not run
 * (gitops dir or schema folder missing; `--skip-schemas` runs without schema validation).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RULES, checkGitopsTree, type TreeReport } from './gitops-tree';
import { command, runIfMain } from '../cli/run-cli';
import { withoutUpstreamSchema } from './no-upstream-schema';
import { getSchemaValidator, locateSchemaDir, schemaDirAvailable } from './schemas';

const USAGE = 'usage: npx tsx checks/run.ts [gitopsDir] [--schemas <dir>] [--prefix ./gitops] [--skip-schemas] [--json]\n';

/** Default tree: `gitops/` at the repository root (the parent of `checks/`). */
export function defaultGitopsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'gitops');
}

/** Human-readable report: summary table, then problems grouped by file. */
export function formatReport(report: TreeReport, displayDir: string): string {
  const counts = new Map<string, number>(RULES.map((r) => [r, 0]));
  for (const p of report.problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  const width = Math.max(...RULES.map((r) => r.length), 'rule'.length);
  const lines = [
    `gitops check of ${displayDir}: ${report.files} files, ${report.objects} objects, ` +
      `${report.kustomizePaths.filter((p) => p.built).length}/${report.kustomizePaths.length} Flux Kustomization paths built` +
      `${report.schemaValidation ? '' : ', schema validation SKIPPED'}, ${report.durationMs} ms`,
    '',
    `${'rule'.padEnd(width)}  count`,
    `${'-'.repeat(width)}  -----`,
    ...RULES.map((r) => `${r.padEnd(width)}  ${String(counts.get(r)).padStart(5)}`),
    `${'total'.padEnd(width)}  ${String(report.problems.length).padStart(5)}`,
  ];
  if (report.problems.length > 0) {
    lines.push('', 'problems:');
    for (const p of report.problems) {
      const where = `${join(displayDir, p.file)}${p.line !== undefined ? `:${p.line}` : ''}`;
      lines.push(`  ${where}  [${p.rule}]  ${p.object}`, `      ${p.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runChecks(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
  cwd: string = process.cwd(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        schemas: { type: 'string' },
        prefix: { type: 'string' },
        'skip-schemas': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`checks: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    err(`checks: expected at most one gitops dir, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const gitopsDir = resolve(cwd, positionals[0] ?? defaultGitopsDir());
  if (!existsSync(gitopsDir)) {
    err(`checks: gitops dir ${gitopsDir} does not exist\n`);
    return 2;
  }
  const schemaDir = locateSchemaDir(values.schemas);
  if (!values['skip-schemas'] && !schemaDirAvailable(schemaDir)) {
    err(`checks: schema folder ${schemaDir} not found (pass --schemas <dir>, or --skip-schemas to check without schemas)\n`);
    return 2;
  }
  const report = await checkGitopsTree(gitopsDir, {
    schemas: values['skip-schemas'] ? null : getSchemaValidator({ schemaDir }),
    // The same kinds `npm run check` lets through, each with its reason in no-upstream-schema.ts.
    allowMissingSchema: withoutUpstreamSchema,
    ...(values.prefix !== undefined ? { repoPathPrefix: values.prefix } : {}),
  });
  const displayDir = relative(cwd, gitopsDir) || '.';
  out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, displayDir));
  return report.problems.length > 0 ? 1 : 0;
}

/** `npm run check:manifests [-- <gitops dir>]` (cli/launch.mjs) and `tsx checks/run.ts` run this. */
export const main = command('checks', (argv, cwd) => runChecks(argv, undefined, undefined, cwd));

runIfMain(import.meta.url, main);
