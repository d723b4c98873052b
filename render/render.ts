/**
 * The offline render of every cluster: what Flux and Helm would apply, object by object.
 *
 * For each cluster: build every Flux Kustomization of its folder (render/flux-build.ts) with the
 * cluster-settings ConfigMap filled with example values; for every HelmRelease found, take the
 * pinned chart from the chart cache (render/chart-cache.ts), merge its values as helm-controller
 * does and `helm template` it (render/helm-template.ts) with the cluster's Kubernetes version and the
 * API versions of every CRD the cluster's charts install. helm runs in parallel up to the core
 * count; kustomize builds and helm outputs are cached on disk by a hash of their inputs.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Cluster, Platform } from '../config/load';
import { STORAGE_CLASS } from '../config/cluster-settings';
import { listFiles } from '../cli/files';
import { cachedChart, ChartMissingError, chartCacheDir, chartOfRelease, repoRoot, type ChartRef } from './chart-cache';
import { buildFluxKustomizations, kustomizeBuild } from './flux-build';
import { helmReleaseName, helmTemplate, releaseValues } from './helm-template';
import type { RenderTools } from './tools';
import type { ClusterRender, FluxKustomizationStep, HelmReleaseStep, JsonObject, RenderedObject } from './types';

/** A problem of the render itself (a chart that cannot be had, helm or kustomize failing). */
export interface RenderProblem {
  readonly rule: 'render-chart-missing' | 'render-helm' | 'render-kustomize' | 'render-values';
  readonly cluster: string;
  /** `helm <ns>/<name>` or `ks <name>`. */
  readonly step: string;
  readonly message: string;
  /** The HelmRelease, for tracing a failure back to the config. */
  readonly release?: { readonly name: string; readonly namespace: string; readonly values: JsonObject };
  readonly chart?: ChartRef;
}

export interface RenderResult {
  readonly clusters: ClusterRender[];
  readonly problems: RenderProblem[];
  readonly stats: { readonly releases: number; readonly helmRuns: number; readonly fromCache: number; readonly objects: number; readonly ms: number };
  readonly tools: Pick<RenderTools, 'helmVersion' | 'helmSource'>;
  readonly chartCache: string;
  /**
   * Renders one release of the result again with other values (same chart, cluster and API
   * versions): the objects, or the error helm gave. For tracing a failure to the value behind it.
   */
  readonly rerender: (cluster: string, release: string, values: JsonObject) => Promise<{ objects: JsonObject[] } | { error: string }>;
}

export interface RenderOptions {
  readonly root: string;
  readonly platform: Platform;
  readonly tools: RenderTools;
  /** The gitops tree to render, a folder named `gitops` (Kustomization paths say `./gitops/...`); default `<root>/gitops`. */
  readonly gitopsDir?: string;
  /** Chart cache folder; default {@link chartCacheDir}. */
  readonly chartCache?: string;
  /** Render cache folder; default node_modules/.cache/render of this installation; null turns caching off. */
  readonly renderCache?: string | null;
  /** Parallel helm runs; default the core count. */
  readonly concurrency?: number;
  /** Only these clusters; default all. */
  readonly clusters?: readonly string[];
}

/** Custom resource API versions every cluster has: Flux's own, installed at bootstrap. */
export const FLUX_API_VERSIONS = [
  'source.toolkit.fluxcd.io/v1',
  'source.toolkit.fluxcd.io/v1beta2',
  'kustomize.toolkit.fluxcd.io/v1',
  'helm.toolkit.fluxcd.io/v2',
  'notification.toolkit.fluxcd.io/v1',
  'notification.toolkit.fluxcd.io/v1beta3',
  'image.toolkit.fluxcd.io/v1beta2',
];

/** ServiceAccounts `flux install` creates in flux-system (its default components). */
export const FLUX_CONTROLLER_ACCOUNTS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'];

/** Built-in kinds that are not namespaced (Kubernetes 1.34), for filling in chart objects' namespace. */
const CLUSTER_SCOPED_BUILT_INS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'VolumeAttributesClass', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration', 'ComponentStatus', 'DeviceClass', 'ResourceSlice', 'IPAddress', 'ServiceCIDR', 'ClusterTrustBundle',
  'StorageVersionMigration',
]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Kubernetes version a cluster runs: OKE's kubernetesVersion, or the k3s release's. */
export function clusterKubernetesVersion(cluster: Cluster): string {
  const k3s = (cluster as { vps?: { k3sVersion?: string } }).vps?.k3sVersion;
  const raw = cluster.provider === 'oci-oke' || !k3s ? String(cluster.kubernetesVersion) : k3s;
  return raw.replace(/^v/, '').replace(/\+.*$/, '');
}

