import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { PUBLIC_MAIL_PORTS, publicMailTenants } from '../../config/cluster-settings';
import { toDnsLabel } from '../../constructs/oci/dns-label';
import { OciNetwork } from '../../constructs/oci/oci-network';
import { clusterTags, ociSettings, OciStack, type OciStackProps } from './oci-stack';

/** `<cluster>-network`: the VCN, its gateways, route tables, security lists and subnets. */
export class OciNetworkStack extends OciStack {
  readonly network: OciNetwork;

  constructor(scope: Construct, id: string, props: OciStackProps) {
    super(scope, id, props);
    const { cluster, platform } = props;
    const { network } = cluster;
    this.network = new OciNetwork(this, 'network', {
      compartmentId: ociSettings(cluster).compartmentOcid,
      name: cluster.name,
      vcnCidr: network.nodeCidr,
      dnsLabel: toDnsLabel(cluster.name),
      publicSubnetCidr: network.subnets.public,
      nodeSubnetCidr: network.subnets.nodes,
      adminCidrs: network.adminCidrs,
      // Tenants with public mail get a network load balancer (with these listeners) in the public subnet.
      publicServicePorts: publicMailTenants(cluster).length > 0 ? Object.values(PUBLIC_MAIL_PORTS) : [],
      freeformTags: clusterTags(platform, cluster),
    });
    new TerraformOutput(this, 'vcn_id', { value: this.network.vcn.id });
    new TerraformOutput(this, 'public_subnet_id', { value: this.network.publicSubnet.id });
    new TerraformOutput(this, 'node_subnet_id', { value: this.network.nodeSubnet.id });
  }
}
