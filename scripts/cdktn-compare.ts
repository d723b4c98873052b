/**
 * The exit from CDKTF, tested: synthesizes every stack twice, with cdktf (the repository as it is) and
 * with cdktn (CDK Terrain, the community fork) in a scratch copy, and asserts that the Terraform JSON is the
 * same apart from documented metadata. CI runs it after the tests (.ci/run, the workflows).
 *
 *   npx tsx scripts/cdktn-compare.ts [--keep] [--typecheck]
 *   (--keep keeps the scratch copy and both outputs; --typecheck also type-checks the copy's stacks under cdktn)
 *
 * The scratch copy:
 *   - packages: cdktn, @cdktn/provider-aws, @cdktn/provider-random and @cdktn/provider-generator (CDKTN below),
 *     installed once into node_modules/.cache/cdktn-compare/<key>/ and reused while the key (a hash of those
 *     versions and of package-lock.json) holds. cdktn 0.24 and its providers declare the peer range
 *     constructs >=10.6.0 <10.8.0 while the repository has constructs 10.8.1: the scratch install adds
 *     constructs 10.7.2 (inside the range) with --legacy-peer-deps, and the scratch copy's code resolves it
 *     first. Everything else (zod, yaml, cdk8s, tsx, ...) resolves from the repository's node_modules, which
 *     encloses the cache folder.
 *   - providers without an @cdktn package (cloudflare, digitalocean): the repository's @cdktf/provider-*
 *     packages (same versions, from node_modules), copied into the scratch install with every require("cdktf")
 *     and type import of 'cdktf' rewritten to cdktn: the same generated classes, rebased onto cdktn (REBASED).
 *   - the source: the repository's files (git ls-files, tracked and untracked, without ignored ones), with
 *     imports of cdktf and of the @cdktf providers that have an @cdktn package rewritten (IMPORT_RULES), and
 *     .gen/providers (oci, hcloud) regenerated from providers/*.schema.json with @cdktn/provider-generator
 *     (scripts/generate-providers.ts with its generator import rewritten).
 *
 * Both sides run the cdktf app (cli/cdktf-app.ts: every stack of every environment) with CDKTF_OUTDIR
 * pointing at a temporary folder: cdktf through cli/launch.mjs as cdktf.json does, cdktn under tsx.
 * compareOutputs() then compares each stack's files; cdk.tf.json after normaliseStack(), every other file
 * (the provider lock copies) byte for byte. Documented differences, removed before comparing:
 *   - "//".metadata.version of each stack, the library's version (cdktf 0.21.0, cdktn 0.24.0); the rest of the
 *     "//" metadata (construct paths, unique ids, backend, outputs) is compared,
 *   - required_providers.<name>.source in canonical form: @cdktf/provider-aws writes "aws", @cdktn/provider-aws
 *     "hashicorp/aws", which Terraform reads as the same address,
 *   - terraform.required_providers.<name>.version where the provider binding differs between the two sides
 *     (each prebuilt package writes the provider version it was generated from: @cdktf/provider-aws 20.1.0
 *     writes 5.100.0, @cdktn/provider-aws 25.7.0 writes 6.66.0; the lines are printed so a reviewer sees them).
 * Anything else is a difference: printed path by path with both values; exit 1.
 *
 * Exit 0 equal, 1 different, 2 the comparison itself failed (install, copy, synth).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The packages the scratch copy installs from npm, exact versions. */
export const CDKTN: Record<string, string> = {
  cdktn: '0.24.0',
  '@cdktn/provider-aws': '25.7.0',
  '@cdktn/provider-random': '15.0.1',
  '@cdktn/provider-generator': '0.24.0',
  // cdktn's peer range is >=10.6.0 <10.8.0; the repository's 10.8.1 is outside it.
  constructs: '10.7.2',
};

/**
 * Repository packages installed again in the scratch copy, at package.json's versions, so that they share
 * the scratch copy's constructs 10.7.2 with cdktn (the stacks' modules import the cdk8s charts' modules;
 * with two copies of constructs the type-check (--typecheck) fails on every Construct).
 */
export const ALONGSIDE = ['cdk8s', 'cdk8s-plus-30'];

/** @cdktf provider packages with no @cdktn counterpart: used as they are, rebased onto cdktn. */
export const REBASED = ['@cdktf/provider-cloudflare', '@cdktf/provider-digitalocean'];

