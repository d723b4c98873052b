/**
 * What the clusters would receive, compared: each side's gitops tree rendered offline (render/:
 * every HelmRelease helm-templated from the chart cache) and the chart output compared object by
 * object, field by field, per HelmRelease. A chart bump or a values change thus shows which
 * Deployments, CRDs and RBAC objects change, not only the HelmRelease that pins them. Plain
 * manifests are left to the gitops diff (they are files of the tree).
 */
import type { Platform } from '../../config/load';
import { chartCacheDir } from '../../render/chart-cache';
import { renderClusters, type RenderResult } from '../../render/render';
import { renderTools, ToolsError, type RenderTools } from '../../render/tools';
import type { JsonObject } from '../../render/types';
import { idKey } from './manifests';
import { replaceReason, KUBERNETES_IMMUTABLE_RULES } from './replace-rules';
import type { ChangeStatus, Counts, ObjectDiff, ObjectId, PlatformOutline, RenderedReleaseDiff } from './types';
import { diffValues } from './values';

/** The render of one side, or why there is none. */
export type SideRender = { readonly result: RenderResult } | { readonly skipped: string };

/** Renders one side's tree; a missing tool is a reason, not a failure (the diff still runs). */
export async function renderSide(root: string, gitopsDir: string, platform: unknown, tools?: RenderTools): Promise<SideRender> {
  try {
    const chosen = tools ?? (await renderTools());
    const result = await renderClusters({ root, platform: platform as Platform, tools: chosen, gitopsDir, chartCache: chartCacheDir() });
    return { result };
  } catch (error) {
    if (error instanceof ToolsError) return { skipped: error.message };
    return { skipped: `render failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

function objectId(object: JsonObject): ObjectId {
  const meta = (object.metadata ?? {}) as JsonObject;
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    name: String(meta.name),
  };
}

interface ReleaseSide {
  readonly chart: string;
  readonly objects: Map<string, { object: JsonObject; file: string }>;
  /** Why this side has no output for the release (its chart could not be rendered). */
  readonly unrendered?: string;
}

function releasesOf(result: RenderResult | undefined): Map<string, ReleaseSide> {
  const out = new Map<string, ReleaseSide>();
  if (!result) return out;
  for (const cluster of result.clusters) {
    for (const release of cluster.releases) {
      const objects = new Map<string, { object: JsonObject; file: string }>();
      for (const r of release.objects) objects.set(idKey(objectId(r.object)), { object: r.object, file: r.origin.file.replace(/^helm:\S+ /, '') });
      out.set(`${cluster.cluster}\0${release.namespace}/${release.name}`, { chart: `${release.chart.name} ${release.chart.version}`, objects });
    }
    for (const p of result.problems) {
      const m = /^helm (.+)$/.exec(p.step);
      if (!m || !(p.rule === 'render-chart-missing' || p.rule === 'render-helm')) continue;
      const key = `${p.cluster}\0${m[1]}`;
      if (!out.has(key)) out.set(key, { chart: p.chart ? `${p.chart.name} ${p.chart.version}` : '?', objects: new Map(), unrendered: p.rule === 'render-chart-missing' ? 'chart not in the cache' : 'helm template failed' });
    }
  }
  return out;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount']);

/** How a kind is grouped in the one-line summary: workloads, CRDs, RBAC, the rest. */
export function kindGroup(kind: string): string {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(kind)) return kind;
  if (kind === 'CustomResourceDefinition') return 'CRD';
  if (RBAC_KINDS.has(kind)) return 'RBAC';
  return 'other';
}

/** Compares the chart output of every HelmRelease on both sides. */
export function diffRendered(base: RenderResult | undefined, head: RenderResult, outlines: { base: PlatformOutline; head: PlatformOutline }): RenderedReleaseDiff[] {
  const before = releasesOf(base);
  const after = releasesOf(head);
  const environmentOf = (cluster: string) => outlines.head.clusters.find((c) => c.name === cluster)?.environment ?? outlines.base.clusters.find((c) => c.name === cluster)?.environment ?? null;
  const diffs: RenderedReleaseDiff[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [cluster, release] = key.split('\0') as [string, string];
    const a = before.get(key);
    const b = after.get(key);
    const status: ChangeStatus = !a ? 'added' : !b ? 'removed' : 'changed';
    const objects: ObjectDiff[] = [];
    const ids = [...new Set([...(a?.objects.keys() ?? []), ...(b?.objects.keys() ?? [])])].sort();
    for (const id of ids) {
      const x = a?.objects.get(id);
      const y = b?.objects.get(id);
      const object = (y ?? x)!;
      if (x && y) {
        const changes = diffValues(x.object, y.object, { matchByName: true });
        if (changes.length === 0) continue;
        const rules = KUBERNETES_IMMUTABLE_RULES[String(y.object.kind)] ?? [];
        const marked = changes.map((c) => {
          const reason = replaceReason(rules, c.path);
          return reason ? { ...c, likelyReplace: reason } : c;
        });
        objects.push({ type: 'object', id: objectId(y.object), status: 'changed', file: y.file, changes: marked, likelyReplace: marked.some((c) => c.likelyReplace) });
      } else {
        objects.push({ type: 'object', id: objectId(object.object), status: x ? 'removed' : 'added', file: object.file, changes: [], likelyReplace: false });
      }
    }
    const chartChanged = a && b && a.chart !== b.chart;
    // Neither side could render the same chart: nothing to compare, and nothing changed.
    if (a?.unrendered && b?.unrendered && !chartChanged) continue;
    const unrendered = a?.unrendered ? `base: ${a.unrendered}` : b?.unrendered ? `head: ${b.unrendered}` : undefined;
    if (status === 'changed' && objects.length === 0 && !chartChanged && !unrendered) continue;
    const kinds: Record<string, Counts> = {};
    for (const o of objects) {
      const group = kindGroup(o.id.kind);
      kinds[group] ??= { added: 0, removed: 0, changed: 0 };
      kinds[group][o.status]++;
    }
    diffs.push({
      cluster,
      environment: environmentOf(cluster),
      release,
      status,
      chart: { ...(a ? { before: a.chart } : {}), ...(b ? { after: b.chart } : {}) },
      objects,
      kinds,
      ...(unrendered ? { unrendered } : {}),
    });
  }
  return diffs;
}

/** `Deployment ~1, CRD +2 ~3, RBAC −1`: the one-line summary of a release's changes. */
export function kindsText(kinds: Readonly<Record<string, Counts>>): string {
  const order = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'CRD', 'RBAC', 'other'];
  return Object.entries(kinds)
    .sort(([x], [y]) => order.indexOf(x) - order.indexOf(y))
    .map(([group, c]) => `${group} ${[c.added && `+${c.added}`, c.removed && `−${c.removed}`, c.changed && `~${c.changed}`].filter(Boolean).join(' ')}`)
    .join(', ');
}
