import { evaluate } from '@marcbachmann/cel-js';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantDnsNames, TenantMail } from '../../../constructs/tenancy';
import { KustomizeApp } from '../../../constructs/apps';

type Obj = Record<string, any>;
const DOMAIN = 'staging.example.com';

function synth(): { policy: Obj; binding: Obj; construct: TenantDnsNames } {
  const chart = Testing.chart();
  const construct = new TenantDnsNames(chart, 'dns', { domain: DOMAIN });
  const [policy, binding] = Testing.synth(chart) as Obj[];
  return { policy: policy!, binding: binding!, construct };
}

/**
 * Runs the policy as the API server would for one object: the variables, then every validation
 * (CEL, evaluated with cel-js: standard CEL plus the strings functions Kubernetes also has).
 * Returns the messages of the validations that fail.
 */
function admit(policy: Obj, object: Obj, namespace: string): string[] {
  const context: Record<string, unknown> = { object, namespaceObject: { metadata: { name: namespace } } };
  const variables: Record<string, unknown> = {};
  for (const variable of policy.spec.variables as { name: string; expression: string }[]) {
    variables[variable.name] = evaluate(variable.expression, { ...context, variables });
  }
  return (policy.spec.validations as { expression: string; messageExpression: string }[])
    .filter((v) => evaluate(v.expression, { ...context, variables }) !== true)
    .map((v) => String(evaluate(v.messageExpression, { ...context, variables })));
}

const service = (annotations?: Record<string, string>): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', annotations }, spec: {} });
const ingress = (spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec });

describe('TenantDnsNames', () => {
  const { policy, binding } = synth();

  it('is a Deny-bound ValidatingAdmissionPolicy on Services, Ingresses and HTTPRoutes in tenant namespaces', () => {
    expect(policy).toMatchObject({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'tenant-dns-names' } });
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({ matchExpressions: [{ key: 'toolkit.fluxcd.io/tenant', operator: 'Exists' }] });
    expect(policy.spec.matchConstraints.resourceRules.map((r: Obj) => r.resources[0])).toEqual(['services', 'ingresses', 'httproutes']);
    expect(binding).toMatchObject({ kind: 'ValidatingAdmissionPolicyBinding', spec: { policyName: 'tenant-dns-names', validationActions: ['Deny'] } });
  });

  it('admits what the platform itself puts in tenant namespaces', () => {
    const chart = Testing.chart();
    new TenantMail(chart, 'mail', {
      tenant: 'team-a',
      domain: DOMAIN,
      image: 'docker.io/stalwartlabs/stalwart:v0.16.25',
      publicService: { nodePorts: { smtp: 30000, submissions: 30001, submission: 30002, imaps: 30003 }, proxyTrustedNetworks: ['10.0.0.0/16'], loadBalancerAnnotations: { 'oci.oraclecloud.com/load-balancer-type': 'nlb' } },
    });
    new KustomizeApp(chart, 'web', { tenant: 'team-a', name: 'web', image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898, domain: `team-a.${DOMAIN}` });
    const guarded = Testing.synth(chart).filter((o: Obj) => ['Service', 'Ingress'].includes(o.kind));
    expect(guarded.map((o: Obj) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/stalwart', 'Service/stalwart-public', 'Service/web', 'Ingress/web']);
    for (const object of guarded) expect(admit(policy, object, 'team-a'), `${object.kind}/${object.metadata.name}`).toEqual([]);
  });

  it('admits names under the tenant domain, with or without spaces in the list', () => {
    expect(admit(policy, service(), 'team-a')).toEqual([]);
    expect(admit(policy, service({ 'external-dns.alpha.kubernetes.io/hostname': `a.team-a.${DOMAIN}, b.c.team-a.${DOMAIN}`, 'external-dns.alpha.kubernetes.io/ttl': '60' }), 'team-a')).toEqual([]);
    expect(admit(policy, ingress({ rules: [{ host: `shop.team-a.${DOMAIN}` }] }), 'team-a')).toEqual([]);
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
    ];
    for (const [what, object] of refused) expect(admit(policy, object, 'team-a'), what).not.toEqual([]);
    expect(admit(policy, service({ 'external-dns.alpha.kubernetes.io/hostname': `grafana.${DOMAIN}` }), 'team-a')).toEqual([
      `every name in external-dns.alpha.kubernetes.io/hostname must end in .team-a.${DOMAIN}`,
    ]);
  });

  it('checks the domain it is given', () => {
    expect(() => new TenantDnsNames(Testing.chart(), 'x', { domain: 'Not A Domain' })).toThrow(/domain/);
  });
});
