import type { App } from 'cdktf';
import type { Cluster, Platform } from '../../config/load';
import { stackName } from '../names';
import type { ClusterStacks } from '../types';
import { OciClusterStack } from './cluster-stack';
import { OciIamStack } from './iam-stack';
import { OciNetworkStack } from './network-stack';

/**
 * The three stacks of an OKE cluster, each with its own state: `<cluster>-network`,
 * `<cluster>-cluster` (reads the network's ids through remote state) and `<cluster>-iam`.
 */
export function addOciStacks(app: App, platform: Platform, cluster: Cluster): ClusterStacks {
  const props = { platform, cluster };
  const networkStack = new OciNetworkStack(app, stackName(cluster, 'network'), props);
  const clusterStack = new OciClusterStack(app, stackName(cluster, 'cluster'), { ...props, network: networkStack.network });
  new OciIamStack(app, stackName(cluster, 'iam'), props);
  return { clusterStack, ingressAddress: clusterStack.ingressIp.ipAddress, mailAddresses: {} };
}
