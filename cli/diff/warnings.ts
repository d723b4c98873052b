/**
 * What a reviewer must act on beyond reading the diff: a removed cluster or stack leaves its cloud
 * resources running (merging deletes only the code; Terraform state and the resources stay, and keep
 * costing), and a DNS provider or zone that moves needs its delegation (the NS records at the
 * registrar) moved too, or the names stop resolving.
 */
import { plural } from './format';
import { stackOwner } from './owners';
import type { StackConfigs } from './terraform';
import type { DiffSide, LeftResource, PlatformOutline, ReviewWarning, StackDiff } from './types';
import { isPlainObject } from './values';

/**
 * The command that destroys a stack's or a cluster's resources (cli/destroy.ts): from the base
 * commit, which still synthesizes them, so it works before and after the merge.
 */
export function destroyCommand(target: string, from?: string): string {
  return `npm run destroy -- ${target}${from ? ` --from ${from}` : ''}`;
}

/** Attributes that carry the name a cloud knows a resource by, in order of preference. */
const NAME_ATTRIBUTES = ['name', 'display_name', 'bucket', 'cluster_name', 'zone', 'domain'];

function entries(value: unknown): [string, unknown][] {
  return isPlainObject(value) ? Object.entries(value).filter(([key]) => key !== '//') : [];
}

/** The resources of a stack's synthesized JSON, sorted by address. */
export function stackResources(stack: string, config: Record<string, unknown>): LeftResource[] {
  const resources: LeftResource[] = [];
  for (const [type, byName] of entries(config.resource)) {
    for (const [id, value] of entries(byName)) {
      const block = isPlainObject(value) ? value : {};
      const name = NAME_ATTRIBUTES.map((a) => block[a]).find((v): v is string => typeof v === 'string' && v !== '');
      const preventDestroy = isPlainObject(block.lifecycle) && block.lifecycle.prevent_destroy === true;
      resources.push({ stack, address: `${type}.${id}`, type, ...(name ? { name } : {}), preventDestroy });
    }
  }
  return resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function leftWarning(subject: string, what: string, resources: LeftResource[], stacks: number, from: string | undefined): ReviewWarning {
  const guarded = resources.filter((r) => r.preventDestroy).length;
  const command = destroyCommand(subject, from);
  const parts = [
    `${what} is removed, but its cloud resources keep running (and costing) until they are destroyed: ${plural(resources.length, 'resource')} in ${plural(stacks, 'stack')}.`,
    guarded > 0
      ? `${guarded} ${guarded === 1 ? 'has' : 'have'} prevent_destroy: the destroy stops on ${guarded === 1 ? 'it' : 'them'} unless --keep-protected leaves ${guarded === 1 ? 'it' : 'them'} in the cloud, no longer managed.`
      : '',
    resources.some((r) => r.type.startsWith('oci_containerengine_'))
      ? "Load balancers and block volumes the cluster made itself are in no Terraform state: delete its LoadBalancer Services and PersistentVolumeClaims first."
      : '',
    `Destroy them with \`${command}\` (before or after the merge; --dry-run first shows the plan).`,
  ];
  return { kind: 'cloud-resources-left', subject, message: parts.filter(Boolean).join(' '), resources, command };
}

/**
 * One warning per removed cluster (all its stacks, `npm run destroy -- <cluster>`), and one per
 * other removed stack (`npm run destroy -- <stack>`), listing the base's resources.
 */
export function removalWarnings(
  stacks: readonly StackDiff[],
  base: StackConfigs,
  outlines: { base: PlatformOutline; head: PlatformOutline },
  side: DiffSide,
): ReviewWarning[] {
  // The commit rather than the ref: a branch moves on once this merges.
  const from = side.commit ? side.commit.slice(0, 12) : side.ref;
  const remaining = new Set(outlines.head.clusters.map((c) => c.name));
  const byCluster = new Map<string, string[]>();
  const single: string[] = [];
  for (const stack of stacks) {
    if (stack.status !== 'removed') continue;
    const owner = stackOwner(stack.stack, outlines.base).cluster;
    if (owner && !remaining.has(owner)) byCluster.set(owner, [...(byCluster.get(owner) ?? []), stack.stack]);
    else single.push(stack.stack);
  }
  const warnings: ReviewWarning[] = [];
  for (const [cluster, names] of [...byCluster].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const resources = names.flatMap((name) => stackResources(name, base.get(name) ?? {}));
    warnings.push(leftWarning(cluster, `Cluster ${cluster} (stacks ${names.join(', ')})`, resources, names.length, from));
  }
  for (const name of single.sort()) warnings.push(leftWarning(name, `Stack ${name}`, stackResources(name, base.get(name) ?? {}), 1, from));
  return warnings;
}

/** The DNS zones a stack serves, as `<provider> zone <name>`, and which of them it creates (resources, not look-ups). */
function zonesOf(config: Record<string, unknown>): { served: Set<string>; created: Set<string> } {
  const served = new Set<string>();
  const created = new Set<string>();
  const add = (provider: string, name: unknown, create: boolean) => {
    if (typeof name !== 'string' || name === '') return;
    const zone = `${provider} zone ${name.replace(/\.$/, '')}`;
    served.add(zone);
    if (create) created.add(zone);
  };
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of entries(config[kind])) {
      for (const [, value] of entries(byName)) {
        if (!isPlainObject(value)) continue;
        const filter = isPlainObject(value.filter) ? value.filter : {};
        const create = kind === 'resource';
        if (type === 'cloudflare_zone') add('cloudflare', value.name ?? value.zone ?? filter.name, create);
        else if (type === 'aws_route53_zone') add('route53', value.name, create);
        else if (type === 'digitalocean_domain') add('digitalocean', value.name, create);
        else if (type === 'hcloud_zone' || type === 'hetznerdns_zone') add('hetzner', value.name, create);
        else if (type === 'google_dns_managed_zone') add('google', value.dns_name, create);
        else if (type === 'oci_dns_zone') add('oci', value.name, create);
      }
    }
  }
  return { served, created };
}

