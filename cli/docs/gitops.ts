import { App, Chart } from 'cdk8s';
import { BLUEPRINTS } from '../../charts/components';
import { clusterContext } from '../../charts/layout';
import { expectedSecrets } from '../../charts/secrets';
import type { Cluster } from '../../config/load';
import { RELEASES, releaseLayer, releasesOf, type ReleaseLayer, type ReleaseName } from '../../config/platform-releases';
import { ACME_DIRECTORIES, COMPONENTS, DNS_PROVIDERS, PROVIDERS, type ComponentName } from '../../config/schema';
import type { ClusterContext, Values } from '../../constructs/components/context';
import type { ExternalSecret, Waiver } from '../../policy/types';

/**
 * What a component puts into gitops/, found by rendering it: the component's blueprint
 * (charts/components.ts) builds its controllers base, its configs and its cluster-derived values
 * into throw-away cdk8s charts, and the docs read the objects back. Nothing here restates the
 * constructs, so a changed chart source, allowance or dependency changes the page.
 */
export interface GitopsFacts {
  /** The namespace the component's releases run in, with its Pod Security level. */
  readonly namespace: { readonly name: string; readonly podSecurity: string; readonly reason?: string };
  /** The chart source(s) of the releases (one per OCI artifact, one shared Helm repository). */
  readonly releases: readonly ReleaseFacts[];
  /** NetworkPolicies of the namespace, in the order the construct declares them. */
  readonly networkPolicies: readonly PolicyFacts[];
  /** Values the platform tier derives from the cluster, per release (empty: none). */
  readonly platformTier: readonly PlatformTier[];
  /** Objects applied after the controllers (infra-configs), shared or per cluster. */
  readonly configObjects: readonly ObjectFacts[];
  /** Secrets the component reads that the operator creates (SOPS-encrypted in gitops/). */
  readonly secrets: readonly SecretFacts[];
}

export interface ReleaseFacts {
  readonly name: ReleaseName;
  readonly namespace: string;
  /** Chart name: the chart in a Helm repository, or the last path segment of an OCI artifact. */
  readonly chart: string;
  /** `HelmRepository` URL (https://) or `OCIRepository` URL (oci://, one chart). */
  readonly sourceKind: 'HelmRepository' | 'OCIRepository';
  readonly sourceUrl: string;
  /** Exact chart version the shared base pins. */
  readonly version: string;
  /** Helm timeout and whether Helm waits for the workloads. */
  readonly timeout: string;
  readonly waits: boolean;
  /** The infrastructure layer that installs it, and why when that is infra-services. */
  readonly layer: ReleaseLayer;
  readonly needsConfigs?: string;
  /** The construct's own values (the first layer), before defaults.yaml. */
  readonly baseValues: Values;
  /** `dependsOn` every cluster has (config rules make sure the component is enabled). */
  readonly dependsOn: readonly ReleaseName[];
  /** `dependsOn` added in clusters that enable the component of that release. */
  readonly dependsOnIfEnabled: readonly ReleaseName[];
}

export interface PolicyFacts {
  readonly name: string;
  readonly direction: 'ingress' | 'egress' | 'both';
  /** Who: "anywhere", "every namespace", "namespace `x`", CIDRs, "pods of this namespace", kube-dns. */
  readonly peer: string;
  /** "TCP 443, 6443", "all ports" or "none" (default deny). */
  readonly ports: string;
}

export interface PlatformTier {
  readonly release: ReleaseName;
  /** Value paths set (maps followed three levels deep; lists and scalars are leaves). */
  readonly paths: readonly string[];
  /** Which cluster properties change these values. */
  readonly varies: readonly string[];
}

export interface ObjectFacts {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Applied by every cluster that enables the component (shared base) or built per cluster. */
  readonly scope: 'shared' | 'cluster';
}

export interface SecretFacts {
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly usedBy: string;
}

