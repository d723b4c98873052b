import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { TENANT_SERVICE_DEFAULTS } from '../../config/schema';
import { Certificate, CertificateSpecPrivateKeyAlgorithm } from '../../imports/cert-manager-cert-manager.io';
import { PlatformRoute, type RouteEntry } from '../components/platform-route';
import {
  containerResources,
  resolveTenantService,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  retainedVolumeClaim,
  tenantServiceHost,
} from './tenant-service';
import { fail } from './validate';
import { volumeBackupAnnotations } from '../platform/volume-backup';

const NAME = 'kanidm';
const PORT = 8443;
/** uid and gid the server runs as: the image (FROM scratch) has no user of its own. */
const UID = 389;
const HOST_LABEL = 'idm';
const TLS_SECRET = `${NAME}-tls`;
const CONFIG_MAP = `${NAME}-config`;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/;

export interface TenantIdentityProps {
  /** The tenant (and namespace) the identity provider belongs to; a DNS label of at most 52 characters. */
  readonly tenant: string;
  /** The cluster domain; the provider answers on `idm.<tenant>.<domain>`. */
  readonly domain: string;
  /**
   * Kanidm server image, pinned to a version tag (at least major.minor) or a digest, e.g.
   * `docker.io/kanidm/server:1.11.2` (tenantServices.kanidm.image in environments/defaults.yaml).
   */
  readonly image: string;
  /**
   * Size of the data volume (`/data`: the database and the nightly online backups), in GiB.
   * @default 1 (TENANT_SERVICE_DEFAULTS.identityStorageGb)
   */
  readonly storageGb?: number;
  /**
   * StorageClass of the data volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * ClusterIssuer that signs the server's TLS certificate (Kanidm serves HTTPS only). The route
   * verifies the server against this CA, so it must put `ca.crt` into the Secret (a CA issuer does).
   * @default 'platform-internal-ca' (InternalCa)
   */
  readonly clusterIssuer?: string;
  /**
   * Where the public route attaches (the platform Gateway or an IngressClass).
   * @default - no route: the server is reachable inside the cluster only
   */
  readonly route?: RouteEntry;
  /**
   * Namespace of the ingress proxies; the only pods outside the tenant namespace allowed to reach
   * the server, and only on its HTTPS port.
   * @default 'envoy-gateway-system'
   */
  readonly ingressNamespace?: string;
  /**
   * Addresses of the proxies in front of the server (CIDRs, usually the pod network) whose
   * `X-Forwarded-For` header Kanidm believes, so its logs and rate limits see the client address.
   * @default [] - the header is ignored and the proxy's address is logged
   */
  readonly trustedProxyCidrs?: readonly string[];
}

/**
 * A tenant's own identity provider: Kanidm in the tenant namespace, at `https://idm.<tenant>.<domain>`.
 *
 * - `ConfigMap` `kanidm-config`: `server.toml` (config version 2: domain and origin from the host
 *   name, HTTPS on 8443, database on the data volume, nightly online backup keeping 7).
 * - `Certificate` `kanidm-tls` from `clusterIssuer`: Kanidm terminates TLS itself, so the key pair
 *   is mounted into the pod; the route re-encrypts to it and verifies it against the Secret's `ca.crt`.
 * - `StatefulSet` `kanidm` (one replica: Kanidm has one write replica per database) with a
 *   `volumeClaimTemplate` `data` that is kept when the StatefulSet goes and never pruned by Flux;
 *   `Service` `kanidm` (ClusterIP, 8443).
 * - The pod passes Pod Security `restricted`: uid/gid 389, no privilege escalation, every
 *   capability dropped, RuntimeDefault seccomp, read-only root filesystem, no service account token.
 * - `NetworkPolicy` `kanidm-from-ingress`: ingress from `ingressNamespace` on TCP 8443 only. DNS
 *   and same-namespace traffic are the Tenant's own allowances; nothing else leaves the pod.
 * - The route (`PlatformRoute` `kanidm`) when `route` is given.
 *
 * No credential is written to git: the administrators' passwords are created in the cluster with
 * `kubectl -n <tenant> exec kanidm-0 -- kanidmd recover-account admin` (and `idm_admin`), which
 * prints a one-time password.
 */
export class TenantIdentity extends Construct {
  /** Name of the StatefulSet, its Service and its route. */
  static readonly serviceName = NAME;
  /** HTTPS port of the server and its Service. */
  static readonly port = PORT;

  /** Public host name of tenant `tenant`'s identity provider. */
  static hostname(tenant: string, domain: string): string {
    return tenantServiceHost(HOST_LABEL, tenant, domain);
  }

  /** `idm.<tenant>.<domain>`. */
  readonly hostname: string;
  /** The tenant namespace everything lives in. */
  readonly namespace: string;
  /** Secret holding the server's key pair (and `ca.crt`). */
  readonly tlsSecretName = TLS_SECRET;

