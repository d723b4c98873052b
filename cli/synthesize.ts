import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import stableStringify from 'json-stable-stringify';
import { buildGitops } from '../charts/index';
import { loadPlatform, selectPlatform } from '../config/load';
import { formatProblems } from '../config/problems';
import { buildStacks } from '../stacks/index';
import { recoverSwaps } from './atomic';
import { findEncryptedSecrets, withEncryptedSecrets } from './encrypted-secrets';
import { withLock } from './lock';
import { prepareTree, readTree, removeAbandonedScratch, scratchDir, type PreparedTree } from './output-tree';
import { copyProviderLocks } from './provider-locks';
import { loadYamlCache, saveYamlCache } from './yaml-cache-file';

export interface SynthOptions {
  /** Project root holding environments/. */
  readonly root: string;
  /** Only this environment's stacks and gitops/clusters folders are rewritten. */
  readonly env?: string;
  /** Only this cluster's stacks and gitops/clusters folder are rewritten. */
  readonly cluster?: string;
  /** @default <root>/cdktf.out */
  readonly outdir?: string;
  /** @default <root>/gitops */
  readonly gitopsDir?: string;
  /** Called between the steps; tests use it to fail or stall a run on purpose. */
  readonly onStep?: (step: 'loaded' | 'stacks' | 'gitops' | 'swap') => void;
  /**
   * The day Kubernetes support dates are judged on (config/rules.ts, kubernetes-end-of-life).
   * @default now
   */
  readonly today?: Date;
  /**
   * Where the environments' warnings go (e.g. kubernetes-end-of-life-soon), one `warning:` line
   * each; `npm run check` synthesizes through here, so it prints them too.
   * @default standard error
   */
  readonly onWarnings?: (text: string) => void;
}

export interface SynthResult {
  readonly stacks: readonly string[];
  readonly gitopsFiles: number;
}

/** Names synth's scratch folders (cli/output-tree.ts scratchDir). */
const SCRATCH_PREFIX = 'cheapk8s-synth-';

function removeStaleWork(dirs: readonly string[]): void {
  for (const dir of new Set(dirs)) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      if (/^\.synth-[A-Za-z0-9]{6}$/.test(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
}

/** Stacks from an earlier run that a narrowed run did not rebuild are carried over. */
function carryOverStacks(previous: string, next: string): void {
  const manifestPath = join(next, 'manifest.json');
  const oldManifestPath = join(previous, 'manifest.json');
  if (!existsSync(oldManifestPath) || !existsSync(manifestPath)) return;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, unknown> };
  const old = JSON.parse(readFileSync(oldManifestPath, 'utf8')) as { stacks: Record<string, unknown> };
  for (const [name, entry] of Object.entries(old.stacks)) {
    if (name in manifest.stacks) continue;
    const dir = join(previous, 'stacks', name);
    if (existsSync(dir)) cpSync(dir, join(next, 'stacks', name), { recursive: true });
    manifest.stacks[name] = entry;
  }
  // Serialized exactly as cdktf writes it, so a narrowed run matches a full one byte for byte.
  writeFileSync(manifestPath, stableStringify(manifest, { space: 2 }) ?? '');
}

/** gitops/clusters/<name> folders of clusters a narrowed run did not select keep their old content. */
function carryOverClusters(previous: string, files: Map<string, string | Buffer>, selected: Set<string>): void {
  const clusters = join(previous, 'clusters');
  if (!existsSync(clusters)) return;
  for (const name of readdirSync(clusters)) {
    if (selected.has(name)) continue;
    const prefix = `clusters/${name}/`;
    for (const path of [...files.keys()]) if (path.startsWith(prefix)) files.delete(path);
    for (const [path, content] of readTree(join(clusters, name))) files.set(prefix + path, content);
  }
}

/**
 * Validates the environments, then builds cdktf.out/ and gitops/ beside their targets and swaps each
 * into place (cli/output-tree.ts), so a failing or killed run leaves the previous trees as they
 * were; a tree whose files are all unchanged is not touched.
 * Throws ConfigError for bad input.
 */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const outdir = options.outdir ?? join(options.root, 'cdktf.out');
  const gitopsDir = options.gitopsDir ?? join(options.root, 'gitops');
  // Every file is validated even for a narrowed run; the gitops tree's shared parts need all clusters.
  const everything = loadPlatform(join(options.root, 'environments'), { relativeTo: options.root, today: options.today });
  if (everything.warnings.length > 0) {
    const text = `${formatProblems(everything.warnings).replace(/^/gm, 'warning: ')}\n`;
    (options.onWarnings ?? ((t: string) => process.stderr.write(t)))(text);
  }
  const narrowed = options.env !== undefined || options.cluster !== undefined;
  const selected = narrowed ? selectPlatform(everything, options.env, options.cluster) : everything;
  options.onStep?.('loaded');

  return withLock(options.root, async () => {
    recoverSwaps(options.root);
    // Work folders of runs that were killed (no finally ran); we hold the lock, so none is live.
    removeStaleWork([dirname(outdir), dirname(gitopsDir)]);
    // cdktf writes its stacks itself: into a scratch folder in memory, read back and then published.
    removeAbandonedScratch(SCRATCH_PREFIX);
    const scratch = scratchDir(SCRATCH_PREFIX);
    let stacksTree: PreparedTree | undefined;
    let gitopsTree: PreparedTree | undefined;
    try {
      const app = new App({ outdir: join(scratch, 'out'), stackTraces: false });
      await buildStacks(app, selected, { includeState: !narrowed });
      app.synth();
      if (narrowed) carryOverStacks(outdir, join(scratch, 'out'));
      // Every stack, carried-over ones included: the committed lock is the one terraform must read.
      copyProviderLocks(options.root, join(scratch, 'out'));
      const stackFiles = readTree(join(scratch, 'out'));
      stacksTree = prepareTree(stackFiles, outdir);
      options.onStep?.('stacks');

      const encryptedSecrets = findEncryptedSecrets(gitopsDir);
      const yamlCache = loadYamlCache();
      const built = await buildGitops(everything, { encryptedSecrets, yamlCache });
      saveYamlCache(yamlCache);
      const files = withEncryptedSecrets(gitopsDir, built, encryptedSecrets);
      if (narrowed) carryOverClusters(gitopsDir, files, new Set(selected.clusters.map((c) => c.name)));
      gitopsTree = prepareTree(files, gitopsDir);
      options.onStep?.('gitops');

      options.onStep?.('swap');
      stacksTree.commit();
      gitopsTree.commit();
      const manifest = JSON.parse(stackFiles.get('manifest.json')!.toString('utf8')) as { stacks: Record<string, unknown> };
      return { stacks: Object.keys(manifest.stacks), gitopsFiles: built.size };
    } finally {
      stacksTree?.discard();
      gitopsTree?.discard();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
