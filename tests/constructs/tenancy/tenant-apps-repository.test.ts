import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Tenant, TenantAppsRepository } from '../../../constructs/tenancy';

describe('TenantAppsRepository (handoff to an applications repository)', () => {
  const chart = Testing.chart();
  new Tenant(chart, 'team-a', { name: 'team-a', size: 'small', group: 'team-a-admins' });
  new TenantAppsRepository(chart, 'apps', { tenant: 'team-a', url: 'https://github.com/example/team-a-apps.git', branch: 'main', path: './deploy' });
  const objects = Testing.synth(chart);

  it('runs the tenant Kustomization as the tenant service account with targetNamespace set, after the platform infra', () => {
    const kustomization = objects.find((o) => o.kind === 'Kustomization')!;
    expect(kustomization.metadata).toEqual({ name: 'team-a-apps', namespace: 'team-a' });
    expect(kustomization.spec).toMatchObject({
      serviceAccountName: 'team-a-reconciler',
      targetNamespace: 'team-a',
      sourceRef: { kind: 'GitRepository', name: 'team-a-apps' },
      path: './deploy',
      dependsOn: [{ name: 'infra-services', namespace: 'flux-system' }],
    });
    const source = objects.find((o) => o.kind === 'GitRepository')!;
    expect(source).toMatchObject({ metadata: { namespace: 'team-a' }, spec: { url: 'https://github.com/example/team-a-apps.git', ref: { branch: 'main' } } });
  });

  it('binds that service account only inside the tenant namespace (a RoleBinding, never a ClusterRoleBinding)', () => {
    expect(objects.some((o) => o.kind === 'ClusterRoleBinding')).toBe(false);
    const bindings = objects.filter((o) => o.kind === 'RoleBinding' && o.subjects?.some((s: any) => s.kind === 'ServiceAccount' && s.name === 'team-a-reconciler'));
    expect(bindings).toHaveLength(1);
    expect(bindings[0]!.metadata.namespace).toBe('team-a');
    expect(bindings[0]!.subjects[0].namespace).toBe('team-a');
  });

  it('refuses paths that climb out and non-repository URLs', () => {
    expect(() => new TenantAppsRepository(Testing.chart(), 'x', { tenant: 'team-a', url: 'https://x/y.git', branch: 'main', path: './../other' })).toThrow(/path/);
    expect(() => new TenantAppsRepository(Testing.chart(), 'y', { tenant: 'team-a', url: 'file:///etc', branch: 'main', path: './' })).toThrow(/url/);
  });
});
