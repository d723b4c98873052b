import { INGRESS_NODE_PORTS } from '../../config/cluster-settings';
import type { AcmeDirectory, ApplicationName, SablierTheme, BackupSettings, ComponentName, DexConnectorSettings, Provider, SubdomainService } from '../../config/schema';
import type { FluxDefaults } from '../flux/defaults';
import type { DatabaseBackup, DatabaseRecovery } from './database';
import type { OciKmsSeal } from './vault';
import type { AlertReceiver } from './alertmanager-receivers';

/** Helm values: a plain JSON-like object. */
export type Values = Record<string, unknown>;

/**
 * What a component may know about the cluster it runs in. Built by charts/ from the loaded
 * configuration; components never read files or the environment themselves.
 */
export interface ClusterContext {
  /** Cluster name (also the external-dns owner id and the `cluster` label on telemetry). */
  readonly name: string;
  /** Environment the cluster belongs to. */
  readonly environment: string;
  /**
   * The environment is a production one (`production: true` in its file).
   * @default false
   */
  readonly production?: boolean;
  /**
   * Let's Encrypt directory of the cluster's public certificates (`certificates.acme`).
   * @default - production in a production environment, staging elsewhere
   */
  readonly acme?: AcmeDirectory;
  /** DNS name the ingress answers for (`*.<domain>`). */
  readonly domain: string;
  /** Where the cluster runs; decides load balancer annotations and which control-plane parts are scrapeable. */
  readonly provider: Provider;
  /** DNS provider and zone of `domain`. */
  readonly dns: {
    /** cloudflare or route53. */
    readonly provider: 'cloudflare' | 'route53';
    /** The zone the records live in. */
    readonly zone: string;
    /** Cloudflare proxies the records. */
    readonly proxied: boolean;
  };
  /**
   * The tenants (namespaces) of the cluster, sorted. Their apps and services answer at
   * `<name>.<tenant>.<domain>`, on a Gateway listener of their own.
   * @default - none
   */
  readonly tenants?: readonly string[];
  /**
   * `<tenant>.<domain>` of every tenant: a TLS wildcard covers one label only, so the ingress
   * certificate also lists `*.<tenant>.<domain>`.
   * @default - none
   */
  readonly tenantDomains?: readonly string[];
  /** Components switched on in this cluster. */
  readonly enabled: ReadonlySet<ComponentName>;
  /**
   * Host labels of the platform services under `domain` (`subdomains:` in config).
   * @default - the service name itself (grafana -> grafana.<domain>)
   */
  readonly subdomains?: Partial<Record<SubdomainService, string>>;
  /**
   * S3-compatible object storage for backups (`backups:` in config).
   * @default - none: components that back up refuse to render
   */
  readonly backups?: BackupSettings;
  /**
   * Alertmanager receivers (`alerting.receivers`).
   * @default - none
   */
  readonly alertReceivers?: Readonly<Record<string, AlertReceiver>>;
  /**
   * OCI KMS key that unseals the secrets server (Vault or OpenBao) at start (`oci.kmsUnseal`).
   * @default - none: the servers start sealed
   */
  readonly kmsUnseal?: OciKmsSeal;
  /**
   * Kyverno Pod Security policies: audit or enforce.
   * @default - enforce in a production environment, audit elsewhere
   */
  readonly policyMode?: 'audit' | 'enforce';
  /**
   * Dex static OIDC clients by id.
   * @default {}
   */
  readonly dexClients?: Readonly<Record<string, { readonly name: string; readonly redirectUris: readonly string[] }>>;
  /**
   * Dex upstream identity providers (connectors) by id.
   * @default {}
   */
  readonly dexConnectors?: Readonly<Record<string, DexConnectorSettings>>;
  /**
   * Sources admitted to the platform's admin surfaces through the ingress (Vault, Keycloak's
   * admin console): `network.adminCidrs`.
   * @default - none: those surfaces answer nobody through the ingress
   */
  readonly adminCidrs?: readonly string[];
  /**
   * Who may sign in to the UIs behind single sign-on (OAuth2-Proxy, Grafana): `identity.allowedEmailDomains`,
   * `allowedGroups` and `adminGroups`.
   * @default - any identity the identity provider accepts, nobody an administrator
   */
  readonly signIn?: SignInSettings;
  /**
   * The company applications switched on in this cluster (`applications:`), with their public host
   * names, sorted by name. OAuth2-Proxy guards the hosts of those that sign in through it.
   * @default - none
   */
  readonly applications?: readonly ClusterApplication[];
}

