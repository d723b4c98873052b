import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The environment the doctor inspects (process.env in the CLI, a fake one in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ExecResult {
  /** Exit status; null when the process was killed (timeout) or could not start. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not be started or timed out. */
  readonly error?: string;
}

/** Runs a program found on PATH; tests replace it to avoid real processes. */
export type Exec = (file: string, args: readonly string[], env: Env, timeoutMs: number) => ExecResult;

export const spawnExec: Exec = (file, args, env, timeoutMs) => {
  const result = spawnSync(file, [...args], {
    env: { ...env, CHECKPOINT_DISABLE: '1' } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const error = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : undefined;
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error };
};

/** The first executable file named `name` in the PATH of `env`, like `command -v`. */
export function which(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
