import { Construct } from 'constructs';
import { ContainerengineCluster } from '../../.gen/providers/oci/containerengine-cluster';
import { DataOciIdentityAvailabilityDomains } from '../../.gen/providers/oci/data-oci-identity-availability-domains';
import { overlaps } from '../../config/cidr';
import type { OciDefinedTag } from './defined-tag';
import { OkeNodeImage, type OkeImageArchitecture } from './oke-node-image';
import { OkeNodePool } from './oke-node-pool';
import { assertOcid, ipv4Cidr } from './validation';

/** One worker pool of an {@link OkeCluster}. */
export interface OkeClusterNodePool {
  /** Pool name, unique in the cluster; the OKE pool is named `<cluster name>-<pool name>`. */
  readonly name: string;
  /** OCI shape, e.g. `VM.Standard.A1.Flex`. */
  readonly shape: string;
  /** Number of nodes. */
  readonly size: number;
  /** OCPUs per node (flexible shapes). @default - the shape's fixed size */
  readonly ocpus?: number;
  /** Memory per node in GB (flexible shapes). @default - the shape's fixed size */
  readonly memoryGb?: number;
  /** Boot volume per node in GB. @default 50 */
  readonly bootVolumeGb?: number;
  /** Kubernetes labels every node starts with. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface OkeClusterProps {
  /** Compartment of the cluster and its nodes. */
  readonly compartmentId: string;
  /** Tenancy OCID: availability domains are listed from it. */
  readonly tenancyId: string;
  /** Cluster name. */
  readonly name: string;
  /** Exact Kubernetes version, e.g. `1.34.1` (a leading `v` is accepted). */
  readonly kubernetesVersion: string;
  /** The cluster's VCN. */
  readonly vcnId: string;
  /** Regional subnet of the Kubernetes API endpoint. */
  readonly endpointSubnetId: string;
  /** Regional subnet the load balancers of `type: LoadBalancer` Services go in. */
  readonly loadBalancerSubnetId: string;
  /** Regional subnet of the worker nodes. */
  readonly nodeSubnetId: string;
  /** Give the API endpoint a public IP (the endpoint subnet must be public). @default false */
  readonly publicEndpoint?: boolean;
  /** Pod networking. @default 'FLANNEL_OVERLAY' */
  readonly cniType?: 'FLANNEL_OVERLAY' | 'OCI_VCN_IP_NATIVE';
  /** Pod network (flannel). Changing it replaces the cluster. */
  readonly podsCidr: string;
  /** Service network. Changing it replaces the cluster. */
  readonly servicesCidr: string;
  /**
   * `BASIC_CLUSTER` has a free control plane; `ENHANCED_CLUSTER` is billed per cluster-hour.
   * @default 'BASIC_CLUSTER'
   */
  readonly type?: 'BASIC_CLUSTER' | 'ENHANCED_CLUSTER';
  /** Worker pools; at least one. */
  readonly nodePools: readonly OkeClusterNodePool[];
  /** OS family of the node images (start of the image name). @default 'Oracle-Linux-' */
  readonly imageNamePrefix?: string;
  /** Free-form tags on the cluster, pools and nodes. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
  /**
   * The defined tag every node of every pool carries: what the nodes' dynamic group (OkeIam)
   * matches. Its namespace and key must exist in the tenancy before the pools are created.
   * @default - none
   */
  readonly nodeTag?: OciDefinedTag;
}

/** Ampere shapes (A1, A2, ...) run aarch64 images; everything else x86_64. */
export function shapeArchitecture(shape: string): OkeImageArchitecture {
  return /\.A\d+\./.test(shape) ? 'aarch64' : 'x86_64';
}

/**
 * An OKE cluster with its managed node pools. A basic cluster (free control plane) by default,
 * with the API endpoint and service load balancers in the given subnets. Each pool is spread over
 * every availability domain and boots the newest OKE image for its architecture and version.
 */
export class OkeCluster extends Construct {
  readonly cluster: ContainerengineCluster;
  /** Node pools by pool name. */
  readonly nodePools: Readonly<Record<string, OkeNodePool>>;

