/**
 * Strict schema validation of every object a cluster would receive, the way a Kubernetes 1.34 API
 * server with strict field validation (`kubectl apply --validate=strict`, Flux's server-side apply)
 * judges it: wrong types, bad enum values and missing required fields, and also every field the
 * server would not know (and silently prune, or reject).
 *
 * Three sources of schemas, tried in this order:
 *
 * 1. Built-in kinds of Kubernetes 1.34: the npm package `kubernetes-models` (5.1.0, generated from
 *    the 1.34 OpenAPI document). Its precompiled Ajv validators (`_schemas/IoK8s....js`) check types,
 *    enums, formats and required fields, but they do not reject unknown fields. For those we walk
 *    the object along the package's own `.d.ts` model interfaces (see "Why the .d.ts" below).
 * 2. Custom kinds defined by a CustomResourceDefinition object handed in (in a render: the CRDs the
 *    cluster's own charts and manifests ship): each served version's `openAPIV3Schema`, compiled
 *    with Ajv under structural-schema semantics (see {@link toAjvSchema}).
 * 3. Flux's own kinds (installed at bootstrap, by no chart): the CRDs `flux install` creates,
 *    vendored in policy/flux-crds/; optionally, kubeconform-style JSON schemas under
 *    `fallbackCrdSchemaDir/<group>/<kind>_<version>.json` for kinds nothing else defines.
 *
 * `metadata` is checked as strict ObjectMeta in all three cases (for custom kinds through the Ajv
 * keyword `x-strict-object-meta`, which runs the built-in ObjectMeta check), and so is the
 * metadata of `x-kubernetes-embedded-resource` objects.
 *
 * ## Why the `.d.ts` of kubernetes-models for the field lists
 *
 * The candidates were `@kubernetes/client-node` (its models' static `attributeTypeMap`) and the
 * `.d.ts` files of `kubernetes-models`. We read the latter:
 * - same generator run and same OpenAPI document as the validators we already use, so the field
 *   lists are exactly Kubernetes 1.34's. `@kubernetes/client-node@2.0.1` is generated from
 *   `release-1.36` (its models say "OpenAPI spec version: release-1.36"): fields added in 1.35/1.36
 *   would pass although a 1.34 API server rejects them;
 * - the kind -> model mapping is a file path (`kubernetes-models/<group>/<version>/<Kind>.d.ts`)
 *   whose interface names its `apiVersion` and `kind` literally; client-node's class names
 *   (`V1Deployment`, `CoreV1Event`, `ResourceV1ResourceClaim`) would need a mapping of our own;
 * - no new dependency (client-node brings 16 runtime packages).
 * The cost is parsing TypeScript declarations. They are machine-written in one fixed shape
 * (`"field"?: Type;` with `Array<T>`, `{ [key: string]: T; }`, string-literal unions, imported
 * interface names and a few aliases such as IntOrString = `string | number`); the reader below
 * throws on anything else, so a format change in a later version fails the tests instead of
 * silently passing everything. An interface without fields (RawExtension, FieldsV1, JSON,
 * JSONSchemaPropsOr*, CustomResourceSubresourceStatus, Patch) is taken as "anything goes": the
 * first five are free-form JSON in the API, the last two are empty structs where this costs nothing.
 *
 * Compiled validators and parsed models are cached for the life of the process: built-in ones per
 * kind, CRD ones per CRD name, version and a hash of the schema (the same CRDs ship to several
 * clusters), fallback ones per file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { formatPath, splitApiVersion } from './api-names';
import { fluxCrds } from './flux-crds';
import { objectRef, renderedResource, type ClusterRender, type RenderedObject } from '../render/types';
import type { RawFinding } from './types';
import { goRegExp } from './go-regexp';

export interface SchemaError {
  /** jq-style path into the object (`.spec.template.spec.containers[0].foo`, `.` for the object itself). */
  readonly path: string;
  readonly message: string;
}

export type SchemaStatus = 'valid' | 'invalid' | 'no-schema';

export interface ObjectSchemaValidator {
  /**
   * 'valid'; 'invalid' with the errors; 'no-schema' (neither a built-in kind of Kubernetes 1.34
   * served by default nor a kind of a known CRD or fallback schema) with one error saying why.
   */
  validate(object: Record<string, unknown>): { status: SchemaStatus; errors: SchemaError[] };
}

export interface ObjectSchemaValidatorOptions {
  /** CustomResourceDefinition objects (apiextensions.k8s.io/v1); their served versions' schemas become validators. */
  readonly crds: readonly Record<string, unknown>[];
  /** Folder of JSON schemas `<group>/<kind lower-case>_<version>.json`, used only for kinds no CRD object defines. */
  readonly fallbackCrdSchemaDir?: string;
}

/** Kubernetes minor version whose built-in kinds are known. */
export const KUBERNETES_VERSION = '1.34';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** API groups served by kube-apiserver itself; any version of them is never looked up among CRDs. */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io',
  'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * Group/versions a Kubernetes 1.34 API server serves by default: the GA ones. kubernetes-models
 * also carries removed versions (extensions/v1beta1, apps/v1beta2, flowcontrol v1beta3, ...) and
 * betas that are off unless enabled (MutatingAdmissionPolicy, ClusterTrustBundle, LeaseCandidate,
 * VolumeAttributesClass v1beta1); an object using one of those would not apply, so it is 'no-schema'.
 */
const SERVED_BUILT_IN_VERSIONS: ReadonlySet<string> = new Set([
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1',
  'resource.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
]);

// ---------------------------------------------------------------------------------------------
// Locating kubernetes-models and loading its compiled validators (synchronously)
// ---------------------------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));

