import type { App } from 'cdktf';
import { TerraformStack } from 'cdktf';
import type { Cluster, Platform } from '../../config/load';
import { stackName } from '../names';
import type { ClusterStacks } from '../types';

/** Placeholder until the vps stacks land: an empty stack, so nothing pretends to be more. */
export function addVpsStacks(app: App, _platform: Platform, cluster: Cluster): ClusterStacks {
  const clusterStack = new TerraformStack(app, stackName(cluster, 'cluster'));
  return { clusterStack, ingressAddress: '' };
}
