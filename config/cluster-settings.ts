/**
 * The `cluster-settings` document: values only known after `cdktf deploy` that the gitops side
 * needs. Each cluster stack outputs it as `cluster_settings` (a map with exactly these keys); at
 * bootstrap it becomes the ConfigMap `cluster-settings` in flux-system, and Flux Kustomizations
 * read it through `postBuild.substituteFrom`, so manifests say `${ingress_ip}`.
 * Anything known at synth time (cluster name, domain) is still written as a literal.
 */
export const CLUSTER_SETTINGS_KEYS = [
  'cluster_name',
  'environment',
  'domain',
  'region',
  'ingress_ip',
  'lb_subnet_id',
  'storage_class',
] as const;

export type ClusterSettingsKey = (typeof CLUSTER_SETTINGS_KEYS)[number];

/** Name and namespace of the ConfigMap the settings land in. */
export const CLUSTER_SETTINGS_CONFIGMAP = { name: 'cluster-settings', namespace: 'flux-system' } as const;

/** Default StorageClass per provider (what the CSI driver of each platform installs). */
export const STORAGE_CLASS = {
  'oci-oke': 'oci-bv',
  'hcloud-k3s': 'hcloud-volumes',
  'do-k3s': 'do-block-storage',
} as const;

/**
 * Node ports of the ingress Service on k3s clusters (Hetzner, DigitalOcean): the contract between
 * the VPS load balancers and the ingress Service. Terraform's cloud load balancer (stacks/vps)
 * owns the public address and forwards 80 and 443 to these ports on the nodes' private addresses;
 * the gitops side (constructs/components/context.ts) pins the ingress Service's nodePorts to them.
 * Both sides read this constant, so they cannot drift apart.
 */
export const INGRESS_NODE_PORTS = { http: 30080, https: 30443 } as const;

/**
 * The public mail protocols of a tenant's Stalwart and their well-known ports: what the tenant's
 * own mail load balancer listens on (stacks/vps) and what its `stalwart-public` Service carries.
 */
export const PUBLIC_MAIL_PORTS = { smtp: 25, submissions: 465, submission: 587, imaps: 993 } as const;

export type PublicMailProtocol = keyof typeof PUBLIC_MAIL_PORTS;

/**
 * First label of a tenant's mail exchanger: `mx.<tenant>.<domain>`, the host name the DNS stack
 * points at the tenant's mail load balancer, the target of the MX record of `<tenant>.<domain>`,
 * and a name on Stalwart's certificate.
 */
export const MAIL_EXCHANGER_LABEL = 'mx';

/**
 * Fixed node ports of the tenants' public mail Services, the contract between each tenant's mail
 * load balancer (Terraform) and its `stalwart-public` Service (gitops), like INGRESS_NODE_PORTS:
 * a block of `size` ports per tenant from `first`, room for `tenants` tenants with public mail per
 * cluster, the protocols in PUBLIC_MAIL_PORTS order (smtp, submissions, submission, imaps). The
 * blocks (30000-30079) lie in the band Kubernetes keeps for fixed node ports (30000-30085 of the
 * default range; automatic allocations take it last), below the ingress's 30080/30443.
 */
export const MAIL_NODE_PORT_BLOCKS = { first: 30000, size: 4, tenants: 20 } as const;

/**
 * The node ports of every tenant with public mail, by tenant name. Blocks are handed out in the
 * order the tenants are given (their order in environments/), so both sides of the contract
 * compute the same ports from the same config, and a tenant added at the end moves nobody;
 * removing or reordering tenants moves the later ones (apply the cluster stack and the gitops
 * change together then).
 */
export function publicMailNodePorts(tenants: Iterable<string>): Map<string, Record<PublicMailProtocol, number>> {
  const names = [...new Set(tenants)];
  if (names.length > MAIL_NODE_PORT_BLOCKS.tenants) {
    throw new Error(`at most ${MAIL_NODE_PORT_BLOCKS.tenants} tenants per cluster can have public mail, got ${names.length}`);
  }
  const protocols = Object.keys(PUBLIC_MAIL_PORTS) as PublicMailProtocol[];
  return new Map(
    names.map((name, index) => {
      const first = MAIL_NODE_PORT_BLOCKS.first + index * MAIL_NODE_PORT_BLOCKS.size;
      return [name, Object.fromEntries(protocols.map((protocol, offset) => [protocol, first + offset])) as Record<PublicMailProtocol, number>];
    }),
  );
}

type TenantsOf = { readonly tenants: Readonly<Record<string, { readonly mail?: { readonly public?: boolean } }>> };

/** The tenants of `cluster` whose mail is public (`tenants.<name>.mail.public`), in config order. */
export function publicMailTenants(cluster: TenantsOf): string[] {
  return Object.keys(cluster.tenants).filter((name) => cluster.tenants[name]!.mail?.public === true);
}

/** The node ports of the tenants of `cluster` whose mail is public, in config order. */
export function clusterMailNodePorts(cluster: TenantsOf): Map<string, Record<PublicMailProtocol, number>> {
  return publicMailNodePorts(publicMailTenants(cluster));
}
