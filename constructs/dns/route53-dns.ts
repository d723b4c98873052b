import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { checkIngressRecordProps, ingressRecordNames, mailRecordsOf, type MailDomain } from './records';

export interface Route53DnsProps {
  /** The hosted zone, e.g. example.org. */
  readonly zone: string;
  /** The cluster domain: the zone itself or a name under it. Gets an A record and a wildcard. */
  readonly domain: string;
  /** The ingress IPv4 (usually a token from the cluster stack). */
  readonly address: string;
  /** Create the public hosted zone here (true) or look it up by name (false). @default false */
  readonly createZone?: boolean;
  /** TTL of the records in seconds. @default 300 */
  readonly ttl?: number;
  /** Keep `terraform destroy` from deleting a created zone (its name servers would change). @default true */
  readonly protectZone?: boolean;
  /** Comment on a created zone. @default 'Managed by cdktf' */
  readonly comment?: string;
  /**
   * Mail domains below `domain` (tenants with public mail): an MX record, the exchanger's A record
   * and a wildcard to the ingress address each (mailRecords).
   * @default - none
   */
  readonly mail?: readonly MailDomain[];
}

/**
 * The DNS records of a cluster's ingress in Route53: `<domain>` and `*.<domain>` A records to the
 * ingress address, in a public hosted zone that is either created here or looked up by name.
 */
export class Route53Dns extends Construct {
  readonly zoneId: string;
  /** The zone's name servers (to delegate to when the zone is created here). */
  readonly nameServers: string[];
  readonly records: readonly Route53Record[];
  /** The records of the mail domains, in mailRecords order per domain. */
  readonly mailRecords: readonly Route53Record[];

  constructor(scope: Construct, id: string, props: Route53DnsProps) {
    super(scope, id);
    checkIngressRecordProps(`Route53Dns ${id}`, props);
    const ttl = props.ttl ?? 300;
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) throw new Error(`Route53Dns ${id}: ttl must be a whole number of seconds, got ${ttl}`);

    if (props.createZone) {
      const zone = new Route53Zone(this, 'zone', {
        name: props.zone,
        comment: props.comment ?? 'Managed by cdktf',
        forceDestroy: false,
        lifecycle: (props.protectZone ?? true) ? { preventDestroy: true } : undefined,
      });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    } else {
      const zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zone, privateZone: false });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }

    const names = ingressRecordNames(props.domain);
    this.records = (['apex', 'wildcard'] as const).map(
      (kind) =>
        new Route53Record(this, kind, {
          zoneId: this.zoneId,
          name: names[kind],
          type: 'A',
          ttl,
          records: [props.address],
        }),
    );
    this.mailRecords = mailRecordsOf(`Route53Dns ${id}`, props.domain, props.mail ?? [], props.address).map(
      ({ id: recordId, record }) =>
        new Route53Record(this, recordId, {
          zoneId: this.zoneId,
          name: record.name,
          type: record.type,
          ttl,
          records: [record.type === 'MX' ? `${record.priority} ${record.value}` : record.value],
        }),
    );
  }
}
