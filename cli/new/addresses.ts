import { overlaps, parseCidr, type CidrRange } from '../../config/cidr';

/** The node network and its two subnets for a new cluster. */
export interface NodeAddresses {
  readonly nodeCidr: string;
  readonly public: string;
  readonly nodes: string;
}

function range(cidr: string): CidrRange | undefined {
  const parsed = parseCidr(cidr);
  return typeof parsed === 'string' ? undefined : parsed;
}

/**
 * The first 10.X.0.0/16 (X = 0..255) that overlaps none of `taken` (other clusters' node
 * networks and subnets, and this cluster's own pod and service ranges), with the public subnet
 * 10.X.0.0/24 and the node subnet 10.X.1.0/24, as the shipped clusters lay them out.
 * Throws when all 256 are taken.
 */
export function freeNodeAddresses(taken: readonly string[]): NodeAddresses {
  const used = taken.map(range).filter((r): r is CidrRange => r !== undefined);
  for (let x = 0; x < 256; x++) {
    const candidate = range(`10.${x}.0.0/16`)!;
    if (used.some((r) => overlaps(r, candidate))) continue;
    return { nodeCidr: `10.${x}.0.0/16`, public: `10.${x}.0.0/24`, nodes: `10.${x}.1.0/24` };
  }
  throw new Error('every 10.X.0.0/16 overlaps an existing cluster network; set network.nodeCidr by hand');
}
