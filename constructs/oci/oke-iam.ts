import { Construct } from 'constructs';
import { IdentityDynamicGroup } from '../../.gen/providers/oci/identity-dynamic-group';
import { IdentityPolicy } from '../../.gen/providers/oci/identity-policy';
import { assertOcid } from './validation';

export interface OkeIamProps {
  /** Tenancy OCID: dynamic groups, and the policies that name them, live in the tenancy. */
  readonly tenancyId: string;
  /** Compartment of the cluster's node instances; the group matches every instance in it. */
  readonly compartmentId: string;
  /** Name of the dynamic group and of the policy; unique in the tenancy. */
  readonly name: string;
  /** Free-form tags. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
}

/**
 * Instance-principal access for an OKE cluster's nodes: a dynamic group of the instances in the
 * cluster's compartment, and one policy that lets them manage block volumes (CSI), load balancers
 * (the cloud controller manager, which also needs the network family to place them and attach the
 * reserved IP) and publish metrics, in that compartment only. Give each cluster its own
 * compartment to keep other instances out of the group.
 */
export class OkeIam extends Construct {
  readonly dynamicGroup: IdentityDynamicGroup;
  readonly policy: IdentityPolicy;
  /** The policy statements, in order. */
  readonly statements: readonly string[];

  constructor(scope: Construct, id: string, props: OkeIamProps) {
    super(scope, id);
    assertOcid(props.tenancyId, ['tenancy'], `OkeIam ${id}: tenancyId`);
    assertOcid(props.compartmentId, ['compartment', 'tenancy'], `OkeIam ${id}: compartmentId`);
    // OCI identity names: letters, digits, "-", "_" and ".", at most 100 characters.
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(props.name)) {
      throw new Error(`OkeIam ${id}: name must be 1-100 letters, digits, ".", "_" or "-", got "${props.name}"`);
    }
    const freeformTags = { ...props.freeformTags };
    this.dynamicGroup = new IdentityDynamicGroup(this, 'nodes', {
      compartmentId: props.tenancyId,
      name: props.name,
      description: `Instances of the OKE cluster nodes in compartment ${props.compartmentId}`,
      matchingRule: `ALL {instance.compartment.id = '${props.compartmentId}'}`,
      freeformTags,
    });
    // A tenancy OCID as "compartment" means the root compartment: OCI spells that "tenancy".
    const where = props.compartmentId.startsWith('ocid1.tenancy.') ? 'tenancy' : `compartment id ${props.compartmentId}`;
    const group = `dynamic-group ${props.name}`;
    this.statements = [
      `Allow ${group} to manage volume-family in ${where}`,
      `Allow ${group} to read instance-family in ${where}`,
      `Allow ${group} to manage load-balancers in ${where}`,
      `Allow ${group} to use virtual-network-family in ${where}`,
      `Allow ${group} to use metrics in ${where}`,
    ];
    this.policy = new IdentityPolicy(this, 'policy', {
      compartmentId: props.tenancyId,
      name: props.name,
      description: `OKE nodes (${props.name}): block volumes, load balancers, metrics`,
      statements: [...this.statements],
      freeformTags,
      // The statements name the group, which must exist first.
      dependsOn: [this.dynamicGroup],
    });
  }
}
