import { APPLICATION_CATALOGUE, applicationHostname } from './application-catalogue';
import { CATALOGUES, daysSince, type Catalogues } from './catalogues';
import { contains, coverWholeInternet, isWholeInternet, overlaps, parseCidr, type CidrRange } from './cidr';
import { checkApplications } from './application-rules';
import { MAIL_EXCHANGER_LABEL, MAIL_NODE_PORT_BLOCKS, publicMailTenants } from './cluster-settings';
import { K3S_INSTALLERS_FILE, k3sInstaller } from './k3s-installers';
import {
  compareMinors,
  KUBERNETES_SUPPORT,
  minorOf,
  newestOkeVersion,
  SUPPORT_FILE,
  supportedK3sReleases,
  supportStatus,
  type KubernetesSupport,
} from './kubernetes-support';
import { isPinnedImage, isRegistryReference, pinnedImageReason } from './pinned-image';
import { KEYCLOAK_DATABASE } from './platform-databases';
import { RELEASES } from './platform-releases';
import { APP_TEMPLATE_FIELDS, APP_TEMPLATES, SUBDOMAIN_SERVICES, TENANT_SERVICE_DEFAULTS, type ApplicationName, type ComponentName, type ResolvedCluster, type SubdomainService } from './schema';

/** A rule violation inside one cluster; the loader turns the path into a file and line. */
export interface Finding {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly rule: string;
  readonly message: string;
  /**
   * `warning`: reported (npm run synth and npm run check print it) but the cluster still loads.
   * @default error
   */
  readonly severity?: 'warning';
}

/** What the rules depend on besides the cluster. */
export interface RuleOptions {
  /**
   * The day support dates are judged on (rule kubernetes-end-of-life).
   * @default now
   */
  readonly today?: Date;
  /**
   * The Kubernetes support table.
   * @default the shipped config/kubernetes-support.yaml
   */
  readonly kubernetesSupport?: KubernetesSupport;
  /**
   * The cluster's environment is a production one (`production: true`; rule sso-open-to-anyone).
   * @default false
   */
  readonly production?: boolean;
  /**
   * The provider catalogues (regions, machine types).
   * @default the shipped config/catalogues/*.yaml
   */
  readonly catalogues?: Catalogues;
}

/** The Always Free allowance for Ampere A1 and block storage (per tenancy). */
export const OCI_FREE_TIER = {
  shape: 'VM.Standard.A1.Flex',
  ocpus: 4,
  memoryGb: 24,
  blockStorageGb: 200,
  loadBalancers: 1,
  /** Network load balancers (besides the flexible load balancer): a tenant's public mail on OKE. */
  networkLoadBalancers: 1,
} as const;

/**
 * Tenants per cluster: each gets an HTTPS listener on the platform Gateway (Gateway API allows 64
 * listeners; the shared HTTP and HTTPS listeners take two). PlatformGateway checks the same number.
 */
export const MAX_TENANTS = 62;

/** OKE's default boot volume when a pool does not set one. */
export const OKE_DEFAULT_BOOT_VOLUME_GB = 50;

/** Hetzner server types withdrawn in 2025-2026: the cx22 line and the cpx11/21/31 line. */
const WITHDRAWN_HCLOUD_TYPES = /^(cx[2-5]2|cpx[1-5]1)$/;

/**
 * Load balancers a cluster needs: one per ingress controller (each gets a LoadBalancer Service;
 * at least the one Terraform reserves the address for). Istio's gateway is a ClusterIP Service
 * behind the platform ingress, so it adds none.
 */
export function loadBalancerCount(cluster: ResolvedCluster): number {
  const on = (component: keyof ResolvedCluster['components']) => cluster.components[component]?.enabled === true;
  const ingressControllers = (on('envoy-gateway') ? 1 : 0) + (on('ingress-nginx') ? 1 : 0);
  return Math.max(1, ingressControllers);
}

export function checkCluster(cluster: ResolvedCluster, clusterName: string, options: RuleOptions = {}): Finding[] {
  return [
    ...checkKubernetesVersion(cluster, options.today ?? new Date(), options.kubernetesSupport ?? KUBERNETES_SUPPORT),
    ...checkCatalogue(cluster, options.catalogues ?? CATALOGUES, options.today ?? new Date()),
    ...checkNetwork(cluster),
    ...checkProviderLimits(cluster),
    ...checkProviderSettings(cluster),
    ...checkNodePools(cluster),
    ...checkFreeTier(cluster),
    ...checkComponents(cluster),
    ...checkDex(cluster),
    ...checkSignIn(cluster, options.production === true),
    ...checkAppsAndTenants(cluster),
    ...checkNamespacesAndNames(cluster, clusterName),
    ...checkTenantServices(cluster, clusterName),
    ...checkApplications(cluster),
    ...checkRestoreDatabases(cluster),
  ];
}

/**
 * The CloudNativePG Databases a cluster runs, as `<namespace>/<name>`: Keycloak's where Keycloak is
 * enabled, and each enabled company application's that uses PostgreSQL (its catalogue entry).
 */
export function clusterDatabases(cluster: ResolvedCluster): string[] {
  const databases: string[] = [];
  if (cluster.components.keycloak?.enabled === true) databases.push(`${RELEASES.keycloak.namespace}/${KEYCLOAK_DATABASE.name}`);
  for (const [app, settings] of Object.entries(cluster.applications ?? {})) {
    const info = APPLICATION_CATALOGUE[app as keyof typeof APPLICATION_CATALOGUE];
    if (settings?.enabled && info?.database) databases.push(`${info.namespace}/${info.database.name}`);
  }
  return databases.sort();
}

/**
 * `restore-database-unknown`: a `backups.restoreDatabases` entry naming no Database the cluster runs
 * (a typo, or an application or Keycloak that is off); it would be ignored and the database created empty.
 */
function checkRestoreDatabases(cluster: ResolvedCluster): Finding[] {
  const names = Object.keys(cluster.backups?.restoreDatabases ?? {});
  if (names.length === 0) return [];
  const known = clusterDatabases(cluster);
  return names
    .filter((name) => !known.includes(name))
    .map((name) => ({
      path: ['backups', 'restoreDatabases', name],
      value: name,
      rule: 'restore-database-unknown',
      message: `names no Database this cluster runs, so nothing would be restored; it runs ${known.length ? known.join(', ') : 'none'} (Keycloak's, and those of its enabled applications that use PostgreSQL)`,
    }));
}

/**
 * The cluster's Kubernetes version against config/kubernetes-support.yaml, on `today`:
 * - `kubernetes-end-of-life` (error): a k3s release whose minor is past upstream's end of life, or an
 *   OKE version past OKE's own end of support;
 * - `kubernetes-end-of-life-soon` (warning): the same within END_OF_LIFE_WARNING_DAYS (60) days;
 * - `kubernetes-not-offered` (error): an OKE minor OKE does not offer (upstream's list does not apply);
 * - `kubernetes-support-unknown` (warning): a k3s minor newer than the table knows.
 * k3s clusters are judged by vps.k3sVersion (their kubernetesVersion is unused), OKE clusters by
 * kubernetesVersion.
 */
function checkKubernetesVersion(cluster: ResolvedCluster, today: Date, support: KubernetesSupport): Finding[] {
  const oke = cluster.provider === 'oci-oke';
  const version = oke ? cluster.kubernetesVersion : cluster.vps?.k3sVersion;
  if (version === undefined) return [];
  const path = oke ? ['kubernetesVersion'] : ['vps', 'k3sVersion'];
  const status = supportStatus(oke ? 'oke' : 'k3s', version, today, support);
  if (!status) return [];
  const whose = oke ? 'OKE' : 'upstream';
  const instead = oke
    ? `move to ${newestOkeVersion(support)}, the newest version OKE offers`
    : (() => {
        const releases = supportedK3sReleases(today, support).filter((release) => compareMinors(minorOf(release)!, status.minor) > 0);
        return releases.length > 0
          ? `move to a newer supported release (${releases.join(', ')}), one minor at a time on a running cluster`
          : `add the current minors to ${SUPPORT_FILE}`;
      })();
  const finding = (rule: string, message: string, severity?: 'warning'): Finding[] => [
    { path, value: version, rule, message, ...(severity ? { severity } : {}) },
  ];
  switch (status.state) {
    case 'supported': {
      const row = oke ? support.oke.find((r) => r.minor === status.minor) : undefined;
      const patch = (v: string) => Number(/^v?\d+\.\d+\.(\d+)/.exec(v)?.[1] ?? 0);
      if (row && patch(version) > patch(row.newest)) {
        return finding(
          'kubernetes-version-unknown',
          `OKE offers Kubernetes ${status.minor} up to ${row.newest} (${SUPPORT_FILE}, from ${row.source.split(';')[0]}); ${version} is not known to exist: use ${row.newest}, or record the newer patch release in ${SUPPORT_FILE} with its source`,
        );
      }
      return [];
    }
    case 'ending':
      return finding(
        'kubernetes-end-of-life-soon',
        `Kubernetes ${status.minor} reaches ${whose} end of ${oke ? 'support' : 'life'} on ${status.until}, in ${status.daysLeft} day${status.daysLeft === 1 ? '' : 's'} (${SUPPORT_FILE}, from ${status.source}); after that it gets no fixes and the loader refuses it: ${instead}`,
        'warning',
      );
    case 'ended':
      return finding(
        'kubernetes-end-of-life',
        status.since
          ? `Kubernetes ${status.minor} is past ${whose} end of ${oke ? 'support' : 'life'} since ${status.since} and gets no fixes (${SUPPORT_FILE}, from ${status.source}): ${instead}`
          : `Kubernetes ${status.minor} is older than every minor in ${SUPPORT_FILE}, long past end of life: ${instead}`,
      );
    case 'not-offered':
      return finding(
        'kubernetes-not-offered',
        `OKE does not offer Kubernetes ${status.minor}; it offers ${status.offered.join(', ')} (${SUPPORT_FILE}, from ${status.source}), and upstream's releases do not apply to OKE: ${instead}`,
      );
    case 'unknown':
      return finding(
        'kubernetes-support-unknown',
        `Kubernetes ${status.minor} is newer than every minor in ${SUPPORT_FILE}, so its end of life is not known here; add the minor with its upstream dates, k3s release and sources`,
        'warning',
      );
  }
}

