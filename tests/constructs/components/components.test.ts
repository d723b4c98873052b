import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BLUEPRINTS, publicIssuer } from '../../../charts/components';
import { RELEASES, releasesOf, type ReleaseName } from '../../../config/platform-releases';
import { COMPONENTS, type ComponentName } from '../../../config/schema';
import { AcmeClusterIssuers } from '../../../constructs/components/acme-cluster-issuers';
import { Alloy } from '../../../constructs/components/alloy';
import { ingressAddressing, type ClusterContext } from '../../../constructs/components/context';
import { ExternalDns } from '../../../constructs/components/external-dns';
import { MetalLbIngressPool } from '../../../constructs/components/metallb-ingress-pool';
import { Istio } from '../../../constructs/components/istio';
import { OpenTelemetryCollector } from '../../../constructs/components/opentelemetry-collector';
import { PlatformRoute } from '../../../constructs/components/platform-route';
import { clusterDependencies } from '../../../constructs/components/release-dependencies';
import { Vault } from '../../../constructs/components/vault';
import { testContext } from './context';

const context = (overrides: Partial<ClusterContext> = {}, enabled: ComponentName[] = ['cert-manager', 'envoy-gateway', 'external-dns']): ClusterContext =>
  testContext(enabled, overrides);

describe('release order', () => {
  it('covers every component, starts with cert-manager and has no cycle', () => {
    for (const component of COMPONENTS) expect(releasesOf(component).length, component).toBeGreaterThan(0);
    expect(RELEASES['cert-manager'].after).toEqual([]);
    expect(RELEASES['cert-manager'].afterIfEnabled).toEqual([]);
    const all = new Set(COMPONENTS);
    const order: ReleaseName[] = [];
    const visit = (name: ReleaseName, path: ReleaseName[]) => {
      expect(path, `cycle ${path.join(' -> ')}`).not.toContain(name);
      if (order.includes(name)) return;
      for (const d of clusterDependencies(name, all)) visit(d.name as ReleaseName, [...path, name]);
      order.push(name);
    };
    for (const name of Object.keys(RELEASES) as ReleaseName[]) visit(name, []);
    expect(order[0]).toBe('cert-manager');
    const before = (a: ReleaseName, b: ReleaseName) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    for (const r of ['envoy-gateway', 'ingress-nginx', 'vault', 'istio-base'] as const) before('cert-manager', r);
    before('istio-base', 'istiod');
    before('istiod', 'istio-gateway');
    before('envoy-gateway', 'external-dns');
    before('ingress-nginx', 'external-dns');
    before('loki', 'alloy');
    before('tempo', 'alloy');
    for (const r of ['loki', 'tempo', 'alloy', 'external-dns', 'opentelemetry-collector'] as const) before('kube-prometheus-stack', r);
  });

  it('only depends on optional releases that are enabled, and fails when a required one is off', () => {
    expect(clusterDependencies('external-dns', new Set(['envoy-gateway']))).toEqual([{ name: 'envoy-gateway', namespace: 'envoy-gateway-system' }]);
    expect(() => clusterDependencies('alloy', new Set(['alloy']))).toThrow(/needs loki enabled/);
  });
});

