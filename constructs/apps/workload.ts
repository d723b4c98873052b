import { checkPinnedImage } from './image';
import { checkDnsLabel, checkInt, fail } from '../tenancy/validate';

/**
 * Props shared by the workload templates (`KustomizeApp`, `StatefulApp`). The pod they produce
 * meets Pod Security Standards `restricted`: non-root with an explicit uid, no privilege
 * escalation, every capability dropped, the runtime's default seccomp profile, a read-only root
 * filesystem with `emptyDir` volumes where the app must write, no service account token.
 */
export interface AppWorkloadProps {
  /** The tenant whose namespace the app runs in (the namespace has the tenant's name). */
  readonly tenant: string;
  /**
   * App name: `metadata.name` of every object and the `app.kubernetes.io/name` label.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Container image, pinned: a version tag of at least major.minor (`postgres:17.6`) or a
   * `@sha256:` digest. `:latest`, moving tags and untagged images throw.
   */
  readonly image: string;
  /** Number of pods. @default 1 */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the container, as Kubernetes quantities. Each field is
   * defaulted on its own; a request above its limit throws.
   * @default - requests 50m / 64Mi, limits 500m / 256Mi (KustomizeApp);
   *            requests 100m / 256Mi, limits 1 / 1Gi (StatefulApp)
   */
  readonly resources?: WorkloadResources;
  /**
   * HTTP path probed on the app port (`GET`). Without it, the probes open a TCP connection to
   * the port.
   * @default - TCP probes
   */
  readonly healthCheckPath?: string;
  /**
   * uid the container runs as. Must not be 0. Set it to the uid the image expects, e.g. 999 for
   * the official postgres image.
   * @default 65532
   */
  readonly runAsUser?: number;
  /** gid the container runs as. @default - `runAsUser` */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes (`fsGroup`), so the app can write its data volume.
   * @default - `runAsGroup`
   */
  readonly fsGroup?: number;
  /**
   * Mount the root filesystem read-only. Leave it on and list the paths the app writes in
   * `writablePaths`; turn it off only for images that write all over their filesystem.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Absolute paths that get an `emptyDir` volume, writable despite the read-only root filesystem
   * (postgres: `['/tmp', '/var/run/postgresql']`).
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Environment variables by name: a literal string (committed to git: never a secret), or the value
   * of one key of a Secret (`{ secretKeyRef: { name, key } }`) or a ConfigMap
   * (`{ configMapKeyRef: { name, key } }`) in the tenant namespace.
   * @default - none
   */
  readonly env?: Record<string, string | EnvValueFrom>;
  /**
   * Secrets (`{ secretRef: { name } }`) and ConfigMaps (`{ configMapRef: { name } }`) in the tenant
   * namespace whose every key becomes an environment variable, in this order (a later source wins
   * a key; `env` wins over all of them).
   * @default - none
   */
  readonly envFrom?: readonly EnvFromSource[];
}

/** A key of a Secret or ConfigMap in the app's namespace. */
export interface EnvKeyRef {
  /** Name of the Secret or ConfigMap. */
  readonly name: string;
  /** The key whose value the variable gets. */
  readonly key: string;
}

/** An environment variable taken from a Secret or a ConfigMap (exactly one of the two). */
export type EnvValueFrom = { readonly secretKeyRef: EnvKeyRef } | { readonly configMapKeyRef: EnvKeyRef };

/** A Secret or a ConfigMap whose every key becomes an environment variable (exactly one of the two). */
export type EnvFromSource = { readonly secretRef: { readonly name: string } } | { readonly configMapRef: { readonly name: string } };

/** CPU and memory requests and limits; each value a Kubernetes quantity string. */
export interface WorkloadResources {
  /** Guaranteed share, used for scheduling and counted against the tenant quota. */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  /** Hard ceiling: CPU is throttled above it, the container is OOM-killed above the memory. */
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Everything a workload construct needs, validated and defaulted. */
export interface ResolvedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  readonly labels: Record<string, string>;
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  readonly healthCheckPath?: string;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
  /** emptyDir volumes: volume name and mount path. */
  readonly writable: readonly { readonly volume: string; readonly path: string }[];
  /** Sorted by name: a literal value or a Secret/ConfigMap key. */
  readonly env: readonly ({ readonly name: string; readonly value: string } | { readonly name: string; readonly valueFrom: EnvValueFrom })[];
  /** In the order given. */
  readonly envFrom: readonly EnvFromSource[];
}

/** Probe timings shared by every workload: the startup probe allows 150 s before liveness starts. */
export const PROBE_TIMING = {
  readiness: { periodSeconds: 10, failureThreshold: 3 },
  liveness: { periodSeconds: 10, failureThreshold: 3 },
  startup: { periodSeconds: 5, failureThreshold: 30 },
} as const;

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const MEMORY_FACTOR: Record<string, number> = {
  '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OBJECT_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const CONFIG_KEY = /^[-._A-Za-z0-9]+$/;
const MAX_ID = 2147483647;

function parseQuantity(owner: string, prop: string, value: string, kind: 'cpu' | 'memory'): number {
  const match = typeof value === 'string' ? (kind === 'cpu' ? CPU : MEMORY).exec(value) : null;
  if (!match) {
    fail(owner, prop, value, kind === 'cpu' ? 'must be a CPU quantity such as 250m or 1' : 'must be a memory quantity such as 256Mi or 1Gi');
  }
  const amount = Number(match[1]);
  const result = kind === 'cpu' ? (match[2] === 'm' ? amount : amount * 1000) : amount * MEMORY_FACTOR[match[2] ?? '']!;
  if (!(result > 0)) fail(owner, prop, value, 'must be greater than zero');
  return result;
}

function checkObjectName(owner: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !OBJECT_NAME.test(value)) fail(owner, prop, value, 'must be a Secret or ConfigMap name (lower-case DNS subdomain)');
  return value;
}

