/**
 * `npm run render -- [--cluster <name>]... [--out <dir>] [--charts <dir>] [--helm bundled|path] [--no-cache] [--json]`
 *
 * Renders the committed gitops/ tree offline as Flux and Helm would apply it (render/render.ts):
 * every Flux Kustomization built, every HelmRelease templated from the chart cache. Prints what was
 * rendered and every problem of the render itself (missing charts, helm or kustomize errors);
 * `--out` writes each object to a file. The judges over the result run in `npm run check`.
 *
 * Exit codes: 0 rendered, 1 a problem (or bad arguments, or invalid environments), 2 internal error.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlatform } from '../config/load';
import { chartCacheDir } from '../render/chart-cache';
import { renderClusters } from '../render/render';
import { renderTools, ToolsError } from '../render/tools';
import { writeRender } from '../render/write';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run render -- [--cluster <name>]... [--out <dir>] [--charts <dir>] [--helm bundled|path] [--no-cache] [--json]\n';

async function render(argv: string[], cwd: string): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        cluster: { type: 'string', multiple: true },
        out: { type: 'string' },
        charts: { type: 'string' },
        helm: { type: 'string' },
        'no-cache': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`render: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.helm !== undefined && args.helm !== 'bundled' && args.helm !== 'path') {
    process.stderr.write(`render: --helm must be bundled or path, not ${JSON.stringify(args.helm)}\n${USAGE}`);
    return 1;
  }
  const root = resolve(cwd);
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const unknown = (args.cluster ?? []).filter((c) => !platform.clusters.some((k) => k.name === c));
  if (unknown.length > 0) {
    process.stderr.write(`render: unknown cluster ${unknown.join(', ')}; clusters: ${platform.clusters.map((c) => c.name).join(', ')}\n`);
    return 1;
  }
  const tools = await renderTools(args.helm ? { helm: args.helm as 'bundled' | 'path' } : {});
  const result = await renderClusters({
    root,
    platform,
    tools,
    chartCache: chartCacheDir(args.charts, root),
    ...(args['no-cache'] ? { renderCache: null } : {}),
    ...(args.cluster ? { clusters: args.cluster } : {}),
  });
  const files = args.out ? writeRender(resolve(cwd, args.out), result.clusters) : 0;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ok: result.problems.length === 0, stats: result.stats, problems: result.problems.map(({ release: _r, ...p }) => p), helm: result.tools }, null, 2)}\n`);
    return result.problems.length > 0 ? 1 : 0;
  }
  const lines = [
    `render with helm ${result.tools.helmVersion} from ${result.tools.helmSource}; charts from ${result.chartCache}`,
    ...result.clusters.map(
      (c) =>
        `  ${c.cluster} (Kubernetes ${c.kubernetesVersion}): ${c.kustomizations.length} Flux Kustomizations, ${c.releases.length} HelmReleases, ` +
        `${c.kustomizations.reduce((n, k) => n + k.objects.length, 0) + c.releases.reduce((n, r) => n + r.objects.length, 0)} objects`,
    ),
    `${result.stats.releases} releases, ${result.stats.objects} objects, helm ran ${result.stats.helmRuns} times (${result.stats.fromCache} from cache), ${(result.stats.ms / 1000).toFixed(1)} s`,
  ];
  if (args.out) lines.push(`wrote ${files} files to ${args.out}`);
  if (result.problems.length > 0) {
    lines.push('', `problems (${result.problems.length}):`, ...result.problems.map((p) => `  [${p.rule}] ${p.cluster}: ${p.message}`));
  }
  (result.problems.length > 0 ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
  return result.problems.length > 0 ? 1 : 0;
}

export const main = command('render', render, {
  knownError: (error) => {
    if (!(error instanceof ToolsError)) return undefined;
    process.stderr.write(`render: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
