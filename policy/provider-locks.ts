/**
 * Provider lock files (`.terraform.lock.hcl`): every provider a stack requires is locked, at a
 * version its constraint allows, with checksums. Synth copies the committed lock of each stack
 * (`terraform/locks/<stack>.terraform.lock.hcl`) into `cdktf.out/stacks/<stack>/`, where
 * `terraform init -lockfile=readonly` (the CI plan) refuses a provider the lock does not name or a
 * package whose checksum it does not list. These rules say so before anything runs.
 */
import { isObject, str, type RawFinding } from './types';

/** Where the committed lock of a stack lives, relative to the repository root. */
export const LOCKS_DIR = 'terraform/locks';

export function lockFileOf(stack: string): string {
  return `${LOCKS_DIR}/${stack}.terraform.lock.hcl`;
}

/** One `provider "<address>" { ... }` block of a lock file. */
export interface LockedProvider {
  /** `registry.terraform.io/hashicorp/aws` */
  readonly address: string;
  readonly version?: string;
  readonly constraints?: string;
  readonly hashes: readonly string[];
}

/**
 * Reads the provider blocks of a `.terraform.lock.hcl`. The file is the fixed shape Terraform
 * writes (one provider block per provider with `version`, `constraints` and a `hashes` list), so a
 * small reader is enough; anything else in it is ignored.
 */
export function parseLockFile(text: string): Map<string, LockedProvider> {
  const out = new Map<string, LockedProvider>();
  const block = /^provider\s+"([^"]+)"\s*\{([\s\S]*?)^\}/gm;
  for (const match of text.matchAll(block)) {
    const address = match[1]!.toLowerCase();
    const body = match[2]!;
    const version = /^\s*version\s*=\s*"([^"]*)"/m.exec(body)?.[1];
    const constraints = /^\s*constraints\s*=\s*"([^"]*)"/m.exec(body)?.[1];
    const list = /^\s*hashes\s*=\s*\[([\s\S]*?)\]/m.exec(body)?.[1] ?? '';
    const hashes = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    out.set(address, { address, ...(version !== undefined ? { version } : {}), ...(constraints !== undefined ? { constraints } : {}), hashes });
  }
  return out;
}

/**
 * The fully qualified address of a `required_providers` source: `aws` and `hashicorp/aws` are
 * `registry.terraform.io/hashicorp/aws`, `oracle/oci` is `registry.terraform.io/oracle/oci`.
 */
export function providerAddress(source: string): string {
  const parts = source.trim().toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

interface Version {
  readonly parts: readonly [number, number, number];
  /** How many of major.minor.patch were written (for `~>`). */
  readonly given: number;
  readonly prerelease: string;
}

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) return undefined;
  const given = match[3] !== undefined ? 3 : match[2] !== undefined ? 2 : 1;
  return { parts: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], given, prerelease: match[4] ?? '' };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

/**
 * True when `version` satisfies a Terraform version constraint (`5.100.0`, `= 1.2`, `~> 1.68`,
 * `>= 1.0, < 2.0`, `!= 1.3.0`). `~> 1.68` allows 1.68 up to, not including, 2.0; `~> 1.68.0` up to
 * 1.69. A pre-release satisfies only a constraint naming it exactly, as in Terraform.
 * Returns undefined when the constraint or version cannot be read.
 */
export function satisfies(versionText: string, constraintText: string): boolean | undefined {
  const version = parseVersion(versionText);
  if (!version) return undefined;
  let exactPrerelease = false;
  for (const raw of constraintText.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(raw);
    if (!match) return undefined;
    const op = match[1] ?? '=';
    const bound = parseVersion(match[2]!);
    if (!bound) return undefined;
    const c = compare(version, bound);
    let ok: boolean;
    switch (op) {
      case '=':
        ok = c === 0;
        if (ok && version.prerelease !== '') exactPrerelease = true;
        break;
      case '!=':
        ok = c !== 0;
        break;
      case '>':
        ok = c > 0;
        break;
      case '>=':
        ok = c >= 0;
        break;
      case '<':
        ok = c < 0;
        break;
      case '<=':
        ok = c <= 0;
        break;
      default: {
        // ~> : at least the bound, below the next release of the last-but-one part written.
        const upper: [number, number, number] = [bound.parts[0], bound.parts[1], bound.parts[2]];
        const bump = Math.max(0, bound.given - 2);
        upper[bump] = upper[bump]! + 1;
        for (let i = bump + 1; i < 3; i++) upper[i] = 0;
        ok = c >= 0 && compare(version, { parts: upper, given: 3, prerelease: '' }) < 0;
      }
    }
    if (!ok) return false;
  }
  return version.prerelease === '' || exactPrerelease;
}

