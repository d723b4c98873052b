/**
 * Renders one HelmRelease offline as helm-controller would install it: the values merged the way
 * helm-controller merges them (valuesFrom in order, then spec.values; the chart's own defaults are
 * Helm's to merge), then `helm template` of the cached chart with the cluster's Kubernetes version,
 * the API versions of the custom resources that will exist there, and the chart's CRDs. Results are
 * cached on disk by a hash of everything that goes in, so a second run with unchanged inputs runs
 * no helm at all.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from './types';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** helm-controller's merge: maps merge key by key, everything else (lists too) is replaced. */
export function mergeValues(base: JsonObject, overlay: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** Sets `value` at a dotted `targetPath` (helm's `--set` path syntax, without list indexes). */
function atTargetPath(path: string, value: unknown): JsonObject {
  const keys = path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
  let result: unknown = value;
  for (const key of keys.reverse()) result = { [key]: result };
  return result as JsonObject;
}

/**
 * The values a HelmRelease hands to Helm: `spec.valuesFrom` entries in order (each a ConfigMap or
 * Secret among `objects`; `valuesKey` default `values.yaml`; with `targetPath` the raw value goes
 * there), then `spec.values` on top. Returns problems for references it cannot read.
 */
export function releaseValues(release: JsonObject, objects: readonly JsonObject[]): { values: JsonObject; problems: string[] } {
  const spec = isObject(release.spec) ? release.spec : {};
  const ns = String((release.metadata as JsonObject | undefined)?.namespace ?? 'default');
  const problems: string[] = [];
  let values: JsonObject = {};
  for (const ref of Array.isArray(spec.valuesFrom) ? spec.valuesFrom.filter(isObject) : []) {
    const kind = String(ref.kind);
    const source = objects.find((o) => o.kind === kind && (o.metadata as JsonObject | undefined)?.name === ref.name && ((o.metadata as JsonObject | undefined)?.namespace ?? ns) === ns);
    const key = typeof ref.valuesKey === 'string' ? ref.valuesKey : 'values.yaml';
    let text: string | undefined;
    if (source && isObject(source.data) && typeof source.data[key] === 'string') {
      text = kind === 'Secret' ? Buffer.from(source.data[key], 'base64').toString('utf8') : source.data[key];
    } else if (source && isObject(source.stringData) && typeof source.stringData[key] === 'string') {
      text = source.stringData[key];
    }
    if (text === undefined || (source && isObject(source.sops))) {
      if (ref.optional !== true) problems.push(`valuesFrom ${kind} ${ns}/${String(ref.name)} key ${key} cannot be read offline (not in the tree, or SOPS-encrypted)`);
      continue;
    }
    if (typeof ref.targetPath === 'string') {
      values = mergeValues(values, atTargetPath(ref.targetPath, text));
    } else {
      const parsed = parseAllDocuments(text)[0]?.toJS() as unknown;
      if (isObject(parsed)) values = mergeValues(values, parsed);
    }
  }
  if (isObject(spec.values)) values = mergeValues(values, spec.values);
  return { values, problems };
}

/** Helm's release name for a HelmRelease: spec.releaseName, else `[<targetNamespace>-]<name>`. */
export function helmReleaseName(release: JsonObject): string {
  const spec = isObject(release.spec) ? release.spec : {};
  const name = String((release.metadata as JsonObject | undefined)?.name);
  if (typeof spec.releaseName === 'string' && spec.releaseName) return spec.releaseName;
  const full = typeof spec.targetNamespace === 'string' && spec.targetNamespace ? `${spec.targetNamespace}-${name}` : name;
  if (full.length <= 53) return full;
  // helm-controller shortens long names to 40 characters plus a hash.
  return `${full.slice(0, 40)}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}

export interface TemplateInput {
  readonly helm: string;
  readonly helmVersion: string;
  readonly chartArchive: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion: string;
  /** Extra API versions (`group/version` and `group/version/Kind`) beyond helm's built-in set. */
  readonly apiVersions: readonly string[];
  readonly values: JsonObject;
  /** Folder of cached outputs; none caches nothing. */
  readonly cacheDir?: string;
}

export interface TemplateResult {
  /** Documents in order with their `# Source:` template path. */
  readonly documents: { readonly object: JsonObject; readonly source: string }[];
  readonly fromCache: boolean;
}

/** helm's complaint, without its usage text. */
export class HelmTemplateError extends Error {}

const archiveHashes = new Map<string, { stamp: string; hash: string }>();

function archiveHash(file: string): string {
  const st = statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const known = archiveHashes.get(file);
  if (known?.stamp === stamp) return known.hash;
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
  archiveHashes.set(file, { stamp, hash });
  return hash;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** The cache key of a render: every input that can change helm's output. */
export function templateKey(input: TemplateInput): string {
  return createHash('sha256')
    .update(
      canonical({
        helm: input.helmVersion,
        chart: archiveHash(input.chartArchive),
        release: input.releaseName,
        namespace: input.namespace,
        kubeVersion: input.kubeVersion,
        apiVersions: [...input.apiVersions].sort(),
        values: input.values,
      }),
    )
    .digest('hex');
}

function runHelm(helm: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      helm,
      args,
      // No repositories, plugins or registries are read: the archive is local.
      { maxBuffer: 512 * 1024 * 1024, timeout: 300_000, env: { ...process.env, HELM_CONFIG_HOME: join(tmpdir(), 'cheapk8s-helm-config'), HELM_CACHE_HOME: join(tmpdir(), 'cheapk8s-helm-cache') } },
      (error, stdout, stderr) => {
        if (error) reject(new HelmTemplateError((stderr || error.message).replace(/^Error: /m, '').trim()));
        else resolvePromise(stdout);
      },
    );
  });
}