/** `node_modules/<name>` as Node would find it from `fromDir` (walking up). */
function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`object-schemas: cannot find the package ${name} (looked upwards from ${fromDir})`);
  }
}

let modelsRoot: string | undefined;
function kubernetesModelsDir(): string {
  return (modelsRoot ??= findPackageDir('kubernetes-models', here));
}

/** An Ajv standalone validator as kubernetes-models compiles them (with an optional base instancePath). */
type CompiledValidate = ((data: unknown, context?: { instancePath?: string }) => boolean) & { errors?: ErrorObject[] | null };

// The formats the compiled validators use, as @kubernetes-models/validate 5 defines them (MIT):
// ajv-formats' full formats plus Kubernetes' `byte` (base64) and `quantity`.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const QUANTITY = /^[+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+)(?:[KMGTPE]i|(?:[YZEPTGMkhdcmunpfazy]|da)|[eE][+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+))?$/;
const MODEL_FORMATS: Readonly<Record<string, unknown>> = {
  int32: fullFormats.int32,
  int64: fullFormats.int64,
  float: fullFormats.float,
  double: fullFormats.double,
  'date-time': fullFormats['date-time'],
  byte: { type: 'string', validate: (value: string) => BASE64.test(value) },
  quantity: { type: 'string', validate: QUANTITY },
};

const loadedValidators = new Map<string, CompiledValidate>();

/** The module file an import specifier of `from` names (relative, or a package subpath). */
function resolveModule(from: string, specifier: string): string {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  const parts = specifier.split('/');
  const pkgLength = specifier.startsWith('@') ? 2 : 1;
  const file = join(findPackageDir(parts.slice(0, pkgLength).join('/'), dirname(from)), ...parts.slice(pkgLength));
  return file.endsWith('.js') ? file : `${file}.js`;
}

/** A validator that loads `file` on its first call (imports are lazy: most sub-schemas of a kind are never reached). */
function lazyValidator(file: string): CompiledValidate {
  let real: CompiledValidate | undefined;
  const lazy = ((data: unknown, context?: { instancePath?: string }) => {
    real ??= loadValidator(file);
    const ok = real(data, context);
    lazy.errors = real.errors;
    return ok;
  }) as CompiledValidate;
  return lazy;
}

/**
 * Loads one compiled validator module of kubernetes-models (`_schemas/IoK8s....js`) synchronously.
 *
 * The modules are ESM, `validate()` is synchronous, and neither `await import()` (would make every
 * caller async) nor `require()` of ESM works everywhere this runs: under tsx, require() turns the
 * module into CommonJS, whose resolution then fails on the packages' import-only `exports`. The
 * modules are Ajv standalone output in one fixed shape, though: only
 * `import{validate as validateN}from"<module>"`, `import{formats}from"@kubernetes-models/validate"`
 * and one `export const validate=validateN`. So each is evaluated as a function with those imports
 * bound to lazily loaded validators and `formats` to {@link MODEL_FORMATS}. Anything else in a
 * module (a later version of the generator) throws here instead of being guessed at.
 */
function loadValidator(file: string): CompiledValidate {
  const cached = loadedValidators.get(file);
  if (cached) return cached;
  const source = readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, '');
  const bindings: string[] = [];
  let body = source.replace(/import\{validate as (\w+)\}from"([^"]+)";?/g, (_m, local: string, specifier: string) => {
    bindings.push(`const ${local}=__lazy(${JSON.stringify(resolveModule(file, specifier))});`);
    return '';
  });
  body = body.replace(/import\{formats\}from"@kubernetes-models\/validate";?/g, '');
  let exports = 0;
  body = body.replace(/export const validate=/g, () => {
    exports++;
    return 'const validate=';
  });
  if (exports !== 1 || /(^|[;}])\s*(import|export)\b/.test(body)) {
    throw new Error(`object-schemas: ${file} is not in the shape of kubernetes-models 5 validators (imports/exports not understood)`);
  }
  for (const m of body.matchAll(/\bformats(?:\.(\w+)|\["([^"]+)"\])/g)) {
    const name = m[1] ?? m[2]!;
    if (!(name in MODEL_FORMATS)) throw new Error(`object-schemas: ${file} uses format "${name}", not provided`);
  }
  // Package code, as trusted as an import of it would be.
  const factory = new Function('__lazy', 'formats', `"use strict";${bindings.join('')}${body};return validate;`) as (lazy: typeof lazyValidator, formats: unknown) => CompiledValidate;
  const validate = factory(lazyValidator, MODEL_FORMATS);
  if (typeof validate !== 'function') throw new Error(`object-schemas: ${file} exports no validate function`);
  loadedValidators.set(file, validate);
  return validate;
}

// ---------------------------------------------------------------------------------------------
// Reading the model interfaces of kubernetes-models' .d.ts files
// ---------------------------------------------------------------------------------------------

/**
 * What the unknown-field walk needs to know of a field's type. `leaf`: a scalar, enum, IntOrString,
 * Quantity or Time (the type validator checks it); `open`: free-form JSON; `ref`: a named interface
 * or alias, resolved lazily (models are recursive, e.g. JSONSchemaProps).
 */
type FieldType =
  | { readonly t: 'leaf' }
  | { readonly t: 'open' }
  | { readonly t: 'array'; readonly of: FieldType }
  | { readonly t: 'map'; readonly of: FieldType }
  | { readonly t: 'model'; readonly fields: ReadonlyMap<string, FieldType> }
  | { readonly t: 'ref'; readonly file: string; readonly name: string };

/** A resolved type: anything but a ref. */
type Resolved = Exclude<FieldType, { t: 'ref' }>;

