/**
 * The chart cache: one folder of `<chart>-<version>.tgz` archives, one per chart a HelmRelease pins.
 * `npm run charts:pull` fills it from each release's real source (its HelmRepository URL or its
 * OCIRepository artifact) with helm; the render reads only from it, so rendering never touches the
 * network. The folder is `CHEAPK8S_CHART_CACHE` when set, else `.charts/` in the repository
 * (git-ignored). CI points it at the offline mirror of upstream charts beside the checkout.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from './types';

/** A chart as a HelmRelease pins it. */
export interface ChartRef {
  readonly name: string;
  readonly version: string;
  /** `https://charts.jetstack.io` (HelmRepository) or `oci://quay.io/jetstack/charts/cert-manager` (OCI artifact). */
  readonly source: string;
}

/** A chart the cache lacks; the message names chart, version, source and the command that fetches it. */
export class ChartMissingError extends Error {
  constructor(
    readonly chart: ChartRef,
    readonly cacheDir: string,
  ) {
    super(
      `chart ${chart.name} ${chart.version} (from ${chart.source}) is not in the chart cache ${cacheDir}: ` +
        `run \`npm run charts:pull\` (or \`${pullCommand(chart, cacheDir).join(' ')}\`), or point CHEAPK8S_CHART_CACHE at a folder that has ${archiveName(chart)}`,
    );
  }
}

export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** The cache folder: `override`, else CHEAPK8S_CHART_CACHE, else `<repo>/.charts`. */
export function chartCacheDir(override?: string, root: string = repoRoot()): string {
  if (override) return resolve(override);
  if (process.env.CHEAPK8S_CHART_CACHE) return resolve(process.env.CHEAPK8S_CHART_CACHE);
  return join(root, '.charts');
}

export function archiveName(chart: Pick<ChartRef, 'name' | 'version'>): string {
  return `${chart.name}-${chart.version}.tgz`;
}

/** The archive of `chart` in the cache, or a {@link ChartMissingError}. */
export function cachedChart(chart: ChartRef, cacheDir: string): string {
  const file = join(cacheDir, archiveName(chart));
  if (!existsSync(file)) throw new ChartMissingError(chart, cacheDir);
  return file;
}

/** The helm command that downloads `chart` into `cacheDir`. */
export function pullCommand(chart: ChartRef, cacheDir: string): string[] {
  if (chart.source.startsWith('oci://')) {
    const ref = chart.source.endsWith(`/${chart.name}`) ? chart.source : `${chart.source.replace(/\/$/, '')}/${chart.name}`;
    return ['helm', 'pull', ref, '--version', chart.version, '--destination', cacheDir];
  }
  return ['helm', 'pull', chart.name, '--repo', chart.source, '--version', chart.version, '--destination', cacheDir];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function find(objects: readonly JsonObject[], kind: string, name: string, namespace: string): JsonObject | undefined {
  return objects.find((o) => {
    const m = isObject(o.metadata) ? o.metadata : {};
    return o.kind === kind && String(o.apiVersion).startsWith('source.toolkit.fluxcd.io/') && m.name === name && (m.namespace ?? namespace) === namespace;
  });
}

/**
 * The chart a HelmRelease installs, looked up among the objects its cluster applies
 * (`spec.chart.spec` with a HelmRepository, or `spec.chartRef` to an OCIRepository).
 * Returns a message instead when the release names something that is not there.
 */
export function chartOfRelease(release: JsonObject, objects: readonly JsonObject[]): ChartRef | string {
  const m = isObject(release.metadata) ? release.metadata : {};
  const ns = String(m.namespace ?? 'default');
  const spec = isObject(release.spec) ? release.spec : {};
  const chartSpec = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
  if (chartSpec) {
    const ref = isObject(chartSpec.sourceRef) ? chartSpec.sourceRef : {};
    const refNs = typeof ref.namespace === 'string' ? ref.namespace : ns;
    const repo = find(objects, String(ref.kind), String(ref.name), refNs);
    if (!repo) return `spec.chart.spec.sourceRef ${String(ref.kind)} ${refNs}/${String(ref.name)} is not in the tree`;
    const url = String((repo.spec as JsonObject | undefined)?.url ?? '');
    return { name: String(chartSpec.chart), version: String(chartSpec.version ?? ''), source: url };
  }
  const chartRef = isObject(spec.chartRef) ? spec.chartRef : undefined;
  if (chartRef) {
    const refNs = typeof chartRef.namespace === 'string' ? chartRef.namespace : ns;
    const repo = find(objects, String(chartRef.kind), String(chartRef.name), refNs);
    if (!repo) return `spec.chartRef ${String(chartRef.kind)} ${refNs}/${String(chartRef.name)} is not in the tree`;
    const repoSpec = isObject(repo.spec) ? repo.spec : {};
    const url = String(repoSpec.url ?? '');
    const tag = isObject(repoSpec.ref) ? String(repoSpec.ref.tag ?? repoSpec.ref.semver ?? '') : '';
    return { name: url.split('/').pop() ?? '', version: tag, source: url };
  }
  return 'neither spec.chart nor spec.chartRef is set';
}

/** Downloads one chart into the cache with helm (network needed). */
export function pullChart(helm: string, chart: ChartRef, cacheDir: string): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const [, ...args] = pullCommand(chart, cacheDir);
  return new Promise((resolvePromise, reject) => {
    execFile(helm, args, { timeout: 300_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${pullCommand(chart, cacheDir).join(' ')} failed: ${(stderr || error.message).trim()}`));
      else resolvePromise();
    });
  });
}