/** Example values of the cluster-settings ConfigMap (documentation addresses and ids). */
export function exampleClusterSettings(cluster: Cluster): Record<string, string> {
  return {
    cluster_name: cluster.name,
    environment: cluster.environment,
    domain: cluster.domain,
    region: String((cluster as { region?: unknown }).region ?? 'example-region'),
    ingress_ip: '192.0.2.10',
    lb_subnet_id: 'ocid1.subnet.oc1..example',
    storage_class: STORAGE_CLASS[cluster.provider as keyof typeof STORAGE_CLASS] ?? 'standard',
  };
}

/** Rows of the two tables of a cluster's SECRETS.md: what exists before the first reconcile. */
export function secretsListed(markdown: string): { kind: string; namespace: string; name: string }[] {
  const out: { kind: string; namespace: string; name: string }[] = [];
  let section: 'hand' | 'git' | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) section = /by hand/i.test(line) ? 'hand' : /in git/i.test(line) ? 'git' : undefined;
    if (!section || !line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
    if (section === 'hand' && cells.length >= 3 && cells[0] !== 'namespace') out.push({ namespace: cells[0]!, kind: cells[1]!, name: cells[2]! });
    if (section === 'git' && cells.length >= 3 && cells[0] !== 'file') out.push({ namespace: cells[1]!, kind: 'Secret', name: cells[2]! });
  }
  return out;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/** API versions (`group/version`, `group/version/Kind`) of the CRDs among `objects`. */
function crdApiVersions(objects: readonly JsonObject[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !isObject(o.spec)) continue;
    const group = String(o.spec.group);
    const kind = isObject(o.spec.names) ? String(o.spec.names.kind) : '';
    for (const v of Array.isArray(o.spec.versions) ? o.spec.versions.filter(isObject) : []) {
      if (v.served === false) continue;
      out.add(`${group}/${String(v.name)}`);
      out.add(`${group}/${String(v.name)}/${kind}`);
    }
  }
  return [...out].sort();
}

function clusterScopedCustomKinds(objects: readonly JsonObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'CustomResourceDefinition' && isObject(o.spec) && o.spec.scope === 'Cluster' && isObject(o.spec.names)) out.add(`${String(o.spec.group)} ${String(o.spec.names.kind)}`);
  }
  return out;
}

function groupOf(apiVersion: unknown): string {
  const s = String(apiVersion);
  return s.includes('/') ? s.slice(0, s.indexOf('/')) : '';
}

interface PendingRelease {
  readonly object: JsonObject;
  readonly kustomization: string;
  readonly name: string;
  readonly namespace: string;
  readonly targetNamespace: string;
  readonly chart: ChartRef;
  readonly archive: string;
  readonly values: JsonObject;
  readonly releaseName: string;
}

const readsApiVersions = new Map<string, boolean>();

/** Whether any template of the chart archive asks `.Capabilities.APIVersions` (else one pass is enough). */
function chartReadsApiVersions(archive: string): boolean {
  let known = readsApiVersions.get(archive);
  if (known === undefined) {
    known = gunzipSync(readFileSync(archive)).includes('APIVersions');
    readsApiVersions.set(archive, known);
  }
  return known;
}

/** Hash of every file of the gitops tree: the key of cached kustomize builds. */
function treeHash(gitopsDir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(gitopsDir)) hash.update(file).update('\0').update(readFileSync(join(gitopsDir, file))).update('\0');
  return hash.digest('hex');
}

/** `kubectl kustomize`, its output cached by the content of the whole tree and the folder built. */
export function cachedKustomize(gitopsDir: string, kubectl: string, renderCache: string | undefined): (dir: string) => Promise<string> {
  if (!renderCache) return (dir) => kustomizeBuild(kubectl, dir);
  const tree = treeHash(gitopsDir);
  const cacheDir = join(renderCache, 'kustomize');
  return async (dir) => {
    const key = createHash('sha256').update(`${tree}\0${relative(gitopsDir, dir)}\0${kubectl}`).digest('hex');
    const file = join(cacheDir, `${key}.yaml`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    const out = await kustomizeBuild(kubectl, dir);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, out);
    renameSync(`${file}.${process.pid}.tmp`, file);
    return out;
  };
}

