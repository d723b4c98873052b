import type { Check } from './check';
import { which, type Env, type Exec } from './exec';
import { compareVersions, findVersion, formatVersion, type Version } from './version';

/** A command-line tool the deploy needs, with the oldest version that works and where to get it. */
export interface ToolSpec {
  readonly name: string;
  /** Arguments that make it print its version. */
  readonly versionArgs: readonly string[];
  /** Oldest version that works. */
  readonly min: Version;
  /** Newest version that works (kubectl's skew window); open-ended when undefined. */
  readonly max?: Version;
  /** Why the bound is what it is, shown with a wrong version. */
  readonly reason: string;
  /** How to install it. */
  readonly install: string;
}

export type Probe =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly path: string; readonly output: string }
  | { readonly kind: 'found'; readonly path: string; readonly version: Version };

const TIMEOUT_MS = 15_000;

/** Finds `name` on PATH and asks it for its version. */
export function probe(name: string, versionArgs: readonly string[], env: Env, exec: Exec): Probe {
  const path = which(name, env);
  if (!path) return { kind: 'absent' };
  const result = exec(path, versionArgs, env, TIMEOUT_MS);
  // Version on stdout first: some tools print warnings on stderr before it.
  const version = findVersion(result.stdout) ?? findVersion(result.stderr);
  if (!version) return { kind: 'unknown', path, output: firstLine(result.error ?? (result.stdout.trim() ? result.stdout : result.stderr)) };
  return { kind: 'found', path, version };
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

export function describeRange(spec: Pick<ToolSpec, 'min' | 'max'>): string {
  if (!spec.max) return `>= ${formatVersion(spec.min)}`;
  return `${spec.min.major}.${spec.min.minor}-${spec.max.major}.${spec.max.minor}`;
}

export function inRange(version: Version, spec: Pick<ToolSpec, 'min' | 'max'>): boolean {
  if (compareVersions(version, spec.min) < 0) return false;
  // max is a minor line: any patch of it is fine.
  if (spec.max && (version.major > spec.max.major || (version.major === spec.max.major && version.minor > spec.max.minor))) return false;
  return true;
}

/** One table line for a tool. */
export function checkTool(spec: ToolSpec, neededBy: string, env: Env, exec: Exec): Check {
  const result = probe(spec.name, spec.versionArgs, env, exec);
  const need = `need ${describeRange(spec)}`;
  if (result.kind === 'absent') {
    return { name: spec.name, neededBy, status: 'missing', found: `not on PATH (${need})`, fix: spec.install };
  }
  if (result.kind === 'unknown') {
    return {
      name: spec.name,
      neededBy,
      status: 'invalid',
      found: `${result.path} printed no version${result.output ? `: ${result.output}` : ''}`,
      fix: `check that \`${spec.name} ${spec.versionArgs.join(' ')}\` works; ${spec.install}`,
    };
  }
  const found = `${formatVersion(result.version)} (${need})`;
  if (!inRange(result.version, spec)) {
    return { name: spec.name, neededBy, status: 'wrong version', found, fix: `${spec.reason}; ${spec.install}` };
  }
  return { name: spec.name, neededBy, status: 'ok', found };
}
