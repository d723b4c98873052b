import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { OkeIam, type OkeIamProps } from '../../../constructs/oci/oke-iam';
import { ReservedIngressIp } from '../../../constructs/oci/reserved-ingress-ip';
import { unknownAttributes } from '../../../providers/schema-check';
import { ociSchema, only, type TfJson } from './terraform-json';

const props: OkeIamProps = {
  tenancyId: 'ocid1.tenancy.oc1..aaaaaaaatest',
  compartmentId: 'ocid1.compartment.oc1..aaaaaaaatest',
  name: 'proj-lab-nodes',
};

function synth(overrides: Partial<OkeIamProps> = {}): TfJson {
  return JSON.parse(Testing.synthScope((scope) => new OkeIam(scope, 'iam', { ...props, ...overrides }))) as TfJson;
}

describe('OkeIam', () => {
  it('scopes the statements to the compartment by OCID', () => {
    const [, policy] = only(synth(), 'oci_identity_policy');
    expect(policy.statements).toHaveLength(5);
    for (const statement of policy.statements as string[]) {
      expect(statement).toMatch(/^Allow dynamic-group proj-lab-nodes to (manage|use|read) [a-z-]+ in compartment id ocid1\.compartment\.oc1\.\.aaaaaaaatest$/);
    }
  });

  it('says "in tenancy" when the nodes live in the root compartment', () => {
    const json = synth({ compartmentId: props.tenancyId });
    const [, policy] = only(json, 'oci_identity_policy');
    expect((policy.statements as string[]).every((s) => s.endsWith(' in tenancy'))).toBe(true);
    expect(only(json, 'oci_identity_dynamic_group')[1].matching_rule).toBe(`ALL {instance.compartment.id = '${props.tenancyId}'}`);
  });

  it('synthesizes only attributes of the OCI schema', () => {
    expect(unknownAttributes(ociSchema(), synth())).toEqual([]);
  });

  it.each<[string, Partial<OkeIamProps>, RegExp]>([
    ['a compartment as tenancy', { tenancyId: 'ocid1.compartment.oc1..aaaa' }, /tenancyId must be an OCID of a tenancy/],
    ['a name with spaces', { name: 'lab nodes' }, /name must be 1-100 letters/],
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