function volumeName(path: string): string {
  const base = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `rw-${base}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Validates and defaults the shared workload props. `owner` prefixes error messages; `reserved`
 * lists mount paths and volume names the construct itself uses (e.g. a data volume).
 */
export function resolveWorkload(
  owner: string,
  id: string,
  props: AppWorkloadProps & { readonly port: number },
  defaults: { readonly requests: { cpu: string; memory: string }; readonly limits: { cpu: string; memory: string } },
  reserved: { readonly paths?: readonly string[]; readonly volumes?: readonly string[] } = {},
): ResolvedWorkload {
  const name = checkDnsLabel(owner, 'name', props.name ?? id);
  const namespace = checkDnsLabel(owner, 'tenant', props.tenant);
  const image = checkPinnedImage(owner, 'image', props.image);
  const port = checkInt(owner, 'port', props.port, 1, 65535);
  const replicas = checkInt(owner, 'replicas', props.replicas ?? 1, 0, 100);

  const requests = {
    cpu: props.resources?.requests?.cpu ?? defaults.requests.cpu,
    memory: props.resources?.requests?.memory ?? defaults.requests.memory,
  };
  const limits = {
    cpu: props.resources?.limits?.cpu ?? defaults.limits.cpu,
    memory: props.resources?.limits?.memory ?? defaults.limits.memory,
  };
  for (const kind of ['cpu', 'memory'] as const) {
    const request = parseQuantity(owner, `resources.requests.${kind}`, requests[kind], kind);
    const limit = parseQuantity(owner, `resources.limits.${kind}`, limits[kind], kind);
    if (request > limit) {
      fail(owner, `resources.requests.${kind}`, requests[kind], `must not exceed resources.limits.${kind} (${limits[kind]})`);
    }
  }

  if (props.healthCheckPath !== undefined && !/^\/[^\s]*$/.test(props.healthCheckPath)) {
    fail(owner, 'healthCheckPath', props.healthCheckPath, 'must be an absolute HTTP path such as /healthz');
  }

  const runAsUser = checkInt(owner, 'runAsUser', props.runAsUser ?? 65532, 1, MAX_ID);
  const runAsGroup = checkInt(owner, 'runAsGroup', props.runAsGroup ?? runAsUser, 0, MAX_ID);
  const fsGroup = checkInt(owner, 'fsGroup', props.fsGroup ?? runAsGroup, 0, MAX_ID);

  const writable: { volume: string; path: string }[] = [];
  const usedPaths = new Set(reserved.paths ?? []);
  const usedVolumes = new Set(reserved.volumes ?? []);
  for (const path of props.writablePaths ?? ['/tmp']) {
    if (typeof path !== 'string' || !/^\/[A-Za-z0-9._\-/]*$/.test(path) || path === '/' || path.split('/').includes('..')) {
      fail(owner, 'writablePaths', path, 'must hold absolute paths other than "/" without ".."');
    }
    const normalized = path.replace(/\/+$/, '');
    if (usedPaths.has(normalized)) fail(owner, 'writablePaths', path, 'must not repeat a path or use a path the app already mounts');
    usedPaths.add(normalized);
    let volume = volumeName(normalized);
    for (let n = 2; usedVolumes.has(volume); n++) volume = `${volumeName(normalized).slice(0, 59)}-${n}`;
    usedVolumes.add(volume);
    writable.push({ volume, path: normalized });
  }

  const env = Object.entries(props.env ?? {})
    .map(([envName, value]) => {
      if (!ENV_NAME.test(envName)) fail(owner, 'env', envName, 'keys must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)');
      if (typeof value === 'string') return { name: envName, value };
      const kinds = typeof value === 'object' && value !== null ? Object.keys(value) : [];
      const kind = kinds.length === 1 && (kinds[0] === 'secretKeyRef' || kinds[0] === 'configMapKeyRef') ? kinds[0] : undefined;
      if (!kind) fail(owner, `env.${envName}`, value, 'must be a string, { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } }');
      const ref = (value as Record<string, EnvKeyRef>)[kind];
      checkObjectName(owner, `env.${envName}.${kind}.name`, ref?.name);
      if (typeof ref.key !== 'string' || !CONFIG_KEY.test(ref.key)) fail(owner, `env.${envName}.${kind}.key`, ref.key, 'must be a Secret or ConfigMap key ([-._A-Za-z0-9]+)');
      const valueFrom = (kind === 'secretKeyRef' ? { secretKeyRef: { name: ref.name, key: ref.key } } : { configMapKeyRef: { name: ref.name, key: ref.key } }) as EnvValueFrom;
      return { name: envName, valueFrom };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const envFrom = (props.envFrom ?? []).map((source, i): EnvFromSource => {
    const kinds = typeof source === 'object' && source !== null ? Object.keys(source) : [];
    const kind = kinds.length === 1 && (kinds[0] === 'secretRef' || kinds[0] === 'configMapRef') ? kinds[0] : undefined;
    if (!kind) fail(owner, `envFrom[${i}]`, source, 'must be { secretRef: { name } } or { configMapRef: { name } }');
    const sourceName = checkObjectName(owner, `envFrom[${i}].${kind}.name`, (source as Record<string, { name: string }>)[kind]?.name);
    return kind === 'secretRef' ? { secretRef: { name: sourceName } } : { configMapRef: { name: sourceName } };
  });

  return {
    name,
    namespace,
    image,
    port,
    replicas,
    labels: { 'app.kubernetes.io/name': name },
    requests,
    limits,
    healthCheckPath: props.healthCheckPath,
    runAsUser,
    runAsGroup,
    fsGroup,
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    writable,
    env,
    envFrom,
  };
}
