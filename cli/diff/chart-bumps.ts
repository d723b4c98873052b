import type { KubernetesObject } from './manifests';
import type { ChartBump } from './types';
import { isPlainObject } from './values';

function getIn(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Chart version changes, whichever object pins them: a HelmRelease's `spec.chart.spec.version`
 * (HelmRepository charts), an OCIRepository's `spec.ref.tag` (named after the HelmReleases whose
 * `chartRef` points at it), or a HelmChart's `spec.version`.
 */
/** A bump and the file of the object that pins the version (to find the clusters a shared bump reaches). */
export type LocatedBump = ChartBump & { readonly file: string };

export function chartBumps(pairs: readonly [KubernetesObject, KubernetesObject][], headObjects: () => readonly KubernetesObject[]): LocatedBump[] {
  const bumps: LocatedBump[] = [];
  for (const [before, after] of pairs) {
    const { kind, namespace, name } = after.id;
    const release = `${namespace ?? ''}/${name}`.replace(/^\//, '');
    if (kind === 'HelmRelease') {
      const from = text(getIn(before.value, ['spec', 'chart', 'spec', 'version']));
      const to = text(getIn(after.value, ['spec', 'chart', 'spec', 'version']));
      const chart = text(getIn(after.value, ['spec', 'chart', 'spec', 'chart'])) ?? name;
      if (from && to && from !== to) bumps.push({ chart, release, from, to, file: after.file });
    } else if (kind === 'OCIRepository') {
      const from = text(getIn(before.value, ['spec', 'ref', 'tag']));
      const to = text(getIn(after.value, ['spec', 'ref', 'tag']));
      if (!from || !to || from === to) continue;
      const users = headObjects().filter((o) => {
        if (o.id.kind !== 'HelmRelease') return false;
        const ref = getIn(o.value, ['spec', 'chartRef']);
        return isPlainObject(ref) && ref.kind === 'OCIRepository' && ref.name === name && (ref.namespace ?? o.id.namespace) === namespace;
      });
      const url = text(getIn(after.value, ['spec', 'url']));
      const chart = url ? url.replace(/\/+$/, '').split('/').pop()! : name;
      if (users.length === 0) bumps.push({ chart, release, from, to, file: after.file });
      for (const user of users) bumps.push({ chart, release: `${user.id.namespace ?? ''}/${user.id.name}`.replace(/^\//, ''), from, to, file: after.file });
    } else if (kind === 'HelmChart') {
      const from = text(getIn(before.value, ['spec', 'version']));
      const to = text(getIn(after.value, ['spec', 'version']));
      const chart = text(getIn(after.value, ['spec', 'chart'])) ?? name;
      if (from && to && from !== to) bumps.push({ chart, release, from, to, file: after.file });
    }
  }
  return bumps.sort((a, b) => (a.chart + a.release < b.chart + b.release ? -1 : 1));
}
