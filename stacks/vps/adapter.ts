import type { Cluster } from '../../config/load';
import type { VpsAdapter } from '../../constructs/vps/adapter';
import { DigitalOceanAdapter } from '../../constructs/vps/digitalocean-adapter';
import { HcloudAdapter } from '../../constructs/vps/hcloud-adapter';

/** The provider adapter of a VPS cluster (its region is the hcloud location or the DO region). */
export function vpsAdapter(cluster: Cluster): VpsAdapter {
  switch (cluster.provider) {
    case 'hcloud-k3s':
      return new HcloudAdapter({ location: cluster.region });
    case 'do-k3s':
      return new DigitalOceanAdapter({ region: cluster.region });
    default:
      throw new Error(`cluster ${cluster.name}: ${cluster.provider} is not a VPS provider`);
  }
}

/** Labels on every resource of a cluster that takes labels. */
export function clusterLabels(cluster: Cluster): Record<string, string> {
  return { cluster: cluster.name, environment: cluster.environment, 'managed-by': 'cdktf' };
}