type Manifest = { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, any>;

const POD_SECURITY_REASON = 'platform.cheapk8s.io/pod-security-reason';

function render(build: (scope: Chart) => void): Manifest[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'docs', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson() as Manifest[];
}

function describePorts(ports: readonly { port?: unknown; protocol?: string }[] | undefined): string {
  if (!ports || ports.length === 0) return 'all ports';
  const byProtocol = new Map<string, string[]>();
  for (const p of ports) {
    const protocol = p.protocol ?? 'TCP';
    byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), String(p.port)]);
  }
  return [...byProtocol].map(([protocol, list]) => `${protocol} ${list.join(', ')}`).join('; ');
}

function describePeers(peers: readonly Record<string, any>[] | undefined): string {
  if (peers === undefined) return 'anywhere';
  return peers
    .map((peer) => {
      if (peer.ipBlock) {
        const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.map((c: string) => `\`${c}\``).join(', ')}` : '';
        return `\`${peer.ipBlock.cidr}\`${except}`;
      }
      const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] as string | undefined;
      const pods = peer.podSelector?.matchLabels as Record<string, string> | undefined;
      const podText = pods ? ` pods ${Object.entries(pods).map(([k, v]) => `\`${k}=${v}\``).join(', ')}` : '';
      if (ns) return `namespace \`${ns}\`${podText}`;
      if (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0) return `every namespace${podText}`;
      if (peer.podSelector && Object.keys(peer.podSelector).length === 0) return 'pods of this namespace';
      return `\`${JSON.stringify(peer)}\``;
    })
    .join(', ');
}

function policyFacts(m: Manifest): PolicyFacts {
  const spec = m.spec as { policyTypes?: string[]; ingress?: any[]; egress?: any[] };
  const types = spec.policyTypes ?? [];
  const name = m.metadata!.name!;
  const direction = types.length === 2 ? 'both' : types[0] === 'Egress' ? 'egress' : 'ingress';
  const rules = [...(spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })), ...(spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }))];
  if (rules.length === 0) return { name, direction, peer: 'nothing (every pod, both directions)', ports: 'none' };
  // A policy with both directions allows the same peers both ways (allow-same-namespace).
  const first = rules[0]!;
  return { name, direction, peer: describePeers(first.peers), ports: describePorts(first.ports) };
}

function releaseFacts(manifests: readonly Manifest[]): ReleaseFacts[] {
  const sources = new Map(manifests.filter((m) => m.kind === 'HelmRepository' || m.kind === 'OCIRepository').map((m) => [`${m.kind}/${m.metadata!.namespace}/${m.metadata!.name}`, m]));
  return manifests
    .filter((m) => m.kind === 'HelmRelease')
    .map((m) => {
      const name = m.metadata!.name as ReleaseName;
      const spec = m.spec as Record<string, any>;
      const ref = spec.chartRef ?? spec.chart.spec.sourceRef;
      const source = sources.get(`${ref.kind}/${ref.namespace ?? m.metadata!.namespace}/${ref.name}`);
      if (!source) throw new Error(`docs: HelmRelease ${name} refers to ${ref.kind} ${ref.name}, which its component does not render`);
      const url = source.spec.url as string;
      const oci = source.kind === 'OCIRepository';
      return {
        name,
        namespace: m.metadata!.namespace!,
        chart: oci ? url.slice(url.lastIndexOf('/') + 1) : (spec.chart.spec.chart as string),
        sourceKind: source.kind as ReleaseFacts['sourceKind'],
        sourceUrl: url,
        version: oci ? (source.spec.ref.tag as string) : (spec.chart.spec.version as string),
        timeout: spec.timeout as string,
        waits: spec.install?.disableWait !== true,
        layer: releaseLayer(name),
        ...(RELEASES[name].needsConfigs ? { needsConfigs: RELEASES[name].needsConfigs } : {}),
        baseValues: (spec.values ?? {}) as Values,
        dependsOn: ((spec.dependsOn ?? []) as { name: ReleaseName }[]).map((d) => d.name),
        dependsOnIfEnabled: RELEASES[name].afterIfEnabled.filter((r) => RELEASES[r].component !== RELEASES[name].component),
      };
    });
}

