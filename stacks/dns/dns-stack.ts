import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { MAIL_EXCHANGER_LABEL, publicMailTenants } from '../../config/cluster-settings';
import type { Cluster, Platform } from '../../config/load';
import { CloudflareDns } from '../../constructs/dns/cloudflare-dns';
import { Route53Dns } from '../../constructs/dns/route53-dns';
import { stateKey } from '../names';
import { useStateBackend } from '../state-backend';

export interface DnsStackProps {
  readonly platform: Platform;
  readonly cluster: Cluster;
  /** The ingress IPv4, a token from the cluster stack (cdktf reads it through remote state). */
  readonly ingressAddress: string;
  /**
   * Public IPv4 (tokens) of the tenants' mail load balancers that the cluster stack made, by tenant.
   * @default - none
   */
  readonly mailAddresses?: Readonly<Record<string, string>>;
}

/** The variable a Cloudflare DNS stack that creates its zone asks for. */
export const CLOUDFLARE_ACCOUNT_ID_VARIABLE = 'cloudflare_account_id';

/**
 * `<cluster>-dns`: the cluster domain and its wildcard pointing at the ingress address, in
 * Cloudflare or Route53, creating the zone when the cluster says so. Credentials come from the
 * environment (CLOUDFLARE_API_TOKEN; the usual AWS chain).
 */
export class DnsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id);
    const { cluster, platform } = props;
    const { dns } = cluster;
    // Each tenant with public mail: MX of <tenant>.<domain> -> mx.<tenant>.<domain> -> its load
    // balancer, whose A record is written here when the cluster stack made the load balancer, and
    // by external-dns when the cloud controller did (OKE).
    const mail = publicMailTenants(cluster).map((tenant) => ({
      domain: `${tenant}.${cluster.domain}`,
      exchanger: `${MAIL_EXCHANGER_LABEL}.${tenant}.${cluster.domain}`,
      address: props.mailAddresses?.[tenant],
    }));
    useStateBackend(this, platform.state, stateKey(cluster.environment, id));

    if (dns.provider === 'cloudflare') {
      new CloudflareProvider(this, 'cloudflare', {});
      // Not a secret, but it differs per user and is not part of the cluster description:
      // TF_VAR_cloudflare_account_id or -var. Only asked for when the zone is created here.
      const accountId = dns.createZone
        ? new TerraformVariable(this, CLOUDFLARE_ACCOUNT_ID_VARIABLE, {
            type: 'string',
            nullable: false,
            description: `Cloudflare account that owns the zone ${dns.zone}`,
          }).stringValue
        : undefined;
      const records = new CloudflareDns(this, 'dns', {
        zone: dns.zone,
        domain: cluster.domain,
        address: props.ingressAddress,
        createZone: accountId === undefined ? undefined : { accountId },
        proxied: dns.proxied,
        comment: `${cluster.name}, managed by cdktf`,
        mail,
      });
      new TerraformOutput(this, 'zone_id', { value: records.zoneId });
      if (records.nameServers) new TerraformOutput(this, 'name_servers', { value: records.nameServers });
    } else {
      new AwsProvider(this, 'aws', {
        region: platform.state.region,
        defaultTags: [{ tags: { project: platform.project.name, 'managed-by': 'cdktf' } }],
      });
      const records = new Route53Dns(this, 'dns', {
        zone: dns.zone,
        domain: cluster.domain,
        address: props.ingressAddress,
        createZone: dns.createZone,
        comment: `Managed by cdktf (stack ${id})`,
        mail,
      });
      new TerraformOutput(this, 'zone_id', { value: records.zoneId });
      new TerraformOutput(this, 'name_servers', { value: records.nameServers });
    }
    new TerraformOutput(this, 'domain', { value: cluster.domain });
  }
}
