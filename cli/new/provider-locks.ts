import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { loadPlatform } from '../../config/load';
import { LOCKS_DIR, lockFileOf, requiredProviders, satisfies, type RequiredProvider } from '../../policy/provider-locks';
import { WAIVERS_FILE } from '../../policy/waivers';
import { buildStacks } from '../../stacks/index';
import { stackOwner } from '../diff/owners';
import { outlineOf } from '../stacks';

/** The reason alias the provider-lock waivers of stacks that could not be locked offline share (policy/waivers.yaml). */
export const UNLOCKED_ALIAS = 'unlocked-offline';

/** What happened to one new stack's provider lock. */
export interface StackLock {
  readonly stack: string;
  /** derived: written from other committed locks; locked: written by providers:lock; waived: a waiver added; none: requires no provider. */
  readonly outcome: 'derived' | 'locked' | 'waived' | 'none';
  /** For derived: the committed lock each provider block came from. */
  readonly sources?: readonly string[];
}

/** Each stack of `cluster` with its required providers, synthesized in a scratch folder (nothing is written to the project). */
export async function clusterStacks(root: string, cluster: string): Promise<Map<string, RequiredProvider[]>> {
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const scratch = mkdtempSync(join(tmpdir(), 'cheapk8s-new-locks-'));
  try {
    const app = new App({ stackTraces: false, outdir: scratch });
    await buildStacks(app, platform);
    app.synth();
    const outline = outlineOf(platform);
    const out = new Map<string, RequiredProvider[]>();
    const names = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
    for (const name of names.sort()) {
      if (stackOwner(name, outline).cluster !== cluster) continue;
      const json = JSON.parse(readFileSync(join(scratch, 'stacks', name, 'cdk.tf.json'), 'utf8')) as unknown;
      out.set(name, requiredProviders(json));
    }
    return out;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The raw `provider "<address>" { ... }` blocks of a lock file, by lower-case address. */
function rawBlocks(text: string): Map<string, { text: string; version?: string }> {
  const out = new Map<string, { text: string; version?: string }>();
  for (const match of text.matchAll(/^provider\s+"([^"]+)"\s*\{[\s\S]*?^\}/gm)) {
    const version = /^\s*version\s*=\s*"([^"]*)"/m.exec(match[0])?.[1];
    out.set(match[1]!.toLowerCase(), { text: match[0], ...(version !== undefined ? { version } : {}) });
  }
  return out;
}

/**
 * The lock of a stack requiring `providers`, assembled from the committed locks of other stacks,
 * or undefined when some provider is locked nowhere at a version its constraint allows.
 *
 * A lock file is a function of the provider address, its version and the platforms it was locked
 * for (plus the `constraints` line, which records the configuration's constraint): nothing in it
 * depends on the stack. So a block another stack locked at a version this stack's constraint allows
 * is exactly what `terraform providers lock` would write here, and it is copied verbatim. A block
 * whose recorded constraint is the same string is preferred; otherwise only its `constraints` line
 * is set to this stack's constraint, as terraform init writes it.
 */
export function deriveLock(root: string, providers: readonly RequiredProvider[]): { text: string; sources: string[] } | undefined {
  const dir = join(root, LOCKS_DIR);
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.terraform.lock.hcl')).sort();
  const locks = files.map((f) => ({ file: `${LOCKS_DIR}/${f}`, blocks: rawBlocks(readFileSync(join(dir, f), 'utf8')) }));
  const blocks: string[] = [];
  const sources = new Set<string>();
  for (const provider of [...providers].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))) {
    const candidates = locks.flatMap(({ file, blocks: all }) => {
      const block = all.get(provider.address);
      if (!block?.version || !/hashes\s*=\s*\[\s*"/.test(block.text)) return [];
      if (provider.constraint !== undefined && satisfies(block.version, provider.constraint) !== true) return [];
      return [{ file, block }];
    });
    if (candidates.length === 0) return undefined;
    const recorded = (text: string) => /^\s*constraints\s*=\s*"([^"]*)"/m.exec(text)?.[1];
    const chosen = candidates.find((c) => recorded(c.block.text) === (provider.constraint ?? undefined)) ?? candidates[0]!;
    let text = chosen.block.text;
    if (recorded(text) !== provider.constraint) {
      text = provider.constraint === undefined ? text.replace(/^\s*constraints\s*=.*\n/m, '') : text.replace(/^(\s*constraints\s*=\s*)"[^"]*"/m, `$1"${provider.constraint}"`);
    }
    blocks.push(text);
    sources.add(chosen.file);
  }
  const header = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';
  return { text: `${header}\n${blocks.join('\n\n')}\n`, sources: [...sources] };
}

