import { TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerengineNodePool } from '../../.gen/providers/oci/containerengine-node-pool';
import type { DataOciIdentityAvailabilityDomains } from '../../.gen/providers/oci/data-oci-identity-availability-domains';
import { assertDefinedTag, definedTags, type OciDefinedTag } from './defined-tag';
import type { OkeNodeImage } from './oke-node-image';
import { assertOcid } from './validation';

/** OKE's smallest boot volume. */
export const OKE_MIN_BOOT_VOLUME_GB = 50;

export interface OkeNodePoolProps {
  /** The cluster the pool joins. */
  readonly clusterId: string;
  /** Compartment of the node instances. */
  readonly compartmentId: string;
  /** Node pool name as OKE shows it. */
  readonly name: string;
  /** Kubernetes version of the nodes, with the leading `v` (`v1.34.1`); never newer than the cluster's. */
  readonly kubernetesVersion: string;
  /** OCI shape, e.g. `VM.Standard.A1.Flex`. */
  readonly shape: string;
  /** Number of nodes. */
  readonly size: number;
  /** OCPUs per node; required for `.Flex` shapes, ignored otherwise. @default - the shape's fixed size */
  readonly ocpus?: number;
  /** Memory per node in GB; required for `.Flex` shapes. @default - the shape's fixed size */
  readonly memoryGb?: number;
  /** Boot volume per node in GB (at least 50). @default 50 */
  readonly bootVolumeGb?: number;
  /** Kubernetes labels every node starts with. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** The regional worker subnet; repeated in the placement of every availability domain. */
  readonly subnetId: string;
  /** The tenancy's availability domains; the pool is spread over all of them. */
  readonly availabilityDomains: DataOciIdentityAvailabilityDomains;
  /** The node image, resolved at plan time. */
  readonly image: OkeNodeImage;
  /** The cluster's CNI; `OCI_VCN_IP_NATIVE` puts pod IPs in the worker subnet. @default 'FLANNEL_OVERLAY' */
  readonly cniType?: 'FLANNEL_OVERLAY' | 'OCI_VCN_IP_NATIVE';
  /** Free-form tags on the pool and its nodes. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
  /**
   * A defined tag every node (compute instance) of the pool carries, e.g. the one the nodes'
   * dynamic group matches. Its namespace and key must exist in the tenancy.
   * @default - none
   */
  readonly nodeTag?: OciDefinedTag;
}

/** Label keys: an optional DNS-subdomain prefix and a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * One OKE managed node pool: worker nodes without SSH keys or public IPs, one placement per
 * availability domain (so OKE spreads the nodes and can retry in another AD when one is out of
 * A1 capacity), and the newest OKE image for the pool's architecture and Kubernetes version.
 */
export class OkeNodePool extends Construct {
  readonly nodePool: ContainerengineNodePool;

  constructor(scope: Construct, id: string, props: OkeNodePoolProps) {
    super(scope, id);
    validate(id, props);
    const cniType = props.cniType ?? 'FLANNEL_OVERLAY';
    const flex = props.shape.endsWith('.Flex');
    const labels = props.labels ?? {};
    // One placement per AD, keyed by AD name so the set is stable however the API orders it.
    const ads = TerraformIterator.fromComplexList(props.availabilityDomains.availabilityDomains, 'name');

    this.nodePool = new ContainerengineNodePool(this, 'Resource', {
      clusterId: props.clusterId,
      compartmentId: props.compartmentId,
      name: props.name,
      kubernetesVersion: props.kubernetesVersion,
      nodeShape: props.shape,
      nodeShapeConfig: flex ? { ocpus: props.ocpus, memoryInGbs: props.memoryGb } : undefined,
      nodeConfigDetails: {
        size: props.size,
        placementConfigs: ads.dynamic({ availability_domain: ads.getString('name'), subnet_id: props.subnetId }),
        nodePoolPodNetworkOptionDetails:
          cniType === 'OCI_VCN_IP_NATIVE' ? { cniType, podSubnetIds: [props.subnetId] } : { cniType },
        freeformTags: { ...props.freeformTags },
        definedTags: props.nodeTag ? definedTags(props.nodeTag) : undefined,
      },
      nodeSourceDetails: {
        sourceType: 'IMAGE',
        imageId: props.image.imageId,
        // A string in the provider schema, though it holds a number.
        bootVolumeSizeInGbs: String(props.bootVolumeGb ?? OKE_MIN_BOOT_VOLUME_GB),
      },
      initialNodeLabels:
        Object.keys(labels).length > 0
          ? Object.keys(labels)
              .sort()
              .map((key) => ({ key, value: labels[key] }))
          : undefined,
      freeformTags: { ...props.freeformTags },
      lifecycle: { precondition: [props.image.precondition] },
    });
  }
}

function validate(id: string, props: OkeNodePoolProps): void {
  const at = (prop: string) => `OkeNodePool ${id}: ${prop}`;
  assertOcid(props.compartmentId, ['compartment', 'tenancy'], at('compartmentId'));
  if (props.nodeTag) assertDefinedTag(props.nodeTag, at('nodeTag'));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(props.name)) {
    throw new Error(`${at('name')} must be letters, digits, ".", "_" or "-", got "${props.name}"`);
  }
  if (!/^v\d+\.\d+\.\d+$/.test(props.kubernetesVersion)) {
    throw new Error(`${at('kubernetesVersion')} must look like v1.34.1, got "${props.kubernetesVersion}"`);
  }
  if (!/^(VM|BM)\.[A-Za-z0-9.]+$/.test(props.shape)) throw new Error(`${at('shape')} must be an OCI shape such as VM.Standard.A1.Flex, got "${props.shape}"`);
  if (!Number.isInteger(props.size) || props.size < 1) throw new Error(`${at('size')} must be a whole number of nodes, at least 1, got ${props.size}`);
  if (props.shape.endsWith('.Flex')) {
    for (const prop of ['ocpus', 'memoryGb'] as const) {
      const value = props[prop];
      if (value === undefined || !(value > 0)) throw new Error(`${at(prop)} is required for the flexible shape ${props.shape} and must be positive, got ${value}`);
    }
  }
  const boot = props.bootVolumeGb;
  if (boot !== undefined && (!Number.isInteger(boot) || boot < OKE_MIN_BOOT_VOLUME_GB)) {
    throw new Error(`${at('bootVolumeGb')} must be a whole number of GB, at least ${OKE_MIN_BOOT_VOLUME_GB}, got ${boot}`);
  }
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    if (!LABEL_KEY.test(key)) throw new Error(`${at('labels')}: "${key}" is not a valid Kubernetes label key`);
    if (!LABEL_VALUE.test(value)) throw new Error(`${at('labels')}: "${value}" (for ${key}) is not a valid Kubernetes label value`);
  }
}
