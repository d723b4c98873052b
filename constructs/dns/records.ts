import { Token } from 'cdktf';
import ipaddr from 'ipaddr.js';

/** The two names a cluster's ingress answers for: its domain and every host under it. */
export function ingressRecordNames(domain: string): { apex: string; wildcard: string } {
  return { apex: domain, wildcard: `*.${domain}` };
}

/**
 * Shared checks of the DNS constructs: the domain lies in the zone, and the address is an IPv4
 * (or a token, resolved at apply time, typically a remote-state reference to the cluster stack).
 */
export function checkIngressRecordProps(construct: string, props: { zone: string; domain: string; address: string }): void {
  const { zone, domain, address } = props;
  if (domain !== zone && !domain.endsWith(`.${zone}`)) {
    throw new Error(`${construct}: domain ${domain} is not inside the zone ${zone}`);
  }
  if (address === '') throw new Error(`${construct}: the ingress address is empty`);
  if (!Token.isUnresolved(address) && !ipaddr.IPv4.isValidFourPartDecimal(address)) {
    throw new Error(`${construct}: ${address} is not an IPv4 address`);
  }
}
