import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Cluster, Platform } from '../../config/load';
import type { NetworkAttributes, VpsAdapter } from '../../constructs/vps/adapter';
import { K3sNetwork } from '../../constructs/vps/k3s-network';
import { stateKey } from '../names';
import { useStateBackend } from '../state-backend';
import { clusterLabels } from './adapter';

export interface VpsNetworkStackProps {
  readonly platform: Platform;
  readonly cluster: Cluster;
  readonly adapter: VpsAdapter;
}

/**
 * `<cluster>-network`: the private network of a VPS cluster (hcloud network + subnets, or a DO
 * VPC). Separate from the cluster so that rebuilding the servers never touches the network.
 */
export class VpsNetworkStack extends TerraformStack {
  readonly network: NetworkAttributes;

  constructor(scope: Construct, id: string, props: VpsNetworkStackProps) {
    super(scope, id);
    const { cluster, adapter } = props;
    useStateBackend(this, props.platform.state, stateKey(cluster.environment, id));
    adapter.addProvider(this);
    const network = new K3sNetwork(this, 'network', {
      adapter,
      name: cluster.name,
      nodeCidr: cluster.network.nodeCidr,
      nodesSubnet: cluster.network.subnets.nodes,
      lbSubnet: cluster.network.subnets.public,
      labels: clusterLabels(cluster),
    });
    this.network = network.attributes;
    new TerraformOutput(this, 'network_id', { value: this.network.networkId });
    new TerraformOutput(this, 'nodes_subnet_id', { value: this.network.nodesSubnetId });
    new TerraformOutput(this, 'lb_subnet_id', { value: this.network.lbSubnetId });
  }
}
