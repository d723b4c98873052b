import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops, type GitopsFiles } from '../../charts/index';
import { expectedSecrets } from '../../charts/secrets';
import { loadPlatform, type Cluster, type Platform } from '../../config/load';
import { layerViolations, RELEASES, type ReleaseName } from '../../config/platform-releases';
import { ENVIRONMENTS } from '../support/environments';
import { kustomize, parseDocs, treePath, writeTree, type Obj } from './helpers';

/**
 * First bootstrap of every shipped cluster, read from the synthesized tree: the Flux Kustomizations
 * of a cluster wait for each other (`dependsOn`, `wait: true`), and Helm waits for the pods of each
 * release. A release whose pods need an object (a Secret, a Service, a route) that only a later
 * layer creates can never become ready, and the later layer never runs: a deadlock. Each test
 * here failed on the tree before infra-services existed (Keycloak, OAuth2-Proxy and Vault were in
 * infra-controllers; prod's Dex had no connector).
 */

/** Where an object the releases refer to comes from. */
interface Producer {
  /** The Flux Kustomization that applies it (or the object it is made from). */
  readonly layer: string;
  /**
   * `object`: applied as is, so usable by a release of the same Kustomization (Flux applies the
   * objects before helm-controller installs); `operator`: made by a controller from a custom
   * resource (CloudNativePG, the Redis operator, cert-manager), only dependable from a later layer;
   * `release`: a Service some HelmRelease of that namespace installs.
   */
  readonly via: 'object' | 'operator' | 'release';
  readonly what: string;
}

/** One object a HelmRelease's values make its pods depend on. */
interface Reference {
  readonly kind: 'Secret' | 'Service' | 'Route';
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
}

interface ClusterModel {
  /** Flux Kustomization name -> the names it depends on, transitively. */
  readonly waitsFor: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every object applied, with the Kustomization that applies it. */
  readonly applied: readonly { layer: string; obj: Obj }[];
  readonly producers: ReadonlyMap<string, Producer>;
}

const refKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Folders a kustomization.yaml pulls in (resources that are folders), recursively, as tree paths. */
function foldersOf(root: string, dir: string, seen = new Set<string>()): Set<string> {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const file = join(root, dir, 'kustomization.yaml');
  if (!existsSync(file)) return seen;
  for (const resource of (parse(readFileSync(file, 'utf8')).resources ?? []) as string[]) {
    const path = posix.normalize(posix.join(dir, resource));
    if (!/\.ya?ml$/.test(path)) foldersOf(root, path, seen);
  }
  return seen;
}