/** Import rewrites applied to the scratch copy's source (quote kept). */
const SPECIFIER = String.raw`((?:\bfrom|\bimport|\brequire)\s*\(?\s*)`;
export const IMPORT_RULES: { from: RegExp; to: string; what: string }[] = [
  // module specifiers only (from '...', import '...', import('...'), require('...')): a string 'cdktf' elsewhere
  // (a tag value, a file name) is data and stays
  { from: new RegExp(`${SPECIFIER}(['"])cdktf\\2`, 'g'), to: '$1$2cdktn$2', what: "'cdktf' -> 'cdktn'" },
  { from: new RegExp(`${SPECIFIER}(['"])@cdktf/provider-(aws|random)(['"/])`, 'g'), to: '$1$2@cdktn/provider-$3$4', what: "'@cdktf/provider-{aws,random}' -> '@cdktn/provider-{aws,random}'" },
  { from: new RegExp(`${SPECIFIER}(['"])@cdktf/provider-generator\\2`, 'g'), to: '$1$2@cdktn/provider-generator$2', what: "'@cdktf/provider-generator' -> '@cdktn/provider-generator'" },
];

const SOURCE_EXT = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Folders of the repository the app does not read; not copied. */
const SKIP = /^(gitops|docs|tests|bench|\.github|\.ci|terraform\/fixtures)\//;

export function rewriteImports(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const rule of IMPORT_RULES) out = out.replace(rule.from, (...m) => { count++; return rule.to.replace(/\$(\d)/g, (_, d) => m[Number(d)] as string); });
  return { text: out, count };
}

/** Module specifiers in `text` that still name cdktf or an @cdktf package other than the rebased ones. */
export function leftoverImports(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)(['"])((?:cdktf|@cdktf\/[^'"/]+)[^'"]*)\1/g)) {
    const spec = m[2]!;
    if (!REBASED.some((p) => spec === p || spec.startsWith(`${p}/`))) found.add(spec);
  }
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------------
// Normalisation and comparison (pure; tests/scripts/cdktn-compare.test.ts)

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };


/**
 * A provider source address in its canonical <namespace>/<type> form, as Terraform reads it: "aws" is
 * "hashicorp/aws" (the default namespace), "registry.terraform.io/hashicorp/aws" is "hashicorp/aws".
 * Other registries keep their host.
 */
export function canonicalSource(source: string): string {
  const parts = source.split('/');
  if (parts.length === 1) return `hashicorp/${source}`.toLowerCase();
  if (parts.length === 3 && parts[0]!.toLowerCase() === 'registry.terraform.io') return `${parts[1]}/${parts[2]}`.toLowerCase();
  return source.toLowerCase();
}

/**
 * The documented differences removed from a stack's Terraform JSON: the library version in the stack's
 * "//" metadata block (cdktf 0.21.0, cdktn 0.24.0), each required provider's source in canonical form,
 * and the version of each required provider named in `versionFree` (providers whose binding differs
 * between the two sides). Everything else, the other "//" metadata (construct paths, unique ids, the
 * backend, outputs) included, is compared. Returns the normalised JSON and the provider versions it
 * removed ("aws=5.100.0").
 */
export function normaliseStack(json: Json, versionFree: ReadonlySet<string>): { json: Json; versions: string[]; sources: string[] } {
  const out = structuredClone(json) as { [k: string]: Json };
  const meta = (out['//'] as { [k: string]: { [k: string]: Json } } | undefined)?.metadata;
  if (meta && typeof meta === 'object') delete meta.version;
  const versions: string[] = [];
  const sources: string[] = [];
  const req = (out.terraform as { [k: string]: Json } | undefined)?.required_providers as { [k: string]: { [k: string]: Json } } | undefined;
  for (const [name, p] of Object.entries(req ?? {})) {
    if (p && typeof p === 'object' && typeof p.source === 'string') {
      const canonical = canonicalSource(p.source);
      if (canonical !== p.source) sources.push(`${name}=${p.source}`);
      p.source = canonical;
    }
    if (versionFree.has(name) && p && typeof p === 'object' && 'version' in p) {
      versions.push(`${name}=${String(p.version)}`);
      delete p.version;
    }
  }
  return { json: out, versions, sources };
}

const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 200));

/** Every path where a and b differ, as "path: a != b". */
export function diffJson(a: Json | undefined, b: Json | undefined, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is { [k: string]: Json } => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffJson(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((x, i) => diffJson(x, b[i], `${at}[${i}]`));
  return [`${at || '(root)'}: cdktf ${show(a)} != cdktn ${show(b)}`];
}

export interface Comparison {
  /** real differences, "stack file path: ..." */
  differences: string[];
  /** documented differences seen, one line per stack and provider version */
  documented: string[];
  stacks: string[];
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  }).sort();
}

