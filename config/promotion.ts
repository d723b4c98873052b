import type { Problem } from './problems';
import { joinPath } from './problems';
import type { ResolvedCluster } from './schema';

/**
 * Version pins and promotion between environments. A pin is a version-carrying field of a cluster
 * layer: a component's chart version, a company application's version, a tenant app's chart version
 * or image, k3s, the OKE Kubernetes version and the per-tenant service images. An environment with `promotesFrom: <env>`
 * may run only versions that environment runs (or older ones it has moved on from): rule
 * promotion-ahead. `npm run promote -- <from> <to>` writes what <from> runs into <to>'s file.
 */

/** One pin of a resolved cluster. */
export interface Pin {
  /** Path in a cluster layer, e.g. ['components', 'loki', 'version']. */
  readonly path: readonly string[];
  readonly value: string;
  /** The cluster runs it: the component is enabled, OKE for kubernetesVersion, and so on. */
  readonly inUse: boolean;
}

/** The dotted key of a pin path (component and app names hold no dots). */
export const pinKey = (path: readonly string[]): string => path.join('.');

/** Every pin of a resolved cluster, by key, in a stable order. */
export function clusterPins(cluster: ResolvedCluster): Map<string, Pin> {
  const pins: Pin[] = [];
  pins.push({ path: ['kubernetesVersion'], value: cluster.kubernetesVersion, inUse: cluster.provider === 'oci-oke' });
  if (cluster.vps) pins.push({ path: ['vps', 'k3sVersion'], value: cluster.vps.k3sVersion, inUse: cluster.provider !== 'oci-oke' });
  for (const [name, component] of Object.entries(cluster.components)) {
    if (component) pins.push({ path: ['components', name, 'version'], value: component.version, inUse: component.enabled });
  }
  for (const [name, application] of Object.entries(cluster.applications ?? {})) {
    if (application) pins.push({ path: ['applications', name, 'version'], value: application.version, inUse: application.enabled });
  }
  for (const [name, service] of Object.entries(cluster.tenantServices)) pins.push({ path: ['tenantServices', name, 'image'], value: service.image, inUse: true });
  for (const [name, app] of Object.entries(cluster.apps)) {
    if (app.chart) pins.push({ path: ['apps', name, 'chart', 'version'], value: app.chart.version, inUse: true });
    if (app.image) pins.push({ path: ['apps', name, 'image'], value: app.image, inUse: true });
  }
  return new Map(pins.map((p) => [pinKey(p.path), p]));
}

/** The versions an environment has for one pin: the ones its clusters run, else the ones they only pin. */
export interface EnvironmentVersions {
  readonly path: readonly string[];
  /** Sorted. */
  readonly values: readonly string[];
  /** true: some cluster runs these; false: no cluster runs the pin, these are only pinned. */
  readonly run: boolean;
}

/** Per pin key, the versions the clusters of an environment run (or pin, where none runs it). */
export function environmentVersions(clusters: readonly ResolvedCluster[]): Map<string, EnvironmentVersions> {
  const running = new Map<string, { path: readonly string[]; values: Set<string> }>();
  const pinned = new Map<string, { path: readonly string[]; values: Set<string> }>();
  for (const cluster of clusters) {
    for (const [key, pin] of clusterPins(cluster)) {
      for (const target of pin.inUse ? [running, pinned] : [pinned]) {
        const entry = target.get(key) ?? { path: pin.path, values: new Set<string>() };
        entry.values.add(pin.value);
        target.set(key, entry);
      }
    }
  }
  const result = new Map<string, EnvironmentVersions>();
  for (const [key, entry] of pinned) {
    const run = running.get(key);
    result.set(key, { path: entry.path, values: [...(run ?? entry).values].sort(), run: run !== undefined });
  }
  return result;
}

/** Numeric parts of a version or image tag (v1.36.4+k3s1 -> 1,36,4,3,1), or undefined without digits. */
function versionParts(value: string): number[] | undefined {
  const tag = value.includes('/') ? value.slice(value.lastIndexOf(':') + 1) : value;
  const parts = tag.match(/\d+/g);
  return parts ? parts.map(Number) : undefined;
}

