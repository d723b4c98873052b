import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { unknownAttributes } from '../../../providers/schema-check';
import { toDnsLabel } from '../../../constructs/oci/dns-label';
import { OciNetwork, type OciNetworkProps } from '../../../constructs/oci/oci-network';
import { blocks, named, ociSchema, type TfJson } from './terraform-json';

const props: OciNetworkProps = {
  compartmentId: 'ocid1.compartment.oc1..aaaaaaaatest',
  name: 'lab',
  vcnCidr: '10.8.0.0/16',
  dnsLabel: 'lab',
  publicSubnetCidr: '10.8.0.0/24',
  nodeSubnetCidr: '10.8.16.0/20',
  adminCidrs: ['198.51.100.0/24', '192.0.2.10/32'],
};

function synth(overrides: Partial<OciNetworkProps> = {}): TfJson {
  return JSON.parse(Testing.synthScope((scope) => new OciNetwork(scope, 'net', { ...props, ...overrides }))) as TfJson;
}

describe('OciNetwork', () => {
  let json: TfJson;
  beforeAll(() => {
    json = synth({ freeformTags: { team: 'platform' } });
  });

  it('uses the given CIDRs and tags', () => {
    expect(named(json, 'oci_core_vcn', 'lab-vcn')[1]).toMatchObject({ cidr_blocks: ['10.8.0.0/16'], dns_label: 'lab', freeform_tags: { team: 'platform' } });
    expect(named(json, 'oci_core_subnet', 'lab-public')[1].cidr_block).toBe('10.8.0.0/24');
    expect(named(json, 'oci_core_subnet', 'lab-nodes')[1].cidr_block).toBe('10.8.16.0/20');
  });

  it('opens 6443 to every admin CIDR (sorted, so the set is stable) and to the VCN', () => {
    const rules = blocks(named(json, 'oci_core_security_list', 'lab-public')[1].ingress_security_rules);
    const api = rules.filter((r) => blocks(r.tcp_options)[0]?.min === 6443).map((r) => r.source);
    expect(api).toEqual(['192.0.2.10/32', '198.51.100.0/24', '10.8.0.0/16']);
  });

  it('uses the VCN CIDR, not the subnet, for node ingress', () => {
    const rules = blocks(named(json, 'oci_core_security_list', 'lab-nodes')[1].ingress_security_rules);
    expect(rules.map((r) => r.source)).toEqual(['10.8.0.0/16']);
  });

  it('opens only 80 and 443 to the internet, plus the public service ports when given (network load balancer listeners)', () => {
    const openPorts = (network: TfJson) =>
      blocks(named(network, 'oci_core_security_list', 'lab-public')[1].ingress_security_rules)
        .filter((r) => r.source === '0.0.0.0/0')
        .map((r) => blocks(r.tcp_options)[0]!.min);
    expect(openPorts(json)).toEqual([443, 80]);
    expect(openPorts(synth({ publicServicePorts: [993, 25, 587, 465, 25] }))).toEqual([443, 80, 25, 465, 587, 993]);
  });

  it('synthesizes only attributes of the OCI schema', () => {
    expect(unknownAttributes(ociSchema(), json)).toEqual([]);
  });

  describe('fails on bad input', () => {
    it.each<[string, Partial<OciNetworkProps>, RegExp]>([
      ['a CIDR with host bits', { vcnCidr: '10.8.0.1/16' }, /vcnCidr: 10\.8\.0\.1\/16 has host bits set/],
      ['text that is no CIDR', { publicSubnetCidr: '10.8.0.0' }, /publicSubnetCidr: 10\.8\.0\.0 is not CIDR notation/],
      ['a VCN larger than /16', { vcnCidr: '10.0.0.0/8' }, /larger than \/16/],
      ['a subnet outside the VCN', { nodeSubnetCidr: '10.9.0.0/24' }, /nodeSubnetCidr: 10\.9\.0\.0\/24 is not inside vcnCidr 10\.8\.0\.0\/16/],
      ['overlapping subnets', { nodeSubnetCidr: '10.8.0.0/23' }, /overlaps publicSubnetCidr/],
      ['no admin CIDR', { adminCidrs: [] }, /adminCidrs must list at least one network/],
      ['the whole internet as admin CIDR', { adminCidrs: ['0.0.0.0/0'] }, /open the Kubernetes API to the whole internet/],
      ['a DNS label with a dash', { dnsLabel: 'oke-dev' }, /dnsLabel must be an OCI DNS label .* got "oke-dev"/],
      ['a DNS label starting with a digit', { dnsLabel: '1oke' }, /dnsLabel must be an OCI DNS label/],
      ['a DNS label over 15 characters', { dnsLabel: 'abcdefghijklmnop' }, /at most 15 characters/],
      ['a user OCID as compartment', { compartmentId: 'ocid1.user.oc1..aaaa' }, /compartmentId must be an OCID of a compartment or tenancy/],
      ['a public service port that is no port', { publicServicePorts: [0] }, /publicServicePorts: 0 is not a TCP port/],
      ['the API as a public service port', { publicServicePorts: [6443] }, /publicServicePorts: 6443 is a cluster port/],
      ['a node port as a public service port', { publicServicePorts: [30200] }, /publicServicePorts: 30200 is a cluster port/],
    ])('%s', (_, overrides, message) => {
      expect(() => synth(overrides)).toThrow(message);
    });
  });
});

describe('toDnsLabel', () => {
  it.each([
    ['oke-dev', 'okedev'],
    ['OKE_Prod.eu', 'okeprodeu'],
    ['1st-cluster', 'v1stcluster'],
    ['a-very-long-cluster-name-indeed', 'averylongcluste'],
  ])('%s -> %s', (input, label) => {
    expect(toDnsLabel(input)).toBe(label);
    expect(label).toMatch(/^[a-z][a-z0-9]{0,14}$/);
  });

  it('fails when nothing usable is left', () => {
    expect(() => toDnsLabel('---')).toThrow(/no letters or digits/);
  });
});
