import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBuiltInModels, createObjectSchemaValidator, schemaFindings, type ObjectSchemaValidator } from '../../policy/object-schemas';
import type { ClusterRender, RenderedObject } from '../../render/types';

type Json = Record<string, unknown>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The kubeconform-style CRD schemas next to the repository (present where CI runs). */
const SHARED_CRDS = join(repoRoot, '..', 'shared', 'schemas', 'crds');

const builtIns = createObjectSchemaValidator({ crds: [] });

function deployment(edit: (d: Json & { spec: Json & { template: { metadata: Json; spec: Json & { containers: Json[] } } } }) => void = () => {}): Json {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'example.com/note': 'x' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'ghcr.io/example/web:1.2.3',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
              livenessProbe: { tcpSocket: { port: 8080 } },
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
  edit(d);
  return d;
}

function paths(result: ReturnType<ObjectSchemaValidator['validate']>): string[] {
  return result.errors.map((e) => e.path);
}

describe('built-in kinds (kubernetes-models, Kubernetes 1.34)', () => {
  it('accepts a valid Deployment', () => {
    expect(builtIns.validate(deployment())).toEqual({ status: 'valid', errors: [] });
  });

  it('rejects replicas: "many" at .spec.replicas', () => {
    const r = builtIns.validate(deployment((d) => (d.spec.replicas = 'many')));
    expect(r.status).toBe('invalid');
    expect(r.errors).toEqual([{ path: '.spec.replicas', message: 'must be integer, got "many"' }]);
  });

  it('rejects metadata.lables as an unknown field, suggesting labels', () => {
    const r = builtIns.validate(deployment((d) => ((d.metadata as Json).lables = { a: 'b' })));
    expect(r.status).toBe('invalid');
    expect(r.errors).toEqual([{ path: '.metadata.lables', message: 'unknown field (did you mean "labels"?)' }]);
  });

  it('rejects an unknown container field with its path, and unknown fields at any depth', () => {
    const r = builtIns.validate(
      deployment((d) => {
        d.spec.template.spec.containers[0]!.foo = 1;
        (d.spec.template.spec.securityContext as Json).runAsNonroot = true;
        (d.spec.template.metadata as Json).annotation = {};
        d.spek = {};
      }),
    );
    expect(r.status).toBe('invalid');
    expect(paths(r)).toEqual(['.spec.template.metadata.annotation', '.spec.template.spec.containers[0].foo', '.spec.template.spec.securityContext.runAsNonroot', '.spek']);
    expect(r.errors.every((e) => e.message.startsWith('unknown field'))).toBe(true);
  });

  it('reports type, enum and unknown-field errors together', () => {
    const r = builtIns.validate(
      deployment((d) => {
        d.spec.template.spec.containers[0]!.imagePullPolicy = 'Sometimes';
        d.spec.template.spec.containers[0]!.ports = [{ containerPort: '8080' }];
      }),
    );
    expect(r.errors).toEqual([
      { path: '.spec.template.spec.containers[0].imagePullPolicy', message: 'must be one of "Always", "IfNotPresent", "Never"; got "Sometimes"' },
      { path: '.spec.template.spec.containers[0].ports[0].containerPort', message: 'must be integer, got "8080"' },
    ]);
  });

  it('accepts nulls anywhere (the API server reads them as unset)', () => {
    const d = deployment((d) => {
      (d.metadata as Json).annotations = null;
      d.spec.replicas = null;
      (d.spec.template.metadata as Json).annotations = { 'example.com/x': null };
      d.spec.template.spec.tolerations = null;
      d.spec.template.spec.containers[0]!.env = [{ name: 'A', value: null }];
    });
    expect(builtIns.validate(d)).toEqual({ status: 'valid', errors: [] });
  });

  it('accepts a ConfigMap with arbitrary data keys (maps are not models)', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'config.yaml': 'a: 1', ANY_KEY: 'x', 'with/slash': 'y' }, binaryData: { 'b.bin': 'AAEC' } };
    expect(builtIns.validate(cm).status).toBe('valid');
  });

  it('takes a Service targetPort as a name or a number (IntOrString), nothing else', () => {
    const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort }] } });
    expect(builtIns.validate(svc('http')).status).toBe('valid');
    expect(builtIns.validate(svc(8080)).status).toBe('valid');
    expect(builtIns.validate(svc(true)).errors).toEqual([{ path: '.spec.ports[0].targetPort', message: 'must be string or integer, got true' }]);
  });

  it('keeps label keys with dots and slashes readable in paths', () => {
    const r = builtIns.validate(deployment((d) => ((d.metadata as Json).labels = { 'app.kubernetes.io/name': 7 })));
    expect(r.errors).toEqual([{ path: '.metadata.labels["app.kubernetes.io/name"]', message: 'must be string, got 7' }]);
  });

  it('does not look into free-form fields (RawExtension, JSON, FieldsV1)', () => {
    const crd = widgetCrd();
    (crd.metadata as Json).managedFields = [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:anything': {} } } }];
    expect(builtIns.validate(crd)).toEqual({ status: 'valid', errors: [] });
    const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { spec: { whatever: true } } };
    expect(builtIns.validate(revision).status).toBe('valid');
  });

  it('checks a CustomResourceDefinition object itself (JSONSchemaProps, recursively)', () => {
    const crd = widgetCrd();
    const props = ((((crd.spec as Json).versions as Json[])[0]!.schema as Json).openAPIV3Schema as Json).properties as Json;
    (props.spec as Json).x_kubernetes_preserve_unknown_fields = true;
    const r = builtIns.validate(crd);
    expect(r.errors).toEqual([{ path: '.spec.versions[0].schema.openAPIV3Schema.properties.spec.x_kubernetes_preserve_unknown_fields', message: 'unknown field' }]);
  });

  it('ignores the sops block and encrypted values of a SOPS file (Flux decrypts before applying)', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { key: 'ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]' }, sops: { mac: 'ENC[...]', age: [] } };
    expect(builtIns.validate(secret).status).toBe('valid');
    expect(builtIns.validate({ ...secret, sops: undefined, data: { key: 'not base64!' } }).errors).toEqual([
      { path: '.data.key', message: 'must be a valid byte, got "not base64!"' },
      { path: '.sops', message: 'unknown field' },
    ]);
  });

  it('says no-schema for API versions a 1.34 API server does not serve, and for kinds it does not have', () => {
    const ingress = { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } };
    expect(builtIns.validate(ingress)).toEqual({ status: 'no-schema', errors: [{ path: '.', message: expect.stringContaining('not served by a Kubernetes 1.34 API server') }] });
    expect(builtIns.validate({ apiVersion: 'v1', kind: 'Container', metadata: { name: 'c' } }).status).toBe('no-schema');
    expect(builtIns.validate({ apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: 'c' }, spec: { devices: { requests: [] } } }).status).toBe('valid');
  });

  it('requires apiVersion and kind', () => {
    expect(builtIns.validate({ metadata: { name: 'x' } })).toEqual({
      status: 'invalid',
      errors: [
        { path: '.', message: 'missing required field "apiVersion"' },
        { path: '.', message: 'missing required field "kind"' },
      ],
    });
  });

  it('reads every served kind\'s model and loads every compiled validator of kubernetes-models', () => {
    const stats = checkBuiltInModels();
    expect(stats.kinds).toBeGreaterThan(90);
    expect(stats.models).toBeGreaterThan(400);
    expect(stats.validators).toBeGreaterThan(900);
  });
});

