import { TerraformStack, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { CloudflareDns, type CloudflareDnsProps } from '../../../constructs/dns/cloudflare-dns';
import { Route53Dns, type Route53DnsProps } from '../../../constructs/dns/route53-dns';

type Json = Record<string, any>;

function synth(build: (stack: TerraformStack) => void): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
}
const cloudflare = (props: Partial<CloudflareDnsProps>) =>
  synth((stack) => new CloudflareDns(stack, 'dns', { zone: 'example.com', domain: 'k8s.example.com', address: '198.51.100.7', ...props }));
const route53 = (props: Partial<Route53DnsProps>) =>
  synth((stack) => new Route53Dns(stack, 'dns', { zone: 'example.org', domain: 'example.org', address: '198.51.100.7', ...props }));
const values = (json: Json, type: string): Json[] => Object.values((json.resource?.[type] ?? {}) as Record<string, Json>);

describe('CloudflareDns', () => {
  it('looks the zone up by default and adds apex and wildcard records, unproxied with TTL 300', () => {
    const json = cloudflare({});
    expect(Object.values(json.data.cloudflare_zone)).toEqual([expect.objectContaining({ filter: { name: 'example.com' } })]);
    expect(values(json, 'cloudflare_dns_record').map((r) => [r.name, r.type, r.content, r.proxied, r.ttl]).sort()).toEqual([
      ['*.k8s.example.com', 'A', '198.51.100.7', false, 300],
      ['k8s.example.com', 'A', '198.51.100.7', false, 300],
    ]);
    expect(json.resource.cloudflare_zone).toBeUndefined();
    expect(json.resource.cloudflare_zone_setting).toBeUndefined();
  });

  it('creates a protected zone with strict TLS settings, and proxies with automatic TTL', () => {
    const json = cloudflare({ createZone: { accountId: 'acc' }, proxied: true });
    const [[zoneId, zone]] = Object.entries(json.resource.cloudflare_zone as Record<string, Json>) as [[string, Json]];
    expect(zone).toEqual(expect.objectContaining({ account: { id: 'acc' }, name: 'example.com', type: 'full', lifecycle: { prevent_destroy: true } }));
    const settings = values(json, 'cloudflare_zone_setting').map((s) => [s.setting_id, s.value, s.zone_id]);
    expect(settings.sort()).toEqual([
      ['always_use_https', 'on', `\${cloudflare_zone.${zoneId}.id}`],
      ['min_tls_version', '1.2', `\${cloudflare_zone.${zoneId}.id}`],
      ['ssl', 'strict', `\${cloudflare_zone.${zoneId}.id}`],
    ]);
    expect(values(json, 'cloudflare_dns_record').every((r) => r.proxied === true && r.ttl === 1)).toBe(true);
  });

  it.each([
    ['a domain outside the zone', { domain: 'example.net' }, /not inside the zone/],
    ['a suffix that is not a subdomain', { domain: 'badexample.com' }, /not inside the zone/],
    ['an empty address', { address: '' }, /empty/],
    ['an address that is no IPv4', { address: '2001:db8::1' }, /not an IPv4/],
    ['a silly TTL', { ttl: 5 }, /ttl/],
  ])('rejects %s', (_, props, message) => {
    expect(() => cloudflare(props)).toThrow(message);
  });
});

const MAIL = [
  { domain: 'team-b.k8s.example.com', exchanger: 'mx.team-b.k8s.example.com', address: '203.0.113.26' },
  { domain: 'team-a.k8s.example.com', exchanger: 'mx.team-a.k8s.example.com', address: '203.0.113.25' },
];

