/**
 * Inputs that config/ (loadPlatform) accepts but a construct rejects while synth builds the stacks
 * or the gitops tree: `npm run synth` then exits 2 with a stack trace instead of 1 with the field
 * path. Found by the property test and confirmed one by one; config/ is not ours to edit, so each
 * is pinned by an `it.fails` test (known-bugs.test.ts) that starts passing, and must be turned
 * into a plain `it`, once config/rules.ts (or the schema) rejects the input.
 *
 * `error` matches the construct's message, so the property test can tell these apart from new
 * crashes and keep searching.
 */
export interface KnownBug {
  readonly id: string;
  /** What the input is, and what config/ should check. */
  readonly fix: string;
  /** Edit of the shipped environments that reproduces it. */
  readonly file: string;
  readonly path: (string | number)[];
  readonly value: unknown;
  /** The field path a ConfigError should name. */
  readonly field: string;
  /** The construct's error message. */
  readonly error: RegExp;
}

/**
 * Inputs that once passed config/ and then crashed synth inside a construct (exit 2, stack trace).
 * config/rules.ts now rejects each of them; known-bugs.test.ts keeps them rejected.
 */
export const FORMERLY_CRASHING: readonly KnownBug[] = [
  {
    id: 'empty-ssh-keys',
    fix: 'vps.sshKeys: {} passes the schema; constructs/vps/k3s-cluster.ts needs at least one key. Require one in config/schema.ts (Vps.sshKeys) or config/rules.ts.',
    file: 'staging.yaml',
    path: ['clusterDefaults', 'vps', 'sshKeys'],
    value: {},
    field: 'vps.sshKeys',
    error: /needs at least one SSH key/,
  },
  {
    id: 'region-of-another-provider',
    fix: 'region is only checked against /^[a-z0-9-]+$/; constructs/vps/hcloud-adapter.ts knows the Hetzner locations and digitalocean-adapter.ts wants a slug like fra1. Check region per provider in config/rules.ts.',
    file: 'staging.yaml',
    path: ['clusters', 'hcloud-staging', 'region'],
    value: 'fra1',
    field: 'clusters.hcloud-staging.region',
    error: /HcloudAdapter: unknown location|DigitalOceanAdapter: .* is not a region slug/,
  },
  {
    id: 'k3s-public-node-cidr',
    fix: 'constructs/vps/k3s-network.ts requires an RFC 1918 nodeCidr for k3s clusters; config/rules.ts checkNetwork does not.',
    file: 'staging.yaml',
    path: ['clusters', 'hcloud-staging', 'network'],
    value: { nodeCidr: '100.64.0.0/16', subnets: { public: '100.64.0.0/24', nodes: '100.64.1.0/24' } },
    field: 'clusters.hcloud-staging.network.nodeCidr',
    error: /must be a private \(RFC 1918\) range/,
  },
  {
    id: 'oci-vcn-too-large',
    fix: 'constructs/oci/oci-network.ts refuses a VCN larger than /16 (and IPv6); config/rules.ts accepts both.',
    file: 'dev.yaml',
    path: ['clusters', 'oke-dev', 'network'],
    value: { nodeCidr: '10.0.0.0/12' },
    field: 'clusters.oke-dev.network.nodeCidr',
    error: /is larger than \/16, the biggest block a VCN takes|is IPv6; only IPv4 blocks are supported here/,
  },
  {
    id: 'duplicate-admin-cidrs',
    fix: 'constructs/oci/oci-network.ts refuses an adminCidrs list that repeats a block; config/rules.ts does not check duplicates.',
    file: 'dev.yaml',
    path: ['clusters', 'oke-dev', 'network'],
    value: { adminCidrs: ['203.0.113.0/24', '203.0.113.0/24'] },
    field: 'clusters.oke-dev.network.adminCidrs',
    error: /adminCidrs lists a block twice/,
  },
  {
    id: 'invalid-node-labels',
    fix: 'nodePools.<pool>.labels is any string map in config/schema.ts; constructs/vps/node-plan.ts and constructs/oci/oke-node-pool.ts require Kubernetes label syntax.',
    file: 'staging.yaml',
    path: ['clusters', 'hcloud-staging', 'nodePools'],
    value: { workers: { labels: { 'bad key!': 'x' } } },
    field: 'clusters.hcloud-staging.nodePools.workers.labels',
    error: /invalid Kubernetes label|is not a valid Kubernetes label/,
  },
  {
    id: 'k3s-nodes-subnet-too-small',
    fix: 'constructs/vps/k3s-cluster.ts gives control-plane nodes fixed addresses from host 10 of subnets.nodes; a /30 (or smaller than about /27) passes config/ and crashes synth.',
    file: 'staging.yaml',
    path: ['clusters', 'hcloud-staging', 'network'],
    value: { subnets: { public: '10.0.0.0/24', nodes: '10.0.1.0/30' } },
    field: 'clusters.hcloud-staging.network.subnets.nodes',
    error: /is too small for a fixed address/,
  },
  {
    id: 'tenant-group-spaces',
    fix: 'tenants.<name>.group only needs min(1) in config/schema.ts; constructs/tenancy/tenant.ts refuses surrounding spaces.',
    file: 'dev.yaml',
    path: ['clusters', 'oke-dev', 'tenants', 'team-a', 'group'],
    value: ' team-a-admins ',
    field: 'clusters.oke-dev.tenants.team-a.group',
    error: /group must be a non-empty group name without surrounding spaces/,
  },
  {
    id: 'forgejo-tag-not-rootless',
    fix: 'applications.forgejo.version only had to be an exact version; constructs/applications/forgejo.ts wants the -rootless variant. config/application-rules.ts image-pinned now checks the workload image with the catalogue pin the construct uses.',
    file: 'dev.yaml',
    path: ['clusters', 'oke-dev', 'applications'],
    value: { forgejo: { enabled: true, version: '11.0.14' } },
    field: 'clusters.oke-dev.applications.forgejo.version',
    error: /Forgejo \S+: image must be pinned: a tag with a full major\.minor\.patch version ending in "-rootless"/,
  },
  {
    id: 'image-tag-not-a-version',
    fix: 'config/rules.ts image-pinned accepts any tag but latest; constructs/apps/image.ts wants at least major.minor (or a digest). Use the same rule in both.',
    file: 'staging.yaml',
    path: ['clusters', 'hcloud-staging', 'apps', 'web', 'image'],
    value: 'ghcr.io/stefanprodan/podinfo:abc',
    field: 'clusters.hcloud-staging.apps.web.image',
    error: /image must be pinned: a version tag with at least major\.minor/,
  },
];

/** Inputs known to crash synth today (none); the property test tolerates only these. */
export const KNOWN_BUGS: readonly KnownBug[] = [];

/** The known bug an error thrown during the build belongs to, if any. */
export function knownBug(error: unknown): KnownBug | undefined {
  return error instanceof Error ? KNOWN_BUGS.find((bug) => bug.error.test(error.message)) : undefined;
}
