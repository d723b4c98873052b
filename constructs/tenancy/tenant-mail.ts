import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { isWholeInternet, parseCidr } from '../../config/cidr';
import { MAIL_EXCHANGER_LABEL, PUBLIC_MAIL_PORTS, type PublicMailProtocol } from '../../config/cluster-settings';
import { TENANT_SERVICE_DEFAULTS } from '../../config/schema';
import { Certificate } from '../../imports/cert-manager-cert-manager.io';
import { PRIVATE_RANGES } from '../components/context';
import { PlatformRoute, type RouteEntry } from '../components/platform-route';
import {
  containerResources,
  resolveTenantService,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  retainedVolumeClaim,
  tenantServiceHost,
} from './tenant-service';
import { checkDnsLabel, fail } from './validate';
import { LINK_LOCAL_RANGE } from './tenant-metadata-egress';
import { volumeBackupAnnotations } from '../platform/volume-backup';

const NAME = 'stalwart';
/** The image's own unprivileged user (uid and gid 2000). */
const UID = 2000;
const HOST_LABEL = 'mail';
const TLS_SECRET = `${NAME}-tls`;
/** Key of the admin Secret holding `user:password`. */
const ADMIN_SECRET_KEY = 'recovery-admin';

/** The ports Stalwart listens on with its default listeners (set up by its first-start wizard). */
const PORTS = {
  smtp: 25,
  submissions: 465,
  submission: 587,
  imaps: 993,
  https: 443,
  http: 8080,
} as const;
type PortName = keyof typeof PORTS;
/** Mail protocols a public Service carries: MX delivery, client submission and IMAP over TLS. */
const MAIL_PORTS = Object.keys(PUBLIC_MAIL_PORTS) as PublicMailProtocol[];
/**
 * Where the PROXY protocol listeners of the public mail ports listen: the well-known port plus
 * 10000, a second listener per protocol (set up from the `stalwart-setup` plan) so that clients
 * inside the cluster keep the plain ports.
 */
const PROXY_PORT_OFFSET = 10000;
/** Port names (at most 15 characters): `<protocol>-pp`. */
const proxyPortName = (protocol: PublicMailProtocol) => `${protocol}-pp`;
/** Label k3s (and kubeadm) put on control-plane nodes. */
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
/** Name and key of the ConfigMap carrying the stalwart-cli plan of the proxy listeners. */
const SETUP_CONFIGMAP = `${NAME}-setup`;
const SETUP_PLAN_KEY = 'listeners.ndjson';
/**
 * Outbound: SMTP delivery to other domains' MX hosts (25), or to a relay on submissions/submission
 * (465, 587) where the cloud blocks port 25 (DigitalOcean always, Hetzner for new accounts), and
 * HTTPS (the web UI bundle and spam rules come from GitHub).
 */
const EGRESS_PORTS = [25, 465, 587, 443] as const;

export interface TenantMailPublicService {
  /**
   * The fixed node ports of the `stalwart-public` Service, per protocol: where the tenant's mail
   * load balancer (Terraform, stacks/vps) forwards 25, 465, 587 and 993 to
   * (`clusterMailNodePorts` in config/cluster-settings.ts computes both sides).
   */
  readonly nodePorts: Readonly<Record<PublicMailProtocol, number>>;
  /**
   * The networks the load balancer connects from (its private address: the cluster's node
   * network on Hetzner, DigitalOcean and OCI). Only connections from there reach the proxy
   * listeners (NetworkPolicy) and only theirs may carry a PROXY header; never the pod network,
   * whose pods could otherwise claim any client address.
   */
  readonly proxyTrustedNetworks: readonly string[];
  /**
   * Keep Stalwart off control-plane nodes, for a load balancer that targets the workers only:
   * with externalTrafficPolicy Local only a node running the pod takes the traffic.
   * @default false
   */
  readonly workerNodesOnly?: boolean;
  /**
   * Make `stalwart-public` a LoadBalancer Service instead, with these annotations, for a cloud
   * controller that creates a load balancer speaking the PROXY protocol itself (OKE: a network
   * load balancer with `is-ppv2-enabled`); external-dns publishes its address as
   * `mx.<tenant>.<domain>`. The node ports stay fixed, so security rules can name them.
   * @default - a NodePort Service behind a load balancer made outside the cluster (the VPS stacks)
   */
  readonly loadBalancerAnnotations?: Readonly<Record<string, string>>;
}

