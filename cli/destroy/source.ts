import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatProblems, type Problem } from '../../config/problems';
import { loadBundled, removeBundles } from '../launch/bundle.mjs';
import { DestroyRefused } from './plan';

/** Where the stacks to destroy come from. */
export interface StacksSource {
  /** A cdktf.out/ folder: manifest.json and stacks/<name>/. */
  readonly outdir: string;
  /** For messages: `environments/ (as they are now)`, `commit abc123 (HEAD~1)`, `kept copy <dir>`. */
  readonly label: string;
  /** Removes what the source made (a scratch worktree and its synth); a no-op otherwise. */
  readonly cleanup: () => void;
}

export interface SourceOptions {
  /** The project root (a git working tree for `from`). */
  readonly root: string;
  /** Synthesize this git ref in a scratch worktree and destroy from its stacks. */
  readonly from?: string;
  /** A kept copy of cdktf.out/ to destroy from. */
  readonly stacksDir?: string;
}

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run git: ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

/** ConfigError of another checkout's copy of config/problems.ts: recognised by name, not instanceof. */
function configProblems(error: unknown): readonly Problem[] | undefined {
  if (error instanceof Error && error.name === 'ConfigError' && Array.isArray((error as { problems?: unknown }).problems)) {
    return (error as unknown as { problems: readonly Problem[] }).problems;
  }
  return undefined;
}

/**
 * Synthesizes `ref` in a detached scratch worktree (sharing this checkout's node_modules) with that
 * commit's own cli/synthesize.ts, into a temporary cdktf.out/. The worktree is removed at once;
 * the synthesized stacks stay until cleanup().
 */
async function synthesizeRef(root: string, ref: string): Promise<StacksSource> {
  if (!git(root, ['rev-parse', '--git-dir']).ok) throw new DestroyRefused(`${root} is not in a git repository, so --from ${ref} cannot be checked out`);
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) throw new DestroyRefused(`unknown git ref ${JSON.stringify(ref)}: give a branch, tag or commit (did you fetch it?)`);
  const work = mkdtempSync(join(tmpdir(), 'cheapk8s-destroy-'));
  const src = join(work, 'src');
  const outdir = join(work, 'out', 'cdktf.out');
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  let added = false;
  try {
    const add = git(root, ['worktree', 'add', '--detach', '--quiet', src, commit.stdout]);
    if (!add.ok) throw new Error(`git worktree add ${commit.stdout} failed: ${add.stderr}`);
    added = true;
    if (!existsSync(join(src, 'cli', 'synthesize.ts'))) {
      throw new DestroyRefused(`${ref} has no cli/synthesize.ts, so its stacks cannot be synthesized here; synthesize that commit yourself and pass --stacks-dir <its cdktf.out>`);
    }
    const modules = join(root, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(src, 'node_modules'), 'dir');
    mkdirSync(join(work, 'out'), { recursive: true });
    const module = (await loadBundled(src, 'cli/synthesize.ts')) as { synthesize?: (o: { root: string; outdir: string; gitopsDir: string; onWarnings?: (t: string) => void }) => Promise<unknown> };
    if (typeof module.synthesize !== 'function') throw new DestroyRefused(`${ref}: cli/synthesize.ts exports no synthesize(); pass --stacks-dir <a kept cdktf.out> instead`);
    try {
      // Warnings of an old commit's config are not this run's business.
      await module.synthesize({ root: src, outdir, gitopsDir: join(work, 'out', 'gitops'), onWarnings: () => undefined });
    } catch (error) {
      const problems = configProblems(error);
      if (problems) throw new DestroyRefused(`${ref}: its environment files are invalid, so its stacks cannot be synthesized:\n${formatProblems(problems)}`);
      throw error;
    }
    return { outdir, label: `commit ${commit.stdout.slice(0, 12)} (${ref})`, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    if (added) {
      if (existsSync(join(src, 'node_modules'))) removeBundles(src);
      git(root, ['worktree', 'remove', '--force', src]);
      git(root, ['worktree', 'prune']);
    }
  }
}

/**
 * The synthesized stacks to destroy from: a kept cdktf.out/ (`stacksDir`), the stacks of an
 * earlier commit (`from`), or the current environment files, synthesized into cdktf.out/ as
 * `npm run deploy` does. Throws ConfigError for invalid current files, DestroyRefused for a bad ref or folder.
 */
export async function stacksSource(options: SourceOptions): Promise<StacksSource> {
  if (options.from !== undefined && options.stacksDir !== undefined) throw new DestroyRefused('give --from or --stacks-dir, not both');
  if (options.stacksDir !== undefined) {
    const outdir = resolve(options.root, options.stacksDir);
    if (!existsSync(join(outdir, 'manifest.json'))) throw new DestroyRefused(`${options.stacksDir} holds no manifest.json: give a kept copy of a synthesized cdktf.out/`);
    return { outdir, label: `kept copy ${options.stacksDir}`, cleanup: () => undefined };
  }
  if (options.from !== undefined) return synthesizeRef(options.root, options.from);
  // Loaded only here: cdktf, cdk8s and the charts are not needed to destroy from a kept copy.
  const { synthesize } = await import('../synthesize');
  await synthesize({ root: options.root });
  return { outdir: join(options.root, 'cdktf.out'), label: 'environments/ as they are now', cleanup: () => undefined };
}
