import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { App, TerraformStack } from 'cdktf';
import { loadPlatform, type Platform } from '../config/load';
import { buildStacks } from '../stacks/index';
import { stackOwner } from './diff/owners';
import { command, runIfMain } from './run-cli';

export interface StackInfo {
  readonly name: string;
  /** null for stacks no single environment owns (`state`). */
  readonly environment: string | null;
  readonly cluster: string | null;
}

export function outlineOf(platform: Platform) {
  return {
    environments: platform.environments.map((e) => e.name),
    clusters: platform.clusters.map((c) => ({ name: c.name, environment: c.environment })),
  };
}

/** Shared stacks first, then by environment, cluster and name: the order they are usually deployed in. */
export function sortStacks(stacks: readonly StackInfo[]): StackInfo[] {
  const key = (s: StackInfo) => [s.environment === null ? 0 : 1, s.environment ?? '', s.cluster ?? '', s.name].join('\u0000');
  return [...stacks].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Every stack the environments define, with its environment and cluster. Built in memory from the
 * platform by the same code synth runs (nothing is written), so it is never stale.
 * Throws ConfigError for invalid environment files.
 */
export async function listStacks(root: string): Promise<StackInfo[]> {
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  // App creates its output folder when constructed; nothing is written, so it goes to a scratch one.
  const scratch = mkdtempSync(join(tmpdir(), 'cheapk8s-stacks-'));
  const app = new App({ stackTraces: false, outdir: scratch });
  try {
    await buildStacks(app, platform);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const outline = outlineOf(platform);
  const names = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
  return sortStacks(names.map((name) => ({ name, ...stackOwner(name, outline) })));
}

export function formatStackTable(stacks: readonly StackInfo[]): string {
  const rows = [['STACK', 'ENVIRONMENT', 'CLUSTER'], ...stacks.map((s) => [s.name, s.environment ?? '(shared)', s.cluster ?? '-'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** `npm run stacks [-- --json]`: exit 0, or 1 for invalid environment files, 2 for an internal error. */
async function stacks(argv: string[], cwd: string): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`stacks: ${(error as Error).message}\nusage: npm run stacks -- [--json]\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write('usage: npm run stacks -- [--json]\n');
    return 0;
  }
  const list = await listStacks(cwd);
  process.stdout.write(args.json ? `${JSON.stringify(list, null, 2)}\n` : formatStackTable(list));
  return 0;
}

export const main = command('stacks', stacks);

runIfMain(import.meta.url, main);
