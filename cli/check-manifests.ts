/**
 * `npm run check:manifests [-- <gitops dir>] [--prefix ./gitops] [--charts <dir>] [--waivers <file>] [--json]`
 *
 * The fast, tree-only check of a gitops tree as it is on disk (by default the committed gitops/):
 * nothing is synthesized or rendered. It runs the gitops tree rules of the policy layer
 * (policy/manifests.ts: YAML, strict schemas with the validator of `npm run check`, plaintext
 * Secrets, Flux API versions, pins, `kubectl kustomize` of every Flux Kustomization path) and prints
 * their findings in the format `npm run check` prints (policy/report.ts), waivers of the tree rules
 * in policy/waivers.yaml applied.
 *
 * Exit codes: 0 no unwaived error finding, 1 findings (or a usage error), 2 the check could not run
 * (the gitops dir is missing, or an internal error).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { command, runIfMain } from './run-cli';
import { isFailure, parseWaivers, type Finding } from '../policy/index';
import { checkManifests } from '../policy/manifests';
import { findingSections, summaryTable, verdict } from '../policy/report';
import { RULES, type RuleId } from '../policy/rules';
import { chartCacheDir } from '../render/chart-cache';

const USAGE = 'usage: npm run check:manifests -- [gitopsDir] [--prefix ./gitops] [--charts <dir>] [--waivers <file>] [--json]\n';

/** The repository root (the parent of `cli/`). */
function repoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

/** Default tree: `gitops/` at the repository root. */
export function defaultGitopsDir(): string {
  return join(repoRoot(), 'gitops');
}

/** Runs the command with `argv` (without node and script); returns the exit code. */
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
        prefix: { type: 'string' },
        charts: { type: 'string' },
        waivers: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`check:manifests: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    err(`check:manifests: expected at most one gitops dir, got ${positionals.length}\n${USAGE}`);
    return 1;
  }
  const gitopsDir = resolve(cwd, positionals[0] ?? defaultGitopsDir());
  if (!existsSync(gitopsDir)) {
    err(`check:manifests: gitops dir ${gitopsDir} does not exist; nothing was checked\n`);
    return 2;
  }
  const waiversFile = values.waivers !== undefined ? resolve(cwd, values.waivers) : join(repoRoot(), 'policy', 'waivers.yaml');
  const shownWaivers = relative(cwd, waiversFile) || waiversFile;
  const waivers = existsSync(waiversFile) ? parseWaivers(readFileSync(waiversFile, 'utf8'), shownWaivers) : { waivers: [], problems: [] };
  const displayDir = relative(cwd, gitopsDir) || '.';
  const chartCache = chartCacheDir(values.charts === undefined ? undefined : resolve(cwd, values.charts), repoRoot());
  const { report, findings: treeFindings, charts } = await checkManifests(gitopsDir, {
    chartCache,
    displayDir,
    waivers: waivers.waivers,
    waiversFile: shownWaivers,
    ...(values.prefix !== undefined ? { tree: { repoPathPrefix: values.prefix } } : {}),
  });
  const findings: Finding[] = [...waivers.problems.map((p) => ({ ...p, severity: 'error' as const })), ...treeFindings];
  const failed = findings.some(isFailure);
  if (values.json) {
    out(`${JSON.stringify({ ok: !failed, findings, kustomizePaths: report.kustomizePaths, externalKustomizations: report.externalKustomizations }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const built = report.kustomizePaths.filter((p) => p.built).length;
  const lines = [
    `manifest check of ${displayDir}/ (no synth, no render): ${report.files} files, ${report.objects} objects, ${built}/${report.kustomizePaths.length} Flux Kustomization paths built, CRDs of ${charts} pinned chart versions from ${chartCache}`,
    '',
    summaryTable(findings, (rule) => RULES[rule as RuleId].area === 'gitops-tree' || findings.some((f) => f.rule === rule)),
    '',
    ...findingSections(findings),
    `${verdict(findings)} (${report.durationMs} ms)`,
  ];
  out(`${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}

/** `npm run check:manifests` (cli/launch.mjs) and `tsx cli/check-manifests.ts` run this. */
export const main = command('check:manifests', (argv, cwd) => runChecks(argv, undefined, undefined, cwd));

runIfMain(import.meta.url, main);