/** Compares two cdktf.out folders (stacks/<name>/...). */
export function compareOutputs(cdktfOut: string, cdktnOut: string, versionFree: ReadonlySet<string>): Comparison {
  const a = listFiles(path.join(cdktfOut, 'stacks'));
  const b = listFiles(path.join(cdktnOut, 'stacks'));
  const differences: string[] = [];
  const documented: string[] = [];
  for (const f of a.filter((x) => !b.includes(x))) differences.push(`${f}: only in the cdktf output`);
  for (const f of b.filter((x) => !a.includes(x))) differences.push(`${f}: only in the cdktn output`);
  for (const f of a.filter((x) => b.includes(x))) {
    const ta = readFileSync(path.join(cdktfOut, 'stacks', f), 'utf8');
    const tb = readFileSync(path.join(cdktnOut, 'stacks', f), 'utf8');
    if (f.endsWith('.tf.json')) {
      const na = normaliseStack(JSON.parse(ta) as Json, versionFree);
      const nb = normaliseStack(JSON.parse(tb) as Json, versionFree);
      for (const d of diffJson(na.json, nb.json)) differences.push(`${f} ${d}`);
      const sa = new Map(na.sources.map((v) => v.split('=') as [string, string]));
      const sb = new Map(nb.sources.map((v) => v.split('=') as [string, string]));
      for (const name of [...new Set([...sa.keys(), ...sb.keys()])].sort()) {
        if (sa.get(name) !== sb.get(name)) documented.push(`${f} terraform.required_providers.${name}.source: cdktf ${sa.get(name) ?? '(canonical)'}, cdktn ${sb.get(name) ?? '(canonical)'}`);
      }
      const va = new Map(na.versions.map((v) => v.split('=') as [string, string]));
      for (const v of nb.versions) {
        const [name, version] = v.split('=') as [string, string];
        if (va.get(name) !== version) documented.push(`${f} terraform.required_providers.${name}.version: cdktf ${va.get(name) ?? '(absent)'}, cdktn ${version}`);
      }
    } else if (ta !== tb) {
      differences.push(`${f}: files differ`);
    }
  }
  const stacks = [...new Set(a.map((f) => f.split(path.sep)[0]!))];
  return { differences, documented, stacks };
}

// ---------------------------------------------------------------------------------------------
// The scratch install and copy

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; what: string }): void {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`${opts.what} failed (${cmd} ${args.join(' ')}, exit ${r.status ?? r.signal})`);
  }
}

/** What the scratch install asks npm for: CDKTN, and ALONGSIDE at the repository's versions. */
export function scratchDependencies(root: string = ROOT): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const deps: Record<string, string> = { ...CDKTN };
  for (const name of ALONGSIDE) {
    const version = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    if (!version) throw new Error(`package.json has no ${name}`);
    deps[name] = version;
  }
  return deps;
}

