import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

export interface OciBlockStorageClassProps {
  /**
   * StorageClass name.
   * @default 'oci-block'
   */
  readonly name?: string;
  /**
   * Performance units per GB: 0 (lower cost), 10 (balanced), 20+ (higher performance).
   * @default 10
   */
  readonly vpusPerGb?: number;
  /**
   * What happens to the volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * Make it the cluster's default StorageClass.
   * @default false
   */
  readonly isDefault?: boolean;
}

/**
 * A StorageClass for OCI block volumes through OKE's CSI driver (`blockvolume.csi.oraclecloud.com`),
 * bound when the pod is scheduled (volumes are per availability domain) and expandable. Only for
 * OKE clusters; k3s clusters on VPS use Longhorn. Keep volumes small on the Always Free tier: the
 * 200 GB allowance includes the boot volumes (minimum block volume 50 GB).
 */
export class OciBlockStorageClass extends Construct {
  /** The StorageClass name. */
  readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: OciBlockStorageClassProps = {}) {
    super(scope, id);
    const name = props.name ?? 'oci-block';
    assertDnsLabel('OciBlockStorageClass name', name);
    const vpus = props.vpusPerGb ?? 10;
    if (!Number.isInteger(vpus) || vpus < 0 || vpus > 120 || vpus % 10 !== 0) {
      throw new Error(`OciBlockStorageClass: vpusPerGb must be a multiple of 10 between 0 and 120, got ${vpus}`);
    }
    this.storageClassName = name;
    new k8s.KubeStorageClass(this, 'class', {
      metadata: {
        name,
        ...(props.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
      },
      provisioner: 'blockvolume.csi.oraclecloud.com',
      parameters: { vpusPerGB: String(vpus) },
      reclaimPolicy: props.reclaimPolicy ?? 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }
}
