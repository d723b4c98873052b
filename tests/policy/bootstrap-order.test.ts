import { describe, expect, it } from 'vitest';
import { bootstrapFindings, simulateBootstrap, type BootstrapProblem } from '../../policy/bootstrap-order';
import type { ClusterRender, FluxKustomizationStep, HelmReleaseStep, JsonObject, RenderedObject } from '../../render/types';

// ---------------------------------------------------------------------------------------------
// Small ClusterRender builders

function obj(apiVersion: string, kind: string, namespace: string | undefined, name: string, rest: JsonObject = {}): JsonObject {
  return { apiVersion, kind, metadata: namespace ? { name, namespace } : { name }, ...rest };
}
const ns = (name: string) => obj('v1', 'Namespace', undefined, name);
const crd = (group: string, kind: string, plural: string) =>
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, `${plural}.${group}`, { spec: { group, names: { kind, plural }, scope: 'Namespaced' } });
const hrObject = (namespace: string, name: string) => obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', namespace, name);
const cnpgCluster = (namespace: string, name: string, spec: JsonObject = {}) => obj('postgresql.cnpg.io/v1', 'Cluster', namespace, name, { spec: { instances: 1, ...spec } });

/** A Deployment whose one container reads `env` and mounts `volumes`. */
function deployment(namespace: string, name: string, pod: { env?: JsonObject[]; envFrom?: JsonObject[]; volumes?: JsonObject[]; serviceAccountName?: string; imagePullSecrets?: JsonObject[] } = {}): JsonObject {
  const { env, envFrom, volumes, ...podRest } = pod;
  return obj('apps/v1', 'Deployment', namespace, name, {
    spec: { template: { spec: { ...podRest, containers: [{ name, image: `${name}:1.0.0`, ...(env ? { env } : {}), ...(envFrom ? { envFrom } : {}) }], ...(volumes ? { volumes } : {}) } } },
  });
}
const secretEnv = (secretName: string, optional?: boolean): JsonObject => ({ name: 'X', valueFrom: { secretKeyRef: { name: secretName, key: 'k', ...(optional === undefined ? {} : { optional }) } } });

function ks(name: string, objects: JsonObject[], opts: { dependsOn?: string[]; wait?: boolean; healthChecks?: FluxKustomizationStep['healthChecks'] } = {}): FluxKustomizationStep {
  return {
    name,
    namespace: 'flux-system',
    dependsOn: (opts.dependsOn ?? []).map((d) => ({ name: d, namespace: 'flux-system' })),
    wait: opts.wait ?? false,
    healthChecks: opts.healthChecks ?? [],
    path: `./gitops/clusters/dev/${name}`,
    objects: objects.map((o): RenderedObject => ({ object: o, origin: { file: `gitops/clusters/dev/${name}/objects.yaml`, kustomization: name } })),
  };
}

function hr(id: string, kustomization: string, objects: JsonObject[], opts: { wait?: boolean; dependsOn?: string[]; targetNamespace?: string } = {}): HelmReleaseStep {
  const [namespace, name] = id.split('/') as [string, string];
  return {
    name,
    namespace,
    targetNamespace: opts.targetNamespace ?? namespace,
    kustomization,
    dependsOn: (opts.dependsOn ?? []).map((d) => {
      const [n, m] = d.split('/') as [string, string];
      return { namespace: n, name: m };
    }),
    wait: opts.wait ?? true,
    chart: { name, version: '1.0.0', source: `HelmRepository flux-system/${name}` },
    values: {},
    objects: objects.map((o): RenderedObject => ({ object: o, origin: { file: `helm:${id} templates/${String(o.kind).toLowerCase()}.yaml`, kustomization, release: id } })),
  };
}

function cluster(kustomizations: readonly FluxKustomizationStep[], releases: readonly HelmReleaseStep[], bootstrapInputs: ClusterRender['bootstrapInputs'] = []): ClusterRender {
  return { cluster: 'dev', kubernetesVersion: '1.34.1', kustomizations, releases, bootstrapInputs };
}

