import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import stableStringify from 'json-stable-stringify';
import { buildGitops } from '../charts/index';
import { loadPlatform, selectPlatform } from '../config/load';
import { formatProblems } from '../config/problems';
import { buildStacks } from '../stacks/index';
import { recoverSwaps, swapInto } from './atomic';
import { carryEncryptedSecrets, findEncryptedSecrets } from './encrypted-secrets';
import { writeFiles } from './files';
import { withLock } from './lock';
import { copyProviderLocks } from './provider-locks';

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
function carryOverClusters(previous: string, next: string, selected: Set<string>): void {
  const clusters = join(previous, 'clusters');
  if (!existsSync(clusters)) return;
  for (const name of readdirSync(clusters)) {
    if (selected.has(name)) continue;
    rmSync(join(next, 'clusters', name), { recursive: true, force: true });
    cpSync(join(clusters, name), join(next, 'clusters', name), { recursive: true });
  }
}

/**
 * Validates the environments, then writes cdktf.out/ and gitops/ into a temporary folder and swaps
 * each into place, so a failing or killed run leaves the previous trees as they were.
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
    // Each tree is built beside its target, so the final rename never crosses file systems.
    const stacksWork = mkdtempSync(join(dirname(outdir), '.synth-'));
    let gitopsWork: string | undefined;
    try {
      const app = new App({ outdir: join(stacksWork, 'out'), stackTraces: false });
      await buildStacks(app, selected, { includeState: !narrowed });
      app.synth();
      if (narrowed) carryOverStacks(outdir, join(stacksWork, 'out'));
      // Every stack, carried-over ones included: the committed lock is the one terraform must read.
      copyProviderLocks(options.root, join(stacksWork, 'out'));
      options.onStep?.('stacks');

      gitopsWork = mkdtempSync(join(dirname(gitopsDir), '.synth-'));
      const encryptedSecrets = findEncryptedSecrets(gitopsDir);
      const files = await buildGitops(everything, { encryptedSecrets });
      writeFiles(join(gitopsWork, 'out'), files);
      carryEncryptedSecrets(gitopsDir, join(gitopsWork, 'out'), encryptedSecrets);
      if (narrowed) carryOverClusters(gitopsDir, join(gitopsWork, 'out'), new Set(selected.clusters.map((c) => c.name)));
      options.onStep?.('gitops');

      options.onStep?.('swap');
      swapInto(join(stacksWork, 'out'), outdir);
      swapInto(join(gitopsWork, 'out'), gitopsDir);
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
      return { stacks: Object.keys(manifest.stacks), gitopsFiles: files.size };
    } finally {
      rmSync(stacksWork, { recursive: true, force: true });
      if (gitopsWork) rmSync(gitopsWork, { recursive: true, force: true });
    }
  });
}
