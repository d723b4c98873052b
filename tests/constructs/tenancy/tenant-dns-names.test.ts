import { evaluate } from '@marcbachmann/cel-js';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantDnsNames, TenantMail } from '../../../constructs/tenancy';
import { KustomizeApp } from '../../../constructs/apps';
import { CertManager } from '../../../constructs/components/cert-manager';

type Obj = Record<string, any>;
const DOMAIN = 'staging.example.com';

function synth(ingressNginx = true): Obj[] {
  const chart = Testing.chart();
  new TenantDnsNames(chart, 'dns', { domain: DOMAIN, ingressNginx });
  return Testing.synth(chart) as Obj[];
}

const RESOURCE = { Service: 'services', Ingress: 'ingresses', HTTPRoute: 'httproutes' } as Record<string, string>;

/**
 * Runs the policies as the API server would for one object: every policy whose resource rules
 * match its kind, its variables, then every validation (CEL, evaluated with cel-js: standard CEL
 * plus the strings functions Kubernetes also has). Returns the messages of the failing ones.
 */
function admit(objects: Obj[], object: Obj, namespace: string): string[] {
  const context: Record<string, unknown> = { object, namespaceObject: { metadata: { name: namespace } } };
  const policies = objects.filter(
    (o) => o.kind === 'ValidatingAdmissionPolicy' && o.spec.matchConstraints.resourceRules.some((r: Obj) => r.resources.includes(RESOURCE[object.kind])),
  );
  return policies.flatMap((policy) => {
    const variables: Record<string, unknown> = {};
    for (const variable of policy.spec.variables as { name: string; expression: string }[]) {
      variables[variable.name] = evaluate(variable.expression, { ...context, variables });
    }
    return (policy.spec.validations as { expression: string; messageExpression: string }[])
      .filter((v) => evaluate(v.expression, { ...context, variables }) !== true)
      .map((v) => String(evaluate(v.messageExpression, { ...context, variables })));
  });
}

const service = (annotations?: Record<string, string>): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', annotations }, spec: {} });
const ingress = (spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec });

