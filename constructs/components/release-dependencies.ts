import { RELEASES, type ReleaseName } from '../../config/platform-releases';
import type { ComponentName } from '../../config/schema';
import type { ObjectRef } from '../flux/names';

/** The HelmRelease reference of a platform release. */
export function releaseRef(name: ReleaseName): ObjectRef {
  return { name, namespace: RELEASES[name].namespace };
}

/** Dependencies every cluster has (the base tier). */
export function baseDependencies(name: ReleaseName): ObjectRef[] {
  return RELEASES[name].after.map(releaseRef);
}

/**
 * Dependencies of a release in a cluster with these components enabled. Throws when a required
 * release's component is off (the config rules should have caught it).
 */
export function clusterDependencies(name: ReleaseName, enabled: ReadonlySet<ComponentName>): ObjectRef[] {
  const info = RELEASES[name];
  for (const needed of info.after) {
    if (!enabled.has(RELEASES[needed].component)) {
      throw new Error(`${name} needs ${RELEASES[needed].component} enabled (it installs ${needed})`);
    }
  }
  const optional = info.afterIfEnabled.filter((r) => enabled.has(RELEASES[r].component) && RELEASES[r].component !== info.component);
  return [...info.after, ...optional].map(releaseRef);
}
