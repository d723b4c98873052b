import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterMailNodePorts } from '../../../config/cluster-settings';
import { loadPlatform, type Cluster, type Platform } from '../../../config/load';
import { addDnsStack } from '../../../stacks/dns/index';
import { stateKey } from '../../../stacks/names';
import { copyEnvironments, edit } from '../../support/environments';
import {
  bindingMismatches,
  dataOf,
  ref,
  remoteRef,
  resourcesOf,
  ROOT,
  synthVpsCluster,
  type SynthesizedCluster,
  type TfJson,
} from '../vps/support';

const platform: Platform = loadPlatform(join(ROOT, 'environments'));
const vpsClusters = platform.clusters.filter((c) => c.provider !== 'oci-oke');

/** The ingress address as the cluster stack has it. */
function ingressRef(clusterJson: TfJson): string {
  return (clusterJson.output as Record<string, { value: string }>).ingress_ip!.value;
}

/** The A records of a DNS stack as name -> [record body]. */
function records(json: TfJson, cluster: Cluster): Record<string, Record<string, any>> {
  const type = cluster.dns.provider === 'cloudflare' ? 'cloudflare_dns_record' : 'aws_route53_record';
  return Object.fromEntries(Object.values(resourcesOf(json, type)).map((body) => [body.name as string, body]));
}

describe.each(vpsClusters.map((c) => [c.name, c] as const))('DNS stack of the shipped %s cluster', (name, cluster: Cluster) => {
  let synth: SynthesizedCluster;
  let dns: TfJson;
  let clusterJson: TfJson;

  beforeAll(() => {
    synth = synthVpsCluster(platform, cluster);
    dns = synth.json[`${name}-dns`]!;
    clusterJson = synth.json[`${name}-cluster`]!;
  });
  afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

  it('keeps its state in the bucket under its own key with the S3 lock file', () => {
    expect(dns.terraform.backend).toEqual({
      s3: { bucket: platform.state.bucket, key: stateKey(cluster.environment, `${name}-dns`), region: platform.state.region, encrypt: true, use_lockfile: true },
    });
  });

  it('points the cluster domain and its wildcard at the ingress address from the cluster stack', () => {
    const address = remoteRef(clusterJson, dns, ingressRef(clusterJson));
    const byName = Object.fromEntries(Object.entries(records(dns, cluster)).filter(([, record]) => !record.name.match(/team-[ab]\./)));
    expect(Object.keys(byName).sort()).toEqual([cluster.domain, `*.${cluster.domain}`].sort());
    const [state] = Object.values(dataOf(dns, 'terraform_remote_state'));
    expect(state!.config.key).toBe(stateKey(cluster.environment, `${name}-cluster`));
    for (const record of Object.values(byName)) {
      expect(record.type).toBe('A');
      if (cluster.dns.provider === 'cloudflare') {
        expect(record).toMatchObject({ content: address, proxied: cluster.dns.proxied, ttl: cluster.dns.proxied ? 1 : 300 });
      } else {
        expect(record).toMatchObject({ records: [address], ttl: 300 });
      }
    }
  });

  it.skipIf(clusterMailNodePorts(cluster).size === 0)('publishes the public mail of its tenant: MX, the exchanger at the mail load balancer, and a tenant wildcard to the ingress', () => {
    const [tenant] = [...clusterMailNodePorts(cluster).keys()];
    expect(tenant).toBeDefined();
    const mailDomain = `${tenant}.${cluster.domain}`;
    const byName = records(dns, cluster);
    const ingress = remoteRef(clusterJson, dns, ingressRef(clusterJson));
    const mailAddress = remoteRef(clusterJson, dns, (clusterJson.output as Record<string, { value: Record<string, string> }>).mail_ips!.value[tenant!]!);
    expect(mailAddress).not.toBe(ingress);
    if (cluster.dns.provider === 'cloudflare') {
      expect(byName[mailDomain]).toMatchObject({ type: 'MX', content: `mx.${mailDomain}`, priority: 10, proxied: false });
      expect(byName[`mx.${mailDomain}`]).toMatchObject({ type: 'A', content: mailAddress, proxied: false });
      expect(byName[`*.${mailDomain}`]).toMatchObject({ type: 'A', content: ingress, proxied: cluster.dns.proxied });
    } else {
      expect(byName[mailDomain]).toMatchObject({ type: 'MX', records: [`10 mx.${mailDomain}`] });
      expect(byName[`mx.${mailDomain}`]).toMatchObject({ type: 'A', records: [mailAddress] });
      expect(byName[`*.${mailDomain}`]).toMatchObject({ type: 'A', records: [ingress] });
    }
  });

  it('creates or looks up the zone as the cluster says', () => {
    const byName = records(dns, cluster);
    if (cluster.dns.provider === 'route53') {
      const zones = resourcesOf(dns, 'aws_route53_zone');
      if (cluster.dns.createZone) {
        const [[zoneId, zone]] = Object.entries(zones) as [[string, Record<string, any>]];
        expect(zone).toMatchObject({ name: cluster.dns.zone, force_destroy: false, lifecycle: { prevent_destroy: true } });
        for (const record of Object.values(byName)) expect(record.zone_id).toBe(ref('aws_route53_zone', zoneId, 'zone_id'));
        expect((dns.output as Record<string, { value: string }>).name_servers!.value).toBe(ref('aws_route53_zone', zoneId, 'name_servers'));
      } else {
        expect(zones).toEqual({});
        expect(Object.values(dataOf(dns, 'aws_route53_zone'))).toEqual([expect.objectContaining({ name: cluster.dns.zone, private_zone: false })]);
      }
    } else {
      if (cluster.dns.createZone) throw new Error('the shipped Cloudflare VPS cluster looks its zone up; the created case is tested below');
      const [[zoneId, zone]] = Object.entries(dataOf(dns, 'cloudflare_zone')) as [[string, Record<string, any>]];
      expect(zone.filter).toEqual({ name: cluster.dns.zone });
      for (const record of Object.values(byName)) expect(record.zone_id).toBe(`\${data.cloudflare_zone.${zoneId}.id}`);
      // A looked-up zone belongs to someone else: no settings, no account variable.
      expect(resourcesOf(dns, 'cloudflare_zone_setting')).toEqual({});
      expect(dns.variable).toBeUndefined();
    }
  });

  it('configures the provider without credentials and uses only known attributes', async () => {
    if (cluster.dns.provider === 'cloudflare') {
      expect(dns.provider).toEqual({ cloudflare: [{}] });
      expect(await bindingMismatches(dns, 'cloudflare')).toEqual([]);
    } else {
      expect(dns.provider.aws).toEqual([{ region: platform.state.region, default_tags: [{ tags: { project: platform.project.name, 'managed-by': 'cdktf' } }] }]);
    }
  });
});