/** Paths of a values object: maps are followed `depth` levels, anything else is a leaf. */
function valuePaths(values: unknown, depth = 3, prefix = ''): string[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values) || depth === 0 || Object.keys(values).length === 0) return prefix ? [prefix] : [];
  return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => valuePaths(value, depth - 1, prefix ? `${prefix}.${key}` : key));
}

const SAMPLE_BACKUPS = { endpoint: 'https://s3.example.com', bucket: 'example-backups', region: 'auto', schedule: '0 3 * * *', retentionDays: 14 };

/**
 * The example clusters the platform tier and the cluster configs are evaluated on: every provider
 * with every DNS provider and everything enabled, plus single changes of one property to see which
 * properties the values follow. They start from a real cluster so new context fields get a value.
 */
function samples(base: Cluster, minimal: ReadonlySet<ComponentName>): { all: ClusterContext[]; variations: [string, ClusterContext][]; reference: ClusterContext } {
  const make = (overrides: Partial<ClusterContext> = {}): ClusterContext => ({
    ...clusterContext(base),
    name: 'example',
    environment: 'example',
    domain: 'example.example.com',
    provider: PROVIDERS[0],
    dns: { provider: 'cloudflare', zone: 'example.com', proxied: true },
    enabled: new Set(COMPONENTS),
    subdomains: undefined,
    // Tenants are the apps layer's business (docs/tenancy.md); the examples have none.
    tenants: undefined,
    tenantDomains: undefined,
    policyMode: undefined,
    backups: SAMPLE_BACKUPS,
    dexClients: { example: { name: 'Example', redirectUris: ['https://app.example.example.com/callback'] } },
    ...overrides,
  });
  // Every provider with every DNS provider, issuing from either Let's Encrypt directory.
  const all = PROVIDERS.flatMap((provider) =>
    DNS_PROVIDERS.flatMap((dns) => ACME_DIRECTORIES.map((acme) => make({ provider, acme, dns: { provider: dns, zone: 'example.com', proxied: dns === 'cloudflare' } }))),
  );
  const variations: [string, ClusterContext][] = [
    ['the cluster name and domain', make({ name: 'other', domain: 'other.example.org' })],
    ...PROVIDERS.slice(1).map((provider): [string, ClusterContext] => ['the provider', make({ provider })]),
    ['the DNS provider', make({ dns: { provider: 'route53', zone: 'example.com', proxied: false } })],
    ['the other components enabled', make({ enabled: minimal })],
  ];
  return { all, variations, reference: make() };
}

function platformTier(component: ComponentName, base: Cluster, minimal: ReadonlySet<ComponentName>): PlatformTier[] {
  const blueprint = BLUEPRINTS[component];
  const { all, variations, reference } = samples(base, minimal);
  return releasesOf(component).flatMap((release) => {
    const valuesOf = (ctx: ClusterContext) => JSON.stringify(blueprint.clusterValues(ctx)[release] ?? {});
    const paths = [...new Set(all.flatMap((ctx) => valuePaths(blueprint.clusterValues(ctx)[release])))].sort();
    if (paths.length === 0) return [];
    const varies = [...new Set(variations.filter(([, ctx]) => valuesOf(ctx) !== valuesOf(reference)).map(([what]) => what))];
    return [{ release, paths, varies }];
  });
}

