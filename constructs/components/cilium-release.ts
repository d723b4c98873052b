// Facts about the Cilium release that both the gitops HelmRelease (cilium.ts) and the VPS cluster
// stack's bootstrap install (constructs/vps/cloud-init.ts) use. Kept free of cdk8s imports so the
// Terraform side does not load the Kubernetes constructs.
import type { BootstrapHelmChart } from '../vps/cloud-init';
import type { Values } from './context';

export const CILIUM_RELEASE = {
  /** Namespace of the agents and the operator. */
  namespace: 'cilium',
  /** Chart repository. */
  repository: 'https://helm.cilium.io/',
  /** Chart name. */
  chart: 'cilium',
  /** Helm release (and HelmRelease) name. */
  releaseName: 'cilium',
  /**
   * Values no cluster differs in. `policyCIDRMatchMode: [nodes]`: the platform's NetworkPolicies
   * reach the API server and the nodes through `ipBlock` (PRIVATE_RANGES), which Cilium matches
   * against node addresses only in this mode (by default it gives nodes the host/remote-node
   * identities, and such rules would silently drop API server traffic). The CNI paths stay at the
   * chart defaults (/opt/cni/bin, /etc/cni/net.d): with `flannel-backend: none` k3s leaves
   * containerd's CNI directories at those defaults.
   */
  baseValues: {
    namespaceOverride: 'cilium',
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: false,
    policyCIDRMatchMode: ['nodes'],
    operator: { replicas: 1 },
    hubble: { enabled: true, relay: { enabled: false }, ui: { enabled: false } },
    resources: { requests: { cpu: '100m', memory: '256Mi' } },
  } as Values,
} as const;

/**
 * The release k3s installs at bootstrap, before Flux can run pods: the HelmRelease's release
 * name, namespace and chart `version`, with the base values only. Everything else (values from
 * environments/, Prometheus scraping, which needs the monitoring CRDs) comes with Flux's first
 * upgrade of the adopted release.
 */
export function ciliumBootstrapChart(version: string): BootstrapHelmChart {
  return {
    releaseName: CILIUM_RELEASE.releaseName,
    namespace: CILIUM_RELEASE.namespace,
    repository: CILIUM_RELEASE.repository,
    chart: CILIUM_RELEASE.chart,
    version,
    values: CILIUM_RELEASE.baseValues,
  };
}
