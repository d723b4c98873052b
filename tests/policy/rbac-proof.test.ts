import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fluxControllerDeployments, lockdownArgs } from '../../constructs/flux/flux-lockdown';
import { Tenant, TenantAdminRole, TenantAppsRepository } from '../../constructs/tenancy';
import { fluxLockdownFindings } from '../../policy/flux-lockdown';
import { RbacModel, rbacProof, ruleAllows, serviceAccountIdentity } from '../../policy/rbac-proof';
import { FLUX_INSTALL_RBAC, KUBERNETES_DEFAULT_ROLES } from '../../policy/data/rbac-defaults';
import type { ClusterRender, JsonObject, RenderedObject } from '../../render/types';

const ROOT = join(__dirname, '..', '..');

function render(objects: JsonObject[], releases: JsonObject[] = []): ClusterRender {
  const wrap = (o: JsonObject): RenderedObject => ({ object: o, origin: { file: 'test.yaml', kustomization: 'apps' } });
  return {
    cluster: 'dev',
    kubernetesVersion: '1.34.1',
    kustomizations: [{ name: 'apps', namespace: 'flux-system', dependsOn: [], wait: true, healthChecks: [], path: './x', objects: objects.map(wrap) }],
    releases: releases.length
      ? [{ name: 'x', namespace: 'x', targetNamespace: 'x', kustomization: 'apps', dependsOn: [], wait: true, chart: { name: 'x', version: '1.0.0', source: 'x' }, values: {}, objects: releases.map(wrap) }]
      : [],
    bootstrapInputs: [],
  };
}

/** A tenant as the constructs write it: namespace, quota, RBAC to tenant-admin, network policies, plus the role. */
function tenantObjects(): JsonObject[] {
  const chart = Testing.chart();
  new Tenant(chart, 'team-a', { name: 'team-a', size: 'small', group: 'team-a-admins' });
  new TenantAppsRepository(chart, 'apps', { tenant: 'team-a', url: 'https://github.com/example/apps.git', branch: 'main', path: './deploy' });
  new TenantAdminRole(chart, 'role');
  return Testing.synth(chart) as JsonObject[];
}