function widgetCrd(options: { served?: boolean; resourceVersion?: string } = {}): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}) },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'integer', format: 'int32', minimum: 1 },
                    colour: { type: 'string', enum: ['red', 'blue'], format: 'some-format-nobody-knows' },
                    port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                    schedule: { type: 'string', format: 'duration' },
                    config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { mode: { type: 'string' } } },
                    labels: { type: 'object', additionalProperties: { type: 'string' } },
                    parts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
                    template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
                    note: { type: 'string', nullable: true },
                  },
                  'x-kubernetes-validations': [{ rule: 'self.size < 100', message: 'CEL is not evaluated' }],
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
        { name: 'v2', served: options.served ?? false, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };
}

function widget(spec: Json, extra: Json = {}): Json {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec, ...extra };
}

describe('custom kinds (CRD openAPIV3Schema under structural-schema semantics)', () => {
  const v = createObjectSchemaValidator({ crds: [widgetCrd()] });

  it('accepts a valid object, preserve-unknown-fields subtrees, maps, int-or-string both ways, nulls', () => {
    const ok = widget({
      size: 3,
      colour: 'red',
      port: 'http',
      schedule: '1h30m',
      config: { mode: 'a', anything: { deeply: ['nested'] } },
      labels: { 'a/b': 'c' },
      parts: [{ name: 'x' }],
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { whatever: 1 } },
      note: null,
    });
    expect(v.validate(ok)).toEqual({ status: 'valid', errors: [] });
    expect(v.validate(widget({ size: 3, port: 8080, colour: null })).status).toBe('valid');
  });

  it('reports type, enum, required, minimum and int-or-string errors with paths', () => {
    const r = v.validate(widget({ size: 'big', colour: 'green', port: true }));
    expect(r.status).toBe('invalid');
    expect(r.errors).toEqual([
      { path: '.spec.colour', message: 'must be one of "red", "blue"; got "green"' },
      { path: '.spec.port', message: 'must be integer or string, got true' },
      { path: '.spec.size', message: 'must be integer, got "big"' },
    ]);
    expect(v.validate(widget({ size: 0 })).errors).toEqual([{ path: '.spec.size', message: 'must be >= 1, got 0' }]);
    expect(v.validate(widget({})).errors).toEqual([{ path: '.spec', message: 'missing required field "size"' }]);
    expect(v.validate(widget({ size: 1, schedule: 'P1D' })).errors).toEqual([{ path: '.spec.schedule', message: 'must be a valid duration, got "P1D"' }]);
  });

  it('rejects unknown fields where the schema has properties and does not preserve unknown fields', () => {
    const r = v.validate(widget({ size: 1, colur: 'red', parts: [{ name: 'x', nmae: 'y' }], template: { apiVersion: 'v1', kind: 'Pod', metadata: { lables: {} } } }, { spek: {} }));
    expect(r.errors).toEqual([
      { path: '.spec.colur', message: 'unknown field (did you mean "colour"?)' },
      { path: '.spec.parts[0].nmae', message: 'unknown field (did you mean "name"?)' },
      { path: '.spec.template.metadata.lables', message: 'unknown field (did you mean "labels"?)' },
      { path: '.spek', message: 'unknown field (did you mean "spec"?)' },
    ]);
  });

  it('checks metadata as strict ObjectMeta and requires apiVersion/kind', () => {
    const r = v.validate({ ...widget({ size: 1 }), metadata: { name: 'w', lables: { a: 'b' }, labels: { a: 1 } } });
    expect(r.errors).toEqual([
      { path: '.metadata.labels.a', message: 'must be string, got 1' },
      { path: '.metadata.lables', message: 'unknown field (did you mean "labels"?)' },
    ]);
  });

  it('says no-schema for a version the CRD does not serve, and for unknown groups', () => {
    expect(v.validate({ ...widget({ size: 1 }), apiVersion: 'example.com/v2' })).toEqual({
      status: 'no-schema',
      errors: [{ path: '.', message: 'CustomResourceDefinition widgets.example.com does not serve v2 (served: v1)' }],
    });
    expect(createObjectSchemaValidator({ crds: [widgetCrd({ served: true })] }).validate({ ...widget({ anything: 1 }), apiVersion: 'example.com/v2' }).status).toBe('valid');
    expect(v.validate({ apiVersion: 'unknown.example.org/v1', kind: 'Gadget', metadata: { name: 'g' } }).status).toBe('no-schema');
  });

  it('shares compiled schemas between validators of the same CRD, and tells changed CRDs apart', () => {
    const again = createObjectSchemaValidator({ crds: [widgetCrd()] });
    expect(again.validate(widget({ size: 'big' })).errors).toEqual([{ path: '.spec.size', message: 'must be integer, got "big"' }]);
    const changed = widgetCrd();
    (((((changed.spec as Json).versions as Json[])[0]!.schema as Json).openAPIV3Schema as Json).properties as Json).spec = { type: 'object', properties: { size: { type: 'string' } } };
    expect(createObjectSchemaValidator({ crds: [changed] }).validate(widget({ size: 'big' })).status).toBe('valid');
  });
});