describe('component constructs', () => {
  it('each renders its namespace, default-deny policies, source and pinned HelmRelease(s)', () => {
    for (const component of COMPONENTS) {
      const chart = Testing.chart();
      BLUEPRINTS[component].controllers(chart, { version: component === 'cert-manager' ? 'v1.21.1' : '1.2.3' });
      const objects = Testing.synth(chart);
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of ['Namespace', 'NetworkPolicy', 'HelmRelease']) expect(kinds.has(kind), `${component} ${kind}`).toBe(true);
      expect(kinds.has('HelmRepository') || kinds.has('OCIRepository'), component).toBe(true);
      const releases = objects.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name);
      expect(releases, component).toEqual(releasesOf(component));
      // No Flux substitution syntax in base values: only cluster tiers use ${ingress_ip} and friends.
      expect(JSON.stringify(objects), component).not.toMatch(/\$\{/);
    }
  });

  it('fails on an even number of Vault raft peers and on unknown Istio value keys', () => {
    expect(() => new Vault(Testing.chart(), 'v', { version: '0.34.1', replicas: 2 })).toThrow(/odd/);
    expect(() => new Istio(Testing.chart(), 'i', { version: '1.2.3', values: { pilot: {} } })).toThrow(/base, istiod and gateway/);
  });

  it('configures Vault HA raft over TLS that reports ready while sealed', () => {
    const values = Vault.baseValues(3) as any;
    expect(values.server.ha).toMatchObject({ enabled: true, replicas: 3, raft: { enabled: true } });
    expect(values.server.ha.raft.config.match(/retry_join/g)).toHaveLength(3);
    expect(values.server.ha.raft.config).toContain('tls_cert_file = "/vault/userconfig/vault-tls/tls.crt"');
    expect(values.server.readinessProbe.path).toContain('sealedcode=204');
    expect(values.injector.enabled).toBe(true);
    expect(Vault.dnsNames()).toEqual(expect.arrayContaining(['vault-active.vault.svc', '*.vault-internal']));
  });
});