const PROVIDER_NAMES: Record<ResolvedCluster['provider'], { region: string; machineType: string }> = {
  'oci-oke': { region: 'an OCI region', machineType: 'an OCI shape' },
  'hcloud-k3s': { region: 'a Hetzner location', machineType: 'a Hetzner server type' },
  'do-k3s': { region: 'a DigitalOcean region', machineType: 'a DigitalOcean droplet size' },
};

/** What a region or machine type the catalogue lacks must still look like (the provider adapters refuse anything else). */
const UNLISTED_FORMAT: Record<ResolvedCluster['provider'], Record<'region' | 'machineType', { test: RegExp; example: string }>> = {
  'oci-oke': {
    region: { test: /^[a-z]{2}-[a-z]+-\d$/, example: 'eu-frankfurt-1' },
    machineType: { test: /^(VM|BM)\.[A-Za-z0-9.]+$/, example: 'VM.Standard.A1.Flex' },
  },
  'hcloud-k3s': {
    region: { test: /^$/, example: 'a listed location' },
    machineType: { test: /^c[a-z]*\d+$/, example: 'cax21' },
  },
  'do-k3s': {
    region: { test: /^[a-z]{3}\d$/, example: 'fra1' },
    machineType: { test: /^[a-z0-9]+(-[a-z0-9]+)+$/, example: 's-2vcpu-4gb' },
  },
};

/** A few names of a catalogue, for a message: the closest to `wanted` first. */
function someOf(names: Iterable<string>, wanted: string, count = 8): string {
  const all = [...names];
  const prefix = wanted.slice(0, 3);
  const sorted = [...all.filter((n) => n.startsWith(prefix)), ...all.filter((n) => !n.startsWith(prefix))];
  return sorted.length > count ? `${sorted.slice(0, count).join(', ')}, ...` : sorted.join(', ');
}

/**
 * The cluster's region and machine types against the provider's catalogue (config/catalogues/):
 * - `region-unknown`: a region or location the catalogue does not list;
 * - `region-realm`: an OCI region of a government or sovereign realm (an ordinary tenancy has oc1 only);
 * - `machine-type-unknown`: a shape, server type or droplet size the catalogue does not list;
 * - `machine-type-location`: a Hetzner server type the location does not sell (cax, ARM, in ash or hil);
 * - `catalogue-unlisted` (warning): a name accepted because catalogue.allowUnlisted lists it;
 * - `catalogue-stale` (warning): the source of an entry the cluster uses is older than the catalogue's staleAfterDays.
 */
function checkCatalogue(cluster: ResolvedCluster, catalogues: Catalogues, today: Date): Finding[] {
  const findings: Finding[] = [];
  const catalogue = catalogues[cluster.provider];
  const names = PROVIDER_NAMES[cluster.provider];
  const extras = cluster.catalogue?.allowUnlisted ?? [];
  const stale = new Map<string, { id: string; date: string; what: string; path: (string | number)[]; value: string }>();
  const used = (source: { id: string; date: string; what: string }, path: (string | number)[], value: string) => {
    if (!stale.has(source.id) && daysSince(source.date, today) > catalogue.staleAfterDays) stale.set(source.id, { ...source, path, value });
  };
  const unlisted = (path: (string | number)[], value: string, what: string): boolean => {
    const index = extras.indexOf(value);
    if (index < 0) return false;
    const format = UNLISTED_FORMAT[cluster.provider][path[0] === 'nodePools' ? 'machineType' : 'region'];
    if (!format.test.test(value)) {
      findings.push({ path, value, rule: 'catalogue-unlisted-format', message: `${value} is listed under catalogue.allowUnlisted but is not ${what}: it must look like ${format.example}` });
      return true;
    }
    findings.push({
      path,
      value,
      rule: 'catalogue-unlisted',
      severity: 'warning',
      message: `${value} is not in ${catalogue.file}; accepted because catalogue.allowUnlisted lists it. Check that the provider offers it (${what}), and add it to the catalogue with its source`,
    });
    return true;
  };
  const region = catalogue.regions.get(cluster.region);
  if (region) {
    used(region.source, ['region'], cluster.region);
    if (region.realm !== undefined && region.realm !== 'oc1') {
      findings.push({
        path: ['region'],
        value: cluster.region,
        rule: 'region-realm',
        message: `${cluster.region} belongs to OCI realm ${region.realm} (government or sovereign cloud), which an ordinary tenancy cannot use; choose a commercial (oc1) region such as eu-frankfurt-1 (${catalogue.file})`,
      });
    }
  } else if (cluster.provider === 'hcloud-k3s' || !unlisted(['region'], cluster.region, names.region)) {
    findings.push({
      path: ['region'],
      value: cluster.region,
      rule: 'region-unknown',
      message:
        `${cluster.region} is not ${names.region} in ${catalogue.file}; known: ${someOf(catalogue.regions.keys(), cluster.region)}` +
        (cluster.provider === 'hcloud-k3s' ? ' (a new location needs its network zone added to the catalogue)' : '. A region opened since: add it to catalogue.allowUnlisted'),
    });
  }
  const home = cluster.provider === 'oci-oke' ? cluster.oci?.homeRegion : undefined;
  if (home !== undefined) {
    const entry = catalogue.regions.get(home);
    if (entry) used(entry.source, ['oci', 'homeRegion'], home);
    else if (!unlisted(['oci', 'homeRegion'], home, names.region)) {
      findings.push({
        path: ['oci', 'homeRegion'],
        value: home,
        rule: 'region-unknown',
        message: `${home} is not ${names.region} in ${catalogue.file}; known: ${someOf(catalogue.regions.keys(), home)}. A region opened since: add it to catalogue.allowUnlisted`,
      });
    }
  }
  for (const [name, pool] of Object.entries(cluster.nodePools)) {
    const path = ['nodePools', name, 'machineType'];
    const type = catalogue.machineTypes.get(pool.machineType);
    if (!type) {
      if (cluster.provider === 'hcloud-k3s' && WITHDRAWN_HCLOUD_TYPES.test(pool.machineType)) continue; // machine-type-withdrawn says it
      if (unlisted(path, pool.machineType, names.machineType)) continue;
      findings.push({
        path,
        value: pool.machineType,
        rule: 'machine-type-unknown',
        message: `${pool.machineType} is not ${names.machineType} in ${catalogue.file}; known: ${someOf(catalogue.machineTypes.keys(), pool.machineType)}. A type offered since: add it to catalogue.allowUnlisted`,
      });
      continue;
    }
    used(type.source, path, pool.machineType);
    if (type.locations !== 'all' && region && !type.locations.includes(cluster.region)) {
      findings.push({
        path,
        value: pool.machineType,
        rule: 'machine-type-location',
        message: `${pool.machineType} (${type.arch}) is not sold in ${cluster.region}, only in ${type.locations.join(', ')} (${catalogue.file}, from ${type.source.what.split(':')[0]}); choose a type sold there or move the cluster`,
      });
    }
  }
  for (const source of stale.values()) {
    findings.push({
      path: source.path,
      value: source.value,
      rule: 'catalogue-stale',
      severity: 'warning',
      message: `${catalogue.file} has ${source.value} from source ${source.id}, read ${source.date}, more than ${catalogue.staleAfterDays} days ago (${daysSince(source.date, today)}): check the provider's current list (${source.what.slice(0, 60)}...), update the entries and the source's date`,
    });
  }
  return findings;
}

function checkNetwork(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  const parsed = new Map<string, CidrRange>();
  const parse = (path: (string | number)[], value: string): CidrRange | undefined => {
    const result = parseCidr(value);
    if (typeof result === 'string') {
      findings.push({ path, value, rule: 'cidr-syntax', message: `${value} ${result}` });
      return undefined;
    }
    parsed.set(path.join('.'), result);
    return result;
  };
  const { network } = cluster;
  const node = parse(['network', 'nodeCidr'], network.nodeCidr);
  const pub = parse(['network', 'subnets', 'public'], network.subnets.public);
  const nodes = parse(['network', 'subnets', 'nodes'], network.subnets.nodes);
  const pod = parse(['network', 'podCidr'], network.podCidr);
  const service = parse(['network', 'serviceCidr'], network.serviceCidr);
  const admins: [number, string, CidrRange][] = [];
  network.adminCidrs.forEach((text, i) => {
    const admin = parse(['network', 'adminCidrs', i], text);
    if (admin) admins.push([i, text, admin]);
    if (admin && isWholeInternet(admin)) {
      findings.push({
        path: ['network', 'adminCidrs', i],
        value: text,
        rule: 'admin-cidr-open',
        message: 'opens the Kubernetes API and SSH to the whole internet; list your office or VPN ranges instead',
      });
    }
  });

  for (const family of ['ipv4', 'ipv6'] as const) {
    const ranges = admins.map(([, , range]) => range);
    if (!ranges.some((r) => r.family === family && isWholeInternet(r)) && coverWholeInternet(ranges, family)) {
      const index = admins.filter(([, , r]) => r.family === family).at(-1)![0];
      findings.push({
        path: ['network', 'adminCidrs'],
        value: network.adminCidrs,
        rule: 'admin-cidr-union',
        message: `together the ranges cover the whole ${family === 'ipv4' ? 'IPv4' : 'IPv6'} internet (as ${network.adminCidrs[index]} and the others before it do, like ${family === 'ipv4' ? '0.0.0.0/1 with 128.0.0.0/1' : '::/1 with 8000::/1'}): that opens the Kubernetes API and SSH to everyone; list your office or VPN ranges instead`,
      });
    }
  }

  // The ingress hides client addresses (TCP load balancers, externalTrafficPolicy Cluster): Envoy
  // sees every client from outside as a node address, and pods that reach it in-cluster with their
  // own. An admin range covering those would let everyone through the Gateway's admin fences.
  for (const [i, text, admin] of admins) {
    if (isWholeInternet(admin)) continue;
    for (const [name, range] of [
      ['nodeCidr', node],
      ['podCidr', pod],
      ['serviceCidr', service],
    ] as const) {
      if (range && overlaps(admin, range)) {
        findings.push({
          path: ['network', 'adminCidrs', i],
          value: text,
          rule: 'admin-cidr-internal',
          message:
            `overlaps network.${name} ${range.cidr}: the ingress sees clients from outside with node addresses (the load balancers do not pass client addresses on) and pods with their own, ` +
            'so the Gateway\'s admin-range fences (Vault, Keycloak\'s admin console) would let everyone through; list your office or VPN ranges instead, and reach the cluster\'s inside through the Kubernetes API (kubectl port-forward)',
        });
        break;
      }
    }
  }

  for (const [key, subnet] of [
    ['public', pub],
    ['nodes', nodes],
  ] as const) {
    if (subnet && node && !contains(node, subnet)) {
      findings.push({
        path: ['network', 'subnets', key],
        value: subnet.cidr,
        rule: 'subnet-in-network',
        message: `subnet ${subnet.cidr} is not inside network.nodeCidr ${node.cidr}`,
      });
    }
  }
  if (pub && nodes && overlaps(pub, nodes)) {
    findings.push({
      path: ['network', 'subnets', 'nodes'],
      value: nodes.cidr,
      rule: 'cidr-overlap',
      message: `subnet ${nodes.cidr} overlaps subnets.public ${pub.cidr}`,
    });
  }
  const ranges = [
    ['nodeCidr', node],
    ['podCidr', pod],
    ['serviceCidr', service],
  ] as const;
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [nameA, a] = ranges[i]!;
      const [nameB, b] = ranges[j]!;
      if (a && b && overlaps(a, b)) {
        findings.push({
          path: ['network', nameB],
          value: b.cidr,
          rule: 'cidr-overlap',
          message: `${nameB} ${b.cidr} overlaps network.${nameA} ${a.cidr}; node, pod and service ranges must be disjoint`,
        });
      }
    }
  }
  return findings;
}

