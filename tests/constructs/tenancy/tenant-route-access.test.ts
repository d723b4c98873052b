import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantAdminRole, TenantRouteAccess } from '../../../constructs/tenancy';
import { schemaErrors, schemasAvailable } from './schema-validation';

describe('TenantRouteAccess', () => {
  const chart = Testing.chart();
  new TenantRouteAccess(chart, 'access');
  const objects = Testing.synth(chart);

  it('aggregates HTTPRoute rights, and nothing else, into the tenant-admin role tenants hold', () => {
    expect(objects).toHaveLength(1);
    const [role] = objects;
    expect(role).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'tenant-gateway-routes', labels: { 'platform.cheapk8s.io/aggregate-to-tenant-admin': 'true' } } });
    expect(role.rules).toEqual([
      {
        apiGroups: ['gateway.networking.k8s.io'],
        resources: ['httproutes'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
      },
    ]);
    // Never the Gateways themselves, nor any wildcard.
    expect(JSON.stringify(role.rules)).not.toMatch(/"\*"|gateways"|referencegrants/);
  });

  it.skipIf(!schemasAvailable)('is a valid ClusterRole', () => {
    expect(schemaErrors(objects)).toEqual([]);
  });
});

describe('TenantAdminRole', () => {
  const chart = Testing.chart();
  new TenantAdminRole(chart, 'role');
  const objects = Testing.synth(chart);

  it('is aggregated from explicit rules without NetworkPolicy, quota or limit writes', () => {
    const role = objects.find((o) => o.metadata.name === 'tenant-admin')!;
    expect(role.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'platform.cheapk8s.io/aggregate-to-tenant-admin': 'true' } }] });
    const rules = objects.filter((o) => o.metadata.labels?.['platform.cheapk8s.io/aggregate-to-tenant-admin'] === 'true').flatMap((o) => o.rules);
    const writes = rules.filter((r: any) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['networkpolicies']));
    expect(writes.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['resourcequotas']));
    expect(writes.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['limitranges']));
    expect(rules.flatMap((r: any) => r.verbs)).not.toEqual(expect.arrayContaining(['bind']));
    expect(rules.flatMap((r: any) => r.verbs)).not.toEqual(expect.arrayContaining(['escalate']));
    expect(rules.flatMap((r: any) => r.verbs)).not.toEqual(expect.arrayContaining(['*']));
  });
});
