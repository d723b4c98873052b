import ipaddr from 'ipaddr.js';

/** A parsed CIDR block as an inclusive integer range; IPv4 and IPv6 live in separate spaces. */
export interface CidrRange {
  readonly cidr: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly first: bigint;
  readonly last: bigint;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/**
 * Parses `a.b.c.d/n` (or an IPv6 CIDR). Returns a reason string when the text is not a CIDR
 * block or has host bits set (10.0.0.1/16 is an address, not a network).
 */
export function parseCidr(text: string): CidrRange | string {
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(text)) return 'is not CIDR notation (expected a.b.c.d/n)';
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return 'is not a valid CIDR block';
  }
  const [addr, prefix] = parsed;
  const bits = addr.kind() === 'ipv4' ? 32 : 128;
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(text.split('/')[0]!)) {
    return 'is not a valid CIDR block (use four decimal octets)';
  }
  const value = toBigInt(addr);
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  if (first !== value) {
    const network = ipaddr.fromByteArray(bigIntToBytes(first, bits / 8)).toString();
    return `has host bits set (the network address is ${network}/${prefix})`;
  }
  return { cidr: text, family: addr.kind(), first, last: first + (1n << hostBits) - 1n };
}

function bigIntToBytes(value: bigint, length: number): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  return bytes;
}

export function overlaps(a: CidrRange, b: CidrRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function contains(outer: CidrRange, inner: CidrRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Number of addresses in the block, for messages and capacity checks. */
export function size(range: CidrRange): bigint {
  return range.last - range.first + 1n;
}

/** True for a block that covers its whole address space (0.0.0.0/0 or ::/0), i.e. "the internet". */
export function isWholeInternet(range: CidrRange): boolean {
  return range.first === 0n && range.last === (range.family === 'ipv4' ? 2n ** 32n - 1n : 2n ** 128n - 1n);
}

/**
 * True when the ranges of one family together cover its whole address space (0.0.0.0/1 with
 * 128.0.0.0/1 is the whole IPv4 internet as surely as 0.0.0.0/0 is). Linear after sorting.
 */
export function coverWholeInternet(ranges: readonly CidrRange[], family: 'ipv4' | 'ipv6'): boolean {
  const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const end = family === 'ipv4' ? 2n ** 32n - 1n : 2n ** 128n - 1n;
  let next = 0n;
  for (const range of sorted) {
    if (range.first > next) return false;
    if (range.last + 1n > next) next = range.last + 1n;
    if (next > end) return true;
  }
  return false;
}