/** The Secrets, Services and routes a HelmRelease's values point its pods at. */
function references(release: Obj): Reference[] {
  const namespace = release.metadata.namespace!;
  const out: Reference[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      // Charts that take env or volumes as a YAML string (keycloakx `extraEnv`).
      if (/secretKeyRef|_HOST\b/.test(value)) {
        try {
          const parsed = parse(value);
          if (typeof parsed === 'object') walk(parsed, `${path}(yaml)`);
        } catch {
          // Not YAML: a plain string.
        }
      }
      // Grafana's OAuth endpoints (grafana.ini auth.generic_oauth token_url, api_url) are called when
      // someone signs in, not at start: Grafana becomes ready without them.
      if (/\.auth\.generic_oauth\.(token_url|api_url|auth_url)$/.test(path)) return;
      for (const m of value.matchAll(/\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\b/g)) {
        out.push({ kind: 'Service', namespace: m[3]!, name: m[1]!, field: path });
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (!isObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (key === 'secretKeyRef' && isObject(inner) && typeof inner.name === 'string' && inner.optional !== true) {
        out.push({ kind: 'Secret', namespace, name: inner.name, field: at });
      } else if (key === 'secretRef' && isObject(inner) && typeof inner.name === 'string' && inner.optional !== true) {
        out.push({ kind: 'Secret', namespace, name: inner.name, field: at });
      } else if (key === 'existingSecret' && typeof inner === 'string' && inner !== '') {
        out.push({ kind: 'Secret', namespace, name: inner, field: at });
      } else if (key === 'secret' && isObject(inner) && typeof inner.secretName === 'string' && inner.optional !== true) {
        out.push({ kind: 'Secret', namespace, name: inner.secretName, field: at });
      } else if (/issuer[-_.]?url$/i.test(key) && typeof inner === 'string' && /^https:\/\//.test(inner)) {
        // The OIDC issuer a client discovers at start (oidc-issuer-url): its public route.
        out.push({ kind: 'Route', namespace: '', name: new URL(inner).hostname, field: at });
      } else if (key === 'name' && typeof inner === 'string' && /_HOST$/.test(inner) && typeof value.value === 'string' && /^[a-z0-9-]+$/.test(value.value)) {
        // A database host as an environment variable: a Service of the release's namespace.
        out.push({ kind: 'Service', namespace, name: value.value, field: `${path}.value` });
      }
      walk(inner, at);
    }
  };
  walk(release.spec?.values ?? {}, 'spec.values');
  return out;
}

/** Builds every Flux Kustomization of a cluster and records who makes which object. */
function modelOf(root: string, cluster: Cluster, files: GitopsFiles): ClusterModel {
  const entry = `clusters/${cluster.name}`;
  const kustomizations = [...parseDocs(files.get(`${entry}/infrastructure.yaml`)!), ...parseDocs(files.get(`${entry}/apps.yaml`)!)];
  const direct = new Map(kustomizations.map((k) => [k.metadata.name, (k.spec.dependsOn ?? []).map((d: { name: string }) => d.name) as string[]]));
  const waitsFor = new Map<string, Set<string>>();
  const closure = (name: string, trail: string[] = []): Set<string> => {
    if (trail.includes(name)) throw new Error(`dependsOn cycle: ${[...trail, name].join(' -> ')}`);
    if (waitsFor.has(name)) return waitsFor.get(name)!;
    const all = new Set<string>();
    for (const dep of direct.get(name) ?? []) {
      all.add(dep);
      for (const d of closure(dep, [...trail, name])) all.add(d);
    }
    waitsFor.set(name, all);
    return all;
  };
  for (const name of direct.keys()) closure(name);

  const applied: { layer: string; obj: Obj }[] = [];
  const producers = new Map<string, Producer>();
  const produce = (key: string, producer: Producer) => {
    if (!producers.has(key)) producers.set(key, producer);
  };
  for (const k of kustomizations) {
    const layer = k.metadata.name;
    const dir = treePath(k.spec.path);
    for (const obj of kustomize(root, dir)) {
      applied.push({ layer, obj });
      const ns = obj.metadata.namespace ?? '';
      const group = obj.apiVersion.split('/')[0];
      if (obj.kind === 'Secret' && obj.apiVersion === 'v1') produce(refKey('Secret', ns, obj.metadata.name), { layer, via: 'object', what: 'Secret' });
      if (obj.kind === 'Service' && obj.apiVersion === 'v1') produce(refKey('Service', ns, obj.metadata.name), { layer, via: 'object', what: 'Service' });
      if (obj.kind === 'Certificate' && group === 'cert-manager.io') {
        produce(refKey('Secret', ns, obj.spec.secretName), { layer, via: 'operator', what: `Certificate ${obj.metadata.name}` });
      }
      if (obj.kind === 'Cluster' && group === 'postgresql.cnpg.io') {
        const what = `CloudNativePG Cluster ${obj.metadata.name}`;
        produce(refKey('Secret', ns, `${obj.metadata.name}-app`), { layer, via: 'operator', what });
        for (const suffix of ['rw', 'ro', 'r']) produce(refKey('Service', ns, `${obj.metadata.name}-${suffix}`), { layer, via: 'operator', what });
      }
      if (obj.kind === 'Redis' && group === 'redis.redis.opstreelabs.in') {
        produce(refKey('Service', ns, obj.metadata.name), { layer, via: 'operator', what: `Redis ${obj.metadata.name}` });
      }
      if (obj.kind === 'HelmRelease') produce(refKey('Release', ns, ''), { layer, via: 'release', what: `HelmRelease ${ns}/${obj.metadata.name}` });
      if (obj.kind === 'HTTPRoute' || obj.kind === 'Ingress') {
        const hosts: string[] = obj.kind === 'HTTPRoute' ? (obj.spec.hostnames ?? []) : (obj.spec.rules ?? []).map((r: { host: string }) => r.host);
        for (const host of hosts) produce(refKey('Route', '', host), { layer, via: 'object', what: `${obj.kind} ${ns}/${obj.metadata.name}` });
      }
    }
    // The SOPS-encrypted Secrets of SECRETS.md, once created, are applied with the secrets folder.
    if (foldersOf(root, dir).has(`${entry}/secrets`)) {
      for (const s of expectedSecrets(cluster)) produce(refKey('Secret', s.namespace, s.name), { layer, via: 'object', what: 'SOPS Secret (SECRETS.md)' });
    }
  }
  return { waitsFor, applied, producers };
}

describe('first bootstrap of the shipped clusters', () => {
  let platform: Platform;
  let files: GitopsFiles;
  const models = new Map<string, ClusterModel>();

  beforeAll(async () => {
    platform = loadPlatform(ENVIRONMENTS);
    files = await buildGitops(platform);
    const root = writeTree(files);
    for (const cluster of platform.clusters) models.set(cluster.name, modelOf(root, cluster, files));
  });

  /** Every reference of every HelmRelease of a cluster, with what makes it and whether the release's layer waits for that. */
  function resolved(cluster: string) {
    const model = models.get(cluster)!;
    return model.applied
      .filter(({ obj }) => obj.kind === 'HelmRelease')
      .flatMap(({ layer, obj }) =>
        references(obj).map((ref) => {
          const producer =
            model.producers.get(refKey(ref.kind, ref.namespace, ref.name)) ?? (ref.kind === 'Service' ? model.producers.get(refKey('Release', ref.namespace, '')) : undefined);
          // A release without Helm's wait is Ready right after its install, so an object an operator
          // makes in its own layer later only delays its pods (the kubelet retries); with the wait
          // it would hold the layer (policy/bootstrap-order.ts models the same).
          const noWait = obj.spec?.install?.disableWait === true;
          const ok =
            producer !== undefined &&
            (model.waitsFor.get(layer)!.has(producer.layer) || (producer.layer === layer && (producer.via !== 'operator' || noWait)));
          return { release: `${obj.metadata.namespace}/${obj.metadata.name}`, layer, ref, producer, ok };
        }),
      );
  }

  const describeRef = (r: ReturnType<typeof resolved>[number]) =>
    `${r.release} (${r.layer}) ${r.ref.field} -> ${r.ref.kind} ${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}: ` +
    (r.producer ? `made by ${r.producer.what} in ${r.producer.layer}` : 'made by nothing in the tree');

  it('chains infra-controllers -> infra-configs -> infra-services -> apps', () => {
    for (const cluster of platform.clusters) {
      const waitsFor = models.get(cluster.name)!.waitsFor;
      expect([...waitsFor.get('apps')!].sort(), cluster.name).toEqual(['infra-configs', 'infra-controllers', 'infra-services']);
      expect([...waitsFor.get('infra-services')!].sort(), cluster.name).toEqual(['infra-configs', 'infra-controllers']);
    }
  });

  it('finds the references the deadlocks came from (so the next test checks something)', () => {
    const keys = (cluster: string) => resolved(cluster).map((r) => `${r.release} ${r.ref.kind} ${r.ref.namespace}/${r.ref.name}`);
    // Keycloak's database login and host, from the CloudNativePG Cluster keycloak-db.
    expect(keys('hcloud-staging')).toContain('keycloak/keycloak Secret keycloak/keycloak-db-app');
    expect(keys('hcloud-staging')).toContain('keycloak/keycloak Service keycloak/keycloak-db-rw');
    // OAuth2-Proxy's session store (a Redis) and its issuer's route.
    for (const cluster of ['hcloud-staging', 'do-prod']) {
      expect(keys(cluster)).toContain('oauth2-proxy/oauth2-proxy Service oauth2-proxy/oauth2-proxy-sessions');
      expect(keys(cluster).some((k) => k.startsWith('oauth2-proxy/oauth2-proxy Route'))).toBe(true);
      // The secrets server's listener certificate (Vault or OpenBao, whichever the cluster runs).
      const server = platform.clusters.find((c) => c.name === cluster)!.components.openbao?.enabled ? 'openbao' : 'vault';
      expect(keys(cluster)).toContain(`${server}/${server} Secret ${server}/vault-tls`);
    }
  });

  it('creates every Secret, Service and route a HelmRelease needs in a layer the release waits for', () => {
    for (const cluster of platform.clusters) {
      const refs = resolved(cluster.name);
      expect(refs.length, cluster.name).toBeGreaterThan(0);
      const bad = refs.filter((r) => !r.ok).map(describeRef);
      expect(bad, `${cluster.name}: these releases could never become ready at first bootstrap`).toEqual([]);
    }
  });

  it('puts Keycloak after its database and OAuth2-Proxy after its session store', () => {
    const layerOf = (cluster: string, kind: string, name: string) => models.get(cluster)!.applied.find(({ obj }) => obj.kind === kind && obj.metadata.name === name)?.layer;
    expect(layerOf('hcloud-staging', 'Cluster', 'keycloak-db')).toBe('infra-configs');
    expect(layerOf('hcloud-staging', 'HelmRelease', 'keycloak')).toBe('infra-services');
    for (const cluster of ['hcloud-staging', 'do-prod']) {
      expect(layerOf(cluster, 'Redis', 'oauth2-proxy-sessions')).toBe('infra-configs');
      expect(layerOf(cluster, 'HelmRelease', 'oauth2-proxy')).toBe('infra-services');
      // The namespaces the configs create their objects in exist before them.
      expect(layerOf(cluster, 'Namespace', 'oauth2-proxy')).toBe('infra-controllers');
    }
    expect(layerOf('hcloud-staging', 'Namespace', 'keycloak')).toBe('infra-controllers');
  });

  it('never lets a HelmRelease depend on one its own layer does not wait for', () => {
    for (const cluster of platform.clusters) {
      const model = models.get(cluster.name)!;
      const layerOfRelease = new Map(
        model.applied.filter(({ obj }) => obj.kind === 'HelmRelease').map(({ layer, obj }) => [`${obj.metadata.namespace}/${obj.metadata.name}`, layer]),
      );
      for (const { layer, obj } of model.applied.filter(({ obj }) => obj.kind === 'HelmRelease')) {
        for (const dep of obj.spec.dependsOn ?? []) {
          const target = layerOfRelease.get(`${dep.namespace ?? obj.metadata.namespace}/${dep.name}`);
          expect(target, `${cluster.name}: ${obj.metadata.name} -> ${dep.name}`).toBeDefined();
          expect(target === layer || model.waitsFor.get(layer)!.has(target!), `${cluster.name}: ${obj.metadata.name} (${layer}) waits for ${dep.name} (${target})`).toBe(true);
        }
      }
    }
    // The same holds for the table itself, in every combination of components.
    expect(layerViolations()).toEqual([]);
    const broken = { ...RELEASES, 'cert-manager': { ...RELEASES['cert-manager'], afterIfEnabled: ['keycloak'] as ReleaseName[] } };
    expect(layerViolations(broken)).toEqual(['cert-manager (infra-controllers) depends on keycloak (infra-services), which is applied after it']);
  });

  it('gives every Dex a connector whose client secret comes from a Secret listed in SECRETS.md', () => {
    let checked = 0;
    for (const cluster of platform.clusters) {
      const dex = models.get(cluster.name)!.applied.find(({ obj }) => obj.kind === 'HelmRelease' && obj.metadata.name === 'dex')?.obj;
      if (!dex) continue;
      checked++;
      const config = dex.spec.values.config;
      // Dex exits with "server: no connectors specified" otherwise.
      expect((config.connectors ?? []).length > 0 || config.enablePasswordDB === true, `${cluster.name}: Dex has no way to sign in`).toBe(true);
      const env = new Map<string, { name: string; key: string }>(
        (dex.spec.values.envVars ?? []).map((e: { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }) => [e.name, e.valueFrom.secretKeyRef]),
      );
      const secretsMd = files.get(`clusters/${cluster.name}/SECRETS.md`)!;
      for (const connector of config.connectors ?? []) {
        const secret = String(connector.config.clientSecret);
        // Dex expands $NAME from its environment; a literal secret would sit in git.
        expect(secret, `${cluster.name} connector ${connector.id}`).toMatch(/^\$[A-Z][A-Z0-9_]*$/);
        const from = env.get(secret.slice(1));
        expect(from, `${cluster.name}: ${secret} is not in Dex's envVars`).toBeDefined();
        expect(secretsMd).toContain(`| dex | ${from!.name} | \`${from!.key}\` |`);
        expect(connector.config.redirectURI).toBe(`${config.issuer}/callback`);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