function configObjects(component: ComponentName, base: Cluster, minimal: ReadonlySet<ComponentName>): ObjectFacts[] {
  const blueprint = BLUEPRINTS[component];
  const seen = new Map<string, ObjectFacts>();
  const add = (manifests: readonly Manifest[], scope: ObjectFacts['scope']) => {
    for (const m of manifests) {
      const key = `${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
      if (!seen.has(key)) seen.set(key, { kind: m.kind, name: m.metadata?.name ?? '', namespace: m.metadata?.namespace, scope });
    }
  };
  if (blueprint.sharedConfigs) add(render((scope) => blueprint.sharedConfigs!(scope)), 'shared');
  if (blueprint.clusterConfigs) for (const ctx of samples(base, minimal).all) add(render((scope) => blueprint.clusterConfigs!(scope, ctx)), 'cluster');
  return [...seen.values()];
}

function secrets(component: ComponentName, base: Cluster): SecretFacts[] {
  const found = new Map<string, SecretFacts>();
  for (const dns of DNS_PROVIDERS) {
    const cluster = {
      ...base,
      components: Object.fromEntries(COMPONENTS.map((c) => [c, { ...base.components[c], enabled: c === component }])),
      dns: { ...base.dns, provider: dns },
      identity: { ...base.identity, dexClients: { '<client-id>': { name: 'Example', redirectUris: ['https://app.example.com/callback'] } } },
      backups: SAMPLE_BACKUPS,
    } as Cluster;
    for (const s of expectedSecrets(cluster)) {
      const key = `${s.namespace}/${s.name}`;
      const usedBy = found.has(key) ? found.get(key)!.usedBy : s.usedBy;
      found.set(key, { name: s.name, namespace: s.namespace, keys: s.keys, usedBy: dnsSpecific(s.name) ? `${usedBy} (${dns} clusters)` : usedBy });
    }
  }
  return [...found.values()];
}

/** DNS credentials differ by DNS provider; their usedBy says which. */
function dnsSpecific(name: string): boolean {
  return /cloudflare|route53/.test(name);
}

/**
 * Renders the component and reads back what it deploys. `version` is the chart version to render
 * with; `minimal` the smallest set of components a cluster with it may enable (it and what it
 * needs), to tell values that follow the other components from fixed ones; `base` a loaded
 * cluster whose shape the example clusters copy.
 */
export function describeGitops(component: ComponentName, version: string, base: Cluster, minimal: ReadonlySet<ComponentName>): GitopsFacts {
  const manifests = render((scope) => BLUEPRINTS[component].controllers(scope, { version }));
  const namespaces = manifests.filter((m) => m.kind === 'Namespace');
  if (namespaces.length !== 1) throw new Error(`docs: ${component} renders ${namespaces.length} namespaces; the page describes one`);
  const ns = namespaces[0]!;
  return {
    namespace: {
      name: ns.metadata!.name!,
      podSecurity: ns.metadata!.labels?.['pod-security.kubernetes.io/enforce'] ?? 'unset',
      reason: ns.metadata!.annotations?.[POD_SECURITY_REASON],
    },
    releases: releaseFacts(manifests),
    networkPolicies: manifests.filter((m) => m.kind === 'NetworkPolicy').map(policyFacts),
    platformTier: platformTier(component, base, minimal),
    configObjects: configObjects(component, base, minimal),
    secrets: secrets(component, base),
  };
}

/** How Renovate looks the component's chart up: the Helm repository index, or the OCI registry. */
export function renovateLookup(facts: GitopsFacts, tracks?: string): { datasource: 'helm' | 'docker'; depName: string; registryUrl?: string } {
  const release = facts.releases.find((r) => r.chart === tracks || r.name === tracks) ?? facts.releases[0]!;
  if (release.sourceKind === 'OCIRepository') return { datasource: 'docker', depName: release.sourceUrl.slice('oci://'.length) };
  return { datasource: 'helm', depName: release.chart, registryUrl: release.sourceUrl };
}

/** Waivers of policy/waivers.yaml that concern the component: its gitops folders or its namespace. */
export function waiversFor(component: ComponentName, namespace: string, waivers: readonly Waiver[]): Waiver[] {
  return waivers.filter((w) => {
    const [path = '', object = ''] = w.resource.split(':');
    if (['controllers', 'configs', 'services'].some((layer) => path.includes(`/${layer}/${component}/`))) return true;
    const parts = object.split('/');
    return parts.length === 3 && parts[1] === namespace;
  });
}

/** externalSecrets of policy/waivers.yaml in the component's namespace. */
export function externalSecretsFor(namespace: string, externals: readonly ExternalSecret[]): ExternalSecret[] {
  return externals.filter((e) => e.namespace === namespace);
}
