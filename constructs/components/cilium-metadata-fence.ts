import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The cloud metadata service (Hetzner Cloud, DigitalOcean and most clouds): it serves each node's user_data. */
export const CLOUD_METADATA_CIDR = '169.254.169.254/32';

export interface CiliumMetadataFenceProps {
  /**
   * Name of the CiliumClusterwideNetworkPolicy.
   * @default 'deny-cloud-metadata'
   */
  readonly name?: string;
}

/**
 * No pod reaches the cloud metadata service: a CiliumClusterwideNetworkPolicy that selects every
 * endpoint (every pod Cilium manages, in every namespace) and denies egress to 169.254.169.254/32.
 * A node's user_data there holds its k3s join token, and a tenant admin may write NetworkPolicies
 * that allow any egress; Cilium's deny rules win over every allow rule, Kubernetes NetworkPolicies
 * included (https://docs.cilium.io/en/stable/security/policy/deny/), so no namespace can open it.
 *
 * `enableDefaultDeny` is off in both directions: without it, a policy with egress rules puts every
 * endpoint it selects into default-deny for egress, and this one selects them all. Nothing in the
 * platform needs the metadata service from a pod: Cilium's agents and operator run on the host
 * network (node addresses, not endpoints), k3s reads the metadata from the host at boot, and the
 * platform installs no cloud controller manager or CSI driver that would ask it from a pod.
 * Host-network pods are not endpoints and stay outside; their namespaces are privileged ones.
 */
export class CiliumMetadataFence extends Construct {
  /** The policy's name. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: CiliumMetadataFenceProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'deny-cloud-metadata';
    new ApiObject(this, 'policy', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: this.name },
      spec: {
        description: 'No pod reaches the cloud metadata service: its user_data holds the node\'s k3s join token (constructs/components/cilium-metadata-fence.ts).',
        endpointSelector: {},
        enableDefaultDeny: { egress: false, ingress: false },
        egressDeny: [{ toCIDR: [CLOUD_METADATA_CIDR] }],
      },
    });
  }
}
