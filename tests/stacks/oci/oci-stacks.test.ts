import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Token } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_SETTINGS_KEYS } from '../../../config/cluster-settings';
import { loadPlatform, type Cluster, type Platform } from '../../../config/load';
import { OCI_FREE_TIER } from '../../../config/rules';
import { unknownAttributes } from '../../../providers/schema-check';
import { addOciStacks } from '../../../stacks/oci/index';
import { copyEnvironments, edit } from '../../support/environments';
import type { ClusterStacks } from '../../../stacks/types';
import {
  blocks,
  dataOf,
  named,
  ociSchema,
  only,
  ref,
  resolveToken,
  resourcesOf,
  ROOT,
  type Block,
  type TfJson,
} from '../../constructs/oci/terraform-json';

const LAYERS = ['network', 'cluster', 'iam'] as const;
type Layer = (typeof LAYERS)[number];
const ANYWHERE = '0.0.0.0/0';
const TCP = '6';

describe('OCI stacks for the shipped oke-dev cluster', () => {
  let platform: Platform;
  let cluster: Cluster;
  let outdir: string;
  let result: ClusterStacks;
  const stacks = {} as Record<Layer, TfJson>;

  beforeAll(() => {
    platform = loadPlatform(join(ROOT, 'environments'));
    cluster = platform.clusters.find((c) => c.name === 'oke-dev')!;
    outdir = mkdtempSync(join(tmpdir(), 'oci-stacks-'));
    const app = new App({ outdir, stackTraces: false });
    result = addOciStacks(app, platform, cluster);
    app.synth();
    for (const layer of LAYERS) {
      stacks[layer] = JSON.parse(readFileSync(join(outdir, 'stacks', `oke-dev-${layer}`, 'cdk.tf.json'), 'utf8')) as TfJson;
    }
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** `${data.terraform_remote_state...outputs.<x>}` for a network-stack value used in the cluster stack. */
  function remote(networkType: string, networkId: string): string {
    const outputs = stacks.network.output as Record<string, { value: string }>;
    const found = Object.entries(outputs).filter(([name, o]) => name.startsWith('cross-stack-output-') && o.value === ref(networkType, networkId));
    expect(found, `a cross-stack output for ${networkType}.${networkId}`).toHaveLength(1);
    const [[output]] = found as [[string, unknown]];
    const [stateId] = only(stacks.cluster, 'terraform_remote_state', 'data');
    return `\${data.terraform_remote_state.${stateId}.outputs.${output}}`;
  }

  describe('every stack', () => {
    it('adds exactly the network, cluster and iam stacks; the cluster deploys after the network', () => {
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
        stacks: Record<string, { dependencies: string[] }>;
      };
      expect(Object.keys(manifest.stacks).sort()).toEqual(['oke-dev-cluster', 'oke-dev-iam', 'oke-dev-network']);
      expect(manifest.stacks['oke-dev-cluster']!.dependencies).toEqual(['oke-dev-network']);
      expect(manifest.stacks['oke-dev-network']!.dependencies).toEqual([]);
      expect(manifest.stacks['oke-dev-iam']!.dependencies).toEqual([]);
      expect(result.clusterStack.node.id).toBe('oke-dev-cluster');
    });

    it.each(LAYERS)('%s keeps its state in the bucket under its own key, with a lock file', (layer) => {
      expect(stacks[layer].terraform.backend).toEqual({
        s3: {
          bucket: platform.state.bucket,
          region: platform.state.region,
          key: `dev/oke-dev-${layer}.tfstate`,
          encrypt: true,
          use_lockfile: true,
        },
      });
    });

    it.each(LAYERS)('%s configures the OCI provider by region and profile only, without secrets', (layer) => {
      expect(stacks[layer].provider.oci).toEqual([{ region: 'eu-frankfurt-1', config_file_profile: cluster.oci!.configProfile }]);
      expect(stacks[layer].terraform.required_providers.oci.source).toBe('oracle/oci');
    });

    it.each(LAYERS)('%s uses only attributes that exist in the vendored OCI schema', (layer) => {
      expect(unknownAttributes(ociSchema(), stacks[layer])).toEqual([]);
    });

    it.each(LAYERS)('%s matches its golden snapshot', (layer) => {
      expect(stacks[layer]).toMatchSnapshot();
    });
  });

  describe('network', () => {
    const vcnCidr = () => cluster.network.nodeCidr;

    it('creates a VCN on the node CIDR with a DNS label derived from the cluster name', () => {
      const [, vcn] = only(stacks.network, 'oci_core_vcn');
      expect(vcn.cidr_blocks).toEqual(['10.0.0.0/16']);
      expect(vcn.cidr_blocks).toEqual([vcnCidr()]);
      expect(vcn.dns_label).toBe('okedev');
      expect(vcn.dns_label).toMatch(/^[a-z][a-z0-9]{0,14}$/);
      expect(vcn.compartment_id).toBe(cluster.oci!.compartmentOcid);
    });

    it('creates a public and a private regional subnet on the configured CIDRs', () => {
      const [, pub] = named(stacks.network, 'oci_core_subnet', 'oke-dev-public');
      const [, nodes] = named(stacks.network, 'oci_core_subnet', 'oke-dev-nodes');
      expect(Object.keys(resourcesOf(stacks.network, 'oci_core_subnet'))).toHaveLength(2);
      expect(pub.cidr_block).toBe(cluster.network.subnets.public);
      expect(nodes.cidr_block).toBe(cluster.network.subnets.nodes);
      expect(pub.prohibit_public_ip_on_vnic).toBe(false);
      expect(nodes.prohibit_public_ip_on_vnic).toBe(true);
      expect(nodes.prohibit_internet_ingress).toBe(true);
      // Regional subnets: OKE needs them for the endpoint and load balancers.
      expect(pub.availability_domain).toBeUndefined();
      expect(nodes.availability_domain).toBeUndefined();
    });

    it('routes the public subnet to the internet gateway only', () => {
      const [igw] = only(stacks.network, 'oci_core_internet_gateway');
      const [tableId, table] = named(stacks.network, 'oci_core_route_table', 'oke-dev-public');
      expect(blocks(table.route_rules)).toEqual([
        expect.objectContaining({ destination: ANYWHERE, destination_type: 'CIDR_BLOCK', network_entity_id: ref('oci_core_internet_gateway', igw) }),
      ]);
      expect(named(stacks.network, 'oci_core_subnet', 'oke-dev-public')[1].route_table_id).toBe(ref('oci_core_route_table', tableId));
    });

    it('routes the private subnet to the NAT gateway and Oracle services to the service gateway', () => {
      const [nat] = only(stacks.network, 'oci_core_nat_gateway');
      const [sgw, gateway] = only(stacks.network, 'oci_core_service_gateway');
      const [services, servicesData] = only(stacks.network, 'oci_core_services', 'data');
      const [tableId, table] = named(stacks.network, 'oci_core_route_table', 'oke-dev-nodes');
      const osn = `\${data.oci_core_services.${services}.services[0]`;
      expect(blocks(servicesData.filter)).toEqual([{ name: 'name', values: ['All .* Services In Oracle Services Network'], regex: true }]);
      expect(blocks(gateway.services)).toEqual([{ service_id: `${osn}.id}` }]);
      const rules = blocks(table.route_rules).map(({ destination, destination_type, network_entity_id }) => ({
        destination,
        destination_type,
        network_entity_id,
      }));
      expect(rules).toEqual([
        { destination: ANYWHERE, destination_type: 'CIDR_BLOCK', network_entity_id: ref('oci_core_nat_gateway', nat) },
        { destination: `${osn}.cidr_block}`, destination_type: 'SERVICE_CIDR_BLOCK', network_entity_id: ref('oci_core_service_gateway', sgw) },
      ]);
      expect(named(stacks.network, 'oci_core_subnet', 'oke-dev-nodes')[1].route_table_id).toBe(ref('oci_core_route_table', tableId));
      // Nothing routes the private subnet to the internet gateway.
      expect(JSON.stringify(table)).not.toContain('oci_core_internet_gateway');
    });

    describe('security lists', () => {
      const ingress = (name: string) => blocks(named(stacks.network, 'oci_core_security_list', name)[1].ingress_security_rules);
      const tcpSources = (rules: Block[], port: number) =>
        rules
          .filter((r) => r.protocol === TCP && blocks(r.tcp_options).some((o) => o.min <= port && port <= o.max))
          .map((r) => r.source as string)
          .sort();

      it('each subnet carries only its own list', () => {
        for (const name of ['oke-dev-public', 'oke-dev-nodes']) {
          const [listId] = named(stacks.network, 'oci_core_security_list', name);
          expect(named(stacks.network, 'oci_core_subnet', name)[1].security_list_ids).toEqual([ref('oci_core_security_list', listId)]);
        }
      });

      it('opens only TCP 443 and 80 of the public subnet to the internet', () => {
        const open = ingress('oke-dev-public').filter((r) => r.source === ANYWHERE);
        expect(open.map((r) => ({ protocol: r.protocol, tcp: blocks(r.tcp_options) }))).toEqual([
          { protocol: TCP, tcp: [{ min: 443, max: 443 }] },
          { protocol: TCP, tcp: [{ min: 80, max: 80 }] },
        ]);
      });

      it('allows the Kubernetes API (6443) only from the admin CIDRs and the VCN', () => {
        expect(tcpSources(ingress('oke-dev-public'), 6443)).toEqual([...cluster.network.adminCidrs, vcnCidr()].sort());
        expect(cluster.network.adminCidrs).not.toContain(ANYWHERE);
      });

      it('allows the kubelet (10250) and OKE worker traffic (12250, ICMP path MTU) only from the VCN', () => {
        const rules = ingress('oke-dev-public');
        expect(tcpSources(rules, 10250)).toEqual([vcnCidr()]);
        expect(tcpSources(rules, 12250)).toEqual([vcnCidr()]);
        const icmp = rules.filter((r) => r.protocol === '1');
        expect(icmp).toEqual([expect.objectContaining({ source: vcnCidr(), icmp_options: { type: 3, code: 4 } })]);
      });

      it('has no other public ingress rule', () => {
        const ports = ingress('oke-dev-public').map((r) => `${r.protocol}:${blocks(r.tcp_options)[0]?.min ?? '-'}:${r.source}`);
        expect(ports.sort()).toEqual(
          [
            `6:443:${ANYWHERE}`,
            `6:80:${ANYWHERE}`,
            ...cluster.network.adminCidrs.map((c) => `6:6443:${c}`),
            `6:6443:${vcnCidr()}`,
            `6:12250:${vcnCidr()}`,
            `6:10250:${vcnCidr()}`,
            `1:-:${vcnCidr()}`,
          ].sort(),
        );
      });

      it('lets anything in to the nodes from the VCN only, and anything out', () => {
        const [, nodes] = named(stacks.network, 'oci_core_security_list', 'oke-dev-nodes');
        expect(blocks(nodes.ingress_security_rules)).toEqual([expect.objectContaining({ protocol: 'all', source: vcnCidr() })]);
        expect(blocks(nodes.egress_security_rules)).toEqual([expect.objectContaining({ protocol: 'all', destination: ANYWHERE })]);
      });

      it('never opens SSH, the API or the kubelet to the internet in any list', () => {
        for (const [, list] of Object.entries(resourcesOf(stacks.network, 'oci_core_security_list'))) {
          for (const rule of blocks(list.ingress_security_rules)) {
            if (rule.source !== ANYWHERE) continue;
            expect(rule.protocol).toBe(TCP);
            const [range] = blocks(rule.tcp_options);
            expect(range).toBeDefined();
            for (const port of [22, 6443, 10250]) expect(port >= range!.min && port <= range!.max).toBe(false);
          }
        }
      });
    });
  });

  describe('cluster', () => {
    it('creates a basic OKE cluster on the configured version, CNI and service/pod networks', () => {
      const [, oke] = only(stacks.cluster, 'oci_containerengine_cluster');
      expect(oke.type).toBe('BASIC_CLUSTER');
      expect(oke.kubernetes_version).toBe(`v${cluster.kubernetesVersion}`);
      expect(oke.name).toBe('oke-dev');
      expect(blocks(oke.cluster_pod_network_options)).toEqual([{ cni_type: cluster.oci!.cniType }]);
      const [options] = blocks(oke.options);
      expect(blocks(options!.kubernetes_network_config)).toEqual([{ pods_cidr: '10.244.0.0/16', services_cidr: '10.96.0.0/16' }]);
    });

    it('reads the VCN and subnets from the network stack through remote state', () => {
      const [, oke] = only(stacks.cluster, 'oci_containerengine_cluster');
      const [, state] = only(stacks.cluster, 'terraform_remote_state', 'data');
      expect(state.backend).toBe('s3');
      expect(state.config).toMatchObject({ bucket: platform.state.bucket, key: 'dev/oke-dev-network.tfstate' });
      const publicSubnet = remote('oci_core_subnet', named(stacks.network, 'oci_core_subnet', 'oke-dev-public')[0]);
      expect(oke.vcn_id).toBe(remote('oci_core_vcn', only(stacks.network, 'oci_core_vcn')[0]));
      expect(blocks(oke.endpoint_config)).toEqual([{ subnet_id: publicSubnet, is_public_ip_enabled: cluster.oci!.publicEndpoint }]);
      expect(blocks(oke.options)[0]!.service_lb_subnet_ids).toEqual([publicSubnet]);
    });

    describe('node pools', () => {
      const pools = () => Object.values(resourcesOf(stacks.cluster, 'oci_containerengine_node_pool'));

      it('creates one A1.Flex pool of 2 OCPUs and 12 GB per size-small entry, 4 OCPUs and 24 GB in all', () => {
        expect(pools().map((p) => p.name).sort()).toEqual(['oke-dev-pool-a', 'oke-dev-pool-b']);
        let ocpus = 0;
        let memory = 0;
        let boot = 0;
        for (const pool of pools()) {
          expect(pool.node_shape).toBe('VM.Standard.A1.Flex');
          expect(blocks(pool.node_shape_config)).toEqual([{ ocpus: 2, memory_in_gbs: 12 }]);
          const [details] = blocks(pool.node_config_details);
          expect(details!.size).toBe(1);
          expect(pool.kubernetes_version).toBe(`v${cluster.kubernetesVersion}`);
          expect(pool.cluster_id).toBe(ref('oci_containerengine_cluster', only(stacks.cluster, 'oci_containerengine_cluster')[0]));
          const [source] = blocks(pool.node_source_details);
          // A string in the provider schema.
          expect(source!.boot_volume_size_in_gbs).toBe('50');
          ocpus += details!.size * pool.node_shape_config.ocpus;
          memory += details!.size * pool.node_shape_config.memory_in_gbs;
          boot += details!.size * Number(source!.boot_volume_size_in_gbs);
        }
        expect({ ocpus, memory }).toEqual({ ocpus: OCI_FREE_TIER.ocpus, memory: OCI_FREE_TIER.memoryGb });
        expect(boot).toBeLessThanOrEqual(OCI_FREE_TIER.blockStorageGb);
      });

      it('places every pool in every availability domain of the tenancy, on the node subnet', () => {
        const [adsId, ads] = only(stacks.cluster, 'oci_identity_availability_domains', 'data');
        expect(ads.compartment_id).toBe(cluster.oci!.tenancyOcid);
        const nodeSubnet = remote('oci_core_subnet', named(stacks.network, 'oci_core_subnet', 'oke-dev-nodes')[0]);
        for (const pool of pools()) {
          const placement = blocks(pool.node_config_details)[0]!.dynamic.placement_configs;
          expect(placement.for_each).toContain(`data.oci_identity_availability_domains.${adsId}.availability_domains`);
          expect(placement.content).toEqual({ availability_domain: `\${${placement.iterator}.value.name}`, subnet_id: nodeSubnet });
        }
      });

      it('boots the newest aarch64 OKE image of the cluster version, resolved at plan time', () => {
        const [optionsId, options] = only(stacks.cluster, 'oci_containerengine_node_pool_option', 'data');
        expect(options).toMatchObject({ node_pool_option_id: 'all', compartment_id: cluster.oci!.compartmentOcid });
        const locals = stacks.cluster.locals as Record<string, string>;
        const [candidates] = Object.entries(locals).find(([, v]) => v.includes(`data.oci_containerengine_node_pool_option.${optionsId}.sources`))!;
        expect(locals[candidates]).toContain('strcontains(val.source_name, "aarch64")');
        expect(locals[candidates]).toContain(`strcontains(val.source_name, "-OKE-${cluster.kubernetesVersion}-")`);
        const [imageLocal, expression] = Object.entries(locals).find(([, v]) => v.includes(`sort(local.${candidates})`))!;
        expect(expression).toContain('reverse(sort(');
        for (const pool of pools()) {
          expect(blocks(pool.node_source_details)).toEqual([expect.objectContaining({ source_type: 'IMAGE', image_id: `\${local.${imageLocal}}` })]);
          expect(pool.lifecycle.precondition).toEqual([expect.objectContaining({ condition: `\${local.${imageLocal} != null}` })]);
        }
      });

      it('gives nodes no SSH key and uses the cluster CNI', () => {
        for (const pool of pools()) {
          expect(pool.ssh_public_key).toBeUndefined();
          expect(blocks(blocks(pool.node_config_details)[0]!.node_pool_pod_network_option_details)).toEqual([{ cni_type: 'FLANNEL_OVERLAY' }]);
        }
      });
    });

    it('reserves a public IP for the ingress load balancer and hands it to DNS', () => {
      const [ipId, ip] = only(stacks.cluster, 'oci_core_public_ip');
      expect(ip.lifetime).toBe('RESERVED');
      expect(ip.compartment_id).toBe(cluster.oci!.compartmentOcid);
      expect(ip.lifecycle.ignore_changes).toEqual(['private_ip_id']);
      expect(Token.isUnresolved(result.ingressAddress)).toBe(true);
      expect(resolveToken(result.clusterStack, result.ingressAddress)).toBe(ref('oci_core_public_ip', ipId, 'ip_address'));
      expect(stacks.cluster.output.ingress_ip.value).toBe(ref('oci_core_public_ip', ipId, 'ip_address'));
      // The free flexible load balancer is created by the ingress Service, not by Terraform.
      expect(resourcesOf(stacks.cluster, 'oci_load_balancer_load_balancer')).toEqual({});
    });

    it('outputs the cluster id, endpoints and a kubeconfig command', () => {
      const [okeId] = only(stacks.cluster, 'oci_containerengine_cluster');
      const { output } = stacks.cluster;
      expect(output.cluster_id.value).toBe(ref('oci_containerengine_cluster', okeId));
      expect(output.kubernetes_public_endpoint.value).toBe(`\${oci_containerengine_cluster.${okeId}.endpoints[0].public_endpoint}`);
      expect(output.kubernetes_private_endpoint.value).toBe(`\${oci_containerengine_cluster.${okeId}.endpoints[0].private_endpoint}`);
      expect(output.region.value).toBe('eu-frankfurt-1');
      expect(output.kubeconfig_command.value).toBe(
        `oci ce cluster create-kubeconfig --cluster-id ${ref('oci_containerengine_cluster', okeId)} --region eu-frankfurt-1 ` +
          '--profile DEFAULT --token-version 2.0.0 --kube-endpoint PUBLIC_ENDPOINT --file $HOME/.kube/config',
      );
    });

    it('outputs cluster_settings with exactly the contract keys', () => {
      const settings = stacks.cluster.output.cluster_settings.value as Record<string, string>;
      expect(Object.keys(settings).sort()).toEqual([...CLUSTER_SETTINGS_KEYS].sort());
      const [ipId] = only(stacks.cluster, 'oci_core_public_ip');
      expect(settings).toEqual({
        cluster_name: 'oke-dev',
        environment: 'dev',
        domain: 'dev.example.com',
        region: 'eu-frankfurt-1',
        ingress_ip: ref('oci_core_public_ip', ipId, 'ip_address'),
        lb_subnet_id: remote('oci_core_subnet', named(stacks.network, 'oci_core_subnet', 'oke-dev-public')[0]),
        storage_class: 'oci-bv',
      });
    });
  });

  describe('iam', () => {
    const group = 'cheapk8s-oke-dev-nodes';

    it('creates the nodes dynamic group in the tenancy, matching the compartment and the node tag', () => {
      const [, dg] = only(stacks.iam, 'oci_identity_dynamic_group');
      expect(dg.name).toBe(group);
      expect(dg.compartment_id).toBe(cluster.oci!.tenancyOcid);
      // The defined tag <project>.cluster = <cluster name>: other instances of the compartment stay out.
      expect(dg.matching_rule).toBe(`ALL {instance.compartment.id = '${cluster.oci!.compartmentOcid}', tag.cheapk8s.cluster.value = 'oke-dev'}`);
    });

    it('tags every node with the tag the dynamic group matches', () => {
      const pools = Object.values(resourcesOf(stacks.cluster, 'oci_containerengine_node_pool'));
      expect(pools).toHaveLength(2);
      for (const pool of pools) expect(blocks(pool.node_config_details)[0]!.defined_tags).toEqual({ 'cheapk8s.cluster': 'oke-dev' });
    });

    it('grants block volumes, load balancers, networking and metrics in the cluster compartment only, from a policy attached there', () => {
      const [dgId] = only(stacks.iam, 'oci_identity_dynamic_group');
      const [, policy] = only(stacks.iam, 'oci_identity_policy');
      const where = `compartment id ${cluster.oci!.compartmentOcid}`;
      expect(policy.compartment_id).toBe(cluster.oci!.compartmentOcid);
      expect(policy.name).toBe(group);
      expect(policy.statements).toEqual([
        `Allow dynamic-group ${group} to manage volume-family in ${where}`,
        `Allow dynamic-group ${group} to read instance-family in ${where}`,
        `Allow dynamic-group ${group} to manage load-balancers in ${where}`,
        `Allow dynamic-group ${group} to use virtual-network-family in ${where}`,
        `Allow dynamic-group ${group} to use metrics in ${where}`,
      ]);
      expect(policy.depends_on).toEqual([`oci_identity_dynamic_group.${dgId}`]);
    });

    it('does not depend on the other stacks', () => {
      expect(dataOf(stacks.iam, 'terraform_remote_state')).toEqual({});
    });
  });
});

describe('OCI stacks with the node tag and the compartment from config', () => {
  /** The oke-dev stacks of a copy of the environments with `edits` made to dev.yaml. */
  function synthWith(edits: Parameters<typeof edit>[2]): { iam: TfJson; cluster: TfJson } {
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', edits);
    const platform = loadPlatform(dir, { relativeTo: dirname(dir) });
    const outdir = mkdtempSync(join(tmpdir(), 'oci-stacks-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      addOciStacks(app, platform, platform.clusters.find((c) => c.name === 'oke-dev')!);
      app.synth();
      const read = (layer: string) => JSON.parse(readFileSync(join(outdir, 'stacks', `oke-dev-${layer}`, 'cdk.tf.json'), 'utf8')) as TfJson;
      return { iam: read('iam'), cluster: read('cluster') };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  const oci = (...path: string[]) => ['clusters', 'oke-dev', 'oci', ...path];

  it('takes the tag namespace and key from oci.nodeTag', () => {
    const { iam, cluster } = synthWith([[oci('nodeTag'), { namespace: 'Operations', key: 'oke-cluster' }]]);
    expect(only(iam, 'oci_identity_dynamic_group')[1].matching_rule).toMatch(/, tag\.Operations\.oke-cluster\.value = 'oke-dev'\}$/);
    for (const pool of Object.values(resourcesOf(cluster, 'oci_containerengine_node_pool'))) {
      expect(blocks(pool.node_config_details)[0]!.defined_tags).toEqual({ 'Operations.oke-cluster': 'oke-dev' });
    }
  });

  it('with oci.allowTenancyCompartment, puts the policy in the tenancy and still matches the node tag', () => {
    const tenancy = 'ocid1.tenancy.oc1..aaaaaaaaexampletenancy';
    const { iam } = synthWith([
      [oci('compartmentOcid'), tenancy],
      [oci('allowTenancyCompartment'), true],
    ]);
    expect(only(iam, 'oci_identity_dynamic_group')[1].matching_rule).toBe(`ALL {instance.compartment.id = '${tenancy}', tag.cheapk8s.cluster.value = 'oke-dev'}`);
    const [, policy] = only(iam, 'oci_identity_policy');
    expect(policy.compartment_id).toBe(tenancy);
    expect((policy.statements as string[]).every((s) => s.endsWith(' in tenancy'))).toBe(true);
    expect(unknownAttributes(ociSchema(), iam)).toEqual([]);
  });
});
