import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { loadPlatform, type Platform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { clusterPins, environmentVersions } from '../../config/promotion';
import { setIn } from './yaml-edit';

/** Thrown for a promotion that cannot be made: the message says why (exit 1). */
export class PromoteRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromoteRefused';
  }
}

/** One value the promotion writes into the target environment's file. */
export interface PinChange {
  /** Path in the file, e.g. ['clusterDefaults', 'components', 'loki', 'version']. */
  readonly path: readonly string[];
  /** What the file says there now; undefined when the value is inherited (from defaults.yaml or clusterDefaults). */
  readonly before?: string;
  /** The value the clusters get from the layers above when the file says nothing. */
  readonly inherited?: string;
  readonly after: string;
}

export interface PromotionPlan {
  readonly from: string;
  readonly to: string;
  /** The target's file, relative to the root. */
  readonly file: string;
  readonly changes: readonly PinChange[];
  /** Pins left alone, and why. */
  readonly notes: readonly string[];
  readonly original: string;
  /** The file with every change made. */
  readonly text: string;
}

function getIn(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * What `npm run promote -- <from> <to>` changes: for every pin the target's clusters have (every
 * component's chart version and tenant service image; k3s, OKE's Kubernetes version and
 * applications where its clusters run them), the version <from>'s clusters run (or pin, where none
 * runs it) is written into <to>'s file: into clusterDefaults, into a cluster entry that overrides
 * it, and for an application where <to> defines it. Pins <from> has several versions of, or none,
 * are left with a note. Throws ConfigError for invalid files, PromoteRefused for bad names.
 */
export function planPromotion(root: string, from: string, to: string): PromotionPlan {
  const dir = join(root, 'environments');
  const platform = loadPlatform(dir, { relativeTo: root, promotionCheck: false });
  const known = platform.environments.map((e) => e.name);
  const source = platform.environments.find((e) => e.name === from);
  const target = platform.environments.find((e) => e.name === to);
  for (const [role, name, env] of [['from', from, source], ['to', to, target]] as const) {
    if (!env) throw new PromoteRefused(`no environment named ${JSON.stringify(name)} (${role}); known: ${known.join(', ')}`);
  }
  if (from === to) throw new PromoteRefused('name two different environments');
  if (target!.promotesFrom !== undefined && target!.promotesFrom !== from) {
    throw new PromoteRefused(`${target!.file} promotes from ${target!.promotesFrom} (promotesFrom), not from ${from}: npm run promote -- ${target!.promotesFrom} ${to}`);
  }
  const file = target!.file;
  const original = readFileSync(join(root, file), 'utf8');
  const raw = parse(original) as Record<string, unknown>;
  const versions = environmentVersions(source!.clusters);
  const notes: string[] = [];
  const changes: PinChange[] = [];

  // Every pin key of the target, in the order its clusters list them.
  const keys = new Map<string, { path: readonly string[]; clusters: { name: string; value: string }[]; inUse: boolean }>();
  for (const cluster of target!.clusters) {
    for (const [key, pin] of clusterPins(cluster)) {
      const entry = keys.get(key) ?? { path: pin.path, clusters: [], inUse: false };
      entry.clusters.push({ name: cluster.name, value: pin.value });
      entry.inUse ||= pin.inUse;
      keys.set(key, entry);
    }
  }
  const planned = new Map<string, PinChange>();
  const plan = (path: readonly string[], after: string, inherited?: string) => {
    const before = getIn(raw, path);
    if (before === after) return;
    planned.set(path.join('\u0000'), { path, after, ...(typeof before === 'string' ? { before } : { inherited }) });
  };
  for (const [key, { path, clusters, inUse }] of keys) {
    const always = path[0] === 'components' || path[0] === 'applications' || path[0] === 'tenantServices';
    if (!inUse && !always) continue;
    const theirs = versions.get(key);
    if (!theirs) {
      notes.push(`${key}: ${from} has none; ${to} keeps ${[...new Set(clusters.map((c) => c.value))].join(', ')}`);
      continue;
    }
    if (theirs.values.length > 1) {
      notes.push(`${key}: ${from} ${theirs.run ? 'runs' : 'pins'} several versions (${theirs.values.join(', ')}); set the one ${to} should run by hand`);
      continue;
    }
    const value = theirs.values[0]!;
    if (path[0] === 'apps') {
      // An application is promoted where the target defines it.
      for (const { name } of clusters) {
        const own = getIn(raw, ['clusters', name, 'apps', path[1]!]) !== undefined;
        const shared = getIn(raw, ['clusterDefaults', 'apps', path[1]!]) !== undefined;
        plan(own || !shared ? ['clusters', name, ...path] : ['clusterDefaults', ...path], value, clusters.find((c) => c.name === name)?.value);
      }
      continue;
    }
    plan(['clusterDefaults', ...path], value, clusters[0]?.value);
    for (const { name } of clusters) if (getIn(raw, ['clusters', name, ...path]) !== undefined) plan(['clusters', name, ...path], value);
  }
  let text = original;
  for (const change of planned.values()) {
    changes.push(change);
    const flowLeaf = change.path[0] === 'clusterDefaults' && ['components', 'applications', 'tenantServices'].includes(change.path[1]!);
    text = setIn(text, change.path, change.after, { flowLeaf, before: 'clusters' });
  }
  if (target!.promotesFrom === undefined) notes.push(`${file} has no promotesFrom: add promotesFrom: ${from} so rule promotion-ahead keeps ${to} behind ${from}`);
  return { from, to, file, changes, notes, original, text };
}

/** The plan as lines: one per changed value, then the notes. */
export function formatPromotion(plan: PromotionPlan): string {
  const lines = [`Promote ${plan.from} -> ${plan.to}: ${plan.changes.length} pin${plan.changes.length === 1 ? '' : 's'} in ${plan.file}`];
  for (const change of plan.changes) {
    if (change.before === undefined && change.inherited === change.after) {
      lines.push(`  ${change.path.join('.')}: ${change.after} (inherited until now, pinned here)`);
      continue;
    }
    const was = change.before ?? (change.inherited !== undefined ? `${change.inherited} (inherited)` : 'unset');
    lines.push(`  ${change.path.join('.')}: ${was} -> ${change.after}`);
  }
  if (plan.changes.length === 0) lines.push(`  ${plan.to} already pins what ${plan.from} runs`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the plan's file and loads the environments again: a result that does not load (a rule
 * fails in the target, other than promotion-ahead findings elsewhere) is undone and thrown as
 * ConfigError. Returns the loaded platform.
 */
export function applyPromotion(root: string, plan: PromotionPlan): Platform {
  const path = join(root, plan.file);
  writeFileSync(path, plan.text);
  try {
    return loadPlatform(join(root, 'environments'), { relativeTo: root });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Other environments may already run ahead of theirs; that is not this promotion's doing.
    const ours = error.problems.filter((p) => p.rule !== 'promotion-ahead' || relative(root, join(root, p.file)) === plan.file);
    if (ours.length > 0) {
      writeFileSync(path, plan.original);
      throw new ConfigError(ours, error.warnings);
    }
    return loadPlatform(join(root, 'environments'), { relativeTo: root, promotionCheck: false });
  }
}
