import type { Construct } from 'constructs';
import type { ComponentName } from '../config/schema';
import { KEYCLOAK_DATABASE } from '../config/platform-databases';
import { RELEASES, releasesOf, type ReleaseName } from '../config/platform-releases';
import { AcmeClusterIssuers } from '../constructs/components/acme-cluster-issuers';
import { Alloy } from '../constructs/components/alloy';
import { CertManager } from '../constructs/components/cert-manager';
import type { ClusterContext, ComponentProps, Values } from '../constructs/components/context';
import { acmeDirectory, databaseBackup, ingressAddressing, policyMode, primaryIngress, scalesToZero, serviceHost } from '../constructs/components/context';
import { Cache } from '../constructs/components/cache';
import { Cilium } from '../constructs/components/cilium';
import { CiliumMetadataFence } from '../constructs/components/cilium-metadata-fence';
import { CloudNativePg } from '../constructs/components/cloudnative-pg';
import { Database } from '../constructs/components/database';
import { Dex } from '../constructs/components/dex';
import { Keycloak, KEYCLOAK_DB_BACKUP_SECRET, KEYCLOAK_REALM } from '../constructs/components/keycloak';
import { KeycloakRealm, type KeycloakRealmClient } from '../constructs/components/keycloak-realm';
import { platformIdentityProvider } from '../constructs/components/identity-provider';
import { applicationOidcClients } from '../constructs/applications/oidc-clients';
import { Kyverno } from '../constructs/components/kyverno';
import { Longhorn } from '../constructs/components/longhorn';
import { OAuth2Proxy, OAUTH2_PROXY_SESSIONS } from '../constructs/components/oauth2-proxy';
import { PodSecurityPolicies } from '../constructs/components/pod-security-policies';
import { RedisOperator } from '../constructs/components/redis-operator';
import { Sablier } from '../constructs/components/sablier';
import { SablierGatewayCluster } from '../constructs/components/sablier-gateway-cluster';
import { SealedSecrets } from '../constructs/components/sealed-secrets';
import { TailscaleOperator } from '../constructs/components/tailscale-operator';
import { Velero, VELERO_CREDENTIALS } from '../constructs/components/velero';
import { VeleroBackupPlan } from '../constructs/components/velero-backup-plan';
import { EnvoyGateway } from '../constructs/components/envoy-gateway';
import { ExternalDns } from '../constructs/components/external-dns';
import { IngressNginx } from '../constructs/components/ingress-nginx';
import { IngressNginxAllowances, type IngressNginxBackend } from '../constructs/components/ingress-nginx-allowances';
import { InternalCa } from '../constructs/components/internal-ca';
import { Istio } from '../constructs/components/istio';
import { GRAFANA_CALLBACK_PATH, GRAFANA_CLIENT_ID, KubePrometheusStack } from '../constructs/components/kube-prometheus-stack';
import { Loki } from '../constructs/components/loki';
import { MetalLb } from '../constructs/components/metallb';
import { MetalLbIngressPool } from '../constructs/components/metallb-ingress-pool';
import { OBSERVABILITY } from '../constructs/components/observability-endpoints';
import { OpenTelemetryCollector } from '../constructs/components/opentelemetry-collector';
import { PlatformGateway } from '../constructs/components/platform-gateway';
import { PlatformGatewayClass } from '../constructs/components/platform-gateway-class';
import { PlatformRoute, type RouteEntry } from '../constructs/components/platform-route';
import { Tempo } from '../constructs/components/tempo';
import { KmsUnsealEgress } from '../constructs/components/kms-unseal-egress';
import { SecretsConfiguration } from '../constructs/components/secrets-configuration';
import { SECRETS_PRODUCTS, Vault, type SecretsProduct } from '../constructs/components/vault';
import { VaultTls } from '../constructs/components/vault-tls';
import { WildcardCertificate } from '../constructs/components/wildcard-certificate';
import { FluxAlerts } from '../constructs/flux/flux-alerts';
import { MetricsMonitor } from '../constructs/platform/metrics-monitor';
import { PlatformAlerts, type PlatformAlertGroup } from '../constructs/platform/platform-alerts';

/** Release values keyed by release name. */
export type ReleaseValues = Partial<Record<ReleaseName, Values>>;