/** The cache key: the scratch package versions, the rebased packages and the repository's lockfile. */
export function scratchKey(root: string = ROOT): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ CDKTN, ALONGSIDE, REBASED, format: 3 }));
  h.update(readFileSync(path.join(root, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

/** node_modules/.cache/cdktn-compare/<key>: the cdktn packages and the rebased @cdktf providers. */
function ensureScratch(): string {
  const base = path.join(ROOT, 'node_modules', '.cache', 'cdktn-compare');
  const dir = path.join(base, scratchKey());
  if (existsSync(path.join(dir, '.complete'))) return dir;
  mkdirSync(base, { recursive: true });
  // Installs for other keys (an older lockfile) go once nobody has used them for a day.
  for (const old of readdirSync(base)) {
    const p = path.join(base, old);
    if (!old.startsWith(path.basename(dir)) && Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const deps = scratchDependencies();
  writeFileSync(path.join(tmp, 'package.json'), `${JSON.stringify({ name: 'cdktn-compare-scratch', private: true, dependencies: deps }, null, 2)}\n`);
  console.log(`cdktn-compare: installing ${Object.entries(deps).map(([n, v]) => `${n}@${v}`).join(', ')} into ${path.relative(ROOT, dir)} (once per key)`);
  const t0 = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', '--loglevel=error'], { cwd: tmp, what: 'npm install of the cdktn packages' });
  let rewritten = 0;
  for (const pkg of REBASED) {
    const from = path.join(ROOT, 'node_modules', pkg);
    if (!existsSync(from)) throw new Error(`${pkg} is not installed in node_modules (npm ci first)`);
    const to = path.join(tmp, 'node_modules', pkg);
    cpSync(from, to, { recursive: true, dereference: true });
    for (const f of listFiles(to)) {
      // the code (require("cdktf")) and its types (import * as cdktf from 'cdktf')
      if (!f.endsWith('.js') && !f.endsWith('.d.ts')) continue;
      const p = path.join(to, f);
      const text = readFileSync(p, 'utf8');
      const next = text
        .replace(/require\("cdktf"\)/g, () => { rewritten++; return 'require("cdktn")'; })
        .replace(/from 'cdktf';/g, () => { rewritten++; return "from 'cdktn';"; });
      if (next !== text) writeFileSync(p, next);
    }
  }
  writeFileSync(path.join(tmp, '.complete'), `${JSON.stringify({ CDKTN, REBASED })}\n`);
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another run finished first
  }
  console.log(`cdktn-compare: installed in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${REBASED.join(', ')} rebased onto cdktn (${rewritten} require("cdktf") and type imports rewritten)`);
  return dir;
}

/** Copies the repository's files into work/ and rewrites their imports. */
function copySource(work: string): { files: number; rewrites: number } {
  const list = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f && !SKIP.test(f) && !f.startsWith('.gen/'));
  let rewrites = 0;
  let files = 0;
  const leftovers: string[] = [];
  for (const f of list) {
    const from = path.join(ROOT, f);
    if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the work tree
    const to = path.join(work, f);
    mkdirSync(path.dirname(to), { recursive: true });
    files++;
    if (SOURCE_EXT.test(f)) {
      const r = rewriteImports(readFileSync(from, 'utf8'));
      rewrites += r.count;
      for (const l of leftoverImports(r.text)) leftovers.push(`${f}: ${l}`);
      writeFileSync(to, r.text);
    } else {
      cpSync(from, to);
    }
  }
  if (leftovers.length) throw new Error(`imports left on cdktf after the rewrite:\n  ${leftovers.join('\n  ')}`);
  return { files, rewrites };
}

/** Providers whose binding differs between the sides: every prebuilt package swapped for an @cdktn one. */
function versionFreeProviders(): Set<string> {
  const names = new Set<string>();
  for (const pkg of Object.keys(CDKTN)) {
    const m = /^@cdktn\/provider-(.+)$/.exec(pkg);
    if (m && m[1] !== 'generator') names.add(m[1]!);
  }
  return names;
}

function main(): number {
  const keep = process.argv.includes('--keep');
  const typecheck = process.argv.includes('--typecheck');
  const t0 = Date.now();
  const scratch = ensureScratch();
  const work = mkdtempSync(path.join(scratch, 'work-'));
  const outs = mkdtempSync(path.join(os.tmpdir(), 'cdktn-compare-'));
  try {
    const { files, rewrites } = copySource(work);
    console.log(`cdktn-compare: copied ${files} files, ${rewrites} imports rewritten (${IMPORT_RULES.map((r) => r.what).join('; ')})`);
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const env = { CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };
    run(process.execPath, [tsx, 'scripts/generate-providers.ts'], { cwd: work, env, what: 'generating .gen/providers with @cdktn/provider-generator' });
    const gen = rewriteImports(listFiles(path.join(work, '.gen')).map((f) => readFileSync(path.join(work, '.gen', f), 'utf8')).join('\n'));
    if (gen.count !== 0) throw new Error(`.gen generated by @cdktn/provider-generator still imports cdktf (${gen.count} imports)`);
    const cdktfOut = path.join(outs, 'cdktf');
    const cdktnOut = path.join(outs, 'cdktn');
    run(process.execPath, [path.join(ROOT, 'cli', 'launch.mjs'), 'cdktf-app'], { cwd: ROOT, env: { ...env, CDKTF_OUTDIR: cdktfOut }, what: 'cdktf synth' });
    run(process.execPath, [tsx, 'main.ts'], { cwd: work, env: { ...env, CDKTF_OUTDIR: cdktnOut }, what: 'cdktn synth' });
    if (typecheck) {
      // The stacks' sources (main.ts and what it imports, the generator script) under cdktn's types.
      writeFileSync(path.join(work, 'tsconfig.cdktn.json'), `${JSON.stringify({ extends: './tsconfig.json', include: [], files: ['main.ts', 'scripts/generate-providers.ts'] })}\n`);
      const t1 = Date.now();
      run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.cdktn.json'], { cwd: work, what: 'type-check of the cdktn copy' });
      console.log(`cdktn-compare: the cdktn copy type-checks (main.ts and its imports, ${((Date.now() - t1) / 1000).toFixed(1)} s)`);
    }
    const result = compareOutputs(cdktfOut, cdktnOut, versionFreeProviders());
    for (const d of result.documented) console.log(`  documented: ${d}`);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (result.stacks.length === 0) throw new Error('cdktf synthesized no stack');
    if (result.differences.length) {
      console.error(`cdktn-compare: the cdktn output differs from the cdktf output in ${result.differences.length} place(s) (after the documented normalisation: library version, provider source form, swapped providers' versions):`);
      for (const d of result.differences) console.error(`  ${d}`);
      console.error(`outputs: ${keep ? outs : '(rerun with --keep to keep them)'}`);
      return 1;
    }
    console.log(`cdktn-compare: ${result.stacks.length} stacks, Terraform JSON equal under cdktf and cdktn apart from documented metadata (${secs} s)`);
    return 0;
  } finally {
    if (!keep) {
      rmSync(work, { recursive: true, force: true });
      rmSync(outs, { recursive: true, force: true });
    } else {
      console.log(`cdktn-compare: kept ${work} and ${outs}`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`cdktn-compare: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
