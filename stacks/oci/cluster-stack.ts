import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { STORAGE_CLASS, type ClusterSettingsKey } from '../../config/cluster-settings';
import { OKE_DEFAULT_BOOT_VOLUME_GB } from '../../config/rules';
import type { OciNetwork } from '../../constructs/oci/oci-network';
import { OkeCluster } from '../../constructs/oci/oke-cluster';
import { ReservedIngressIp } from '../../constructs/oci/reserved-ingress-ip';
import { clusterTags, nodeTag, ociSettings, OciStack, type OciStackProps } from './oci-stack';

export interface OciClusterStackProps extends OciStackProps {
  /** The network stack's VCN and subnets; their ids arrive through remote state. */
  readonly network: OciNetwork;
}

/**
 * `<cluster>-cluster`: the OKE cluster and its node pools, and the reserved public IP the ingress
 * load balancer claims. Outputs what operators need (`kubeconfig_command`) and what the gitops side
 * needs (`cluster_settings`).
 */
export class OciClusterStack extends OciStack {
  readonly oke: OkeCluster;
  readonly ingressIp: ReservedIngressIp;

  constructor(scope: Construct, id: string, props: OciClusterStackProps) {
    super(scope, id, props);
    const { cluster, platform, network } = props;
    const oci = ociSettings(cluster);
    const freeformTags = clusterTags(platform, cluster);

    this.oke = new OkeCluster(this, 'oke', {
      compartmentId: oci.compartmentOcid,
      tenancyId: oci.tenancyOcid,
      name: cluster.name,
      kubernetesVersion: cluster.kubernetesVersion,
      type: 'BASIC_CLUSTER',
      vcnId: network.vcn.id,
      endpointSubnetId: network.publicSubnet.id,
      loadBalancerSubnetId: network.publicSubnet.id,
      nodeSubnetId: network.nodeSubnet.id,
      publicEndpoint: oci.publicEndpoint,
      cniType: oci.cniType,
      podsCidr: cluster.network.podCidr,
      servicesCidr: cluster.network.serviceCidr,
      nodePools: Object.entries(cluster.nodePools).map(([name, pool]) => ({
        name,
        shape: pool.machineType,
        size: pool.count,
        ocpus: pool.ocpus,
        memoryGb: pool.memoryGb,
        bootVolumeGb: pool.bootVolumeGb ?? OKE_DEFAULT_BOOT_VOLUME_GB,
        labels: pool.labels,
      })),
      freeformTags,
      nodeTag: nodeTag(platform, cluster),
    });
    this.ingressIp = new ReservedIngressIp(this, 'ingress-ip', {
      compartmentId: oci.compartmentOcid,
      name: `${cluster.name}-ingress`,
      freeformTags,
    });

    const okeCluster = this.oke.cluster;
    const endpoints = okeCluster.endpoints.get(0);
    const settings: Record<ClusterSettingsKey, string> = {
      cluster_name: cluster.name,
      environment: cluster.environment,
      domain: cluster.domain,
      region: cluster.region,
      ingress_ip: this.ingressIp.ipAddress,
      lb_subnet_id: network.publicSubnet.id,
      storage_class: STORAGE_CLASS['oci-oke'],
    };
    const endpoint = oci.publicEndpoint ? 'PUBLIC_ENDPOINT' : 'PRIVATE_ENDPOINT';

    new TerraformOutput(this, 'cluster_id', { value: okeCluster.id });
    new TerraformOutput(this, 'kubernetes_public_endpoint', { value: endpoints.publicEndpoint });
    new TerraformOutput(this, 'kubernetes_private_endpoint', { value: endpoints.privateEndpoint });
    new TerraformOutput(this, 'region', { value: cluster.region });
    new TerraformOutput(this, 'kubeconfig_command', {
      description: 'Writes a kubeconfig entry that authenticates through the OCI CLI profile.',
      value:
        `oci ce cluster create-kubeconfig --cluster-id ${okeCluster.id} --region ${cluster.region} ` +
        `--profile ${oci.configProfile} --token-version 2.0.0 --kube-endpoint ${endpoint} --file $HOME/.kube/config`,
    });
    new TerraformOutput(this, 'ingress_ip', { value: this.ingressIp.ipAddress });
    new TerraformOutput(this, 'cluster_settings', {
      description: 'The cluster-settings ConfigMap (config/cluster-settings.ts) for Flux postBuild substitution.',
      value: settings,
    });
  }
}
