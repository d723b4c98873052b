import { TerraformIterator, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataOciContainerengineNodePoolOption } from '../../.gen/providers/oci/data-oci-containerengine-node-pool-option';
import { assertOcid } from './validation';

/** CPU architecture of an OKE node image. */
export type OkeImageArchitecture = 'aarch64' | 'x86_64';

export interface OkeNodeImageProps {
  /** Compartment the node-pool options are listed for. */
  readonly compartmentId: string;
  /** Kubernetes version the image is built for, e.g. `1.34.1` (a leading `v` is accepted). */
  readonly kubernetesVersion: string;
  /** Architecture of the node shape: `aarch64` for Ampere (A1) shapes. */
  readonly architecture: OkeImageArchitecture;
  /**
   * Start of the image name, i.e. the OS family.
   * @default 'Oracle-Linux-' - OKE's own Oracle Linux images
   */
  readonly namePrefix?: string;
}

/** `Oracle-Linux-8.10-aarch64-2025.01.31-0-OKE-1.34.1-760`: the build date and number sort by age. */
const BUILD_STAMP = String.raw`([0-9]{4}\\.[0-9]{2}\\.[0-9]{2})-([0-9]+)`;

/**
 * The newest OKE node image for one Kubernetes version and architecture, chosen at plan time.
 *
 * Image OCIDs differ per region and new builds appear every few weeks, so nothing is pinned: the
 * `sources` of `data.oci_containerengine_node_pool_option` ("all") are filtered to names that
 * start with `namePrefix`, carry `-OKE-<version>-`, and are (or are not) `aarch64` and never GPU
 * builds. Each candidate becomes `"<date>-<build, zero-padded> <image id>"`; sorting those strings
 * puts the newest last. When nothing matches, `imageId` is null and `precondition` stops the plan
 * with a message instead of an index error.
 */
export class OkeNodeImage extends Construct {
  /** The chosen image OCID (null at plan time when no image matches). */
  readonly imageId: string;
  /** A lifecycle precondition for the resource that uses the image. */
  readonly precondition: { readonly condition: string; readonly errorMessage: string };
  readonly options: DataOciContainerengineNodePoolOption;

  constructor(scope: Construct, id: string, props: OkeNodeImageProps) {
    super(scope, id);
    assertOcid(props.compartmentId, ['compartment', 'tenancy'], `OkeNodeImage ${id}: compartmentId`);
    const version = props.kubernetesVersion.replace(/^v/, '');
    if (!/^\d+\.\d+\.\d+$/.test(version)) {
      throw new Error(`OkeNodeImage ${id}: kubernetesVersion must be an exact version such as 1.34.1, got "${props.kubernetesVersion}"`);
    }
    if (props.architecture !== 'aarch64' && props.architecture !== 'x86_64') {
      throw new Error(`OkeNodeImage ${id}: architecture must be aarch64 or x86_64, got "${String(props.architecture)}"`);
    }
    const prefix = props.namePrefix ?? 'Oracle-Linux-';
    if (!/^[A-Za-z0-9._-]+$/.test(prefix)) {
      throw new Error(`OkeNodeImage ${id}: namePrefix may hold only letters, digits, ".", "_" and "-", got "${prefix}"`);
    }

    this.options = new DataOciContainerengineNodePoolOption(this, 'options', {
      nodePoolOptionId: 'all',
      compartmentId: props.compartmentId,
    });
    const arch =
      props.architecture === 'aarch64'
        ? 'strcontains(val.source_name, "aarch64")'
        : '!strcontains(val.source_name, "aarch64") && !strcontains(val.source_name, "GPU")';
    const filter = [
      'val.source_type == "IMAGE"',
      `startswith(val.source_name, "${prefix}")`,
      `strcontains(val.source_name, "-OKE-${version}-")`,
      arch,
    ].join(' && ');
    const candidates = new TerraformLocal(
      this,
      'candidates',
      TerraformIterator.fromList(this.options.sources).forExpressionForList(
        `"\${try(format("%s-%06d", regex("${BUILD_STAMP}", val.source_name)...), "0")} \${val.image_id}" if ${filter}`,
      ),
    );
    const list = candidates.fqn;
    const image = new TerraformLocal(
      this,
      'image-id',
      `\${length(${list}) > 0 ? element(split(" ", element(reverse(sort(${list})), 0)), 1) : null}`,
    );
    this.imageId = Token.asString(image.fqn);
    this.precondition = {
      condition: `\${${image.fqn} != null}`,
      errorMessage: `No ${prefix}* ${props.architecture} OKE image for Kubernetes ${version} in this region; list them with \`oci ce node-pool-options get --node-pool-option-id all\` and pick another kubernetesVersion.`,
    };
  }
}
