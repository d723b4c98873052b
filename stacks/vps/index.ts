import type { App } from 'cdktf';
import type { Cluster, Platform } from '../../config/load';
import { stackName } from '../names';
import type { ClusterStacks } from '../types';
import { vpsAdapter } from './adapter';
import { VpsClusterStack } from './cluster-stack';
import { VpsNetworkStack } from './network-stack';

/**
 * The stacks of a k3s cluster on VPS servers (hcloud-k3s, do-k3s): `<cluster>-network` and
 * `<cluster>-cluster`. The cluster stack reads the network ids through remote state (cdktf
 * wires the cross-stack references), so the network stack is deployed first.
 */
export function addVpsStacks(app: App, platform: Platform, cluster: Cluster): ClusterStacks {
  const adapter = vpsAdapter(cluster);
  const network = new VpsNetworkStack(app, stackName(cluster, 'network'), { platform, cluster, adapter });
  const clusterStack = new VpsClusterStack(app, stackName(cluster, 'cluster'), {
    platform,
    cluster,
    adapter,
    network: network.network,
  });
  return { clusterStack, ingressAddress: clusterStack.k3s.ingressAddress, mailAddresses: clusterStack.mailAddresses };
}