const LEAF: { readonly t: 'leaf' } = { t: 'leaf' };
const OPEN: { readonly t: 'open' } = { t: 'open' };

interface DtsFile {
  readonly path: string;
  /** Local name -> where it is imported from and under which name. */
  readonly imports: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
  /** Interface name -> body text (comments removed). */
  readonly interfaces: ReadonlyMap<string, string>;
  /** `export type X = <text>;` */
  readonly aliases: ReadonlyMap<string, string>;
  /** `export type { IDeployment as IIoK8sApiAppsV1Deployment }`: exported name -> local name. */
  readonly exported: ReadonlyMap<string, string>;
}

const dtsFiles = new Map<string, DtsFile>();

function readDts(path: string): DtsFile {
  const cached = dtsFiles.get(path);
  if (cached) return cached;
  const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const imports = new Map<string, { from: string; name: string }>();
  for (const m of text.matchAll(/^import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"([^"]+)";/gm)) {
    for (const part of m[1]!.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, local] = part.split(/\s+as\s+/);
      imports.set((local ?? name)!.trim(), { from: m[2]!, name: name!.trim() });
    }
  }
  const interfaces = new Map<string, string>();
  for (const m of text.matchAll(/^export interface (\w+)(?:\s+extends\s+([\w\s,]+?))?\s*\{([\s\S]*?)^\}/gm)) {
    const bases = (m[2] ?? '').split(',').map((b) => b.trim()).filter(Boolean);
    // TypeMeta only adds apiVersion/kind, which every kind's interface declares itself.
    if (bases.some((b) => b !== 'TypeMeta')) throw new Error(`object-schemas: ${path}: interface ${m[1]} extends ${bases.join(', ')} (not understood)`);
    interfaces.set(m[1]!, m[3]!);
  }
  const aliases = new Map<string, string>();
  for (const m of text.matchAll(/^export type (\w+) = ([^;{]+);/gm)) aliases.set(m[1]!, m[2]!.trim());
  const exported = new Map<string, string>();
  for (const m of text.matchAll(/^export type \{([^}]*)\};/gm)) {
    for (const part of m[1]!.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [local, name] = part.split(/\s+as\s+/);
      exported.set((name ?? local)!.trim(), local!.trim());
    }
  }
  const file: DtsFile = { path, imports, interfaces, aliases, exported };
  dtsFiles.set(path, file);
  return file;
}

/** The .d.ts an import specifier of `from` names (relative, or a package subpath such as `@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta`). */
function resolveSpecifier(from: string, specifier: string): string {
  const bare = specifier.replace(/\.js$/, '');
  let base: string;
  if (bare.startsWith('.')) base = resolve(dirname(from), bare);
  else {
    const parts = bare.split('/');
    const pkgLength = bare.startsWith('@') ? 2 : 1;
    base = join(findPackageDir(parts.slice(0, pkgLength).join('/'), dirname(from)), ...parts.slice(pkgLength));
  }
  for (const candidate of [`${base}.d.ts`, join(base, 'index.d.ts')]) if (existsSync(candidate)) return candidate;
  throw new Error(`object-schemas: cannot resolve "${specifier}" imported by ${from}`);
}

const PRIMITIVES: Readonly<Record<string, FieldType>> = {
  string: LEAF, number: LEAF, boolean: LEAF, null: LEAF, undefined: LEAF, bigint: LEAF,
  any: OPEN, unknown: OPEN, object: OPEN,
};

/** Reads the TypeScript type syntax the generator writes; throws on anything else. */
class TypeReader {
  private i = 0;
  constructor(private readonly s: string, private readonly file: string) {}

  get done(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }

  private fail(what: string): never {
    throw new Error(`object-schemas: ${this.file}: unexpected type syntax (${what}) at "${this.s.slice(this.i, this.i + 40)}"`);
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  peek(token: string): boolean {
    this.ws();
    return this.s.startsWith(token, this.i);
  }

  eat(token: string): void {
    if (!this.peek(token)) this.fail(`expected "${token}"`);
    this.i += token.length;
  }

  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0];
  }

  private stringLiteral(): string {
    this.ws();
    const m = /^"(?:[^"\\]|\\.)*"/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a string');
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  /** A property name: `"name"` or a bare identifier. */
  private propertyName(): string {
    return this.peek('"') ? this.stringLiteral() : this.ident();
  }

  /** `"name"?: Type;` members up to the end of the text or `end`. */
  fields(end?: string): Map<string, FieldType> {
    const fields = new Map<string, FieldType>();
    while (!this.done && !(end !== undefined && this.peek(end))) {
      const name = this.propertyName();
      if (this.peek('?')) this.eat('?');
      this.eat(':');
      fields.set(name, this.union());
      this.eat(';');
    }
    return fields;
  }

  /** `A | B | ...`, combined: literals and scalars are leaves; one structured member wins; anything else is open. */
  union(): FieldType {
    const members = [this.primary()];
    while (this.peek('|')) {
      this.i++;
      members.push(this.primary());
    }
    if (members.length === 1) return members[0]!;
    const structured = members.filter((m) => m.t !== 'leaf');
    if (structured.length === 0) return LEAF;
    return structured.length === 1 ? structured[0]! : OPEN;
  }

  private primary(): FieldType {
    this.ws();
    let type: FieldType;
    if (this.peek('Array<')) {
      this.i += 'Array<'.length;
      const of = this.union();
      this.eat('>');
      type = { t: 'array', of };
    } else if (this.peek('{')) {
      this.i++;
      if (!this.peek('[')) {
        // An inline object type (StatefulSetSpec.volumeClaimTemplates).
        const fields = this.fields('}');
        this.eat('}');
        return fields.size === 0 ? OPEN : { t: 'model', fields };
      }
      this.eat('[');
      this.ident();
      this.eat(':');
      if (this.ident() !== 'string') this.fail('map key type other than string');
      this.eat(']');
      this.eat(':');
      const of = this.union();
      if (this.peek(';')) this.i++;
      this.eat('}');
      type = { t: 'map', of };
    } else if (this.peek('"')) {
      this.stringLiteral();
      type = LEAF;
    } else if (/^-?\d/.test(this.s.slice(this.i))) {
      this.i += /^-?[\d.]+/.exec(this.s.slice(this.i))![0].length;
      type = LEAF;
    } else {
      const name = this.ident();
      if (this.peek('<')) this.fail(`generic ${name}<...>`);
      type = PRIMITIVES[name] ?? { t: 'ref', file: this.file, name };
    }
    while (this.peek('[]')) {
      this.i += 2;
      type = { t: 'array', of: type };
    }
    return type;
  }
}

