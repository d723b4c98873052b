import { App, Chart } from 'cdk8s';
import type { Cluster } from '../config/load';
import type { PodSecurityLevel } from '../config/pod-security-level';
import { BLUEPRINTS } from './components';
import { enabledComponents } from './layout';
import { chartManifests } from './render';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * The Pod Security level each namespace of the cluster's components enforces, read from the
 * Namespace objects the components' constructs build (each component's `podSecurity`, with the
 * reason it records), so the list cannot drift from what gitops/ applies.
 */
export function componentNamespaceLevels(cluster: Cluster): ReadonlyMap<string, PodSecurityLevel> {
  const app = new App();
  const levels = new Map<string, PodSecurityLevel>();
  for (const component of enabledComponents(cluster)) {
    const chart = new Chart(app, component, { disableResourceNameHashes: true });
    BLUEPRINTS[component].controllers(chart, { version: cluster.components[component]!.version });
    for (const manifest of chartManifests(chart)) {
      if (manifest.kind !== 'Namespace') continue;
      const labels = ((manifest.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {});
      levels.set(String(manifest.metadata!.name), (labels[ENFORCE] ?? 'restricted') as PodSecurityLevel);
    }
  }
  return new Map([...levels].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The namespaces a k3s API server's Pod Security admission exempts besides kube-system: those of
 * the cluster's components that need `privileged`. Exempting them loses nothing (privileged allows
 * every pod) and covers pods that start before Flux labels their namespace: Cilium's, whose
 * namespace the bootstrap HelmChart creates without labels, and which must run before any other
 * pod can. `baseline` namespaces are not exempt: their labels, applied by Flux before anything in
 * them, keep baseline enforced, where an exemption would let any pod in.
 */
export function podSecurityExemptions(cluster: Cluster): string[] {
  return [...componentNamespaceLevels(cluster)].filter(([, level]) => level === 'privileged').map(([name]) => name);
}
