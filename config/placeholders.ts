import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Cluster } from './load';
import type { Problem } from './problems';

/**
 * The example values the shipped environments/ carry until a user replaces them. Each would make a
 * deploy fail late (a cloud refusing an OCID, an S3 bucket someone else owns, a zone nobody can
 * delegate) or worse, succeed wrongly (secrets encrypted for a key nobody holds). One rule per kind;
 * `npm run deploy` refuses them and `npm run doctor` lists them (cli/ calls {@link findPlaceholders}).
 */
export const PLACEHOLDER_RULES = {
  'placeholder-marker': 'a value of the examples, marked for replacement: put your own value here',
  'placeholder-ocid': 'an example OCID: use your own (OCI console > Identity > Tenancy details or Compartments, "OCID")',
  'placeholder-state-bucket': 'the example state bucket: choose a globally unique S3 bucket name of your own (npm run deploy -- state creates it)',
  'placeholder-age-recipient': 'the placeholder age recipient (no one holds its private key): run age-keygen -o <cluster>.agekey and put its public key (age1...) here',
  'placeholder-zone': 'a reserved example domain (RFC 2606), which no registrar delegates: use a DNS zone you own',
  'placeholder-repository': 'the example organization\'s repository: point it at your own',
} as const;

export type PlaceholderRule = keyof typeof PLACEHOLDER_RULES;

/** Domains reserved for documentation (RFC 2606, RFC 6761): never a real zone. */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/;

/** The rule a scalar at `path` breaks, if it is a placeholder. */
export function placeholderRule(path: readonly (string | number)[], value: string): PlaceholderRule | undefined {
  const key = [...path].reverse().find((segment): segment is string => typeof segment === 'string') ?? '';
  if (/replace[-_ ]?with|placeholder/i.test(value)) return 'placeholder-marker';
  if (/^ocid1\.[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]*example/.test(value)) return 'placeholder-ocid';
  if (/^age1q+$/.test(value)) return 'placeholder-age-recipient';
  if (key === 'bucket' && path[0] === 'state' && /example/.test(value)) return 'placeholder-state-bucket';
  if (key === 'zone' && RESERVED_DOMAIN.test(value.toLowerCase().replace(/\.$/, ''))) return 'placeholder-zone';
  if (/^(https:\/\/|ssh:\/\/git@|git@)(github\.com|gitlab\.com)[/:]example\//.test(value)) return 'placeholder-repository';
  return undefined;
}

/** One placeholder in one file, before deciding whether it reaches a cluster. */
interface Hit {
  readonly file: string;
  readonly line: number;
  readonly path: readonly (string | number)[];
  readonly value: string;
  readonly rule: PlaceholderRule;
}

/** Every placeholder scalar of one YAML file, with its path and line. Unparsable files yield none (the loader reports them). */
export function scanFile(text: string, file: string): Hit[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) return [];
  const hits: Hit[] = [];
  const walk = (node: Node | null | undefined, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === 'string' || typeof key === 'number') walk(pair.value as Node, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const rule = placeholderRule(path, node.value);
      if (rule) hits.push({ file, line: lines.linePos(node.range?.[0] ?? 0).line, path, value: node.value, rule });
    }
  };
  walk(doc.contents as Node, []);
  return hits;
}

/** What a deploy (or a doctor run) is about: clusters, and whether the Terraform state bucket is used. */
export interface PlaceholderScope {
  /** Clusters whose effective values count. */
  readonly clusters: readonly Cluster[];
  /** Every stack keeps its state in the bucket: count state.* and project.* of defaults.yaml. */
  readonly state: boolean;
}

function getIn(data: unknown, path: readonly (string | number)[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * The placeholders left in `dir` (environments/) that reach the scope: in defaults.yaml's state
 * and project, and every value a cluster of the scope actually uses (a defaults.yaml or
 * clusterDefaults placeholder that the cluster overrides does not count). Each is a Problem:
 * file, line, the cluster's field path, the value, the rule and how to fix it. Sorted by file and line.
 */
export function findPlaceholders(dir: string, scope: PlaceholderScope, options: { readonly relativeTo?: string } = {}): Problem[] {
  const display = (file: string) => relative(options.relativeTo ?? process.cwd(), join(dir, file)) || file;
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const defaultsName = files.find((f) => /^defaults\.ya?ml$/.test(f));
  const problems = new Map<string, Problem>();
  const add = (hit: Hit, path: string) => {
    const key = `${hit.file}:${hit.line}:${hit.path.join('.')}`;
    if (!problems.has(key)) problems.set(key, { file: hit.file, line: hit.line, path, value: hit.value, rule: hit.rule, message: PLACEHOLDER_RULES[hit.rule] });
  };
  const dotted = (path: readonly (string | number)[]) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${s}`)).join('');
  // A layer's value counts for a cluster when no more specific layer sets that field and the merged cluster holds it.
  const layers = new Map<string, unknown>();
  for (const file of files) {
    const doc = parseDocument(readFileSync(join(dir, file), 'utf8'), { prettyErrors: false });
    if (doc.errors.length === 0) layers.set(file.replace(/\.ya?ml$/, ''), doc.toJS({ maxAliasCount: 100 }));
  }
  const setBelow = (cluster: Cluster, path: readonly (string | number)[], from: 'defaults' | 'clusterDefaults') => {
    const environment = layers.get(cluster.environment);
    return getIn(environment, ['clusters', cluster.name, ...path]) !== undefined || (from === 'defaults' && getIn(environment, ['clusterDefaults', ...path]) !== undefined);
  };
  const uses = (cluster: Cluster, path: readonly (string | number)[], value: string, from?: 'defaults' | 'clusterDefaults') =>
    getIn(cluster, path) === value && (from === undefined || !setBelow(cluster, path, from));

  for (const file of files) {
    const hits = scanFile(readFileSync(join(dir, file), 'utf8'), display(file));
    if (hits.length === 0) continue;
    if (file === defaultsName) {
      for (const hit of hits) {
        const [top, ...rest] = hit.path;
        if (top === 'state' || top === 'project') {
          if (scope.state) add(hit, dotted(hit.path));
        } else if (top === 'cluster') {
          for (const cluster of scope.clusters) if (uses(cluster, rest, hit.value, 'defaults')) add(hit, dotted(['clusters', cluster.name, ...rest]));
        } else if (top === 'sizes') {
          for (const cluster of scope.clusters) if (uses(cluster, ['nodePools', ...rest.slice(2)], hit.value)) add(hit, dotted(['clusters', cluster.name, 'nodePools', ...rest.slice(2)]));
        } else if (scope.clusters.length > 0 || scope.state) {
          add(hit, dotted(hit.path));
        }
      }
      continue;
    }
    const environment = file.replace(/\.ya?ml$/, '');
    const clusters = scope.clusters.filter((c) => c.environment === environment);
    for (const hit of hits) {
      const [top, ...rest] = hit.path;
      if (top === 'clusterDefaults') {
        for (const cluster of clusters) if (uses(cluster, rest, hit.value, 'clusterDefaults')) add(hit, dotted(['clusters', cluster.name, ...rest]));
      } else if (top === 'clusters') {
        const cluster = clusters.find((c) => c.name === rest[0]);
        if (cluster && uses(cluster, rest.slice(1), hit.value)) add(hit, dotted(hit.path));
      } else if (clusters.length > 0) {
        add(hit, dotted(hit.path));
      }
    }
  }
  return [...problems.values()].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path));
}