/** The tenant as it was before: its group and reconciler bound to Kubernetes' `admin`. */
function tenantWithAdmin(): JsonObject[] {
  return tenantObjects()
    .filter((o) => !(o.kind === 'ClusterRole'))
    .map((o) => (o.kind === 'RoleBinding' ? { ...o, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' } } : o));
}

/** The controller Deployments with the lockdown arguments added, as the flux-system kustomization's patches do. */
const locked = () =>
  (fluxControllerDeployments() as any[]).map((d) => {
    const container = d.spec.template.spec.containers[0];
    container.args = [...container.args, ...lockdownArgs(d.metadata.name)];
    return d as JsonObject;
  });

const rules = (r: ClusterRender) => rbacProof(r).findings.map((f) => f.message);

describe('RBAC evaluation', () => {
  it('matches verbs, groups, resources, subresources and resourceNames as the authorizer does', () => {
    expect(ruleAllows({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, 'get', '', 'pods')).toBe(true);
    expect(ruleAllows({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, 'get', '', 'pods/log')).toBe(false);
    expect(ruleAllows({ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }, 'get', '', 'pods/log')).toBe(true);
    expect(ruleAllows({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'escalate', 'rbac.authorization.k8s.io', 'clusterroles')).toBe(true);
    expect(ruleAllows({ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'], resourceNames: ['a'] }, 'create', '', 'services/proxy', 'b')).toBe(false);
    expect(ruleAllows({ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'], resourceNames: ['a'] }, 'create', '', 'services/proxy', 'a')).toBe(true);
  });

  it('aggregates ClusterRoles by label to a fixpoint (view -> edit -> admin, flux-edit -> admin)', () => {
    const model = new RbacModel([...KUBERNETES_DEFAULT_ROLES, ...FLUX_INSTALL_RBAC]);
    const admin = model.clusterRoles.get('admin')!.rules;
    expect(admin.some((r) => ruleAllows(r, 'create', 'networking.k8s.io', 'networkpolicies'))).toBe(true); // from edit
    expect(admin.some((r) => ruleAllows(r, 'list', '', 'pods'))).toBe(true); // from view, through edit
    expect(admin.some((r) => ruleAllows(r, 'create', 'kustomize.toolkit.fluxcd.io', 'kustomizations'))).toBe(true); // flux-edit
    expect(admin.some((r) => ruleAllows(r, 'create', '', 'resourcequotas'))).toBe(false);
  });

  it('applies ServiceAccount subjects, their groups, and a RoleBinding only in its namespace', () => {
    const model = new RbacModel([
      ...KUBERNETES_DEFAULT_ROLES,
      { kind: 'RoleBinding', metadata: { name: 'b', namespace: 'x' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:y' }] },
    ]);
    const sa = serviceAccountIdentity('y', 'default');
    expect(model.allows(sa, 'create', '', 'secrets', 'x')).toBeDefined();
    expect(model.allows(sa, 'create', '', 'secrets', 'z')).toBeUndefined();
    expect(model.allows(serviceAccountIdentity('z', 'default'), 'create', '', 'secrets', 'x')).toBeUndefined();
  });

  it('runs the escalation check: binding a ClusterRole needs its rules or `bind`', () => {
    const model = new RbacModel([...KUBERNETES_DEFAULT_ROLES, ...FLUX_INSTALL_RBAC, ...(tenantObjects().filter((o) => String(o.kind).includes('Role')) as never[])]);
    const group = { label: 'group', user: 'u', groups: ['team-a-admins'] };
    expect(model.canBind(group, 'tenant-admin', 'team-a')).toMatchObject({ allowed: true, covered: true });
    expect(model.canBind(group, 'tenant-admin-namespace', 'team-a').allowed).toBe(true);
    expect(model.canBind(group, 'view', 'team-a').allowed).toBe(false); // view reads the retired extensions group, which tenant-admin leaves out
    expect(model.canBind(group, 'admin', 'team-a').allowed).toBe(false); // NetworkPolicy writes
    expect(model.canBind(group, 'cluster-admin', 'team-a').allowed).toBe(false);
  });
});

describe('RBAC proof over a rendered cluster', () => {
  it('fails on the tree as it was: admin for tenants, Flux not locked down', () => {
    const found = rules(render(tenantWithAdmin()));
    expect(found.some((m) => /group team-a-admins can create NetworkPolicies/.test(m))).toBe(true);
    expect(found.some((m) => /a Kustomization without serviceAccountName \(runs as kustomize-controller's own account.*cluster-wide.*cluster-reconciler-flux-system -> ClusterRole cluster-admin/.test(m))).toBe(true);
    expect(found.some((m) => /a HelmRelease without serviceAccountName.*holds escalate on clusterroles/.test(m))).toBe(true);
    expect(found.some((m) => /kustomize-controller is not in the tree.*--no-cross-namespace-refs/.test(m))).toBe(true);
  });

  it('is quiet on a locked-down tenant with tenant-admin', () => {
    const result = rbacProof(render([...tenantObjects(), ...locked()]));
    expect(result.findings).toEqual([]);
    expect(result.identities).toBe(5); // group, default, reconciler, Kustomization and HelmRelease without an account
    expect(result.rulesEvaluated).toBeGreaterThan(1000);
  });

  it('fires on a RoleBinding that grants cluster-admin to a tenant ServiceAccount', () => {
    const hostile = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'oops', namespace: 'team-a' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'team-a-reconciler', namespace: 'team-a' }] };
    const found = rules(render([...tenantObjects(), ...locked(), hostile]));
    expect(found.some((m) => /ServiceAccount team-a\/team-a-reconciler can create NetworkPolicies.*RoleBinding team-a\/oops/.test(m))).toBe(true);
    expect(found.some((m) => /team-a-reconciler holds escalate on clusterroles/.test(m))).toBe(true);
  });

  it('fires on a ClusterRoleBinding (from a chart) that lets every ServiceAccount read Secrets', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }] };
    const found = rules(render([...tenantObjects(), ...locked()], [role, binding]));
    expect(found.some((m) => /ServiceAccount team-a\/default can read Secrets of every namespace through ClusterRoleBinding reader/.test(m))).toBe(true);
  });

  it('fires on a Role in another namespace bound to the tenant group, and on bind rights', () => {
    const other = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'peek', namespace: 'team-b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'team-a-admins' }] };
    const binder = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'binder', labels: { 'platform.cheapk8s.io/aggregate-to-tenant-admin': 'true' } }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }] };
    const found = rules(render([...tenantObjects(), ...locked(), other, binder]));
    expect(found.some((m) => /group team-a-admins can create.*secrets.* in namespace team-b/.test(m))).toBe(true);
    expect(found.some((m) => /group team-a-admins can bind ClusterRole cluster-admin, whose rules it does not hold/.test(m))).toBe(true);
  });

  it('fires on a Kustomization without serviceAccountName before the lockdown, and on a half lockdown', () => {
    const noDefault = locked().map((d) => {
      const spec = (d as any).spec.template.spec;
      return { ...d, spec: { ...(d as any).spec, template: { ...(d as any).spec.template, spec: { ...spec, containers: [{ ...spec.containers[0], args: spec.containers[0].args.filter((a: string) => !a.startsWith('--default-service-account')) }] } } } };
    });
    // Not locked (the Deployments as flux install leaves them): the patches are what adds the arguments.
    const found = rules(render([...tenantObjects(), ...noDefault]));
    expect(found.some((m) => /a Kustomization without serviceAccountName \(runs as kustomize-controller's own account/.test(m))).toBe(true);
  });
});

describe('Flux lockdown judge', () => {
  const hostileKs = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'sneaky', namespace: 'team-a' }, spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' } } };

  it('names a Flux object without serviceAccountName and a cross-namespace source', () => {
    const messages = fluxLockdownFindings(render([...tenantObjects(), ...locked(), hostileKs])).map((f) => f.message);
    expect(messages.some((m) => /Kustomization team-a\/sneaky names no serviceAccountName/.test(m))).toBe(true);
    expect(messages.some((m) => /Kustomization team-a\/sneaky refers to GitRepository flux-system\/flux-system \(spec.sourceRef\) in another namespace/.test(m))).toBe(true);
  });

  it('wants the lockdown arguments on the controllers, and Alerts per namespace', () => {
    const alert = { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'a', namespace: 'flux-system' }, spec: { eventSources: [{ kind: 'HelmRelease', name: '*', namespace: '*' }] } };
    const messages = fluxLockdownFindings(render([alert])).map((f) => f.message);
    expect(messages.filter((m) => /Deployment is not in flux-system/.test(m))).toHaveLength(3);
    expect(messages.some((m) => /Alert flux-system\/a takes events of HelmRelease in namespace \*/.test(m))).toBe(true);
    expect(fluxLockdownFindings(render([...tenantObjects(), ...locked()]))).toEqual([]);
  });
});

describe('the shipped tree', () => {
  const clusters = ['do-prod', 'hcloud-staging', 'oke-dev'];

  it.each(clusters)('%s: kubectl kustomize of flux-system has the lockdown arguments, the root Kustomization its account', (cluster) => {
    const built = execFileSync('kubectl', ['kustomize', join(ROOT, 'gitops', 'clusters', cluster, 'flux-system')], { encoding: 'utf8' });
    const objects = parseAllDocuments(built).map((d) => d.toJSON() as any);
    for (const controller of ['kustomize-controller', 'helm-controller', 'notification-controller']) {
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === controller);
      const args: string[] = deployment.spec.template.spec.containers[0].args;
      for (const arg of lockdownArgs(controller)) expect(args, `${cluster} ${controller}`).toContain(arg);
    }
    const root = objects.find((o) => o.kind === 'Kustomization' && o.metadata.name === 'flux-system');
    expect(root.spec.serviceAccountName).toBe('kustomize-controller');
  });

  it.each(clusters)('%s: every platform Kustomization and HelmRelease names its serviceAccountName', (cluster) => {
    const dir = join(ROOT, 'gitops', 'clusters', cluster);
    const built = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' });
    const layers = parseAllDocuments(built).map((d) => d.toJSON() as any).filter((o) => o.kind === 'Kustomization');
    expect(layers.length).toBeGreaterThanOrEqual(5);
    for (const ks of layers) expect(ks.spec.serviceAccountName, `${cluster} Kustomization ${ks.metadata.name}`).toBe('kustomize-controller');
    for (const layer of ['controllers', 'services']) {
      const out = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', join(dir, 'infrastructure', layer)], { encoding: 'utf8' });
      const objects = parseAllDocuments(out).map((d) => d.toJSON() as any);
      const accounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      for (const hr of objects.filter((o) => o.kind === 'HelmRelease')) {
        expect(hr.spec.serviceAccountName, `${cluster} HelmRelease ${hr.metadata.namespace}/${hr.metadata.name}`).toBe('platform-reconciler');
        if (layer === 'controllers') expect(accounts.has(`${hr.metadata.namespace}/platform-reconciler`), `${cluster} ${hr.metadata.namespace}`).toBe(true);
      }
    }
  });
});

describe('vendored Flux data', () => {
  it('is of the Flux release the clusters install (FLUX_VERSION): a bump fails here until it is rebuilt', async () => {
    const { FLUX_VERSION } = await import('../../charts/readme');
    const { readFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '..', '..');
    expect(existsSync(join(root, 'constructs', 'flux', 'upstream', `flux-${FLUX_VERSION}-controllers.ts`))).toBe(true);
    expect(readFileSync(join(root, 'policy', 'data', 'rbac-defaults.ts'), 'utf8')).toContain(`flux install --version=${FLUX_VERSION} `);
    expect(readFileSync(join(root, 'policy', 'flux-crds', 'README.md'), 'utf8')).toContain(`Flux ${FLUX_VERSION}`);
  });
});