describe.runIf(existsSync(SHARED_CRDS))('fallback schemas (../shared/schemas/crds) for kinds no CRD object defines', () => {
  const v = createObjectSchemaValidator({ crds: [], fallbackCrdSchemaDir: SHARED_CRDS });
  const helmRelease = (spec: Json, extra: Json = {}): Json => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'apps' }, spec, ...extra });
  const chart = { spec: { chart: 'podinfo', version: '6.9.2', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } };

  it('accepts a valid HelmRelease with free-form values', () => {
    expect(v.validate(helmRelease({ interval: '30m', chart, values: { replicaCount: 2, anything: { goes: [1, 'a'] } }, install: { remediation: { retries: 3 } } }))).toEqual({ status: 'valid', errors: [] });
  });

  it('rejects unknown fields at the top, in metadata and deep in spec, and wrong types', () => {
    const r = v.validate(helmRelease({ interval: '30m', chart: { spec: { ...chart.spec, verison: '1' } }, maxHistory: 'ten' }, { spek: {}, metadata: { name: 'p', lables: {} } }));
    expect(r.status).toBe('invalid');
    expect(r.errors).toEqual([
      { path: '.metadata.lables', message: 'unknown field (did you mean "labels"?)' },
      { path: '.spec.chart.spec.verison', message: 'unknown field (did you mean "version"?)' },
      { path: '.spec.maxHistory', message: 'must be integer, got "ten"' },
      { path: '.spek', message: 'unknown field (did you mean "spec"?)' },
    ]);
  });

  it('is not used for a kind some CRD object defines', () => {
    const crd = widgetCrd();
    const spec = crd.spec as Json;
    spec.group = 'helm.toolkit.fluxcd.io';
    spec.names = { kind: 'HelmRelease', plural: 'helmreleases' };
    const withCrd = createObjectSchemaValidator({ crds: [crd], fallbackCrdSchemaDir: SHARED_CRDS });
    expect(withCrd.validate(helmRelease({ interval: '30m', chart })).status).toBe('no-schema');
  });

  it('is not used when not given', () => {
    expect(builtIns.validate(helmRelease({ interval: '30m', chart })).status).toBe('no-schema');
  });
});

