import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackOwner } from './owners';
import { replaceReason, TERRAFORM_REPLACE_RULES } from './replace-rules';
import type { SetAttributes } from './set-attributes';
import type { BlockDiff, PlatformOutline, StackDiff, TerraformBlockKind, ValueChange } from './types';
import { canonicalJson, diffValues, isPlainObject } from './values';

/** A stack's synthesized Terraform JSON (cdk.tf.json), by stack name. */
export type StackConfigs = ReadonlyMap<string, Record<string, unknown>>;

/**
 * Reads every stack of a cdktf.out folder: the ones manifest.json lists, else every
 * `stacks/<name>/cdk.tf.json` (a tree written by hand or by an older synth).
 */
export function readStacks(outdir: string): StackConfigs {
  const stacks = new Map<string, Record<string, unknown>>();
  const manifestPath = join(outdir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
    for (const [name, entry] of Object.entries(manifest.stacks ?? {})) {
      const path = join(outdir, entry.synthesizedStackPath ?? join('stacks', name, 'cdk.tf.json'));
      stacks.set(name, JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
    }
  } else if (existsSync(join(outdir, 'stacks'))) {
    for (const name of readdirSync(join(outdir, 'stacks'))) {
      const path = join(outdir, 'stacks', name, 'cdk.tf.json');
      if (existsSync(path)) stacks.set(name, JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
    }
  }
  return new Map([...stacks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** CDKTF's `//` entries (construct paths, unique ids, cross-stack bookkeeping) are not configuration. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) if (key !== '//') out[key] = withoutMetadata(value[key]);
  return out;
}

interface Block {
  readonly kind: TerraformBlockKind;
  readonly address: string;
  /** Resource or data source type, for set-valued attribute lookup. */
  readonly type?: string;
  readonly value: unknown;
}

function entries(value: unknown): [string, unknown][] {
  return isPlainObject(value) ? Object.entries(value).filter(([key]) => key !== '//') : [];
}

/** The addressable blocks of one stack's Terraform JSON, keyed by Terraform address. */
function blocksOf(config: Record<string, unknown>): Map<string, Block> {
  const blocks = new Map<string, Block>();
  const add = (block: Block) => blocks.set(block.address, { ...block, value: withoutMetadata(block.value) });
  for (const [type, byName] of entries(config.resource)) {
    for (const [name, value] of entries(byName)) add({ kind: 'resource', address: `${type}.${name}`, type, value });
  }
  for (const [type, byName] of entries(config.data)) {
    for (const [name, value] of entries(byName)) add({ kind: 'data', address: `data.${type}.${name}`, type, value });
  }
  for (const [name, value] of entries(config.output)) add({ kind: 'output', address: `output.${name}`, value });
  for (const [name, value] of entries(config.provider)) add({ kind: 'provider', address: `provider.${name}`, value });
  for (const [name, value] of entries(config.locals)) add({ kind: 'locals', address: `local.${name}`, value });
  for (const [name, value] of entries(config.variable)) add({ kind: 'variable', address: `var.${name}`, value });
  for (const [name, value] of entries(config.module)) add({ kind: 'module', address: `module.${name}`, value });
  if (config.terraform !== undefined) add({ kind: 'terraform', address: 'terraform', value: config.terraform });
  return blocks;
}

/** Order of kinds in reports: what gets created or destroyed first, settings last. */
const KIND_ORDER: readonly TerraformBlockKind[] = ['resource', 'data', 'module', 'output', 'variable', 'locals', 'provider', 'terraform'];

function byKindThenAddress(a: BlockDiff, b: BlockDiff): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}

function hasPreventDestroy(value: unknown): boolean {
  return isPlainObject(value) && isPlainObject(value.lifecycle) && value.lifecycle.prevent_destroy === true;
}

function compareBlock(before: Block, after: Block, sets: SetAttributes): BlockDiff | undefined {
  if (canonicalJson(before.value) === canonicalJson(after.value)) return undefined;
  const setNames = after.type ? sets.of(after.type, after.kind === 'data') : new Set(['depends_on']);
  const raw = diffValues(before.value, after.value, { isSet: (keys) => setNames.has(keys[keys.length - 1]!) });
  // Only reordered sets: not a change.
  if (raw.length === 0) return undefined;
  const replaceable = after.kind === 'resource' || after.kind === 'provider';
  const guarded = hasPreventDestroy(before.value);
  const changes: ValueChange[] = raw.map((change) => {
    const reason = replaceable ? replaceReason(TERRAFORM_REPLACE_RULES, change.path) : undefined;
    if (!reason) return change;
    return { ...change, likelyReplace: guarded ? `${reason}; prevent_destroy is set, so the plan will fail` : reason };
  });
  return { kind: after.kind, address: after.address, status: 'changed', changes, likelyReplace: changes.some((c) => c.likelyReplace) };
}

function wholeBlocks(blocks: Map<string, Block>, status: 'added' | 'removed'): BlockDiff[] {
  return [...blocks.values()].map((b) => ({ kind: b.kind, address: b.address, status, changes: [], likelyReplace: false }));
}

function stackDiff(stack: string, status: StackDiff['status'], blocks: BlockDiff[], outline: PlatformOutline): StackDiff {
  const resources = { added: 0, removed: 0, changed: 0, likelyReplace: 0 };
  for (const block of blocks) {
    if (block.kind !== 'resource') continue;
    resources[block.status]++;
    if (block.likelyReplace) resources.likelyReplace++;
  }
  return { stack, ...stackOwner(stack, outline), status, blocks: blocks.sort(byKindThenAddress), resources };
}

/** Per stack: blocks added, removed and changed (with attribute-level changes); unchanged stacks are left out. */
export function diffStacks(
  base: StackConfigs,
  head: StackConfigs,
  outlines: { base: PlatformOutline; head: PlatformOutline },
  sets: SetAttributes,
): StackDiff[] {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const result: StackDiff[] = [];
  for (const name of names) {
    const before = base.get(name);
    const after = head.get(name);
    if (!before) result.push(stackDiff(name, 'added', wholeBlocks(blocksOf(after!), 'added'), outlines.head));
    else if (!after) result.push(stackDiff(name, 'removed', wholeBlocks(blocksOf(before), 'removed'), outlines.base));
    else {
      const a = blocksOf(before);
      const b = blocksOf(after);
      const blocks: BlockDiff[] = [];
      for (const address of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(address);
        const y = b.get(address);
        if (!x) blocks.push({ kind: y!.kind, address, status: 'added', changes: [], likelyReplace: false });
        else if (!y) blocks.push({ kind: x.kind, address, status: 'removed', changes: [], likelyReplace: false });
        else {
          const changed = compareBlock(x, y, sets);
          if (changed) blocks.push(changed);
        }
      }
      if (blocks.length > 0) result.push(stackDiff(name, 'changed', blocks, outlines.head));
    }
  }
  return result;
}