describe('CloudflareDns mail domains', () => {
  it('adds MX, the exchanger (never proxied) and a tenant wildcard to the ingress per mail domain', () => {
    const json = cloudflare({ proxied: true, mail: MAIL });
    const records = values(json, 'cloudflare_dns_record').map((r) => [r.name, r.type, r.content, r.priority ?? null, r.proxied, r.ttl]);
    expect(records.sort()).toEqual(
      [
        ['*.k8s.example.com', 'A', '198.51.100.7', null, true, 1],
        ['k8s.example.com', 'A', '198.51.100.7', null, true, 1],
        ['team-a.k8s.example.com', 'MX', 'mx.team-a.k8s.example.com', 10, false, 300],
        ['mx.team-a.k8s.example.com', 'A', '203.0.113.25', null, false, 300],
        ['*.team-a.k8s.example.com', 'A', '198.51.100.7', null, true, 1],
        ['team-b.k8s.example.com', 'MX', 'mx.team-b.k8s.example.com', 10, false, 300],
        ['mx.team-b.k8s.example.com', 'A', '203.0.113.26', null, false, 300],
        ['*.team-b.k8s.example.com', 'A', '198.51.100.7', null, true, 1],
      ].sort(),
    );
  });

  it('leaves the exchanger A record out when its address is not known here (external-dns publishes it)', () => {
    const json = cloudflare({ mail: [{ domain: 'team-a.k8s.example.com', exchanger: 'mx.team-a.k8s.example.com' }] });
    expect(values(json, 'cloudflare_dns_record').map((r) => [r.name, r.type]).filter(([name]) => name.includes('team-a')).sort()).toEqual([
      ['*.team-a.k8s.example.com', 'A'],
      ['team-a.k8s.example.com', 'MX'],
    ]);
  });

  it.each([
    ['a mail domain outside the cluster domain', [{ ...MAIL[0]!, domain: 'team-b.example.com', exchanger: 'mx.team-b.example.com' }], /mail domain team-b.example.com is not below the cluster domain k8s.example.com/],
    ['an exchanger outside its mail domain', [{ ...MAIL[0]!, exchanger: 'mx.k8s.example.com' }], /mail exchanger mx.k8s.example.com is not inside team-b.k8s.example.com/],
    ['a mail domain twice', [MAIL[0]!, MAIL[0]!], /listed twice/],
    ['a mail address that is no IPv4', [{ ...MAIL[0]!, address: 'mx.example.com' }], /mail address mx.example.com of team-b.k8s.example.com is not an IPv4 address/],
  ])('rejects %s', (_, mail, message) => {
    expect(() => cloudflare({ mail })).toThrow(message);
  });
});

describe('Route53Dns', () => {
  it('adds MX (preference and host in one value), the exchanger and a tenant wildcard per mail domain', () => {
    const json = route53({ domain: 'k8s.example.org', mail: [{ domain: 'team-a.k8s.example.org', exchanger: 'mx.team-a.k8s.example.org', address: '203.0.113.25' }] });
    expect(values(json, 'aws_route53_record').map((r) => [r.name, r.type, r.ttl, r.records]).sort()).toEqual(
      [
        ['*.k8s.example.org', 'A', 300, ['198.51.100.7']],
        ['k8s.example.org', 'A', 300, ['198.51.100.7']],
        ['team-a.k8s.example.org', 'MX', 300, ['10 mx.team-a.k8s.example.org']],
        ['mx.team-a.k8s.example.org', 'A', 300, ['203.0.113.25']],
        ['*.team-a.k8s.example.org', 'A', 300, ['198.51.100.7']],
      ].sort(),
    );
  });

  it('creates a protected hosted zone and apex/wildcard records with TTL 300', () => {
    const json = route53({ createZone: true });
    const [[zoneId, zone]] = Object.entries(json.resource.aws_route53_zone as Record<string, Json>) as [[string, Json]];
    expect(zone).toMatchObject({ name: 'example.org', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(values(json, 'aws_route53_record').map((r) => [r.name, r.type, r.ttl, r.records, r.zone_id]).sort()).toEqual([
      ['*.example.org', 'A', 300, ['198.51.100.7'], `\${aws_route53_zone.${zoneId}.zone_id}`],
      ['example.org', 'A', 300, ['198.51.100.7'], `\${aws_route53_zone.${zoneId}.zone_id}`],
    ]);
  });

  it('looks a public zone up by name, and can leave a created zone unprotected', () => {
    expect(Object.values(route53({}).data.aws_route53_zone)).toEqual([expect.objectContaining({ name: 'example.org', private_zone: false })]);
    expect(Object.values(route53({ createZone: true, protectZone: false }).resource.aws_route53_zone)[0]).not.toHaveProperty('lifecycle');
  });

  it('rejects records outside the zone', () => {
    expect(() => route53({ domain: 'example.com' })).toThrow(/not inside the zone/);
  });
});