/** A stack's required providers: local name, fully qualified address and version constraint. */
export interface RequiredProvider {
  readonly name: string;
  readonly source: string;
  readonly address: string;
  readonly constraint?: string;
}

export function requiredProviders(stackJson: unknown): RequiredProvider[] {
  const terraform = isObject(stackJson) && isObject(stackJson.terraform) ? stackJson.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  return Object.keys(required)
    .sort()
    .map((name) => {
      const entry = required[name];
      const source = (isObject(entry) ? str(entry.source) : undefined) ?? name;
      const constraint = isObject(entry) ? str(entry.version) : typeof entry === 'string' ? entry : undefined;
      return { name, source, address: providerAddress(source), ...(constraint ? { constraint } : {}) };
    });
}

export interface LockContext {
  readonly stacks: ReadonlyMap<string, unknown>;
  /** Stack name -> text of `cdktf.out/stacks/<stack>/.terraform.lock.hcl`; a stack without one is absent. */
  readonly locks: ReadonlyMap<string, string>;
  readonly stacksDir: string;
}

/** The waiver id of a stack's lock of one provider. */
export function lockResource(stack: string, address: string): string {
  return `${stack}:provider-lock:${address}`;
}

/**
 * `provider-lock`: every required provider of every stack has an entry in the stack's lock, at a
 * version its constraint allows, with at least one checksum. `provider-lock-platforms`: every such
 * entry holds the registry's `zh:` checksums (all platforms), not only the `h1:` hash of the one
 * platform a filesystem mirror gives.
 */
export function providerLockRules(ctx: LockContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const stack of [...ctx.stacks.keys()].sort()) {
    const providers = requiredProviders(ctx.stacks.get(stack));
    if (providers.length === 0) continue;
    const text = ctx.locks.get(stack);
    const locked = text === undefined ? new Map<string, LockedProvider>() : parseLockFile(text);
    const file = `${ctx.stacksDir}/stacks/${stack}/.terraform.lock.hcl`;
    const committed = lockFileOf(stack);
    const fix = `run \`npm run providers:lock -- ${stack}\` where the registry is reachable and commit ${committed} (docs/ci.md#provider-lock-files)`;
    for (const provider of providers) {
      const resource = lockResource(stack, provider.address);
      const wanted = `${provider.address}${provider.constraint ? ` ${provider.constraint}` : ''}`;
      const entry = locked.get(provider.address);
      let problem: string | undefined;
      if (text === undefined) problem = `has no provider lock file (${committed} is missing), so ${wanted} would be installed unpinned, by whatever the registry serves`;
      else if (!entry) problem = `requires ${wanted}, which its lock file does not name`;
      else if (entry.version === undefined) problem = `has a lock entry for ${provider.address} without a version`;
      else if (provider.constraint !== undefined && satisfies(entry.version, provider.constraint) === undefined) problem = `requires ${wanted}, a constraint this check cannot read (locked: ${entry.version})`;
      else if (provider.constraint !== undefined && !satisfies(entry.version, provider.constraint)) problem = `requires ${wanted}, but the lock holds ${entry.version} (stale: terraform init refuses it)`;
      else if (entry.hashes.length === 0) problem = `locks ${provider.address} ${entry.version} without any checksum`;
      if (problem) {
        findings.push({ rule: 'provider-lock', resource, file, message: `stack ${stack} ${problem}; ${fix}` });
        continue;
      }
      if (!entry!.hashes.some((h) => h.startsWith('zh:'))) {
        findings.push({
          rule: 'provider-lock-platforms',
          resource,
          file,
          message: `stack ${stack}: the lock of ${provider.address} ${entry!.version} has only ${entry!.hashes.map((h) => h.split(':')[0]).join(', ')} hashes (one platform, from a filesystem mirror), not the registry's zh: checksums; terraform init on another platform refuses the package. ${fix[0]!.toUpperCase()}${fix.slice(1)}`,
        });
      }
    }
  }
  return findings;
}
