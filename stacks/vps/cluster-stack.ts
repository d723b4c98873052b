import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  CLUSTER_SETTINGS_KEYS,
  INGRESS_NODE_PORTS,
  PUBLIC_MAIL_PORTS,
  STORAGE_CLASS,
  clusterMailNodePorts,
  publicMailTenants,
  type ClusterSettingsKey,
  type PublicMailProtocol,
} from '../../config/cluster-settings';
import { podSecurityExemptions } from '../../charts/namespace-levels';
import type { Cluster, Platform } from '../../config/load';
import { ciliumBootstrapChart } from '../../constructs/components/cilium-release';
import type { IngressListener, NetworkAttributes, VpsAdapter } from '../../constructs/vps/adapter';
import { K3sCluster, type ServiceLoadBalancer } from '../../constructs/vps/k3s-cluster';
import { stateKey } from '../names';
import { useStateBackend } from '../state-backend';
import { clusterLabels } from './adapter';

/**
 * The ingress load balancer's listeners: 80 and 443 forwarded to the fixed node ports of the
 * ingress Service (INGRESS_NODE_PORTS, shared with the gitops side), since nothing listens on
 * 80/443 on the nodes (servicelb is disabled).
 */
export const VPS_INGRESS_LISTENERS: readonly IngressListener[] = [
  { port: 80, nodePort: INGRESS_NODE_PORTS.http },
  { port: 443, nodePort: INGRESS_NODE_PORTS.https },
];

/** Key of tenant `tenant`'s mail load balancer among the cluster's service load balancers. */
export const mailLoadBalancerKey = (tenant: string) => `mail-${tenant}`;

/**
 * One load balancer per tenant with public mail: 25, 465, 587 and 993 to the node ports of the
 * tenant's `stalwart-public` Service (clusterMailNodePorts, shared with the gitops side).
 */
export function mailLoadBalancers(cluster: Cluster): ServiceLoadBalancer[] {
  return [...clusterMailNodePorts(cluster)].map(([tenant, nodePorts]) => ({
    key: mailLoadBalancerKey(tenant),
    listeners: (Object.keys(PUBLIC_MAIL_PORTS) as PublicMailProtocol[]).map((protocol) => ({
      port: PUBLIC_MAIL_PORTS[protocol],
      nodePort: nodePorts[protocol],
    })),
  }));
}

export interface VpsClusterStackProps {
  readonly platform: Platform;
  readonly cluster: Cluster;
  readonly adapter: VpsAdapter;
  /** From the network stack; cdktf turns the references into terraform_remote_state. */
  readonly network: NetworkAttributes;
}

/**
 * `<cluster>-cluster`: firewalls, SSH keys, servers running k3s, the join tokens and the ingress
 * load balancer of a VPS cluster (80/443 -> the ingress Service's node ports), and the
 * `cluster_settings` output the gitops side reads. The nodes follow the cluster's components:
 * with `cilium` enabled k3s runs without flannel and the first server installs Cilium at
 * bootstrap (Flux adopts it); with `longhorn` enabled every node gets its iSCSI/NFS prerequisites.
 */
export class VpsClusterStack extends TerraformStack {
  readonly k3s: K3sCluster;
  /** Public IPv4 (token) of each tenant's mail load balancer, by tenant. */
  readonly mailAddresses: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: VpsClusterStackProps) {
    super(scope, id);
    const { cluster, adapter } = props;
    const vps = cluster.vps;
    if (!vps) throw new Error(`cluster ${cluster.name}: a ${cluster.provider} cluster needs a vps: section`);
    useStateBackend(this, props.platform.state, stateKey(cluster.environment, id));
    adapter.addProvider(this);
    new RandomProvider(this, 'random', {});
    const cilium = cluster.components.cilium;
    const longhorn = cluster.components.longhorn;

    this.k3s = new K3sCluster(this, 'k3s', {
      adapter,
      name: cluster.name,
      network: props.network,
      nodeCidr: cluster.network.nodeCidr,
      nodesSubnet: cluster.network.subnets.nodes,
      podCidr: cluster.network.podCidr,
      serviceCidr: cluster.network.serviceCidr,
      adminCidrs: cluster.network.adminCidrs,
      nodePools: cluster.nodePools,
      k3sVersion: vps.k3sVersion,
      sshKeys: vps.sshKeys,
      // Pod Security: restricted by default; kube-system and the privileged platform namespaces exempt.
      podSecurityExemptions: podSecurityExemptions(cluster),
      // Cilium replaces flannel: installed at bootstrap with the version gitops pins, then adopted by Flux.
      cilium: cilium?.enabled ? ciliumBootstrapChart(cilium.version) : undefined,
      longhorn: longhorn?.enabled === true,
      ingressListeners: VPS_INGRESS_LISTENERS,
      serviceLoadBalancers: mailLoadBalancers(cluster),
      labels: clusterLabels(cluster),
    });
    this.mailAddresses = Object.fromEntries(
      publicMailTenants(cluster).map((tenant) => [tenant, this.k3s.serviceAddresses[mailLoadBalancerKey(tenant)]!]),
    );

    const ips = (role: 'control-plane' | 'worker', kind: 'publicIpv4' | 'privateIpv4') =>
      this.k3s.nodes.filter((node) => node.role === role).map((node) => node.server[kind]);
    new TerraformOutput(this, 'api_endpoint', { value: this.k3s.apiEndpoint, description: 'Kubernetes API of the first control-plane node' });
    new TerraformOutput(this, 'ingress_ip', { value: this.k3s.ingressAddress, description: 'Public IPv4 of the ingress load balancer' });
    if (Object.keys(this.mailAddresses).length > 0) {
      new TerraformOutput(this, 'mail_ips', { value: this.mailAddresses, description: 'Public IPv4 of each tenant mail load balancer, by tenant' });
    }
    new TerraformOutput(this, 'control_plane_public_ips', { value: ips('control-plane', 'publicIpv4') });
    new TerraformOutput(this, 'control_plane_private_ips', { value: ips('control-plane', 'privateIpv4') });
    new TerraformOutput(this, 'worker_public_ips', { value: ips('worker', 'publicIpv4') });
    new TerraformOutput(this, 'worker_private_ips', { value: ips('worker', 'privateIpv4') });
    new TerraformOutput(this, 'k3s_token', {
      value: this.k3s.token.result,
      sensitive: true,
      description: 'k3s server token: joins servers, full admin of the cluster (also in every control-plane user_data, hence in state)',
    });
    new TerraformOutput(this, 'k3s_agent_token', {
      value: this.k3s.agentToken.result,
      sensitive: true,
      description: 'k3s agent token: joins agents only (also in every node user_data, hence in state)',
    });

    const settings: Record<ClusterSettingsKey, string> = {
      cluster_name: cluster.name,
      environment: cluster.environment,
      domain: cluster.domain,
      region: cluster.region,
      ingress_ip: this.k3s.ingressAddress,
      lb_subnet_id: props.network.lbSubnetId,
      storage_class: STORAGE_CLASS[cluster.provider],
    };
    new TerraformOutput(this, 'cluster_settings', {
      value: Object.fromEntries(CLUSTER_SETTINGS_KEYS.map((key) => [key, settings[key]])),
      description: 'Values for the cluster-settings ConfigMap (config/cluster-settings.ts)',
    });
  }
}
