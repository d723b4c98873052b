import { Construct } from 'constructs';
import { IdentityDynamicGroup } from '../../.gen/providers/oci/identity-dynamic-group';
import { IdentityPolicy } from '../../.gen/providers/oci/identity-policy';
import { assertDefinedTag, tagCondition, type OciDefinedTag } from './defined-tag';
import { assertOcid } from './validation';

export interface OkeIamProps {
  /** Tenancy OCID: the dynamic group lives in the tenancy (the only place OCI keeps them). */
  readonly tenancyId: string;
  /** Compartment of the cluster's node instances; the policy is attached here and grants here only. */
  readonly compartmentId: string;
  /**
   * The defined tag every node of the cluster carries (OkeCluster `nodeTag`); the group matches
   * only instances of the compartment that carry it.
   */
  readonly nodeTag: OciDefinedTag;
  /** Name of the dynamic group and of the policy; unique in the tenancy. */
  readonly name: string;
  /**
   * Accept the tenancy OCID as `compartmentId`: the policy then sits in the root compartment and
   * grants in the whole tenancy.
   * @default false
   */
  readonly allowTenancyCompartment?: boolean;
  /**
   * OCI KMS key the nodes may use (encrypt, decrypt) for the secrets server's auto-unseal (`oci.kmsUnseal`).
   * @default - none
   */
  readonly kmsKeyOcid?: string;
  /** Free-form tags. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
}

/**
 * Instance-principal access for an OKE cluster's nodes: a dynamic group of the instances in the
 * cluster's compartment that carry the cluster's defined node tag (free-form tags cannot be named
 * in matching rules), and one policy, attached to that compartment, that lets them manage block
 * volumes (CSI), load balancers (the cloud controller manager, which also needs the network family
 * to place them and attach the reserved IP) and publish metrics, in that compartment only. Other
 * instances of the compartment, and other clusters' nodes, are not in the group.
 */
export class OkeIam extends Construct {
  readonly dynamicGroup: IdentityDynamicGroup;
  readonly policy: IdentityPolicy;
  /** The dynamic group's matching rule. */
  readonly matchingRule: string;
  /** The policy statements, in order. */
  readonly statements: readonly string[];

  constructor(scope: Construct, id: string, props: OkeIamProps) {
    super(scope, id);
    assertOcid(props.tenancyId, ['tenancy'], `OkeIam ${id}: tenancyId`);
    assertOcid(props.compartmentId, ['compartment', 'tenancy'], `OkeIam ${id}: compartmentId`);
    // A tenancy OCID as "compartment" means the root compartment: OCI spells that "tenancy".
    const inTenancy = props.compartmentId.startsWith('ocid1.tenancy.');
    if (inTenancy && props.allowTenancyCompartment !== true) {
      throw new Error(
        `OkeIam ${id}: compartmentId is the tenancy ${props.compartmentId}; the nodes' policy would grant in every compartment. Give the cluster a compartment of its own, or set allowTenancyCompartment`,
      );
    }
    assertDefinedTag(props.nodeTag, `OkeIam ${id}: nodeTag`);
    // OCI identity names: letters, digits, "-", "_" and ".", at most 100 characters.
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(props.name)) {
      throw new Error(`OkeIam ${id}: name must be 1-100 letters, digits, ".", "_" or "-", got "${props.name}"`);
    }
    const freeformTags = { ...props.freeformTags };
    this.matchingRule = `ALL {instance.compartment.id = '${props.compartmentId}', ${tagCondition(props.nodeTag)}}`;
    this.dynamicGroup = new IdentityDynamicGroup(this, 'nodes', {
      compartmentId: props.tenancyId,
      name: props.name,
      description: `OKE nodes in compartment ${props.compartmentId} tagged ${props.nodeTag.namespace}.${props.nodeTag.key} = ${props.nodeTag.value}`,
      matchingRule: this.matchingRule,
      freeformTags,
    });
    if (props.kmsKeyOcid !== undefined && !/^ocid1\.key\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9.-]+$/.test(props.kmsKeyOcid)) {
      throw new Error(`OkeIam ${id}: kmsKeyOcid ${JSON.stringify(props.kmsKeyOcid)} is not a key OCID`);
    }
    const where = inTenancy ? 'tenancy' : `compartment id ${props.compartmentId}`;
    const group = `dynamic-group ${props.name}`;
    this.statements = [
      `Allow ${group} to manage volume-family in ${where}`,
      `Allow ${group} to read instance-family in ${where}`,
      `Allow ${group} to manage load-balancers in ${where}`,
      `Allow ${group} to use virtual-network-family in ${where}`,
      `Allow ${group} to use metrics in ${where}`,
      // Vault/OpenBao auto-unseal (seal "ocikms", instance principal): that one key only.
      ...(props.kmsKeyOcid ? [`Allow ${group} to use keys in ${where} where target.key.id = '${props.kmsKeyOcid}'`] : []),
    ];
    this.policy = new IdentityPolicy(this, 'policy', {
      // Attached to the cluster's compartment: a policy there can grant in that compartment (and
      // its children) only, whatever its statements say.
      compartmentId: props.compartmentId,
      name: props.name,
      description: `OKE nodes (${props.name}): block volumes, load balancers, metrics`,
      statements: [...this.statements],
      freeformTags,
      // The statements name the group, which must exist first.
      dependsOn: [this.dynamicGroup],
    });
  }
}
