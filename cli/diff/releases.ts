import type { ClusterContents, EffectiveRelease } from './effective';
import type { ClusterComponentsDiff, ComponentChange, PlatformOutline, ReleaseValuesDiff, ValueChange } from './types';
import { diffValues, isPlainObject, joinKey } from './values';

/** A map set or unset whole, as its leaves: a first values override reads as the values it sets. */
function leaves(changes: readonly ValueChange[]): ValueChange[] {
  const out: ValueChange[] = [];
  const expand = (path: string, value: unknown, side: 'before' | 'after') => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const key of Object.keys(value).sort()) expand(joinKey(path, key), value[key], side);
    } else out.push({ path, [side]: value });
  };
  for (const change of changes) {
    if (!('before' in change)) expand(change.path, change.after, 'after');
    else if (!('after' in change)) expand(change.path, change.before, 'before');
    else out.push(change);
  }
  return out;
}

/** Components in the order a reviewer looks them up: by name, then release. */
function byName(a: ComponentChange, b: ComponentChange): number {
  const x = `${a.name}\0${a.release}`;
  const y = `${b.name}\0${b.release}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

function component(release: EffectiveRelease): Pick<ComponentChange, 'release' | 'name' | 'chart'> {
  return { release: release.release, name: release.name, chart: release.chart };
}

/** The component a shared folder holds, by its folder name, unless a HelmRelease of that name stands for it. */
function manifestComponents(base: ClusterContents, head: ClusterContents): ComponentChange[] {
  const named = new Set([...base.releases.values(), ...head.releases.values()].map((r) => r.name));
  const folders = (contents: ClusterContents) => {
    const out = new Map<string, string>();
    for (const folder of contents.manifestFolders) {
      const name = folder.split('/').pop()!;
      if (!named.has(name) && !out.has(name)) out.set(name, folder);
    }
    return out;
  };
  const before = folders(base);
  const after = folders(head);
  const changes: ComponentChange[] = [];
  for (const [name, folder] of after) if (!before.has(name)) changes.push({ release: folder, name, chart: name, manifests: folder, status: 'added' });
  for (const [name, folder] of before) if (!after.has(name)) changes.push({ release: folder, name, chart: name, manifests: folder, status: 'removed' });
  return changes;
}

/**
 * Per cluster of either side: the components (HelmReleases) it turns on or off and the chart
 * versions that change, and per HelmRelease the effective values (all tiers merged) compared field
 * by field. A cluster that exists on one side only is one entry with its components listed; its
 * values are not compared (everything would read as added).
 */
export function diffReleases(
  base: ReadonlyMap<string, ClusterContents>,
  head: ReadonlyMap<string, ClusterContents>,
  outlines: { base: PlatformOutline; head: PlatformOutline },
): { components: ClusterComponentsDiff[]; values: ReleaseValuesDiff[] } {
  const environmentOf = (cluster: string) =>
    outlines.head.clusters.find((c) => c.name === cluster)?.environment ?? outlines.base.clusters.find((c) => c.name === cluster)?.environment ?? null;
  const components: ClusterComponentsDiff[] = [];
  const values: ReleaseValuesDiff[] = [];
  for (const cluster of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(cluster)?.releases;
    const after = head.get(cluster)?.releases;
    const environment = environmentOf(cluster);
    if (!before || !after) {
      const releases = [...(after ?? before)!.values()];
      // The summary table already names a new or removed cluster; one with no components adds nothing.
      if (releases.length === 0) continue;
      components.push({
        cluster,
        environment,
        status: after ? 'added' : 'removed',
        changes: releases.map((r): ComponentChange => ({ ...component(r), status: after ? 'added' : 'removed', ...(after ? { to: r.version } : { from: r.version }) })).sort(byName),
      });
      continue;
    }
    const changes: ComponentChange[] = [];
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const x = before.get(key);
      const y = after.get(key);
      if (!x) changes.push({ ...component(y!), status: 'added', to: y!.version });
      else if (!y) changes.push({ ...component(x), status: 'removed', from: x.version });
      else if (x.version !== y.version || x.chart !== y.chart) changes.push({ ...component(y), status: 'changed', from: x.version, to: y.version, ...(x.chart !== y.chart ? { chartBefore: x.chart } : {}) });
      // A component turned off shows only as that: its values go with it.
      if (!y) continue;
      const fields = leaves(diffValues(x?.values ?? {}, y.values, { matchByName: true }));
      const unreadable = y.unreadable.filter((p) => !x?.unreadable.includes(p));
      if (fields.length > 0 || unreadable.length > 0) {
        values.push({ cluster, environment, release: y.release, status: x ? 'changed' : 'added', changes: fields, ...(unreadable.length > 0 ? { unreadable } : {}) });
      }
    }
    changes.push(...manifestComponents(base.get(cluster)!, head.get(cluster)!));
    if (changes.length > 0) components.push({ cluster, environment, status: 'changed', changes: changes.sort(byName) });
  }
  return { components, values };
}
