import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Exchanges two directories in one step where the OS can (Linux renameat2 RENAME_EXCHANGE, reached
 * through libc from python3 because Node does not expose it), so a reader sees either the old or
 * the new tree, never neither. Returns false when that is unavailable.
 */
function exchange(a: string, b: string): boolean {
  if (process.platform !== 'linux') return false;
  const script = [
    'import ctypes, sys',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'f = getattr(libc, "renameat2", None)',
    'sys.exit(3 if f is None else (0 if f(-100, sys.argv[1].encode(), -100, sys.argv[2].encode(), 2) == 0 else 4))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, a, b], { stdio: 'ignore' });
  return result.status === 0;
}

/** Journal kept beside the target while a non-atomic swap is in flight. */
function journalPath(target: string): string {
  return join(dirname(target), `.synth-swap-${target.split('/').pop()}.json`);
}

/**
 * Puts `next` where `target` is. The previous tree is removed afterwards. On systems without an
 * atomic exchange, a journal lets `recoverSwaps` restore the old tree after a crash between the
 * two renames.
 */
export function swapInto(next: string, target: string): void {
  if (existsSync(target) && exchange(next, target)) {
    rmSync(next, { recursive: true, force: true });
    return;
  }
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    renameSync(next, target);
    return;
  }
  const backup = `${next}.previous`;
  writeFileSync(journalPath(target), JSON.stringify({ target, backup }));
  renameSync(target, backup);
  renameSync(next, target);
  rmSync(journalPath(target), { force: true });
  rmSync(backup, { recursive: true, force: true });
}

/** Restores a tree left half-swapped by a killed run (non-Linux fallback path only). */
export function recoverSwaps(root: string): void {
  for (const entry of readdirSync(root)) {
    if (!/^\.synth-swap-.*\.json$/.test(entry)) continue;
    const journal = join(root, entry);
    try {
      const { target, backup } = JSON.parse(readFileSync(journal, 'utf8')) as { target: string; backup: string };
      if (!existsSync(target) && existsSync(backup)) renameSync(backup, target);
    } catch {
      // A journal we cannot read describes nothing we can restore.
    }
    rmSync(journal, { force: true });
  }
}
