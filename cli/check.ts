/**
 * `npm run check [-- --from-disk] [--no-tree] [--no-render] [--charts <dir>] [--helm bundled|path] [--waivers <file>] [--json] [--rules] [--volume-backups]`
 *
 * 1. synthesizes the environments into a temporary folder with the same code as `npm run synth`
 *    (your cdktf.out/ and gitops/ are not touched; `--from-disk` checks them instead);
 * 2. renders every cluster offline (render/: every Flux Kustomization built, every HelmRelease
 *    helm-templated from the chart cache) unless `--no-render`;
 * 3. runs the policy pack (policy/) over the stacks, the gitops tree and the render (strict schemas,
 *    Pod Security, bootstrap order, image tags, unread values), applying policy/waivers.yaml;
 * 4. unless `--no-tree`: the gitops tree rules (`tree-*`, policy/gitops-tree.ts through
 *    policy/manifests.ts: YAML, plaintext Secrets, Flux API versions, pins, `kubectl kustomize` of every
 *    Flux Kustomization path; not their schema rules, which the render's render-schema covers);
 * 5. prints a summary table (rule, severity, count, waived) and every finding.
 *
 * `--volume-backups` stops after the render and prints, per cluster, every claim volume a rendered
 * workload mounts and what backs it up (policy/volume-backup.ts volumeBackupInventory).
 *
 * Exit codes: 0 nothing failed (warnings and waived findings allowed), 1 an unwaived error finding
 * (gitops tree rules included) or invalid input, 2 internal error.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlatform, type Platform } from '../config/load';
import { checkGitopsTree } from '../policy/gitops-tree';
import { isFailure, parseWaivers, RULES, runPolicies, summarize, type Finding } from '../policy/index';
import { treeFinding, withSeverity } from '../policy/manifests';
import { findingSections, summaryTable, table, verdict } from '../policy/report';
import { applyWaivers } from '../policy/waivers';
import type { RawFinding } from '../policy/types';
import { exposureContexts } from '../policy/exposure';
import { judgeRender } from '../policy/render-rules';
import { volumeBackupInventory } from '../policy/volume-backup';
import { configValues } from '../render/provenance';
import { chartCacheDir } from '../render/chart-cache';
import { renderClusters, type RenderResult } from '../render/render';
import { renderTools, ToolsError } from '../render/tools';
import { readFiles } from './files';
import { LOCK_FILE_NAME } from './provider-locks';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run check -- [--from-disk] [--no-tree] [--no-render] [--charts <dir>] [--helm bundled|path] [--waivers <file>] [--json] [--rules] [--volume-backups]\n';

/** Every stack's cdk.tf.json (parsed) and, where synth put one, its provider lock file (text). */
function readStacks(outdir: string): { stacks: Map<string, unknown>; locks: Map<string, string> } {
  const stacks = new Map<string, unknown>();
  const locks = new Map<string, string>();
  const dir = join(outdir, 'stacks');
  if (!existsSync(dir)) return { stacks, locks };
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'cdk.tf.json');
    if (existsSync(file)) stacks.set(name, JSON.parse(readFileSync(file, 'utf8')) as unknown);
    const lock = join(dir, name, LOCK_FILE_NAME);
    if (existsSync(lock)) locks.set(name, readFileSync(lock, 'utf8'));
  }
  return { stacks, locks };
}