describe('schemaFindings', () => {
  const obj = (object: Json, file: string, kustomization = 'apps', release?: string): RenderedObject => ({ object, origin: { file, kustomization, ...(release ? { release } : {}) } });
  const manyErrors = deployment((d) => {
    for (let i = 0; i < 7; i++) d.spec.template.spec.containers[0]![`foo${i}`] = i;
  });
  (manyErrors.metadata as Json).name = 'noisy';
  const render: ClusterRender = {
    cluster: 'dev',
    kubernetesVersion: '1.34.1',
    bootstrapInputs: [],
    kustomizations: [
      {
        name: 'apps',
        namespace: 'flux-system',
        dependsOn: [],
        wait: true,
        healthChecks: [],
        path: './gitops/apps/dev',
        objects: [
          obj(deployment(), 'gitops/apps/dev/web.yaml'),
          obj(deployment((d) => (d.spec.replicas = 'many')), 'gitops/apps/dev/web.yaml'),
          obj(manyErrors, 'gitops/apps/dev/noisy.yaml'),
          obj({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: [] }] }, 'gitops/apps/dev/rbac.yaml'),
          obj(widget({ size: 'big' }), 'gitops/apps/dev/widget.yaml'),
          obj({ apiVersion: 'unknown.example.org/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'ns' } }, 'gitops/apps/dev/gadget.yaml'),
        ],
      },
    ],
    releases: [
      {
        name: 'widgets',
        namespace: 'flux-system',
        targetNamespace: 'widgets',
        kustomization: 'infrastructure',
        dependsOn: [],
        wait: true,
        chart: { name: 'widgets', version: '1.0.0', source: 'HelmRepository/flux-system/example' },
        values: {},
        objects: [
          obj(widgetCrd(), 'helm:flux-system/widgets crds/widgets.yaml', 'infrastructure', 'flux-system/widgets'),
          obj(widget({ size: 2, colur: 'red' }), 'helm:flux-system/widgets templates/widget.yaml', 'infrastructure', 'flux-system/widgets'),
        ],
      },
    ],
  };

  it('reports invalid objects (one finding each, errors grouped) and objects without a schema', () => {
    const findings = schemaFindings(render, { fallbackCrdSchemaDir: null });
    expect(findings).toEqual([
      {
        rule: 'render-schema',
        resource: 'dev:ks apps:Deployment/shop/web',
        file: 'gitops/apps/dev/web.yaml',
        message: 'Deployment shop/web (gitops/apps/dev/web.yaml): .spec.replicas: must be integer, got "many"',
      },
      {
        rule: 'render-schema',
        resource: 'dev:ks apps:Deployment/shop/noisy',
        file: 'gitops/apps/dev/noisy.yaml',
        message:
          'Deployment shop/noisy (gitops/apps/dev/noisy.yaml): .spec.template.spec.containers[0].foo0: unknown field; .spec.template.spec.containers[0].foo1: unknown field; .spec.template.spec.containers[0].foo2: unknown field; .spec.template.spec.containers[0].foo3: unknown field; .spec.template.spec.containers[0].foo4: unknown field; and 2 more',
      },
      {
        rule: 'render-schema',
        resource: 'dev:ks apps:Widget/ns/w',
        file: 'gitops/apps/dev/widget.yaml',
        message: 'Widget ns/w (gitops/apps/dev/widget.yaml): .spec.size: must be integer, got "big"',
      },
      {
        rule: 'render-no-schema',
        resource: 'dev:ks apps:Gadget/ns/g',
        file: 'gitops/apps/dev/gadget.yaml',
        message: 'Gadget ns/g (gitops/apps/dev/gadget.yaml): no schema for unknown.example.org/v1 Gadget: not a built-in kind of Kubernetes 1.34 and no CustomResourceDefinition defines it',
      },
      {
        rule: 'render-schema',
        resource: 'dev:helm flux-system/widgets:Widget/ns/w',
        message: 'Widget ns/w (helm:flux-system/widgets templates/widget.yaml): .spec.colur: unknown field (did you mean "colour"?)',
      },
    ]);
  });

  it('uses the CRDs of the render only: without them the custom kinds have no schema', () => {
    const withoutCrd: ClusterRender = { ...render, releases: [{ ...render.releases[0]!, objects: render.releases[0]!.objects.slice(1) }] };
    const rules = schemaFindings(withoutCrd, { fallbackCrdSchemaDir: null }).filter((f) => f.resource.includes('Widget')).map((f) => f.rule);
    expect(rules).toEqual(['render-no-schema', 'render-no-schema']);
  });
});
