import { isPlainObject } from '../diff/values';
import type { Built } from './kustomize';
import { label, nodeId, page } from './mermaid';

export type FluxKind = 'Kustomization' | 'HelmRelease';

export interface FluxNode {
  readonly kind: FluxKind;
  readonly namespace: string;
  readonly name: string;
  /** The folder (Flux path) the object is applied from; undefined for a dependsOn target nothing applies. */
  readonly from?: string;
  /** HelmRelease: `<chart> <version>`, from the release (HelmRepository charts) or the OCIRepository its chartRef names. */
  readonly chart?: string;
}

export interface FluxEdge {
  readonly from: string;
  readonly to: string;
  /** `dependsOn`: `to` waits for `from`; `applies`: the Kustomization `from` applies `to`. */
  readonly type: 'dependsOn' | 'applies';
}

export interface ClusterGraph {
  readonly cluster: string;
  readonly nodes: readonly FluxNode[];
  readonly edges: readonly FluxEdge[];
  /** Folders read file by file rather than built with kustomize (patches not applied). */
  readonly approximated: readonly string[];
}

const GROUPS: Record<FluxKind, string> = { Kustomization: 'kustomize.toolkit.fluxcd.io/', HelmRelease: 'helm.toolkit.fluxcd.io/' };

export function fluxKey(kind: FluxKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function keyOf(node: FluxNode): string {
  return fluxKey(node.kind, node.namespace, node.name);
}

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}

interface Found {
  readonly node: FluxNode;
  readonly value: Record<string, unknown>;
}

function fluxObject(doc: unknown, from: string): Found | undefined {
  if (!isPlainObject(doc) || typeof doc.apiVersion !== 'string') return undefined;
  const kind = doc.kind as FluxKind;
  if (!Object.hasOwn(GROUPS, kind) || !doc.apiVersion.startsWith(GROUPS[kind])) return undefined;
  const name = get(doc, 'metadata', 'name');
  if (typeof name !== 'string') return undefined;
  const namespace = (get(doc, 'metadata', 'namespace') as string | undefined) ?? 'default';
  const chart = get(doc, 'spec', 'chart', 'spec', 'chart');
  const version = get(doc, 'spec', 'chart', 'spec', 'version');
  const node: FluxNode = { kind, namespace, name, from, ...(typeof chart === 'string' ? { chart: `${chart}${version ? ` ${String(version)}` : ''}` } : {}) };
  return { node, value: doc };
}

/** A Kustomization's spec.path as a folder of the gitops tree (Flux paths are relative to the repository root). */
export function treePath(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const clean = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return clean.startsWith('gitops/') ? clean.slice('gitops/'.length) : clean === 'gitops' ? '' : clean;
}

/**
 * What Flux reconciles on one cluster: it builds `clusters/<cluster>` (the path of the cluster's
 * flux-system Kustomization), then the path of every Kustomization found, until no new path turns
 * up. `build` returns what a path applies (kustomize.ts). dependsOn is read after patches, so
 * per-cluster install orders written as patches show.
 */
