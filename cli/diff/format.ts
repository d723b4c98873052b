import type { ChartBump, Counts, EnvironmentSummary, ObjectId } from './types';

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