/** How one config component becomes gitops/ content. */
export interface ComponentBlueprint {
  /** The shared controllers base: namespace, policies, source, HelmRelease(s). */
  readonly controllers: (scope: Construct, props: ComponentProps) => void;
  /** Values the component derives from the cluster (the platform tier), per release. */
  readonly clusterValues: (ctx: ClusterContext) => ReleaseValues;
  /** Config-file values (any tier) split per release. */
  readonly releaseValues: (values: Values | undefined) => ReleaseValues;
  /** Cluster-independent objects applied after the controllers (shared configs base). */
  readonly sharedConfigs?: (scope: Construct) => void;
  /** Objects for one cluster applied after the controllers (configs overlay). */
  readonly clusterConfigs?: (scope: Construct, ctx: ClusterContext) => void;
}

/** The public gateway or IngressClass routes attach to in this cluster (for `tenant`: its own listener). */
export function routeEntry(ctx: ClusterContext, tenant?: string): RouteEntry | undefined {
  switch (primaryIngress(ctx)) {
    case 'envoy-gateway':
      return {
        kind: 'gateway',
        gatewayName: 'platform',
        gatewayNamespace: EnvoyGateway.namespace,
        // Tenants attach to their own listener (*.<tenant>.<domain>), never to the shared one.
        sectionName: tenant === undefined ? 'https' : PlatformGateway.tenantListener(tenant),
      };
    case 'ingress-nginx':
      return { kind: 'ingress', className: IngressNginx.className };
    default:
      return undefined;
  }
}

/**
 * The admin ranges (`network.adminCidrs`) a route to an admin surface admits. Throws without any:
 * such a route would admit nobody (config requires at least one range).
 */
export function adminRanges(ctx: ClusterContext): readonly string[] {
  if (!ctx.adminCidrs || ctx.adminCidrs.length === 0) throw new Error(`cluster ${ctx.name}: admin surfaces need network.adminCidrs`);
  return ctx.adminCidrs;
}

/**
 * Redirect URIs the platform's own clients need at Dex, by static client id: OAuth2-Proxy signs in
 * on every host it serves (`oauth2-proxy`), Grafana on its own (`grafana`). Dex adds them to the
 * clients of those ids that config declares.
 */
export function platformCallbacks(ctx: ClusterContext): Record<string, string[]> {
  const callbacks: Record<string, string[]> = {};
  if (ctx.enabled.has('oauth2-proxy')) callbacks['oauth2-proxy'] = OAuth2Proxy.callbackUrls(ctx);
  if (KubePrometheusStack.grafanaRoute(ctx, routeEntry(ctx)) && ctx.enabled.has('kube-prometheus-stack')) {
    callbacks[GRAFANA_CLIENT_ID] = [`https://${serviceHost(ctx, 'grafana')}${GRAFANA_CALLBACK_PATH}`];
  }
  return callbacks;
}

/** Display names of the platform's own clients at the identity provider. */
const PLATFORM_CLIENT_NAMES: Readonly<Record<string, string>> = { 'oauth2-proxy': 'OAuth2-Proxy', [GRAFANA_CLIENT_ID]: 'Grafana' };

/**
 * The clients of Keycloak's platform realm where Keycloak is the cluster's identity provider (none
 * where Dex is): OAuth2-Proxy and Grafana with their callbacks (platformCallbacks), and each company
 * application that signs in itself with its redirect URI (applicationOidcClients).
 */
