import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkPinnedImage } from '../apps/image';
import { assertDnsLabel } from '../flux/names';

export interface CacheProps {
  /** Name of the Redis resource; also its Service (`<name>.<namespace>.svc:6379`). */
  readonly name: string;
  /** Namespace the cache runs in (next to its users). */
  readonly namespace: string;
  /**
   * Redis image, pinned: a version tag of at least major.minor or a `@sha256:` digest (checkPinnedImage).
   * @default 'quay.io/opstree/redis:v7.2.7'
   */
  readonly image?: string;
  /**
   * Volume size in GiB for persistence; 0 keeps data in memory only.
   * @default 0
   */
  readonly storageGb?: number;
  /**
   * Memory limit of the Redis container (a Kubernetes quantity).
   * @default '256Mi'
   */
  readonly memory?: string;
  /**
   * Secret (key `password`) that protects the cache.
   * @default - no password: only the namespace's pods and the operator can connect (NetworkPolicy)
   */
  readonly passwordSecret?: string;
}

/**
 * A standalone Redis run by the Redis operator (`redis.redis.opstreelabs.in/v1beta2` Redis, typed
 * here: no CRD import is available offline), non-root without privilege escalation or capabilities, plus a
 * NetworkPolicy letting only the operator in from outside the namespace.
 */
export class Cache extends Construct {
  /** Service name clients connect to (in-cluster DNS). */
  readonly host: string;
  /** Port of the Redis server. */
  static readonly port = 6379;
  /** host:port clients connect to. */
  readonly address: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    assertDnsLabel('Cache name', props.name);
    assertDnsLabel('Cache namespace', props.namespace);
    const image = props.image ?? 'quay.io/opstree/redis:v7.2.7';
    checkPinnedImage(`Cache ${props.name}`, 'image', image);
    const storageGb = props.storageGb ?? 0;
    if (!Number.isInteger(storageGb) || storageGb < 0) throw new Error(`Cache ${props.name}: storageGb must be a non-negative integer`);
    const memory = props.memory ?? '256Mi';
    if (!/^\d+(Mi|Gi)$/.test(memory)) throw new Error(`Cache ${props.name}: memory ${memory} must be like 256Mi or 1Gi`);
    this.host = `${props.name}.${props.namespace}.svc`;
    this.address = `${this.host}:${Cache.port}`;

    new ApiObject(this, 'redis', {
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'Redis',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        kubernetesConfig: {
          image,
          imagePullPolicy: 'IfNotPresent',
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory } },
          ...(props.passwordSecret ? { redisSecret: { name: props.passwordSecret, key: 'password' } } : {}),
        },
        podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        ...(storageGb > 0
          ? { storage: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${storageGb}Gi` } } } } } }
          : {}),
      },
    });
    new k8s.KubeNetworkPolicy(this, 'policy', {
      metadata: { name: `allow-${props.name}-operator`, namespace: props.namespace },
      spec: {
        podSelector: { matchLabels: { app: props.name } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redis-operator' } } }], ports: [{ port: k8s.IntOrString.fromNumber(Cache.port) }] }],
      },
    });
  }
}