describe('cluster-derived values', () => {
  it('claims the ingress address per provider', () => {
    expect(ingressAddressing(context({ provider: 'oci-oke' }))).toMatchObject({
      loadBalancerIp: '${ingress_ip}',
      annotations: { 'service.beta.kubernetes.io/oci-load-balancer-shape': 'flexible', 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '10' },
    });
    expect(ingressAddressing(context({}, ['metallb']))).toEqual({
      serviceType: 'LoadBalancer',
      annotations: { 'metallb.io/loadBalancerIPs': '${ingress_ip}' },
      nodePorts: { http: 30080, https: 30443 },
    });
    expect(ingressAddressing(context())).toEqual({ serviceType: 'NodePort', annotations: {}, nodePorts: { http: 30080, https: 30443 } });
  });

  it('points external-dns at Route53 or Cloudflare with secret references only', () => {
    const route53 = ExternalDns.clusterValues(context({ dns: { provider: 'route53', zone: 'example.org', proxied: false } })) as any;
    expect(route53.provider).toEqual({ name: 'aws' });
    expect(route53.env.map((e: { name: string }) => e.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION']);
    expect(route53.env[0].valueFrom.secretKeyRef.name).toBe('route53-credentials');
    const cloudflare = ExternalDns.clusterValues(context({ dns: { provider: 'cloudflare', zone: 'example.com', proxied: true } })) as any;
    expect(cloudflare.extraArgs).toEqual(['--cloudflare-proxied']);
    expect(cloudflare).toMatchObject({ domainFilters: ['dev.example.com'], txtOwnerId: 'c1' });
  });

  it('sends collector signals only to backends that exist', () => {
    const pipelines = (OpenTelemetryCollector.clusterValues(context({}, ['tempo'])) as any).config.service.pipelines;
    expect(pipelines.traces.exporters).toEqual(['otlp/tempo']);
    expect(pipelines.logs.exporters).toEqual(['debug']);
    expect(pipelines.metrics.exporters).toEqual(['debug']);
  });

  it('labels Alloy logs with the cluster and ships them to Loki without Flux variables', () => {
    const config = Alloy.config('do-prod');
    expect(config).toContain('cluster = "do-prod"');
    expect(config).toContain('http://loki.loki.svc:3100/loki/api/v1/push');
    expect(config).not.toContain('${');
  });
});

describe('config objects', () => {
  it('announces the MetalLB pool in layer 2 only when asked', () => {
    const announced = Testing.chart();
    new MetalLbIngressPool(announced, 'p', { namespace: 'metallb-system' });
    expect(Testing.synth(announced).map((o) => o.kind)).toEqual(['IPAddressPool', 'L2Advertisement']);
    const ipam = Testing.chart();
    new MetalLbIngressPool(ipam, 'p', { namespace: 'metallb-system', announce: false });
    expect(Testing.synth(ipam).map((o) => o.kind)).toEqual(['IPAddressPool']);
  });

  it('issues from Let\'s Encrypt staging and production through DNS-01', () => {
    const chart = Testing.chart();
    new AcmeClusterIssuers(chart, 'a', { dnsProvider: 'route53', dnsZones: ['example.org'] });
    const issuers = Testing.synth(chart);
    expect(issuers.map((i) => i.metadata.name)).toEqual(['letsencrypt-staging', 'letsencrypt-production']);
    expect(issuers[1]!.spec.acme.solvers[0].dns01.route53).toMatchObject({
      accessKeyIDSecretRef: { name: 'route53-credentials', key: 'access-key-id' },
      secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret-access-key' },
    });
    expect(() => new AcmeClusterIssuers(Testing.chart(), 'b', { dnsProvider: 'cloudflare', dnsZones: [] })).toThrow(/at least one zone/);
  });

  it('makes only the issuers of the directories asked for', () => {
    const chart = Testing.chart();
    new AcmeClusterIssuers(chart, 'a', { dnsProvider: 'cloudflare', dnsZones: ['example.com'], directories: ['staging'] });
    expect(Testing.synth(chart).map((i) => [i.metadata.name, i.spec.acme.server])).toEqual([['letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory']]);
    expect(() => new AcmeClusterIssuers(Testing.chart(), 'b', { dnsProvider: 'cloudflare', dnsZones: ['example.com'], directories: [] })).toThrow(/at least one of staging, production/);
  });

  it('names the issuer of the cluster\'s directory on its public certificates: staging outside production unless certificates.acme says otherwise', () => {
    const ctx = (overrides: Partial<ClusterContext>): ClusterContext => ({
      name: 'c1',
      environment: 'e',
      domain: 'c1.example.com',
      provider: 'hcloud-k3s',
      dns: { provider: 'cloudflare', zone: 'example.com', proxied: false },
      enabled: new Set(['cert-manager', 'envoy-gateway']),
      ...overrides,
    });
    expect(publicIssuer(ctx({}))).toBe('letsencrypt-staging');
    expect(publicIssuer(ctx({ production: true }))).toBe('letsencrypt-production');
    expect(publicIssuer(ctx({ production: true, acme: 'staging' }))).toBe('letsencrypt-staging');
    expect(publicIssuer(ctx({ acme: 'production' }))).toBe('letsencrypt-production');
    const issuersOf = (c: ClusterContext) => {
      const chart = Testing.chart();
      BLUEPRINTS['cert-manager'].clusterConfigs!(chart, c);
      return Testing.synth(chart).filter((o) => o.kind === 'ClusterIssuer').map((o) => o.metadata.name);
    };
    expect(issuersOf(ctx({}))).toEqual(['letsencrypt-staging']);
    expect(issuersOf(ctx({ production: true }))).toEqual(['letsencrypt-production']);
  });

  it('routes a TLS backend through the Gateway with a BackendTLSPolicy, or through nginx', () => {
    const chart = Testing.chart();
    const props = { name: 'vault', namespace: 'vault', hostname: 'vault.dev.example.com', service: 'vault-active', port: 8200, backendTls: { caSecret: 'vault-tls', hostname: 'vault-active.vault.svc' } };
    new PlatformRoute(chart, 'g', { ...props, entry: { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'envoy-gateway-system', sectionName: 'https' } });
    const [route, policy] = Testing.synth(chart);
    expect(route).toMatchObject({ kind: 'HTTPRoute', spec: { hostnames: ['vault.dev.example.com'], parentRefs: [{ name: 'platform', sectionName: 'https' }] } });
    expect(policy).toMatchObject({ kind: 'BackendTLSPolicy', spec: { validation: { caCertificateRefs: [{ kind: 'Secret', name: 'vault-tls' }] } } });
    const nginx = Testing.chart();
    new PlatformRoute(nginx, 'n', { ...props, entry: { kind: 'ingress', className: 'nginx' } });
    expect(Testing.synth(nginx)[0]!.metadata.annotations['nginx.ingress.kubernetes.io/backend-protocol']).toBe('HTTPS');
  });
});