export interface TenantMailProps {
  /** The tenant (and namespace) the mail server belongs to; a DNS label of at most 52 characters. */
  readonly tenant: string;
  /** The cluster domain; the web administration answers on `mail.<tenant>.<domain>`. */
  readonly domain: string;
  /**
   * Stalwart image, pinned to a version tag (at least major.minor) or a digest, e.g.
   * `docker.io/stalwartlabs/stalwart:v0.16.25` (tenantServices.stalwart.image in
   * environments/defaults.yaml). v0.16 or later: configuration lives in its database.
   */
  readonly image: string;
  /**
   * Size of the data volume (`/var/lib/stalwart`: mailboxes, queue, search index), in GiB. A 1 GiB
   * configuration volume (`/etc/stalwart`, where the setup writes `config.json`) comes on top.
   * @default 5 (TENANT_SERVICE_DEFAULTS.mailStorageGb)
   */
  readonly storageGb?: number;
  /**
   * StorageClass of both volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * ClusterIssuer of the public certificate for `mail.<tenant>.<domain>` that SMTP (STARTTLS),
   * submission and IMAPS present; it must be publicly trusted (mail clients and other MTAs check it).
   * @default 'letsencrypt-production' (AcmeClusterIssuers, DNS-01)
   */
  readonly clusterIssuer?: string;
  /**
   * Where the route of the web administration attaches (the platform Gateway or an IngressClass).
   * @default - no route: the web administration is reachable inside the cluster only
   */
  readonly route?: RouteEntry;
  /**
   * Namespace of the ingress proxies; allowed to reach the web administration port (8080) only.
   * @default 'envoy-gateway-system'
   */
  readonly ingressNamespace?: string;
  /**
   * Existing Secret in the tenant namespace (never in git) whose key `recovery-admin` holds
   * `user:password`: the administrator of Stalwart's first-start setup and of its recovery mode
   * (`STALWART_RECOVERY_ADMIN`). The reference is optional, so the Secret can be deleted once the
   * setup is done (Stalwart warns against leaving it set).
   * @default - none: on first start Stalwart prints a one-time administrator password to its log
   */
  readonly adminSecretName?: string;
  /**
   * Serve SMTP (25), submissions (465), submission (587) and IMAPS (993) to the internet through a
   * load balancer outside the cluster that speaks the PROXY protocol (so Stalwart sees the client
   * address its SPF, DNSBL and rate-limit checks need): a NodePort Service `stalwart-public` on
   * the given node ports leads to proxy listeners on port + 10000, described by the plan in
   * ConfigMap `stalwart-setup`; the certificate also names `mx.<tenant>.<domain>`, the host name
   * the DNS stack (or, with `loadBalancerAnnotations`, external-dns) points at the load balancer.
   * The tenant's quota must allow four node ports (`Tenant` `nodePorts`), and one LoadBalancer
   * with `loadBalancerAnnotations` (`Tenant` `loadBalancers`).
   * @default - not exposed: the mail ports are reachable inside the cluster only
   */
  readonly publicService?: TenantMailPublicService;
}

