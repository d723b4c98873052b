import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * Cilium as the CNI of a k3s cluster (eBPF networking and NetworkPolicy). Only for k3s clusters
 * whose servers start with `--flannel-backend=none --disable-network-policy` (k3s config); the
 * nodes stay NotReady until Cilium runs, so it must also be applied at bootstrap, before Flux,
 * which then adopts the release. kube-proxy stays (no replacement), IPAM follows the node podCIDRs
 * k3s assigns. Agents run privileged on the host network, so the namespace is `privileged`.
 */
export class Cilium extends Construct {
  /** Namespace of the agents and the operator. */
  static readonly namespace = 'cilium';
  /** Chart repository. */
  static readonly repository = 'https://helm.cilium.io/';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    namespaceOverride: 'cilium',
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: false,
    operator: { replicas: 1 },
    hubble: { enabled: true, relay: { enabled: false }, ui: { enabled: false } },
    resources: { requests: { cpu: '100m', memory: '256Mi' } },
  };

  /** Values derived from the cluster: Prometheus scraping when it runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    if (!ctx.enabled.has('kube-prometheus-stack')) return undefined;
    return { prometheus: { enabled: true, serviceMonitor: { enabled: true } }, operator: { prometheus: { enabled: true, serviceMonitor: { enabled: true } } } };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Cilium.namespace,
      podSecurity: 'privileged',
      podSecurityReason: 'Cilium agents are the CNI: host network, privileged, BPF and host mounts on every node',
      repository: Cilium.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [{ name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 9962 }, { port: 9963 }, { port: 9965 }] }],
      egress: [{ name: 'apiserver-and-nodes', peer: { cidrs: PRIVATE_RANGES } }],
      releases: [{ name: 'cilium', chart: 'cilium', defaults: Cilium.baseValues, values: props.values, timeout: '10m' }],
    });
  }
}
