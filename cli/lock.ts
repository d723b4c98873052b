import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** True while process `pid` runs (EPERM: it runs, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

/**
 * One synth at a time per project folder: concurrent runs wait their turn instead of swapping
 * trees under each other. A lock left by a killed process is taken over.
 */
export async function withLock<T>(root: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const lock = join(root, '.synth.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // The owner may be between mkdir and writing its pid; wait and look again.
      }
      const abandoned = !Number.isInteger(owner) && Date.now() - mtime(lock) > 5_000;
      if (abandoned || (Number.isInteger(owner) && owner > 0 && !alive(owner))) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another synth holds ${lock} (pid ${owner}); remove it if that process is gone`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