/** Renders every cluster of `platform` from the gitops tree. */
export async function renderClusters(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const root = options.root;
  const gitopsDir = options.gitopsDir ?? join(root, 'gitops');
  const chartCache = options.chartCache ?? chartCacheDir();
  const renderCache = options.renderCache === null ? undefined : (options.renderCache ?? join(repoRoot(), 'node_modules', '.cache', 'render'));
  const concurrency = options.concurrency ?? availableParallelism();
  const problems: RenderProblem[] = [];
  let helmRuns = 0;
  let fromCache = 0;

  const build = cachedKustomize(gitopsDir, options.tools.kubectl, renderCache);
  // Kustomization paths are written relative to the repository (`./gitops/clusters/x`), so a tree
  // elsewhere (check's scratch synth, `<scratch>/gitops`) is read from its parent folder.
  const treeRoot = dirname(gitopsDir);

  const wanted = options.clusters ? new Set(options.clusters) : undefined;
  const clusters = options.platform.clusters.filter((c) => !wanted || wanted.has(c.name));

  const perCluster = await Promise.all(
    clusters.map(async (cluster) => {
      const settings = exampleClusterSettings(cluster);
      const fluxBuild = await buildFluxKustomizations({
        kubectl: options.tools.kubectl,
        root: treeRoot,
        clusterPath: cluster.gitopsPath.replace(/^\.\//, ''),
        bootstrapData: new Map([['ConfigMap flux-system/cluster-settings', settings]]),
        build,
      });
      for (const error of fluxBuild.errors) problems.push({ rule: 'render-kustomize', cluster: cluster.name, step: 'kustomize', message: error });
      const all = fluxBuild.kustomizations.flatMap((k) => k.objects.map((o) => o.object));
      const pending: PendingRelease[] = [];
      for (const ks of fluxBuild.kustomizations) {
        for (const { object } of ks.objects) {
          if (object.kind !== 'HelmRelease' || groupOf(object.apiVersion) !== 'helm.toolkit.fluxcd.io') continue;
          const m = object.metadata as JsonObject;
          const name = String(m.name);
          const namespace = String(m.namespace ?? 'default');
          const step = `helm ${namespace}/${name}`;
          const spec = isObject(object.spec) ? object.spec : {};
          const chart = chartOfRelease(object, all);
          if (typeof chart === 'string') {
            problems.push({ rule: 'render-chart-missing', cluster: cluster.name, step, message: `HelmRelease ${namespace}/${name}: ${chart}` });
            continue;
          }
          let archive: string;
          try {
            archive = cachedChart(chart, chartCache);
          } catch (error) {
            if (!(error instanceof ChartMissingError)) throw error;
            problems.push({ rule: 'render-chart-missing', cluster: cluster.name, step, message: `HelmRelease ${namespace}/${name}: ${error.message}`, chart });
            continue;
          }
          const { values, problems: valueProblems } = releaseValues(object, all);
          for (const p of valueProblems) problems.push({ rule: 'render-values', cluster: cluster.name, step, message: `HelmRelease ${namespace}/${name}: ${p}` });
          const targetNamespace = typeof spec.targetNamespace === 'string' && spec.targetNamespace ? spec.targetNamespace : namespace;
          pending.push({ object, kustomization: ks.name, name, namespace, targetNamespace, chart, archive, values, releaseName: helmReleaseName(object) });
        }
      }
      return { cluster, fluxBuild, pending };
    }),
  );

  // Two passes: the first finds the CRDs each cluster's charts install; the second renders with
  // their API versions present, as they are once the cluster is up (charts emit ServiceMonitors,
  // Gateway API objects and the like only when `.Capabilities.APIVersions` has them).
  type Job = { cluster: string; kubeVersion: string; release: PendingRelease; apiVersions: string[] };
  /** `helm template` of a job's release with `values` (the release's own, or changed ones for blame). */
  const template = (job: Job, values: JsonObject) =>
    helmTemplate({
      helm: options.tools.helm,
      helmVersion: options.tools.helmVersion,
      chartArchive: job.release.archive,
      releaseName: job.release.releaseName,
      namespace: job.release.targetNamespace,
      kubeVersion: job.kubeVersion,
      apiVersions: job.apiVersions,
      values,
      ...(renderCache ? { cacheDir: join(renderCache, 'helm') } : {}),
    });
  const runJobs = async (jobs: Job[], report: boolean) =>
    mapLimit(jobs, concurrency, async (job) => {
      try {
        const result = await template(job, job.release.values);
        if (result.fromCache) fromCache++;
        else helmRuns++;
        return result.documents;
      } catch (error) {
        if (!report) return undefined;
        problems.push({
          rule: 'render-helm',
          cluster: job.cluster,
          step: `helm ${job.release.namespace}/${job.release.name}`,
          message: `HelmRelease ${job.release.namespace}/${job.release.name}: helm template of ${job.release.chart.name} ${job.release.chart.version} failed: ${(error as Error).message}`,
          release: { name: job.release.name, namespace: job.release.namespace, values: job.release.values },
          chart: job.release.chart,
        });
        return undefined;
      }
    });

  const firstJobs: Job[] = perCluster.flatMap(({ cluster, pending }) => pending.map((release) => ({ cluster: cluster.name, kubeVersion: clusterKubernetesVersion(cluster), release, apiVersions: FLUX_API_VERSIONS })));
  // First-pass failures are not reported: a chart may refuse to render until a CRD is present
  // (cilium's ServiceMonitor check), which the second pass provides.
  const first = await runJobs(firstJobs, false);
  const crdsByCluster = new Map<string, JsonObject[]>();
  firstJobs.forEach((job, i) => {
    const docs = first[i];
    if (!docs) return;
    crdsByCluster.set(job.cluster, [...(crdsByCluster.get(job.cluster) ?? []), ...docs.map((d) => d.object).filter((o) => o.kind === 'CustomResourceDefinition')]);
  });
  const again = firstJobs.map((job, i) => !first[i] || chartReadsApiVersions(job.release.archive));
  const secondJobs: Job[] = firstJobs
    .filter((_, i) => again[i])
    .map((job) => ({ ...job, apiVersions: [...FLUX_API_VERSIONS, ...crdApiVersions(crdsByCluster.get(job.cluster) ?? [])] }));
  const second = await runJobs(secondJobs, true);
  const outputs = new Map<PendingRelease, { object: JsonObject; source: string }[]>();
  firstJobs.forEach((job, i) => {
    if (!again[i] && first[i]) outputs.set(job.release, first[i]!);
  });
  secondJobs.forEach((job, i) => {
    const docs = second[i];
    if (docs) outputs.set(job.release, docs);
  });

  const rendered: ClusterRender[] = [];
  let objectCount = 0;
  for (const { cluster, fluxBuild, pending } of perCluster) {
    const crds = [...(crdsByCluster.get(cluster.name) ?? []), ...fluxBuild.kustomizations.flatMap((s) => s.objects.map((o) => o.object)).filter((o) => o.kind === 'CustomResourceDefinition')];
    const clusterScoped = clusterScopedCustomKinds(crds);
    const releases: HelmReleaseStep[] = pending.map((p) => {
      const spec = isObject(p.object.spec) ? p.object.spec : {};
      const install = isObject(spec.install) ? spec.install : {};
      const objects: RenderedObject[] = (outputs.get(p) ?? []).map(({ object, source }) => {
        const namespaced = !CLUSTER_SCOPED_BUILT_INS.has(String(object.kind)) && !clusterScoped.has(`${groupOf(object.apiVersion)} ${String(object.kind)}`);
        const meta = isObject(object.metadata) ? object.metadata : {};
        const withNamespace = namespaced && typeof meta.namespace !== 'string' ? { ...object, metadata: { ...meta, namespace: p.targetNamespace } } : object;
        return { object: withNamespace, origin: { file: `helm:${p.namespace}/${p.name} ${source}`, kustomization: p.kustomization, release: `${p.namespace}/${p.name}` } };
      });
      objectCount += objects.length;
      return {
        name: p.name,
        namespace: p.namespace,
        targetNamespace: p.targetNamespace,
        kustomization: p.kustomization,
        dependsOn: (Array.isArray(spec.dependsOn) ? spec.dependsOn.filter(isObject) : []).map((d) => ({ name: String(d.name), namespace: typeof d.namespace === 'string' ? d.namespace : p.namespace })),
        wait: install.disableWait !== true,
        chart: { name: p.chart.name, version: p.chart.version, source: p.chart.source },
        archive: p.archive,
        values: p.values,
        objects,
      };
    });
    const kustomizations: FluxKustomizationStep[] = fluxBuild.kustomizations;
    objectCount += kustomizations.reduce((n, s) => n + s.objects.length, 0);
    const secretsMd = join(gitopsDir, relative('gitops', cluster.gitopsPath.replace(/^\.\//, '')), 'SECRETS.md');
    const listed = existsSync(secretsMd) ? secretsListed(readFileSync(secretsMd, 'utf8')) : [];
    const storageClass = STORAGE_CLASS[cluster.provider as keyof typeof STORAGE_CLASS];
    rendered.push({
      cluster: cluster.name,
      kubernetesVersion: clusterKubernetesVersion(cluster),
      kustomizations,
      releases,
      bootstrapInputs: [
        { kind: 'Namespace', name: 'flux-system', why: 'flux install / flux bootstrap' },
        ...FLUX_API_VERSIONS.map((apiVersion) => ({ apiVersion, kind: '*', why: 'Flux CRDs, installed by flux install' })),
        // The controllers' accounts: flux-system/gotk-components.yaml keeps their Deployments (for the lockdown patches), flux install the rest.
        ...FLUX_CONTROLLER_ACCOUNTS.map((name) => ({ kind: 'ServiceAccount', namespace: 'flux-system', name, why: 'flux install' })),
        ...listed.map((s) => ({ kind: s.kind, namespace: s.namespace, name: s.name, why: `SECRETS.md of ${cluster.name}` })),
        ...(storageClass ? [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: storageClass, why: `the ${cluster.provider} CSI driver the cluster stack installs` }] : []),
        ...(cluster.provider === 'oci-oke' ? [] : [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'local-path', why: 'k3s local-path provisioner' }]),
        // Cilium's CRDs come from cilium-operator when it starts (the chart ships none); on k3s the
        // first server installs Cilium before Flux runs (constructs/vps/cloud-init.ts).
        ...(cluster.components?.cilium?.enabled ? [{ kind: 'CustomResourceDefinition', name: 'ciliumclusterwidenetworkpolicies.cilium.io', why: 'cilium-operator registers Cilium\'s CRDs; k3s installs Cilium at bootstrap' }] : []),
      ],
    });
  }
  const jobsByRelease = new Map([...firstJobs, ...secondJobs].map((job) => [`${job.cluster} ${job.release.namespace}/${job.release.name}`, job]));
  const rerender = async (cluster: string, release: string, values: JsonObject) => {
    const job = jobsByRelease.get(`${cluster} ${release}`);
    if (!job) return { error: `no release ${release} in cluster ${cluster}` };
    try {
      const result = await template(job, values);
      return { objects: result.documents.map((d) => d.object) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return {
    rerender,
    clusters: rendered,
    problems,
    stats: { releases: perCluster.reduce((n, c) => n + c.pending.length, 0), helmRuns, fromCache, objects: objectCount, ms: Math.round(performance.now() - started) },
    tools: { helmVersion: options.tools.helmVersion, helmSource: options.tools.helmSource },
    chartCache,
  };
}

/** Every chart the clusters' HelmReleases pin (deduplicated, sorted), from the gitops tree. */
export async function pinnedCharts(options: Pick<RenderOptions, 'root' | 'platform' | 'gitopsDir'> & { kubectl: string }): Promise<{ charts: ChartRef[]; problems: string[] }> {
  const gitopsDir = options.gitopsDir ?? join(options.root, 'gitops');
  const build = cachedKustomize(gitopsDir, options.kubectl, join(repoRoot(), 'node_modules', '.cache', 'render'));
  const byKey = new Map<string, ChartRef>();
  const problems: string[] = [];
  for (const cluster of options.platform.clusters) {
    const built = await buildFluxKustomizations({
      kubectl: options.kubectl,
      root: dirname(gitopsDir),
      clusterPath: cluster.gitopsPath.replace(/^\.\//, ''),
      bootstrapData: new Map([['ConfigMap flux-system/cluster-settings', exampleClusterSettings(cluster)]]),
      build,
    });
    problems.push(...built.errors);
    const all = built.kustomizations.flatMap((k) => k.objects.map((o) => o.object));
    for (const object of all) {
      if (object.kind !== 'HelmRelease' || groupOf(object.apiVersion) !== 'helm.toolkit.fluxcd.io') continue;
      const chart = chartOfRelease(object, all);
      if (typeof chart === 'string') problems.push(`${cluster.name}: HelmRelease ${String((object.metadata as JsonObject).namespace)}/${String((object.metadata as JsonObject).name)}: ${chart}`);
      else byKey.set(`${chart.name}-${chart.version}\0${chart.source}`, chart);
    }
  }
  return { charts: [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)), problems };
}
