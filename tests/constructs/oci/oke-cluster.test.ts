import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { OkeCluster, shapeArchitecture, type OkeClusterNodePool, type OkeClusterProps } from '../../../constructs/oci/oke-cluster';
import { unknownAttributes } from '../../../providers/schema-check';
import { blocks, dataOf, ociSchema, only, resourcesOf, type Block, type TfJson } from './terraform-json';

const arm: OkeClusterNodePool = { name: 'arm', shape: 'VM.Standard.A1.Flex', size: 2, ocpus: 1, memoryGb: 6, labels: { 'node.kubernetes.io/pool': 'arm', tier: 'general' } };
const props: OkeClusterProps = {
  compartmentId: 'ocid1.compartment.oc1..aaaaaaaatest',
  tenancyId: 'ocid1.tenancy.oc1..aaaaaaaatest',
  name: 'lab',
  kubernetesVersion: 'v1.33.1',
  vcnId: 'ocid1.vcn.oc1.eu-frankfurt-1.aaaa',
  endpointSubnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.public',
  loadBalancerSubnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.lb',
  nodeSubnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.nodes',
  podsCidr: '10.244.0.0/16',
  servicesCidr: '10.96.0.0/16',
  nodePools: [arm],
};

function synth(overrides: Partial<OkeClusterProps> = {}): TfJson {
  return JSON.parse(Testing.synthScope((scope) => new OkeCluster(scope, 'oke', { ...props, ...overrides }))) as TfJson;
}

function pool(json: TfJson, name: string): Block {
  const found = Object.values(resourcesOf(json, 'oci_containerengine_node_pool')).find((p) => p.name === name);
  if (!found) throw new Error(`no pool ${name}`);
  return found;
}

