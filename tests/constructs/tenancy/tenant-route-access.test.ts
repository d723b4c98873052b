import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantRouteAccess } from '../../../constructs/tenancy';
import { schemaErrors, schemasAvailable } from './schema-validation';

describe('TenantRouteAccess', () => {
  const chart = Testing.chart();
  new TenantRouteAccess(chart, 'access');
  const objects = Testing.synth(chart);

  it('aggregates HTTPRoute rights, and nothing else, into the admin role tenants hold', () => {
    expect(objects).toHaveLength(1);
    const [role] = objects;
    expect(role).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'tenant-gateway-routes', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } } });
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
