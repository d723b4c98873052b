import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Tenant, TENANT_QUOTAS, TENANT_SIZES, type TenantProps, type TenantSize } from '../../../constructs/tenancy';
import { schemaErrors, schemasAvailable, SKIP_MESSAGE } from './schema-validation';

type Manifest = Record<string, any>;

function synth(props: Partial<TenantProps> = {}): Manifest[] {
  const chart = Testing.chart();
  new Tenant(chart, 'tenant', { name: 'team-a', size: 'small', group: 'team-a-admins', ...props });
  return Testing.synth(chart) as Manifest[];
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
}

const policies = (manifests: Manifest[]) => manifests.filter((m) => m.kind === 'NetworkPolicy');

describe('Tenant', () => {
  const manifests = synth();

  it('creates exactly the expected objects, all explicitly named in the tenant namespace', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/team-a',
      'ResourceQuota/tenant-quota',
      'LimitRange/tenant-limits',
      'RoleBinding/tenant-admins',
      'ServiceAccount/team-a-reconciler',
      'RoleBinding/team-a-reconciler',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/allow-same-namespace',
      'NetworkPolicy/allow-from-ingress',
      'NetworkPolicy/allow-from-monitoring',
    ]);
    for (const m of manifests.filter((m) => m.kind !== 'Namespace')) expect(m.metadata.namespace).toBe('team-a');
  });

  it('labels the namespace for Pod Security Admission restricted and protects it from pruning', () => {
    const ns = find(manifests, 'Namespace', 'team-a');
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}-version`]).toBe('latest');
    }
    expect(ns.metadata.labels['toolkit.fluxcd.io/tenant']).toBe('team-a');
    expect(ns.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });

  it('pins the Pod Security version when asked', () => {
    const ns = find(synth({ podSecurityVersion: 'v1.31' }), 'Namespace', 'team-a');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.31');
  });

  it.each(TENANT_SIZES)('sets the %s quota and limit range from the size table', (size: TenantSize) => {
    const out = synth({ size });
    const table = TENANT_QUOTAS[size];
    expect(find(out, 'ResourceQuota', 'tenant-quota').spec.hard).toEqual({
      'requests.cpu': table.requests.cpu,
      'requests.memory': table.requests.memory,
      'limits.cpu': table.limits.cpu,
      'limits.memory': table.limits.memory,
      pods: String(table.pods),
      persistentvolumeclaims: String(table.persistentVolumeClaims),
      'requests.storage': table.storage,
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    expect(find(out, 'LimitRange', 'tenant-limits').spec.limits).toEqual([
      {
        type: 'Container',
        defaultRequest: table.containerDefaultRequest,
        default: table.containerDefaultLimit,
        max: table.containerMax,
      },
      { type: 'PersistentVolumeClaim', max: { storage: table.storage } },
    ]);
  });

  it('keeps the documented numbers per size, growing with the size', () => {
    expect(TENANT_QUOTAS.small).toMatchObject({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' }, pods: 20, storage: '20Gi' });
    expect(TENANT_QUOTAS.medium).toMatchObject({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' }, pods: 40, storage: '50Gi' });
    expect(TENANT_QUOTAS.large).toMatchObject({ requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' }, pods: 80, storage: '200Gi' });
  });

  it('allows LoadBalancer Services only when asked (a tenant service with an address of its own)', () => {
    expect(find(manifests, 'ResourceQuota', 'tenant-quota').spec.hard['services.loadbalancers']).toBe('0');
    const hard = find(synth({ loadBalancers: 1 }), 'ResourceQuota', 'tenant-quota').spec.hard;
    expect(hard['services.loadbalancers']).toBe('1');
    expect(hard['services.nodeports']).toBe('0');
  });

  it('allows node ports only when asked (the public mail ports behind a tenant load balancer)', () => {
    expect(find(manifests, 'ResourceQuota', 'tenant-quota').spec.hard['services.nodeports']).toBe('0');
    const hard = find(synth({ nodePorts: 4 }), 'ResourceQuota', 'tenant-quota').spec.hard;
    expect(hard['services.nodeports']).toBe('4');
    expect(hard['services.loadbalancers']).toBe('0');
  });

  it('binds the group to the tenant-admin ClusterRole (admin without NetworkPolicy writes) in the namespace only', () => {
    const rb = find(manifests, 'RoleBinding', 'tenant-admins');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenant-admin' });
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-admins' }]);
    expect(manifests.some((m) => m.kind === 'ClusterRoleBinding')).toBe(false);
  });

  it('creates the Flux reconciler ServiceAccount, bound to tenant-admin in the namespace', () => {
    const sa = find(manifests, 'ServiceAccount', 'team-a-reconciler');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(Tenant.reconcilerName('team-a')).toBe('team-a-reconciler');
    const rb = find(manifests, 'RoleBinding', 'team-a-reconciler');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenant-admin' });
    expect(rb.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'team-a-reconciler', namespace: 'team-a' }]);
  });

  it('exposes the namespace, reconciler and quota for the apps', () => {
    const chart = Testing.chart();
    const tenant = new Tenant(chart, 't', { name: 'team-b', size: 'large', group: 'g' });
    expect(tenant.namespaceName).toBe('team-b');
    expect(tenant.reconcilerServiceAccountName).toBe('team-b-reconciler');
    expect(tenant.quota).toBe(TENANT_QUOTAS.large);
  });

  describe('network policies', () => {
    it('denies all ingress and egress by default', () => {
      const deny = find(manifests, 'NetworkPolicy', 'default-deny');
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] });
    });

    it('allows DNS to kube-dns in kube-system on UDP and TCP 53', () => {
      const dns = find(manifests, 'NetworkPolicy', 'allow-dns').spec;
      expect(dns.podSelector).toEqual({});
      expect(dns.policyTypes).toEqual(['Egress']);
      expect(dns.ingress).toBeUndefined();
      expect(dns.egress).toEqual([
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ]);
    });

    it('allows traffic within the namespace, both ways', () => {
      const same = find(manifests, 'NetworkPolicy', 'allow-same-namespace').spec;
      expect(same.podSelector).toEqual({});
      expect([...same.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
      // A bare podSelector peer (no namespaceSelector) means "pods of this namespace".
      expect(same.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [] }]);
      expect(same.egress).toEqual([{ to: [{ podSelector: {} }], ports: [] }]);
    });

    it.each([
      ['allow-from-ingress', 'envoy-gateway-system'],
      ['allow-from-monitoring', 'monitoring'],
    ])('%s admits every pod of namespace %s', (policy, namespace) => {
      const spec = find(manifests, 'NetworkPolicy', policy).spec;
      expect(spec.policyTypes).toEqual(['Ingress']);
      expect(spec.egress).toBeUndefined();
      expect(spec.ingress).toEqual([
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: {} }], ports: [] },
      ]);
    });

    it('takes the ingress and monitoring namespaces as props', () => {
      const out = synth({ ingressNamespace: 'ingress-nginx', monitoringNamespace: 'observability' });
      const from = (name: string) => find(out, 'NetworkPolicy', name).spec.ingress[0].from[0].namespaceSelector.matchLabels;
      expect(from('allow-from-ingress')).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
      expect(from('allow-from-monitoring')).toEqual({ 'kubernetes.io/metadata.name': 'observability' });
    });

    it('selects every pod of the namespace in every policy, and allows nothing else', () => {
      for (const policy of policies(manifests)) expect(policy.spec.podSelector).toEqual({});
      const egressPeers = policies(manifests).flatMap((p) => (p.spec.egress ?? []).flatMap((rule: any) => rule.to));
      // No ipBlock: the internet and other namespaces stay unreachable.
      expect(egressPeers.every((peer: any) => peer.ipBlock === undefined)).toBe(true);
    });
  });

  it('is deterministic', () => {
    expect(synth()).toEqual(synth());
  });

  describe('validation', () => {
    it.each<[Partial<TenantProps>, RegExp]>([
      [{ size: 'huge' as TenantSize }, /Tenant tenant: size must be one of small, medium, large, got "huge"/],
      [{ name: 'Team_A' }, /Tenant tenant: name must be a DNS label.*got "Team_A"/],
      [{ name: 'a'.repeat(53) }, /name must be a DNS label of at most 52 characters/],
      [{ group: '' }, /Tenant tenant: group must be a non-empty group name.*got ""/],
      [{ group: ' admins' }, /group must be a non-empty group name without surrounding spaces, got " admins"/],
      [{ group: 'system:authenticated' }, /group must not be a Kubernetes system group.*got "system:authenticated"/],
      [{ name: 'kube-public' }, /Tenant tenant: name must not be a system namespace.*got "kube-public"/],
      [{ name: 'flux-system' }, /name must not be a system namespace.*got "flux-system"/],
      [{ podSecurityVersion: '1.31' }, /podSecurityVersion must be "latest" or a Kubernetes minor version.*got "1.31"/],
      [{ ingressNamespace: 'Bad NS' }, /ingressNamespace must be a DNS label.*got "Bad NS"/],
      [{ monitoringNamespace: '' }, /monitoringNamespace must be a DNS label.*got ""/],
      [{ loadBalancers: 3 }, /Tenant tenant: loadBalancers must be an integer from 0 to 2, got 3/],
      [{ nodePorts: 9 }, /Tenant tenant: nodePorts must be an integer from 0 to 8, got 9/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest is valid against the strict Kubernetes 1.31 schemas', () => {
    for (const size of TENANT_SIZES) expect(schemaErrors(synth({ size }))).toEqual([]);
    // The validator is strict: an unknown field is an error.
    const bad = { ...find(manifests, 'ResourceQuota', 'tenant-quota'), spec: { hard: {}, bogus: true } };
    expect(schemaErrors([bad]).join('\n')).toMatch(/ResourceQuota\/tenant-quota: \/spec must NOT have additional properties/);
  });
  it.runIf(!schemasAvailable)('schema validation skipped', () => {
    console.warn(SKIP_MESSAGE);
  });
});