/** Kubernetes label key (optional DNS-subdomain prefix) and value syntax. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** k3s gives the first server a fixed private address this many hosts into the nodes subnet. */
const FIXED_SERVER_HOST = 10;

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  return LABEL_NAME.test(name) && (slash < 0 || LABEL_PREFIX.test(key.slice(0, slash)));
}

/** What the provider adapters and constructs accept, checked here so bad input never crashes synth. */
function checkProviderLimits(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  if (cluster.vps && Object.keys(cluster.vps.sshKeys).length === 0) {
    findings.push({ path: ['vps', 'sshKeys'], value: {}, rule: 'vps-ssh-keys', message: 'list at least one public SSH key: the servers allow no password login' });
  }
  const seen = new Set<string>();
  cluster.network.adminCidrs.forEach((cidr, i) => {
    if (seen.has(cidr)) findings.push({ path: ['network', 'adminCidrs', i], value: cidr, rule: 'admin-cidr-duplicate', message: `${cidr} is listed twice` });
    seen.add(cidr);
  });
  const node = parseCidr(cluster.network.nodeCidr);
  if (typeof node !== 'string') {
    if (cluster.provider === 'oci-oke' && (node.family !== 'ipv4' || node.last - node.first + 1n > 65536n)) {
      findings.push({ path: ['network', 'nodeCidr'], value: node.cidr, rule: 'vcn-size', message: 'an OCI VCN takes an IPv4 block of /16 or smaller' });
    }
    const rfc1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as CidrRange);
    if (cluster.provider !== 'oci-oke' && !rfc1918.some((range) => contains(range, node))) {
      findings.push({ path: ['network', 'nodeCidr'], value: node.cidr, rule: 'private-network', message: 'a k3s private network must be an RFC 1918 range (10/8, 172.16/12, 192.168/16)' });
    }
  }
  if (cluster.provider === 'oci-oke') {
    // The OCI network and OKE take IPv4 blocks only (constructs/oci/validation.ts).
    const ipv6 = (text: string) => {
      const range = parseCidr(text);
      return typeof range !== 'string' && range.family === 'ipv6';
    };
    for (const field of ['podCidr', 'serviceCidr'] as const) {
      if (ipv6(cluster.network[field])) findings.push({ path: ['network', field], value: cluster.network[field], rule: 'oke-ipv4', message: 'OKE takes IPv4 pod and service ranges only' });
    }
    cluster.network.adminCidrs.forEach((cidr, i) => {
      if (ipv6(cidr)) findings.push({ path: ['network', 'adminCidrs', i], value: cidr, rule: 'oke-ipv4', message: 'the OCI security lists of this stack take IPv4 admin ranges only' });
    });
    if (!/^v?\d+\.\d+\.\d+$/.test(cluster.kubernetesVersion)) {
      findings.push({ path: ['kubernetesVersion'], value: cluster.kubernetesVersion, rule: 'kubernetes-version-format', message: 'OKE takes a plain release such as 1.34.2 (no pre-release or build suffix)' });
    }
  }
  const nodes = parseCidr(cluster.network.subnets.nodes);
  if (cluster.provider !== 'oci-oke' && typeof nodes !== 'string') {
    const needed = BigInt(FIXED_SERVER_HOST + Object.values(cluster.nodePools).reduce((sum, p) => sum + p.count, 0) + 2);
    if (nodes.last - nodes.first + 1n < needed) {
      findings.push({ path: ['network', 'subnets', 'nodes'], value: nodes.cidr, rule: 'subnet-size', message: `too small: k3s needs at least ${needed} addresses here (fixed server address at host ${FIXED_SERVER_HOST} plus every node)` });
    }
  }
  for (const [name, pool] of Object.entries(cluster.nodePools)) {
    for (const [key, value] of Object.entries(pool.labels ?? {})) {
      if (!isLabelKey(key) || !(value === '' || LABEL_NAME.test(value))) {
        findings.push({ path: ['nodePools', name, 'labels'], value: { [key]: value }, rule: 'node-label', message: `${key}=${value} is not a valid Kubernetes label` });
      }
    }
  }
  return findings;
}

function checkProviderSettings(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  if (cluster.provider === 'oci-oke' && !cluster.oci) {
    findings.push({ path: ['oci'], value: undefined, rule: 'provider-settings', message: 'an oci-oke cluster needs an oci: section (compartment, tenancy, profile)' });
  }
  if (cluster.provider !== 'oci-oke' && !cluster.vps) {
    findings.push({ path: ['vps'], value: undefined, rule: 'provider-settings', message: `a ${cluster.provider} cluster needs a vps: section (k3sVersion, sshKeys)` });
  }
  if (cluster.provider === 'oci-oke' && cluster.oci) {
    const { compartmentOcid, tenancyOcid, allowTenancyCompartment } = cluster.oci;
    if ((compartmentOcid.startsWith('ocid1.tenancy.') || compartmentOcid === tenancyOcid) && allowTenancyCompartment !== true) {
      findings.push({
        path: ['oci', 'compartmentOcid'],
        value: compartmentOcid,
        rule: 'oci-compartment-tenancy',
        message:
          'is the tenancy (the root compartment): the cluster and its nodes would live there, and the nodes\' IAM policy would let them manage block volumes and load balancers ' +
          'and use the networks of every compartment in the tenancy; create a compartment for the cluster (Identity > Compartments) and give its OCID, ' +
          'or set oci.allowTenancyCompartment: true to accept tenancy-wide node permissions',
      });
    }
  }
  if (cluster.vps && !k3sInstaller(cluster.vps.k3sVersion)) {
    // Every node checks the install script against this record before running it as root.
    findings.push({
      path: ['vps', 'k3sVersion'],
      value: cluster.vps.k3sVersion,
      rule: 'k3s-install-script',
      message: `no k3s install script is recorded for ${cluster.vps.k3sVersion}: add the release with the ref and sha256 of its install.sh to ${K3S_INSTALLERS_FILE} (the file says how)`,
    });
  }
  if (cluster.provider !== 'oci-oke' && cluster.freeTier) {
    findings.push({ path: ['freeTier'], value: true, rule: 'free-tier-provider', message: 'freeTier applies to OCI (oci-oke) clusters only' });
  }
  if (cluster.dns.proxied && cluster.dns.provider !== 'cloudflare') {
    findings.push({ path: ['dns', 'proxied'], value: true, rule: 'dns-proxied', message: 'only Cloudflare can proxy records; set proxied: false for route53' });
  }
  if (cluster.dns.proxied && cluster.dns.provider === 'cloudflare' && cluster.dns.subdomain) {
    const { zone, subdomain } = cluster.dns;
    findings.push({
      path: ['dns', 'proxied'],
      value: true,
      rule: 'dns-proxied-depth',
      message: `Cloudflare's free edge certificate covers ${zone} and *.${zone} only; the cluster's hosts (grafana.${subdomain}.${zone}, ...) sit two labels down and would fail TLS at the edge: set proxied: false, or drop dns.subdomain to serve at the zone itself`,
    });
  }
  return findings;
}

