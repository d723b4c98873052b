/**
 * `npm run charts:pull -- [--charts <dir>] [--dry-run]`
 *
 * Fills the chart cache (render/chart-cache.ts: CHEAPK8S_CHART_CACHE, else .charts/) with every
 * chart the clusters' HelmReleases pin, from each release's real source (its HelmRepository URL or
 * OCI artifact) with helm. Charts already there are kept. `--dry-run` lists what is missing and the
 * command that fetches each.
 *
 * Exit codes: 0 the cache holds every pinned chart, 1 a chart could not be fetched (or bad
 * arguments), 2 internal error.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlatform } from '../config/load';
import { archiveName, chartCacheDir, pullChart, pullCommand } from '../render/chart-cache';
import { pinnedCharts } from '../render/render';
import { renderTools, ToolsError } from '../render/tools';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run charts:pull -- [--charts <dir>] [--dry-run]\n';

async function chartsPull(argv: string[], cwd: string): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { charts: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`charts:pull: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const root = resolve(cwd);
  const cacheDir = chartCacheDir(args.charts, root);
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const tools = await renderTools();
  const { charts, problems } = await pinnedCharts({ root, platform, kubectl: tools.kubectl });
  for (const p of problems) process.stderr.write(`charts:pull: ${p}\n`);
  const missing = charts.filter((c) => !existsSync(join(cacheDir, archiveName(c))));
  process.stdout.write(`${charts.length} pinned charts, ${charts.length - missing.length} in ${cacheDir}, ${missing.length} missing\n`);
  let failed = problems.length > 0;
  for (const chart of missing) {
    if (args['dry-run']) {
      process.stdout.write(`  missing ${archiveName(chart)}: ${pullCommand(chart, cacheDir).join(' ')}\n`);
      continue;
    }
    try {
      await pullChart(tools.helm, chart, cacheDir);
      if (!existsSync(join(cacheDir, archiveName(chart)))) throw new Error(`helm pull wrote no ${archiveName(chart)} (does the chart's own version differ from the pin?)`);
      process.stdout.write(`  pulled ${archiveName(chart)} from ${chart.source}\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`  could not pull ${chart.name} ${chart.version} from ${chart.source}: ${(error as Error).message}\n`);
    }
  }
  return failed || (args['dry-run'] && missing.length > 0) ? 1 : 0;
}

export const main = command('charts:pull', chartsPull, {
  knownError: (error) => {
    if (!(error instanceof ToolsError)) return undefined;
    process.stderr.write(`charts:pull: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
