import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { isPlainObject, mergeLayers } from './merge';
import { ConfigError, joinPath, type Problem } from './problems';
import { checkPromotions, type PromotionEnvironment } from './promotion';
import { checkCluster, checkFleet, type Finding, type RuleOptions } from './rules';
import {
  COMPONENTS,
  DefaultsFile,
  EnvironmentFile,
  ResolvedCluster,
  type AcmeDirectory,
  type ComponentName,
  type DeepPartial,
} from './schema';

/** Helm values of one component, kept per layer so gitops/ can show the three tiers. */
export interface ValueLayers {
  /** From environments/defaults.yaml. */
  readonly defaults?: Record<string, unknown>;
  /** From the environment's clusterDefaults. */
  readonly environment?: Record<string, unknown>;
  /** From the cluster entry itself. */
  readonly cluster?: Record<string, unknown>;
}

/** A fully resolved, validated cluster. */
export type Cluster = ResolvedCluster & {
  readonly name: string;
  readonly environment: string;
  /** The environment is a production one (`production: true` in its file). */
  readonly production: boolean;
  /**
   * The Let's Encrypt directory the cluster's public certificates come from: `certificates.acme`,
   * else production in a production environment and staging elsewhere.
   */
  readonly acme: AcmeDirectory;
  /** The DNS name the cluster's ingress answers for: <subdomain>.<zone> or the zone. */
  readonly domain: string;
  /** Path Flux syncs for this cluster, relative to the repository root. */
  readonly gitopsPath: string;
  readonly valueLayers: Partial<Record<ComponentName, ValueLayers>>;
};

export interface Environment {
  readonly name: string;
  readonly description?: string;
  /** `production: true` in the file: Let's Encrypt production and enforcing policies by default. */
  readonly production: boolean;
  /** The environment whose versions this one takes on (config/promotion.ts). */
  readonly promotesFrom?: string;
  readonly file: string;
  readonly clusters: readonly Cluster[];
}

export interface Platform {
  readonly project: DefaultsFile['project'];
  readonly state: DefaultsFile['state'];
  readonly environments: readonly Environment[];
  readonly clusters: readonly Cluster[];
  /** Findings of warning rules (e.g. kubernetes-end-of-life-soon): reported, but nothing is refused. */
  readonly warnings: readonly Problem[];
}


export interface LoadOptions extends RuleOptions {
  /** Shown in messages instead of absolute paths; default: the working directory. */
  readonly relativeTo?: string;
  /**
   * Apply rule promotion-ahead (config/promotion.ts); npm run promote loads without it, since
   * promoting is how an environment that fails it is fixed.
   * @default true
   */
  readonly promotionCheck?: boolean;
}

/** Largest file we read; anything bigger is a mistake, not an environment. */
const MAX_FILE_BYTES = 1024 * 1024;

interface ParsedFile<T> {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly data: T;
}

class Collector {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  add(problem: Problem): void {
    this.problems.push(problem);
  }
  warn(problem: Problem): void {
    this.warnings.push(problem);
  }
}