function checkNodePools(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  const pools = Object.entries(cluster.nodePools);
  if (pools.length === 0) {
    findings.push({ path: ['nodePools'], value: {}, rule: 'node-pools', message: 'a cluster needs at least one node pool (set size: or nodePools:)' });
  }
  let controlPlaneNodes = 0;
  for (const [name, pool] of pools) {
    const at = (field: string) => ['nodePools', name, field];
    if (pool.role === 'control-plane') controlPlaneNodes += pool.count;
    if (cluster.provider === 'oci-oke') {
      if (pool.role === 'control-plane') {
        findings.push({ path: at('role'), value: pool.role, rule: 'node-pool-role', message: 'OKE manages the control plane; OKE pools are workers' });
      }
      if (pool.machineType.endsWith('.Flex')) {
        if (pool.ocpus === undefined) findings.push({ path: at('ocpus'), value: undefined, rule: 'flex-shape', message: 'a .Flex shape needs ocpus' });
        if (pool.memoryGb === undefined) findings.push({ path: at('memoryGb'), value: undefined, rule: 'flex-shape', message: 'a .Flex shape needs memoryGb' });
      }
    } else {
      for (const field of ['ocpus', 'memoryGb', 'bootVolumeGb'] as const) {
        if (pool[field] !== undefined) {
          findings.push({ path: at(field), value: pool[field], rule: 'machine-type', message: `${field} applies to OCI shapes only; ${cluster.provider} sizes are fixed by machineType` });
        }
      }
      if (cluster.provider === 'hcloud-k3s' && WITHDRAWN_HCLOUD_TYPES.test(pool.machineType)) {
        findings.push({ path: at('machineType'), value: pool.machineType, rule: 'machine-type-withdrawn', message: 'Hetzner withdrew this server type; use the cax (ARM) or cx23/cpx22 lines' });
      }
    }
  }
  if (cluster.provider !== 'oci-oke' && pools.length > 0 && (controlPlaneNodes === 0 || controlPlaneNodes % 2 === 0)) {
    findings.push({
      path: ['nodePools'],
      value: controlPlaneNodes,
      rule: 'k3s-control-plane',
      message: `k3s needs an odd number of control-plane nodes (1 or 3) for etcd quorum; found ${controlPlaneNodes}`,
    });
  }
  return findings;
}

/** OCI's smallest block volume: a claim for less gets (and bills) this much. */
export const OCI_MIN_BLOCK_VOLUME_GB = 50;

/**
 * Persistent volumes each component claims with the values the constructs ship (their baseValues;
 * config does not import the constructs, tests/config/rules.test.ts keeps the two equal). A values
 * override that changes a size is not seen here.
 */
export const COMPONENT_VOLUMES: Partial<Record<ComponentName, readonly { readonly what: string; readonly gb: number }[]>> = {
  'kube-prometheus-stack': [
    { what: 'Prometheus', gb: 20 },
    { what: 'Alertmanager', gb: 2 },
  ],
  loki: [{ what: 'Loki', gb: 10 }],
  tempo: [{ what: 'Tempo', gb: 10 }],
  vault: [1, 2, 3].flatMap((n) => [
    { what: `Vault data ${n}`, gb: 10 },
    { what: `Vault audit ${n}`, gb: 5 },
  ]),
  keycloak: [{ what: 'Keycloak database', gb: 5 }],
};

/** What a free-tier OKE cluster takes of its tenancy's Always Free allowance. */
export interface FreeTierUsage {
  readonly ocpus: number;
  readonly memoryGb: number;
  /** Boot volumes of every node. */
  readonly bootGb: number;
  /** Block volumes the enabled components, tenant services and apps claim, each at least OCI_MIN_BLOCK_VOLUME_GB. */
  readonly volumes: readonly { readonly what: string; readonly gb: number }[];
}

export function freeTierUsage(cluster: ResolvedCluster): FreeTierUsage {
  let ocpus = 0;
  let memoryGb = 0;
  let bootGb = 0;
  for (const pool of Object.values(cluster.nodePools)) {
    ocpus += (pool.ocpus ?? 0) * pool.count;
    memoryGb += (pool.memoryGb ?? 0) * pool.count;
    bootGb += (pool.bootVolumeGb ?? OKE_DEFAULT_BOOT_VOLUME_GB) * pool.count;
  }
  const claims: { what: string; gb: number }[] = [];
  for (const [component, volumes] of Object.entries(COMPONENT_VOLUMES)) {
    if (cluster.components[component as ComponentName]?.enabled === true) claims.push(...volumes!);
  }
  for (const [name, tenant] of Object.entries(cluster.tenants)) {
    if (tenant.identity) claims.push({ what: `${name}'s Kanidm`, gb: tenant.identity.storageGb ?? TENANT_SERVICE_DEFAULTS.identityStorageGb });
    if (tenant.mail) {
      claims.push({ what: `${name}'s Stalwart`, gb: tenant.mail.storageGb ?? TENANT_SERVICE_DEFAULTS.mailStorageGb });
      claims.push({ what: `${name}'s Stalwart configuration`, gb: TENANT_SERVICE_DEFAULTS.mailConfigStorageGb });
    }
  }
  for (const [name, app] of Object.entries(cluster.apps)) {
    if (app.template === 'stateful-app') claims.push({ what: `app ${name}`, gb: (app.storageGb ?? 1) * (app.replicas ?? 1) });
  }
  for (const [name, settings] of Object.entries(cluster.applications ?? {})) {
    if (settings?.enabled !== true) continue;
    const info = APPLICATION_CATALOGUE[name as keyof typeof APPLICATION_CATALOGUE];
    const data = settings.storageGb ?? info.storageGb;
    if (data > 0) claims.push({ what: `application ${name}`, gb: data });
    if (info.database) {
      for (let i = 1; i <= (settings.database?.instances ?? 1); i++) claims.push({ what: `application ${name}'s database ${i}`, gb: settings.database?.storageGb ?? 5 });
    }
  }
  const volumes = claims.map((c) => ({ what: c.what, gb: Math.max(OCI_MIN_BLOCK_VOLUME_GB, c.gb) }));
  return { ocpus, memoryGb, bootGb, volumes };
}

/** "210 GB (150 GB of boot volumes, 2 volumes of 50 GB: Prometheus, Alertmanager)". */
function storageText(usage: { bootGb: number; volumes: readonly { what: string; gb: number }[] }): string {
  const volumeGb = usage.volumes.reduce((sum, v) => sum + v.gb, 0);
  const listed = usage.volumes.length > 6 ? `${usage.volumes.slice(0, 6).map((v) => v.what).join(', ')}, ...` : usage.volumes.map((v) => v.what).join(', ');
  return `${usage.bootGb + volumeGb} GB (${usage.bootGb} GB of boot volumes` + (usage.volumes.length > 0 ? `, ${usage.volumes.length} block volume${usage.volumes.length === 1 ? '' : 's'} of ${volumeGb} GB for ${listed}, each at least OCI's ${OCI_MIN_BLOCK_VOLUME_GB} GB)` : ')');
}

function checkFreeTier(cluster: ResolvedCluster): Finding[] {
  if (cluster.provider !== 'oci-oke' || !cluster.freeTier) return [];
  const findings: Finding[] = [];
  for (const [name, pool] of Object.entries(cluster.nodePools)) {
    if (pool.machineType !== OCI_FREE_TIER.shape) {
      findings.push({
        path: ['nodePools', name, 'machineType'],
        value: pool.machineType,
        rule: 'free-tier-shape',
        message: `with freeTier: true only ${OCI_FREE_TIER.shape} is free`,
      });
    }
  }
  const usage = freeTierUsage(cluster);
  const over = (what: string, total: number, limit: number, unit: string, rule: string) =>
    findings.push({
      path: ['nodePools'],
      value: total,
      rule,
      message: `with freeTier: true the node pools total ${total}${unit} ${what}; the Always Free limit is ${limit}${unit}`,
    });
  if (usage.ocpus > OCI_FREE_TIER.ocpus) over('OCPUs', usage.ocpus, OCI_FREE_TIER.ocpus, '', 'free-tier-ocpus');
  if (usage.memoryGb > OCI_FREE_TIER.memoryGb) over('memory', usage.memoryGb, OCI_FREE_TIER.memoryGb, ' GB', 'free-tier-memory');
  const storage = usage.bootGb + usage.volumes.reduce((sum, v) => sum + v.gb, 0);
  if (storage > OCI_FREE_TIER.blockStorageGb) {
    findings.push({
      path: ['nodePools'],
      value: storage,
      rule: 'free-tier-storage',
      message: `with freeTier: true the cluster takes ${storageText(usage)} of block storage; the Always Free limit is ${OCI_FREE_TIER.blockStorageGb} GB per tenancy: fewer or smaller boot volumes, or fewer components with volumes`,
    });
  }
  const balancers = loadBalancerCount(cluster);
  if (balancers > OCI_FREE_TIER.loadBalancers) {
    findings.push({
      path: ['components'],
      value: balancers,
      rule: 'free-tier-load-balancers',
      message: `with freeTier: true at most ${OCI_FREE_TIER.loadBalancers} load balancer is free; these components need ${balancers} (enable one ingress controller only)`,
    });
  }
  return findings;
}

/** Components that need another one running first (the seed's dependency order). */
const REQUIRES: Record<string, readonly string[]> = {
  'envoy-gateway': ['cert-manager'],
  'ingress-nginx': ['cert-manager'],
  vault: ['cert-manager'],
  openbao: ['cert-manager'],
  istio: ['cert-manager'],
  'external-dns': [],
  loki: ['kube-prometheus-stack'],
  tempo: ['kube-prometheus-stack'],
  alloy: ['loki'],
  'opentelemetry-collector': ['cert-manager'],
  dex: ['cert-manager'],
  // Its barman-cloud plugin (backups) gets the certificates of its link to the operator from cert-manager.
  'cloudnative-pg': ['cert-manager'],
  keycloak: ['cloudnative-pg'],
};

/** Components that only make sense on some providers, and why. */
const PROVIDER_ONLY: Record<string, { readonly providers: readonly string[]; readonly message: string }> = {
  metallb: { providers: ['hcloud-k3s', 'do-k3s'], message: 'MetalLB is for k3s VPS clusters; OKE provides load balancers' },
  longhorn: { providers: ['hcloud-k3s', 'do-k3s'], message: 'Longhorn is for k3s VPS clusters; OKE clusters use OCI block volumes (StorageClass oci-block)' },
  cilium: { providers: ['hcloud-k3s', 'do-k3s'], message: 'Cilium replaces flannel on k3s clusters; OKE sets its CNI with oci.cniType' },
};