async function check(argv: string[], root: string): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        'from-disk': { type: 'boolean' },
        'no-tree': { type: 'boolean' },
        'no-render': { type: 'boolean' },
        charts: { type: 'string' },
        helm: { type: 'string' },
        waivers: { type: 'string' },
        json: { type: 'boolean' },
        rules: { type: 'boolean' },
        'volume-backups': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`check: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.rules) {
    const width = Math.max(...Object.keys(RULES).map((id) => id.length));
    for (const [id, r] of Object.entries(RULES)) process.stdout.write(`${id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.checks}\n`);
    return 0;
  }
  if (args['volume-backups'] && args['no-render']) {
    process.stderr.write(`check: --volume-backups lists what the render mounts; it cannot go with --no-render\n${USAGE}`);
    return 1;
  }

  const started = performance.now();
  const waiversFile = args.waivers ? resolve(root, args.waivers) : join(root, 'policy', 'waivers.yaml');
  const waivers = existsSync(waiversFile) ? parseWaivers(readFileSync(waiversFile, 'utf8'), relative(root, waiversFile)) : { waivers: [], externalSecrets: [], problems: [] };

  let platform: Platform;
  let stacks: Map<string, unknown>;
  let locks: Map<string, string>;
  let gitops: Map<string, string>;
  let gitopsDir: string;
  let scratch: string | undefined;
  try {
    if (args['from-disk']) {
      platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
      if (!existsSync(join(root, 'cdktf.out')) || !existsSync(join(root, 'gitops'))) {
        process.stderr.write('check: --from-disk needs cdktf.out/ and gitops/; run npm run synth first\n');
        return 1;
      }
      ({ stacks, locks } = readStacks(join(root, 'cdktf.out')));
      gitopsDir = join(root, 'gitops');
    } else {
      scratch = mkdtempSync(join(tmpdir(), 'check-'));
      // Loaded only here: synth pulls in cdktf, cdk8s and the provider bindings, which --from-disk and --rules do not need.
      const { synthesize } = await import('./synthesize');
      await synthesize({ root, outdir: join(scratch, 'cdktf.out'), gitopsDir: join(scratch, 'gitops') });
      platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
      ({ stacks, locks } = readStacks(join(scratch, 'cdktf.out')));
      gitopsDir = join(scratch, 'gitops');
    }
    gitops = readFiles(gitopsDir);
    const synthMs = Math.round(performance.now() - started);

    const renderStarted = performance.now();
    let rendered: RenderResult | undefined;
    let renderJudged: RawFinding[] | undefined;
    if (!args['no-render']) {
      if (args.helm !== undefined && args.helm !== 'bundled' && args.helm !== 'path') {
        process.stderr.write(`check: --helm must be bundled or path, not ${JSON.stringify(args.helm)}\n${USAGE}`);
        return 1;
      }
      const tools = await renderTools(args.helm ? { helm: args.helm as 'bundled' | 'path' } : {});
      rendered = await renderClusters({ root, platform, tools, gitopsDir, chartCache: chartCacheDir(args.charts, root) });
      if (args['volume-backups']) {
        const rows = rendered.clusters.flatMap((c) => volumeBackupInventory(c)).map((r) => [r.cluster, r.workload, r.volume, r.source, r.backup]);
        process.stdout.write(`${table([['cluster', 'workload', 'volume', 'from', 'backed up by'], ...rows], Infinity)}\n`);
        return 0;
      }
      renderJudged = await judgeRender(rendered, {
        configValues: configValues(join(root, 'environments'), root),
        environments: new Map(platform.clusters.map((c) => [c.name, c.environment])),
        exposure: exposureContexts(platform),
      });
    }
    const renderMs = Math.round(performance.now() - renderStarted);

    const policyStarted = performance.now();
    // The tree rules' waivers go to the tree findings below (policy/manifests.ts), the others to the pack.
    const isTreeRule = (rule: string) => RULES[rule as keyof typeof RULES]?.area === 'gitops-tree';
    const findings: Finding[] = [
      ...waivers.problems.map((p) => ({ ...p, severity: 'error' as const })),
      ...runPolicies({ stacks, locks, gitops, platform, waivers: waivers.waivers.filter((w) => !isTreeRule(w.rule)), externalSecrets: waivers.externalSecrets, ...(renderJudged ? { renderFindings: renderJudged } : {}) }),
    ];
    const policyMs = Math.round(performance.now() - policyStarted);

    // npm run check:manifests only: the render's render-schema judges every object here.
    const schemaRules = new Set(['tree-schema', 'tree-no-schema', 'tree-chart-missing']);
    let tree: { note: string } | undefined;
    const treeStarted = performance.now();
    if (!args['no-tree']) {
      // Schemas are the render's job here (render-schema: Kubernetes 1.34 and the CRDs the charts install),
      // so the tree's schema rules do not run, and their waivers are not expected to match.
      const report = await checkGitopsTree(gitopsDir, { schemas: null, repoPathPrefix: './gitops' });
      const built = report.kustomizePaths.filter((p) => p.built).length;
      const treeWaivers = waivers.waivers.filter((w) => isTreeRule(w.rule) && !schemaRules.has(w.rule));
      findings.push(...applyWaivers(report.problems.map((p) => withSeverity(treeFinding(p))), treeWaivers, relative(root, waiversFile)));
      tree = { note: `${report.files} files, ${built}/${report.kustomizePaths.length} Flux Kustomization paths built` };
    }
    const treeMs = Math.round(performance.now() - treeStarted);

    const failed = findings.some(isFailure);
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ok: !failed, findings, summary: summarize(findings) }, null, 2)}\n`);
      return failed ? 1 : 0;
    }

    const out: string[] = [
      `policy check of ${args['from-disk'] ? 'cdktf.out/ and gitops/ on disk' : 'a fresh synth (cdktf.out/ and gitops/ untouched)'}: ${stacks.size} stacks, ${gitops.size} gitops files`,
      '',
      summaryTable(findings, (rule) => !schemaRules.has(rule) && (tree !== undefined || !isTreeRule(rule))),
      '',
    ];
    out.push(...findingSections(findings));
    const renderNote = rendered
      ? `render: ${rendered.clusters.length} clusters, ${rendered.stats.releases} HelmReleases, ${rendered.stats.objects} objects (helm ${rendered.tools.helmVersion} from ${rendered.tools.helmSource}, ${rendered.stats.helmRuns} helm runs, ${rendered.stats.fromCache} from cache; charts from ${rendered.chartCache})`
      : 'render SKIPPED (--no-render): no schema, Pod Security, bootstrap or values checks ran';
    out.push(
      `${verdict(findings)}${tree ? `, gitops tree: ${tree.note}` : ', gitops tree checks skipped (--no-tree)'}`,
      renderNote,
      `timing: ${args['from-disk'] ? 'read' : 'synth'} ${synthMs} ms, render ${renderMs} ms, policies ${policyMs} ms${tree ? `, gitops tree ${treeMs} ms` : ''}`,
    );
    (failed ? process.stderr : process.stdout).write(`${out.join('\n')}\n`);
    return failed ? 1 : 0;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

export const main = command('check', check, {
  afterProblems: (error) => `${error.message}; nothing was checked.\n`,
  knownError: (error) => {
    if (!(error instanceof ToolsError)) return undefined;
    process.stderr.write(`check: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