/**
 * A tenant's own mail server: Stalwart in the tenant namespace, web administration at
 * `https://mail.<tenant>.<domain>`.
 *
 * - `Certificate` `stalwart-tls` for `mail.<tenant>.<domain>` (and `mx.` when exposed) from a public
 *   ACME issuer, mounted read-only at `/tls`; in the setup add it as a Certificate object read from
 *   the files `/tls/tls.crt` and `/tls/tls.key`.
 * - `StatefulSet` `stalwart` (one replica) with two `volumeClaimTemplates`, kept when the
 *   StatefulSet goes and never pruned by Flux: `config` (`/etc/stalwart`) and `data`
 *   (`/var/lib/stalwart`), the two volumes the image declares.
 * - `Service` `stalwart` (ClusterIP): smtp 25, submissions 465, submission 587, imaps 993, https
 *   443 and http 8080 (the web administration and JMAP; the route and the probes use it).
 * - The pod passes Pod Security `restricted`: uid/gid 2000, no privilege escalation, every
 *   capability dropped but NET_BIND_SERVICE (the binary carries it as a file capability and will
 *   not start without it in the bounding set), RuntimeDefault seccomp, read-only root filesystem.
 *   Because no_new_privs (allowPrivilegeEscalation: false) keeps that file capability from taking
 *   effect, the pod lowers `net.ipv4.ip_unprivileged_port_start` to 0 (a namespaced sysctl
 *   `restricted` allows) so the listeners below 1024 bind without privileges.
 * - NetworkPolicies on top of the Tenant's default deny: `stalwart-from-ingress` (TCP 8080 from the
 *   ingress namespace), `stalwart-egress` (TCP 25, 465, 587 and 443 to public addresses only), and with
 *   `publicService` `stalwart-from-load-balancer` (the proxy listeners 10025, 10465, 10587, 10993,
 *   from `proxyTrustedNetworks` only).
 * - The route (`PlatformRoute` `stalwart`, to port 8080) when `route` is given.
 * - With `publicService`: `Service` `stalwart-public` (NodePort, or LoadBalancer with
 *   `loadBalancerAnnotations`: 25, 465, 587, 993 on the given node ports, to the proxy listeners) and `ConfigMap` `stalwart-setup`, whose `listeners.ndjson`
 *   is a `stalwart-cli apply` plan creating those listeners (PROXY protocol from
 *   `proxyTrustedNetworks` only) and setting the greeting host name to `mx.<tenant>.<domain>`.
 *
 * On first start Stalwart runs its setup (bootstrap mode: only 8080 listens) at
 * `https://mail.<tenant>.<domain>/admin`; the administrator comes from `adminSecretName` or from
 * the one-time password in `kubectl -n <tenant> logs stalwart-0`. Choose the Console logger there.
 * Stalwart v0.16 keeps its listeners in its database, not in files, so the proxy listeners are
 * one setup step (docs/tenancy.md): apply the plan with stalwart-cli against the web
 * administration.
 */
export class TenantMail extends Construct {
  /** Name of the StatefulSet, its Service and its route. */
  static readonly serviceName = NAME;
  /** Ports of the `stalwart` Service by name. */
  static readonly ports = PORTS;

  /** Public host name of tenant `tenant`'s mail server (web administration, certificate). */
  static hostname(tenant: string, domain: string): string {
    return tenantServiceHost(HOST_LABEL, tenant, domain);
  }

  /** `mail.<tenant>.<domain>`. */
  readonly hostname: string;
  /** The tenant namespace everything lives in. */
  readonly namespace: string;
  /** Secret holding the public certificate. */
  readonly tlsSecretName = TLS_SECRET;

  constructor(scope: Construct, id: string, props: TenantMailProps) {
    super(scope, id);
    const owner = `TenantMail ${id}`;
    const service = resolveTenantService(owner, HOST_LABEL, props, TENANT_SERVICE_DEFAULTS.mailStorageGb);
    if (props.adminSecretName !== undefined) checkDnsLabel(owner, 'adminSecretName', props.adminSecretName);
    if (props.clusterIssuer !== undefined) checkDnsLabel(owner, 'clusterIssuer', props.clusterIssuer);
    const publicService = props.publicService && checkPublicService(owner, props.publicService);
    const { namespace, hostname } = service;
    this.namespace = namespace;
    this.hostname = hostname;
    const mxHostname = tenantServiceHost(MAIL_EXCHANGER_LABEL, namespace, props.domain);
    const labels = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'mail' };
    const metadata = (name: string, annotations?: Record<string, string>) => ({ name, namespace, labels, annotations });
    const servicePort = (name: PortName) => ({ name, port: PORTS[name], targetPort: k8s.IntOrString.fromString(name), protocol: 'TCP' });
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