function checkComponents(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  const enabled = (name: string) => cluster.components[name as keyof typeof cluster.components]?.enabled === true;
  for (const [name, settings] of Object.entries(cluster.components)) {
    if (!settings?.enabled) continue;
    for (const needed of REQUIRES[name] ?? []) {
      if (!enabled(needed)) {
        findings.push({ path: ['components', name, 'enabled'], value: true, rule: 'component-requires', message: `${name} needs ${needed} enabled` });
      }
    }
  }
  if (enabled('external-dns') && !enabled('envoy-gateway') && !enabled('ingress-nginx')) {
    findings.push({ path: ['components', 'external-dns', 'enabled'], value: true, rule: 'component-requires', message: 'external-dns needs an ingress controller (envoy-gateway or ingress-nginx) enabled' });
  }
  for (const [name, only] of Object.entries(PROVIDER_ONLY)) {
    if (enabled(name) && !only.providers.includes(cluster.provider)) {
      findings.push({ path: ['components', name, 'enabled'], value: true, rule: 'component-provider', message: only.message });
    }
  }
  if (enabled('oauth2-proxy') && !enabled('dex') && !enabled('keycloak')) {
    findings.push({ path: ['components', 'oauth2-proxy', 'enabled'], value: true, rule: 'component-requires', message: 'oauth2-proxy needs an identity provider (dex or keycloak) enabled' });
  }
  if (enabled('oauth2-proxy') && !enabled('envoy-gateway') && !enabled('ingress-nginx')) {
    // Its sign-in pages and callback live at auth.<domain>, and it guards routes of that ingress.
    findings.push({ path: ['components', 'oauth2-proxy', 'enabled'], value: true, rule: 'component-requires', message: 'oauth2-proxy needs an ingress controller (envoy-gateway or ingress-nginx) enabled: it signs users in at auth.<domain> and guards the routes of UIs without a login' });
  }
  if (enabled('velero') && !cluster.backups) {
    findings.push({ path: ['components', 'velero', 'enabled'], value: true, rule: 'component-settings', message: 'velero needs backups: (S3-compatible endpoint, bucket, region, schedule, retentionDays)' });
  }
  if (cluster.alerting && Object.keys(cluster.alerting.receivers).length > 0 && !enabled('kube-prometheus-stack')) {
    findings.push({ path: ['alerting', 'receivers'], value: Object.keys(cluster.alerting.receivers).join(', '), rule: 'component-requires', message: 'alerting.receivers are Alertmanager\'s: enable kube-prometheus-stack' });
  }
  if (enabled('vault') && enabled('openbao')) {
    // Both would answer at the same host (subdomains.vault) and tenants' roles would exist twice.
    findings.push({ path: ['components', 'openbao', 'enabled'], value: true, rule: 'secrets-manager-one', message: 'enable one secrets server: openbao (MPL-2.0, the default for new clusters) or vault (BSL 1.1), not both' });
  }
  if (cluster.oci?.kmsUnseal && !enabled('vault') && !enabled('openbao')) {
    findings.push({ path: ['oci', 'kmsUnseal'], value: cluster.oci.kmsUnseal.keyOcid, rule: 'component-settings', message: 'oci.kmsUnseal unseals the openbao or vault component; enable one of them or remove it' });
  }
  findings.push(...checkIngressNginxAddress(cluster));
  if (enabled('ingress-nginx')) {
    findings.push({
      path: ['components', 'ingress-nginx', 'enabled'],
      value: true,
      rule: 'ingress-nginx-enabled',
      severity: 'warning',
      message:
        'ingress-nginx is retired upstream (March 2026: no more releases or security fixes); it stays only as an opt-in. Use envoy-gateway (the default ingress: Gateway API HTTPRoutes) and turn ingress-nginx off',
    });
  }
  return findings;
}

/**
 * On k3s (no servicelb) ingress-nginx's LoadBalancer Service gets an address only from MetalLB's
 * ingress pool, and Helm waits for that address before the release counts as installed; so does
 * infra-controllers, where the release is. Next to Envoy Gateway the Service asks for no address
 * and the pool (autoAssign: false) gives it none: it stays pending forever. As the only ingress with
 * MetalLB it asks for the pool's address, but the pool is an object of infra-configs, which waits
 * for infra-controllers: the first bootstrap deadlocks. Without MetalLB it is a NodePort Service on
 * the fixed ingress ports behind the cloud load balancer, which works.
 */
function checkIngressNginxAddress(cluster: ResolvedCluster): Finding[] {
  const enabled = (name: keyof ResolvedCluster['components']) => cluster.components[name]?.enabled === true;
  if (cluster.provider === 'oci-oke' || !enabled('ingress-nginx')) return [];
  const at = { path: ['components', 'ingress-nginx', 'enabled'], value: true, rule: 'ingress-nginx-address' };
  if (enabled('envoy-gateway')) {
    return [
      {
        ...at,
        message:
          'on k3s a second ingress controller gets no address: its LoadBalancer Service stays pending (k3s runs without servicelb, MetalLB\'s pool only holds the ingress address Envoy Gateway claims), and Helm, infra-controllers and every layer after it wait for it forever; use one ingress controller (envoy-gateway, the default, or ingress-nginx with envoy-gateway off)',
      },
    ];
  }
  if (enabled('metallb')) {
    return [
      {
        ...at,
        message:
          'with MetalLB, ingress-nginx\'s LoadBalancer Service waits for the address of MetalLB\'s ingress pool, which infra-configs creates only after infra-controllers (where Helm waits for that address) is ready: the first bootstrap deadlocks; turn metallb off (ingress-nginx then serves the fixed ingress node ports behind the cloud load balancer) or use envoy-gateway',
      },
    ];
  }
  return [];
}

/** `components.dex.values.config` as merged from every layer, when it is a map. */
function dexValuesConfig(cluster: ResolvedCluster): Record<string, unknown> {
  const config = cluster.components.dex?.values?.config;
  return config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
}

/**
 * Dex must have a way to sign users in: it refuses to start ("no connectors specified") with no
 * connector and the password database off (its default here), and everything behind it (OAuth2-Proxy,
 * the static clients) fails with it. Connectors come from `identity.dexConnectors` (typed, secrets
 * by name) or, raw, from `config.connectors` in the component's values; not both, since the values'
 * list would replace the generated one (lists are replaced, not merged).
 */
function checkDex(cluster: ResolvedCluster): Finding[] {
  if (cluster.components.dex?.enabled !== true) return [];
  const findings: Finding[] = [];
  const typed = Object.entries(cluster.identity?.dexConnectors ?? {});
  const config = dexValuesConfig(cluster);
  const raw = Array.isArray(config.connectors) ? config.connectors : [];
  if (typed.length === 0 && raw.length === 0 && config.enablePasswordDB !== true) {
    findings.push({
      path: ['components', 'dex', 'enabled'],
      value: true,
      rule: 'dex-no-connectors',
      message:
        'Dex refuses to start with "no connectors specified": it has no connector and enablePasswordDB is false, so nobody could sign in and OAuth2-Proxy fails with it. ' +
        'Add an upstream login under identity.dexConnectors, e.g. github: { type: github, name: GitHub, clientId: <OAuth app client id>, orgs: [{ name: <your org> }] }, ' +
        'and its client secret as the SOPS Secret dex/dex-connector-github (key clientSecret, listed in the cluster\'s SECRETS.md); ' +
        'or, for a throw-away cluster only, set components.dex.values.config.enablePasswordDB: true with staticPasswords',
    });
  }
  if (typed.length > 0 && raw.length > 0) {
    findings.push({
      path: ['components', 'dex', 'values', 'config', 'connectors'],
      value: raw.length,
      rule: 'dex-connectors-twice',
      message: 'connectors are set both in identity.dexConnectors and in components.dex.values.config.connectors; the values\' list would replace the generated one (lists are replaced, not merged): keep one',
    });
  }
  for (const [id, connector] of typed) {
    const at = (field: string) => ['identity', 'dexConnectors', id, field];
    if (connector.type === 'github') {
      if (!connector.orgs || connector.orgs.length === 0) {
        findings.push({ path: at('orgs'), value: connector.orgs, rule: 'dex-connector-settings', message: 'a github connector needs orgs: without it any GitHub user could sign in to the platform' });
      }
      for (const field of ['issuer', 'scopes'] as const) {
        if (connector[field] !== undefined) findings.push({ path: at(field), value: connector[field], rule: 'dex-connector-settings', message: `${field} is for oidc connectors; a github connector does not take it` });
      }
    } else {
      if (!connector.issuer) findings.push({ path: at('issuer'), value: undefined, rule: 'dex-connector-settings', message: 'an oidc connector needs issuer: (the upstream provider\'s https:// issuer URL)' });
      if (connector.orgs !== undefined) findings.push({ path: at('orgs'), value: connector.orgs, rule: 'dex-connector-settings', message: 'orgs is for github connectors; restrict an oidc connector at the upstream provider' });
    }
  }
  return findings;
}

/**
 * Who may sign in to the platform UIs behind single sign-on (OAuth2-Proxy's protected routes,
 * Grafana): in a production environment never anyone the identity provider accepts (an email
 * domain of `*` and no group). And Grafana's sign-in through Dex needs Dex's `grafana` client.
 */
function checkSignIn(cluster: ResolvedCluster, production: boolean): Finding[] {
  const findings: Finding[] = [];
  const enabled = (name: keyof ResolvedCluster['components']) => cluster.components[name]?.enabled === true;
  const ingress = enabled('envoy-gateway') || enabled('ingress-nginx');
  const idp = enabled('dex') || enabled('keycloak');
  const grafanaSso = enabled('kube-prometheus-stack') && idp && ingress;
  const users = [...(enabled('oauth2-proxy') ? ['OAuth2-Proxy'] : []), ...(grafanaSso ? ['Grafana'] : [])];
  const domains = cluster.identity?.allowedEmailDomains;
  const groups = cluster.identity?.allowedGroups;
  if (production && users.length > 0) {
    const star = domains?.indexOf('*') ?? -1;
    if (star >= 0) {
      findings.push({
        path: ['identity', 'allowedEmailDomains', star],
        value: '*',
        rule: 'sso-open-to-anyone',
        message: `admits every address the identity provider accepts to ${users.join(' and ')} in a production environment; list your email domains (e.g. example.org) or set identity.allowedGroups`,
      });
    } else if (!domains && !groups) {
      findings.push({
        path: ['identity', 'allowedEmailDomains'],
        value: undefined,
        rule: 'sso-open-to-anyone',
        message:
          `${users.join(' and ')} would admit every identity the identity provider accepts (email domain "*") in a production environment: ` +
          'set identity.allowedEmailDomains (e.g. [example.org]) or identity.allowedGroups (e.g. [example:platform] with Dex and GitHub)',
      });
    }
  }
  if (grafanaSso && enabled('dex') && !cluster.identity?.dexClients?.grafana) {
    findings.push({
      path: ['identity', 'dexClients', 'grafana'],
      value: undefined,
      rule: 'grafana-sso-client',
      message:
        'Grafana signs in through Dex (its login form is off) with the static client grafana, which is missing: add identity.dexClients.grafana ' +
        '(name: Grafana; the redirect URI https://<grafana host>/login/generic_oauth is added for you) and its secret as dex/dex-client-grafana and monitoring/grafana-oauth (SECRETS.md)',
    });
  }
  return findings;
}

