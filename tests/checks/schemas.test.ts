import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaValidator, formatPath, locateSchemaDir, schemaDirAvailable, splitApiVersion, validateManifest } from '../../checks/schemas';
import { deployment, helmRelease, plaintextSecret, sopsSecret } from './fixtures';

const SCHEMAS = locateSchemaDir();
const available = schemaDirAvailable(SCHEMAS);
const skipNote = available ? '' : ` (SKIPPED: no schema folder at ${SCHEMAS})`;

describe('schema lookup', () => {
  it('finds ../shared/schemas beside the repository root, and takes an override', () => {
    expect(SCHEMAS).toBe(resolve(import.meta.dirname, '..', '..', '..', 'shared', 'schemas'));
    expect(locateSchemaDir('/tmp/x')).toBe('/tmp/x');
  });

  it('maps built-in kinds to the v1.31.6 strict folder and CRDs to crds/<group>/', () => {
    const v = new SchemaValidator({ schemaDir: '/s' });
    const k8s = '/s/kubernetes/v1.31.6-standalone-strict';
    expect(v.schemaFileFor('apps/v1', 'Deployment')).toBe(join(k8s, 'deployment-apps-v1.json'));
    expect(v.schemaFileFor('v1', 'Namespace')).toBe(join(k8s, 'namespace-v1.json'));
    expect(v.schemaFileFor('rbac.authorization.k8s.io/v1', 'RoleBinding')).toBe(join(k8s, 'rolebinding-rbac-v1.json'));
    expect(v.schemaFileFor('networking.k8s.io/v1', 'NetworkPolicy')).toBe(join(k8s, 'networkpolicy-networking-v1.json'));
    expect(v.schemaFileFor('helm.toolkit.fluxcd.io/v2', 'HelmRelease')).toBe('/s/crds/helm.toolkit.fluxcd.io/helmrelease_v2.json');
    // Same first label, different groups: only the full group decides.
    expect(v.schemaFileFor('gateway.networking.k8s.io/v1', 'Gateway')).toBe('/s/crds/gateway.networking.k8s.io/gateway_v1.json');
    expect(v.schemaFileFor('networking.istio.io/v1', 'Gateway')).toBe('/s/crds/networking.istio.io/gateway_v1.json');
    expect(new SchemaValidator({ schemaDir: '/s', kubernetesVersion: 'v1.30.10' }).schemaFileFor('v1', 'Secret')).toBe(
      '/s/kubernetes/v1.30.10-standalone-strict/secret-v1.json',
    );
  });

  it('splits apiVersion and renders paths jq-style', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(formatPath([])).toBe('.');
    expect(formatPath(['spec', 'containers', 0, 'image'])).toBe('.spec.containers[0].image');
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('.metadata.labels["app.kubernetes.io/name"]');
  });

  it('reports malformed input and kustomize config without needing a schema', () => {
    const v = new SchemaValidator({ schemaDir: '/nonexistent' });
    expect(v.validate('text').status).toBe('malformed');
    expect(v.validate({ kind: 'Deployment' })).toMatchObject({ status: 'malformed', errors: [{ message: expect.stringContaining('apiVersion') }] });
    expect(v.validate({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' })).toEqual({ status: 'kustomize-config', errors: [] });
  });

  it('returns a distinct no-schema result, an error unless missing schemas are allowed', () => {
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const strict = validateManifest(obj);
    expect(strict.status).toBe('no-schema');
    expect(strict.errors[0]?.message).toMatch(/no schema for example\.com\/v1 Widget \(looked for .*crds\/example\.com\/widget_v1\.json\)/);
    expect(validateManifest(obj, { allowMissingSchema: true })).toMatchObject({ status: 'no-schema', errors: [] });
  });
});

describe.skipIf(!available)(`schema validation${skipNote}`, () => {
  const messages = (obj: unknown): string[] => validateManifest(obj).errors.map((e) => `${e.path}: ${e.message}`);

  it('accepts a valid Deployment', () => {
    expect(validateManifest(deployment())).toMatchObject({ status: 'valid', errors: [] });
  });

  it('rejects an unknown field and names its JSON path', () => {
    const result = validateManifest(deployment({ container: { imagePullPolicyy: 'Always' } }));
    expect(result.status).toBe('invalid');
    expect(messages(deployment({ container: { imagePullPolicyy: 'Always' } }))).toEqual([
      '.spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the schema)',
    ]);
    expect(result.errors[0]?.segments).toEqual(['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicyy']);
  });

  it('rejects a wrong type and a bad int-or-string', () => {
    expect(messages(deployment({ replicas: '3' }))).toEqual(['.spec.replicas: must be integer, got "3"']);
    expect(messages(deployment({ container: { ports: [{ containerPort: '8080' }] } }))).toEqual([
      '.spec.template.spec.containers[0].ports[0].containerPort: must be integer, got "8080"',
    ]);
    const d = deployment();
    (d.spec as Record<string, unknown>).strategy = { rollingUpdate: { maxSurge: true } };
    expect(messages(d)).toEqual(['.spec.strategy.rollingUpdate.maxSurge: must be string or integer, got true']);
  });

  it('accepts a valid Flux HelmRelease v2', () => {
    expect(validateManifest(helmRelease('6.7.1'))).toMatchObject({ status: 'valid' });
  });

  it('rejects an invalid HelmRelease v2, including typos at the (otherwise open) top level and in metadata', () => {
    const hr = helmRelease('6.7.1');
    const spec = hr.spec as Record<string, unknown>;
    spec.interval = '30 minutes';
    spec.chart = { spec: { chart: 'podinfo', sourceRef: { kind: 'GitHub', name: 'podinfo' } } };
    spec.upgrade = { remediation: { retries: 'three' }, cleanupOnFail: true, forceRecreate: true };
    expect(messages({ ...hr, spek: {}, metadata: { name: 'podinfo', namespce: 'apps' } })).toEqual([
      '.metadata.namespce: unknown field (not in the schema)',
      '.spec.chart.spec.sourceRef.kind: must be one of "HelmRepository", "GitRepository", "Bucket"; got "GitHub"',
      '.spec.interval: must match ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$, got "30 minutes"',
      '.spec.upgrade.forceRecreate: unknown field (not in the schema)',
      '.spec.upgrade.remediation.retries: must be integer, got "three"',
      '.spek: unknown field (not in the schema)',
    ]);
  });

  it('validates a SOPS-encrypted Secret with the sops key ignored, and still checks plaintext data as base64', () => {
    expect(validateManifest(sopsSecret())).toMatchObject({ status: 'valid' });
    expect(validateManifest(plaintextSecret())).toMatchObject({ status: 'valid' });
    expect(messages({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'not base64!' } })).toEqual([
      '.data.password: must be a valid "byte", got "not base64!"',
    ]);
    // A `sops` key that is not SOPS metadata is just an unknown field.
    expect(messages({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, sops: 'yes' })).toEqual(['.sops: unknown field (not in the schema)']);
  });

  it('reads format: duration as a Go duration (30s), not ISO 8601', () => {
    const collector = (scrapeInterval: string): object => ({
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: { name: 'otel', namespace: 'observability' },
      spec: {
        config: { receivers: { otlp: {} }, exporters: { debug: {} }, service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['debug'] } } } },
        targetAllocator: { prometheusCR: { scrapeInterval } },
      },
    });
    expect(messages(collector('30s'))).toEqual([]);
    expect(messages(collector('PT30S'))).toEqual(['.spec.targetAllocator.prometheusCR.scrapeInterval: must be a valid "duration", got "PT30S"']);
  });

  it('compiles each schema once: 500 Deployments validate in well under a second', () => {
    validateManifest(deployment());
    const started = performance.now();
    for (let i = 0; i < 500; i++) expect(validateManifest(deployment({ replicas: i })).status).toBe('valid');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