/** The image without its tag or digest, so only images of one repository are compared. */
function imageRepository(value: string): string | undefined {
  if (!value.includes('/')) return undefined;
  const bare = value.split('@')[0]!;
  const colon = bare.lastIndexOf(':');
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare;
}

/** Negative when a is older than b; undefined when they cannot be compared (other repositories, no digits). */
export function compareVersions(a: string, b: string): number | undefined {
  if (imageRepository(a) !== imageRepository(b)) return undefined;
  const x = versionParts(a);
  const y = versionParts(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Whether a version may run in an environment promoted from one with `versions`: one of them, or
 * older than one of them (that environment ran it and has moved on). A version it never had and
 * newer than what it runs, or one that cannot be compared, is ahead of it.
 */
export function isPromoted(value: string, versions: EnvironmentVersions): boolean {
  if (versions.values.includes(value)) return true;
  return versions.values.some((v) => {
    const order = compareVersions(value, v);
    return order !== undefined && order < 0;
  });
}

/** An environment as the promotion rules need it. */
export interface PromotionEnvironment {
  readonly name: string;
  readonly file: string;
  readonly promotesFrom?: string;
  /** @default true */
  readonly promotionCheck?: boolean;
  /** Line of a top-level field of the environment's file. */
  readonly lineOf: (field: string) => number | undefined;
  readonly clusters: readonly { readonly name: string; readonly cluster: ResolvedCluster; readonly locate: (path: readonly (string | number)[]) => { file: string; line?: number } }[];
}

/**
 * The promotion rules: promotesFrom names another existing environment and the chain has no
 * cycle (promotes-from); every pin a cluster runs is one the source environment runs, or older
 * (promotion-ahead), unless the environment sets promotionCheck: false.
 */
export function checkPromotions(environments: readonly PromotionEnvironment[]): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(environments.map((e) => [e.name, e]));
  for (const env of environments) {
    if (env.promotesFrom === undefined) continue;
    const at = { file: env.file, line: env.lineOf('promotesFrom'), path: 'promotesFrom', value: env.promotesFrom, rule: 'promotes-from' };
    if (env.promotesFrom === env.name) {
      problems.push({ ...at, message: 'an environment cannot promote from itself' });
      continue;
    }
    const source = byName.get(env.promotesFrom);
    if (!source) {
      problems.push({ ...at, message: `no environment named ${env.promotesFrom}; known: ${[...byName.keys()].sort().join(', ')}` });
      continue;
    }
    const seen = new Set([env.name]);
    for (let next: PromotionEnvironment | undefined = source; next?.promotesFrom !== undefined; next = byName.get(next.promotesFrom)) {
      if (seen.has(next.name)) {
        problems.push({ ...at, message: `the promotion chain loops: ${[...seen, next.name].join(' <- ')}` });
        break;
      }
      seen.add(next.name);
    }
    if (env.promotionCheck === false) continue;
    const versions = environmentVersions(source.clusters.map((c) => c.cluster));
    for (const { name, cluster, locate } of env.clusters) {
      for (const pin of clusterPins(cluster).values()) {
        const theirs = versions.get(pinKey(pin.path));
        if (!pin.inUse || !theirs || isPromoted(pin.value, theirs)) continue;
        const where = locate(pin.path);
        problems.push({
          file: where.file,
          line: where.line,
          path: joinPath(['clusters', name, ...pin.path]),
          value: pin.value,
          rule: 'promotion-ahead',
          message:
            `${env.name} promotes from ${source.name}, which ${theirs.run ? 'runs' : 'pins'} ${theirs.values.join(', ')}, not this version: ` +
            `run it in ${source.name} first and carry it on with npm run promote -- ${source.name} ${env.name} ` +
            `(or set promotionCheck: false in ${env.file})`,
        });
      }
    }
  }
  return problems;
}