describe('TenantDnsNames', () => {
  const objects = synth();
  const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === 'tenant-dns-names')!;
  const ingressPolicy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === 'tenant-dns-names-ingress')!;

  it('is two Deny-bound ValidatingAdmissionPolicies in tenant namespaces: annotations on Services, Ingresses and HTTPRoutes; Ingress hosts', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/tenant-dns-names',
      'ValidatingAdmissionPolicyBinding/tenant-dns-names',
      'ValidatingAdmissionPolicy/tenant-dns-names-ingress',
      'ValidatingAdmissionPolicyBinding/tenant-dns-names-ingress',
    ]);
    for (const p of [policy, ingressPolicy]) {
      expect(p.spec.failurePolicy).toBe('Fail');
      expect(p.spec.matchConstraints.namespaceSelector).toEqual({ matchExpressions: [{ key: 'toolkit.fluxcd.io/tenant', operator: 'Exists' }] });
    }
    expect(policy.spec.matchConstraints.resourceRules.map((r: Obj) => r.resources[0])).toEqual(['services', 'ingresses', 'httproutes']);
    // Ingress fields are read only by the policy that matches Ingresses (no type-check warnings).
    expect(ingressPolicy.spec.matchConstraints.resourceRules.map((r: Obj) => r.resources[0])).toEqual(['ingresses']);
    for (const binding of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')) {
      expect(binding.spec).toEqual({ policyName: binding.metadata.name, validationActions: ['Deny'] });
    }
  });

  it('admits what the platform itself puts in tenant namespaces', () => {
    const chart = Testing.chart();
    new TenantMail(chart, 'mail', {
      tenant: 'team-a',
      domain: DOMAIN,
      image: 'docker.io/stalwartlabs/stalwart:v0.16.25',
      publicService: { nodePorts: { smtp: 30000, submissions: 30001, submission: 30002, imaps: 30003 }, proxyTrustedNetworks: ['10.0.0.0/16'], loadBalancerAnnotations: { 'oci.oraclecloud.com/load-balancer-type': 'nlb' } },
    });
    new KustomizeApp(chart, 'web', { tenant: 'team-a', name: 'web', image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898, domain: `team-a.${DOMAIN}`, ingressClassName: 'nginx' });
    const guarded = Testing.synth(chart).filter((o: Obj) => ['Service', 'Ingress'].includes(o.kind));
    expect(guarded.map((o: Obj) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/stalwart', 'Service/stalwart-public', 'Service/web', 'Ingress/web']);
    for (const object of guarded) expect(admit(objects, object, 'team-a'), `${object.kind}/${object.metadata.name}`).toEqual([]);
  });

  it('admits names under the tenant domain, with or without spaces in the list', () => {
    expect(admit(objects, service(), 'team-a')).toEqual([]);
    expect(admit(objects, service({ 'external-dns.alpha.kubernetes.io/hostname': `a.team-a.${DOMAIN}, b.c.team-a.${DOMAIN}`, 'external-dns.alpha.kubernetes.io/ttl': '60' }), 'team-a')).toEqual([]);
    expect(admit(objects, ingress({ rules: [{ host: `shop.team-a.${DOMAIN}` }], tls: [{ hosts: [`shop.team-a.${DOMAIN}`], secretName: 'shop-tls' }] }), 'team-a')).toEqual([]);
  });

  it('refuses platform names, other tenants\' names, targets and catch-all Ingresses', () => {
    const refused: [string, Obj][] = [
      ['platform name', service({ 'external-dns.alpha.kubernetes.io/hostname': `grafana.${DOMAIN}` })],
      ['one bad name in a list', service({ 'external-dns.alpha.kubernetes.io/hostname': `a.team-a.${DOMAIN},dex.${DOMAIN}` })],
      ['another tenant', service({ 'external-dns.alpha.kubernetes.io/hostname': `x.team-b.${DOMAIN}` })],
      ['the tenant domain itself (its MX name)', service({ 'external-dns.alpha.kubernetes.io/hostname': `team-a.${DOMAIN}` })],
      ['a suffix trick', service({ 'external-dns.alpha.kubernetes.io/hostname': `evilteam-a.${DOMAIN}` })],
      ['a target', service({ 'external-dns.alpha.kubernetes.io/hostname': `a.team-a.${DOMAIN}`, 'external-dns.alpha.kubernetes.io/target': '203.0.113.9' })],
      ['an internal hostname', service({ 'external-dns.alpha.kubernetes.io/internal-hostname': `grafana.${DOMAIN}` })],
      ['an Ingress for a platform host', ingress({ rules: [{ host: `grafana.${DOMAIN}` }] })],
      ['an Ingress rule without host', ingress({ rules: [{ http: {} }] })],
      ['an Ingress default backend', ingress({ defaultBackend: { service: { name: 's', port: { number: 80 } } } })],
      ['an Ingress TLS host outside the tenant', ingress({ rules: [{ host: `a.team-a.${DOMAIN}` }], tls: [{ hosts: [`a.team-a.${DOMAIN}`, `grafana.${DOMAIN}`] }] })],
      ['an ingress-nginx server alias', { ...ingress({ rules: [{ host: `a.team-a.${DOMAIN}` }] }), metadata: { name: 'i', annotations: { 'nginx.ingress.kubernetes.io/server-alias': `grafana.${DOMAIN}` } } }],
    ];
    for (const [what, object] of refused) expect(admit(objects, object, 'team-a'), what).not.toEqual([]);
    expect(admit(objects, service({ 'external-dns.alpha.kubernetes.io/hostname': `grafana.${DOMAIN}` }), 'team-a')).toEqual([
      `every name in external-dns.alpha.kubernetes.io/hostname must end in .team-a.${DOMAIN}`,
    ]);
  });

  it('is not undone by cert-manager: its rights are not aggregated into admin, so tenants cannot ask the ClusterIssuers for names', () => {
    expect((CertManager.baseValues as { global: { rbac: { aggregateClusterRoles: boolean } } }).global.rbac.aggregateClusterRoles).toBe(false);
  });

  it('names ingress-nginx\'s annotations only on a cluster that runs it (retired, opt-in)', () => {
    const without = synth(false);
    expect(JSON.stringify(without)).not.toContain('nginx');
    const alias = { ...ingress({ rules: [{ host: `a.team-a.${DOMAIN}` }] }), metadata: { name: 'i', annotations: { 'nginx.ingress.kubernetes.io/server-alias': `grafana.${DOMAIN}` } } };
    expect(admit(without, alias, 'team-a')).toEqual([]);
    expect(admit(objects, alias, 'team-a')).not.toEqual([]);
    // The other fences stay.
    expect(admit(without, ingress({ rules: [{ host: `grafana.${DOMAIN}` }] }), 'team-a')).not.toEqual([]);
  });

  it('checks the domain it is given', () => {
    expect(() => new TenantDnsNames(Testing.chart(), 'x', { domain: 'Not A Domain' })).toThrow(/domain/);
  });
});