/** Splits `helm template` output into objects with their template path (js-yaml: chart output is MBs of CRDs). */
export function parseHelmOutput(text: string): TemplateResult['documents'] {
  const documents: { object: JsonObject; source: string }[] = [];
  for (const chunk of text.split(/^---\s*$/m)) {
    if (chunk.trim() === '') continue;
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim() ?? '';
    let parsed: unknown[];
    try {
      parsed = loadAll(chunk);
    } catch (error) {
      // js-yaml is stricter than the Go YAML parser helm-controller and the API server use: OpenBao's
      // chart closes a flow sequence (its preStop command) at its key's indentation, which Go's
      // parser and the yaml package accept. Such a chunk is parsed again with the yaml package.
      const documents = parseAllDocuments(chunk);
      if (documents.some((d) => d.errors.length > 0)) {
        throw new HelmTemplateError(`${source || 'helm output'}: ${(error as Error).message.split('\n')[0]}`);
      }
      parsed = documents.map((d) => d.toJS() as unknown);
    }
    for (const object of parsed) if (isObject(object)) documents.push({ object, source });
  }
  return documents;
}

/** `helm template` of one release (or its cached output). */
export async function helmTemplate(input: TemplateInput): Promise<TemplateResult> {
  const key = templateKey(input);
  // The cache holds the parsed documents as JSON: parsing is most of a warm run's cost otherwise.
  const cached = input.cacheDir ? join(input.cacheDir, `${key}.json`) : undefined;
  if (cached && existsSync(cached)) return { documents: JSON.parse(readFileSync(cached, 'utf8')) as TemplateResult['documents'], fromCache: true };
  const scratch = join(tmpdir(), `cheapk8s-values-${process.pid}-${key.slice(0, 16)}.json`);
  writeFileSync(scratch, JSON.stringify(input.values));
  const args = [
    'template',
    input.releaseName,
    input.chartArchive,
    '--namespace',
    input.namespace,
    '--kube-version',
    input.kubeVersion,
    '--include-crds',
    // helm-controller runs no chart tests unless spec.test.enable; test hooks are never applied.
    '--skip-tests',
    '--values',
    scratch,
    ...input.apiVersions.flatMap((v) => ['--api-versions', v]),
  ];
  const out = await runHelm(input.helm, args);
  const documents = parseHelmOutput(out);
  if (cached) {
    mkdirSync(input.cacheDir!, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(documents));
    renameSync(tmp, cached);
  }
  return { documents, fromCache: false };
}
