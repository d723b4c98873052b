import { textChanges } from './text-lines';
import type { ChartBump, ClusterComponentsDiff, ComponentChange, Counts, EnvironmentSummary, LeftResource, ObjectId, ReleaseValuesDiff, ValueChange } from './types';

/** A value as it appears in a report line: JSON, so strings are quoted and types are visible; long ones are cut. */
export function showValue(value: unknown, max = 200): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > max ? `${text.slice(0, max - 1)}… (${text.length} chars)` : text;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `1 stack added, 2 stacks changed` (zeros left out); empty when nothing. */
export function countsText(counts: Counts, noun: string): string {
  return (['added', 'removed', 'changed'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${plural(counts[k], noun)} ${k}`)
    .join(', ');
}

export function bumpText(bump: ChartBump, arrow = '->'): string {
  const release = bump.release.split('/').pop();
  const who = release === bump.chart ? bump.chart : `${bump.chart} (${bump.release})`;
  return `${who}: ${bump.from} ${arrow} ${bump.to}`;
}

export function environmentName(summary: Pick<EnvironmentSummary, 'environment'>): string {
  return summary.environment ?? 'shared';
}

/** One line per environment: what changed, or that nothing did. */
export function summaryLine(summary: EnvironmentSummary, arrow = '->'): string {
  const parts: string[] = [];
  if (summary.status === 'added') parts.push('new environment');
  if (summary.status === 'removed') parts.push('environment removed');
  if (summary.clustersAdded.length > 0) parts.push(`new cluster${summary.clustersAdded.length > 1 ? 's' : ''} ${summary.clustersAdded.join(', ')}`);
  if (summary.clustersRemoved.length > 0) parts.push(`cluster${summary.clustersRemoved.length > 1 ? 's' : ''} removed ${summary.clustersRemoved.join(', ')}`);
  const stacks = countsText(summary.stacks, 'stack');
  if (stacks) parts.push(stacks);
  const resources = countsText(summary.resources, 'resource');
  if (resources) parts.push(`${resources}${summary.resources.likelyReplace > 0 ? ` (${summary.resources.likelyReplace} likely replace)` : ''}`);
  const objects = countsText(summary.objects, 'object');
  if (objects) parts.push(`${objects}${summary.objects.likelyReplace > 0 ? ` (${plural(summary.objects.likelyReplace, 'immutable-field change')})` : ''}`);
  const files = countsText(summary.files, 'file');
  if (files) parts.push(files);
  for (const bump of summary.chartBumps) parts.push(`chart ${bumpText(bump, arrow)}`);
  return `${environmentName(summary)}: ${parts.length === 0 ? 'no changes' : parts.join('; ')}`;
}

export function objectTitle(id: ObjectId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name} (${id.apiVersion})`;
}

/** ` (applied by a, b)` for changes in shared trees; ` (applied by no cluster)` says it is dead weight. */
export function reachText(clusters: readonly string[] | undefined): string {
  if (clusters === undefined) return '';
  return clusters.length === 0 ? ' (applied by no cluster)' : ` (applied by ${clusters.join(', ')})`;
}

export const STATUS_MARK = { added: '+', removed: '-', changed: '~' } as const;

/** A values leaf as a reviewer reads it: plain words bare (`168h`), anything ambiguous as JSON. */
export function plainValue(value: unknown, max = 200): string {
  if (typeof value === 'string' && /^[^\s"'{}[\],:#&*!|>%@`]+$/.test(value) && !/^(true|false|null|~|yes|no|on|off|-?[\d.]+(e[+-]?\d+)?)$/i.test(value)) {
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  }
  return showValue(value, max);
}

/** `.loki.limits_config.retention_period`: a values path as helm's --set would name it, with a leading dot. */
export function valuesPath(path: string): string {
  return path === '' ? '.' : path.startsWith('[') ? path : `.${path}`;
}

/** `~ loki/loki: .loki.limits_config.retention_period: 168h -> 336h` (`+`/`-` for a value set or unset). */
export function valueLine(release: string, change: ValueChange, arrow = '->'): string {
  const path = valuesPath(change.path);
  if (!('before' in change)) return `+ ${release}: ${path}: ${plainValue(change.after)}`;
  if (!('after' in change)) return `- ${release}: ${path}: ${plainValue(change.before)}`;
  return `~ ${release}: ${path}: ${plainValue(change.before)} ${arrow} ${plainValue(change.after)}`;
}

/** Lines of a multi-line text value shown in full before the rest are counted. */
const TEXT_LINES = 60;

function textLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/**
 * `valueLine`, and for a multi-line text value (a config file in values: Vault's HCL, Alloy's
 * config) the lines it adds and removes below it, `-   `/`+   ` prefixed, instead of two
 * unreadable one-line strings.
 */
export function valueLines(release: string, change: ValueChange, arrow = '->'): string[] {
  const before = 'before' in change ? change.before : undefined;
  const after = 'after' in change ? change.after : undefined;
  if (!isText(before) && !isText(after)) return [valueLine(release, change, arrow)];
  const path = valuesPath(change.path);
  const details: string[] = [];
  let head: string;
  if (isText(before) && isText(after)) {
    const changed = textChanges(before, after);
    head = `~ ${release}: ${path}: text, ${plural(changed.length, 'line')} changed`;
    details.push(...changed.map((c) => `${'before' in c ? '-' : '+'}   ${String('before' in c ? c.before : c.after)}`));
  } else if (isText(after)) {
    const all = textLines(after);
    head = before === undefined ? `+ ${release}: ${path}: text of ${plural(all.length, 'line')}` : `~ ${release}: ${path}: ${plainValue(before)} ${arrow} text of ${plural(all.length, 'line')}`;
    details.push(...all.map((line) => `+   ${line}`));
  } else {
    const all = textLines(before as string);
    head = after === undefined ? `- ${release}: ${path}: text of ${plural(all.length, 'line')}` : `~ ${release}: ${path}: text of ${plural(all.length, 'line')} ${arrow} ${plainValue(after)}`;
    details.push(...all.map((line) => `-   ${line}`));
  }
  if (details.length > TEXT_LINES) details.splice(TEXT_LINES, details.length - TEXT_LINES, `#   … ${details.length - TEXT_LINES} more lines`);
  return [head, ...details];
}

function componentName(change: ComponentChange): string {
  if (change.manifests) return `${change.name} (manifests)`;
  return change.chart === change.name ? change.name : `${change.name} (chart ${change.chart})`;
}

/** `+ vault 0.34.1 enabled on hcloud-staging`, `- loki 6.2.0 disabled on oke-dev`, `~ cert-manager v1.21.1 -> v1.21.2 on oke-dev`. */
export function componentLine(cluster: string, change: ComponentChange, arrow = '->'): string {
  const version = (v: string | undefined) => (v === undefined ? '' : ` ${v}`);
  if (change.status === 'added') return `+ ${componentName(change)}${version(change.to)} enabled on ${cluster}`;
  if (change.status === 'removed') return `- ${componentName(change)}${version(change.from)} disabled on ${cluster}`;
  const from = change.chartBefore ? `chart ${change.chartBefore} ${change.from}` : change.from;
  const to = change.chartBefore ? `chart ${change.chart} ${change.to}` : change.to;
  return `~ ${change.name} ${from} ${arrow} ${to} on ${cluster}`;
}

/** The line of a whole cluster added or removed, with its components. */
function clusterLine(diff: ClusterComponentsDiff): string {
  const list = diff.changes.map((c) => `${componentName(c)}${c.to ?? c.from ? ` ${c.to ?? c.from}` : ''}`).join(', ');
  return diff.status === 'added'
    ? `+ new cluster ${diff.cluster} with ${plural(diff.changes.length, 'component')}${list ? `: ${list}` : ''}`
    : `- cluster ${diff.cluster} removed with its ${plural(diff.changes.length, 'component')}${list ? `: ${list}` : ''}`;
}

/**
 * The component summary: one line per component change, the clusters that get exactly the same
 * change on one line (`~ cert-manager v1.21.1 -> v1.21.2 on oke-dev, do-prod`), and one line per
 * cluster added or removed whole.
 */
export function componentLines(diffs: readonly ClusterComponentsDiff[], arrow = '->'): string[] {
  const lines: string[] = [];
  const shared = new Map<string, { change: ComponentChange; clusters: string[] }>();
  for (const diff of diffs) {
    if (diff.status !== 'changed') {
      lines.push(clusterLine(diff));
      continue;
    }
    for (const change of diff.changes) {
      const key = JSON.stringify([change.status, change.name, change.release, change.chart, change.chartBefore, change.from, change.to, change.manifests]);
      const entry = shared.get(key);
      if (entry) entry.clusters.push(diff.cluster);
      else shared.set(key, { change, clusters: [diff.cluster] });
    }
  }
  const order = (c: ComponentChange) => `${c.name}\0${c.release}\0${c.status}`;
  const changes = [...shared.values()].sort((a, b) => (order(a.change) < order(b.change) ? -1 : order(a.change) > order(b.change) ? 1 : 0));
  return [...lines, ...changes.map(({ change, clusters }) => componentLine(clusters.join(', '), change, arrow))];
}

/** `hcloud_server.node_1 (name "staging-1") — prevent_destroy`. */
export function resourceText(resource: LeftResource): string {
  return `${resource.stack}: ${resource.address}${resource.name ? ` (name ${JSON.stringify(resource.name)})` : ''}${resource.preventDestroy ? ' — prevent_destroy' : ''}`;
}

/** HelmRelease values changes that several clusters share exactly, shown once for all of them. */
export interface ValuesGroup {
  readonly clusters: readonly string[];
  /** Their environments, each once, in cluster order. */
  readonly environments: readonly string[];
  /** The changes (those of the group's first cluster; the others' are the same). */
  readonly releases: readonly ReleaseValuesDiff[];
}

/**
 * Groups the values changes by the set of clusters that get exactly the same change, so a change
 * to a shared tier reads once with the clusters it reaches, however many there are.
 */
export function groupValues(values: readonly ReleaseValuesDiff[]): ValuesGroup[] {
  const bySignature = new Map<string, { release: ReleaseValuesDiff; clusters: string[]; environments: (string | null)[] }>();
  for (const release of values) {
    const signature = JSON.stringify([release.release, release.status, release.changes, release.unreadable ?? []]);
    const entry = bySignature.get(signature);
    if (entry) {
      entry.clusters.push(release.cluster);
      entry.environments.push(release.environment);
    } else bySignature.set(signature, { release, clusters: [release.cluster], environments: [release.environment] });
  }
  const groups = new Map<string, { clusters: string[]; environments: string[]; releases: ReleaseValuesDiff[] }>();
  for (const { release, clusters, environments } of bySignature.values()) {
    const key = clusters.join('\0');
    let group = groups.get(key);
    if (!group) {
      const named = environments.filter((e): e is string => e !== null);
      groups.set(key, (group = { clusters, environments: [...new Set(named)], releases: [] }));
    }
    group.releases.push(release);
  }
  // Clusters in the order the report lists them; a group shared by more clusters before one of its own.
  const order = new Map([...new Set(values.map((v) => v.cluster))].map((c, i) => [c, i]));
  return [...groups.values()].sort((a, b) => order.get(a.clusters[0]!)! - order.get(b.clusters[0]!)! || b.clusters.length - a.clusters.length);
}
