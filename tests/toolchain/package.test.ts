import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/environments';

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly link?: boolean;
  readonly hasInstallScript?: boolean;
  readonly optional?: boolean;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}
interface Lock {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}
interface PackageJson {
  readonly engines: { readonly node: string };
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly overrides?: Record<string, string>;
  readonly allowScripts?: Record<string, boolean>;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as PackageJson;
const lock = JSON.parse(read('package-lock.json')) as Lock;

/** The lock entry Node's resolution would find for `name` required from the package at `from` ('' is the root). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/**
 * Optional dependencies a locked package lists that the lockfile has no entry for (or an entry of
 * another version, where the parent pins one). Packages with a native binary per platform (rollup,
 * esbuild, node-pty) list every platform's package as optional: npm installs only the one for this
 * machine, but `npm ci` needs all of them in the lock and fails on the first one missing.
 */
function missingOptional(packages: Record<string, LockEntry>): string[] {
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const found = resolveIn(packages, key, name);
      if (!found) missing.push(`${key || '(root)'} -> ${name}@${spec}: no entry`);
      else if (/^\d+\.\d+\.\d+$/.test(spec) && packages[found]!.version !== spec) missing.push(`${key || '(root)'} -> ${name}@${spec}: ${found} is ${packages[found]!.version}`);
    }
  }
  return missing;
}

/** `name` -> [installed name, version] for an exact pin or an npm: alias of one. */
function pinned(name: string, spec: string): [string, string] | undefined {
  const alias = /^npm:(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(spec);
  if (alias) return [alias[1]!, alias[2]!];
  return /^\d+\.\d+\.\d+$/.test(spec) ? [name, spec] : undefined;
}

describe('package-lock.json', () => {
  it('has an entry for every platform variant of the packages that ship one per platform', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(missingOptional(lock.packages)).toEqual([]);
    // The families npm has dropped before (rollup's were 2 of 26 when the lock was written from an
    // installed tree): every one of them present, whatever machine wrote the lock.
    const family = (prefix: string) => Object.keys(lock.packages).filter((k) => k.startsWith(`node_modules/${prefix}`));
    for (const [parent, prefix] of [
      ['node_modules/rollup', '@rollup/rollup-'],
      ['node_modules/esbuild', '@esbuild/'],
      ['node_modules/@cdktf/node-pty-prebuilt-multiarch', '@lydell/node-pty-'],
    ] as const) {
      const listed = Object.keys(lock.packages[parent]?.optionalDependencies ?? {}).filter((n) => n.startsWith(prefix));
      expect(listed.length, parent).toBeGreaterThan(4);
      expect(family(prefix).map((k) => k.slice('node_modules/'.length)).sort(), parent).toEqual([...listed].sort());
      for (const name of listed) {
        const entry = lock.packages[`node_modules/${name}`]!;
        expect(entry.optional, name).toBe(true);
        expect(entry.os?.length || entry.cpu?.length, `${name} names its platform`).toBeTruthy();
      }
    }
  });

  it('the completeness check finds a platform package left out', () => {
    const { ['node_modules/@rollup/rollup-android-arm-eabi']: _dropped, ...rest } = lock.packages;
    expect(missingOptional(rest)).toEqual([`node_modules/rollup -> @rollup/rollup-android-arm-eabi@${lock.packages['node_modules/rollup']!.version}: no entry`]);
    const stale = { ...lock.packages, 'node_modules/@esbuild/win32-x64': { ...lock.packages['node_modules/@esbuild/win32-x64']!, version: '0.0.1' } };
    expect(missingOptional(stale)).toEqual([expect.stringContaining('node_modules/esbuild -> @esbuild/win32-x64@')]);
  });

  it('locks every direct dependency at the exact version package.json pins', () => {
    const root = lock.packages['']!;
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
    for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const pin = pinned(name, spec);
      expect(pin, `${name}: ${spec} is not an exact version`).toBeDefined();
      const entry = lock.packages[`node_modules/${name}`];
      expect({ name: entry?.name ?? name, version: entry?.version }, name).toEqual({ name: pin![0], version: pin![1] });
    }
  });

  it('keeps no registry URLs (.npmrc omit-lockfile-registry-resolved), so any machine writes the same lock', () => {
    expect(read('.npmrc')).toMatch(/^omit-lockfile-registry-resolved=true$/m);
    expect(Object.entries(lock.packages).filter(([, e]) => e.resolved && !e.link).map(([k]) => k)).toEqual([]);
  });
});

