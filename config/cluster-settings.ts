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
