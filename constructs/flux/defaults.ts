/**
 * Fleet-wide Flux settings: the one place that says how often Flux reconciles, how long it waits,
 * how often it retries and how a failed Helm release is remediated. Every construct in
 * constructs/flux takes its defaults from here, so components never repeat them; a construct prop
 * overrides one value for one object when there is a reason.
 */
export interface FluxDefaults {
  /** How often a Git or chart source is checked for new revisions. */
  readonly sourceInterval: string;
  /** How often an infrastructure Kustomization re-applies its tree (drift correction). */
  readonly infrastructureInterval: string;
  /** How often the apps Kustomization re-applies its tree. */
  readonly appsInterval: string;
  /** How long a Kustomization waits for its objects to become ready before it fails. */
  readonly kustomizationTimeout: string;
  /** Timeout for the controllers layer, whose Helm releases take longest to become ready. */
  readonly controllersTimeout: string;
  /** How long to wait before retrying a failed Kustomization. */
  readonly retryInterval: string;
  /** How often a HelmRelease is reconciled (drift detection runs on this interval). */
  readonly helmReleaseInterval: string;
  /** Timeout for Helm install, upgrade and their readiness checks. */
  readonly helmTimeout: string;
  /** Retries of a failed install (uninstall, then install again) before giving up. */
  readonly installRetries: number;
  /** Retries of a failed upgrade (roll back, then upgrade again) before giving up. */
  readonly upgradeRetries: number;
  /** Helm revisions kept per release. */
  readonly maxHistory: number;
  /**
   * Fields other controllers legitimately write into chart-rendered objects, ignored by drift
   * detection so Flux does not fight them (webhook CA bundles injected by cert-manager's cainjector,
   * the Vault injector, istiod and MetalLB; CRD conversion webhook CA bundles).
   */
  readonly driftIgnore: readonly { readonly paths: readonly string[]; readonly kind: string }[];
  /** Name of the Secret in flux-system holding the cluster's age private key (key `age.agekey`). */
  readonly sopsSecretName: string;
  /** Name of the ConfigMap in flux-system holding the `cluster-settings` Terraform outputs. */
  readonly clusterSettingsName: string;
  /** The namespace Flux runs in and keeps its own objects in. */
  readonly fluxNamespace: string;
  /** Name of the GitRepository (and root Kustomization) that `flux install` + the sync manifests create. */
  readonly gitRepositoryName: string;
  /**
   * ServiceAccount (in `fluxNamespace`) the platform's Flux Kustomizations run as. The multi-tenancy
   * lockdown (flux-lockdown.ts) makes an object without `serviceAccountName` run as its namespace's
   * `default` account, which has no rights, so every platform Kustomization names this one:
   * kustomize-controller's own account, which `flux install` binds to cluster-admin.
   */
  readonly kustomizeServiceAccount: string;
  /**
   * ServiceAccount the platform's HelmReleases run as, in each platform namespace that holds one
   * (helm-controller impersonates `serviceAccountName` in the HelmRelease's own namespace). Bound
   * to cluster-admin (charts install CRDs, ClusterRoles and webhooks); see HelmComponent.
   */
  readonly helmServiceAccount: string;
}

/** Annotation that keeps Flux from ever deleting an object, even when it leaves the tree. */
export const PRUNE_DISABLED = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } as const;

/** Annotation that keeps Flux post-build substitution away from one object (literal `${...}` inside). */
export const SUBSTITUTE_DISABLED = { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } as const;

/**
 * JSON pointers of the CA bundles of webhooks `from`..`to` (inclusive) of a webhook configuration;
 * pointers that do not exist never match. Charts with more webhooks add the rest per release.
 */
export function webhookCaBundles(from = 0, to = 3): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `/webhooks/${from + i}/clientConfig/caBundle`);
}

export const FLUX_DEFAULTS: FluxDefaults = Object.freeze({
  sourceInterval: '1h',
  infrastructureInterval: '1h',
  appsInterval: '10m',
  kustomizationTimeout: '5m',
  controllersTimeout: '15m',
  retryInterval: '2m',
  helmReleaseInterval: '30m',
  helmTimeout: '10m',
  installRetries: 3,
  upgradeRetries: 3,
  maxHistory: 5,
  driftIgnore: Object.freeze([
    { kind: 'ValidatingWebhookConfiguration', paths: webhookCaBundles() },
    { kind: 'MutatingWebhookConfiguration', paths: webhookCaBundles() },
    { kind: 'CustomResourceDefinition', paths: ['/spec/conversion/webhook/clientConfig/caBundle'] },
  ]),
  sopsSecretName: 'sops-age',
  clusterSettingsName: 'cluster-settings',
  fluxNamespace: 'flux-system',
  gitRepositoryName: 'flux-system',
  kustomizeServiceAccount: 'kustomize-controller',
  helmServiceAccount: 'platform-reconciler',
});
