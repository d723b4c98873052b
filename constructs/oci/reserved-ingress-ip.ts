import { Construct } from 'constructs';
import { CorePublicIp } from '../../.gen/providers/oci/core-public-ip';
import { assertOcid } from './validation';

export interface ReservedIngressIpProps {
  /** Compartment of the IP; OKE's load balancer must be able to use it (same compartment as the cluster). */
  readonly compartmentId: string;
  /** Display name. */
  readonly name: string;
  /** Free-form tags. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
}

/**
 * A reserved public IPv4 address for the ingress load balancer. Terraform owns the address so DNS
 * can point at it before any Kubernetes Service exists and it survives the Service being
 * recreated; the ingress controller's `type: LoadBalancer` Service claims it (`loadBalancerIP`).
 * Which private IP it is assigned to is the load balancer's business, so Terraform ignores
 * `private_ip_id` instead of detaching the address on the next apply.
 */
export class ReservedIngressIp extends Construct {
  readonly publicIp: CorePublicIp;
  /** The address, e.g. for DNS records. */
  readonly ipAddress: string;

  constructor(scope: Construct, id: string, props: ReservedIngressIpProps) {
    super(scope, id);
    assertOcid(props.compartmentId, ['compartment', 'tenancy'], `ReservedIngressIp ${id}: compartmentId`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(props.name)) {
      throw new Error(`ReservedIngressIp ${id}: name must be letters, digits, ".", "_" or "-", got "${props.name}"`);
    }
    this.publicIp = new CorePublicIp(this, 'Resource', {
      compartmentId: props.compartmentId,
      displayName: props.name,
      lifetime: 'RESERVED',
      freeformTags: { ...props.freeformTags },
      lifecycle: { ignoreChanges: ['private_ip_id'] },
    });
    this.ipAddress = this.publicIp.ipAddress;
  }
}