/** The CloudNativePG operator chart: its CRD, ServiceAccount and Deployment. */
function cnpgRelease(kustomization: string, opts: { wait?: boolean } = {}): HelmReleaseStep {
  return hr('cnpg-system/cnpg', kustomization, [
    crd('postgresql.cnpg.io', 'Cluster', 'clusters'),
    obj('v1', 'ServiceAccount', 'cnpg-system', 'cnpg'),
    deployment('cnpg-system', 'cnpg', { serviceAccountName: 'cnpg' }),
  ], opts);
}

const kinds = (problems: readonly BootstrapProblem[]) => problems.map((p) => p.kind);

// ---------------------------------------------------------------------------------------------

describe('simulateBootstrap', () => {
  it('a healthy three-layer cluster has no problems and becomes Ready layer by layer', () => {
    const render = cluster([
      ks('infra-controllers', [ns('cnpg-system'), hrObject('cnpg-system', 'cnpg')], { wait: true }),
      ks('infra-configs', [ns('db'), cnpgCluster('db', 'app-db')], { dependsOn: ['infra-controllers'], wait: true }),
      ks('apps', [deployment('db', 'app', { env: [secretEnv('app-db-app')] })], { dependsOn: ['infra-configs'], wait: true }),
    ], [cnpgRelease('infra-controllers')]);
    const { order, problems } = simulateBootstrap(render);
    expect(problems).toEqual([]);
    expect(order).toEqual(['cnpg-system/cnpg', 'infra-controllers', 'infra-configs', 'apps']);
    expect(bootstrapFindings(render)).toEqual([]);
  });

  describe('the Keycloak deadlock', () => {
    // infra-operators installs CNPG (so its CRD is there before infra-controllers applies anything);
    // infra-controllers waits for Keycloak, whose Deployment needs the Secret CNPG makes for a
    // Cluster that infra-configs applies, and infra-configs dependsOn infra-controllers.
    const keycloak = (clusterIn: 'infra-controllers' | 'infra-configs', opts: { ksWait?: boolean; hrWait?: boolean } = {}) => {
      const db = cnpgCluster('keycloak', 'keycloak-db');
      return cluster([
        ks('infra-operators', [ns('cnpg-system'), hrObject('cnpg-system', 'cnpg')], { wait: true }),
        ks('infra-controllers', [ns('keycloak'), hrObject('keycloak', 'keycloak'), ...(clusterIn === 'infra-controllers' ? [db] : [])], { dependsOn: ['infra-operators'], wait: opts.ksWait ?? true }),
        ks('infra-configs', clusterIn === 'infra-configs' ? [db] : [], { dependsOn: ['infra-controllers'], wait: true }),
      ], [
        cnpgRelease('infra-operators'),
        hr('keycloak/keycloak', 'infra-controllers', [deployment('keycloak', 'keycloak', { env: [secretEnv('keycloak-db-app')] })], { wait: opts.hrWait ?? true }),
      ]);
    };

    it('is reported with its chain', () => {
      const render = keycloak('infra-configs');
      const { order, problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['deadlock']);
      const [deadlock] = problems;
      const chain = 'keycloak/keycloak (HelmRelease in infra-controllers, waits) needs Secret keycloak/keycloak-db-app <- Cluster keycloak/keycloak-db (infra-configs) <- infra-configs dependsOn infra-controllers <- infra-controllers waits for keycloak/keycloak';
      expect(deadlock!.message).toContain(chain);
      expect(deadlock!.chain.join(' <- ')).toBe(chain);
      expect(deadlock!.step).toBe('keycloak/keycloak');
      expect(deadlock!.object?.object.kind).toBe('Deployment');
      // Only the operator layer gets Ready; everything after the loop is stuck.
      expect(order).toEqual(['cnpg-system/cnpg', 'infra-operators']);
      const findings = bootstrapFindings(render);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ rule: 'render-bootstrap', resource: 'dev:helm keycloak/keycloak:Deployment/keycloak/keycloak' });
      expect(findings[0]!.file).toBeUndefined(); // chart output is no repository file
      expect(findings[0]!.message).toContain(chain);
    });

    it('goes away when the Cluster moves into the waiting layer', () => {
      const { order, problems } = simulateBootstrap(keycloak('infra-controllers'));
      expect(problems).toEqual([]);
      expect(order).toEqual(['cnpg-system/cnpg', 'infra-operators', 'keycloak/keycloak', 'infra-controllers', 'infra-configs']);
    });

    it('is not a deadlock when the HelmRelease does not wait: the Kustomization waits for the HelmRelease Ready, not the Deployment', () => {
      const { order, problems } = simulateBootstrap(keycloak('infra-configs', { ksWait: true, hrWait: false }));
      expect(problems).toEqual([]);
      expect(order).toEqual(['cnpg-system/cnpg', 'infra-operators', 'keycloak/keycloak', 'infra-controllers', 'infra-configs']);
    });

    it('is not a deadlock when the Kustomization does not wait (Helm waits until infra-configs made the Secret)', () => {
      const { order, problems } = simulateBootstrap(keycloak('infra-configs', { ksWait: false, hrWait: true }));
      expect(problems).toEqual([]);
      expect(order).toEqual(['cnpg-system/cnpg', 'infra-operators', 'infra-controllers', 'infra-configs', 'keycloak/keycloak']);
    });

    it('is a deadlock again when a non-waiting Kustomization health-checks the waiting HelmRelease', () => {
      const render = keycloak('infra-configs', { ksWait: false });
      const withCheck = cluster(render.kustomizations.map((k) => k.name === 'infra-controllers' ? { ...k, healthChecks: [{ kind: 'HelmRelease', name: 'keycloak', namespace: 'keycloak' }] } : k), render.releases);
      const { problems } = simulateBootstrap(withCheck);
      expect(kinds(problems)).toEqual(['deadlock']);
      expect(problems[0]!.message).toContain('infra-controllers waits for keycloak/keycloak');
    });

    it('a plain Deployment in a waiting layer deadlocks the same way', () => {
      const render = cluster([
        ks('infra-operators', [ns('cnpg-system'), hrObject('cnpg-system', 'cnpg')], { wait: true }),
        ks('infra-controllers', [ns('keycloak'), deployment('keycloak', 'keycloak', { volumes: [{ name: 'db', secret: { secretName: 'keycloak-db-app' } }] })], { dependsOn: ['infra-operators'], wait: true }),
        ks('infra-configs', [cnpgCluster('keycloak', 'keycloak-db')], { dependsOn: ['infra-controllers'], wait: true }),
      ], [cnpgRelease('infra-operators')]);
      const { problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['deadlock']);
      expect(problems[0]!.message).toContain('infra-controllers waits for Deployment keycloak/keycloak which needs Secret keycloak/keycloak-db-app <- Cluster keycloak/keycloak-db (infra-configs) <- infra-configs dependsOn infra-controllers');
      expect(bootstrapFindings(render)[0]).toMatchObject({ resource: 'dev:ks infra-controllers:Deployment/keycloak/keycloak', file: 'gitops/clusters/dev/infra-controllers/objects.yaml' });
    });

    it('a Cluster in the same Kustomization as the HelmRelease installing its CRD never applies', () => {
      // Without infra-operators: the dry-run of infra-controllers fails on the Cluster ("no matches
      // for kind"), so the cnpg HelmRelease object is never created and the CRD never comes.
      const render = cluster([
        ks('infra-controllers', [ns('cnpg-system'), ns('keycloak'), hrObject('cnpg-system', 'cnpg'), cnpgCluster('keycloak', 'keycloak-db')], { wait: true }),
      ], [cnpgRelease('infra-controllers')]);
      const { order, problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['deadlock']);
      expect(problems[0]!.message).toContain('infra-controllers applies Cluster keycloak/keycloak-db, a kind whose CRD is not installed <- CRD clusters.postgresql.cnpg.io (cnpg-system/cnpg) <- cnpg-system/cnpg is applied by infra-controllers');
      expect(order).toEqual([]);
    });
  });

  it('a CRD that comes later from a step that does not wait on this one is only a retry', () => {
    const foo = obj('example.com/v1', 'Foo', 'app', 'x');
    const crds = ks('crds', [crd('example.com', 'Foo', 'foos')]);
    const app = ks('app', [ns('app'), foo], { wait: true });
    const fine = simulateBootstrap(cluster([app, crds], []));
    expect(fine.problems).toEqual([]);
    expect(fine.order).toEqual(['crds', 'app']);
    const stuck = simulateBootstrap(cluster([app, { ...crds, dependsOn: [{ name: 'app', namespace: 'flux-system' }] }], []));
    expect(kinds(stuck.problems)).toEqual(['deadlock']);
    expect(stuck.problems[0]!.chain).toEqual(['app applies Foo app/x, a kind whose CRD is not installed', 'CRD foos.example.com (crds)', 'crds dependsOn app']);
  });

  describe('inputs', () => {
    const app = (pod: Parameters<typeof deployment>[2]) => cluster([ks('apps', [ns('app'), deployment('app', 'web', pod)], { wait: true })], []);

    it('a workload needing a Secret listed as a bootstrap input is fine (named, name-less or namespace-less input)', () => {
      const render = app({ envFrom: [{ secretRef: { name: 'creds' } }] });
      for (const input of [{ kind: 'Secret', namespace: 'app', name: 'creds' }, { kind: 'Secret', namespace: 'app' }, { kind: 'Secret', name: 'creds' }]) {
        const { order, problems } = simulateBootstrap({ ...render, bootstrapInputs: [{ ...input, why: 'SOPS secret from SECRETS.md' }] });
        expect(problems).toEqual([]);
        expect(order).toEqual(['apps']);
      }
      expect(kinds(simulateBootstrap({ ...render, bootstrapInputs: [{ kind: 'Secret', namespace: 'other', why: 'elsewhere' }] }).problems)).toEqual(['missing']);
    });

    it('a workload needing a Secret nothing makes is missing, and its waiting step never gets Ready', () => {
      const render = app({ env: [secretEnv('nope')] });
      const { order, problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['missing']);
      expect(problems[0]!.message).toContain('Deployment app/web (apps) needs Secret app/nope');
      expect(problems[0]!.message).toContain('which nothing creates');
      expect(order).toEqual([]);
      expect(bootstrapFindings(render)[0]!.resource).toBe('dev:ks apps:Deployment/app/web');
    });

    it('optional references are ignored', () => {
      const { order, problems } = simulateBootstrap(app({
        env: [secretEnv('a', true), { name: 'Y', valueFrom: { configMapKeyRef: { name: 'b', key: 'k', optional: true } } }],
        envFrom: [{ secretRef: { name: 'c', optional: true } }, { configMapRef: { name: 'd', optional: true } }],
        volumes: [
          { name: 'v1', secret: { secretName: 'e', optional: true } },
          { name: 'v2', configMap: { name: 'f', optional: true } },
          { name: 'v3', projected: { sources: [{ secret: { name: 'g', optional: true } }, { configMap: { name: 'h', optional: true } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
        ],
      }));
      expect(problems).toEqual([]);
      expect(order).toEqual(['apps']);
    });

    it('every kind of reference counts: ConfigMap, ServiceAccount, imagePullSecrets, PVC and StorageClass', () => {
      const render = cluster([ks('apps', [
        ns('app'),
        obj('v1', 'PersistentVolumeClaim', 'app', 'data', { spec: { storageClassName: 'fast' } }),
        deployment('app', 'web', {
          serviceAccountName: 'web',
          imagePullSecrets: [{ name: 'registry' }],
          volumes: [{ name: 'conf', configMap: { name: 'web-conf' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        }),
      ], { wait: true })], []);
      const { problems } = simulateBootstrap(render);
      expect(problems.map((p) => p.chain[0])).toEqual([
        'PersistentVolumeClaim app/data (apps) needs StorageClass fast',
        'Deployment app/web (apps) needs ConfigMap app/web-conf',
        'Deployment app/web (apps) needs Secret app/registry',
        'Deployment app/web (apps) needs ServiceAccount app/web',
      ]);
      expect(kinds(problems)).toEqual(['missing', 'missing', 'missing', 'missing']);
    });

    it('operators make Secrets: Certificate secretName, SealedSecret, CNPG superuser only when enabled', () => {
      const certManager = hr('cert-manager/cert-manager', 'infra-controllers', [
        crd('cert-manager.io', 'Certificate', 'certificates'), crd('cert-manager.io', 'ClusterIssuer', 'clusterissuers'), deployment('cert-manager', 'cert-manager'),
      ]);
      const sealed = hr('kube-system/sealed-secrets', 'infra-controllers', [crd('bitnami.com', 'SealedSecret', 'sealedsecrets'), deployment('kube-system', 'sealed-secrets')]);
      const render = (enableSuperuserAccess: boolean) => cluster([
        ks('infra-controllers', [ns('cert-manager'), ns('cnpg-system'), hrObject('cert-manager', 'cert-manager'), hrObject('kube-system', 'sealed-secrets'), hrObject('cnpg-system', 'cnpg')], { wait: true }),
        ks('infra-configs', [
          ns('app'),
          obj('cert-manager.io/v1', 'ClusterIssuer', undefined, 'letsencrypt', { spec: { acme: { solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token' } } } }] } } }),
          obj('cert-manager.io/v1', 'Certificate', 'app', 'web', { spec: { secretName: 'web-tls', issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } } }),
          obj('bitnami.com/v1alpha1', 'SealedSecret', 'app', 'web-creds'),
          cnpgCluster('app', 'db', { enableSuperuserAccess }),
        ], { dependsOn: ['infra-controllers'], wait: true }),
        ks('apps', [deployment('app', 'web', {
          volumes: [{ name: 'tls', secret: { secretName: 'web-tls' } }, { name: 'su', secret: { secretName: 'db-superuser' } }],
          envFrom: [{ secretRef: { name: 'web-creds' } }],
        })], { dependsOn: ['infra-configs'], wait: true }),
      ], [certManager, sealed, cnpgRelease('infra-controllers')], [{ kind: 'Secret', namespace: 'cert-manager', name: 'cloudflare-api-token', why: 'SOPS' }]);
      const ok = simulateBootstrap(render(true));
      expect(ok.problems).toEqual([]);
      expect(ok.order.slice(-3)).toEqual(['infra-controllers', 'infra-configs', 'apps']);
      const noSuperuser = simulateBootstrap(render(false));
      expect(kinds(noSuperuser.problems)).toEqual(['missing']);
      expect(noSuperuser.problems[0]!.message).toContain('needs Secret app/db-superuser');
    });

    it('a Namespace nothing creates is missing', () => {
      const { problems } = simulateBootstrap(cluster([ks('apps', [deployment('ghost', 'web')], { wait: true })], []));
      expect(kinds(problems)).toEqual(['missing']);
      expect(problems[0]!.message).toContain('apps applies Deployment ghost/web into Namespace ghost, which nothing creates');
    });
  });

  describe('dependsOn', () => {
    it('a cycle is one deadlock with its chain', () => {
      const render = cluster([ks('a', [], { dependsOn: ['b'] }), ks('b', [], { dependsOn: ['a'] }), ks('c', [], { dependsOn: ['a'] })], []);
      const { order, problems } = simulateBootstrap(render);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'deadlock', step: 'a', chain: ['a dependsOn b', 'b dependsOn a'] });
      expect(problems[0]!.message).toContain('dependsOn cycle: a dependsOn b <- b dependsOn a');
      expect(order).toEqual([]);
      expect(bootstrapFindings(render)[0]!.resource).toBe('dev:bootstrap:a');
    });

    it('a parent Kustomization that waits for a child which dependsOn it is a deadlock', () => {
      const child = obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'apps');
      const { order, problems } = simulateBootstrap(cluster([ks('flux-system', [child], { wait: true }), ks('apps', [], { dependsOn: ['flux-system'] })], []));
      expect(kinds(problems)).toEqual(['deadlock']);
      expect(problems[0]!.chain).toEqual(['flux-system waits for apps', 'apps dependsOn flux-system']);
      expect(order).toEqual([]);
      // Without wait the parent is Ready once applied, then the child starts.
      expect(simulateBootstrap(cluster([ks('flux-system', [child]), ks('apps', [], { dependsOn: ['flux-system'] })], [])).order).toEqual(['flux-system', 'apps']);
    });

    it('a HelmRelease cycle and a self-dependency are cycles too', () => {
      const render = cluster([ks('infra', [ns('x'), hrObject('x', 'one'), hrObject('x', 'two'), hrObject('x', 'self')])], [
        hr('x/one', 'infra', [], { dependsOn: ['x/two'] }), hr('x/two', 'infra', [], { dependsOn: ['x/one'] }), hr('x/self', 'infra', [], { dependsOn: ['x/self'] }),
      ]);
      const { order, problems } = simulateBootstrap(render);
      expect(problems.map((p) => p.chain)).toEqual([['x/one dependsOn x/two', 'x/two dependsOn x/one'], ['x/self dependsOn x/self']]);
      expect(order).toEqual(['infra']);
    });

    it('a dependsOn naming a HelmRelease or Kustomization that does not exist is missing', () => {
      const render = cluster([ks('infra', [ns('app'), hrObject('app', 'web')], { dependsOn: ['nope'] })], [hr('app/web', 'infra', [], { dependsOn: ['app/db'] })]);
      const { order, problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['missing', 'missing']);
      expect(problems[0]!.message).toContain('infra dependsOn Kustomization flux-system/nope, which does not exist');
      expect(problems[1]!.message).toContain('app/web dependsOn HelmRelease app/db, which does not exist');
      expect(bootstrapFindings(render).map((f) => f.resource)).toEqual(['dev:bootstrap:infra', 'dev:bootstrap:app/web']);
      expect(order).toEqual([]);
    });
  });

  describe('CRD race', () => {
    const operator = (kustomization: string) => hr('op/operator', kustomization, [crd('example.com', 'Foo', 'foos'), deployment('op', 'operator')]);
    const app = (kustomization: string, dependsOn?: string[]) => hr('app/app', kustomization, [obj('example.com/v1', 'Foo', 'app', 'x'), deployment('app', 'app')], { dependsOn });

    it('a chart whose custom kind comes from an unrelated HelmRelease races it', () => {
      const render = cluster([ks('infra', [ns('op'), ns('app'), hrObject('op', 'operator'), hrObject('app', 'app')], { wait: true })], [operator('infra'), app('infra')]);
      const { problems } = simulateBootstrap(render);
      expect(kinds(problems)).toEqual(['race']);
      expect(problems[0]).toMatchObject({ step: 'app/app', chain: ['app/app installs Foo app/x', 'CRD foos.example.com (op/operator)'] });
      expect(problems[0]!.message).toContain('no matches for kind Foo');
      expect(problems[0]!.message).toContain('add dependsOn op/operator to app/app');
      expect(bootstrapFindings(render)[0]!.resource).toBe('dev:helm app/app:Foo/app/x');
    });

    it('dependsOn, or the operator in an earlier waiting layer, removes it; an earlier layer that does not wait does not', () => {
      const withDep = cluster([ks('infra', [ns('op'), ns('app'), hrObject('op', 'operator'), hrObject('app', 'app')])], [operator('infra'), app('infra', ['op/operator'])]);
      expect(simulateBootstrap(withDep).problems).toEqual([]);
      const layered = (wait: boolean) => cluster([
        ks('operators', [ns('op'), hrObject('op', 'operator')], { wait }),
        ks('apps', [ns('app'), hrObject('app', 'app')], { dependsOn: ['operators'] }),
      ], [operator('operators'), app('apps')]);
      expect(simulateBootstrap(layered(true)).problems).toEqual([]);
      expect(kinds(simulateBootstrap(layered(false)).problems)).toEqual(['race']);
    });
  });
});

describe('servicesNamedIn', () => {
  it('finds cluster DNS names and scheme URLs, not localhost', async () => {
    const { servicesNamedIn } = await import('../../policy/bootstrap-order');
    expect(servicesNamedIn('redis://sessions.auth.svc:6379', 'x')).toEqual([{ name: 'sessions', namespace: 'auth' }]);
    expect(servicesNamedIn('--upstream=http://grafana.monitoring.svc.cluster.local:80', 'x')).toEqual([{ name: 'grafana', namespace: 'monitoring' }]);
    expect(servicesNamedIn('redis://cache:6379', 'apps')).toEqual([{ name: 'cache', namespace: 'apps' }]);
    expect(servicesNamedIn('http://localhost:8080/-/reload', 'x')).toEqual([]);
    expect(servicesNamedIn('https://example.com', 'x')).toEqual([]);
  });
});
