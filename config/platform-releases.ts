import type { ComponentName } from './schema';

/** Every HelmRelease the platform installs, by name (names are unique across namespaces). */
export type ReleaseName =
  | 'cert-manager'
  | 'metallb'
  | 'envoy-gateway'
  | 'ingress-nginx'
  | 'external-dns'
  | 'vault'
  | 'openbao'
  | 'istio-base'
  | 'istiod'
  | 'istio-gateway'
  | 'kube-prometheus-stack'
  | 'loki'
  | 'tempo'
  | 'alloy'
  | 'opentelemetry-collector'
  | 'kyverno'
  | 'velero'
  | 'cloudnative-pg'
  | 'plugin-barman-cloud'
  | 'redis-operator'
  | 'dex'
  | 'oauth2-proxy'
  | 'keycloak'
  | 'sealed-secrets'
  | 'longhorn'
  | 'tailscale-operator'
  | 'sablier'
  | 'cilium';

/**
 * The infrastructure layer (Flux Kustomization) a HelmRelease is applied from:
 * - `controllers` (infra-controllers): charts that need nothing but other charts, SOPS Secrets and
 *   the cluster-settings values; operators whose CRDs the configs layer uses;
 * - `services` (infra-services, after infra-configs): platform services whose workloads need an
 *   object of the configs layer to start (a database, a cache, a certificate, a route). Helm waits
 *   for their pods, and infra-controllers waits for its releases, so such a release in
 *   infra-controllers could never become ready: infra-configs waits for infra-controllers.
 */
export type ReleaseLayer = 'controllers' | 'services';

export interface ReleaseInfo {
  /** The config component that switches the release on. */
  readonly component: ComponentName;
  /** Namespace of the HelmRelease (and of the workloads it installs). */
  readonly namespace: string;
  /** Releases that must be ready first; config rules guarantee they are enabled. */
  readonly after: readonly ReleaseName[];
  /** Releases that must be ready first when they are enabled in the cluster. */
  readonly afterIfEnabled: readonly ReleaseName[];
  /**
   * What the release's workloads need from the configs layer before they can start; set, the
   * release is installed by infra-services (see ReleaseLayer).
   * @default - nothing: the release is installed by infra-controllers
   */
  readonly needsConfigs?: string;
}

/**
 * The install order (HelmRelease `dependsOn`), in one table:
 * - cert-manager first, with no dependencies: everything that serves a webhook or TLS needs it;
 * - the ingress controller (Envoy Gateway by default, ingress-nginx opt-in), Vault and Istio
 *   (base -> istiod -> gateway) after cert-manager; LoadBalancer owners after MetalLB when it is on;
 * - external-dns after the ingress controller whose routes it publishes;
 * - kube-prometheus-stack (and its monitoring.coreos.com CRDs) before every chart that ships a
 *   ServiceMonitor; it uses cert-manager for its admission webhook certificates when present;
 * - Loki and Tempo before Alloy, which ships logs (and traces) to them; the OpenTelemetry collector
 *   after cert-manager and after the backends it exports to;
 * - Kyverno has no dependencies; the CNI (Cilium) must exist before any pod starts, so it is
 *   installed at bootstrap and Flux adopts it after kube-prometheus-stack when that is on;
 * - operators (CloudNativePG, the Redis operator, Velero, Longhorn, Sealed Secrets, Tailscale,
 *   Sablier) after kube-prometheus-stack when it is on (they ship ServiceMonitors);
 * - CloudNativePG's barman-cloud plugin after cert-manager (its chart ships an Issuer and the
 *   Certificates of its TLS link to the operator) and after the operator it plugs into;
 * - Dex after cert-manager and the ingress; Keycloak after CloudNativePG (its database); the
 *   OAuth2 proxy after whichever identity provider is enabled.
 * Releases with `needsConfigs` (Vault, Keycloak, the OAuth2 proxy) are installed one layer later,
 * by infra-services; a controllers-layer release never depends on one of them (checked below).
 */