    new Certificate(this, 'certificate', {
      metadata: metadata(TLS_SECRET),
      spec: {
        secretName: TLS_SECRET,
        dnsNames: publicService ? [hostname, mxHostname] : [hostname],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuer ?? 'letsencrypt-production' },
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: metadata(NAME),
      spec: { type: 'ClusterIP', selector: labels, ports: (Object.keys(PORTS) as PortName[]).map(servicePort) },
    });
    if (publicService) {
      // Local: only the node running Stalwart takes the traffic (the load balancer's health checks
      // find it), so the connection arrives from the load balancer's own address, never rewritten
      // to a node or pod-network address; the PROXY header carries the client's.
      const loadBalancer = publicService.loadBalancerAnnotations;
      new k8s.KubeService(this, 'public-service', {
        metadata: metadata(
          `${NAME}-public`,
          loadBalancer && { ...loadBalancer, 'external-dns.alpha.kubernetes.io/hostname': mxHostname },
        ),
        spec: {
          type: loadBalancer ? 'LoadBalancer' : 'NodePort',
          externalTrafficPolicy: 'Local',
          selector: labels,
          ports: MAIL_PORTS.map((protocol) => ({
            name: protocol,
            port: PORTS[protocol],
            targetPort: k8s.IntOrString.fromString(proxyPortName(protocol)),
            nodePort: publicService.nodePorts[protocol],
            protocol: 'TCP',
          })),
        },
      });
      new k8s.KubeConfigMap(this, 'setup', {
        metadata: metadata(SETUP_CONFIGMAP),
        data: { [SETUP_PLAN_KEY]: proxyListenerPlan(mxHostname, publicService.proxyTrustedNetworks) },
      });
    }

    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      tcpSocket: { port: k8s.IntOrString.fromString('http') },
      periodSeconds,
      failureThreshold,
    });
    const env: k8s.EnvVar[] = [{ name: 'STALWART_PUBLIC_URL', value: `https://${hostname}` }];
    if (props.adminSecretName) {
      env.push({
        name: 'STALWART_RECOVERY_ADMIN',
        valueFrom: { secretKeyRef: { name: props.adminSecretName, key: ADMIN_SECRET_KEY, optional: true } },
      });
    }
    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: metadata(
        NAME,
        // The admin Secret is created by hand in the namespace, never committed (policy/README.md).
        props.adminSecretName ? { 'policy.cheapk8s.io/external-secrets': props.adminSecretName } : undefined,
      ),
      spec: {
        serviceName: NAME,
        replicas: 1,
        revisionHistoryLimit: 5,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: labels },
        template: {
          // Both volumes (mailboxes and queue; the configuration the setup wrote) go into Velero's file-system backups.
          metadata: { labels, annotations: volumeBackupAnnotations(['config', 'data']) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(UID, [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]),
            affinity: publicService?.workerNodesOnly
              ? {
                  nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                      nodeSelectorTerms: [{ matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'DoesNotExist' }] }],
                    },
                  },
                }
              : undefined,
            containers: [
              {
                name: NAME,
                image: service.image,
                imagePullPolicy: 'IfNotPresent',
                env,
                ports: [
                  ...(Object.keys(PORTS) as PortName[]).map((name) => ({ name, containerPort: PORTS[name], protocol: 'TCP' })),
                  ...(publicService
                    ? MAIL_PORTS.map((protocol) => ({ name: proxyPortName(protocol), containerPort: PORTS[protocol] + PROXY_PORT_OFFSET, protocol: 'TCP' }))
                    : []),
                ],
                resources: containerResources({ cpu: '100m', memory: '256Mi' }, { cpu: '1', memory: '1Gi' }),
                securityContext: restrictedContainerSecurityContext(UID, true),
                startupProbe: probe(5, 60),
                readinessProbe: probe(10, 3),
                livenessProbe: probe(20, 3),
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/stalwart' },
                  { name: 'data', mountPath: '/var/lib/stalwart' },
                  { name: 'tls', mountPath: '/tls', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'tls', secret: { secretName: TLS_SECRET, defaultMode: 0o440 } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          retainedVolumeClaim('config', labels, TENANT_SERVICE_DEFAULTS.mailConfigStorageGb, props.storageClassName),
          retainedVolumeClaim('data', labels, service.storageGb, props.storageClassName),
        ],
      },
    });

    const podSelector = { matchLabels: labels };
    new k8s.KubeNetworkPolicy(this, 'from-ingress', {
      metadata: metadata(`${NAME}-from-ingress`),
      spec: {
        podSelector,
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': service.ingressNamespace } } }],
            ports: [tcp(PORTS.http)],
          },
        ],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'egress', {
      metadata: metadata(`${NAME}-egress`),
      spec: {
        podSelector,
        policyTypes: ['Egress'],
        // Public addresses only: not the cluster's ranges, not link-local (the cloud metadata service).
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, LINK_LOCAL_RANGE] } }], ports: EGRESS_PORTS.map(tcp) }],
      },
    });
    if (publicService) {
      // From the load balancer only (externalTrafficPolicy Local keeps its address): no pod can
      // reach the proxy listeners, so none can claim a client address with a PROXY header.
      new k8s.KubeNetworkPolicy(this, 'from-load-balancer', {
        metadata: metadata(`${NAME}-from-load-balancer`),
        spec: {
          podSelector,
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: publicService.proxyTrustedNetworks.map((cidr) => ({ ipBlock: { cidr } })),
              ports: MAIL_PORTS.map((protocol) => tcp(PORTS[protocol] + PROXY_PORT_OFFSET)),
            },
          ],
        },
      });
    }

    if (props.route) {
      new PlatformRoute(this, 'route', { name: NAME, namespace, hostname, service: NAME, port: PORTS.http, entry: props.route });
    }
  }
}