function checkAppsAndTenants(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  for (const [name, app] of Object.entries(cluster.apps)) {
    const at = (field: string) => ['apps', name, field];
    if (!(APP_TEMPLATES as readonly string[]).includes(app.template)) {
      findings.push({ path: at('template'), value: app.template, rule: 'reference-template', message: `no app template named ${app.template}; known: ${APP_TEMPLATES.join(', ')}` });
    }
    if (!cluster.tenants[app.tenant]) {
      const known = Object.keys(cluster.tenants);
      findings.push({ path: at('tenant'), value: app.tenant, rule: 'reference-tenant', message: `no tenant named ${app.tenant} in this cluster; known: ${known.length ? known.join(', ') : '(none)'}` });
    }
    if (app.template === 'helm-app' && !app.chart) {
      findings.push({ path: at('chart'), value: undefined, rule: 'app-settings', message: 'a helm-app needs chart: {repository, name, version}' });
    }
    if ((app.template === 'kustomize-app' || app.template === 'stateful-app') && !app.image) {
      findings.push({ path: at('image'), value: undefined, rule: 'app-settings', message: `a ${app.template} needs image:` });
    }
    if (app.image && !isRegistryReference(app.image)) {
      findings.push({ path: at('image'), value: app.image, rule: 'image-pinned', message: 'must be registry/name:tag or registry/name@sha256:digest' });
    } else if (app.image && !isPinnedImage(app.image)) {
      // The rule the app constructs throw with (constructs/apps/image.ts checkPinnedImage).
      findings.push({ path: at('image'), value: app.image, rule: 'image-pinned', message: pinnedImageReason() });
    }
    if ((app.template === 'kustomize-app' || app.template === 'stateful-app') && app.port === undefined) {
      findings.push({ path: at('port'), value: undefined, rule: 'app-settings', message: `a ${app.template} needs port:` });
    }
    const taken: readonly string[] | undefined = APP_TEMPLATE_FIELDS[app.template as keyof typeof APP_TEMPLATE_FIELDS];
    for (const field of taken ? Object.keys(app) : []) {
      if (field === 'template' || field === 'tenant' || taken!.includes(field)) continue;
      const value = (app as Record<string, unknown>)[field];
      const takers = Object.entries(APP_TEMPLATE_FIELDS).filter(([, fields]) => (fields as readonly string[]).includes(field)).map(([template]) => template);
      findings.push({
        path: at(field),
        value,
        rule: 'app-field-not-taken',
        message:
          `a ${app.template} takes no ${field} (it would be ignored; ${takers.join(' and ')} ${takers.length === 1 ? 'takes' : 'take'} it)` +
          (field === 'values' ? ': configure it with env, envFrom, dataMountPath, writablePaths and runAsUser, or use the helm-app template' : ''),
      });
    }
  }
  return findings;
}

/**
 * Kubernetes' and Flux's own namespaces: no tenant may take them (the tenant's group would become
 * admin there). The platform's namespaces come from the components (PLATFORM_NAMESPACES).
 */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system'] as const;

/** Every namespace a platform component or company application installs into, derived from the component releases and the application catalogue. */
export const PLATFORM_NAMESPACES: ReadonlyMap<string, string> = new Map<string, string>([
  ...Object.values(RELEASES).map((release) => [release.namespace, `platform component ${release.component}`] as const),
  ...Object.entries(APPLICATION_CATALOGUE).map(([name, app]) => [app.namespace, `company application ${name}`] as const),
]);

/** Keys of Istio's values: one map per chart (constructs/components/istio.ts). */
const ISTIO_VALUE_KEYS = ['base', 'istiod', 'gateway'];
/** A cron field of Velero's schedule: numbers, names, ranges, steps and lists. */
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;
/** A Helm chart name (constructs/apps/helm-app.ts). */
const CHART_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

/**
 * What the constructs refuse, checked here first so a mistake is a config error with file and line
 * (never a stack trace from synth):
 * - `tenant-namespace`: a tenant (its namespace, where its apps run) named like a Kubernetes, Flux or
 *   platform namespace, or any kube-*;
 * - `tenant-group-system`: a tenant group system:* (every service account or node would be admin);
 * - `node-name-length`: a k3s node name <cluster>-<pool>-<n> longer than a host name takes (63);
 * - `ssh-key-comment`: an SSH key comment with a Terraform template sequence (${ or %{);
 * - `backup-schedule`: a Velero schedule that is not a five-field cron expression;
 * - `istio-values-keys`: Istio values not keyed by chart (base, istiod, gateway);
 * - `app-chart-name`: a helm-app chart name Helm would refuse;
 * - `repository-path`: a Flux path that climbs out of its repository (..).
 */
function checkNamespacesAndNames(cluster: ResolvedCluster, clusterName: string): Finding[] {
  const findings: Finding[] = [];
  for (const [name, tenant] of Object.entries(cluster.tenants)) {
    const platform = PLATFORM_NAMESPACES.get(name);
    const system = (SYSTEM_NAMESPACES as readonly string[]).includes(name) || name.startsWith('kube-');
    if (platform || system) {
      findings.push({
        path: ['tenants', name],
        value: name,
        rule: 'tenant-namespace',
        message: platform
          ? `${name} is the namespace of the ${platform}; a tenant's namespace is its name, and its group (${tenant.group}) would become admin there: choose another tenant name`
          : `${name} is a Kubernetes or Flux system namespace (${SYSTEM_NAMESPACES.join(', ')}, kube-*); a tenant's group would become admin there: choose another tenant name`,
      });
    }
    if (tenant.group.startsWith('system:')) {
      findings.push({ path: ['tenants', name, 'group'], value: tenant.group, rule: 'tenant-group-system', message: 'is a Kubernetes system group: every service account or node in it would be admin of the tenant\'s namespace; name your identity provider\'s group' });
    }
    if (tenant.appsRepository?.path.split('/').includes('..')) {
      findings.push({ path: ['tenants', name, 'appsRepository', 'path'], value: tenant.appsRepository.path, rule: 'repository-path', message: 'must stay inside the repository (no ..)' });
    }
  }
  if (cluster.gitops.path?.split('/').includes('..')) {
    findings.push({ path: ['gitops', 'path'], value: cluster.gitops.path, rule: 'repository-path', message: 'must stay inside the repository (no ..)' });
  }
  if (cluster.provider !== 'oci-oke') {
    for (const [pool, spec] of Object.entries(cluster.nodePools)) {
      const longest = `${clusterName}-${pool}-${spec.count}`;
      if (longest.length > 63) {
        findings.push({ path: ['nodePools', pool], value: pool, rule: 'node-name-length', message: `node names would be up to ${longest} (${longest.length} characters); a host name takes at most 63: shorten the cluster or pool name` });
      }
    }
  }
  for (const [key, text] of Object.entries(cluster.vps?.sshKeys ?? {})) {
    if (/[$%]\{/.test(text)) {
      findings.push({ path: ['vps', 'sshKeys', key], value: text, rule: 'ssh-key-comment', message: 'contains ${ or %{, which Terraform reads as a template sequence in the stack (the key and the nodes\' cloud-init carry it): remove it from the key\'s comment' });
    }
  }
  if (cluster.backups) {
    const fields = cluster.backups.schedule.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
      findings.push({
        path: ['backups', 'schedule'],
        value: cluster.backups.schedule,
        rule: 'backup-schedule',
        message: 'must be a five-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 3 * * *" for 03:00 every day',
      });
    }
  }
  const istio = cluster.components.istio?.values;
  for (const key of Object.keys(istio ?? {})) {
    if (!ISTIO_VALUE_KEYS.includes(key)) {
      findings.push({ path: ['components', 'istio', 'values', key], value: key, rule: 'istio-values-keys', message: `Istio's values are keyed by chart (${ISTIO_VALUE_KEYS.join(', ')}): put ${key} under one of them` });
    }
  }
  for (const [name, app] of Object.entries(cluster.apps)) {
    if (app.chart && !CHART_NAME.test(app.chart.name)) {
      findings.push({ path: ['apps', name, 'chart', 'name'], value: app.chart.name, rule: 'app-chart-name', message: 'must be a Helm chart name: lower-case letters, digits, ".", "_" and "-"' });
    }
  }
  return findings;
}

/**
 * What a tenant's quota leaves for volumes, per size: `requests.storage` and
 * `persistentvolumeclaims` of TENANT_QUOTAS in constructs/tenancy/sizes.ts (config does not import
 * constructs; tests/config/rules.test.ts keeps the two equal).
 */
export const TENANT_VOLUME_LIMITS = {
  small: { storageGb: 20, volumes: 4 },
  medium: { storageGb: 50, volumes: 8 },
  large: { storageGb: 200, volumes: 16 },
} as const;

/**
 * The tenant's own identity provider and mail server (tenants.<name>.identity / .mail):
 * - `tenant-service-requires`: both get their certificates from cert-manager and their web UI
 *   through the platform ingress (Envoy Gateway or ingress-nginx);
 * - `tenant-service-proxied`: their host names sit two labels below the cluster domain
 *   (idm.<tenant>.<domain>), which Cloudflare's proxy certificate does not cover, and SMTP cannot
 *   pass Cloudflare's HTTP proxy at all;
 * - `tenant-quota-storage`: their volumes must fit the tenant's quota (size), or the PVCs are refused;
 * - `tenant-service-name`: an app of the same tenant must not take their object names (kanidm, stalwart).
 */