export function clusterGraph(cluster: string, build: (dir: string) => Built): ClusterGraph {
  const root = `clusters/${cluster}`;
  const nodes = new Map<string, Found>();
  const edges = new Map<string, FluxEdge>();
  const add = (edge: FluxEdge) => edges.set(`${edge.from}|${edge.to}|${edge.type}`, edge);
  const approximated: string[] = [];
  const queue: { dir: string; owner?: string }[] = [{ dir: root }];
  const seen = new Set<string>();
  /** `<namespace>/<name>` of OCIRepositories -> `<chart> <tag>`, for HelmReleases with a chartRef. */
  const ociCharts = new Map<string, string>();
  while (queue.length > 0) {
    const { dir, owner: given } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const built = build(dir);
    if (!built.exact) approximated.push(dir);
    for (const doc of built.docs) {
      if (get(doc, 'kind') !== 'OCIRepository') continue;
      const url = get(doc, 'spec', 'url');
      const tag = get(doc, 'spec', 'ref', 'tag');
      const name = get(doc, 'metadata', 'name');
      if (typeof url === 'string' && typeof name === 'string') {
        ociCharts.set(`${(get(doc, 'metadata', 'namespace') as string | undefined) ?? 'default'}/${name}`, `${url.replace(/\/+$/, '').split('/').pop()}${tag ? ` ${String(tag)}` : ''}`);
      }
    }
    const found = built.docs.map((d) => fluxObject(d, dir)).filter((f): f is Found => f !== undefined);
    // The cluster folder is applied by its own flux-system Kustomization, which it contains.
    const self = found.find((f) => f.node.kind === 'Kustomization' && treePath(get(f.value, 'spec', 'path')) === dir);
    const ownerKey = given ?? (self && keyOf(self.node));
    for (const object of found) {
      const key = keyOf(object.node);
      if (nodes.has(key)) continue;
      nodes.set(key, object);
      if (ownerKey && ownerKey !== key) add({ from: ownerKey, to: key, type: 'applies' });
      // A Kustomization with its own GitRepository (a tenant's apps) applies another repository.
      const ownSource = get(object.value, 'spec', 'sourceRef', 'name') === undefined || get(object.value, 'spec', 'sourceRef', 'name') === 'flux-system';
      const path = object.node.kind === 'Kustomization' && ownSource ? treePath(get(object.value, 'spec', 'path')) : undefined;
      if (path !== undefined && !seen.has(path)) queue.push({ dir: path, owner: key });
    }
  }
  for (const [key, found] of [...nodes]) {
    const ref = get(found.value, 'spec', 'chartRef');
    if (found.node.chart === undefined && get(ref, 'kind') === 'OCIRepository') {
      const chart = ociCharts.get(`${(get(ref, 'namespace') as string | undefined) ?? found.node.namespace}/${String(get(ref, 'name'))}`);
      if (chart) nodes.set(key, { ...found, node: { ...found.node, chart } });
    }
  }
  for (const found of [...nodes.values()]) {
    const dependsOn = get(found.value, 'spec', 'dependsOn');
    for (const dep of Array.isArray(dependsOn) ? dependsOn : []) {
      const name = get(dep, 'name');
      if (typeof name !== 'string') continue;
      const namespace = (get(dep, 'namespace') as string | undefined) ?? found.node.namespace;
      const target = fluxKey(found.node.kind, namespace, name);
      if (!nodes.has(target)) nodes.set(target, { node: { kind: found.node.kind, namespace, name }, value: {} });
      add({ from: target, to: keyOf(found.node), type: 'dependsOn' });
    }
  }
  const sortedNodes = [...nodes.values()].map((f) => f.node).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const sortedEdges = [...edges.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, e]) => e);
  return { cluster, nodes: sortedNodes, edges: sortedEdges, approximated: approximated.sort() };
}

/** Clusters of the tree: the folders under clusters/. */
export function clustersOf(files: Iterable<string>): string[] {
  return [...new Set([...files].map((f) => /^clusters\/([^/]+)\//.exec(f)?.[1]).filter((c): c is string => c !== undefined))].sort();
}

function id(key: string): string {
  const [kind, namespace, name] = key.split('/') as [FluxKind, string, string];
  return nodeId(kind === 'Kustomization' ? 'k' : 'h', namespace, name);
}

export function renderClusterGraph(graph: ClusterGraph): string {
  const lines = [
    'flowchart LR',
    '  classDef kustomization fill:#e8f0fe,stroke:#4a6fa5',
    '  classDef helmrelease fill:#e6f4ea,stroke:#3c8d40',
    '  classDef missing fill:#fde8e8,stroke:#c5221f,stroke-dasharray:4 2',
  ];
  for (const node of graph.nodes) {
    const key = fluxKey(node.kind, node.namespace, node.name);
    const text = label(node.kind, `${node.namespace}/${node.name}`, ...(node.chart ? [node.chart] : []), ...(node.from ? [] : ['not applied by any Kustomization']));
    const shape = node.kind === 'Kustomization' ? `([${text}])` : `[${text}]`;
    lines.push(`  ${id(key)}${shape}:::${node.from ? node.kind.toLowerCase() : 'missing'}`);
  }
  for (const edge of graph.edges) lines.push(`  ${id(edge.from)} ${edge.type === 'applies' ? '-.->' : '-->'} ${id(edge.to)}`);
  const approximated = graph.approximated.length
    ? ['', `Read file by file (no kustomization file, or kubectl missing; patches not applied): ${graph.approximated.map((d) => `\`${d}\``).join(', ')}.`]
    : [];
  return page(
    `Flux graph: ${graph.cluster}`,
    [
      `What Flux reconciles on \`${graph.cluster}\`: \`gitops/clusters/${graph.cluster}/\` and every path its Kustomizations`,
      'apply, built with kustomize as kustomize-controller builds them. Solid arrow `A --> B`: B `dependsOn` A,',
      'so A becomes ready first. Dotted arrow: the Kustomization applies the object. Red: a dependency',
      'nothing applies.',
      ...approximated,
    ],
    lines,
  );
}
