import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { CILIUM_RELEASE } from './cilium-release';
import { HelmComponent } from './helm-component';

/**
 * Cilium as the CNI of a k3s cluster (eBPF networking and NetworkPolicy). Only for k3s clusters
 * whose servers start with `flannel-backend: none` and `disable-network-policy: true` (k3s config);
 * the nodes stay NotReady until Cilium runs, so the VPS cluster stack also installs it at
 * bootstrap (`ciliumBootstrapChart` in cilium-release.ts: same release, chart version and base values, through a k3s
 * HelmChart; see constructs/vps/cloud-init.ts), and this HelmRelease then adopts the release.
 * kube-proxy stays (no replacement), IPAM follows the node podCIDRs k3s assigns, and the datapath
 * is Cilium's default VXLAN tunnel (8472/udp between nodes, see CILIUM_PORTS). Agents run
 * privileged on the host network, so the namespace is `privileged`.
 */
export class Cilium extends Construct {
  /** Namespace of the agents and the operator. */
  static readonly namespace = CILIUM_RELEASE.namespace;
  /** Chart repository. */
  static readonly repository = CILIUM_RELEASE.repository;
  /** Values no cluster differs in (see cilium-release.ts). */
  static readonly baseValues: Values = CILIUM_RELEASE.baseValues;

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
      releases: [{ name: CILIUM_RELEASE.releaseName, chart: CILIUM_RELEASE.chart, defaults: Cilium.baseValues, values: props.values, timeout: '10m' }],
    });
  }
}
