import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * Sealed Secrets, an alternative to SOPS: a controller that decrypts `SealedSecret` objects
 * (encrypted with its public key by `kubeseal`) into Secrets. Its sealing key never leaves the
 * cluster; back it up (Velero backs up the namespace). The controller keeps the upstream name
 * `sealed-secrets-controller` so `kubeseal --controller-namespace sealed-secrets` finds it.
 */
export class SealedSecrets extends Construct {
  /** Namespace of the controller. */
  static readonly namespace = 'sealed-secrets';
  /** Chart repository. */
  static readonly repository = 'https://bitnami-labs.github.io/sealed-secrets';

  /**
   * Values no cluster differs in. The chart's security contexts (pod: fsGroup; container: non-root
   * uid 1001, read-only root filesystem, ALL capabilities dropped) lack two things the namespace's
   * `restricted` level requires, added here: a seccomp profile and no privilege escalation.
   */
  static readonly baseValues: Values = {
    fullnameOverride: 'sealed-secrets-controller',
    podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
  };

  /** Values derived from the cluster: ServiceMonitor when Prometheus runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    return ctx.enabled.has('kube-prometheus-stack') ? { metrics: { serviceMonitor: { enabled: true } } } : undefined;
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: SealedSecrets.namespace,
      repository: SealedSecrets.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // kubeseal fetches the certificate through the API server's service proxy.
        { name: 'kubeseal', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 8080 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8081 }] },
      ],
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [{ name: 'sealed-secrets', chart: 'sealed-secrets', defaults: SealedSecrets.baseValues, values: props.values }],
    });
  }
}