/** A company application switched on in a cluster. */
export interface ClusterApplication {
  /** Which one (config/application-catalogue.ts). */
  readonly name: ApplicationName;
  /** Its public host name, `<subdomain>.<domain>`. */
  readonly hostname: string;
  /**
   * It sleeps when idle (config `scaleToZero` with `enabled: true`), with these settings.
   * @default - always up
   */
  readonly scaleToZero?: { readonly sessionDuration?: string; readonly strategy?: 'dynamic' | 'blocking'; readonly theme?: SablierTheme };
}

/** Whether any application of the cluster scales to zero (Sablier behind Envoy Gateway). */
export function scalesToZero(ctx: ClusterContext): boolean {
  return (ctx.applications ?? []).some((a) => a.scaleToZero !== undefined);
}

/** Who may sign in to the platform UIs behind single sign-on, and who administers them. */
export interface SignInSettings {
  /** Email domains admitted (`*`: any). @default ['*'] */
  readonly allowedEmailDomains?: readonly string[];
  /** Groups (the groups claim) whose members are admitted; with email domains both must match. @default - no group restriction */
  readonly allowedGroups?: readonly string[];
  /** Groups whose members are administrators (Grafana Admin). @default - none */
  readonly adminGroups?: readonly string[];
}

/** The public host name of a platform service in this cluster (`<label>.<domain>`). */
export function serviceHost(ctx: ClusterContext, service: SubdomainService): string {
  return `${ctx.subdomains?.[service] ?? service}.${ctx.domain}`;
}

/** Kyverno's failure mode in this cluster: config wins, else enforce in production and audit elsewhere. */
export function policyMode(ctx: ClusterContext): 'audit' | 'enforce' {
  return ctx.policyMode ?? (ctx.production === true ? 'enforce' : 'audit');
}

/**
 * The Let's Encrypt directory this cluster's public certificates come from: config wins, else
 * production in a production environment and staging elsewhere (staging's rate limits are
 * generous, production's are shared by every cluster under the same registered domain).
 */
export function acmeDirectory(ctx: ClusterContext): AcmeDirectory {
  return ctx.acme ?? (ctx.production === true ? 'production' : 'staging');
}

/**
 * Namespaces whose routes reach a backend in the shared controllers bases: Envoy Gateway's proxies.
 * ingress-nginx (retired, opt-in) is opened per cluster by IngressNginxAllowances, only where it is on.
 */
export const INGRESS_NAMESPACES = ['envoy-gateway-system'] as const;

