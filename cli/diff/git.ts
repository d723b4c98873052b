import { spawn, spawnSync } from 'node:child_process';
import { DiffFailure } from './errors';

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new DiffFailure(`cannot run git: ${result.error.message}`, 2);
  return { ok: result.status === 0, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function commitOf(cwd: string, ref: string): string | undefined {
  const result = git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.ok ? result.stdout : undefined;
}

export interface BaseRef {
  /** How the base was chosen, for the report: `origin/main`, `merge-base HEAD main`, `HEAD~1`. */
  readonly ref: string;
  readonly commit: string;
}

/**
 * The commit to compare with: `--base` when given, else where this branch left main (`git
 * merge-base HEAD main`, or origin/main in a clone without a local main), else the previous commit,
 * else HEAD itself (a repository with one commit: the diff shows uncommitted work).
 */
export function resolveBase(root: string, requested?: string): BaseRef {
  if (!git(root, ['rev-parse', '--git-dir']).ok) throw new DiffFailure(`${root} is not in a git repository; the diff compares against a git ref`, 1);
  if (requested !== undefined) {
    const commit = commitOf(root, requested);
    if (!commit) throw new DiffFailure(`unknown git ref ${JSON.stringify(requested)}: give a branch, tag or commit (did you fetch it?)`, 1);
    return { ref: requested, commit };
  }
  if (commitOf(root, 'HEAD')) {
    for (const main of ['main', 'origin/main']) {
      if (!commitOf(root, main)) continue;
      const base = git(root, ['merge-base', 'HEAD', main]);
      if (base.ok) return { ref: `merge-base HEAD ${main}`, commit: base.stdout };
    }
    for (const fallback of ['HEAD~1', 'HEAD']) {
      const commit = commitOf(root, fallback);
      if (commit) return { ref: fallback, commit };
    }
  }
  throw new DiffFailure('the repository has no commits to compare with; commit once or pass --base <ref>', 1);
}

/** HEAD's commit, for the report (the working tree may differ from it). */
export function headCommit(root: string): string | null {
  return commitOf(root, 'HEAD') ?? null;
}

/**
 * Checks the base out into `dir` as a detached worktree. Asynchronous so the checkout runs in
 * parallel with the working tree's synth (git works on the other core).
 */
export function addWorktree(root: string, commit: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['worktree', 'add', '--detach', '--quiet', dir, commit], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new DiffFailure(`cannot run git worktree add: ${error.message}`, 2)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new DiffFailure(`git worktree add ${commit} failed: ${stderr.trim()}`, 2))));
  });
}

/** Removes the worktree (its folder and git's record of it). */
export function removeWorktree(root: string, dir: string): void {
  git(root, ['worktree', 'remove', '--force', dir]);
}

/** Drops git's records of worktrees whose folders are gone (a checkout interrupted half-way). */
export function pruneWorktrees(root: string): void {
  git(root, ['worktree', 'prune']);
}