function checkTenantServices(cluster: ResolvedCluster, clusterName: string): Finding[] {
  const findings: Finding[] = [];
  const on = (component: keyof ResolvedCluster['components']) => cluster.components[component]?.enabled === true;
  for (const [name, tenant] of Object.entries(cluster.tenants)) {
    const services = [
      tenant.identity && { key: 'identity', what: `identity (${tenant.identity.provider})`, host: `idm.${name}` },
      tenant.mail && { key: 'mail', what: `mail (${tenant.mail.provider})`, host: `mail.${name}` },
    ].filter((s): s is { key: string; what: string; host: string } => Boolean(s));
    for (const service of services) {
      const path = ['tenants', name, service.key, 'provider'];
      const value = service.key === 'identity' ? tenant.identity!.provider : tenant.mail!.provider;
      if (!on('cert-manager')) {
        findings.push({ path, value, rule: 'tenant-service-requires', message: `${service.what} needs cert-manager enabled: its TLS certificate is issued by cert-manager` });
      }
      if (!on('envoy-gateway') && !on('ingress-nginx')) {
        findings.push({ path, value, rule: 'tenant-service-requires', message: `${service.what} needs an ingress controller (envoy-gateway or ingress-nginx) enabled for ${service.host}.<domain>` });
      }
      if (cluster.dns.proxied) {
        findings.push({
          path,
          value,
          rule: 'tenant-service-proxied',
          message: `${service.what} lives at ${service.host}.<domain>, two labels below the cluster domain, which Cloudflare's proxy certificate does not cover (and SMTP cannot pass its proxy); set dns.proxied: false`,
        });
      }
    }
    const mailLoadBalancer = `${clusterName}-mail-${name}`;
    if (tenant.mail?.public && cluster.provider !== 'oci-oke' && mailLoadBalancer.length > 63) {
      findings.push({
        path: ['tenants', name, 'mail', 'public'],
        value: true,
        rule: 'tenant-mail-public-name',
        message: `the tenant's mail load balancer would be named ${mailLoadBalancer} (${mailLoadBalancer.length} characters); the providers take at most 63: shorten the cluster or tenant name`,
      });
    }
    if (tenant.mail?.public && cluster.provider === 'oci-oke' && !on('external-dns')) {
      findings.push({
        path: ['tenants', name, 'mail', 'public'],
        value: true,
        rule: 'tenant-mail-public-requires',
        message: `public mail on OKE needs external-dns enabled: it publishes mx.${name}.<domain> at the network load balancer the cloud controller creates`,
      });
    }
    if (cluster.dns.proxied) {
      for (const [appName, app] of Object.entries(cluster.apps)) {
        if (app.tenant !== name || app.template !== 'kustomize-app') continue;
        findings.push({
          path: ['apps', appName, 'template'],
          value: app.template,
          rule: 'tenant-app-proxied',
          message: `${appName} answers at ${app.host ?? appName}.${name}.<domain>, two labels below the cluster domain, which Cloudflare's proxy certificate does not cover; set dns.proxied: false`,
        });
      }
    }
    // Host labels under <tenant>.<domain>: the tenant's own services keep theirs, and no two apps share one.
    const hosts = new Map<string, string>();
    if (tenant.identity) hosts.set('idm', 'its identity provider');
    if (tenant.mail) {
      hosts.set('mail', 'its mail server');
      hosts.set(MAIL_EXCHANGER_LABEL, 'its mail exchanger');
    }
    for (const [appName, app] of Object.entries(cluster.apps)) {
      if (app.tenant !== name || app.template !== 'kustomize-app') continue;
      const host = app.host ?? appName;
      const owner = hosts.get(host);
      if (owner) {
        findings.push({
          path: ['apps', appName, app.host ? 'host' : 'template'],
          value: host,
          rule: 'tenant-app-host',
          message: `${host}.${name}.<domain> is already ${owner} of tenant ${name}; give the app another host`,
        });
      } else {
        hosts.set(host, `app ${appName}`);
      }
    }
    const taken = [tenant.identity && 'kanidm', tenant.mail && 'stalwart'].filter((n): n is string => Boolean(n));
    for (const [appName, app] of Object.entries(cluster.apps)) {
      if (app.tenant === name && taken.includes(appName)) {
        findings.push({ path: ['apps', appName], value: appName, rule: 'tenant-service-name', message: `tenant ${name} runs its own ${appName} under that name; give the app another name` });
      }
    }
    const volumes: number[] = [];
    if (tenant.identity) volumes.push(tenant.identity.storageGb ?? TENANT_SERVICE_DEFAULTS.identityStorageGb);
    if (tenant.mail) volumes.push(tenant.mail.storageGb ?? TENANT_SERVICE_DEFAULTS.mailStorageGb, TENANT_SERVICE_DEFAULTS.mailConfigStorageGb);
    const limit = TENANT_VOLUME_LIMITS[tenant.size];
    const total = volumes.reduce((sum, gb) => sum + gb, 0);
    if (total > limit.storageGb || volumes.length > limit.volumes) {
      findings.push({
        path: ['tenants', name, 'size'],
        value: tenant.size,
        rule: 'tenant-quota-storage',
        message: `identity and mail need ${volumes.length} volumes of ${total} GiB in total; a ${tenant.size} tenant may claim at most ${limit.volumes} volumes and ${limit.storageGb} GiB (choose a larger size or smaller storageGb)`,
      });
    }
  }
  const tenantNames = Object.keys(cluster.tenants).sort();
  if (tenantNames.length > MAX_TENANTS) {
    findings.push({
      path: ['tenants', tenantNames[MAX_TENANTS]!],
      value: tenantNames.length,
      rule: 'tenant-count',
      message: `${tenantNames.length} tenants; a cluster takes at most ${MAX_TENANTS} (each gets a listener on the platform Gateway, which holds 64)`,
    });
  }
  const publicMail = publicMailTenants(cluster);
  if (cluster.provider === 'oci-oke' && cluster.freeTier && publicMail.length > OCI_FREE_TIER.networkLoadBalancers) {
    findings.push({
      path: ['tenants', publicMail[OCI_FREE_TIER.networkLoadBalancers]!, 'mail', 'public'],
      value: true,
      rule: 'free-tier-network-load-balancers',
      message: `with freeTier: true at most ${OCI_FREE_TIER.networkLoadBalancers} network load balancer is free; ${publicMail.length} tenants have public mail, each needs one`,
    });
  }
  if (publicMail.length > MAIL_NODE_PORT_BLOCKS.tenants) {
    const last = publicMail[MAIL_NODE_PORT_BLOCKS.tenants]!;
    findings.push({
      path: ['tenants', last, 'mail', 'public'],
      value: true,
      rule: 'tenant-mail-public-count',
      message: `${publicMail.length} tenants have public mail; a cluster has node ports for at most ${MAIL_NODE_PORT_BLOCKS.tenants}`,
    });
  }
  return findings;
}

/** Platform services and when each is routed at <label>.<domain> (charts/components.ts). */
const SERVED_SUBDOMAINS: Record<SubdomainService, (on: (c: ComponentName) => boolean) => boolean> = {
  grafana: (on) => on('kube-prometheus-stack') && (on('dex') || on('keycloak')),
  prometheus: (on) => on('kube-prometheus-stack') && on('oauth2-proxy'),
  vault: (on) => on('vault'),
  dex: (on) => on('dex'),
  keycloak: (on) => on('keycloak'),
  auth: (on) => on('oauth2-proxy'),
};

interface Served {
  readonly name: string;
  readonly what: string;
  readonly path: (string | number)[];
  /** Names under a tenant's domain: the tenant rules judge clashes inside one cluster (tenant-app-host). */
  readonly tenantLevel?: boolean;
}

/** Every public DNS name a cluster serves: its domain, the platform services' hosts, tenant domains and the hosts under them. */
function servedNames(cluster: ResolvedCluster): { hosts: Served[]; zones: Served[] } {
  const { zone, subdomain } = cluster.dns;
  const domain = subdomain ? `${subdomain}.${zone}` : zone;
  const on = (c: ComponentName) => cluster.components[c]?.enabled === true;
  const ingress = on('envoy-gateway') || on('ingress-nginx');
  const domainPath = ['dns', subdomain ? 'subdomain' : 'zone'];
  const hosts: Served[] = [{ name: domain, what: 'the cluster domain', path: domainPath }];
  const zones: Served[] = [{ name: domain, what: 'the cluster domain', path: domainPath }];
  if (ingress) {
    for (const service of SUBDOMAIN_SERVICES) {
      if (SERVED_SUBDOMAINS[service](on)) hosts.push({ name: `${cluster.subdomains[service]}.${domain}`, what: `the ${service} route`, path: ['subdomains', service] });
    }
  }
  for (const [app, settings] of Object.entries(cluster.applications ?? {})) {
    if (settings?.enabled !== true) continue;
    hosts.push({ name: applicationHostname(app as ApplicationName, domain, settings.subdomain), what: `the application ${app}`, path: ['applications', app, settings.subdomain ? 'subdomain' : 'enabled'] });
  }
  for (const [tenant, settings] of Object.entries(cluster.tenants)) {
    const tenantDomain = `${tenant}.${domain}`;
    zones.push({ name: tenantDomain, what: `tenant ${tenant}'s domain`, path: ['tenants', tenant] });
    if (settings.identity) hosts.push({ name: `idm.${tenantDomain}`, what: `tenant ${tenant}'s identity provider`, path: ['tenants', tenant, 'identity'], tenantLevel: true });
    if (settings.mail) {
      hosts.push({ name: `mail.${tenantDomain}`, what: `tenant ${tenant}'s mail server`, path: ['tenants', tenant, 'mail'], tenantLevel: true });
      hosts.push({ name: `${MAIL_EXCHANGER_LABEL}.${tenantDomain}`, what: `tenant ${tenant}'s mail exchanger`, path: ['tenants', tenant, 'mail'], tenantLevel: true });
    }
  }
  for (const [app, settings] of Object.entries(cluster.apps)) {
    if (settings.template !== 'kustomize-app') continue;
    hosts.push({ name: `${settings.host ?? app}.${settings.tenant}.${domain}`, what: `app ${app}`, path: ['apps', app, settings.host ? 'host' : 'template'], tenantLevel: true });
  }
  return { hosts, zones };
}