describe('install scripts', () => {
  it('allowScripts approves exactly the locked packages that have install scripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, e]) => e.hasInstallScript)
      .map(([key, e]) => e.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    // esbuild's postinstall checks that its platform binary (@esbuild/<platform>) runs and links it as
    // bin/esbuild. By name: a lock without registry URLs gives npm no version to pin an approval to.
    expect(withScripts).toEqual(['esbuild']);
    expect(pkg.allowScripts).toEqual({ esbuild: true });
  });
});

describe('Node', () => {
  const major = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);

  it('engines.node is a supported LTS major, and @types/node describes that major', () => {
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major % 2, 'even majors are the LTS lines').toBe(0);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  });

  it('.ci/run runs everything on Node of that major from the npm registry', () => {
    const ci = read('.ci/run');
    expect(ci).toContain('require("./package.json").engines');
    expect(ci).toContain('npx --yes "node@$major" -p process.execPath');
    const order = ['\nexport PATH="$(dirname "$node_bin"):$PATH"\n', '\nif ! npm ci; then\n', '\nnpm run synth\n', '\nnpm test\n'].map((s) => ci.indexOf(s));
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('cdktf deploy can run terraform in a pseudo-terminal on this Node', async () => {
    // cdktf-cli requires the pty package from its own bundle; node-pty 0.10's prebuilds stop at Node 22,
    // so package.json replaces it with @lydell/node-pty (N-API, one package per platform).
    const requireFromCdktf = createRequire(join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cmds', 'handlers.js'));
    const pty = requireFromCdktf('@cdktf/node-pty-prebuilt-multiarch') as {
      spawn(file: string, args: string[], options: object): { onData(cb: (d: string) => void): void; onExit(cb: (e: { exitCode: number }) => void): void };
    };
    const child = pty.spawn('/bin/sh', ['-c', 'printf "pty:%s" "$(tty >/dev/null && echo yes)"; exit 3'], { cwd: ROOT, env: process.env });
    let output = '';
    child.onData((data) => (output += data));
    const exitCode = await new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    // The last output can arrive just after the exit.
    for (let i = 0; i < 50 && !output.includes('pty:yes'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect({ output: output.trim(), exitCode }).toEqual({ output: 'pty:yes', exitCode: 3 });
  });
});

describe('.npmrc: quiet first runs', () => {
  it('gives every process npm and npx start CHECKPOINT_DISABLE (cdktf-cli, terraform) and CDK8S_CHECK_UPGRADE=false (cdk8s-cli), and keeps a value set by hand', () => {
    const env = { ...process.env };
    delete env.CHECKPOINT_DISABLE;
    delete env.CDK8S_CHECK_UPGRADE;
    for (const key of Object.keys(env)) if (key.startsWith('npm_config_')) delete env[key];
    const probe = (extra: Record<string, string> = {}) =>
      spawnSync('npm', ['exec', '--', 'node', '-e', 'console.log(process.env.CHECKPOINT_DISABLE, process.env.CDK8S_CHECK_UPGRADE)'], { cwd: ROOT, encoding: 'utf8', env: { ...env, ...extra } });
    const result = probe();
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('1 false');
    expect(probe({ CDK8S_CHECK_UPGRADE: 'true' }).stdout.trim()).toBe('1 true');
  });
});
