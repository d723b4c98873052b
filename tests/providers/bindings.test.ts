import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Testing, Token } from 'cdktf';

import { checkBindings, loadProviderSpecs, ROOT } from '../../scripts/generate-providers';
import { unknownAttributes, type ProviderSchemaJson } from '../../providers/schema-check';

import { OciProvider } from '../../.gen/providers/oci/provider';
import { CoreVcn } from '../../.gen/providers/oci/core-vcn';
import { CoreSubnet } from '../../.gen/providers/oci/core-subnet';
import { CoreSecurityList } from '../../.gen/providers/oci/core-security-list';
import { CoreNetworkSecurityGroupSecurityRule } from '../../.gen/providers/oci/core-network-security-group-security-rule';
import { ContainerengineCluster } from '../../.gen/providers/oci/containerengine-cluster';
import { ContainerengineNodePool } from '../../.gen/providers/oci/containerengine-node-pool';
import { DataOciIdentityAvailabilityDomains } from '../../.gen/providers/oci/data-oci-identity-availability-domains';
import { CorePublicIp } from '../../.gen/providers/oci/core-public-ip';
import { HcloudProvider } from '../../.gen/providers/hcloud/provider';
import { Server } from '../../.gen/providers/hcloud/server';
import { Firewall } from '../../.gen/providers/hcloud/firewall';
import { Network } from '../../.gen/providers/hcloud/network';
import { NetworkSubnet } from '../../.gen/providers/hcloud/network-subnet';

type Obj = Record<string, any>;

const readSchema = (name: string): ProviderSchemaJson =>
  JSON.parse(readFileSync(path.join(ROOT, 'providers', `${name}.schema.json`), 'utf8')) as ProviderSchemaJson;
const ociSchema = readSchema('oci');
const hcloudSchema = readSchema('hcloud');

/** Terraform JSON accepts a block as one object or an array of objects. */
const blocks = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : v === undefined ? [] : [v as Obj]);

const COMPARTMENT = 'ocid1.compartment.oc1..aaaatest';
const TENANCY = 'ocid1.tenancy.oc1..aaaatest';

function buildStack() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'providers-smoke');

  new OciProvider(stack, 'oci', { region: 'eu-frankfurt-1' });
  const ads = new DataOciIdentityAvailabilityDomains(stack, 'ads', { compartmentId: TENANCY });
  const vcn = new CoreVcn(stack, 'vcn', { compartmentId: COMPARTMENT, cidrBlocks: ['10.0.0.0/16'], dnsLabel: 'main', displayName: 'main' });
  const sl = new CoreSecurityList(stack, 'workers_sl', {
    compartmentId: COMPARTMENT,
    vcnId: vcn.id,
    ingressSecurityRules: [{ protocol: '6', source: '10.0.0.0/16', tcpOptions: { min: 22, max: 22 } }],
    egressSecurityRules: [{ protocol: 'all', destination: '0.0.0.0/0' }],
  });
  const subnet = new CoreSubnet(stack, 'workers', {
    compartmentId: COMPARTMENT,
    vcnId: vcn.id,
    cidrBlock: '10.0.10.0/24',
    prohibitPublicIpOnVnic: true,
    securityListIds: [sl.id],
  });
  new CoreNetworkSecurityGroupSecurityRule(stack, 'nsg_https', {
    networkSecurityGroupId: 'ocid1.networksecuritygroup.oc1..aaaatest',
    direction: 'INGRESS',
    protocol: '6',
    source: '0.0.0.0/0',
    sourceType: 'CIDR_BLOCK',
    tcpOptions: { destinationPortRange: { min: 443, max: 443 } },
  });
  const cluster = new ContainerengineCluster(stack, 'oke', {
    compartmentId: COMPARTMENT,
    name: 'oke',
    kubernetesVersion: 'v1.31.1',
    vcnId: vcn.id,
    type: 'BASIC_CLUSTER',
    endpointConfig: { subnetId: subnet.id, isPublicIpEnabled: true },
    options: { serviceLbSubnetIds: [subnet.id], kubernetesNetworkConfig: { podsCidr: '10.244.0.0/16', servicesCidr: '10.96.0.0/16' } },
  });
  new ContainerengineNodePool(stack, 'arm_pool', {
    clusterId: cluster.id,
    compartmentId: COMPARTMENT,
    name: 'arm',
    nodeShape: 'VM.Standard.A1.Flex',
    kubernetesVersion: 'v1.31.1',
    nodeShapeConfig: { ocpus: 2, memoryInGbs: 12 },
    nodeSourceDetails: { sourceType: 'IMAGE', imageId: 'ocid1.image.oc1..aaaatest', bootVolumeSizeInGbs: '50' },
    nodeConfigDetails: {
      size: 2,
      placementConfigs: [{ availabilityDomain: ads.availabilityDomains.get(0).name, subnetId: subnet.id }],
    },
    initialNodeLabels: [{ key: 'pool', value: 'arm' }],
  });
  new CorePublicIp(stack, 'lb_ip', { compartmentId: COMPARTMENT, lifetime: 'RESERVED', displayName: 'ingress' });

  new HcloudProvider(stack, 'hcloud', {});
  const fw = new Firewall(stack, 'fw', {
    name: 'k8s-nodes',
    rule: [
      { direction: 'in', protocol: 'tcp', port: '22', sourceIps: ['0.0.0.0/0', '::/0'] },
      { direction: 'in', protocol: 'icmp', sourceIps: ['0.0.0.0/0', '::/0'] },
    ],
  });
  const net = new Network(stack, 'net', { name: 'k8s', ipRange: '10.10.0.0/16' });
  const hSubnet = new NetworkSubnet(stack, 'net_subnet', {
    networkId: Token.asNumber(net.id),
    type: 'cloud',
    networkZone: 'eu-central',
    ipRange: '10.10.1.0/24',
  });
  new Server(stack, 'node', {
    name: 'node-1',
    serverType: 'cax11',
    image: 'ubuntu-24.04',
    location: 'fsn1',
    firewallIds: [Token.asNumber(fw.id)],
    publicNet: [{ ipv4Enabled: true, ipv6Enabled: true }],
    network: [{ subnetId: hSubnet.id, aliasIps: [] }],
    labels: { role: 'k8s' },
    dependsOn: [hSubnet],
  });
  return { stack, vcn };
}