/** Rules across all clusters of all environments. */
export function checkFleet(clusters: readonly { name: string; cluster: ResolvedCluster }[]): { name: string; finding: Finding }[] {
  const results: { name: string; finding: Finding }[] = [];
  results.push(...checkServedNames(clusters), ...checkTenancies(clusters), ...checkSshKeys(clusters));
  // One repository layout: every cluster's Flux path lives under the same gitops root.
  let firstRoot: { name: string; root: string } | undefined;
  for (const { name, cluster } of clusters) {
    const path = (cluster.gitops.path ?? `./gitops/clusters/${name}`).replace(/\/+$/, '');
    const root = path.endsWith(`/clusters/${name}`) ? path.slice(0, -`/clusters/${name}`.length) : undefined;
    if (root === undefined) continue;
    if (!firstRoot) firstRoot = { name, root };
    else if (root !== firstRoot.root) {
      results.push({
        name,
        finding: { path: ['gitops', 'path'], value: cluster.gitops.path, rule: 'gitops-root', message: `every cluster's Flux path must share one root; ${firstRoot.name} uses ${firstRoot.root}, this one ${root}` },
      });
    }
  }
  const zoneOwners = new Map<string, string>();
  for (const { name, cluster } of clusters) {
    if (!cluster.dns.createZone) continue;
    const key = `${cluster.dns.provider}:${cluster.dns.zone}`;
    const owner = zoneOwners.get(key);
    if (owner) {
      results.push({
        name,
        finding: { path: ['dns', 'createZone'], value: true, rule: 'dns-zone-owner', message: `zone ${cluster.dns.zone} is already created by cluster ${owner}; set createZone: false here` },
      });
    } else zoneOwners.set(key, name);
  }
  return results;
}

/**
 * Public names, once across everything served (each map is linear in the names):
 * - `dns-domain-unique`: two clusters with the same zone and subdomain (two DNS stacks would own the
 *   same records), or a cluster domain that is another cluster's tenant domain (its wildcard record
 *   would catch the tenant's hosts);
 * - `host-unique`: one host name served twice: a cluster domain, a platform service's host
 *   (subdomains.<service>), a tenant's identity or mail host or an app host.
 */
function checkServedNames(clusters: readonly { name: string; cluster: ResolvedCluster }[]): { name: string; finding: Finding }[] {
  const results: { name: string; finding: Finding }[] = [];
  const zones = new Map<string, { cluster: string } & Served>();
  const hosts = new Map<string, { cluster: string } & Served>();
  for (const { name, cluster } of clusters) {
    const served = servedNames(cluster);
    for (const entry of served.zones) {
      const owner = zones.get(entry.name);
      if (owner && owner.cluster !== name) {
        results.push({
          name,
          finding: {
            path: entry.path,
            value: entry.name,
            rule: 'dns-domain-unique',
            message: `${entry.name} is already ${owner.what} of cluster ${owner.cluster}: two DNS stacks would own its records (and their wildcards); give this cluster another dns.subdomain or zone`,
          },
        });
      } else if (!owner) zones.set(entry.name, { cluster: name, ...entry });
    }
    for (const entry of served.hosts) {
      const owner = hosts.get(entry.name);
      if (!owner) {
        hosts.set(entry.name, { cluster: name, ...entry });
        continue;
      }
      if (owner.cluster === name && (entry.tenantLevel || owner.tenantLevel)) continue; // tenant-app-host and tenant-service-name say it
      if (owner.cluster === name && (entry.path[0] === 'applications' || owner.path[0] === 'applications')) continue; // application-settings says it
      if (owner.cluster !== name && owner.what === 'the cluster domain' && entry.what === 'the cluster domain') continue; // dns-domain-unique says it
      const where = owner.cluster === name ? '' : ` of cluster ${owner.cluster}`;
      // Two platform services of one cluster: point at the label that was changed from its service's name.
      const moved = owner.cluster === name && owner.path[0] === 'subdomains' && entry.path[0] === 'subdomains' && cluster.subdomains[owner.path[1] as SubdomainService] !== owner.path[1];
      results.push({
        name,
        finding: {
          path: moved ? owner.path : entry.path,
          value: entry.name,
          rule: 'host-unique',
          message: `${entry.name} (${entry.what}) is already ${owner.what}${where}: one host name, two routes or records. Choose another host label${owner.cluster === name ? ' (the labels of subdomains.<service> must differ)' : ''}`,
        },
      });
    }
  }
  return results;
}

/**
 * OCI's Always Free allowance belongs to the tenancy, whatever the environment:
 * - `free-tier-oke-clusters`: one free-tier OKE cluster per tenancy (the one free load balancer
 *   serves one cluster's ingress; every further cluster needs a paid one);
 * - `free-tier-tenancy-ocpus`, `-memory`, `-storage`: the free-tier clusters of one tenancy together
 *   within 4 OCPUs, 24 GB and 200 GB of boot and block volumes.
 */
/**
 * A value still marked as a placeholder (REPLACE..., ...Placeholder..., as npm run new and the shipped
 * examples write them): npm run deploy refuses those, and the cross-cluster rules compare it only once
 * it is replaced with a real one (else every new cluster would clash with the others' placeholders).
 */
export function isPlaceholder(value: string): boolean {
  return /replace|placeholder/i.test(value);
}

function checkTenancies(clusters: readonly { name: string; cluster: ResolvedCluster }[]): { name: string; finding: Finding }[] {
  const results: { name: string; finding: Finding }[] = [];
  const tenancies = new Map<string, { name: string; cluster: ResolvedCluster }[]>();
  for (const entry of clusters) {
    if (entry.cluster.provider !== 'oci-oke' || !entry.cluster.freeTier || !entry.cluster.oci || isPlaceholder(entry.cluster.oci.tenancyOcid)) continue;
    const list = tenancies.get(entry.cluster.oci.tenancyOcid) ?? [];
    list.push(entry);
    tenancies.set(entry.cluster.oci.tenancyOcid, list);
  }
  for (const members of tenancies.values()) {
    if (members.length < 2) continue; // one cluster: checkFreeTier judged it alone
    const names = members.map((m) => m.name);
    const last = members.at(-1)!;
    results.push({
      name: last.name,
      finding: {
        path: ['freeTier'],
        value: true,
        rule: 'free-tier-oke-clusters',
        message: `${names.join(', ')} are free-tier OKE clusters of one tenancy (oci.tenancyOcid): the Always Free allowance (${OCI_FREE_TIER.loadBalancers} load balancer, ${OCI_FREE_TIER.ocpus} OCPUs, ${OCI_FREE_TIER.memoryGb} GB, ${OCI_FREE_TIER.blockStorageGb} GB of storage) is per tenancy and holds one cluster: use another tenancy or set freeTier: false on all but one`,
      },
    });
    const usages = members.map((m) => freeTierUsage(m.cluster));
    const sum = (pick: (u: FreeTierUsage) => number) => usages.reduce((total, u) => total + pick(u), 0);
    const storage = sum((u) => u.bootGb + u.volumes.reduce((t, v) => t + v.gb, 0));
    for (const [rule, total, limit, unit] of [
      ['free-tier-tenancy-ocpus', sum((u) => u.ocpus), OCI_FREE_TIER.ocpus, ' OCPUs'],
      ['free-tier-tenancy-memory', sum((u) => u.memoryGb), OCI_FREE_TIER.memoryGb, ' GB of memory'],
      ['free-tier-tenancy-storage', storage, OCI_FREE_TIER.blockStorageGb, ' GB of boot and block volumes'],
    ] as const) {
      if (total <= limit) continue;
      results.push({
        name: last.name,
        finding: { path: ['nodePools'], value: total, rule, message: `the free-tier clusters of this tenancy (${names.join(', ')}) take ${total}${unit} together; the Always Free limit is ${limit} per tenancy` },
      });
    }
  }
  return results;
}

/**
 * `ssh-key-project`: Hetzner and DigitalOcean refuse a public key already stored in the project, so
 * no two clusters of one provider project (vps.project) list the same key, and no cluster lists
 * it twice. Placeholder keys are left out (isPlaceholder).
 */
function checkSshKeys(clusters: readonly { name: string; cluster: ResolvedCluster }[]): { name: string; finding: Finding }[] {
  const results: { name: string; finding: Finding }[] = [];
  const owners = new Map<string, { cluster: string; key: string }>();
  for (const { name, cluster } of clusters) {
    if (!cluster.vps) continue;
    const project = `${cluster.provider}/${cluster.vps.project ?? 'default'}`;
    for (const [key, text] of Object.entries(cluster.vps.sshKeys)) {
      const material = text.split(/\s+/).slice(0, 2).join(' ');
      if (isPlaceholder(material)) continue;
      const id = `${project} ${material}`;
      const owner = owners.get(id);
      if (!owner) {
        owners.set(id, { cluster: name, key });
        continue;
      }
      const provider = cluster.provider === 'hcloud-k3s' ? 'Hetzner Cloud' : 'DigitalOcean';
      results.push({
        name,
        finding: {
          path: ['vps', 'sshKeys', key],
          value: `${material.slice(0, 40)}...`,
          rule: 'ssh-key-project',
          message:
            `the same public key is already vps.sshKeys.${owner.key} of ${owner.cluster === name ? 'this cluster' : `cluster ${owner.cluster}`} in ${provider} project ${cluster.vps.project ?? '(default)'}: ` +
            `${provider} refuses a key already stored in the project, so the second stack fails. Use another key here, or set vps.project when the clusters deploy to different projects`,
        },
      });
    }
  }
  return results;
}