function lineOf(parsed: { doc: Document.Parsed; lines: LineCounter }, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = parsed.doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function getIn(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function readYaml(path: string, display: string, out: Collector): ParsedFile<unknown> | undefined {
  let text: string;
  try {
    const size = readFileSync(path).byteLength;
    if (size > MAX_FILE_BYTES) {
      out.add({ file: display, path: '', value: size, rule: 'file-size', message: `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}` });
      return undefined;
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    out.add({ file: display, path: '', rule: 'file-read', message: `cannot read the file: ${(error as Error).message}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      out.add({
        file: display,
        line: error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line,
        path: '',
        rule: 'yaml-syntax',
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      });
    }
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    out.add({ file: display, path: '', rule: 'yaml-syntax', message: `invalid YAML: ${(error as Error).message}` });
    return undefined;
  }
  if (data === null || data === undefined) {
    out.add({ file: display, path: '', value: data, rule: 'file-empty', message: 'the file is empty; an environment needs at least name: and clusters:' });
    return undefined;
  }
  return { file: display, doc, lines, data };
}

/** zod issues to problems, one per unknown key, with the value and line. */
function schemaProblems(
  issues: readonly z.core.$ZodIssue[],
  located: { file: string; doc: Document.Parsed; lines: LineCounter },
  data: unknown,
  schema: z.ZodType,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push({
          file: located.file,
          line: lineOf(located, keyPath),
          path: joinPath(keyPath),
          value: getIn(data, keyPath),
          rule: 'unknown-key',
          message: `unknown key "${key}"${suggest(key, knownKeys(schema, path))}`,
        });
      }
      continue;
    }
    const value = getIn(data, path);
    const message =
      value === undefined && issue.code === 'invalid_type'
        ? 'is required'
        : issueMessage(issue);
    problems.push({ file: located.file, line: lineOf(located, path), path: joinPath(path), value, rule: `schema-${issue.code}`, message });
  }
  return problems;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') {
    const inner = issue.issues.map((i) => i.message).join('; ');
    return `invalid name: ${inner}`;
  }
  return issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: expected one of/, 'must be one of');
}

/** "did you mean" for a misspelt key, from the keys the schema knows at that place. */
function suggest(key: string, known: readonly string[]): string {
  const best = known
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= 3 ? ` (did you mean "${best.candidate}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * Validates a file and reports every problem. Offending values are then dropped and the rest
 * validated again, so one mistake does not hide the rule violations behind it (all problems of a
 * file are reported at once). The cleaned data is returned with the problems.
 */
function parseWith<S extends z.ZodType>(schema: S, parsed: ParsedFile<unknown>, out: Collector): ParsedFile<z.infer<S>> | undefined {
  let data = structuredClone(parsed.data);
  let reported = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = schema.safeParse(data, { reportInput: false });
    if (result.success) return { ...parsed, data: result.data };
    if (!reported) {
      for (const problem of schemaProblems(result.error.issues, parsed, parsed.data, schema)) out.add(problem);
      reported = true;
    }
    let removed = false;
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
      for (const target of targets) removed = removeIn(data, target) || removed;
    }
    if (!removed) return undefined;
  }
  return undefined;
}

function removeIn(data: unknown, path: readonly (string | number)[]): boolean {
  if (path.length === 0) return false;
  const parent = getIn(data, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (parent === null || typeof parent !== 'object' || !(key in parent)) return false;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string | number, unknown>)[key];
  return true;
}

/** The keys an object schema knows at a path, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: unknown = schema;
  const unwrap = () => {
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = (current as z.ZodOptional).unwrap();
  };
  for (const segment of path) {
    unwrap();
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, unknown>)[segment];
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else if (current instanceof z.ZodArray) current = current.element;
    else return [];
  }
  unwrap();
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Reads, layers, validates and resolves every environment in `dir`. Throws ConfigError. */
export function loadPlatform(dir: string, options: LoadOptions = {}): Platform {
  const out = new Collector();
  const display = (path: string) => relative(options.relativeTo ?? process.cwd(), path) || path;
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    throw new ConfigError([{ file: display(dir), path: '', rule: 'file-read', message: 'the environments folder does not exist' }]);
  }
  if (!files.some((f) => /^defaults\.ya?ml$/.test(f))) {
    throw new ConfigError([{ file: display(join(dir, 'defaults.yaml')), path: '', rule: 'file-read', message: 'defaults.yaml is missing' }]);
  }

  // Environment files are regular files inside the folder: a link to a file elsewhere would make the
  // platform depend on something outside the repository (rule environment-file).
  const realDir = realpathSync(dir);
  files = files.filter((fileName) => {
    const path = join(dir, fileName);
    let problem: string | undefined;
    let value: string | undefined;
    try {
      const entry = lstatSync(path);
      // A FIFO or device would block or stream forever on read; a directory gets file-read below.
      if (!entry.isSymbolicLink() && !entry.isFile() && !entry.isDirectory()) problem = 'is not a regular file (a pipe, socket or device): environment files are plain YAML files';
      else if (entry.isSymbolicLink()) {
        const target = realpathSync(path);
        value = target;
        if (!target.startsWith(realDir + sep)) problem = `is a symbolic link to ${target}, outside the environments folder: copy the file into the folder instead`;
        else if (!statSync(target).isFile()) problem = 'is a symbolic link to something other than a regular file';
      }
    } catch (error) {
      problem = `is a symbolic link that cannot be followed (${(error as NodeJS.ErrnoException).code ?? 'error'}): copy the file into the folder instead`;
    }
    if (problem) out.add({ file: display(path), path: '', value, rule: 'environment-file', message: problem });
    return problem === undefined;
  });
  if (!files.some((f) => /^defaults\.ya?ml$/.test(f))) {
    throw new ConfigError([...out.problems, ...(out.problems.length > 0 ? [] : [{ file: display(join(dir, 'defaults.yaml')), path: '', rule: 'file-read', message: 'defaults.yaml is missing' }])]);
  }

  const defaultsName = files.find((f) => /^defaults\.ya?ml$/.test(f))!;
  const rawDefaults = readYaml(join(dir, defaultsName), display(join(dir, defaultsName)), out);
  const defaults = rawDefaults && parseWith(DefaultsFile, rawDefaults, out);

  const environments: { parsed: ParsedFile<EnvironmentFile> }[] = [];
  for (const fileName of files) {
    if (fileName === defaultsName) continue;
    const path = join(dir, fileName);
    const raw = readYaml(path, display(path), out);
    const parsed = raw && parseWith(EnvironmentFile, raw, out);
    if (!parsed) continue;
    const expected = basename(fileName).replace(/\.ya?ml$/, '');
    if (parsed.data.name !== expected) {
      out.add({ file: parsed.file, line: lineOf(parsed, ['name']), path: 'name', value: parsed.data.name, rule: 'environment-name', message: `must match the file name (${expected})` });
      continue;
    }
    environments.push({ parsed });
  }
  if (environments.length === 0 && out.problems.length === 0) {
    out.add({ file: display(dir), path: '', rule: 'no-environments', message: 'no environment files found (expected e.g. dev.yaml)' });
  }

  const resolved: Environment[] = [];
  const owners = new Map<string, string>();
  const fleet: { name: string; cluster: ResolvedCluster; locate: (path: readonly (string | number)[]) => { file: string; line?: number } }[] = [];
  const promotion: PromotionEnvironment[] = [];

  for (const { parsed } of environments) {
    const env = parsed.data;
    const clusters: Cluster[] = [];
    for (const [name, layer] of Object.entries(env.clusters)) {
      const clusterPath = ['clusters', name];
      const previous = owners.get(name);
      if (previous) {
        out.add({ file: parsed.file, line: lineOf(parsed, clusterPath), path: joinPath(clusterPath), value: name, rule: 'cluster-name-unique', message: `cluster name ${name} is already used in ${previous}; names are unique across environments` });
        continue;
      }
      owners.set(name, parsed.file);
      if (!defaults) continue;
      const locate = (path: readonly (string | number)[]) => locateValue(path, { name, env: parsed, defaults, layer });
      const cluster = resolveCluster(name, env, layer, defaults.data, locate, out, options);
      if (cluster) {
        clusters.push(cluster);
        fleet.push({ name, cluster, locate });
      }
    }
    resolved.push({ name: env.name, description: env.description, production: env.production === true, promotesFrom: env.promotesFrom, file: parsed.file, clusters });
    promotion.push({
      name: env.name,
      file: parsed.file,
      promotesFrom: env.promotesFrom,
      promotionCheck: (options.promotionCheck ?? true) && env.promotionCheck !== false,
      lineOf: (field) => lineOf(parsed, [field]),
      clusters: fleet.filter((f) => clusters.some((c) => c.name === f.name)),
    });
  }
  for (const problem of checkPromotions(promotion)) out.add(problem);

  for (const { name, finding } of checkFleet(fleet)) {
    const entry = fleet.find((f) => f.name === name)!;
    out.add(findingToProblem(finding, name, entry.locate));
  }

  if (out.problems.length > 0 || !defaults) throw new ConfigError(out.problems, out.warnings);

  return {
    project: defaults.data.project,
    state: defaults.data.state,
    environments: resolved,
    clusters: resolved.flatMap((e) => e.clusters),
    warnings: out.warnings,
  };
}

/** Finds the layer a cluster value came from, so a message points at the line to edit. */
function locateValue(
  path: readonly (string | number)[],
  where: { name: string; env: ParsedFile<EnvironmentFile>; defaults: ParsedFile<DefaultsFile>; layer: unknown },
): { file: string; line?: number } {
  const candidates: [ParsedFile<unknown>, (string | number)[]][] = [
    [where.env, ['clusters', where.name, ...path]],
    [where.env, ['clusterDefaults', ...path]],
    [where.defaults, ['cluster', ...path]],
  ];
  if (path[0] === 'nodePools') {
    const size = (getIn(where.layer, ['size']) ?? getIn(where.env.data, ['clusterDefaults', 'size']) ?? getIn(where.defaults.data, ['cluster', 'size'])) as string | undefined;
    const provider = (getIn(where.layer, ['provider']) ?? getIn(where.env.data, ['clusterDefaults', 'provider'])) as string | undefined;
    if (size && provider) candidates.push([where.defaults, ['sizes', provider, size, ...path.slice(1)]]);
  }
  for (const [file, full] of candidates) {
    if (file.doc.hasIn(full)) return { file: file.file, line: lineOf(file, full) };
  }
  return { file: where.env.file, line: lineOf(where.env, ['clusters', where.name]) };
}

function findingToProblem(
  finding: Finding,
  name: string,
  locate: (path: readonly (string | number)[]) => { file: string; line?: number },
): Problem {
  const { file, line } = locate(finding.path);
  return { file, line, path: joinPath(['clusters', name, ...finding.path]), value: finding.value, rule: finding.rule, message: finding.message };
}

function resolveCluster(
  name: string,
  env: EnvironmentFile,
  layer: DeepPartial<ResolvedCluster>,
  defaults: DefaultsFile,
  locate: (path: readonly (string | number)[]) => { file: string; line?: number },
  out: Collector,
  options: RuleOptions,
): Cluster | undefined {
  const merged = mergeLayers<Record<string, unknown>>(defaults.cluster, env.clusterDefaults, layer);
  const size = merged.size as string | undefined;
  const provider = merged.provider as keyof DefaultsFile['sizes'] | undefined;
  if (size && provider && defaults.sizes[provider]) {
    const template = (defaults.sizes[provider] as Record<string, unknown>)[size];
    merged.nodePools = mergeLayers(template, merged.nodePools);
  }
  if (isPlainObject(merged.nodePools)) {
    for (const pool of Object.values(merged.nodePools)) {
      if (isPlainObject(pool) && pool.role === undefined) pool.role = 'worker';
    }
  }
  const result = ResolvedCluster.safeParse(merged, { reportInput: false });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      const value = getIn(merged, path);
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
      for (const keyPath of keys) {
        const { file, line } = locate(keyPath);
        const missing = value === undefined && issue.code === 'invalid_type';
        out.add({
          file,
          line,
          path: joinPath(['clusters', name, ...keyPath]),
          value: getIn(merged, keyPath),
          rule: missing ? 'required' : `schema-${issue.code}`,
          message: missing ? 'is required: set it on the cluster, in clusterDefaults, or in defaults.yaml' : issueMessage(issue),
        });
      }
    }
    return undefined;
  }
  const spec = result.data;
  const findings = checkCluster(spec, name, { ...options, production: env.production === true });
  if (spec.vps && spec.provider !== 'oci-oke') {
    // kubernetesVersion is OKE's; on a k3s cluster it is read from vps.k3sVersion. Given in the
    // environment file for this cluster, it must at least agree.
    const given = (layer as { kubernetesVersion?: unknown }).kubernetesVersion ?? (env.clusterDefaults as { kubernetesVersion?: unknown } | undefined)?.kubernetesVersion;
    const k3sMinor = /^v(\d+\.\d+)\./.exec(spec.vps.k3sVersion)?.[1];
    const givenMinor = typeof given === 'string' ? /^v?(\d+\.\d+)\./.exec(given)?.[1] : undefined;
    if (givenMinor && k3sMinor && givenMinor !== k3sMinor) {
      findings.push({
        path: ['vps', 'k3sVersion'],
        value: spec.vps.k3sVersion,
        rule: 'k3s-kubernetes-version',
        message: `k3s ${spec.vps.k3sVersion} runs Kubernetes ${k3sMinor}, but kubernetesVersion ${String(given)} is given for this cluster: a k3s cluster runs the release of vps.k3sVersion, so make the two agree (or drop kubernetesVersion here; it is OKE's setting)`,
      });
    }
  }
  const suffix = `/clusters/${name}`;
  if (spec.gitops.path !== undefined && (!spec.gitops.path.replace(/\/+$/, '').endsWith(suffix) || spec.gitops.path === `.${suffix}`)) {
    findings.push({
      path: ['gitops', 'path'],
      value: spec.gitops.path,
      rule: 'gitops-path',
      message: `must end with ${suffix} (synth writes the tree as <root>/clusters/<cluster>); leave it out for ./gitops${suffix}`,
    });
  }
  const errors = findings.filter((f) => f.severity !== 'warning');
  for (const finding of errors) out.add(findingToProblem(finding, name, locate));
  for (const finding of findings) if (finding.severity === 'warning') out.warn(findingToProblem(finding, name, locate));
  if (errors.length > 0) return undefined;

  const valueLayers: Partial<Record<ComponentName, ValueLayers>> = {};
  for (const component of COMPONENTS) {
    const pick = (source: DeepPartial<ResolvedCluster> | undefined) =>
      source?.components?.[component]?.values as Record<string, unknown> | undefined;
    const layers = { defaults: pick(defaults.cluster), environment: pick(env.clusterDefaults), cluster: pick(layer) };
    if (layers.defaults || layers.environment || layers.cluster) valueLayers[component] = layers;
  }
  const domain = spec.dns.subdomain ? `${spec.dns.subdomain}.${spec.dns.zone}` : spec.dns.zone;
  const production = env.production === true;
  return {
    ...spec,
    name,
    environment: env.name,
    production,
    acme: spec.certificates?.acme ?? (production ? 'production' : 'staging'),
    domain,
    gitopsPath: spec.gitops.path ?? `./gitops/clusters/${name}`,
    valueLayers,
  };
}

/**
 * Keeps only the selected environment and/or cluster of a loaded (so fully validated) platform.
 * Throws ConfigError naming the known ones when the selection matches nothing.
 */
export function selectPlatform(platform: Platform, env?: string, cluster?: string): Platform {
  if (env === undefined && cluster === undefined) return platform;
  if (env !== undefined && !platform.environments.some((e) => e.name === env)) {
    throw new ConfigError([{ file: 'environments', path: '--env', value: env, rule: 'unknown-environment', message: `no environment named ${env}; known: ${platform.environments.map((e) => e.name).join(', ')}` }]);
  }
  const environments = platform.environments
    .filter((e) => env === undefined || e.name === env)
    .map((e) => ({ ...e, clusters: e.clusters.filter((c) => cluster === undefined || c.name === cluster) }))
    .filter((e) => cluster === undefined || e.clusters.length > 0);
  if (cluster !== undefined && environments.length === 0) {
    const known = platform.environments.filter((e) => env === undefined || e.name === env).flatMap((e) => e.clusters.map((c) => c.name));
    throw new ConfigError([{ file: 'environments', path: '--cluster', value: cluster, rule: 'unknown-cluster', message: `no cluster named ${cluster}${env ? ` in ${env}` : ''}; known: ${known.join(', ')}` }]);
  }
  return { ...platform, environments, clusters: environments.flatMap((e) => e.clusters) };
}