function parseFields(body: string, file: string): Map<string, FieldType> {
  return new TypeReader(body, file).fields();
}

const resolvedTypes = new Map<string, Resolved>();

/** Resolves a named type of a .d.ts file (interface, alias, import or re-export), cached. */
function resolveNamed(path: string, name: string): Resolved {
  const key = `${path}#${name}`;
  const cached = resolvedTypes.get(key);
  if (cached) return cached;
  const file = readDts(path);
  let out: Resolved;
  const body = file.interfaces.get(name);
  if (body !== undefined) {
    const fields = parseFields(body, path);
    out = fields.size === 0 ? OPEN : { t: 'model', fields };
  } else if (file.aliases.has(name)) {
    const reader = new TypeReader(file.aliases.get(name)!, path);
    out = resolveType(reader.union());
  } else if (file.imports.has(name)) {
    const imp = file.imports.get(name)!;
    const target = resolveSpecifier(path, imp.from);
    out = resolveNamed(target, readDts(target).exported.get(imp.name) ?? imp.name);
  } else if (file.exported.has(name) && file.exported.get(name) !== name) {
    out = resolveNamed(path, file.exported.get(name)!);
  } else {
    throw new Error(`object-schemas: ${path}: type ${name} not found`);
  }
  resolvedTypes.set(key, out);
  return out;
}

function resolveType(type: FieldType): Resolved {
  return type.t === 'ref' ? resolveNamed(type.file, type.name) : type;
}

/** JSON pointer segment escaping (RFC 6901), as Ajv writes instancePath. */
function pointerSegment(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive, for "did you mean". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/** A known field close to an unknown one (a case slip, one typo, two in longer names), if any. */
function suggestion(unknown: string, known: Iterable<string>): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    if (Math.abs(name.length - unknown.length) > 2) continue;
    const d = distance(unknown, name);
    if (d <= (name.length >= 6 ? 2 : 1) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function unknownFieldError(instancePath: string, key: string, known: Iterable<string>): ErrorObject {
  const hint = suggestion(key, known);
  return {
    instancePath,
    schemaPath: '#/additionalProperties',
    keyword: 'additionalProperties',
    params: { additionalProperty: key },
    message: hint ? `unknown field (did you mean "${hint}"?)` : 'unknown field',
  };
}

/** Adds an `additionalProperties` error for every field of `value` the model of `type` does not have. */
function walkUnknownFields(value: unknown, type: FieldType, pointer: string, out: ErrorObject[]): void {
  if (value === null || value === undefined) return;
  const resolved = resolveType(type);
  switch (resolved.t) {
    case 'leaf':
    case 'open':
      return;
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => walkUnknownFields(item, resolved.of, `${pointer}/${i}`, out));
      return;
    case 'map':
      if (isObject(value)) for (const [k, v] of Object.entries(value)) walkUnknownFields(v, resolved.of, `${pointer}/${pointerSegment(k)}`, out);
      return;
    case 'model':
      if (!isObject(value)) return;
      for (const [k, v] of Object.entries(value)) {
        const field = resolved.fields.get(k);
        if (field === undefined) out.push(unknownFieldError(pointer, k, resolved.fields.keys()));
        else walkUnknownFields(v, field, `${pointer}/${pointerSegment(k)}`, out);
      }
  }
}

/** A built-in model: its compiled type validator and its field tree. */
interface ModelChecker {
  readonly validate: CompiledValidate;
  readonly type: FieldType;
}

/**
 * Ajv-style errors of `value` (found at `pointer`) against a built-in model: the type validator's,
 * then unknown fields. A null is never an error: the API server decodes it as "not set" (the
 * validators already allow it for most fields, but not for map values such as an annotation).
 */
function checkModel(checker: ModelChecker, value: unknown, pointer: string): ErrorObject[] {
  const errors: ErrorObject[] = [];
  if (!checker.validate(value, { instancePath: pointer })) {
    for (const e of checker.validate.errors ?? []) {
      if (e.keyword !== 'required' && valueAt(value, pointerToSegments(e.instancePath.slice(pointer.length), value)) === null) continue;
      errors.push(e);
    }
  }
  walkUnknownFields(value, checker.type, pointer, errors);
  return errors;
}

const builtInKinds = new Map<string, ModelChecker | null>();

/** The checker of a built-in kind (`apps/v1`, `Deployment`), or null when kubernetes-models has no such kind. */
function builtInKind(apiVersion: string, kind: string): ModelChecker | null {
  const key = `${apiVersion}\0${kind}`;
  const cached = builtInKinds.get(key);
  if (cached !== undefined) return cached;
  let checker: ModelChecker | null = null;
  const { group, version } = splitApiVersion(apiVersion);
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(kind) && /^v\d+[a-z0-9]*$/.test(version)) {
    const root = kubernetesModelsDir();
    const path = join(root, ...(group === '' ? [] : [group]), version, `${kind}.d.ts`);
    if (existsSync(path)) {
      const file = readDts(path);
      const local = `I${kind}`;
      const body = file.interfaces.get(local);
      // The folder also holds part types (Container, PodSpec): a kind's interface names its apiVersion and kind.
      const isKind = body !== undefined && body.includes(`"apiVersion": ${JSON.stringify(apiVersion)};`) && body.includes(`"kind": ${JSON.stringify(kind)};`);
      const canonical = [...file.exported].find(([, l]) => l === local)?.[0];
      if (isKind && canonical?.startsWith('IIoK8s')) {
        checker = { validate: loadValidator(join(root, '_schemas', `${canonical.slice(1)}.js`)), type: { t: 'ref', file: path, name: local } };
      }
    }
  }
  builtInKinds.set(key, checker);
  return checker;
}

