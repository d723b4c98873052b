import type { ChartBump, EnvironmentSummary, GitopsSectionDiff, PlatformOutline, StackDiff } from './types';

/**
 * An environment's chart bumps: those in its cluster folders, and those in shared trees that its
 * clusters apply (one entry per chart and release, however many of its clusters get it).
 */
function bumpsFor(environment: string | null, own: readonly GitopsSectionDiff[], all: readonly GitopsSectionDiff[], outline: PlatformOutline): ChartBump[] {
  const clusters = new Set(outline.clusters.filter((c) => c.environment === environment).map((c) => c.name));
  const shared = environment === null ? [] : all.filter((s) => s.environment === null).flatMap((s) => s.chartBumps.filter((b) => b.clusters?.some((c) => clusters.has(c))));
  const unique = new Map<string, ChartBump>();
  for (const bump of [...own.flatMap((s) => s.chartBumps), ...shared]) unique.set(`${bump.chart}|${bump.release}|${bump.from}|${bump.to}`, bump);
  return [...unique.values()];
}

function names(outline: PlatformOutline): Set<string> {
  return new Set(outline.environments);
}

/**
 * One summary per environment of either side (sorted), then one for what no environment owns
 * (the `state` stack, infrastructure/, apps/) when that changed.
 */
export function summarize(
  stacks: readonly StackDiff[],
  sections: readonly GitopsSectionDiff[],
  outlines: { base: PlatformOutline; head: PlatformOutline },
): EnvironmentSummary[] {
  const before = names(outlines.base);
  const after = names(outlines.head);
  const environments: (string | null)[] = [...new Set([...before, ...after])].sort();
  const shared = stacks.some((s) => s.environment === null) || sections.some((s) => s.environment === null);
  if (shared) environments.push(null);
  const baseClusters = new Set(outlines.base.clusters.map((c) => c.name));
  const headClusters = new Set(outlines.head.clusters.map((c) => c.name));

  return environments.map((environment) => {
    const mine = stacks.filter((s) => s.environment === environment);
    const ours = sections.filter((s) => s.environment === environment);
    const summary = {
      environment,
      stacks: { added: 0, removed: 0, changed: 0 },
      resources: { added: 0, removed: 0, changed: 0, likelyReplace: 0 },
      objects: { added: 0, removed: 0, changed: 0, likelyReplace: 0 },
      files: { added: 0, removed: 0, changed: 0 },
      clustersAdded: outlines.head.clusters.filter((c) => c.environment === environment && !baseClusters.has(c.name)).map((c) => c.name).sort(),
      clustersRemoved: outlines.base.clusters.filter((c) => c.environment === environment && !headClusters.has(c.name)).map((c) => c.name).sort(),
      chartBumps: bumpsFor(environment, ours, sections, outlines.head),
    };
    for (const stack of mine) {
      summary.stacks[stack.status]++;
      for (const key of ['added', 'removed', 'changed', 'likelyReplace'] as const) summary.resources[key] += stack.resources[key];
    }
    for (const section of ours) {
      for (const object of section.objects) {
        summary.objects[object.status]++;
        if (object.likelyReplace) summary.objects.likelyReplace++;
      }
      for (const file of section.files) summary.files[file.status]++;
    }
    const touched = mine.length > 0 || ours.length > 0 || summary.clustersAdded.length > 0 || summary.clustersRemoved.length > 0 || summary.chartBumps.length > 0;
    const status: EnvironmentSummary['status'] =
      environment !== null && !before.has(environment) ? 'added'
      : environment !== null && !after.has(environment) ? 'removed'
      : touched ? 'changed'
      : 'unchanged';
    return { ...summary, status };
  });
}
