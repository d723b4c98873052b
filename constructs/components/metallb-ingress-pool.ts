import { Construct } from 'constructs';
import { IpAddressPool, L2Advertisement } from '../../imports/metallb-metallb.io';
import { assertDnsLabel } from '../flux/names';

export interface MetalLbIngressPoolProps {
  /** Namespace MetalLB runs in (pools live there). */
  readonly namespace: string;
  /**
   * Addresses of the pool (CIDRs or ranges). Flux substitutes `${ingress_ip}` from cluster-settings.
   * @default ['${ingress_ip}/32']
   */
  readonly addresses?: readonly string[];
  /**
   * Pool (and advertisement) name.
   * @default ingress
   */
  readonly name?: string;
  /**
   * Announce the addresses in layer 2 (an L2Advertisement). Right when the address is routed to
   * the nodes' network (a floating IP, bare metal); wrong when a cloud load balancer owns it, as
   * with the Terraform-created Hetzner and DigitalOcean load balancers: there MetalLB only
   * allocates the address to the Service (IPAM), so its status shows the public address.
   * @default true
   */
  readonly announce?: boolean;
}

/**
 * A MetalLB pool holding only the ingress address Terraform created, with `autoAssign: false` so
 * only the ingress Service (which asks for it by annotation) can take it; announced in layer 2
 * unless `announce` is false.
 */
export class MetalLbIngressPool extends Construct {
  /** Pool name, for the `metallb.io/address-pool` annotation. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: MetalLbIngressPoolProps) {
    super(scope, id);
    this.name = props.name ?? 'ingress';
    assertDnsLabel('IPAddressPool name', this.name);
    const addresses = props.addresses ?? ['${ingress_ip}/32'];
    if (addresses.length === 0) throw new Error('MetalLbIngressPool: addresses needs at least one entry');
    new IpAddressPool(this, 'Pool', {
      metadata: { name: this.name, namespace: props.namespace },
      spec: { addresses: [...addresses], autoAssign: false },
    });
    if (props.announce ?? true) {
      new L2Advertisement(this, 'Advertisement', {
        metadata: { name: this.name, namespace: props.namespace },
        spec: { ipAddressPools: [this.name] },
      });
    }
  }
}