let objectMetaChecker: ModelChecker | undefined;
function objectMeta(): ModelChecker {
  if (!objectMetaChecker) {
    const root = findPackageDir('@kubernetes-models/apimachinery', kubernetesModelsDir());
    objectMetaChecker = {
      validate: loadValidator(join(root, '_schemas', 'IoK8sApimachineryPkgApisMetaV1ObjectMeta.js')),
      type: { t: 'ref', file: join(root, 'apis', 'meta', 'v1', 'ObjectMeta.d.ts'), name: 'IObjectMeta' },
    };
  }
  return objectMetaChecker;
}

/**
 * Reads every model of every served built-in kind and loads every compiled validator of
 * kubernetes-models and its apimachinery package; throws when some file is not in the shape this
 * module understands. For tests (and after upgrading kubernetes-models): the walk above reads only
 * what the objects it meets reach.
 */
export function checkBuiltInModels(): { kinds: number; models: number; validators: number } {
  const root = kubernetesModelsDir();
  const seen = new Set<Resolved>();
  const visit = (type: FieldType): void => {
    const resolved = resolveType(type);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    if (resolved.t === 'array' || resolved.t === 'map') visit(resolved.of);
    else if (resolved.t === 'model') for (const field of resolved.fields.values()) visit(field);
  };
  let kinds = 0;
  for (const apiVersion of SERVED_BUILT_IN_VERSIONS) {
    const { group, version } = splitApiVersion(apiVersion);
    for (const f of readdirSync(join(root, ...(group === '' ? [] : [group]), version))) {
      if (!f.endsWith('.d.ts') || f === 'index.d.ts') continue;
      const checker = builtInKind(apiVersion, f.slice(0, -'.d.ts'.length));
      if (!checker) continue;
      kinds++;
      visit(checker.type);
    }
  }
  visit(objectMeta().type);
  let validators = 0;
  for (const dir of [join(root, '_schemas'), join(findPackageDir('@kubernetes-models/apimachinery', root), '_schemas')]) {
    for (const f of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      loadValidator(join(dir, f));
      validators++;
    }
  }
  return { kinds, models: [...seen].filter((r) => r.t === 'model').length, validators };
}

// ---------------------------------------------------------------------------------------------
// Custom resources: CRD schemas under structural-schema semantics, compiled with Ajv
// ---------------------------------------------------------------------------------------------