/** Props every component construct takes. */
export interface ComponentProps {
  /** Exact chart version, from `components.<name>.version`. */
  readonly version: string;
  /**
   * Helm values merged over the construct's defaults: the fleet tier (environments/defaults.yaml).
   * @default {}
   */
  readonly values?: Values;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/** The ingress controller that owns the ingress address: Envoy Gateway unless only ingress-nginx is on. */
export function primaryIngress(ctx: ClusterContext): 'envoy-gateway' | 'ingress-nginx' | undefined {
  if (ctx.enabled.has('envoy-gateway')) return 'envoy-gateway';
  if (ctx.enabled.has('ingress-nginx')) return 'ingress-nginx';
  return undefined;
}

/** Private (RFC 1918) ranges: where node, pod, service and API server addresses live. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

export { INGRESS_NODE_PORTS } from '../../config/cluster-settings';

/** How the ingress Service is exposed and claims the Terraform-created address. */
export interface IngressAddressing {
  /** Service type of the ingress proxies. */
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  /** Annotations for the Service. */
  readonly annotations: Record<string, string>;
  /** spec.loadBalancerIP, when the provider takes the address that way. */
  readonly loadBalancerIp?: string;
  /** Fixed node ports, when a load balancer outside the cluster targets them. */
  readonly nodePorts?: { readonly http: number; readonly https: number };
}

/**
 * Annotations of a tenant's public mail Service where the cloud controller makes its load balancer
 * (OKE): a network load balancer (the Always Free tier has one besides the flexible load balancer)
 * in the Terraform-made load balancer subnet, PROXY protocol v2 on every listener (Stalwart's proxy
 * listeners expect it; the client address is not preserved in the packets), security lists left
 * to Terraform, which opens the mail ports. Undefined where Terraform makes the load balancer (k3s).
 */
export function mailLoadBalancerAnnotations(ctx: ClusterContext): Record<string, string> | undefined {
  if (ctx.provider !== 'oci-oke') return undefined;
  return {
    'oci.oraclecloud.com/load-balancer-type': 'nlb',
    'oci-network-load-balancer.oraclecloud.com/subnet': '${lb_subnet_id}',
    'oci-network-load-balancer.oraclecloud.com/security-list-management-mode': 'None',
    'oci-network-load-balancer.oraclecloud.com/is-ppv2-enabled': 'true',
    'oci-network-load-balancer.oraclecloud.com/is-preserve-source': 'false',
    // Only the public address in the Service status: external-dns publishes what it finds there.
    'oci-network-load-balancer.oraclecloud.com/external-ip-only': 'true',
  };
}

/**
 * How the ingress Service claims `${ingress_ip}` (a Flux substitution from `cluster-settings`):
 * - OCI: the cloud controller creates a flexible load balancer at 10 Mbps min and max (the Always
 *   Free shape) in the subnet Terraform made for it, with the Terraform-reserved public IP as
 *   spec.loadBalancerIP; the security lists stay Terraform's (`None`).
 * - k3s (Hetzner, DigitalOcean): Terraform's cloud load balancer owns the address and forwards
 *   80/443 to fixed node ports. With MetalLB the Service is a LoadBalancer that MetalLB gives
 *   exactly the ingress address (IPAM only, see MetalLbIngressPool), so the Gateway status and
 *   external-dns publish the public address; without it the Service is a plain NodePort.
 */
export function ingressAddressing(ctx: ClusterContext): IngressAddressing {
  if (ctx.provider === 'oci-oke') {
    return {
      serviceType: 'LoadBalancer',
      annotations: {
        'oci.oraclecloud.com/load-balancer-type': 'lb',
        'service.beta.kubernetes.io/oci-load-balancer-shape': 'flexible',
        'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min': '10',
        'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '10',
        'service.beta.kubernetes.io/oci-load-balancer-subnet1': '${lb_subnet_id}',
        'service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode': 'None',
      },
      loadBalancerIp: '${ingress_ip}',
    };
  }
  if (ctx.enabled.has('metallb')) {
    return { serviceType: 'LoadBalancer', annotations: { 'metallb.io/loadBalancerIPs': '${ingress_ip}' }, nodePorts: INGRESS_NODE_PORTS };
  }
  return { serviceType: 'NodePort', annotations: {}, nodePorts: INGRESS_NODE_PORTS };
}

/**
 * The backup and recovery settings of a CloudNativePG Database of this cluster, from `backups:`:
 * continuous backup into `<cluster>/cnpg` of the backup bucket, and, when
 * `backups.restoreDatabases` names `<namespace>/<name>`, a recovery from those backups (to its
 * `targetTime`, or the end of the archive) that archives under its `archiveAs` from then on.
 * Undefined fields when the cluster has no backups.
 */
export function databaseBackup(
  ctx: ClusterContext,
  database: { readonly namespace: string; readonly name: string; readonly credentialsSecret: string },
): { backup?: DatabaseBackup; recovery?: DatabaseRecovery } {
  const backups = ctx.backups;
  if (!backups) return {};
  const restore = backups.restoreDatabases?.[`${database.namespace}/${database.name}`];
  return {
    backup: {
      endpoint: backups.endpoint,
      bucket: backups.bucket,
      prefix: `${ctx.name}/cnpg`,
      credentialsSecret: database.credentialsSecret,
      retentionDays: backups.retentionDays,
      ...(restore ? { serverName: restore.archiveAs } : {}),
    },
    ...(restore ? { recovery: { sourceServerName: restore.fromServerName ?? database.name, ...(restore.targetTime ? { targetTime: restore.targetTime } : {}) } } : {}),
  };
}