  constructor(scope: Construct, id: string, props: OkeClusterProps) {
    super(scope, id);
    const version = validate(id, props);
    const cniType = props.cniType ?? 'FLANNEL_OVERLAY';
    const freeformTags = { ...props.freeformTags };

    this.cluster = new ContainerengineCluster(this, 'Resource', {
      compartmentId: props.compartmentId,
      name: props.name,
      kubernetesVersion: version,
      type: props.type ?? 'BASIC_CLUSTER',
      vcnId: props.vcnId,
      endpointConfig: { subnetId: props.endpointSubnetId, isPublicIpEnabled: props.publicEndpoint ?? false },
      clusterPodNetworkOptions: [{ cniType }],
      options: {
        serviceLbSubnetIds: [props.loadBalancerSubnetId],
        kubernetesNetworkConfig: { podsCidr: props.podsCidr, servicesCidr: props.servicesCidr },
      },
      freeformTags,
    });

    const availabilityDomains = new DataOciIdentityAvailabilityDomains(this, 'availability-domains', {
      compartmentId: props.tenancyId,
    });
    // One image lookup per architecture in use, shared by the pools that need it.
    const images = new Map<OkeImageArchitecture, OkeNodeImage>();
    const imageFor = (architecture: OkeImageArchitecture): OkeNodeImage => {
      let image = images.get(architecture);
      if (!image) {
        image = new OkeNodeImage(this, `image-${architecture}`, {
          compartmentId: props.compartmentId,
          kubernetesVersion: version,
          architecture,
          namePrefix: props.imageNamePrefix,
        });
        images.set(architecture, image);
      }
      return image;
    };

    const pools: Record<string, OkeNodePool> = {};
    for (const pool of [...props.nodePools].sort((a, b) => a.name.localeCompare(b.name))) {
      pools[pool.name] = new OkeNodePool(this, `pool-${pool.name}`, {
        clusterId: this.cluster.id,
        compartmentId: props.compartmentId,
        name: `${props.name}-${pool.name}`,
        kubernetesVersion: version,
        shape: pool.shape,
        size: pool.size,
        ocpus: pool.ocpus,
        memoryGb: pool.memoryGb,
        bootVolumeGb: pool.bootVolumeGb,
        labels: pool.labels,
        subnetId: props.nodeSubnetId,
        availabilityDomains,
        image: imageFor(shapeArchitecture(pool.shape)),
        cniType,
        freeformTags,
        nodeTag: props.nodeTag,
      });
    }
    this.nodePools = pools;
  }
}

/** Checks the props and returns the Kubernetes version with its leading `v`. */
function validate(id: string, props: OkeClusterProps): string {
  const at = (prop: string) => `OkeCluster ${id}: ${prop}`;
  assertOcid(props.compartmentId, ['compartment', 'tenancy'], at('compartmentId'));
  assertOcid(props.tenancyId, ['tenancy'], at('tenancyId'));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(props.name)) {
    throw new Error(`${at('name')} must be letters, digits, ".", "_" or "-", got "${props.name}"`);
  }
  const bare = props.kubernetesVersion.replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(bare)) {
    throw new Error(`${at('kubernetesVersion')} must be an exact version such as 1.34.1, got "${props.kubernetesVersion}"`);
  }
  const pods = ipv4Cidr(props.podsCidr, at('podsCidr'));
  const services = ipv4Cidr(props.servicesCidr, at('servicesCidr'));
  if (overlaps(pods, services)) throw new Error(`${at('servicesCidr')}: ${props.servicesCidr} overlaps podsCidr ${props.podsCidr}`);
  if (props.nodePools.length === 0) throw new Error(`${at('nodePools')} must hold at least one pool: OKE runs no workloads on the control plane`);
  const names = new Set<string>();
  for (const pool of props.nodePools) {
    if (names.has(pool.name)) throw new Error(`${at('nodePools')}: the pool name "${pool.name}" is used twice`);
    names.add(pool.name);
  }
  return `v${bare}`;
}
