import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { OkeIam, type OkeIamProps } from '../../../constructs/oci/oke-iam';
import { ReservedIngressIp } from '../../../constructs/oci/reserved-ingress-ip';
import { unknownAttributes } from '../../../providers/schema-check';
import { ociSchema, only, type TfJson } from './terraform-json';

const props: OkeIamProps = {
  tenancyId: 'ocid1.tenancy.oc1..aaaaaaaatest',
  compartmentId: 'ocid1.compartment.oc1..aaaaaaaatest',
  nodeTag: { namespace: 'proj', key: 'cluster', value: 'lab' },
  name: 'proj-lab-nodes',
};

function synth(overrides: Partial<OkeIamProps> = {}): TfJson {
  return JSON.parse(Testing.synthScope((scope) => new OkeIam(scope, 'iam', { ...props, ...overrides }))) as TfJson;
}

describe('OkeIam', () => {
  it('matches only the instances of the compartment that carry the node tag', () => {
    const [, group] = only(synth(), 'oci_identity_dynamic_group');
    expect(group.compartment_id).toBe(props.tenancyId);
    expect(group.matching_rule).toBe("ALL {instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaatest', tag.proj.cluster.value = 'lab'}");
  });

  it('attaches the policy to the compartment and scopes the statements to it by OCID', () => {
    const [, policy] = only(synth(), 'oci_identity_policy');
    expect(policy.compartment_id).toBe(props.compartmentId);
    expect(policy.statements).toHaveLength(5);
    for (const statement of policy.statements as string[]) {
      expect(statement).toMatch(/^Allow dynamic-group proj-lab-nodes to (manage|use|read) [a-z-]+ in compartment id ocid1\.compartment\.oc1\.\.aaaaaaaatest$/);
    }
  });

  it('lets the nodes use the one OCI KMS key of the secrets server\'s auto-unseal, when there is one', () => {
    const key = 'ocid1.key.oc1.eu-frankfurt-1.abcd.efgh';
    const [, policy] = only(synth({ kmsKeyOcid: key }), 'oci_identity_policy');
    expect(policy.statements).toHaveLength(6);
    expect((policy.statements as string[])[5]).toBe(`Allow dynamic-group proj-lab-nodes to use keys in compartment id ocid1.compartment.oc1..aaaaaaaatest where target.key.id = '${key}'`);
    expect(() => synth({ kmsKeyOcid: 'ocid1.vault.oc1..x' })).toThrow(/not a key OCID/);
  });

  it('refuses the tenancy as compartment unless allowed, and then says "in tenancy" and still matches the tag', () => {
    expect(() => synth({ compartmentId: props.tenancyId })).toThrow(/compartmentId is the tenancy .*set allowTenancyCompartment/);
    const json = synth({ compartmentId: props.tenancyId, allowTenancyCompartment: true });
    const [, policy] = only(json, 'oci_identity_policy');
    expect(policy.compartment_id).toBe(props.tenancyId);
    expect((policy.statements as string[]).every((s) => s.endsWith(' in tenancy'))).toBe(true);
    expect(only(json, 'oci_identity_dynamic_group')[1].matching_rule).toBe(`ALL {instance.compartment.id = '${props.tenancyId}', tag.proj.cluster.value = 'lab'}`);
  });

  it('synthesizes only attributes of the OCI schema', () => {
    expect(unknownAttributes(ociSchema(), synth())).toEqual([]);
  });

  it.each<[string, Partial<OkeIamProps>, RegExp]>([
    ['a compartment as tenancy', { tenancyId: 'ocid1.compartment.oc1..aaaa' }, /tenancyId must be an OCID of a tenancy/],
    ['a name with spaces', { name: 'lab nodes' }, /name must be 1-100 letters/],
    ['a tag namespace with a period', { nodeTag: { namespace: 'a.b', key: 'cluster', value: 'lab' } }, /tag namespace must be 1-100 letters/],
    ['a tag value with a quote', { nodeTag: { namespace: 'proj', key: 'cluster', value: "lab'" } }, /tag value must be/],
  ])('fails on %s', (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe('ReservedIngressIp', () => {
  it('reserves the address and leaves its assignment to the load balancer', () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => new ReservedIngressIp(scope, 'ip', { compartmentId: props.compartmentId, name: 'lab-ingress' })),
    ) as TfJson;
    const [, ip] = only(json, 'oci_core_public_ip');
    expect(ip).toMatchObject({ lifetime: 'RESERVED', display_name: 'lab-ingress', lifecycle: { ignore_changes: ['private_ip_id'] } });
    expect(ip.private_ip_id).toBeUndefined();
    expect(unknownAttributes(ociSchema(), json)).toEqual([]);
  });

  it('fails on a bad compartment', () => {
    expect(() => Testing.synthScope((scope) => new ReservedIngressIp(scope, 'ip', { compartmentId: 'nope', name: 'x' }))).toThrow(
      /compartmentId must be an OCID/,
    );
  });
});
