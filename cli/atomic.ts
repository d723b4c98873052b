import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** renameat2(2) system call numbers; the generic table (arm64) differs from x86-64's. */
const RENAMEAT2: Partial<Record<string, number>> = { x64: 316, arm64: 276 };

/**
 * Exchanges two directories in one step where the OS can (Linux renameat2 with RENAME_EXCHANGE),
 * so a reader sees either the old or the new tree, never neither. Node does not expose that call;
 * perl's `syscall` reaches it in about 10 ms (perl-base is part of every Debian system), where
 * python3's ctypes needed 200 ms. Returns false when that is unavailable.
 */
function exchange(a: string, b: string): boolean {
  const number = RENAMEAT2[process.arch];
  if (process.platform !== 'linux' || number === undefined) return false;
  // AT_FDCWD is -100, RENAME_EXCHANGE is 2.
  const script = `exit(syscall(${number}, -100, $ARGV[0], -100, $ARGV[1], 2) == 0 ? 0 : 4)`;
  const result = spawnSync('perl', ['-e', script, a, b], { stdio: 'ignore' });
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
