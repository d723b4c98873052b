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
