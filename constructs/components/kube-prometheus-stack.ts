import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES, primaryIngress, serviceHost } from './context';
import { HelmComponent } from './helm-component';
import { platformIdentityProvider } from './identity-provider';
import { OAuth2Proxy } from './oauth2-proxy';
import { INGRESS_NAMESPACES, OBSERVABILITY } from './observability-endpoints';
import type { PlatformRouteProps, RouteEntry } from './platform-route';
import { alertmanagerValues } from './alertmanager-receivers';

export interface KubePrometheusStackProps extends ComponentProps {}

/**
 * Secret (in the monitoring namespace) with Grafana's admin user and password: the built-in admin
 * Grafana creates at first start, for break-glass only once single sign-on is on (the login form
 * and basic auth are off; see docs/security.md).
 */
export const GRAFANA_ADMIN_SECRET = { secretName: 'grafana-admin', keys: ['admin-user', 'admin-password'] } as const;

/**
 * Secret (in the monitoring namespace) with the client secret of Grafana's OpenID Connect client
 * `grafana` at the platform identity provider (for Dex: the same value as dex/dex-client-grafana).
 */
export const GRAFANA_OAUTH_SECRET = { secretName: 'grafana-oauth', keys: ['client-secret'] } as const;

/** The OpenID Connect client id Grafana signs in with (Dex static client, Keycloak client). */
export const GRAFANA_CLIENT_ID = 'grafana';

/** Grafana's callback path for its generic OAuth login. */
export const GRAFANA_CALLBACK_PATH = '/login/generic_oauth';

/** A JMESPath string literal for Grafana's role expression (schema: group names carry no quotes). */
const jmesString = (value: string) => `'${value}'`;

/**
 * kube-prometheus-stack: Prometheus Operator and its CRDs, Prometheus, Alertmanager and Grafana.
 * Prometheus picks up every ServiceMonitor, PodMonitor and rule in the cluster (not only the
 * chart's). Grafana's admin credentials come from a SOPS-encrypted Secret, never the chart default.
 * The cluster tier adds data sources for Loki and Tempo when they are on and switches off scrape
 * jobs for control-plane parts the provider does not expose. Grafana is public at
 * `grafana.<domain>` only with single sign-on against the platform identity provider (Dex, else
 * Keycloak): its login form and basic auth are off, roles come from `identity.adminGroups`; without
 * an identity provider it stays cluster-internal. Prometheus has no login, so it is public at
 * `prometheus.<domain>` only behind OAuth2-Proxy.
 */
