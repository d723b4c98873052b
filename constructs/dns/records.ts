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

/** A mail domain under the cluster domain whose mail exchanger has an address of its own. */
export interface MailDomain {
  /** The mail domain, e.g. team-a.staging.example.com (a tenant's `<tenant>.<domain>`). */
  readonly domain: string;
  /** The mail exchanger's host name, e.g. mx.team-a.staging.example.com; inside `domain`. */
  readonly exchanger: string;
  /**
   * Public IPv4 of the mail load balancer (usually a token from the cluster stack).
   * @default - none: the exchanger's A record is published by someone else (external-dns, for a
   *   load balancer the cloud controller creates)
   */
  readonly address?: string;
}

/** One DNS record of a mail domain, provider-neutral. */
export interface MailRecord {
  /** Construct id suffix, unique per mail domain. */
  readonly id: string;
  readonly name: string;
  readonly type: 'A' | 'MX';
  /** An address (A) or the exchanger's host name (MX). */
  readonly value: string;
  /** MX preference. */
  readonly priority?: number;
  /** Whether the record may go through Cloudflare's proxy (only web traffic can). */
  readonly proxiable: boolean;
}

/** MX preference of the single mail exchanger. */
export const MX_PRIORITY = 10;

/**
 * The records of a mail domain: its MX record to the exchanger, the exchanger's A record to the
 * mail load balancer (when its address is known here), and `*.<domain>` to the ingress. The last is needed because the MX record
 * makes `<domain>` exist, and a name that exists stops the cluster's `*.<cluster domain>` wildcard
 * from answering for the names below it (RFC 4592), such as the tenant's web hosts
 * (idm.<tenant>.<domain>, mail.<tenant>.<domain>).
 */
export function mailRecords(mail: MailDomain, ingressAddress: string): MailRecord[] {
  return [
    { id: 'mx', name: mail.domain, type: 'MX', value: mail.exchanger, priority: MX_PRIORITY, proxiable: false },
    ...(mail.address === undefined ? [] : [{ id: 'exchanger', name: mail.exchanger, type: 'A' as const, value: mail.address, proxiable: false }]),
    { id: 'wildcard', name: `*.${mail.domain}`, type: 'A', value: ingressAddress, proxiable: true },
  ];
}

/** Mail domains lie inside the cluster domain, their exchangers inside them, with IPv4 addresses. */
function checkMailDomains(construct: string, domain: string, mail: readonly MailDomain[]): void {
  const seen = new Set<string>();
  for (const entry of mail) {
    if (!entry.domain.endsWith(`.${domain}`)) throw new Error(`${construct}: mail domain ${entry.domain} is not below the cluster domain ${domain}`);
    if (!entry.exchanger.endsWith(`.${entry.domain}`)) throw new Error(`${construct}: mail exchanger ${entry.exchanger} is not inside ${entry.domain}`);
    if (seen.has(entry.domain)) throw new Error(`${construct}: mail domain ${entry.domain} is listed twice`);
    seen.add(entry.domain);
    if (entry.address !== undefined && (entry.address === '' || (!Token.isUnresolved(entry.address) && !ipaddr.IPv4.isValidFourPartDecimal(entry.address)))) {
      throw new Error(`${construct}: mail address ${entry.address} of ${entry.domain} is not an IPv4 address`);
    }
  }
}

/**
 * Every record of `mail` (checked, domains in name order) with the construct id it gets:
 * `mail-<labels below the cluster domain, dot-free>-<record id>`, e.g. `mail-team-a-mx`.
 */
export function mailRecordsOf(construct: string, domain: string, mail: readonly MailDomain[], ingressAddress: string): { id: string; record: MailRecord }[] {
  checkMailDomains(construct, domain, mail);
  return [...mail]
    .sort((a, b) => a.domain.localeCompare(b.domain))
    .flatMap((entry) => {
      const label = entry.domain.slice(0, -(domain.length + 1)).replaceAll('.', '-');
      return mailRecords(entry, ingressAddress).map((record) => ({ id: `mail-${label}-${record.id}`, record }));
    });
}
