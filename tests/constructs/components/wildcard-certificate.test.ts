import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BLUEPRINTS } from '../../../charts/components';
import { clusterContext } from '../../../charts/layout';
import { loadPlatform } from '../../../config/load';
import type { ComponentName } from '../../../config/schema';
import type { ClusterContext } from '../../../constructs/components/context';
import { WildcardCertificate } from '../../../constructs/components/wildcard-certificate';
import { ENVIRONMENTS } from '../../support/environments';
import { testContext } from './context';

const context = (enabled: ComponentName[], tenantDomains?: string[]): ClusterContext => testContext(enabled, { tenantDomains });

function certificates(component: ComponentName, ctx: ClusterContext): any[] {
  const chart = Testing.chart();
  BLUEPRINTS[component].clusterConfigs!(chart, ctx);
  return Testing.synth(chart).filter((o) => o.kind === 'Certificate');
}

describe('WildcardCertificate', () => {
  it('covers the domain, its wildcard and the wildcard of each tenant sub-domain', () => {
    const chart = Testing.chart();
    new WildcardCertificate(chart, 'c', {
      name: 'w',
      namespace: 'ns',
      secretName: 's',
      domain: 'dev.example.com',
      extraWildcards: ['team-a.dev.example.com'],
      clusterIssuer: 'letsencrypt',
    });
    expect(Testing.synth(chart)[0].spec.dnsNames).toEqual(['*.dev.example.com', 'dev.example.com', '*.team-a.dev.example.com']);
  });

  it('refuses an extra wildcard outside the domain', () => {
    const chart = Testing.chart();
    expect(
      () => new WildcardCertificate(chart, 'c', { name: 'w', namespace: 'ns', secretName: 's', domain: 'dev.example.com', extraWildcards: ['team-a.example.org'], clusterIssuer: 'x' }),
    ).toThrow(/extraWildcards must be DNS names below dev.example.com, got "team-a.example.org"/);
  });

  it('ingress-nginx: the one ingress certificate lists the tenant wildcards from the cluster context', () => {
    const [certificate] = certificates('ingress-nginx', { ...context(['cert-manager', 'ingress-nginx'], ['team-a.dev.example.com']), tenants: ['team-a'] });
    expect(certificate.spec.dnsNames).toEqual(['*.dev.example.com', 'dev.example.com', '*.team-a.dev.example.com']);
    const [plain] = certificates('ingress-nginx', context(['cert-manager', 'ingress-nginx']));
    expect(plain.spec.dnsNames).toEqual(['*.dev.example.com', 'dev.example.com']);
  });

  it('envoy-gateway: a certificate per tenant listener, sharing no name with the platform one', () => {
    const all = certificates('envoy-gateway', { ...context(['cert-manager', 'envoy-gateway'], ['team-a.dev.example.com']), tenants: ['team-a'] });
    expect(all.map((c) => c.spec.dnsNames)).toEqual([['*.dev.example.com', 'dev.example.com'], ['*.team-a.dev.example.com']]);
    const names = all.flatMap((c) => c.spec.dnsNames as string[]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('leaves the apex out when asked', () => {
    const chart = Testing.chart();
    new WildcardCertificate(chart, 'c', { name: 'w', namespace: 'ns', secretName: 's', domain: 'team-a.dev.example.com', includeApex: false, clusterIssuer: 'x' });
    expect(Testing.synth(chart)[0].spec.dnsNames).toEqual(['*.team-a.dev.example.com']);
  });

  it('clusterContext names every tenant and its domain', () => {
    const platform = loadPlatform(ENVIRONMENTS);
    const staging = platform.clusters.find((c) => c.name === 'hcloud-staging')!;
    expect(clusterContext(staging).tenants).toEqual(['team-a']);
    expect(clusterContext(staging).tenantDomains).toEqual([`team-a.${staging.domain}`]);
    const prod = platform.clusters.find((c) => c.name === 'do-prod')!;
    expect(clusterContext(prod).tenantDomains).toEqual([`team-b.${prod.domain}`]);
  });
});
