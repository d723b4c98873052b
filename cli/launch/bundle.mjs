// Builds and caches the esbuild bundles cli/launch.mjs runs (see there for why).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bump when the build options below change, so old bundles are rebuilt. */
const FORMAT = 4;

function signature(root, file) {
  try {
    const stat = statSync(join(root, file));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function esbuildVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
}

/** True when the record's inputs all still have the size and mtime they had when it was built. */
export function isFresh(root, recordPath) {
  let record;
  try {
    record = JSON.parse(readFileSync(recordPath, 'utf8'));
  } catch {
    return false;
  }
  if (record.format !== FORMAT || record.root !== root || record.esbuild !== esbuildVersion(root)) return false;
  return Object.entries(record.inputs).every(([file, sig]) => signature(root, file) === sig);
}

/**
 * A CommonJS bundle has no import.meta; each module gets its own file URL written in instead, so
 * code that finds files relative to itself behaves as it does unbundled.
 */
// Spelled in pieces: this file is itself bundled into commands that bundle (the diff's sides), and
// the plugin must not rewrite its own search strings there.
const META = ['import', 'meta'].join('.');

const importMetaPlugin = {
  name: 'import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(META)) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const contents = source.replaceAll(`${META}.url`, url).replaceAll(`${META}.dirname`, JSON.stringify(join(args.path, '..')));
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/**
 * Packages compiled into the bundle instead of loaded from node_modules at run time, with every
 * package they depend on: the ones every synth loads. Node resolving, reading and wrapping about 900
 * separate files (cdktf alone pulls in archiver, lodash, glob, semver, ...) cost about 0.25 s of a
 * 1.5 s synth; one file, compiled once into Node's compile cache, costs a fraction of that.
 * They are pure JavaScript that never finds files relative to itself. Every other package (esbuild,
 * ajv, the kubectl layer, ...) stays external and loads through Node's require. All providers go in
 * with cdktf: a provider loading a second copy of cdktf from node_modules would not know its tokens.
 */
export const INLINED_PACKAGES = ['cdktf', 'cdk8s', 'cdk8s-plus-30', 'constructs', 'yaml', 'zod', 'ipaddr.js', 'json-stable-stringify'];
const INLINED_SCOPES = ['@cdktf/provider-'];
/** A file of an installed package (node_modules/.cache holds our own scratch copies, not packages). */
const INSIDE_A_PACKAGE = /[\\/]node_modules[\\/](?!\.cache[\\/])/;

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const packagesPlugin = {
  name: 'inline-listed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      // Inside an inlined package, its own dependencies are inlined too.
      if (INSIDE_A_PACKAGE.test(args.importer)) return undefined;
      const name = packageName(args.path);
      if (INLINED_PACKAGES.includes(name) || INLINED_SCOPES.some((scope) => name.startsWith(scope))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Returns the path of an up-to-date CommonJS bundle of `entry` (relative to `root`), building it
 * when missing or stale. Bundles live under `<root>/node_modules/.cache/launch`, so Node resolves
 * the packages they leave external from the project's node_modules; the name carries a hash of
 * `root`, so two checkouts sharing node_modules (the diff's base worktree) never share a bundle.
 */
export async function bundleFor(root, entry) {
  const cacheDir = cacheDirOf(root);
  const base = join(cacheDir, `${entry.replace(/\.[mc]?[jt]s$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${rootHashOf(root)}`);
  const bundlePath = `${base}.cjs`;
  const recordPath = `${base}.json`;
  if (isFresh(root, recordPath)) return bundlePath;

  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${bundlePath}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: temporary,
    metafile: true,
    logLevel: 'error',
    plugins: [packagesPlugin, importMetaPlugin],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package.json'].sort()) {
    inputs[file] = signature(root, file);
  }
  // Written aside and renamed, so concurrent runs never read a half-written bundle or record.
  renameSync(temporary, bundlePath);
  const record = `${JSON.stringify({ format: FORMAT, root, esbuild: esbuildVersion(root), inputs }, null, 1)}\n`;
  writeFileSync(`${recordPath}.${process.pid}.tmp`, record);
  renameSync(`${recordPath}.${process.pid}.tmp`, recordPath);
  return bundlePath;
}

function cacheDirOf(root) {
  return join(root, 'node_modules', '.cache', 'launch');
}

function rootHashOf(root) {
  return createHash('sha256').update(root).digest('hex').slice(0, 10);
}

/** Removes the bundles built for `root` (the diff's throwaway base worktree). */
export function removeBundles(root) {
  const cacheDir = cacheDirOf(root);
  if (!existsSync(cacheDir)) return;
  const suffix = `-${rootHashOf(root)}.`;
  for (const file of readdirSync(cacheDir)) if (file.includes(suffix)) rmSync(join(cacheDir, file), { force: true });
}

/** Loads `entry` (relative to `root`) from its bundle: the module's exports. */
export async function loadBundled(root, entry) {
  const bundlePath = await bundleFor(root, entry);
  return createRequire(bundlePath)(bundlePath);
}
