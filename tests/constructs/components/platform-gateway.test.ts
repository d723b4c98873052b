import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { MAX_TENANTS } from '../../../config/rules';
import { PlatformGateway } from '../../../constructs/components/platform-gateway';
import { Tenant } from '../../../constructs/tenancy';
import { TENANT_LABEL } from '../../../constructs/tenancy/tenant';

type Obj = Record<string, any>;
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

const DOMAIN = 'staging.example.com';
const GATEWAY_NAMESPACE = 'envoy-gateway-system';

function gateway(tenants?: string[]): Obj[] {
  const chart = Testing.chart();
  new PlatformGateway(chart, 'gw', {
    namespace: GATEWAY_NAMESPACE,
    gatewayClassName: 'platform',
    domain: DOMAIN,
    tenants,
    clusterIssuer: 'letsencrypt-production',
    addressing: { serviceType: 'LoadBalancer', annotations: {} },
  });
  return Testing.synth(chart);
}

/** The labels a tenant namespace really carries (from the Tenant construct), plus the API server's name label. */
function tenantNamespace(name: string): { name: string; labels: Record<string, string> } {
  const chart = Testing.chart();
  new Tenant(chart, name, { name, size: 'small', group: `${name}-admins` });
  const namespace = Testing.synth(chart).find((o: Obj) => o.kind === 'Namespace')!;
  return { name, labels: { ...namespace.metadata.labels, 'kubernetes.io/metadata.name': name } };
}
const platformNamespace = (name: string) => ({ name, labels: { 'kubernetes.io/metadata.name': name } });

function selects(selector: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      case 'In':
        return values.includes(labels[key]!);
      case 'NotIn':
        return !values.includes(labels[key]!);
      default:
        throw new Error(`operator ${operator}`);
    }
  });
  return byLabel && byExpression;
}

/**
 * The listeners an HTTPRoute in `namespace` for `hostname` attaches to, by the Gateway API rules:
 * the listener's allowedRoutes admit the route's namespace, and the hostnames intersect (a
 * `*.d` listener matches any name below d). `sectionName` narrows to one listener, as a parentRef does.
 */
function attachments(objects: Obj[], namespace: { name: string; labels: Record<string, string> }, hostname: string, sectionName?: string): string[] {
  const listeners = objects.find((o) => o.kind === 'Gateway')!.spec.listeners as Obj[];
  return listeners
    .filter((l) => l.protocol === 'HTTPS' && (sectionName === undefined || l.name === sectionName))
    .filter((l) => {
      const from = l.allowedRoutes.namespaces;
      const admitted = from.from === 'All' || (from.from === 'Same' && namespace.name === GATEWAY_NAMESPACE) || (from.from === 'Selector' && selects(from.selector, namespace.labels));
      const suffix = (l.hostname as string).replace(/^\*/, '');
      return admitted && hostname.endsWith(suffix) && hostname.length > suffix.length;
    })
    .map((l) => l.name);
}