/** Go `time.ParseDuration` syntax, which Kubernetes' `format: duration` means (ajv-formats' is ISO 8601). */
const GO_DURATION = /^[-+]?(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;

/**
 * Formats checked. Kubernetes ignores formats it does not know, and its checks of `uri`, `email`,
 * `hostname` are looser than ajv-formats', so those (and any other) are dropped rather than risk
 * false errors.
 */
const CHECKED_FORMATS: ReadonlySet<string> = new Set(['date-time', 'date', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6', 'uuid', 'duration', 'binary', 'password']);

const STRICT_META = 'x-strict-object-meta';

/**
 * Sub-schemas compiled on first use. CRDs that embed pod templates (EnvoyProxy, Prometheus,
 * Alertmanager) or policy languages (Kyverno) have schemas of 10,000+ nodes, and Ajv needs around
 * a second to compile one whole; an object uses a small part. So every structural sub-schema of more
 * than {@link LAZY_NODES} nodes is replaced by `{ "x-lazy-subschema": <id> }`, whose keyword compiles
 * the sub-schema (itself split the same way) when a value first reaches it.
 */
const LAZY = 'x-lazy-subschema';
const LAZY_NODES = 100;
const lazySchemas: JsonObject[] = [];
const lazyCompiled: (ValidateFunction | undefined)[] = [];
/** Node counts of converted schemas, to decide what to compile lazily. */
const schemaSizes = new WeakMap<JsonObject, number>();

let sharedAjv: Ajv | undefined;
function ajv(): Ajv {
  if (sharedAjv) return sharedAjv;
  const instance = new Ajv({ strict: false, allErrors: true, verbose: true, code: { optimize: false, regExp: goRegExp } });
  addFormats(instance, ['date-time', 'date', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6', 'uuid', 'binary', 'password']);
  instance.addFormat('duration', GO_DURATION);
  const strictMeta: SchemaValidateFunction = function strictObjectMeta(_schema: unknown, data: unknown, _parent?: unknown, cxt?: { instancePath: string }) {
    const errors = checkModel(objectMeta(), data, cxt?.instancePath ?? '');
    strictMeta.errors = errors;
    return errors.length === 0;
  };
  instance.addKeyword({ keyword: STRICT_META, schemaType: 'boolean', errors: true, validate: strictMeta });
  const lazy: SchemaValidateFunction = function lazySubschema(id: number, data: unknown, _parent?: unknown, cxt?: DataValidationCxt) {
    const validate = (lazyCompiled[id] ??= instance.compile(lazySchemas[id]!));
    const ok = validate(data, cxt);
    lazy.errors = validate.errors ?? [];
    return ok;
  };
  instance.addKeyword({ keyword: LAZY, schemaType: 'number', errors: true, validate: lazy });
  sharedAjv = instance;
  return instance;
}

/** Keywords copied through unchanged (value validations Ajv understands with OpenAPI v3 meaning). */
const PLAIN_KEYWORDS = ['enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf', 'required', 'const'] as const;

function allowNull(type: unknown): unknown {
  const list = [type].flat().map(String);
  return list.includes('null') ? type : [...list, 'null'];
}

/**
 * One node of a CRD's `openAPIV3Schema` (or a kubeconform-style JSON schema made from one) as an
 * Ajv (draft-07) schema with the API server's structural-schema semantics:
 * - an object with `properties` (or with neither `properties` nor `additionalProperties`) and
 *   without `x-kubernetes-preserve-unknown-fields: true` rejects every other field: the server
 *   prunes them, and strict field validation reports them as unknown;
 * - `x-kubernetes-int-or-string: true`: an integer or a string;
 * - `x-kubernetes-embedded-resource: true`: apiVersion and kind (strings) and a strict ObjectMeta
 *   `metadata` are allowed besides the declared properties;
 * - `null` is accepted everywhere: for fields without `nullable: true` the server prunes nulls;
 * - unknown formats are dropped (the server ignores them too), `duration` is Go's;
 * - OpenAPI v3.0 boolean `exclusiveMinimum/Maximum` become draft-07 numbers;
 * - `x-kubernetes-validations` (CEL rules) are not evaluated, nor are list-type/map-type
 *   uniqueness rules; `default`, `description` and `example` are dropped.
 * Branches of `allOf`/`anyOf`/`oneOf`/`not` are value validations only in a structural schema
 * (every field they name is also in the node itself), so they are not closed.
 */
function toAjvSchema(node: unknown, branch = false): JsonObject {
  if (!isObject(node)) return {};
  const out: JsonObject = {};
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  for (const key of PLAIN_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (node.type !== undefined) out.type = allowNull(node.type);
  if (typeof node.format === 'string' && CHECKED_FORMATS.has(node.format)) out.format = node.format;
  for (const side of ['Minimum', 'Maximum'] as const) {
    const flag = node[`exclusive${side}`];
    const bound = node[side.toLowerCase()];
    if (flag === true && typeof bound === 'number') {
      out[`exclusive${side}`] = bound;
      delete out[side.toLowerCase()];
    } else if (typeof flag === 'number') out[`exclusive${side}`] = flag;
  }
  let size = 1;
  const child = (value: unknown, inBranch: boolean): JsonObject => {
    const converted = toAjvSchema(value, inBranch);
    const n = schemaSizes.get(converted) ?? 1;
    if (inBranch || n <= LAZY_NODES) {
      size += n;
      return converted;
    }
    size += 1;
    lazySchemas.push(converted);
    return { [LAZY]: lazySchemas.length - 1 };
  };
  if (isObject(node.properties)) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, child(v, branch)]));
  if (isObject(node.additionalProperties)) out.additionalProperties = child(node.additionalProperties, branch);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  if (isObject(node.items)) out.items = child(node.items, branch);
  else if (Array.isArray(node.items)) out.items = node.items.map((i) => child(i, branch));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map((b) => child(b, true));
  if (isObject(node.not)) out.not = child(node.not, true);

  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    delete out.oneOf;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }, { type: 'null' }];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...(out.properties as JsonObject | undefined), apiVersion: { type: ['string', 'null'] }, kind: { type: ['string', 'null'] }, metadata: { [STRICT_META]: true } };
  }
  if (preserve) {
    // kubeconform-style schemas sometimes carry additionalProperties: false next to preserve-unknown-fields.
    if (out.additionalProperties === false) delete out.additionalProperties;
  } else if (!branch) {
    const isObjectNode = out.properties !== undefined || [node.type].flat().includes('object');
    if (isObjectNode && out.additionalProperties === undefined) out.additionalProperties = false;
  }
  schemaSizes.set(out, size);
  return out;
}