export const RELEASES: Readonly<Record<ReleaseName, ReleaseInfo>> = Object.freeze({
  'cert-manager': { component: 'cert-manager', namespace: 'cert-manager', after: [], afterIfEnabled: [] },
  metallb: { component: 'metallb', namespace: 'metallb-system', after: [], afterIfEnabled: [] },
  'envoy-gateway': { component: 'envoy-gateway', namespace: 'envoy-gateway-system', after: ['cert-manager'], afterIfEnabled: ['metallb'] },
  'ingress-nginx': {
    component: 'ingress-nginx',
    namespace: 'ingress-nginx',
    after: ['cert-manager'],
    afterIfEnabled: ['metallb', 'kube-prometheus-stack'],
  },
  'external-dns': {
    component: 'external-dns',
    namespace: 'external-dns',
    after: [],
    afterIfEnabled: ['envoy-gateway', 'ingress-nginx', 'kube-prometheus-stack'],
  },
  vault: {
    component: 'vault',
    namespace: 'vault',
    after: ['cert-manager'],
    afterIfEnabled: [],
    needsConfigs: 'its listener certificate, Secret vault-tls, comes from a cert-manager Certificate of the configs layer',
  },
  openbao: {
    component: 'openbao',
    namespace: 'openbao',
    after: ['cert-manager'],
    afterIfEnabled: [],
    needsConfigs: 'its listener certificate, Secret vault-tls, comes from a cert-manager Certificate of the configs layer',
  },
  'istio-base': { component: 'istio', namespace: 'istio-system', after: ['cert-manager'], afterIfEnabled: [] },
  istiod: { component: 'istio', namespace: 'istio-system', after: ['istio-base'], afterIfEnabled: [] },
  'istio-gateway': { component: 'istio', namespace: 'istio-system', after: ['istiod'], afterIfEnabled: [] },
  'kube-prometheus-stack': { component: 'kube-prometheus-stack', namespace: 'monitoring', after: [], afterIfEnabled: ['cert-manager'] },
  loki: { component: 'loki', namespace: 'loki', after: ['kube-prometheus-stack'], afterIfEnabled: [] },
  tempo: { component: 'tempo', namespace: 'tempo', after: ['kube-prometheus-stack'], afterIfEnabled: [] },
  alloy: { component: 'alloy', namespace: 'alloy', after: ['loki'], afterIfEnabled: ['tempo', 'kube-prometheus-stack'] },
  'opentelemetry-collector': {
    component: 'opentelemetry-collector',
    namespace: 'opentelemetry',
    after: ['cert-manager'],
    afterIfEnabled: ['kube-prometheus-stack', 'loki', 'tempo'],
  },
  kyverno: { component: 'kyverno', namespace: 'kyverno', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  velero: { component: 'velero', namespace: 'velero', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  'cloudnative-pg': { component: 'cloudnative-pg', namespace: 'cnpg-system', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  'plugin-barman-cloud': { component: 'cloudnative-pg', namespace: 'cnpg-system', after: ['cert-manager', 'cloudnative-pg'], afterIfEnabled: [] },
  'redis-operator': { component: 'redis-operator', namespace: 'redis-operator', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  dex: { component: 'dex', namespace: 'dex', after: ['cert-manager'], afterIfEnabled: ['envoy-gateway', 'ingress-nginx', 'kube-prometheus-stack'] },
  'oauth2-proxy': {
    component: 'oauth2-proxy',
    namespace: 'oauth2-proxy',
    after: [],
    afterIfEnabled: ['dex', 'keycloak', 'redis-operator'],
    needsConfigs:
      'it exits at start when it cannot reach its session store (the Redis oauth2-proxy-sessions) or its issuer, served through the HTTPRoute and Gateway of the configs layer',
  },
  keycloak: {
    component: 'keycloak',
    namespace: 'keycloak',
    after: ['cloudnative-pg'],
    afterIfEnabled: ['envoy-gateway', 'ingress-nginx'],
    needsConfigs: 'its database login, Secret keycloak-db-app, and host keycloak-db-rw exist once the CloudNativePG Cluster keycloak-db of the configs layer runs',
  },
  'sealed-secrets': { component: 'sealed-secrets', namespace: 'sealed-secrets', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  longhorn: { component: 'longhorn', namespace: 'longhorn-system', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
  'tailscale-operator': { component: 'tailscale-operator', namespace: 'tailscale', after: [], afterIfEnabled: [] },
  sablier: { component: 'sablier', namespace: 'sablier', after: [], afterIfEnabled: ['envoy-gateway', 'ingress-nginx'] },
  // The bootstrap install (constructs/vps/cloud-init.ts) provides the CNI before Flux starts; Flux's
  // upgrade adds ServiceMonitors, so it waits for their CRDs.
  cilium: { component: 'cilium', namespace: 'cilium', after: [], afterIfEnabled: ['kube-prometheus-stack'] },
});

/** The layer a release is installed from. */
export function releaseLayer(name: ReleaseName): ReleaseLayer {
  return RELEASES[name].needsConfigs ? 'services' : 'controllers';
}

/** Layers in the order Flux applies them. */
export const RELEASE_LAYERS: readonly ReleaseLayer[] = ['controllers', 'services'];

/**
 * Dependencies that point to a later layer: a release of infra-controllers waiting for one of
 * infra-services would hold infra-controllers, and so everything after it, forever. Empty for the
 * table above (tests keep it so); the table is checked once when this module loads.
 */
export function layerViolations(table: Readonly<Record<ReleaseName, ReleaseInfo>> = RELEASES): string[] {
  const layerOf = (name: ReleaseName) => RELEASE_LAYERS.indexOf(table[name].needsConfigs ? 'services' : 'controllers');
  const out: string[] = [];
  for (const name of Object.keys(table) as ReleaseName[]) {
    for (const dep of [...table[name].after, ...table[name].afterIfEnabled]) {
      if (layerOf(dep) > layerOf(name)) {
        out.push(`${name} (infra-${RELEASE_LAYERS[layerOf(name)]}) depends on ${dep} (infra-${RELEASE_LAYERS[layerOf(dep)]}), which is applied after it`);
      }
    }
  }
  return out;
}

{
  const violations = layerViolations();
  if (violations.length > 0) throw new Error(`RELEASES: ${violations.join('; ')}`);
}

/** Releases a component installs, in install order. */
export function releasesOf(component: ComponentName): ReleaseName[] {
  return (Object.keys(RELEASES) as ReleaseName[]).filter((r) => RELEASES[r].component === component);
}
