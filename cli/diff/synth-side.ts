import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems, type Problem } from '../../config/problems';
import { loadBundled } from '../launch/bundle.mjs';
import { DiffFailure } from './errors';
import type { PlatformOutline } from './types';

/** The parts of cli/synthesize.ts and config/load.ts the diff calls, typed loosely: the base may be older. */
interface SynthesizeModule {
  synthesize?: (options: { root: string; outdir: string; gitopsDir: string }) => Promise<unknown>;
}
interface LoadModule {
  loadPlatform?: (dir: string, options?: { relativeTo?: string }) => {
    environments?: readonly { name: string }[];
    clusters?: readonly { name: string; environment: string }[];
  };
}

/**
 * The base's classes are not ours (another copy of config/problems.ts), so a ConfigError is
 * recognised by its name and problems, not with instanceof.
 */
function configProblems(error: unknown): readonly Problem[] | undefined {
  if (error instanceof Error && error.name === 'ConfigError' && Array.isArray((error as { problems?: unknown }).problems)) {
    return (error as unknown as { problems: readonly Problem[] }).problems;
  }
  return undefined;
}

/**
 * Loads a side's module through the same esbuild bundle cache `npm run` uses (cli/launch.mjs), so
 * the diff needs no TypeScript loader and each side runs its own sources.
 */
async function importFrom<T>(root: string, file: string): Promise<T> {
  return (await loadBundled(root, file)) as T;
}

export interface SideTrees {
  readonly cdktfOut: string;
  readonly gitops: string;
  readonly outline: PlatformOutline;
  /** The side's loaded platform (its own config/load.ts), for rendering its tree. */
  readonly platform: unknown;
}

/**
 * Synthesizes one side (`root` is the working tree or the base's worktree) into `out`, in this
 * process: each side imports its own cli/synthesize.ts, and the node_modules they share
 * (cdktf, the prebuilt providers, cdk8s) load once. `label` names the side in messages.
 */
export async function synthesizeSide(root: string, out: string, label: string): Promise<SideTrees> {
  if (!existsSync(join(root, 'cli', 'synthesize.ts'))) {
    throw new DiffFailure(`${label} has no cli/synthesize.ts, so it cannot be synthesized for a diff; pick a newer --base`, 1);
  }
  const cdktfOut = join(out, 'cdktf.out');
  const gitops = join(out, 'gitops');
  // synthesize() builds each tree in a temporary folder beside its target, so the parent must exist.
  mkdirSync(out, { recursive: true });
  try {
    const { synthesize } = await importFrom<SynthesizeModule>(root, 'cli/synthesize.ts');
    if (typeof synthesize !== 'function') {
      throw new DiffFailure(`${label}: cli/synthesize.ts exports no synthesize(); pick a newer --base`, 1);
    }
    await synthesize({ root, outdir: cdktfOut, gitopsDir: gitops });
    const { loadPlatform } = await importFrom<LoadModule>(root, 'config/load.ts');
    const platform = loadPlatform?.(join(root, 'environments'), { relativeTo: root });
    const outline: PlatformOutline = {
      environments: (platform?.environments ?? []).map((e) => e.name).sort(),
      clusters: (platform?.clusters ?? []).map((c) => ({ name: c.name, environment: c.environment })),
    };
    return { cdktfOut, gitops, outline, platform };
  } catch (error) {
    if (error instanceof DiffFailure) throw error;
    const problems = configProblems(error);
    if (problems) throw new DiffFailure(`${label}: the environment files are invalid:\n${formatProblems(problems)}`, 1);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new DiffFailure(`${label}: synth failed: ${detail}`, 2);
  }
}