/** The whole object's schema: closed top level (unless preserve-unknown-fields), required apiVersion/kind, strict metadata. */
function rootSchema(openAPIV3Schema: unknown): JsonObject {
  const root = toAjvSchema(openAPIV3Schema);
  const declaredMeta = isObject(openAPIV3Schema) && isObject(openAPIV3Schema.properties) && isObject(openAPIV3Schema.properties.metadata) ? openAPIV3Schema.properties.metadata : {};
  // The server honours a CRD's own restrictions of metadata.name / generateName only; the rest is ObjectMeta.
  const metaProps = isObject(declaredMeta.properties)
    ? Object.fromEntries(['name', 'generateName'].filter((k) => isObject((declaredMeta.properties as JsonObject)[k])).map((k) => [k, toAjvSchema((declaredMeta.properties as JsonObject)[k], true)]))
    : {};
  root.type = 'object';
  root.properties = {
    ...(root.properties as JsonObject | undefined),
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { [STRICT_META]: true, ...(Object.keys(metaProps).length > 0 ? { properties: metaProps } : {}) },
  };
  root.required = [...new Set([...((root.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  if (!(isObject(openAPIV3Schema) && openAPIV3Schema['x-kubernetes-preserve-unknown-fields'] === true)) root.additionalProperties = false;
  return root;
}

const compiledCustom = new Map<string, ValidateFunction>();

function compileCustom(cacheKey: string, openAPIV3Schema: unknown): ValidateFunction {
  let validate = compiledCustom.get(cacheKey);
  if (!validate) {
    validate = ajv().compile(rootSchema(openAPIV3Schema));
    compiledCustom.set(cacheKey, validate);
  }
  return validate;
}

const fallbackSchemas = new Map<string, JsonObject | null>();

function readFallback(file: string): JsonObject | null {
  let schema = fallbackSchemas.get(file);
  if (schema === undefined) {
    schema = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JsonObject) : null;
    fallbackSchemas.set(file, schema);
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Errors -> readable messages
// ---------------------------------------------------------------------------------------------

/** Pointer (`/spec/ports/0`) -> segments, array indices as numbers where `data` has arrays. */
function pointerToSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg = Array.isArray(cur) && /^\d+$/.test(part) ? Number(part) : part;
    out.push(seg);
    cur = Array.isArray(cur) && typeof seg === 'number' ? cur[seg] : isObject(cur) ? cur[String(seg)] : undefined;
  }
  return out;
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let cur = data;
  for (const s of segments) cur = Array.isArray(cur) && typeof s === 'number' ? cur[s] : isObject(cur) ? cur[String(s)] : undefined;
  return cur;
}

function typeNames(type: unknown): string {
  const all = [type].flat().map(String);
  const named = all.filter((t) => t !== 'null');
  return (named.length > 0 ? named : all).join(' or ');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Ajv errors (kubernetes-models' or ours) as path + message, unions summarised, de-duplicated, sorted by path. */
function describe(errors: readonly ErrorObject[], data: unknown): SchemaError[] {
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const inUnion = (path: string) => [...unionPaths].some((p) => path === p || path.startsWith(`${p}/`));
  const out = new Map<string, SchemaError>();
  for (const e of errors) {
    const isUnion = e.keyword === 'anyOf' || e.keyword === 'oneOf';
    if (!isUnion && inUnion(e.instancePath)) continue;
    const segments = pointerToSegments(e.instancePath, data);
    const value = valueAt(data, segments);
    const params = e.params as Record<string, unknown>;
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        segments.push(key);
        if (e.message?.startsWith('unknown field')) message = e.message;
        else {
          // Ajv's own (CRD schemas): `verbose` gives the schema, whose properties are the known fields.
          const known = isObject(e.parentSchema) && isObject(e.parentSchema.properties) ? Object.keys(e.parentSchema.properties) : [];
          const hint = suggestion(key, known);
          message = hint ? `unknown field (did you mean "${hint}"?)` : 'unknown field';
        }
        break;
      }
      case 'required':
        message = `missing required field "${String(params.missingProperty)}"`;
        break;
      case 'type':
        message = `must be ${typeNames(params.type)}, got ${show(value)}`;
        break;
      case 'enum': {
        const allowed = ((params.allowedValues as unknown[] | undefined) ?? []).filter((v) => v !== null);
        message = `must be one of ${allowed.slice(0, 10).map(show).join(', ')}${allowed.length > 10 ? ', ...' : ''}; got ${show(value)}`;
        break;
      }
      case 'format':
        message = `must be a valid ${String(params.format)}, got ${show(value)}`;
        break;
      case 'pattern':
        message = `must match ${String(params.pattern)}, got ${show(value)}`;
        break;
      case 'anyOf':
      case 'oneOf': {
        const types = errors
          .filter((b) => b.instancePath === e.instancePath && b.keyword === 'type')
          .flatMap((b) => [(b.params as { type: unknown }).type].flat().map(String))
          .filter((t) => t !== 'null');
        message = types.length > 0 ? `must be ${[...new Set(types)].join(' or ')}, got ${show(value)}` : `matches none of the allowed forms, got ${show(value)}`;
        break;
      }
      default:
        message = `${e.message ?? `fails "${e.keyword}" ${JSON.stringify(params)}`}${value === undefined || typeof value === 'object' ? '' : `, got ${show(value)}`}`;
    }
    const path = formatPath(segments);
    out.set(`${path}\0${message}`, { path, message });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// The validator
// ---------------------------------------------------------------------------------------------

/** SOPS values as Flux's kustomize-controller sees them before decrypting: `ENC[AES256_GCM,data:...]`. */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:.*\]$/s;

/**
 * The object as the API server receives it from Flux: kustomize-controller decrypts SOPS files and
 * drops their top-level `sops` block, so that block is not a field of the object, and encrypted
 * Secret values (not base64 before decryption) stand for valid ones.
 */
function asApplied(object: JsonObject): JsonObject {
  if (!isObject(object.sops)) return object;
  const { sops: _sops, ...rest } = object;
  for (const key of ['data', 'stringData'] as const) {
    const map = rest[key];
    if (isObject(map)) rest[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'string' && SOPS_VALUE.test(v) ? '' : v]));
  }
  return rest;
}

interface CustomVersion {
  readonly crdName: string;
  readonly schema: unknown;
  cacheKey?: string;
}

interface CustomKind {
  readonly crdName: string;
  /** Served versions by name. */
  readonly versions: Map<string, CustomVersion>;
}

function noSchema(message: string): { status: 'no-schema'; errors: SchemaError[] } {
  return { status: 'no-schema', errors: [{ path: '.', message }] };
}

function result(errors: readonly ErrorObject[], data: unknown): { status: SchemaStatus; errors: SchemaError[] } {
  if (errors.length === 0) return { status: 'valid', errors: [] };
  const described = describe(errors, data);
  return described.length === 0 ? { status: 'valid', errors: [] } : { status: 'invalid', errors: described };
}

export function createObjectSchemaValidator(options: ObjectSchemaValidatorOptions): ObjectSchemaValidator {
  const custom = new Map<string, CustomKind>();
  for (const crd of options.crds) {
    if (crd.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition' || !isObject(crd.spec)) continue;
    const spec = crd.spec;
    const kind = isObject(spec.names) ? spec.names.kind : undefined;
    if (typeof spec.group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) continue;
    const key = `${spec.group}\0${kind}`;
    // The first CRD of a group/kind wins; two different ones in one cluster are a conflict the API server settles by apply order.
    if (custom.has(key)) continue;
    const crdName = isObject(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : `${kind.toLowerCase()}.${spec.group}`;
    const versions = new Map<string, CustomVersion>();
    for (const v of spec.versions) {
      if (!isObject(v) || v.served !== true || typeof v.name !== 'string') continue;
      const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
      versions.set(v.name, { crdName, schema: schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } });
    }
    custom.set(key, { crdName, versions });
  }
  const fallbackDir = options.fallbackCrdSchemaDir === undefined ? undefined : resolve(options.fallbackCrdSchemaDir);

  return {
    validate(object) {
      if (!isObject(object)) return { status: 'invalid', errors: [{ path: '.', message: `expected a mapping, got ${show(object)}` }] };
      const { apiVersion, kind } = object;
      if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
        const missing = [typeof apiVersion === 'string' && apiVersion !== '' ? '' : 'apiVersion', typeof kind === 'string' && kind !== '' ? '' : 'kind'].filter(Boolean);
        return { status: 'invalid', errors: missing.map((f) => ({ path: '.', message: `missing required field "${f}"` })) };
      }
      const data = asApplied(object);
      const { group, version } = splitApiVersion(apiVersion);

      if (BUILT_IN_GROUPS.has(group)) {
        if (!SERVED_BUILT_IN_VERSIONS.has(apiVersion)) {
          return noSchema(`${apiVersion} is not served by a Kubernetes ${KUBERNETES_VERSION} API server (removed, or a beta that is off unless enabled)`);
        }
        const checker = builtInKind(apiVersion, kind);
        if (!checker) return noSchema(`Kubernetes ${KUBERNETES_VERSION} has no kind ${kind} in ${apiVersion}`);
        return result(checkModel(checker, data, ''), data);
      }

      const defined = custom.get(`${group}\0${kind}`);
      if (defined) {
        const v = defined.versions.get(version);
        if (!v) return noSchema(`CustomResourceDefinition ${defined.crdName} does not serve ${version} (served: ${[...defined.versions.keys()].join(', ') || 'none'})`);
        v.cacheKey ??= `${v.crdName}\0${version}\0${createHash('sha256').update(JSON.stringify(v.schema) ?? '').digest('hex')}`;
        const validate = compileCustom(v.cacheKey, v.schema);
        return result(validate(data) ? [] : (validate.errors ?? []), data);
      }

      if (fallbackDir !== undefined && /^[a-z0-9.-]+$/.test(group) && /^[A-Za-z0-9]+$/.test(kind) && /^[a-z0-9]+$/.test(version)) {
        const file = join(fallbackDir, group, `${kind.toLowerCase()}_${version}.json`);
        const schema = readFallback(file);
        if (schema) {
          const validate = compileCustom(`file:${file}`, schema);
          return result(validate(data) ? [] : (validate.errors ?? []), data);
        }
      }
      return noSchema(`no schema for ${apiVersion} ${kind}: not a built-in kind of Kubernetes ${KUBERNETES_VERSION} and no CustomResourceDefinition defines it${fallbackDir === undefined ? '' : ` (nor ${join(fallbackDir, group, `${kind.toLowerCase()}_${version}.json`)})`}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Policy adapter
// ---------------------------------------------------------------------------------------------

/** At most this many errors are listed in one finding. */
const LISTED_ERRORS = 5;

export function isCrd(object: JsonObject): boolean {
  return object.apiVersion === 'apiextensions.k8s.io/v1' && object.kind === 'CustomResourceDefinition';
}

/**
 * Validates every object of a cluster's render against the Kubernetes 1.34 built-ins plus the CRDs
 * among that render's own objects and Flux's (policy/flux-crds/); for kinds none of them defines,
 * `fallbackCrdSchemaDir` when given. One finding per object:
 * rule `render-schema` (invalid, all its errors, the first five listed) or `render-no-schema`.
 */
export function schemaFindings(render: ClusterRender, options: { fallbackCrdSchemaDir?: string | null } = {}): RawFinding[] {
  const rendered: RenderedObject[] = [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
  // Flux's own kinds validate against the CRDs `flux install` creates (vendored with their
  // source); a fallback folder is used only when asked for.
  const fallback = options.fallbackCrdSchemaDir ?? undefined;
  const validator = createObjectSchemaValidator({ crds: [...rendered.map((r) => r.object).filter(isCrd), ...fluxCrds()], fallbackCrdSchemaDir: fallback });
  const findings: RawFinding[] = [];
  for (const r of rendered) {
    const { status, errors } = validator.validate(r.object);
    if (status === 'valid') continue;
    const where = `${objectRef(r.object)} (${r.origin.file})`;
    const listed = errors.slice(0, LISTED_ERRORS).map((e) => (e.path === '.' ? e.message : `${e.path}: ${e.message}`));
    const more = errors.length > LISTED_ERRORS ? `; and ${errors.length - LISTED_ERRORS} more` : '';
    findings.push({
      rule: status === 'invalid' ? 'render-schema' : 'render-no-schema',
      resource: renderedResource(render.cluster, r),
      ...(r.origin.file.startsWith('helm:') ? {} : { file: r.origin.file }),
      message: `${where}: ${listed.join('; ')}${more}`,
    });
  }
  return findings;
}
