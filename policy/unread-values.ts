/**
 * render-value-unread: every value a HelmRelease sets (from config or a construct) must matter: it
 * changes what the chart renders, or it equals the chart's default. A value no template reads is a
 * typo, a key moved in a chart upgrade, or a setting for another chart, and it silently does nothing.
 *
 * Two steps keep it cheap: the chart's templates are scanned for the `.Values` paths they read
 * (render/chart-archive.ts; a read of `a.b` covers everything under it, so pass-through maps such as
 * `grafana.ini` count as read); only values under no read path are candidates, and each candidate
 * is confirmed by rendering the release without it: the value is reported only when the output
 * stays byte-identical. Charts that hand their whole `.Values` on (library charts) are skipped.
 */
import { openChart } from '../render/chart-archive';
import { getIn, leaves, withoutPath } from '../render/provenance';
import type { RenderResult } from '../render/render';
import type { RawFinding } from './types';

function related(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Values the templates never read, confirmed by rendering without them. */
export async function unreadValueFindings(result: RenderResult): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  for (const cluster of result.clusters) {
    for (const release of cluster.releases) {
      if (!release.archive || release.objects.length === 0) continue;
      const chart = openChart(release.archive);
      if (chart.reads.some((r) => r.length === 0)) continue;
      const found: { path: string[]; value: unknown }[] = [];
      leaves(release.values, [], found);
      const candidates = found.filter(
        (leaf) => JSON.stringify(getIn(chart.defaults, leaf.path)) !== JSON.stringify(leaf.value) && !chart.reads.some((r) => related(r, leaf.path)),
      );
      if (candidates.length === 0) continue;
      const key = `${release.namespace}/${release.name}`;
      const baseline = await result.rerender(cluster.cluster, key, release.values);
      if (!('objects' in baseline)) continue;
      const expected = JSON.stringify(baseline.objects);
      for (const leaf of candidates) {
        const without = await result.rerender(cluster.cluster, key, withoutPath(release.values, leaf.path));
        if (!('objects' in without) || JSON.stringify(without.objects) !== expected) continue;
        findings.push({
          rule: 'render-value-unread',
          resource: `${cluster.cluster}:helm ${key}:values.${leaf.path.join('.')}`,
          message: `HelmRelease ${key} (chart ${release.chart.name} ${release.chart.version}) sets ${leaf.path.join('.')} = ${JSON.stringify(leaf.value)}, which no template of the chart reads: the rendered output is identical without it. Remove it, or move it to the key this chart version reads (see its values.yaml)`,
        });
      }
    }
  }
  return findings;
}
