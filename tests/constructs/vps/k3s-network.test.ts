import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { DigitalOceanAdapter } from '../../../constructs/vps/digitalocean-adapter';
import { HcloudAdapter } from '../../../constructs/vps/hcloud-adapter';
import { K3sNetwork, type K3sNetworkProps } from '../../../constructs/vps/k3s-network';

type Json = Record<string, any>;
const resolve = (stack: TerraformStack, value: unknown) => Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });

function synth(props: K3sNetworkProps): { json: Json; network: K3sNetwork; stack: TerraformStack } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const network = new K3sNetwork(stack, 'net', props);
  return { json: JSON.parse(Testing.synth(stack)) as Json, network, stack };
}

const BASE = { name: 'c1', nodeCidr: '10.1.0.0/16', nodesSubnet: '10.1.1.0/24', lbSubnet: '10.1.0.0/24' };

describe('K3sNetwork', () => {
  it('creates an hcloud network with a nodes and an LB subnet in the location zone', () => {
    const { json, network, stack } = synth({ ...BASE, adapter: new HcloudAdapter({ location: 'ash' }), labels: { a: 'b' } });
    const [[netId, net]] = Object.entries(json.resource.hcloud_network as Record<string, Json>) as [[string, Json]];
    expect(net).toMatchObject({ name: 'c1', ip_range: '10.1.0.0/16', labels: { a: 'b' } });
    const subnets = Object.entries(json.resource.hcloud_network_subnet as Record<string, Json>);
    expect(subnets.map(([, s]) => [s.ip_range, s.network_zone, s.type, s.network_id]).sort()).toEqual([
      ['10.1.0.0/24', 'us-east', 'cloud', `\${hcloud_network.${netId}.id}`],
      ['10.1.1.0/24', 'us-east', 'cloud', `\${hcloud_network.${netId}.id}`],
    ]);
    const subnetId = (range: string) => subnets.find(([, s]) => s.ip_range === range)![0];
    expect(resolve(stack, network.attributes.nodesSubnetId)).toBe(`\${hcloud_network_subnet.${subnetId('10.1.1.0/24')}.id}`);
    expect(resolve(stack, network.attributes.lbSubnetId)).toBe(`\${hcloud_network_subnet.${subnetId('10.1.0.0/24')}.id}`);
  });

  it('creates a DigitalOcean VPC whose id stands in for both subnets', () => {
    const { json, network, stack } = synth({ ...BASE, adapter: new DigitalOceanAdapter({ region: 'fra1' }) });
    const [[vpcId, vpc]] = Object.entries(json.resource.digitalocean_vpc as Record<string, Json>) as [[string, Json]];
    expect(vpc).toMatchObject({ name: 'c1', region: 'fra1', ip_range: '10.1.0.0/16' });
    for (const id of [network.attributes.networkId, network.attributes.nodesSubnetId, network.attributes.lbSubnetId]) {
      expect(resolve(stack, id)).toBe(`\${digitalocean_vpc.${vpcId}.id}`);
    }
  });

  it.each([
    ['a public range', { nodeCidr: '8.8.0.0/16', nodesSubnet: '8.8.1.0/24', lbSubnet: '8.8.0.0/24' }, /private \(RFC 1918\)/],
    ['a subnet outside the range', { nodesSubnet: '10.2.1.0/24' }, /not inside nodeCidr/],
    ['overlapping subnets', { lbSubnet: '10.1.1.0/25' }, /overlaps/],
    ['no CIDR', { nodeCidr: '10.1.0.0' }, /not CIDR notation/],
  ])('rejects %s', (_, overrides, message) => {
    expect(() => synth({ ...BASE, adapter: new HcloudAdapter({ location: 'fsn1' }), ...overrides })).toThrow(message);
  });
});

describe('adapters', () => {
  it('reject unknown Hetzner locations and malformed DigitalOcean regions', () => {
    expect(() => new HcloudAdapter({ location: 'fsn1-dc14' })).toThrow(/unknown location/);
    expect(() => new DigitalOceanAdapter({ region: 'Frankfurt' })).toThrow(/region slug/);
    expect(() => new DigitalOceanAdapter({ region: 'fra1', loadBalancerSizeUnit: 0 })).toThrow(/loadBalancerSizeUnit/);
  });
});
