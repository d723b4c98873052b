import { evaluate } from '@marcbachmann/cel-js';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KustomizeApp } from '../../../constructs/apps';
import { LINK_LOCAL_RANGE, Tenant, TenantIdentity, TenantMail, TenantMetadataEgress } from '../../../constructs/tenancy';

type Obj = Record<string, any>;
const DOMAIN = 'staging.example.com';

function synth(): Obj[] {
  const chart = Testing.chart();
  new TenantMetadataEgress(chart, 'metadata-egress');
  return Testing.synth(chart) as Obj[];
}

/**
 * Runs the policy as the API server would for one NetworkPolicy in a tenant namespace: every
 * validation (CEL, evaluated with cel-js: the very text the API server gets). Returns the messages
 * of the failing ones; an evaluation error counts as a refusal (failurePolicy Fail).
 */
function admit(objects: Obj[], object: Obj): string[] {
  const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy')!;
  return (policy.spec.validations as { expression: string; message: string }[]).flatMap((v) => {
    try {
      return evaluate(v.expression, { object }) === true ? [] : [v.message];
    } catch (error) {
      return [`error: ${(error as Error).message}`];
    }
  });
}

const policy = (egress: Obj[] | undefined): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'team-a' },
  spec: { podSelector: {}, policyTypes: ['Egress'], ...(egress === undefined ? {} : { egress }) },
});
const toBlock = (cidr: string, except?: string[]) => policy([{ to: [{ ipBlock: except ? { cidr, except } : { cidr } }], ports: [{ port: 443, protocol: 'TCP' }] }]);

describe('TenantMetadataEgress', () => {
  const objects = synth();

  it('is a Deny-bound ValidatingAdmissionPolicy on NetworkPolicies in tenant namespaces', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ValidatingAdmissionPolicy/tenant-metadata-egress', 'ValidatingAdmissionPolicyBinding/tenant-metadata-egress']);
    const [vap, binding] = objects;
    expect(vap!.spec.failurePolicy).toBe('Fail');
    expect(vap!.spec.matchConstraints).toEqual({
      namespaceSelector: { matchExpressions: [{ key: 'toolkit.fluxcd.io/tenant', operator: 'Exists' }] },
      resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['networkpolicies'] }],
    });
    expect(binding!.spec).toEqual({ policyName: 'tenant-metadata-egress', validationActions: ['Deny'] });
    expect(LINK_LOCAL_RANGE).toBe('169.254.0.0/16');
  });

  it('refuses every way a tenant admin could open the metadata service to its pods', () => {
    const attempts: [string, Obj][] = [
      ['the address itself', toBlock('169.254.169.254/32')],
      ['the link-local range', toBlock('169.254.0.0/16')],
      ['a slice of it', toBlock('169.254.169.0/24')],
      ['the whole internet', toBlock('0.0.0.0/0')],
      ['the internet minus the cluster ranges only', toBlock('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])],
      ['the internet minus the one address (the rest of link-local stays open)', toBlock('0.0.0.0/0', ['169.254.169.254/32'])],
      ['the internet minus a part of link-local', toBlock('0.0.0.0/0', ['169.254.0.0/17'])],
      ['a wide block around it', toBlock('128.0.0.0/1')],
      ['a /8 around it', toBlock('169.0.0.0/8')],
      ['a /15 around it', toBlock('169.254.0.0/15')],
      ['an IPv6 spelling of the address', toBlock('::ffff:169.254.169.254/128')],
      ['an IPv4-mapped IPv6 block', toBlock('::FFFF:0:0/96')],
      ['an egress rule without destinations (every address)', policy([{ ports: [{ port: 80, protocol: 'TCP' }] }])],
      ['an empty egress rule', policy([{}])],
      ['an empty destination list', policy([{ to: [] }])],
      ['a bad rule after a good one', policy([{ to: [{ podSelector: {} }] }, { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }] }])],
      ['a bad peer after a good one', policy([{ to: [{ ipBlock: { cidr: '8.8.8.8/32' } }, { ipBlock: { cidr: '169.254.0.0/16' } }] }])],
    ];
    for (const [what, object] of attempts) {
      const refused = admit(objects, object);
      expect(refused, what).not.toEqual([]);
      expect(refused.join('\n'), what).not.toMatch(/^error:/m);
    }
    expect(admit(objects, toBlock('169.254.169.254/32'))).toEqual([
      "a tenant NetworkPolicy may not allow egress to link-local 169.254.0.0/16 (the cloud metadata service 169.254.169.254 serves the nodes' join tokens): an ipBlock that includes it must list 169.254.0.0/16 (or a range around it) in except",
    ]);
    expect(admit(objects, policy([{}]))[0]).toMatch(/^every egress rule of a tenant NetworkPolicy must list its destinations/);
  });

  it('admits the internet with link-local excepted, public and private blocks outside it, pods and namespaces', () => {
    const admitted: [string, Obj][] = [
      ['the internet minus link-local', toBlock('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'])],
      ['the internet minus a range around link-local', toBlock('0.0.0.0/0', ['128.0.0.0/1'])],
      ['a /8 minus link-local', toBlock('169.0.0.0/8', ['169.254.0.0/16'])],
      ['a public address', toBlock('8.8.8.8/32')],
      ['the neighbours of link-local', toBlock('169.253.0.0/16')],
      ['the other neighbour', toBlock('169.255.0.0/16')],
      ['a private range', toBlock('10.0.0.0/8')],
      ['an IPv6 block', toBlock('2001:db8::/32')],
      ['IPv6 everywhere (an IPv4 packet never matches it)', toBlock('::/0')],
      ['pods and namespaces', policy([{ to: [{ podSelector: { matchLabels: { app: 'db' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }] }])],
      ['no egress rules (deny all)', policy([])],
      ['ingress only', { ...policy(undefined), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } }],
    ];
    for (const [what, object] of admitted) expect(admit(objects, object), what).toEqual([]);
  });

  it('admits every NetworkPolicy the platform itself puts in tenant namespaces', () => {
    const chart = Testing.chart();
    new Tenant(chart, 'team-a', { name: 'team-a', size: 'small', group: 'team-a-admins', nodePorts: 4, loadBalancers: 1 });
    new TenantMail(chart, 'mail', {
      tenant: 'team-a',
      domain: DOMAIN,
      image: 'docker.io/stalwartlabs/stalwart:v0.16.25',
      publicService: { nodePorts: { smtp: 30000, submissions: 30001, submission: 30002, imaps: 30003 }, proxyTrustedNetworks: ['10.0.0.0/16'], loadBalancerAnnotations: {} },
    });
    new TenantIdentity(chart, 'idm', { tenant: 'team-a', domain: DOMAIN, image: 'docker.io/kanidm/server:1.8.5', trustedProxyCidrs: ['10.42.0.0/16'] });
    new KustomizeApp(chart, 'web', { tenant: 'team-a', name: 'web', image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898, domain: `team-a.${DOMAIN}` });
    const policies = (Testing.synth(chart) as Obj[]).filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(5);
    expect(policies.some((p) => JSON.stringify(p).includes('0.0.0.0/0'))).toBe(true);
    for (const p of policies) expect(admit(objects, p), p.metadata.name).toEqual([]);
  });
});