/** Node ports inside the Kubernetes range, one per protocol, all different; trusted networks are CIDRs, never everyone. */
function checkPublicService(owner: string, service: TenantMailPublicService): TenantMailPublicService {
  const seen = new Set<number>();
  for (const protocol of MAIL_PORTS) {
    const port = service.nodePorts?.[protocol];
    if (!Number.isInteger(port) || port < 30000 || port > 32767) {
      fail(owner, `publicService.nodePorts.${protocol}`, port, 'must be a node port (an integer from 30000 to 32767)');
    }
    if (seen.has(port)) fail(owner, `publicService.nodePorts.${protocol}`, port, 'is already used by another protocol');
    seen.add(port);
  }
  if (!Array.isArray(service.proxyTrustedNetworks) || service.proxyTrustedNetworks.length === 0) {
    fail(owner, 'publicService.proxyTrustedNetworks', service.proxyTrustedNetworks, 'must list the networks the load balancer traffic comes from');
  }
  for (const [key, value] of Object.entries(service.loadBalancerAnnotations ?? {})) {
    if (typeof value !== 'string' || !/^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/.test(key)) {
      fail(owner, 'publicService.loadBalancerAnnotations', { [key]: value }, 'must map annotation keys to string values');
    }
  }
  for (const network of service.proxyTrustedNetworks) {
    const range = parseCidr(network);
    if (typeof range === 'string') fail(owner, 'publicService.proxyTrustedNetworks', network, `must be a CIDR (${range})`);
    if (isWholeInternet(range)) {
      fail(owner, 'publicService.proxyTrustedNetworks', network, 'must not trust PROXY headers from everyone (anyone could claim any client address)');
    }
  }
  return service;
}

/**
 * The stalwart-cli plan (NDJSON, one operation per line) that adds the four PROXY protocol
 * listeners the public Service leads to, trusting headers only from `trustedNetworks`, and makes
 * the MX host name the one Stalwart greets with. Upserts keyed on the listener name, so applying
 * it again changes nothing.
 */
function proxyListenerPlan(mxHostname: string, trustedNetworks: readonly string[]): string {
  const listeners = Object.fromEntries(
    MAIL_PORTS.map((protocol) => [
      proxyPortName(protocol),
      {
        name: proxyPortName(protocol),
        protocol: protocol === 'imaps' ? 'imap' : 'smtp',
        bind: [`[::]:${PORTS[protocol] + PROXY_PORT_OFFSET}`],
        tlsImplicit: protocol === 'submissions' || protocol === 'imaps',
        overrideProxyTrustedNetworks: [...trustedNetworks],
      },
    ]),
  );
  const operations = [
    { '@type': 'upsert', object: 'NetworkListener', matchOn: ['name'], value: listeners },
    { '@type': 'update', object: 'SystemSettings', value: { defaultHostname: mxHostname } },
  ];
  return operations.map((operation) => JSON.stringify(operation)).join('\n') + '\n';
}