describe('OkeCluster', () => {
  describe('defaults', () => {
    let json: TfJson;
    beforeAll(() => {
      json = synth();
    });

    it('is a basic cluster with a private API endpoint unless asked otherwise', () => {
      const [, cluster] = only(json, 'oci_containerengine_cluster');
      expect(cluster.type).toBe('BASIC_CLUSTER');
      expect(cluster.kubernetes_version).toBe('v1.33.1');
      expect(blocks(cluster.endpoint_config)).toEqual([{ subnet_id: props.endpointSubnetId, is_public_ip_enabled: false }]);
      expect(blocks(cluster.options)[0]!.service_lb_subnet_ids).toEqual([props.loadBalancerSubnetId]);
      expect(blocks(cluster.cluster_pod_network_options)).toEqual([{ cni_type: 'FLANNEL_OVERLAY' }]);
    });

    it('names the pool after the cluster and sorts its initial labels', () => {
      const p = pool(json, 'lab-arm');
      expect(blocks(p.node_config_details)[0]!.size).toBe(2);
      expect(blocks(p.node_shape_config)).toEqual([{ ocpus: 1, memory_in_gbs: 6 }]);
      expect(blocks(p.node_source_details)[0]!.boot_volume_size_in_gbs).toBe('50');
      expect(p.initial_node_labels).toEqual([
        { key: 'node.kubernetes.io/pool', value: 'arm' },
        { key: 'tier', value: 'general' },
      ]);
    });

    it('synthesizes only attributes of the OCI schema', () => {
      expect(unknownAttributes(ociSchema(), json)).toEqual([]);
    });
  });

  describe('mixed architectures and VCN-native pods', () => {
    let json: TfJson;
    beforeAll(() => {
      json = synth({
        cniType: 'OCI_VCN_IP_NATIVE',
        publicEndpoint: true,
        nodePools: [arm, { name: 'amd', shape: 'VM.Standard.E4.Flex', size: 1, ocpus: 2, memoryGb: 16, bootVolumeGb: 100 }],
      });
    });

    it('looks up one image per architecture and gives each pool the matching one', () => {
      const locals = json.locals as Record<string, string>;
      const options = Object.keys(dataOf(json, 'oci_containerengine_node_pool_option'));
      expect(options).toHaveLength(2);
      const imageOf = (name: string) => (blocks(pool(json, name).node_source_details)[0]!.image_id as string).replace(/^\$\{local\.(.*)\}$/, '$1');
      const candidatesOf = (imageLocal: string) => {
        const ref = /sort\(local\.([^)]+)\)/.exec(locals[imageLocal]!)![1]!;
        return locals[ref]!;
      };
      expect(imageOf('lab-arm')).not.toBe(imageOf('lab-amd'));
      expect(candidatesOf(imageOf('lab-arm'))).toContain('&& strcontains(val.source_name, "aarch64")');
      expect(candidatesOf(imageOf('lab-amd'))).toContain('!strcontains(val.source_name, "aarch64") && !strcontains(val.source_name, "GPU")');
      expect(blocks(pool(json, 'lab-amd').node_source_details)[0]!.boot_volume_size_in_gbs).toBe('100');
    });

    it('puts pod IPs in the node subnet and opens the endpoint publicly when asked', () => {
      const [, cluster] = only(json, 'oci_containerengine_cluster');
      expect(blocks(cluster.cluster_pod_network_options)).toEqual([{ cni_type: 'OCI_VCN_IP_NATIVE' }]);
      expect(blocks(cluster.endpoint_config)[0]!.is_public_ip_enabled).toBe(true);
      for (const name of ['lab-arm', 'lab-amd']) {
        const details = blocks(pool(json, name).node_config_details)[0]!;
        expect(blocks(details.node_pool_pod_network_option_details)).toEqual([{ cni_type: 'OCI_VCN_IP_NATIVE', pod_subnet_ids: [props.nodeSubnetId] }]);
      }
    });
  });

  it('puts the node tag on the nodes of every pool as a defined tag, and none without one', () => {
    const tagged = synth({ nodeTag: { namespace: 'proj', key: 'cluster', value: 'lab' }, nodePools: [arm, { ...arm, name: 'arm2' }] });
    for (const name of ['lab-arm', 'lab-arm2']) {
      expect(blocks(pool(tagged, name).node_config_details)[0]!.defined_tags).toEqual({ 'proj.cluster': 'lab' });
    }
    expect(unknownAttributes(ociSchema(), tagged)).toEqual([]);
    expect(blocks(pool(synth(), 'lab-arm').node_config_details)[0]!.defined_tags).toBeUndefined();
  });

  it('maps Ampere shapes to aarch64 images and everything else to x86_64', () => {
    expect(shapeArchitecture('VM.Standard.A1.Flex')).toBe('aarch64');
    expect(shapeArchitecture('BM.Standard.A1.160')).toBe('aarch64');
    expect(shapeArchitecture('VM.Standard.E5.Flex')).toBe('x86_64');
    expect(shapeArchitecture('VM.Standard.E2.1.Micro')).toBe('x86_64');
  });

  describe('fails on bad input', () => {
    it.each<[string, Partial<OkeClusterProps>, RegExp]>([
      ['no node pools', { nodePools: [] }, /nodePools must hold at least one pool/],
      ['two pools with one name', { nodePools: [arm, arm] }, /the pool name "arm" is used twice/],
      ['a version range', { kubernetesVersion: '1.33' }, /kubernetesVersion must be an exact version such as 1\.34\.1, got "1\.33"/],
      ['overlapping pod and service networks', { servicesCidr: '10.244.128.0/17' }, /servicesCidr: 10\.244\.128\.0\/17 overlaps podsCidr/],
      ['a bad pod CIDR', { podsCidr: '10.244.0.0/33' }, /podsCidr: 10\.244\.0\.0\/33/],
      ['a compartment OCID as tenancy', { tenancyId: 'ocid1.compartment.oc1..aaaa' }, /tenancyId must be an OCID of a tenancy/],
      ['a flex pool without ocpus', { nodePools: [{ ...arm, ocpus: undefined }] }, /ocpus is required for the flexible shape VM\.Standard\.A1\.Flex/],
      ['an empty pool', { nodePools: [{ ...arm, size: 0 }] }, /size must be a whole number of nodes, at least 1, got 0/],
      ['a boot volume under 50 GB', { nodePools: [{ ...arm, bootVolumeGb: 40 }] }, /bootVolumeGb must be a whole number of GB, at least 50, got 40/],
      ['a shape that is no OCI shape', { nodePools: [{ ...arm, shape: 'cax21' }] }, /shape must be an OCI shape/],
      ['an invalid node label', { nodePools: [{ ...arm, labels: { 'bad key!': 'x' } }] }, /"bad key!" is not a valid Kubernetes label key/],
      ['a node tag key with a space', { nodeTag: { namespace: 'proj', key: 'the cluster', value: 'lab' } }, /nodeTag: tag key must be 1-100 letters/],
    ])('%s', (_, overrides, message) => {
      expect(() => synth(overrides)).toThrow(message);
    });
  });
});
