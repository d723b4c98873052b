import { Construct } from 'constructs';
import { contains, overlaps, parseCidr, type CidrRange } from '../../config/cidr';
import type { NetworkAttributes, VpsAdapter } from './adapter';

export interface K3sNetworkProps {
  /** The provider the network is created in. */
  readonly adapter: VpsAdapter;
  /** Prefix of every resource name (the cluster name). */
  readonly name: string;
  /** The private range (hcloud network ip_range / DO VPC ip_range); RFC 1918. */
  readonly nodeCidr: string;
  /** The nodes' subnet inside nodeCidr (hcloud; DigitalOcean VPCs have no subnets). */
  readonly nodesSubnet: string;
  /** The load balancers' subnet inside nodeCidr, disjoint from nodesSubnet (hcloud). */
  readonly lbSubnet: string;
  /** Labels on the resources that take labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => parseCidr(cidr) as CidrRange);

function parse(id: string, field: string, value: string): CidrRange {
  const range = parseCidr(value);
  if (typeof range === 'string') throw new Error(`K3sNetwork ${id}: ${field} ${value} ${range}`);
  if (range.family !== 'ipv4') throw new Error(`K3sNetwork ${id}: ${field} ${value} must be IPv4`);
  return range;
}

/**
 * The private network a k3s cluster's nodes talk over: an hcloud network with a nodes subnet
 * and a load-balancer subnet in the location's network zone, or a DigitalOcean VPC (which has
 * no subnets: both subnet ids are the VPC's). Kept in its own stack so that replacing the
 * cluster never replaces the network.
 */
export class K3sNetwork extends Construct {
  /** Network and subnet ids (tokens) for the cluster stack. */
  readonly attributes: NetworkAttributes;

  constructor(scope: Construct, id: string, props: K3sNetworkProps) {
    super(scope, id);
    const network = parse(id, 'nodeCidr', props.nodeCidr);
    if (!PRIVATE_RANGES.some((range) => contains(range, network))) {
      throw new Error(`K3sNetwork ${id}: nodeCidr ${props.nodeCidr} must be a private (RFC 1918) range`);
    }
    const nodes = parse(id, 'nodesSubnet', props.nodesSubnet);
    const lb = parse(id, 'lbSubnet', props.lbSubnet);
    for (const [field, subnet] of [
      ['nodesSubnet', nodes],
      ['lbSubnet', lb],
    ] as const) {
      if (!contains(network, subnet)) throw new Error(`K3sNetwork ${id}: ${field} ${subnet.cidr} is not inside nodeCidr ${network.cidr}`);
    }
    if (overlaps(nodes, lb)) throw new Error(`K3sNetwork ${id}: nodesSubnet ${nodes.cidr} overlaps lbSubnet ${lb.cidr}`);

    this.attributes = props.adapter.createNetwork(this, {
      name: props.name,
      ipRange: props.nodeCidr,
      nodesSubnet: props.nodesSubnet,
      lbSubnet: props.lbSubnet,
      labels: props.labels ?? {},
    });
  }
}
