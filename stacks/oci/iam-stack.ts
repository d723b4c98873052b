import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { OkeIam } from '../../constructs/oci/oke-iam';
import { clusterTags, nodeTag, ociSettings, OciStack, type OciStackProps } from './oci-stack';

/** Name of a cluster's node dynamic group and policy; tenancy-wide, so it carries the project. */
export function nodeGroupName(props: OciStackProps): string {
  return `${props.platform.project.name}-${props.cluster.name}-nodes`;
}

/**
 * `<cluster>-iam`: the nodes' dynamic group (in the tenancy) and their policy (in the cluster's
 * compartment). Independent of the other stacks (the group matches the compartment and the node
 * tag, both known from the config), so it can be applied first and nodes have their permissions
 * from the moment they join.
 */
export class OciIamStack extends OciStack {
  readonly iam: OkeIam;

  constructor(scope: Construct, id: string, props: OciStackProps) {
    // Identity resources can only be written in the tenancy's home region.
    super(scope, id, { ...props, region: ociSettings(props.cluster).homeRegion ?? props.cluster.region });
    const oci = ociSettings(props.cluster);
    this.iam = new OkeIam(this, 'iam', {
      tenancyId: oci.tenancyOcid,
      compartmentId: oci.compartmentOcid,
      nodeTag: nodeTag(props.platform, props.cluster),
      allowTenancyCompartment: oci.allowTenancyCompartment,
      kmsKeyOcid: oci.kmsUnseal?.keyOcid,
      name: nodeGroupName(props),
      freeformTags: clusterTags(props.platform, props.cluster),
    });
    new TerraformOutput(this, 'dynamic_group_name', { value: this.iam.dynamicGroup.name });
  }
}
