import { Annotations, type App } from 'cdktf';
import type { Cluster, Platform } from '../../config/load';
import { stackName } from '../names';
import type { ClusterStacks } from '../types';
import { DnsStack } from './dns-stack';

/**
 * Adds `<cluster>-dns`. Its records point at the cluster stack's ingress address; because both
 * stacks share the app, cdktf turns that reference into an output of the cluster stack and a
 * terraform_remote_state read here (deploy the cluster stack first).
 *
 * A cluster whose stacks do not provide an ingress address yet gets no DNS stack and a warning,
 * rather than records pointing nowhere.
 */
export function addDnsStack(app: App, platform: Platform, cluster: Cluster, stacks: ClusterStacks): DnsStack | undefined {
  const id = stackName(cluster, 'dns');
  if (stacks.ingressAddress === '') {
    Annotations.of(app).addWarning(`${id} skipped: the ${cluster.provider} stacks of ${cluster.name} provide no ingress address yet`);
    return undefined;
  }
  return new DnsStack(app, id, { platform, cluster, ingressAddress: stacks.ingressAddress, mailAddresses: stacks.mailAddresses });
}
