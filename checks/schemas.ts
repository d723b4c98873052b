/**
 * Offline JSON Schema validation of Kubernetes manifests against the vendored schemas in
 * `../shared/schemas` (see that folder's README for the layout and provenance).
 *
 * - Built-in kinds: `kubernetes/<version>-standalone-strict/<kind>[-<group first label>]-<v>.json`
 *   (every object there already has `additionalProperties: false`).
 * - Custom resources: `crds/<group>/<kind>_<version>.json`. Those schemas leave the top level and
 *   `metadata` open, so before compiling we close the top level and plug in the strict ObjectMeta of
 *   the built-in schemas: a typo such as `spek:` or `metadata.lables` is an error, as it is for
 *   built-in kinds (the API server would silently prune it).
 *
 * Each schema file is read and compiled once per {@link SchemaValidator} and cached.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { goRegExp } from './go-regexp';

/** Kubernetes version whose built-in schemas are used unless told otherwise. */
export const DEFAULT_KUBERNETES_VERSION = 'v1.31.6';

/** API groups served by kube-apiserver itself (1.31); every other group is looked up under `crds/`. */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** Group of kustomize's own config files (`kustomization.yaml`, components): not cluster objects. */
export const KUSTOMIZE_CONFIG_GROUP = 'kustomize.config.k8s.io';

/**
 * The schema folder: `override` when given, else `<repo root>/../shared/schemas`, where the repo
 * root is the parent of this module's folder (`checks/`).
 */
export function locateSchemaDir(override?: string): string {
  if (override !== undefined) return resolve(override);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  return resolve(repoRoot, '..', 'shared', 'schemas');
}

/** True when `dir` looks like a schema folder (has `kubernetes/` or `crds/`). */
export function schemaDirAvailable(dir: string = locateSchemaDir()): boolean {
  return existsSync(join(dir, 'kubernetes')) || existsSync(join(dir, 'crds'));
}

/** One schema violation. `segments` is the path into the object; `path` renders it (`.spec.ports[0].port`). */
export interface ManifestError {
  readonly path: string;
  readonly segments: readonly (string | number)[];
  readonly message: string;
}

/**
 * Outcome of {@link SchemaValidator.validate}. `errors` is empty exactly when the caller has nothing
 * to report: `valid`, or `no-schema` with `allowMissingSchema`.
 * - `no-schema`: no schema file for this apiVersion/kind (`schemaFile` is where it was looked for);
 * - `kustomize-config`: a `kustomize.config.k8s.io` object (kustomization.yaml), not a cluster object;
 * - `malformed`: not a mapping, or no string `apiVersion`/`kind`.
 */
export type ValidationResult =
  | { readonly status: 'valid'; readonly schemaFile: string; readonly errors: readonly [] }
  | { readonly status: 'invalid'; readonly schemaFile: string; readonly errors: readonly ManifestError[] }
  | { readonly status: 'no-schema'; readonly schemaFile: string; readonly errors: readonly ManifestError[] }
  | { readonly status: 'kustomize-config'; readonly errors: readonly [] }
  | { readonly status: 'malformed'; readonly errors: readonly ManifestError[] };

export interface ValidateOptions {
  /** Treat a missing schema as acceptable (`errors` stays empty; `status` is still `no-schema`). */
  readonly allowMissingSchema?: boolean;
}

export interface SchemaValidatorOptions {
  /** Schema folder; defaults to {@link locateSchemaDir}(). */
  readonly schemaDir?: string;
  /** Built-in schema version folder prefix, e.g. `v1.31.6`. */
  readonly kubernetesVersion?: string;
}

/** Splits `apiVersion` into group (empty for the core group) and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Renders path segments jq-style: `.spec.containers[0].image`, `.metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '.';
  return segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

/** Go `time.ParseDuration` syntax (`30s`, `1h30m`, `0`), which Kubernetes' `format: duration` means. */
const GO_DURATION = /^[-+]?(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;

/** Ajv with the formats the vendored schemas use (`date-time`, `byte`, `int32`, `int64`, `double`, `binary`, `ipv4`, `ipv6`, `duration`). */
function createAjv(): Ajv {
  // Patterns are Go regular expressions (a vendored CRD schema starts one with `(?i)`).
  const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false, regExp: goRegExp } });
  // ajv-formats' `duration` is ISO 8601 (`P1D`); Kubernetes means Go durations (`30s`), so it is replaced.
  const formats = ['date-time', 'date', 'time', 'byte', 'int32', 'int64', 'float', 'double', 'binary', 'password', 'ipv4', 'ipv6', 'uri', 'uuid', 'email', 'hostname', 'regex'] as const;
  addFormats(ajv, [...formats]);
  ajv.addFormat('duration', GO_DURATION);
  // Older Kubernetes OpenAPI documents spell IntOrString as a format; the type check is done by oneOf/anyOf.
  ajv.addFormat('int-or-string', true);
  return ajv;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a value by JSON pointer segments; undefined when absent. */
