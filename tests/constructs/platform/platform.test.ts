import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { NamespaceNetworkPolicies } from '../../../constructs/platform/namespace-network-policies';
import { PlatformNamespace } from '../../../constructs/platform/platform-namespace';

describe('PlatformNamespace', () => {
  it('enforces restricted by default and cannot be pruned', () => {
    const chart = Testing.chart();
    new PlatformNamespace(chart, 'ns', { name: 'cert-manager' });
    const [ns] = Testing.synth(chart);
    expect(ns!.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns!.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });

  it('records why a namespace is relaxed, and fails without a reason', () => {
    const chart = Testing.chart();
    new PlatformNamespace(chart, 'ns', { name: 'metallb-system', podSecurity: 'privileged', podSecurityReason: 'hostNetwork speakers' });
    const [ns] = Testing.synth(chart);
    expect(ns!.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns!.metadata.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
    expect(ns!.metadata.annotations['platform.cheapk8s.io/pod-security-reason']).toBe('hostNetwork speakers');
    expect(() => new PlatformNamespace(Testing.chart(), 'x', { name: 'a', podSecurity: 'baseline' })).toThrow(/podSecurityReason/);
    expect(() => new PlatformNamespace(Testing.chart(), 'x', { name: 'Bad_Name' })).toThrow(/DNS label/);
  });
});

describe('NamespaceNetworkPolicies', () => {
  it('denies everything, then opens same-namespace, DNS and each named allowance', () => {
    const chart = Testing.chart();
    new NamespaceNetworkPolicies(chart, 'p', {
      namespace: 'vault',
      ingress: [{ name: 'api', peer: { allNamespaces: true }, ports: [{ port: 8200 }] }],
      egress: [{ name: 'apiserver', peer: { cidrs: ['10.0.0.0/8'] }, ports: [{ port: 6443 }] }],
    });
    const policies = Testing.synth(chart);
    expect(policies.map((p) => p.metadata.name)).toEqual(['default-deny', 'allow-same-namespace', 'allow-dns', 'allow-api', 'allow-apiserver']);
    expect(policies[0]!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies[2]!.spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect(policies[3]!.spec.ingress[0]).toEqual({ from: [{ namespaceSelector: {} }], ports: [{ port: 8200, protocol: 'TCP' }] });
    expect(policies[4]!.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.0.0.0/8' } }]);
  });

  it('fails on duplicate rule names and bad ports', () => {
    const rule = { name: 'x', peer: { anywhere: true as const } };
    expect(() => new NamespaceNetworkPolicies(Testing.chart(), 'p', { namespace: 'a', ingress: [rule], egress: [rule] })).toThrow(/two network policies/);
    expect(() => new NamespaceNetworkPolicies(Testing.chart(), 'p', { namespace: 'a', ingress: [{ ...rule, ports: [{ port: 0 }] }] })).toThrow(/1-65535/);
  });
});
