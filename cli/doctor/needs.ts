import type { Cluster, Platform } from '../../config/load';
import type { Version } from './version';

/** What the selected environments need from this machine, and which environments need each. */
export interface Needs {
  readonly environments: readonly string[];
  /** Profiles of ~/.oci/config, by profile name -> environments. */
  readonly ociProfiles: ReadonlyMap<string, readonly string[]>;
  readonly hcloud: readonly string[];
  readonly digitalocean: readonly string[];
  readonly cloudflare: readonly string[];
  /** Environments with a Cloudflare zone created by the DNS stack (it asks for the account id). */
  readonly cloudflareAccount: readonly string[];
  /** Every environment: each stack keeps its state in the S3 bucket; Route53 uses the same credentials. */
  readonly aws: readonly string[];
  readonly route53: readonly string[];
  /** Kubernetes minor versions the clusters run (OKE kubernetesVersion, k3s vps.k3sVersion). */
  readonly kubernetesMinors: readonly Version[];
}

/** The Kubernetes version a cluster's API server runs. */
export function clusterKubernetesVersion(cluster: Cluster): Version | undefined {
  const text = cluster.provider === 'oci-oke' ? cluster.kubernetesVersion : cluster.vps?.k3sVersion;
  const match = text && /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined;
}

export function needsOf(platform: Platform): Needs {
  const add = (map: Map<string, Set<string>>, key: string, env: string) => map.set(key, (map.get(key) ?? new Set()).add(env));
  const oci = new Map<string, Set<string>>();
  const sets = new Map<string, Set<string>>();
  const minors = new Map<string, Version>();
  for (const environment of platform.environments) {
    add(sets, 'aws', environment.name);
    for (const cluster of environment.clusters) {
      if (cluster.provider === 'oci-oke' && cluster.oci) add(oci, cluster.oci.configProfile, environment.name);
      if (cluster.provider === 'hcloud-k3s') add(sets, 'hcloud', environment.name);
      if (cluster.provider === 'do-k3s') add(sets, 'digitalocean', environment.name);
      if (cluster.dns.provider === 'cloudflare') add(sets, 'cloudflare', environment.name);
      if (cluster.dns.provider === 'cloudflare' && cluster.dns.createZone) add(sets, 'cloudflareAccount', environment.name);
      if (cluster.dns.provider === 'route53') add(sets, 'route53', environment.name);
      const version = clusterKubernetesVersion(cluster);
      if (version) minors.set(`${version.major}.${version.minor}`, { major: version.major, minor: version.minor, patch: 0 });
    }
  }
  const list = (key: string) => [...(sets.get(key) ?? [])].sort();
  return {
    environments: platform.environments.map((e) => e.name),
    ociProfiles: new Map([...oci].sort(([a], [b]) => a.localeCompare(b)).map(([profile, envs]) => [profile, [...envs].sort()])),
    hcloud: list('hcloud'),
    digitalocean: list('digitalocean'),
    cloudflare: list('cloudflare'),
    cloudflareAccount: list('cloudflareAccount'),
    aws: list('aws'),
    route53: list('route53'),
    kubernetesMinors: [...minors.values()].sort((a, b) => a.major - b.major || a.minor - b.minor),
  };
}

/**
 * kubectl is supported within one minor version of the API server, so the window is
 * [newest cluster - 1, oldest cluster + 1]. Undefined when no cluster says (no window to enforce).
 * When the clusters are more than two minors apart no kubectl fits all; the window then centres
 * on the newest cluster.
 */
export function kubectlWindow(minors: readonly Version[]): { min: Version; max: Version } | undefined {
  if (minors.length === 0) return undefined;
  const oldest = minors[0]!;
  const newest = minors[minors.length - 1]!;
  const low = { major: newest.major, minor: Math.max(0, newest.minor - 1), patch: 0 };
  const high = oldest.major === newest.major && oldest.minor + 1 >= low.minor ? { major: oldest.major, minor: oldest.minor + 1, patch: 0 } : { major: newest.major, minor: newest.minor + 1, patch: 0 };
  return { min: low, max: high };
}