describe('generated provider bindings', () => {
  it('.gen/providers is up to date with providers/*.schema.json and cdktf.json', async () => {
    const started = Date.now();
    const report = await checkBindings();
    // eslint-disable-next-line no-console
    console.info(`generator check took ${((Date.now() - started) / 1000).toFixed(2)}s`);
    expect(report.problems, `stale bindings; run \`npm run gen:providers\`:\n${report.problems.join('\n')}`).toEqual([]);
  }, 120_000);

  it('check mode reports edited, deleted and extra generated files', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'stale-gen-'));
    try {
      cpSync(path.join(ROOT, '.gen', 'providers'), tmp, { recursive: true });
      writeFileSync(path.join(tmp, 'oci', 'core-vcn', 'index.ts'), '// hand-edited\n');
      rmSync(path.join(tmp, 'hcloud', 'server', 'README.md'));
      writeFileSync(path.join(tmp, 'hcloud', 'leftover.ts'), 'export {};\n');
      const report = await checkBindings(loadProviderSpecs(), tmp);
      expect(report.ok).toBe(false);
      expect(report.problems.sort()).toEqual([
        'differs: .gen/providers/oci/core-vcn/index.ts',
        'extra: .gen/providers/hcloud/leftover.ts',
        'missing: .gen/providers/hcloud/server/README.md',
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('has one generated class per schema type, with the right Terraform type name', async () => {
    for (const spec of loadProviderSpecs()) {
      const schema = readSchema(spec.name).provider_schemas[spec.fqpn]!;
      const found = { resource: new Set<string>(), data: new Set<string>(), provider: new Set<string>() };
      const dir = path.join(ROOT, '.gen', 'providers', spec.name);
      for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
        const mod = (await import(path.join(dir, entry.name, 'index.ts'))) as Record<string, unknown>;
        for (const exported of Object.values(mod)) {
          if (typeof exported !== 'function') continue;
          const tfType = (exported as { tfResourceType?: string }).tfResourceType;
          if (!tfType) continue;
          const proto = (exported as { prototype: unknown }).prototype;
          if (proto instanceof TerraformDataSource) found.data.add(tfType);
          else if (proto instanceof TerraformResource) found.resource.add(tfType);
          else if (proto instanceof TerraformProvider) found.provider.add(tfType);
        }
      }
      expect([...found.resource].sort()).toEqual(Object.keys(schema.resource_schemas ?? {}).sort());
      expect([...found.data].sort()).toEqual(Object.keys(schema.data_source_schemas ?? {}).sort());
      expect([...found.provider]).toEqual([spec.name]);
    }
  }, 120_000);

  it('synthesizes oci and hcloud resources with Terraform type names, snake_case keys and required_providers', () => {
    const { stack } = buildStack();
    const json = JSON.parse(Testing.synth(stack)) as Obj;

    // required_providers carries cdktf.json's constraint for each generated provider (e.g. "oracle/oci@~> 8.28").
    const cdktfJson = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { terraformProviders: string[] };
    const constraint = (source: string) => {
      const entry = cdktfJson.terraformProviders.find((e) => e.startsWith(`${source}@`));
      expect(entry, `cdktf.json terraformProviders has ${source}`).toBeDefined();
      return entry!.slice(source.length + 1);
    };
    expect(constraint('oracle/oci')).toMatch(/^~> \d+\.\d+$/);
    expect(json.terraform.required_providers).toEqual({
      oci: { source: 'oracle/oci', version: constraint('oracle/oci') },
      hcloud: { source: 'hetznercloud/hcloud', version: constraint('hetznercloud/hcloud') },
    });
    expect(json.provider.oci).toEqual([{ region: 'eu-frankfurt-1' }]);
    expect(json.provider.hcloud).toEqual([{}]);

    const r = json.resource as Obj;
    expect(Object.keys(r).sort()).toEqual([
      'hcloud_firewall', 'hcloud_network', 'hcloud_network_subnet', 'hcloud_server',
      'oci_containerengine_cluster', 'oci_containerengine_node_pool', 'oci_core_network_security_group_security_rule',
      'oci_core_public_ip', 'oci_core_security_list', 'oci_core_subnet', 'oci_core_vcn',
    ]);
    expect(Object.keys(json.data)).toEqual(['oci_identity_availability_domains']);

    expect(r.oci_core_vcn.vcn).toMatchObject({ compartment_id: COMPARTMENT, cidr_blocks: ['10.0.0.0/16'], dns_label: 'main', display_name: 'main' });
    expect(r.oci_core_subnet.workers).toMatchObject({ prohibit_public_ip_on_vnic: true, vcn_id: '${oci_core_vcn.vcn.id}' });
    expect(blocks(r.oci_core_security_list.workers_sl.ingress_security_rules)[0]).toMatchObject({ protocol: '6', source: '10.0.0.0/16' });
    expect(blocks(blocks(r.oci_core_security_list.workers_sl.ingress_security_rules)[0]!.tcp_options)[0]).toEqual({ min: 22, max: 22 });
    const nsgTcp = blocks(r.oci_core_network_security_group_security_rule.nsg_https.tcp_options)[0]!;
    expect(blocks(nsgTcp.destination_port_range)[0]).toEqual({ min: 443, max: 443 });

    const cluster = r.oci_containerengine_cluster.oke;
    expect(cluster).toMatchObject({ kubernetes_version: 'v1.31.1', type: 'BASIC_CLUSTER' });
    expect(blocks(cluster.endpoint_config)[0]).toMatchObject({ subnet_id: '${oci_core_subnet.workers.id}', is_public_ip_enabled: true });
    expect(blocks(blocks(cluster.options)[0]!.kubernetes_network_config)[0]).toEqual({ pods_cidr: '10.244.0.0/16', services_cidr: '10.96.0.0/16' });

    const pool = r.oci_containerengine_node_pool.arm_pool;
    expect(pool).toMatchObject({ node_shape: 'VM.Standard.A1.Flex', cluster_id: '${oci_containerengine_cluster.oke.id}' });
    expect(blocks(pool.node_shape_config)[0]).toEqual({ ocpus: 2, memory_in_gbs: 12 });
    expect(blocks(pool.node_source_details)[0]).toEqual({ source_type: 'IMAGE', image_id: 'ocid1.image.oc1..aaaatest', boot_volume_size_in_gbs: '50' });
    const ncd = blocks(pool.node_config_details)[0]!;
    expect(ncd.size).toBe(2);
    expect(blocks(ncd.placement_configs)).toEqual([
      { availability_domain: '${data.oci_identity_availability_domains.ads.availability_domains[0].name}', subnet_id: '${oci_core_subnet.workers.id}' },
    ]);
    expect(blocks(pool.initial_node_labels)).toEqual([{ key: 'pool', value: 'arm' }]);
    expect(r.oci_core_public_ip.lb_ip).toMatchObject({ lifetime: 'RESERVED', compartment_id: COMPARTMENT });

    const server = r.hcloud_server.node;
    expect(server).toMatchObject({ name: 'node-1', server_type: 'cax11', image: 'ubuntu-24.04', location: 'fsn1', labels: { role: 'k8s' } });
    expect(server.firewall_ids).toEqual(['${hcloud_firewall.fw.id}']);
    expect(server.depends_on).toEqual(['hcloud_network_subnet.net_subnet']);
    expect(blocks(server.public_net)).toEqual([{ ipv4_enabled: true, ipv6_enabled: true }]);
    expect(blocks(server.network)).toEqual([{ subnet_id: '${hcloud_network_subnet.net_subnet.id}', alias_ips: [] }]);
    expect(r.hcloud_network_subnet.net_subnet).toMatchObject({ network_id: '${hcloud_network.net.id}', network_zone: 'eu-central' });

    const rules = blocks(r.hcloud_firewall.fw.rule);
    expect(Array.isArray(r.hcloud_firewall.fw.rule)).toBe(true);
    expect(rules).toEqual([
      { direction: 'in', protocol: 'tcp', port: '22', source_ips: ['0.0.0.0/0', '::/0'] },
      { direction: 'in', protocol: 'icmp', source_ips: ['0.0.0.0/0', '::/0'] },
    ]);

    // every key the bindings emitted is known to the schema subsets
    expect(unknownAttributes(ociSchema, json)).toEqual([]);
    expect(unknownAttributes(hcloudSchema, json)).toEqual([]);
  });
});

describe('unknownAttributes', () => {
  it('reports made-up attributes, blocks and types (and nothing else)', () => {
    const { stack, vcn } = buildStack();
    vcn.addOverride('made_up_attribute', 'x');
    const json = JSON.parse(Testing.synth(stack)) as Obj;
    // simulate hand-edited / wrong-shaped JSON
    json.resource.hcloud_firewall.fw.rule[0].made_up = true;
    json.resource.oci_core_security_list.workers_sl.ingress_security_rules[0].tcp_options = [{ destination_port_range: [{ min: 1, max: 2 }] }];
    json.resource.oci_core_vcn.vcn.timeouts = { create: '30m' };
    json.resource.oci_made_up_thing = { x: { a: 1 } };
    json.resource.aws_s3_bucket = { ignored: { not_checked_here: 1 } };
    json.provider.hcloud[0].tokn = 'typo';

    expect(unknownAttributes(ociSchema, json).sort()).toEqual([
      'resource.oci_core_security_list.workers_sl.ingress_security_rules[0].tcp_options[0].destination_port_range',
      'resource.oci_core_vcn.vcn.made_up_attribute',
      'resource.oci_made_up_thing.x (unknown type)',
    ]);
    expect(unknownAttributes(hcloudSchema, JSON.stringify(json)).sort()).toEqual([
      'provider.hcloud[0].tokn',
      'resource.hcloud_firewall.fw.rule[0].made_up',
    ]);
  });

  it('accepts known attributes, meta-arguments and dynamic blocks', () => {
    const json = {
      resource: {
        hcloud_firewall: {
          fw: {
            name: 'fw',
            count: 2,
            lifecycle: { create_before_destroy: true },
            '//': { metadata: {} },
            dynamic: { rule: { for_each: '${var.rules}', content: { direction: 'in', protocol: 'tcp', port: '${rule.value}' } } },
          },
        },
        hcloud_server: { s: { name: 's', server_type: 'cax11', timeouts: { create: '30m' }, public_net: { ipv4_enabled: true } } },
      },
      data: {},
      provider: { hcloud: [{ alias: 'b', token: '${var.hcloud_token}' }] },
    };
    expect(unknownAttributes(hcloudSchema, json)).toEqual([]);
    json.resource.hcloud_firewall.fw.dynamic.rule.content = { direction: 'in', protocol: 'tcp', prot: '22' } as never;
    expect(unknownAttributes(hcloudSchema, json)).toEqual(['resource.hcloud_firewall.fw.dynamic.rule.content.prot']);
  });
});