  constructor(scope: Construct, id: string, props: TenantIdentityProps) {
    super(scope, id);
    const owner = `TenantIdentity ${id}`;
    const service = resolveTenantService(owner, HOST_LABEL, props, TENANT_SERVICE_DEFAULTS.identityStorageGb);
    const proxies = [...(props.trustedProxyCidrs ?? [])];
    for (const cidr of proxies) {
      if (typeof cidr !== 'string' || !CIDR.test(cidr)) fail(owner, 'trustedProxyCidrs', cidr, 'must list CIDR blocks such as 10.42.0.0/16');
    }
    const { namespace, hostname } = service;
    this.namespace = namespace;
    this.hostname = hostname;
    const labels = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'identity' };
    const selector = labels;
    const metadata = (name: string) => ({ name, namespace, labels });
    const serviceHost = `${NAME}.${namespace}.svc`;

    new k8s.KubeConfigMap(this, 'config', {
      metadata: metadata(CONFIG_MAP),
      data: { 'server.toml': serverToml(hostname, proxies) },
    });

    new Certificate(this, 'certificate', {
      metadata: metadata(TLS_SECRET),
      spec: {
        secretName: TLS_SECRET,
        commonName: serviceHost,
        dnsNames: [serviceHost, `${serviceHost}.cluster.local`, NAME, hostname],
        duration: '2160h',
        renewBefore: '360h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuer ?? 'platform-internal-ca' },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: metadata(NAME),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'https', port: PORT, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' }],
      },
    });

    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: '/status', port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' },
      periodSeconds,
      failureThreshold,
      timeoutSeconds: 5,
    });
    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: metadata(NAME),
      spec: {
        serviceName: NAME,
        replicas: 1,
        revisionHistoryLimit: 5,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels,
            // Roll the pod when the configuration changes; the data volume (with the nightly online
            // backups Kanidm writes there) goes into Velero's file-system backups.
            annotations: { 'checksum/config': checksum(serverToml(hostname, proxies)), ...volumeBackupAnnotations(['data']) },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(UID),
            containers: [
              {
                name: NAME,
                image: service.image,
                imagePullPolicy: 'IfNotPresent',
                env: [{ name: 'KANIDM_CONFIG', value: '/config/server.toml' }],
                ports: [{ name: 'https', containerPort: PORT, protocol: 'TCP' }],
                resources: containerResources({ cpu: '50m', memory: '128Mi' }, { cpu: '500m', memory: '512Mi' }),
                securityContext: restrictedContainerSecurityContext(UID),
                startupProbe: probe(5, 60),
                readinessProbe: probe(10, 3),
                livenessProbe: probe(20, 3),
                volumeMounts: [
                  { name: 'data', mountPath: '/data' },
                  { name: 'config', mountPath: '/config', readOnly: true },
                  { name: 'tls', mountPath: '/tls', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: CONFIG_MAP, defaultMode: 0o440 } },
              { name: 'tls', secret: { secretName: TLS_SECRET, defaultMode: 0o440 } },
            ],
          },
        },
        volumeClaimTemplates: [retainedVolumeClaim('data', labels, service.storageGb, props.storageClassName)],
      },
    });

    new k8s.KubeNetworkPolicy(this, 'from-ingress', {
      metadata: metadata(`${NAME}-from-ingress`),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': service.ingressNamespace } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(PORT) }],
          },
        ],
      },
    });

    if (props.route) {
      new PlatformRoute(this, 'route', {
        name: NAME,
        namespace,
        hostname,
        service: NAME,
        port: PORT,
        entry: props.route,
        backendTls: { caSecret: TLS_SECRET, hostname: serviceHost },
      });
    }
  }
}

/** Kanidm's server.toml (config version 2). */
function serverToml(hostname: string, trustedProxyCidrs: readonly string[]): string {
  const lines = [
    '# Kanidm server configuration (generated by TenantIdentity; edit the construct, not this file).',
    'version = "2"',
    `bindaddress = "0.0.0.0:${PORT}"`,
    'db_path = "/data/kanidm.db"',
    'tls_chain = "/tls/tls.crt"',
    'tls_key = "/tls/tls.key"',
    '# Security-critical (WebAuthn, OAuth2): changing it breaks registered credentials.',
    `domain = "${hostname}"`,
    `origin = "https://${hostname}"`,
    'log_level = "info"',
  ];
  if (trustedProxyCidrs.length > 0) {
    lines.push('', '[http_client_address_info]', `x-forward-for = [${trustedProxyCidrs.map((c) => `"${c}"`).join(', ')}]`);
  }
  lines.push('', '[online_backup]', 'path = "/data/backups/"', 'schedule = "00 22 * * *"', 'versions = 7');
  return `${lines.join('\n')}\n`;
}

/** A short, stable digest of a string (FNV-1a, 32 bit), for pod template annotations. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
