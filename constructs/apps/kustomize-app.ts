import * as kplus from 'cdk8s-plus-30';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkDnsLabel, checkDnsName, fail } from '../tenancy/validate';
import { hardenedPodTemplate } from './pod-template';
import { resolveWorkload, type AppWorkloadProps } from './workload';

export interface KustomizeAppProps extends AppWorkloadProps {
  /** Port the container listens on (HTTP). The Service exposes it as port 80. @default 8080 */
  readonly port?: number;
  /** Host label: the app answers at `<host>.<domain>`. @default - the app name */
  readonly host?: string;
  /** The cluster's DNS domain (`Cluster.domain`), e.g. `dev.example.com`. */
  readonly domain: string;
  /**
   * `ingressClassName` of an Ingress for the app: the controller that serves it (ingress-nginx:
   * `nginx`). Without it no Ingress is written; Envoy Gateway does not serve Ingress objects, so
   * there the app is attached with an HTTPRoute beside it (see charts/apps.ts).
   * @default - no Ingress
   */
  readonly ingressClassName?: string;
  /**
   * cert-manager ClusterIssuer that issues the TLS certificate (annotation
   * `cert-manager.io/cluster-issuer`; the certificate lands in Secret `<name>-tls`).
   * @default 'letsencrypt'
   */
  readonly clusterIssuer?: string;
}

/** Default container resources of a KustomizeApp. */
const DEFAULT_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
const SERVICE_PORT = 80;

/**
 * The `kustomize-app` template: a stateless HTTP app from a pinned image, in its tenant's
 * namespace. Creates (all named `<name>`):
 *
 * - `Deployment`, hardened to Pod Security `restricted` (see `AppWorkloadProps`), with requests
 *   and limits and TCP (or HTTP) startup, readiness and liveness probes on `port`;
 * - `Service` (ClusterIP, port 80 -> `port`);
 * - with `ingressClassName` only, an `Ingress` for `<host>.<domain>` with TLS from cert-manager
 *   (Secret `<name>-tls`).
 *
 * The Deployment is the `k8s` L1 with the pod template of `hardenedPodTemplate` (shared with
 * `StatefulApp`); the Service and Ingress are cdk8s-plus. Pods are selected by
 * `app.kubernetes.io/name: <name>` only, never by a label derived from the construct path.
 */
export class KustomizeApp extends Construct {
  /** Name of every object of the app. */
  readonly name: string;
  /** The fully qualified host name the app answers for. */
  readonly hostname: string;
  /** The Deployment (L1, for escape hatches). */
  readonly deployment: k8s.KubeDeployment;
  /** The ClusterIP Service, port 80. */
  readonly service: kplus.Service;
  /** The Ingress, when `ingressClassName` is set. */
  readonly ingress?: kplus.Ingress;

  constructor(scope: Construct, id: string, props: KustomizeAppProps) {
    super(scope, id);
    const owner = `KustomizeApp ${id}`;
    const app = resolveWorkload(owner, id, { ...props, port: props.port ?? 8080 }, DEFAULT_RESOURCES);
    const host = checkDnsLabel(owner, 'host', props.host ?? app.name);
    const domain = checkDnsName(owner, 'domain', props.domain);
    const hostname = `${host}.${domain}`;
    if (hostname.length > 253) fail(owner, 'host', hostname, 'with domain must be at most 253 characters');
    const ingressClassName = props.ingressClassName === undefined ? undefined : checkDnsLabel(owner, 'ingressClassName', props.ingressClassName);
    const clusterIssuer = checkDnsLabel(owner, 'clusterIssuer', props.clusterIssuer ?? 'letsencrypt');
    this.name = app.name;
    this.hostname = hostname;
    const metadata = { name: app.name, namespace: app.namespace, labels: app.labels };

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata,
      spec: {
        replicas: app.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...app.labels } },
        template: hardenedPodTemplate(app, 'http'),
      },
    });

    this.service = new kplus.Service(this, 'service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: app.port, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(app.labels)) this.service.selectLabel(key, value);

    if (ingressClassName === undefined) return;
    this.ingress = new kplus.Ingress(this, 'ingress', {
      metadata: { ...metadata, annotations: { 'cert-manager.io/cluster-issuer': clusterIssuer } },
      className: ingressClassName,
      rules: [
        {
          host: hostname,
          path: '/',
          pathType: kplus.HttpIngressPathType.PREFIX,
          backend: kplus.IngressBackend.fromService(this.service, { port: SERVICE_PORT }),
        },
      ],
      tls: [{ hosts: [hostname], secret: kplus.Secret.fromSecretName(this, 'tls-secret', `${app.name}-tls`) }],
    });
  }
}
