import { Token } from 'cdktf';
import { parseCidr, type CidrRange } from '../../config/cidr';

/** Parses an IPv4 CIDR block or throws an error that names the prop and the reason. */
export function ipv4Cidr(value: string, what: string): CidrRange {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') throw new Error(`${what}: ${value} ${parsed}`);
  if (parsed.family !== 'ipv4') throw new Error(`${what}: ${value} is IPv6; only IPv4 blocks are supported here`);
  return parsed;
}


const OCID = /^ocid1\.[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Throws unless `value` is an OCID of one of `kinds` (e.g. `compartment`, `tenancy`). Tokens from
 * other resources are not checked: they are not known until plan time.
 */
export function assertOcid(value: string, kinds: readonly string[], what: string): void {
  if (Token.isUnresolved(value)) return;
  const kind = value.split('.')[1];
  if (!OCID.test(value) || kind === undefined || !kinds.includes(kind)) {
    throw new Error(`${what} must be an OCID of a ${kinds.join(' or ')} (ocid1.${kinds[0]}.oc1..xxxx), got "${value}"`);
  }
}