export class KubePrometheusStack extends Construct {
  /** Namespace of the stack (the namespace other components allow scraping from). */
  static readonly namespace = 'monitoring';
  /** Chart artifact. */
  static readonly repository = 'oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    fullnameOverride: 'kube-prometheus-stack',
    crds: { enabled: true },
    prometheusOperator: { admissionWebhooks: { certManager: { enabled: false } } },
    prometheus: {
      prometheusSpec: {
        retention: '7d',
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2Gi' } },
        storageSpec: {
          volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } },
        },
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        storage: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } } },
      },
    },
    grafana: {
      admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
      defaultDashboardsTimezone: 'utc',
      persistence: { enabled: false },
      'grafana.ini': {
        analytics: { check_for_updates: false, reporting_enabled: false },
        'auth.anonymous': { enabled: false },
        users: { allow_sign_up: false },
      },
    },
  };

  /**
   * Prometheus' public route: only when OAuth2-Proxy runs here to guard it (Prometheus has no login
   * of its own, so without the proxy it stays cluster-internal) and there is an ingress.
   */
  static prometheusRoute(ctx: ClusterContext, entry: RouteEntry | undefined): PlatformRouteProps | undefined {
    const externalAuth = OAuth2Proxy.externalAuth(ctx, 'prometheus');
    if (!entry || !externalAuth) return undefined;
    return {
      name: 'prometheus',
      namespace: KubePrometheusStack.namespace,
      hostname: serviceHost(ctx, 'prometheus'),
      service: OBSERVABILITY.prometheusService.name,
      port: OBSERVABILITY.prometheusService.port,
      entry,
      externalAuth,
    };
  }

  /**
   * Grafana's public route: only with single sign-on, i.e. when the cluster runs an identity
   * provider (Dex or Keycloak), and there is an ingress. Without one Grafana would be public with
   * its local login form, so it stays cluster-internal (kubectl port-forward, admin login).
   */
  static grafanaRoute(ctx: ClusterContext, entry: RouteEntry | undefined): PlatformRouteProps | undefined {
    if (!entry || !platformIdentityProvider(ctx)) return undefined;
    return { name: 'grafana', namespace: KubePrometheusStack.namespace, hostname: serviceHost(ctx, 'grafana'), service: OBSERVABILITY.grafanaService, port: 80, entry };
  }

  /**
   * Grafana's single sign-on (grafana.ini and the client secret's environment variable), or
   * undefined without an identity provider or an ingress.
   */
  static grafanaSignIn(ctx: ClusterContext): Values | undefined {
    const idp = platformIdentityProvider(ctx);
    if (!idp || !primaryIngress(ctx)) return undefined;
    const configured = ctx.signIn?.allowedEmailDomains ?? ['*'];
    const domains = configured.includes('*') ? [] : configured;
    const groups = ctx.signIn?.allowedGroups ?? [];
    const admins = ctx.signIn?.adminGroups ?? [];
    // groups may be absent from the claims: `|| []` keeps contains() from failing.
    const isAdmin = admins.map((g) => `contains(groups || \`[]\`, ${jmesString(g)})`).join(' || ');
    return {
      // Grafana reads GF_<SECTION>_<KEY> over grafana.ini: the secret never enters the ConfigMap.
      envValueFrom: {
        GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: GRAFANA_OAUTH_SECRET.secretName, key: GRAFANA_OAUTH_SECRET.keys[0] } },
      },
      'grafana.ini': {
        // Only single sign-on: no login form, no basic auth on the API.
        auth: { disable_login_form: true },
        'auth.basic': { enabled: false },
        'auth.generic_oauth': {
          enabled: true,
          name: idp.displayName,
          client_id: GRAFANA_CLIENT_ID,
          scopes: idp.scopes.join(' '),
          auth_url: idp.authUrl,
          token_url: idp.tokenUrl,
          api_url: idp.userinfoUrl,
          use_pkce: true,
          allow_sign_up: true,
          groups_attribute_path: 'groups',
          // Without admin groups no expression: everyone gets users.auto_assign_org_role (Viewer).
          ...(admins.length ? { role_attribute_path: `(${isAdmin}) && 'Admin' || 'Viewer'` } : {}),
          ...(domains.length ? { allowed_domains: domains.join(' ') } : {}),
          ...(groups.length ? { allowed_groups: groups.join(' ') } : {}),
        },
      },
    };
  }

  /** Cluster labels, data sources, webhooks and provider-specific scrape targets. */
  static clusterValues(ctx: ClusterContext): Values {
    const dataSources: Values[] = [];
    if (ctx.enabled.has('loki')) {
      dataSources.push({ name: 'Loki', type: 'loki', uid: 'loki', access: 'proxy', url: OBSERVABILITY.loki });
    }
    if (ctx.enabled.has('tempo')) {
      dataSources.push({
        name: 'Tempo',
        type: 'tempo',
        uid: 'tempo',
        access: 'proxy',
        url: OBSERVABILITY.tempoQuery,
        jsonData: {
          serviceMap: { datasourceUid: 'prometheus' },
          nodeGraph: { enabled: true },
          ...(ctx.enabled.has('loki') ? { tracesToLogsV2: { datasourceUid: 'loki' }, lokiSearch: { datasourceUid: 'loki' } } : {}),
        },
      });
    }
    // Managed (OKE) and embedded (k3s) control planes do not expose these to in-cluster scrapes.
    const controlPlane = { enabled: false };
    // Links Prometheus renders (alerts, redirects) point at its public name when it has one.
    const exposed = primaryIngress(ctx) !== undefined && OAuth2Proxy.externalAuth(ctx, 'prometheus') !== undefined;
    const signIn = KubePrometheusStack.grafanaSignIn(ctx);
    const { 'grafana.ini': signInIni, ...signInRest } = (signIn ?? {}) as Values & { 'grafana.ini'?: Values };
    return {
      prometheusOperator: { admissionWebhooks: { certManager: { enabled: ctx.enabled.has('cert-manager') } } },
      prometheus: {
        prometheusSpec: {
          externalLabels: { cluster: ctx.name, environment: ctx.environment },
          enableRemoteWriteReceiver: ctx.enabled.has('opentelemetry-collector'),
          ...(exposed ? { externalUrl: `https://${serviceHost(ctx, 'prometheus')}` } : {}),
        },
      },
      kubeControllerManager: controlPlane,
      kubeScheduler: controlPlane,
      kubeEtcd: controlPlane,
      kubeProxy: { enabled: ctx.provider === 'oci-oke' },
      grafana: {
        'grafana.ini': { server: { root_url: `https://${serviceHost(ctx, 'grafana')}` }, ...(signInIni ?? {}) },
        ...signInRest,
        ...(dataSources.length ? { additionalDataSources: dataSources } : {}),
      },
      // Receivers from config (alerting.receivers); without them Alertmanager keeps the chart's routes.
      ...(ctx.alertReceivers && Object.keys(ctx.alertReceivers).length ? alertmanagerValues(ctx.alertReceivers, ctx.name) : {}),
    };
  }

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: KubePrometheusStack.namespace,
      podSecurity: 'privileged',
      podSecurityReason: 'node-exporter needs hostNetwork, hostPID and hostPath mounts of /proc, /sys and /',
      repository: KubePrometheusStack.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        ...INGRESS_NAMESPACES.map((namespace) => ({ name: `grafana-from-${namespace}`, peer: { namespace }, ports: [{ port: 3000 }] })),
        // Prometheus' UI, routed only behind OAuth2-Proxy (see prometheusRoute).
        ...INGRESS_NAMESPACES.map((namespace) => ({ name: `prometheus-from-${namespace}`, peer: { namespace }, ports: [{ port: OBSERVABILITY.prometheusService.port }] })),
        { name: 'operator-webhook', peer: { anywhere: true }, ports: [{ port: 10250 }] },
        { name: 'alerts-from-flux', peer: { namespace: 'flux-system' }, ports: [{ port: 9093 }] },
        { name: 'remote-write', peer: { namespace: 'opentelemetry' }, ports: [{ port: 9090 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'scrape-pods', peer: { allNamespaces: true } },
        { name: 'scrape-nodes', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 10250 }, { port: 9100 }, { port: 10249 }] },
      ],
      releases: [{ name: 'kube-prometheus-stack', defaults: KubePrometheusStack.baseValues, values: props.values, timeout: '15m' }],
    });
  }
}