function getIn(root: unknown, segments: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (Array.isArray(cur) && typeof s === 'number') cur = cur[s];
    else if (isObject(cur) && typeof s === 'string') cur = cur[s];
    else return undefined;
  }
  return cur;
}

/** Decodes a JSON pointer (`/spec/ports/0`) into segments, turning array indices into numbers when `data` is an array there. */
function pointerSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '' || pointer === '#') return [];
  const raw = pointer.replace(/^#/, '').split('/').slice(1).map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const p of raw) {
    const seg = Array.isArray(cur) && /^\d+$/.test(p) ? Number(p) : p;
    out.push(seg);
    cur = getIn(cur, [seg]);
  }
  return out;
}

/** The sub-schema at an Ajv `schemaPath` (`#/properties/spec/anyOf`). */
function schemaAt(schema: unknown, schemaPath: string): unknown {
  let cur: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** `["integer","null"]` -> `integer` (null is allowed almost everywhere in the built-in schemas and only adds noise). */
function typeNames(type: string | string[]): string {
  const all = [type].flat().map(String);
  const named = all.filter((t) => t !== 'null');
  return (named.length > 0 ? named : all).join(' or ');
}

/** Short rendering of an offending value for messages. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Turns Ajv errors into readable, de-duplicated messages with paths into `data`. */
function describeErrors(errors: readonly ErrorObject[], data: unknown, schema: unknown): ManifestError[] {
  // A failed anyOf/oneOf reports every branch's errors too; keep only the summary.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath + '/');
  const out = new Map<string, ManifestError>();
  for (const e of errors) {
    if (unions.some((u) => e.schemaPath.startsWith(u))) continue;
    const segments = pointerSegments(e.instancePath, data);
    const value = getIn(data, segments);
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        segments.push(key);
        message = 'unknown field (not in the schema)';
        break;
      }
      case 'required':
        message = `missing required field "${String((e.params as { missingProperty: string }).missingProperty)}"`;
        break;
      case 'type':
        message = `must be ${typeNames((e.params as { type: string | string[] }).type)}, got ${show(value)}`;
        break;
      case 'enum':
        message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(show).join(', ')}; got ${show(value)}`;
        break;
      case 'format':
        message = `must be a valid "${String((e.params as { format: string }).format)}", got ${show(value)}`;
        break;
      case 'pattern':
        message = `must match ${String((e.params as { pattern: string }).pattern)}, got ${show(value)}`;
        break;
      case 'anyOf':
      case 'oneOf': {
        const branches = schemaAt(schema, e.schemaPath);
        const types = Array.isArray(branches)
          ? branches.map((b) => (isObject(b) && (typeof b.type === 'string' || Array.isArray(b.type)) ? typeNames(b.type as string | string[]) : '?'))
          : [];
        message =
          types.length > 0 && !types.includes('?')
            ? `must be ${types.join(' or ')}, got ${show(value)}`
            : `${e.message ?? 'does not match the allowed forms'}, got ${show(value)}`;
        break;
      }
      default:
        message = e.message ?? `fails "${e.keyword}"`;
    }
    const path = formatPath(segments);
    out.set(`${path}\0${message}`, { path, segments, message });
  }
  // Ajv reports in schema order; sort by path so messages read top-down through the object.
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Secret `data` values as written by SOPS (`ENC[AES256_GCM,data:...]`) are not base64; swap them for an empty (valid) value. */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:.*\]$/s;

/** The object as the cluster will see it after Flux decrypts it: without the `sops` block. */
function withoutSopsMetadata(obj: JsonObject): JsonObject {
  if (!isObject(obj.sops)) return obj;
  const { sops: _sops, ...rest } = obj;
  if (obj.kind === 'Secret' && isObject(rest.data)) {
    rest.data = Object.fromEntries(Object.entries(rest.data).map(([k, v]) => [k, typeof v === 'string' && SOPS_VALUE.test(v) ? '' : v]));
  }
  return rest;
}

/**
 * Validates manifests against one schema folder. Schemas are compiled lazily on first use and
 * cached (including "no schema here"), so a tree of hundreds of objects compiles each kind once.
 */
export class SchemaValidator {
  readonly schemaDir: string;
  readonly kubernetesVersion: string;
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, { validate: ValidateFunction; schema: unknown } | null>();
  private objectMeta: JsonObject | null | undefined;

  constructor(options: SchemaValidatorOptions = {}) {
    this.schemaDir = locateSchemaDir(options.schemaDir);
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  }

  /** Folder of the built-in schemas for {@link kubernetesVersion}. */
  get builtInDir(): string {
    return join(this.schemaDir, 'kubernetes', `${this.kubernetesVersion}-standalone-strict`);
  }

  /** Absolute path of the schema file for an apiVersion/kind (whether or not it exists). */
  schemaFileFor(apiVersion: string, kind: string): string {
    const { group, version } = splitApiVersion(apiVersion);
    const lower = kind.toLowerCase();
    if (BUILT_IN_GROUPS.has(group)) {
      const suffix = group === '' ? '' : `-${group.split('.')[0]}`;
      return join(this.builtInDir, `${lower}${suffix}-${version}.json`);
    }
    return join(this.schemaDir, 'crds', group, `${lower}_${version}.json`);
  }

  /** Validates one parsed manifest. Never throws for bad input; throws only when a schema file is unreadable JSON. */
  validate(obj: unknown, options: ValidateOptions = {}): ValidationResult {
    if (!isObject(obj)) return { status: 'malformed', errors: [{ path: '.', segments: [], message: `expected a mapping, got ${show(obj)}` }] };
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return { status: 'malformed', errors: [{ path: '.', segments: [], message: 'missing string "apiVersion" or "kind"' }] };
    }
    if (splitApiVersion(apiVersion).group === KUSTOMIZE_CONFIG_GROUP) return { status: 'kustomize-config', errors: [] };
    const schemaFile = this.schemaFileFor(apiVersion, kind);
    const entry = this.load(schemaFile, BUILT_IN_GROUPS.has(splitApiVersion(apiVersion).group));
    if (entry === null) {
      const errors = options.allowMissingSchema
        ? []
        : [{ path: '.', segments: [], message: `no schema for ${apiVersion} ${kind} (looked for ${schemaFile})` }];
      return { status: 'no-schema', schemaFile, errors };
    }
    const data = withoutSopsMetadata(obj);
    if (entry.validate(data)) return { status: 'valid', schemaFile, errors: [] };
    return { status: 'invalid', schemaFile, errors: describeErrors(entry.validate.errors ?? [], data, entry.schema) };
  }

  /** Reads, adapts and compiles a schema file once; null when it does not exist. */
  private load(file: string, builtIn: boolean): { validate: ValidateFunction; schema: unknown } | null {
    const cached = this.compiled.get(file);
    if (cached !== undefined) return cached;
    let entry: { validate: ValidateFunction; schema: unknown } | null = null;
    if (existsSync(file) && statSync(file).isFile()) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      const schema = builtIn ? stripMetaSchema(raw) : this.closeCrdSchema(stripMetaSchema(raw));
      entry = { validate: this.ajv.compile(schema), schema };
    }
    this.compiled.set(file, entry);
    return entry;
  }

  /** CRD schema with a closed top level and the strict built-in ObjectMeta for `metadata`. */
  private closeCrdSchema(schema: JsonObject): JsonObject {
    if (!isObject(schema.properties) || schema.additionalProperties !== undefined) return schema;
    const meta = this.strictObjectMeta();
    return {
      ...schema,
      additionalProperties: false,
      properties: { ...schema.properties, ...(meta ? { metadata: meta } : {}) },
    };
  }

  /** ObjectMeta as the strict built-in schemas define it (taken from any built-in schema file), or null if none is available. */
  private strictObjectMeta(): JsonObject | null {
    if (this.objectMeta !== undefined) return this.objectMeta;
    this.objectMeta = null;
    const dir = this.builtInDir;
    if (existsSync(dir)) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
      const preferred = ['configmap-v1.json', 'namespace-v1.json'].filter((f) => files.includes(f));
      for (const f of [...preferred, ...files]) {
        const meta = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as JsonObject).properties;
        if (isObject(meta) && isObject(meta.metadata) && meta.metadata.additionalProperties === false) {
          this.objectMeta = meta.metadata;
          break;
        }
      }
    }
    return this.objectMeta;
  }
}

/** Ajv 8 rejects the draft-04 style `$schema` URI the built-in schemas carry; the keyword carries no constraints. */
function stripMetaSchema(schema: JsonObject): JsonObject {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

const shared = new Map<string, SchemaValidator>();

/** A cached {@link SchemaValidator} per schema folder and Kubernetes version. */
export function getSchemaValidator(options: SchemaValidatorOptions = {}): SchemaValidator {
  const dir = locateSchemaDir(options.schemaDir);
  const version = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const key = `${dir}\0${version}`;
  let validator = shared.get(key);
  if (!validator) {
    validator = new SchemaValidator({ schemaDir: dir, kubernetesVersion: version });
    shared.set(key, validator);
  }
  return validator;
}

/** Validates one manifest against the default (or given) schema folder; see {@link SchemaValidator.validate}. */
export function validateManifest(obj: unknown, options: ValidateOptions & SchemaValidatorOptions = {}): ValidationResult {
  return getSchemaValidator(options).validate(obj, options);
}
