import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Zone } from '@cdktf/provider-cloudflare/lib/zone';
import { ZoneSetting, type ZoneSettingConfig } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { Construct } from 'constructs';
import { checkIngressRecordProps, ingressRecordNames, mailRecordsOf, type MailDomain } from './records';

export interface CloudflareDnsProps {
  /** The Cloudflare zone, e.g. example.com. */
  readonly zone: string;
  /** The cluster domain: the zone itself or a name under it. Gets an A record and a wildcard. */
  readonly domain: string;
  /** The ingress IPv4 (usually a token from the cluster stack). */
  readonly address: string;
  /**
   * Create the zone in this account (the zone then belongs to this construct, including its
   * settings). Absent: look the existing zone up by name. @default - look up
   */
  readonly createZone?: { readonly accountId: string };
  /** Proxy the records through Cloudflare. @default false */
  readonly proxied?: boolean;
  /** TTL of unproxied records in seconds (proxied records always use 1, "automatic"). @default 300 */
  readonly ttl?: number;
  /** Keep `terraform destroy` from deleting a created zone (its name servers would change). @default true */
  readonly protectZone?: boolean;
  /** Comment on the records. @default - none */
  readonly comment?: string;
  /**
   * Mail domains below `domain` (tenants with public mail): an MX record, the exchanger's A record
   * (never proxied) and a wildcard to the ingress address each (mailRecords).
   * @default - none
   */
  readonly mail?: readonly MailDomain[];
}

/**
 * Settings of a zone this construct creates (cloudflare provider v5: one cloudflare_zone_setting
 * per setting): origin certificates are verified, HTTP is redirected, TLS below 1.2 refused.
 * A looked-up zone is left alone; its owner manages its settings.
 */
export const CLOUDFLARE_ZONE_SETTINGS = {
  ssl: 'strict',
  always_use_https: 'on',
  min_tls_version: '1.2',
} as const;

/**
 * The DNS records of a cluster's ingress in Cloudflare: `<domain>` and `*.<domain>` A records to
 * the ingress address, in a zone that is either created here (with secure zone settings) or
 * looked up by name.
 */
export class CloudflareDns extends Construct {
  readonly zoneId: string;
  /** The name servers to delegate to, when the zone is created here. */
  readonly nameServers?: string[];
  readonly records: readonly DnsRecord[];
  /** The records of the mail domains, in mailRecords order per domain. */
  readonly mailRecords: readonly DnsRecord[];

  constructor(scope: Construct, id: string, props: CloudflareDnsProps) {
    super(scope, id);
    checkIngressRecordProps(`CloudflareDns ${id}`, props);
    const proxied = props.proxied ?? false;
    const ttl = proxied ? 1 : (props.ttl ?? 300);
    if (!Number.isInteger(ttl) || (!proxied && (ttl < 30 || ttl > 86400))) {
      throw new Error(`CloudflareDns ${id}: ttl must be a whole number of seconds from 30 to 86400, got ${ttl}`);
    }

    if (props.createZone) {
      const zone = new Zone(this, 'zone', {
        account: { id: props.createZone.accountId },
        name: props.zone,
        type: 'full',
        lifecycle: (props.protectZone ?? true) ? { preventDestroy: true } : undefined,
      });
      this.zoneId = zone.id;
      this.nameServers = zone.nameServers;
      for (const [setting, value] of Object.entries(CLOUDFLARE_ZONE_SETTINGS)) {
        new ZoneSetting(this, `setting-${setting.replaceAll('_', '-')}`, {
          zoneId: zone.id,
          settingId: setting,
          // The attribute is dynamic in the provider schema (a string for these settings); the
          // binding types dynamic values as a map, so the string is passed through as is.
          value: value as unknown as ZoneSettingConfig['value'],
        });
      }
    } else {
      this.zoneId = new DataCloudflareZone(this, 'zone', { filter: { name: props.zone } }).id;
    }

    const names = ingressRecordNames(props.domain);
    this.records = (['apex', 'wildcard'] as const).map(
      (kind) =>
        new DnsRecord(this, kind, {
          zoneId: this.zoneId,
          name: names[kind],
          type: 'A',
          content: props.address,
          proxied,
          ttl,
          comment: props.comment,
        }),
    );
    this.mailRecords = mailRecordsOf(`CloudflareDns ${id}`, props.domain, props.mail ?? [], props.address).map(({ id: recordId, record }) => {
      const recordProxied = proxied && record.proxiable;
      return new DnsRecord(this, recordId, {
        zoneId: this.zoneId,
        name: record.name,
        type: record.type,
        content: record.value,
        priority: record.priority,
        proxied: recordProxied,
        ttl: recordProxied ? 1 : (props.ttl ?? 300),
        comment: props.comment,
      });
    });
  }
}