describe('DNS stacks of edited environments', () => {
  function synthEdited(changes: Parameters<typeof edit>[2], file: string, clusterName: string) {
    const dir = copyEnvironments();
    edit(dir, file, changes);
    const edited = loadPlatform(dir, { relativeTo: dir });
    const synth = synthVpsCluster(edited, edited.clusters.find((c) => c.name === clusterName)!);
    rmSync(dir, { recursive: true, force: true });
    return synth;
  }

  it('creates a Cloudflare zone with secure settings from an account-id variable, and proxies when asked', async () => {
    const synth = synthEdited(
      [
        // oke-dev already creates example.com; one zone has one owner.
        [['clusters', 'hcloud-staging', 'dns', 'zone'], 'example.net'],
        [['clusters', 'hcloud-staging', 'dns', 'createZone'], true],
        [['clusters', 'hcloud-staging', 'dns', 'proxied'], true],
        // Proxied hosts must sit one label below the zone (rule dns-proxied-depth): the cluster at the apex.
        [['clusters', 'hcloud-staging', 'dns', 'subdomain'], undefined],
        // A proxied zone cannot carry a tenant's identity, mail and app hosts (rules tenant-service-proxied, tenant-app-proxied).
        [['clusters', 'hcloud-staging', 'tenants', 'team-a', 'identity'], undefined],
        [['clusters', 'hcloud-staging', 'tenants', 'team-a', 'mail'], undefined],
        [['clusters', 'hcloud-staging', 'apps', 'web'], undefined],
      ],
      'staging.yaml',
      'hcloud-staging',
    );
    try {
      const dns = synth.json['hcloud-staging-dns']!;
      expect(dns.variable).toEqual({ cloudflare_account_id: { type: 'string', nullable: false, description: expect.any(String) } });
      const [[zoneId, zone]] = Object.entries(resourcesOf(dns, 'cloudflare_zone')) as [[string, Record<string, any>]];
      expect(zone).toMatchObject({ name: 'example.net', type: 'full', account: { id: '${var.cloudflare_account_id}' } });
      const settings = Object.values(resourcesOf(dns, 'cloudflare_zone_setting'));
      expect(Object.fromEntries(settings.map((s) => [s.setting_id, s.value]))).toEqual({ ssl: 'strict', always_use_https: 'on', min_tls_version: '1.2' });
      for (const setting of settings) expect(setting.zone_id).toBe(ref('cloudflare_zone', zoneId));
      const recordsOf = Object.values(resourcesOf(dns, 'cloudflare_dns_record'));
      expect(recordsOf.map((r) => r.name).sort()).toEqual(['*.example.net', 'example.net']);
      for (const record of recordsOf) expect(record).toMatchObject({ proxied: true, ttl: 1, zone_id: ref('cloudflare_zone', zoneId) });
      expect(await bindingMismatches(dns, 'cloudflare')).toEqual([]);
    } finally {
      rmSync(synth.outdir, { recursive: true, force: true });
    }
  });

  it('looks an existing Route53 zone up by name', () => {
    const synth = synthEdited([[['clusters', 'do-prod', 'dns', 'createZone'], false]], 'prod.yaml', 'do-prod');
    try {
      const dns = synth.json['do-prod-dns']!;
      expect(resourcesOf(dns, 'aws_route53_zone')).toEqual({});
      const [[zoneId, zone]] = Object.entries(dataOf(dns, 'aws_route53_zone')) as [[string, Record<string, any>]];
      expect(zone).toMatchObject({ name: 'example.org', private_zone: false });
      for (const record of Object.values(resourcesOf(dns, 'aws_route53_record'))) {
        expect(record.zone_id).toBe(`\${data.aws_route53_zone.${zoneId}.zone_id}`);
      }
    } finally {
      rmSync(synth.outdir, { recursive: true, force: true });
    }
  });
});

describe('addDnsStack', () => {
  it('adds no stack, and warns, when the cluster stacks have no ingress address', () => {
    const app = new App({ stackTraces: false });
    const cluster = vpsClusters[0]!;
    const clusterStack = new TerraformStack(app, `${cluster.name}-cluster`);
    expect(addDnsStack(app, platform, cluster, { clusterStack, ingressAddress: '', mailAddresses: {} })).toBeUndefined();
    expect(app.node.tryFindChild(`${cluster.name}-dns`)).toBeUndefined();
    expect(app.node.metadata.map((m) => [m.type, m.data])).toEqual([['@cdktf/warn', expect.stringContaining(`${cluster.name}-dns skipped`)]]);
  });
});