describe('PlatformGateway', () => {
  const objects = gateway(['team-b', 'team-a']);
  const teamA = tenantNamespace('team-a');
  const teamB = tenantNamespace('team-b');
  const monitoring = platformNamespace('monitoring');

  it('gives each tenant an HTTPS listener for *.<tenant>.<domain>, sorted, each with a certificate of its own', () => {
    const listeners = objects.find((o) => o.kind === 'Gateway')!.spec.listeners as Obj[];
    expect(listeners.map((l) => [l.name, l.hostname])).toEqual([
      ['http', `*.${DOMAIN}`],
      ['https', `*.${DOMAIN}`],
      ['https-team-a', `*.team-a.${DOMAIN}`],
      ['https-team-b', `*.team-b.${DOMAIN}`],
    ]);
    // Each HTTPS listener's certificate names exactly its hostname (the shared one also the apex);
    // no name is on two certificates, so Envoy Gateway sees no overlapping TLS configuration.
    const certificates = new Map(objects.filter((o) => o.kind === 'Certificate').map((c) => [c.spec.secretName as string, c.spec.dnsNames as string[]]));
    expect(listeners.slice(1).map((l) => certificates.get(l.tls.certificateRefs[0].name))).toEqual([
      [`*.${DOMAIN}`, DOMAIN],
      [`*.team-a.${DOMAIN}`],
      [`*.team-b.${DOMAIN}`],
    ]);
    expect(certificates.size).toBe(3);
    expect(PlatformGateway.tenantListener('team-a')).toBe('https-team-a');
  });

  it('keeps HTTP/2 on: ALPN set explicitly, as Envoy Gateway counts tenant listeners as overlapping the shared one', () => {
    expect(objects.find((o) => o.kind === 'ClientTrafficPolicy')).toEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'platform-alpn', namespace: GATEWAY_NAMESPACE },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform' }], tls: { alpnProtocols: ['h2', 'http/1.1'] } },
    });
    // Safe because no certificate covers another listener's names (a *. name covers one label).
    const covers = (wildcard: string, host: string) => host.endsWith(wildcard.slice(1)) && !host.slice(0, -wildcard.length + 1).includes('.');
    const certificates = objects.filter((o) => o.kind === 'Certificate');
    for (const certificate of certificates) {
      for (const other of certificates.filter((c) => c !== certificate)) {
        for (const name of other.spec.dnsNames as string[]) {
          const host = name.replace(/^\*/, 'x');
          expect((certificate.spec.dnsNames as string[]).some((n) => (n.startsWith('*.') ? covers(n, host) : n === host)), `${certificate.metadata.name} covers ${host}`).toBe(false);
        }
      }
    }
    expect(gateway().some((o) => o.kind === 'ClientTrafficPolicy')).toBe(false);
  });

  it('lets a tenant publish names under its own domain, on its own listener only', () => {
    expect(attachments(objects, teamA, `web.team-a.${DOMAIN}`)).toEqual(['https-team-a']);
    expect(attachments(objects, teamA, `idm.team-a.${DOMAIN}`, 'https-team-a')).toEqual(['https-team-a']);
  });

  it('keeps a tenant off platform names, other tenants\' names and other tenants\' listeners', () => {
    for (const hostname of [`grafana.${DOMAIN}`, `dex.${DOMAIN}`, `team-a.${DOMAIN}`, `x.team-b.${DOMAIN}`]) {
      expect(attachments(objects, teamA, hostname), hostname).toEqual([]);
    }
    expect(attachments(objects, teamA, `x.team-b.${DOMAIN}`, 'https-team-b')).toEqual([]);
    expect(attachments(objects, teamA, `grafana.${DOMAIN}`, 'https')).toEqual([]);
    expect(attachments(objects, teamB, `x.team-a.${DOMAIN}`)).toEqual([]);
  });

  it('serves platform namespaces on the shared listener as before', () => {
    expect(attachments(objects, monitoring, `grafana.${DOMAIN}`)).toEqual(['https']);
    // A platform namespace cannot squat on a tenant listener either.
    expect(attachments(objects, monitoring, `x.team-a.${DOMAIN}`, 'https-team-a')).toEqual([]);
  });

  it('relies on a label tenants cannot change: Tenant sets it and binds only namespaced roles', () => {
    expect(teamA.labels[TENANT_LABEL]).toBe('team-a');
    const chart = Testing.chart();
    new Tenant(chart, 'team-a', { name: 'team-a', size: 'small', group: 'team-a-admins' });
    const bindings = Testing.synth(chart).filter((o: Obj) => /Binding$/.test(o.kind));
    expect(bindings.map((b: Obj) => b.kind)).toEqual(bindings.map(() => 'RoleBinding'));
    for (const binding of bindings) expect(binding.metadata.namespace).toBe('team-a');
  });

  it('without tenants keeps one HTTPS listener, closed to tenant namespaces', () => {
    const plain = gateway();
    expect((plain.find((o) => o.kind === 'Gateway')!.spec.listeners as Obj[]).map((l) => l.name)).toEqual(['http', 'https']);
    expect(attachments(plain, teamA, `web.team-a.${DOMAIN}`)).toEqual([]);
  });

  it('refuses more tenants than the Gateway has listeners for, and tenant names that are no DNS labels', () => {
    expect(() => gateway(Array.from({ length: MAX_TENANTS + 1 }, (_, i) => `t${i}`))).toThrow(`at most ${MAX_TENANTS} tenants get a listener, got ${MAX_TENANTS + 1}`);
    expect(() => gateway(['Team A'])).toThrow(/tenant/);
  });
});
