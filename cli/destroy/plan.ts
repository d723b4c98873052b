import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackLayer } from '../../stacks/names';
import { STATE_STACK } from '../../stacks/names';

/**
 * The order a cluster's stacks are destroyed in when their dependencies leave a tie: the reverse of
 * a deploy (DNS records point at the cluster, the cluster sits in the network, the nodes' IAM goes
 * last so the cloud controller and the CSI driver keep their rights until the nodes are gone).
 */
export const DESTROY_LAYER_ORDER: readonly StackLayer[] = ['dns', 'cluster', 'network', 'iam'];

/** A synthesized stack as cdktf.out/ holds it. */
export interface SynthesizedStack {
  readonly name: string;
  /** Its folder in cdktf.out/stacks/, where terraform runs. */
  readonly dir: string;
  /** Stacks whose outputs it reads through remote state (manifest.json). */
  readonly dependencies: readonly string[];
  /** Terraform addresses of its resources with lifecycle.prevent_destroy (the state bucket, created zones). */
  readonly protectedResources: readonly string[];
}

/** Thrown for a request the destroy cannot satisfy: the message says why and what to do (exit 1). */
export class DestroyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestroyRefused';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `type.name` of every resource of a synthesized stack whose lifecycle sets prevent_destroy. */
export function protectedResourcesOf(stackJson: unknown): string[] {
  const addresses: string[] = [];
  const resources = isRecord(stackJson) && isRecord(stackJson.resource) ? stackJson.resource : {};
  for (const [type, byName] of Object.entries(resources)) {
    if (!isRecord(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (isRecord(body) && isRecord(body.lifecycle) && body.lifecycle.prevent_destroy === true) addresses.push(`${type}.${name}`);
    }
  }
  return addresses.sort();
}

/** Every stack of a synthesized cdktf.out/ (or a kept copy of one), from its manifest.json. */
export function readSynthesizedStacks(outdir: string): Map<string, SynthesizedStack> {
  const manifestPath = join(outdir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new DestroyRefused(`${outdir} holds no manifest.json: it is not a synthesized cdktf.out/`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks?: Record<string, { dependencies?: string[]; synthesizedStackPath?: string }> };
  const stacks = new Map<string, SynthesizedStack>();
  for (const [name, entry] of Object.entries(manifest.stacks ?? {})) {
    const dir = join(outdir, 'stacks', name);
    const file = join(outdir, entry.synthesizedStackPath ?? join('stacks', name, 'cdk.tf.json'));
    const json: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    stacks.set(name, { name, dir, dependencies: [...(entry.dependencies ?? [])].sort(), protectedResources: protectedResourcesOf(json) });
  }
  return stacks;
}

/** `<cluster>` of a `<cluster>-<layer>` stack name, or undefined (the state stack, anything else). */
export function clusterOfStack(stack: string): { cluster: string; layer: StackLayer } | undefined {
  for (const layer of DESTROY_LAYER_ORDER) {
    if (stack.endsWith(`-${layer}`) && stack.length > layer.length + 1) return { cluster: stack.slice(0, -(layer.length + 1)), layer };
  }
  return undefined;
}

/** The cluster names of a set of stacks, sorted. */
export function clustersOf(stacks: Iterable<string>): string[] {
  return [...new Set([...stacks].map((s) => clusterOfStack(s)?.cluster).filter((c): c is string => c !== undefined))].sort();
}

function layerRank(stack: string): number {
  const layer = clusterOfStack(stack)?.layer;
  return layer === undefined ? DESTROY_LAYER_ORDER.length : DESTROY_LAYER_ORDER.indexOf(layer);
}

/**
 * The stacks in the order they can be destroyed: a stack before every stack it reads (its
 * dependents first), ties broken by DESTROY_LAYER_ORDER then name. Deterministic.
 */
export function destroyOrder(stacks: readonly SynthesizedStack[]): SynthesizedStack[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  // A stack can go once no remaining stack of the selection reads it.
  const readers = new Map<string, Set<string>>(stacks.map((s) => [s.name, new Set<string>()]));
  for (const stack of stacks) for (const dependency of stack.dependencies) readers.get(dependency)?.add(stack.name);
  const order: SynthesizedStack[] = [];
  const left = new Set(byName.keys());
  while (left.size > 0) {
    const ready = [...left].filter((name) => [...readers.get(name)!].every((reader) => !left.has(reader)));
    // A cycle cannot come out of cdktf (it refuses one at synth); take the rest as they sort.
    const candidates = ready.length > 0 ? ready : [...left];
    candidates.sort((a, b) => layerRank(a) - layerRank(b) || a.localeCompare(b));
    const next = candidates[0]!;
    order.push(byName.get(next)!);
    left.delete(next);
  }
  return order;
}

export interface DestroyStep {
  readonly stack: string;
  /** Where the commands run (the stack's synthesized folder). */
  readonly dir: string;
  /** The terraform commands, in order, each as argv without the program name. */
  readonly commands: readonly (readonly string[])[];
  readonly protectedResources: readonly string[];
}

export interface DestroyPlan {
  /** What was asked for: a cluster name or a stack name. The confirmation asks for it. */
  readonly target: string;
  readonly kind: 'cluster' | 'stack';
  readonly steps: readonly DestroyStep[];
  /** Stacks outside the selection that read a stack of it, with the stacks they read. */
  readonly readers: readonly { readonly stack: string; readonly reads: readonly string[] }[];
  /** Protected resources that stop the run unless they are kept (--keep-protected). */
  readonly blocked: readonly { readonly stack: string; readonly address: string }[];
}

export interface PlanOptions {
  /** Remove protected resources from the state before the destroy so they stay. @default false */
  readonly keepProtected?: boolean;
  /** Destroy without Terraform's own approval prompt (the confirmation was given already). @default false */
  readonly autoApprove?: boolean;
}

/**
 * Which stacks `target` names and the terraform commands that destroy them. A cluster's stacks
 * never include `state`; `state` is destroyed only when named on its own. Throws DestroyRefused
 * for a name that is neither a stack nor a cluster of `stacks`.
 */
export function planDestroy(stacks: ReadonlyMap<string, SynthesizedStack>, target: string, options: PlanOptions = {}): DestroyPlan {
  let selected: SynthesizedStack[];
  let kind: DestroyPlan['kind'];
  const byCluster = [...stacks.values()].filter((s) => s.name !== STATE_STACK && clusterOfStack(s.name)?.cluster === target);
  if (stacks.has(target)) {
    selected = [stacks.get(target)!];
    kind = 'stack';
  } else if (byCluster.length > 0) {
    selected = byCluster;
    kind = 'cluster';
  } else {
    const clusters = clustersOf(stacks.keys());
    throw new DestroyRefused(
      `${JSON.stringify(target)} is neither a stack nor a cluster of these stacks.\n` +
        `  clusters: ${clusters.join(', ') || '(none)'}\n  stacks: ${[...stacks.keys()].sort().join(', ') || '(none)'}`,
    );
  }
  const names = new Set(selected.map((s) => s.name));
  const readers = [...stacks.values()]
    .filter((s) => !names.has(s.name))
    .map((s) => ({ stack: s.name, reads: s.dependencies.filter((d) => names.has(d)) }))
    .filter((r) => r.reads.length > 0)
    .sort((a, b) => a.stack.localeCompare(b.stack));
  const keep = options.keepProtected ?? false;
  const steps = destroyOrder(selected).map((stack): DestroyStep => {
    const commands: string[][] = [['init', '-input=false']];
    if (keep) for (const address of stack.protectedResources) commands.push(['state', 'rm', address]);
    commands.push(options.autoApprove ? ['destroy', '-input=false', '-auto-approve'] : ['destroy']);
    return { stack: stack.name, dir: stack.dir, commands, protectedResources: stack.protectedResources };
  });
  const blocked = keep ? [] : steps.flatMap((s) => s.protectedResources.map((address) => ({ stack: s.stack, address })));
  return { target, kind, steps, readers, blocked };
}

/** What a protected resource is, for the call-out. */
function describeProtected(address: string): string {
  const type = address.split('.')[0]!;
  if (type === 'aws_s3_bucket') return 'the Terraform state bucket (it holds the state of every other stack)';
  if (/zone$/.test(type)) return 'a DNS zone (records of other hosts may live in it; its name servers are delegated to it)';
  return 'a resource marked prevent_destroy';
}

/** The call-out for protected resources: what they are and what the user must do. */
export function formatProtected(plan: DestroyPlan, options: { keepProtected?: boolean; terraform?: string } = {}): string {
  const lines: string[] = [];
  for (const step of plan.steps) {
    for (const address of step.protectedResources) {
      lines.push(`  ${step.stack}: ${address}, ${describeProtected(address)}, has prevent_destroy: terraform refuses to destroy it.`);
    }
  }
  if (lines.length === 0) return '';
  const deleteByHand = [
    '  To delete them as well, delete them by hand after the run (a zone in its provider\'s console, the state',
    '  bucket with every object version emptied first); nothing here turns prevent_destroy off.',
  ];
  if (options.keepProtected) {
    return ['Protected resources (kept: removed from the state first, they stay in the cloud, no longer managed by Terraform):', ...lines, ...deleteByHand].join('\n');
  }
  return [
    'Protected resources:',
    ...lines,
    '  To keep them (they stay in the cloud, no longer managed by Terraform), pass --keep-protected: each is',
    `  removed from its stack's state first (${options.terraform ?? 'terraform'} state rm <address>), then the rest is destroyed.`,
    ...deleteByHand,
  ].join('\n');
}

/** The plan as the commands it runs, one line each, with where they run. */
export function formatPlan(plan: DestroyPlan, relativeTo: (dir: string) => string, terraform = 'terraform'): string {
  const lines = [`Destroy ${plan.kind} ${plan.target}: ${plan.steps.length} stack${plan.steps.length === 1 ? '' : 's'}, in this order: ${plan.steps.map((s) => s.stack).join(', ')}`];
  for (const step of plan.steps) {
    lines.push(`  ${step.stack} (in ${relativeTo(step.dir)}):`);
    for (const command of step.commands) lines.push(`    ${terraform} ${command.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