export function keycloakClients(ctx: ClusterContext): KeycloakRealmClient[] {
  if (platformIdentityProvider(ctx)?.kind !== 'keycloak') return [];
  const platform = Object.entries(platformCallbacks(ctx)).map(([id, redirectUris]) => ({ id, name: PLATFORM_CLIENT_NAMES[id] ?? id, redirectUris }));
  const applications = Object.entries(applicationOidcClients(ctx.applications ?? [])).map(([id, client]) => ({ id, name: client.name, redirectUris: client.redirectUris }));
  return [...platform, ...applications].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The enabled backends ingress-nginx routes to in this cluster, with the ports its controller connects to. */
export function ingressNginxBackends(ctx: ClusterContext): IngressNginxBackend[] {
  const from = `from-${IngressNginx.namespace}`;
  const backends: (IngressNginxBackend & { component: ComponentName })[] = [
    { component: 'dex', namespace: Dex.namespace, ports: [{ name: from, port: Dex.service.port }] },
    { component: 'keycloak', namespace: Keycloak.namespace, ports: [{ name: from, port: Keycloak.service.targetPort }] },
    { component: 'oauth2-proxy', namespace: OAuth2Proxy.namespace, ports: [{ name: from, port: OAuth2Proxy.service.targetPort }], egressToController: true },
    { component: 'sablier', namespace: Sablier.namespace, ports: [{ name: from, port: Sablier.port }] },
    {
      component: 'kube-prometheus-stack',
      namespace: KubePrometheusStack.namespace,
      ports: [
        { name: `grafana-${from}`, port: 3000 },
        { name: `prometheus-${from}`, port: OBSERVABILITY.prometheusService.port },
      ],
    },
  ];
  return backends.filter(({ component }) => ctx.enabled.has(component)).map(({ component: _, ...backend }) => backend);
}

/** Single-release components: the values belong to their one release. */
function single(release: ReleaseName) {
  return (values: Values | undefined): ReleaseValues => (values && Object.keys(values).length ? { [release]: values } : {});
}

function only(release: ReleaseName, values: Values | undefined): ReleaseValues {
  return values && Object.keys(values).length ? { [release]: values } : {};
}

/**
 * Vault or OpenBao (one chart layout): the servers (services layer, after their certificate), the
 * listener certificate, the admin-only route and the declarative configuration of the running
 * server (Kubernetes auth, KV v2, tenant roles: SecretsConfiguration).
 */
function secretsBlueprint(product: SecretsProduct): ComponentBlueprint {
  const namespace = SECRETS_PRODUCTS[product].name;
  const activeService = Vault.activeServiceOf(product);
  return {
    controllers: (scope, props) => new Vault(scope, product, { ...props, product }),
    clusterValues: (ctx) => only(product, Vault.clusterValues(ctx, product)),
    releaseValues: single(product),
    sharedConfigs: (scope) =>
      new VaultTls(scope, 'tls', {
        namespace,
        secretName: Vault.tlsSecret,
        dnsNames: Vault.dnsNames(namespace, product),
        clusterIssuer: 'platform-internal-ca',
      }),
    clusterConfigs: (scope, ctx) => {
      new SecretsConfiguration(scope, 'configuration', { product, tenants: ctx.tenants ?? [] });
      if (ctx.kmsUnseal) new KmsUnsealEgress(scope, 'kms-egress', { namespace });
      const entry = routeEntry(ctx);
      if (!entry) return;
      // UI and API from the admin ranges only (applications use the Service inside the cluster).
      new PlatformRoute(scope, 'route', {
        name: product,
        namespace,
        hostname: serviceHost(ctx, 'vault'),
        service: activeService,
        port: 8200,
        entry,
        backendTls: { caSecret: Vault.tlsSecret, hostname: `${activeService}.${namespace}.svc` },
        allowedCidrs: adminRanges(ctx),
      });
    },
  };
}

/** The ClusterIssuer of this cluster's public certificates: Let's Encrypt staging or production (certificates.acme). */
export function publicIssuer(ctx: ClusterContext): string {
  return AcmeClusterIssuers.names[acmeDirectory(ctx)];
}

export const BLUEPRINTS: Readonly<Record<ComponentName, ComponentBlueprint>> = {
  'cert-manager': {
    controllers: (scope, props) => new CertManager(scope, 'cert-manager', props),
    clusterValues: (ctx) => only('cert-manager', CertManager.clusterValues(ctx)),
    releaseValues: single('cert-manager'),
    sharedConfigs: (scope) => new InternalCa(scope, 'internal-ca', { namespace: CertManager.namespace }),
    clusterConfigs: (scope, ctx) => {
      new AcmeClusterIssuers(scope, 'acme', { dnsProvider: ctx.dns.provider, dnsZones: [ctx.dns.zone], directories: [acmeDirectory(ctx)] });
      if (ctx.enabled.has('kube-prometheus-stack')) {
        new MetricsMonitor(scope, 'monitor', {
          name: 'cert-manager',
          namespace: CertManager.namespace,
          selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' },
          port: 'tcp-prometheus-servicemonitor',
        });
      }
    },
  },
  'envoy-gateway': {
    controllers: (scope, props) => new EnvoyGateway(scope, 'envoy-gateway', props),
    clusterValues: (ctx) => only('envoy-gateway', EnvoyGateway.clusterValues(ctx)),
    releaseValues: single('envoy-gateway'),
    sharedConfigs: (scope) =>
      new PlatformGatewayClass(scope, 'class', { controllerName: EnvoyGateway.controllerName, parametersNamespace: EnvoyGateway.namespace }),
    clusterConfigs: (scope, ctx) => {
      new PlatformGateway(scope, 'gateway', {
        namespace: EnvoyGateway.namespace,
        gatewayClassName: 'platform',
        domain: ctx.domain,
        tenants: ctx.tenants,
        clusterIssuer: publicIssuer(ctx),
        addressing: primaryIngress(ctx) === 'envoy-gateway' ? ingressAddressing(ctx) : { serviceType: 'LoadBalancer', annotations: {} },
      });
      // Applications that scale to zero: the Envoy cluster their Sablier Wasm filter calls.
      if (scalesToZero(ctx)) new SablierGatewayCluster(scope, 'sablier-cluster', { gatewayName: 'platform', gatewayNamespace: EnvoyGateway.namespace });
    },
  },
  'ingress-nginx': {
    controllers: (scope, props) => new IngressNginx(scope, 'ingress-nginx', props),
    clusterValues: (ctx) => only('ingress-nginx', IngressNginx.clusterValues(ctx)),
    releaseValues: single('ingress-nginx'),
    clusterConfigs: (scope, ctx) => {
      new WildcardCertificate(scope, 'wildcard', {
        name: 'ingress-nginx-wildcard',
        namespace: IngressNginx.namespace,
        secretName: IngressNginx.certificateSecret,
        domain: ctx.domain,
        extraWildcards: ctx.tenantDomains,
        clusterIssuer: publicIssuer(ctx),
      });
      // The shared bases open their backends to Envoy Gateway only: open this cluster's to ingress-nginx.
      new IngressNginxAllowances(scope, 'allowances', { controllerNamespace: IngressNginx.namespace, backends: ingressNginxBackends(ctx) });
    },
  },
  'external-dns': {
    controllers: (scope, props) => new ExternalDns(scope, 'external-dns', props),
    clusterValues: (ctx) => only('external-dns', ExternalDns.clusterValues(ctx)),
    releaseValues: single('external-dns'),
  },
  vault: secretsBlueprint('vault'),
  openbao: secretsBlueprint('openbao'),
  metallb: {
    // Terraform's cloud load balancer owns the ingress address: MetalLB allocates it, nothing announces it.
    controllers: (scope, props) => new MetalLb(scope, 'metallb', { ...props, speakers: false }),
    clusterValues: (ctx) => only('metallb', MetalLb.clusterValues(ctx)),
    releaseValues: single('metallb'),
    // The address belongs to Terraform's cloud load balancer (Hetzner/DigitalOcean), so MetalLB only
    // allocates it to the ingress Service and must not announce it.
    sharedConfigs: (scope) => new MetalLbIngressPool(scope, 'pool', { namespace: MetalLb.namespace, announce: false }),
  },
  istio: {
    controllers: (scope, props) => new Istio(scope, 'istio', props),
    clusterValues: (ctx) => only('istiod', Istio.clusterValues(ctx).istiod),
    releaseValues: (values) => {
      const result: ReleaseValues = {};
      const map: Record<string, ReleaseName> = { base: 'istio-base', istiod: 'istiod', gateway: 'istio-gateway' };
      for (const [key, release] of Object.entries(map)) {
        const v = values?.[key] as Values | undefined;
        if (v && Object.keys(v).length) result[release] = v;
      }
      for (const key of Object.keys(values ?? {})) {
        if (!(key in map)) throw new Error(`istio values are keyed by chart (base, istiod, gateway); got ${JSON.stringify(key)}`);
      }
      return result;
    },
  },
  'kube-prometheus-stack': {
    controllers: (scope, props) => new KubePrometheusStack(scope, 'kube-prometheus-stack', props),
    clusterValues: (ctx) => only('kube-prometheus-stack', KubePrometheusStack.clusterValues(ctx)),
    releaseValues: single('kube-prometheus-stack'),
    clusterConfigs: (scope, ctx) => {
      const entry = routeEntry(ctx);
      // Grafana signs in through the identity provider only: routed only where there is one.
      const grafana = KubePrometheusStack.grafanaRoute(ctx, entry);
      if (grafana) new PlatformRoute(scope, 'grafana', grafana);
      // Prometheus has no login: routed only behind OAuth2-Proxy, else not at all.
      const prometheus = KubePrometheusStack.prometheusRoute(ctx, entry);
      if (prometheus) new PlatformRoute(scope, 'prometheus', prometheus);
      // One Alert per namespace with HelmReleases: locked-down Flux drops cross-namespace event sources.
      const namespaces = Object.values(RELEASES).filter((r) => ctx.enabled.has(r.component)).map((r) => r.namespace);
      new FluxAlerts(scope, 'flux-alerts', { alertmanagerUrl: `${OBSERVABILITY.alertmanager}/api/v2/alerts/`, cluster: ctx.name, namespaces });
      // The platform's own alerts, each group where what it watches runs and is scraped.
      const groups: PlatformAlertGroup[] = ['nodes', 'volumes', 'flux'];
      if (ctx.enabled.has('cert-manager')) groups.push('certificates');
      if (ctx.enabled.has('velero')) groups.push('velero');
      if (ctx.enabled.has('cloudnative-pg')) groups.push('databases');
      new PlatformAlerts(scope, 'platform-alerts', { namespace: KubePrometheusStack.namespace, groups });
    },
  },
  loki: {
    controllers: (scope, props) => new Loki(scope, 'loki', props),
    clusterValues: (ctx) => only('loki', Loki.clusterValues(ctx)),
    releaseValues: single('loki'),
  },
  alloy: {
    controllers: (scope, props) => new Alloy(scope, 'alloy', props),
    clusterValues: (ctx) => only('alloy', Alloy.clusterValues(ctx)),
    releaseValues: single('alloy'),
  },
  tempo: {
    controllers: (scope, props) => new Tempo(scope, 'tempo', props),
    clusterValues: (ctx) => only('tempo', Tempo.clusterValues(ctx)),
    releaseValues: single('tempo'),
  },
  'opentelemetry-collector': {
    controllers: (scope, props) => new OpenTelemetryCollector(scope, 'opentelemetry-collector', props),
    clusterValues: (ctx) => only('opentelemetry-collector', OpenTelemetryCollector.clusterValues(ctx)),
    releaseValues: single('opentelemetry-collector'),
  },
  kyverno: {
    controllers: (scope, props) => new Kyverno(scope, 'kyverno', props),
    clusterValues: (ctx) => only('kyverno', Kyverno.clusterValues(ctx)),
    releaseValues: single('kyverno'),
    // The Pod Security Standards: audited or enforced per cluster (prod enforces unless config says otherwise).
    clusterConfigs: (scope, ctx) => new PodSecurityPolicies(scope, 'pss', { mode: policyMode(ctx) }),
  },
  velero: {
    controllers: (scope, props) => new Velero(scope, 'velero', props),
    clusterValues: (ctx) => only('velero', Velero.clusterValues(ctx)),
    releaseValues: single('velero'),
    clusterConfigs: (scope, ctx) => {
      if (!ctx.backups) throw new Error(`cluster ${ctx.name}: velero needs backups: (S3 endpoint, bucket, schedule)`);
      new VeleroBackupPlan(scope, 'plan', {
        namespace: Velero.namespace,
        backups: ctx.backups,
        credentialsSecret: VELERO_CREDENTIALS.secretName,
        prefix: `${ctx.name}/velero`,
      });
    },
  },
  'cloudnative-pg': {
    controllers: (scope, props) => new CloudNativePg(scope, 'cloudnative-pg', props),
    clusterValues: (ctx) => only('cloudnative-pg', CloudNativePg.clusterValues(ctx)),
    releaseValues: single('cloudnative-pg'),
  },
  'redis-operator': {
    controllers: (scope, props) => new RedisOperator(scope, 'redis-operator', props),
    clusterValues: (ctx) => only('redis-operator', RedisOperator.clusterValues(ctx)),
    releaseValues: single('redis-operator'),
  },
  dex: {
    controllers: (scope, props) => new Dex(scope, 'dex', props),
    clusterValues: (ctx) => only('dex', Dex.clusterValues(ctx, platformCallbacks(ctx))),
    releaseValues: single('dex'),
    clusterConfigs: (scope, ctx) => {
      const entry = routeEntry(ctx);
      if (!entry) return;
      new PlatformRoute(scope, 'route', { name: 'dex', namespace: Dex.namespace, hostname: serviceHost(ctx, 'dex'), service: Dex.service.name, port: Dex.service.port, entry });
    },
  },
  'oauth2-proxy': {
    controllers: (scope, props) => new OAuth2Proxy(scope, 'oauth2-proxy', props),
    clusterValues: (ctx) => only('oauth2-proxy', OAuth2Proxy.clusterValues(ctx)),
    releaseValues: single('oauth2-proxy'),
    clusterConfigs: (scope, ctx) => {
      if (ctx.enabled.has('redis-operator')) new Cache(scope, 'sessions', { name: OAUTH2_PROXY_SESSIONS, namespace: OAuth2Proxy.namespace });
      const entry = routeEntry(ctx);
      if (!entry) return;
      new PlatformRoute(scope, 'route', {
        name: 'oauth2-proxy',
        namespace: OAuth2Proxy.namespace,
        hostname: serviceHost(ctx, 'auth'),
        service: OAuth2Proxy.service.name,
        port: OAuth2Proxy.service.port,
        entry,
      });
    },
  },
  keycloak: {
    controllers: (scope, props) => new Keycloak(scope, 'keycloak', props),
    clusterValues: (ctx) => only('keycloak', Keycloak.clusterValues(ctx, keycloakClients(ctx).map((c) => c.id))),
    releaseValues: single('keycloak'),
    clusterConfigs: (scope, ctx) => {
      new KeycloakRealm(scope, 'realm', { namespace: Keycloak.namespace, realm: KEYCLOAK_REALM, clients: keycloakClients(ctx) });
      new Database(scope, 'database', {
        ...KEYCLOAK_DATABASE,
        namespace: Keycloak.namespace,
        ...databaseBackup(ctx, { namespace: Keycloak.namespace, name: KEYCLOAK_DATABASE.name, credentialsSecret: KEYCLOAK_DB_BACKUP_SECRET.secretName }),
      });
      const entry = routeEntry(ctx);
      if (!entry) return;
      const route = { namespace: Keycloak.namespace, hostname: serviceHost(ctx, 'keycloak'), service: Keycloak.service.name, port: Keycloak.service.port, entry };
      // Sign-in pages and the OIDC endpoints of the platform realm: public.
      new PlatformRoute(scope, 'route', { ...route, name: 'keycloak' });
      // The admin console, its REST API and the master realm's login: admin ranges only.
      new PlatformRoute(scope, 'admin-route', { ...route, name: 'keycloak-admin', paths: Keycloak.adminPaths, allowedCidrs: adminRanges(ctx) });
    },
  },
  'sealed-secrets': {
    controllers: (scope, props) => new SealedSecrets(scope, 'sealed-secrets', props),
    clusterValues: (ctx) => only('sealed-secrets', SealedSecrets.clusterValues(ctx)),
    releaseValues: single('sealed-secrets'),
  },
  longhorn: {
    controllers: (scope, props) => new Longhorn(scope, 'longhorn', props),
    clusterValues: (ctx) => only('longhorn', Longhorn.clusterValues(ctx)),
    releaseValues: single('longhorn'),
  },
  'tailscale-operator': {
    controllers: (scope, props) => new TailscaleOperator(scope, 'tailscale-operator', props),
    clusterValues: (ctx) => only('tailscale-operator', TailscaleOperator.clusterValues(ctx)),
    releaseValues: single('tailscale-operator'),
  },
  sablier: {
    controllers: (scope, props) => new Sablier(scope, 'sablier', props),
    clusterValues: (ctx) => only('sablier', Sablier.clusterValues(ctx)),
    releaseValues: single('sablier'),
  },
  cilium: {
    controllers: (scope, props) => new Cilium(scope, 'cilium', props),
    clusterValues: (ctx) => only('cilium', Cilium.clusterValues(ctx)),
    releaseValues: single('cilium'),
    // After the release is Ready: cilium-operator has registered Cilium's CRDs by then.
    sharedConfigs: (scope) => new CiliumMetadataFence(scope, 'metadata-fence'),
  },
};

/** Releases of a component (for patches), re-exported for charts/. */
export { releasesOf };