interface ClusterZones {
  readonly served: Set<string>;
  readonly created: Set<string>;
}

function zonesByCluster(stacks: StackConfigs, outline: PlatformOutline): Map<string, ClusterZones> {
  const result = new Map<string, ClusterZones>();
  for (const [name, config] of stacks) {
    const cluster = stackOwner(name, outline).cluster;
    if (!cluster) continue;
    const zones = zonesOf(config);
    if (zones.served.size === 0) continue;
    const entry = result.get(cluster) ?? { served: new Set<string>(), created: new Set<string>() };
    for (const zone of zones.served) entry.served.add(zone);
    for (const zone of zones.created) entry.created.add(zone);
    result.set(cluster, entry);
  }
  return result;
}

const DELEGATION =
  "the names resolve through it only once the registrar's NS records for the zone point at its provider's name servers (delegation). " +
  'Set them at the registrar once the zone exists';

/**
 * A cluster whose DNS provider or zone changes, or whose stacks now create a zone they did not (a
 * new cluster's, or one that was looked up before): the registrar's NS records must point at the
 * new zone's name servers, and the old zone must stay until their TTL has passed.
 */
export function dnsWarnings(base: StackConfigs, head: StackConfigs, outlines: { base: PlatformOutline; head: PlatformOutline }): ReviewWarning[] {
  const before = zonesByCluster(base, outlines.base);
  const after = zonesByCluster(head, outlines.head);
  const warnings: ReviewWarning[] = [];
  for (const cluster of [...after.keys()].sort()) {
    const x = before.get(cluster);
    const y = after.get(cluster)!;
    const from = [...(x?.served ?? [])].filter((z) => !y.served.has(z)).sort();
    const to = [...y.served].filter((z) => !x?.served.has(z)).sort();
    if (x && to.length > 0) {
      const message = `DNS of cluster ${cluster} moves from ${from.join(', ') || [...x.served].sort().join(', ')} to ${to.join(', ')}: ${DELEGATION}, and keep the old zone until the NS records' TTL has passed.`;
      warnings.push({ kind: 'dns-delegation', subject: cluster, message });
      continue;
    }
    const created = [...y.created].filter((z) => !x?.created.has(z)).sort();
    if (created.length > 0) {
      const message = `Cluster ${cluster} now creates ${created.join(', ')}: ${DELEGATION}.`;
      warnings.push({ kind: 'dns-delegation', subject: cluster, message });
    }
  }
  return warnings;
}