/**
 * Adds one `provider-lock` waiver per stack to policy/waivers.yaml, after the last provider-lock
 * entry, reusing the `*unlocked-offline` reason alias. Text insertion, so every comment and the
 * folding of the other entries stay as they are. Stacks already waived are skipped. Returns the
 * stacks it added, or undefined when the file or the anchored entry is missing.
 */
export function addLockWaivers(root: string, stacks: readonly string[]): string[] | undefined {
  const path = join(root, WAIVERS_FILE);
  if (!existsSync(path)) return undefined;
  const lines = readFileSync(path, 'utf8').split('\n');
  if (!lines.some((l) => l.includes(`&${UNLOCKED_ALIAS}`))) return undefined;
  const resource = (stack: string) => `"${stack}:provider-lock:*"`;
  const todo = stacks.filter((s) => !lines.some((l) => l.trim() === `resource: ${resource(s)}`));
  let last = -1;
  lines.forEach((line, i) => {
    if (/^\s*- rule: provider-lock\s*$/.test(line)) last = i;
  });
  if (last < 0) return undefined;
  const indent = /^(\s*)-/.exec(lines[last]!)![1]!;
  // The entry runs until the next list item, a comment or a blank line at its own indentation or less.
  let end = last + 1;
  while (end < lines.length && lines[end]!.startsWith(`${indent}  `)) end++;
  const added = todo.flatMap((s) => [`${indent}- rule: provider-lock`, `${indent}  resource: ${resource(s)}`, `${indent}  reason: *${UNLOCKED_ALIAS}`]);
  lines.splice(end, 0, ...added);
  writeFileSync(path, lines.join('\n'));
  return todo;
}

export interface SettleOptions {
  /** Run providers:lock for stacks that cannot be derived. @default false */
  readonly lock?: boolean;
  /** Runs `npm run providers:lock -- <stacks>` and resolves to its exit code. */
  readonly runLock: (stacks: string[]) => Promise<number>;
}

/**
 * Leaves each stack of a new cluster as a maintainer would: its lock derived from committed locks
 * when they cover it; else locked with providers:lock when `lock` is set; else waived (rule
 * provider-lock) until someone locks it online. Returns what happened and the text to print.
 */
export async function settleProviderLocks(root: string, cluster: string, options: SettleOptions): Promise<{ locks: StackLock[]; report: string; failed: boolean }> {
  const stacks = await clusterStacks(root, cluster);
  const locks: StackLock[] = [];
  const pending: string[] = [];
  for (const [stack, providers] of stacks) {
    if (providers.length === 0) locks.push({ stack, outcome: 'none' });
    else if (existsSync(join(root, lockFileOf(stack)))) locks.push({ stack, outcome: 'locked' });
    else {
      const derived = deriveLock(root, providers);
      if (!derived) {
        pending.push(stack);
        continue;
      }
      mkdirSync(join(root, LOCKS_DIR), { recursive: true });
      writeFileSync(join(root, lockFileOf(stack)), derived.text);
      locks.push({ stack, outcome: 'derived', sources: derived.sources });
    }
  }
  let failed = false;
  let report = locks
    .filter((l) => l.outcome === 'derived')
    .map((l) => `wrote ${lockFileOf(l.stack)}, derived offline from ${l.sources!.join(', ')} (same providers and versions)\n`)
    .join('');
  if (pending.length > 0 && options.lock) {
    const code = await options.runLock([...pending]);
    if (code === 0) {
      locks.push(...pending.map((stack) => ({ stack, outcome: 'locked' as const })));
      pending.length = 0;
    } else {
      failed = true;
      report += `warning: npm run providers:lock -- ${pending.join(' ')} failed (exit ${code}); waiving the locks instead\n`;
    }
  }
  if (pending.length > 0) {
    const added = addLockWaivers(root, pending);
    locks.push(...pending.map((stack) => ({ stack, outcome: 'waived' as const })));
    report +=
      `warning: no committed lock covers the providers of ${pending.join(', ')}` +
      (added ? `; added provider-lock waivers (reason *${UNLOCKED_ALIAS}) to ${WAIVERS_FILE}` : `; ${WAIVERS_FILE} has no *${UNLOCKED_ALIAS} entry to extend, so npm run check reports them`) +
      `. The CI plan refuses these stacks (terraform init -lockfile=readonly) until you run \`npm run providers:lock -- ${pending.join(' ')}\` where the registry is reachable, commit terraform/locks/ and delete the waivers (docs/ci.md#provider-lock-files)\n`;
  }
  locks.sort((a, b) => (a.stack < b.stack ? -1 : 1));
  return { locks, report, failed };
}
