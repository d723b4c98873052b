import { readStacks } from '../diff/terraform';
import { isPlainObject } from '../diff/values';
import { label, nodeId, page } from './mermaid';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StackNode {
  readonly name: string;
  /** From the state key `<environment>/<stack>.tfstate` (stacks/names.ts); null for `state` and other shared stacks. */
  readonly environment: string | null;
}

export interface StackEdge {
  /** The stack whose outputs are read: deploy it first. */
  readonly from: string;
  readonly to: string;
}

export interface StackGraph {
  readonly nodes: readonly StackNode[];
  readonly edges: readonly StackEdge[];
}

function backendKey(config: Record<string, unknown>): string | undefined {
  const backend = isPlainObject(config.terraform) ? config.terraform.backend : undefined;
  if (!isPlainObject(backend)) return undefined;
  for (const settings of Object.values(backend)) if (isPlainObject(settings) && typeof settings.key === 'string') return settings.key;
  return undefined;
}

/**
 * Stacks and who reads whom: the `dependencies` cdktf records in manifest.json, and every
 * `terraform_remote_state` data source matched to the stack whose backend key it reads (which also
 * covers remote state wired by hand, outside cdktf's cross-stack references).
 */
export function stackGraph(cdktfOut: string): StackGraph {
  const stacks = readStacks(cdktfOut);
  const byKey = new Map<string, string>();
  const nodes: StackNode[] = [];
  for (const [name, config] of stacks) {
    const key = backendKey(config);
    if (key) byKey.set(key, name);
    const environment = key && key.includes('/') ? key.slice(0, key.indexOf('/')) : null;
    nodes.push({ name, environment });
  }
  const edges = new Set<string>();
  const manifestPath = join(cdktfOut, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks?: Record<string, { dependencies?: string[] }> };
    for (const [name, entry] of Object.entries(manifest.stacks ?? {})) for (const dep of entry.dependencies ?? []) edges.add(`${dep}\n${name}`);
  }
  for (const [name, config] of stacks) {
    const data = isPlainObject(config.data) ? config.data.terraform_remote_state : undefined;
    for (const source of isPlainObject(data) ? Object.values(data) : []) {
      const key = isPlainObject(source) && isPlainObject(source.config) ? source.config.key : undefined;
      const producer = typeof key === 'string' ? byKey.get(key) : undefined;
      if (producer && producer !== name) edges.add(`${producer}\n${name}`);
    }
  }
  return {
    nodes,
    edges: [...edges].sort().map((e) => {
      const [from, to] = e.split('\n') as [string, string];
      return { from, to };
    }),
  };
}

/** Mermaid flowchart: one subgraph per environment, shared stacks outside. */
export function renderStackGraph(graph: StackGraph): string {
  const lines = ['flowchart LR'];
  const environments = [...new Set(graph.nodes.map((n) => n.environment).filter((e): e is string => e !== null))].sort();
  for (const node of graph.nodes.filter((n) => n.environment === null)) lines.push(`  ${nodeId('s', node.name)}[(${label(node.name)})]`);
  for (const environment of environments) {
    lines.push(`  subgraph ${nodeId('env', environment)}[${label(environment)}]`);
    for (const node of graph.nodes.filter((n) => n.environment === environment)) lines.push(`    ${nodeId('s', node.name)}[${label(node.name)}]`);
    lines.push('  end');
  }
  for (const edge of graph.edges) lines.push(`  ${nodeId('s', edge.from)} --> ${nodeId('s', edge.to)}`);
  return page(
    'Stacks',
    [
      'Every CDKTF stack, grouped by environment. An arrow `A --> B` means B reads A\'s outputs through',
      'remote state, so A is deployed first. Every stack but `state` keeps its state in the bucket the',
      '`state` stack creates.',
    ],
    lines,
  );
}
