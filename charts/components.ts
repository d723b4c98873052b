import type { Construct } from 'constructs';
import type { ComponentName } from '../config/schema';
import { AcmeClusterIssuers } from '../constructs/components/acme-cluster-issuers';
import { Alloy } from '../constructs/components/alloy';
import { CertManager } from '../constructs/components/cert-manager';
import type { ClusterContext, ComponentProps, Values } from '../constructs/components/context';
import { ingressAddressing, primaryIngress } from '../constructs/components/context';
import { EnvoyGateway } from '../constructs/components/envoy-gateway';
import { ExternalDns } from '../constructs/components/external-dns';
import { IngressNginx } from '../constructs/components/ingress-nginx';
import { InternalCa } from '../constructs/components/internal-ca';
import { Istio } from '../constructs/components/istio';
import { KubePrometheusStack } from '../constructs/components/kube-prometheus-stack';
import { Loki } from '../constructs/components/loki';
import { MetalLb } from '../constructs/components/metallb';
import { MetalLbIngressPool } from '../constructs/components/metallb-ingress-pool';
import { OBSERVABILITY } from '../constructs/components/observability-endpoints';
import { OpenTelemetryCollector } from '../constructs/components/opentelemetry-collector';
import { PlatformGateway } from '../constructs/components/platform-gateway';
import { PlatformGatewayClass } from '../constructs/components/platform-gateway-class';
import { PlatformRoute, type RouteEntry } from '../constructs/components/platform-route';
import { releasesOf, type ReleaseName } from '../constructs/components/releases';
import { Tempo } from '../constructs/components/tempo';
import { Vault } from '../constructs/components/vault';
import { VaultTls } from '../constructs/components/vault-tls';
import { WildcardCertificate } from '../constructs/components/wildcard-certificate';
import { FluxAlerts } from '../constructs/flux/flux-alerts';
import { MetricsMonitor } from '../constructs/platform/metrics-monitor';

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

/** The public gateway or IngressClass routes attach to in this cluster. */
export function routeEntry(ctx: ClusterContext): RouteEntry | undefined {
  switch (primaryIngress(ctx)) {
    case 'envoy-gateway':
      return { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: EnvoyGateway.namespace, sectionName: 'https' };
    case 'ingress-nginx':
      return { kind: 'ingress', className: IngressNginx.className };
    default:
      return undefined;
  }
}

/** Single-release components: the values belong to their one release. */
function single(release: ReleaseName) {
  return (values: Values | undefined): ReleaseValues => (values && Object.keys(values).length ? { [release]: values } : {});
}

function only(release: ReleaseName, values: Values | undefined): ReleaseValues {
  return values && Object.keys(values).length ? { [release]: values } : {};
}

/** Issuer for public certificates. */
const PUBLIC_ISSUER = AcmeClusterIssuers.names.production;

export const BLUEPRINTS: Readonly<Record<ComponentName, ComponentBlueprint>> = {
  'cert-manager': {
    controllers: (scope, props) => new CertManager(scope, 'cert-manager', props),
    clusterValues: (ctx) => only('cert-manager', CertManager.clusterValues(ctx)),
    releaseValues: single('cert-manager'),
    sharedConfigs: (scope) => new InternalCa(scope, 'internal-ca', { namespace: CertManager.namespace }),
    clusterConfigs: (scope, ctx) => {
      new AcmeClusterIssuers(scope, 'acme', { dnsProvider: ctx.dns.provider, dnsZones: [ctx.dns.zone] });
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
    clusterConfigs: (scope, ctx) =>
      new PlatformGateway(scope, 'gateway', {
        namespace: EnvoyGateway.namespace,
        gatewayClassName: 'platform',
        domain: ctx.domain,
        clusterIssuer: PUBLIC_ISSUER,
        addressing: primaryIngress(ctx) === 'envoy-gateway' ? ingressAddressing(ctx) : { serviceType: 'LoadBalancer', annotations: {} },
      }),
  },
  'ingress-nginx': {
    controllers: (scope, props) => new IngressNginx(scope, 'ingress-nginx', props),
    clusterValues: (ctx) => only('ingress-nginx', IngressNginx.clusterValues(ctx)),
    releaseValues: single('ingress-nginx'),
    clusterConfigs: (scope, ctx) =>
      new WildcardCertificate(scope, 'wildcard', {
        name: 'ingress-nginx-wildcard',
        namespace: IngressNginx.namespace,
        secretName: IngressNginx.certificateSecret,
        domain: ctx.domain,
        clusterIssuer: PUBLIC_ISSUER,
      }),
  },
  'external-dns': {
    controllers: (scope, props) => new ExternalDns(scope, 'external-dns', props),
    clusterValues: (ctx) => only('external-dns', ExternalDns.clusterValues(ctx)),
    releaseValues: single('external-dns'),
  },
  vault: {
    controllers: (scope, props) => new Vault(scope, 'vault', props),
    clusterValues: (ctx) => only('vault', Vault.clusterValues(ctx)),
    releaseValues: single('vault'),
    sharedConfigs: (scope) =>
      new VaultTls(scope, 'tls', {
        namespace: Vault.namespace,
        secretName: Vault.tlsSecret,
        dnsNames: Vault.dnsNames(),
        clusterIssuer: 'platform-internal-ca',
      }),
    clusterConfigs: (scope, ctx) => {
      const entry = routeEntry(ctx);
      if (!entry) return;
      new PlatformRoute(scope, 'route', {
        name: 'vault',
        namespace: Vault.namespace,
        hostname: `vault.${ctx.domain}`,
        service: Vault.activeService,
        port: 8200,
        entry,
        backendTls: { caSecret: Vault.tlsSecret, hostname: `${Vault.activeService}.${Vault.namespace}.svc` },
      });
    },
  },
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
      if (entry) {
        new PlatformRoute(scope, 'grafana', {
          name: 'grafana',
          namespace: KubePrometheusStack.namespace,
          hostname: `grafana.${ctx.domain}`,
          service: OBSERVABILITY.grafanaService,
          port: 80,
          entry,
        });
      }
      new FluxAlerts(scope, 'flux-alerts', { alertmanagerUrl: `${OBSERVABILITY.alertmanager}/api/v2/alerts/`, cluster: ctx.name });
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
};

/** Releases of a component (for patches), re-exported for charts/. */
export { releasesOf };
