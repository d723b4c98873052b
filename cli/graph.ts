import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readGitops } from './diff/manifests';
import { clusterGraph, clustersOf, renderClusterGraph } from './graph/cluster-graph';
import { applyEmbed, EMBEDS } from './graph/embeds';
import { kustomizeBuilder } from './graph/kustomize';
import { renderStackGraph, stackGraph } from './graph/stacks-graph';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run graph -- [--check] [--out <dir>] [--cdktf-out <dir> --gitops <dir>]\n';

/** The pages to write, relative to the output folder. */
function pages(cdktfOut: string, gitops: string): Map<string, string> {
  const out = new Map([['stacks.md', renderStackGraph(stackGraph(cdktfOut))]]);
  const build = kustomizeBuilder(gitops);
  for (const cluster of clustersOf(readGitops(gitops).keys())) out.set(`clusters/${cluster}.md`, renderClusterGraph(clusterGraph(cluster, build)));
  return out;
}

/** Generated pages already in the output folder (stale cluster pages are removed on write). */
function existing(outDir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (existsSync(join(outDir, 'stacks.md'))) found.set('stacks.md', readFileSync(join(outDir, 'stacks.md'), 'utf8'));
  const clusters = join(outDir, 'clusters');
  if (existsSync(clusters)) {
    for (const f of readdirSync(clusters).filter((f) => f.endsWith('.md')).sort()) found.set(`clusters/${f}`, readFileSync(join(clusters, f), 'utf8'));
  }
  return found;
}

/**
 * `npm run graph`: Mermaid pages of the stacks and their remote-state dependencies
 * (docs/graphs/stacks.md) and of each cluster's Flux Kustomizations and HelmReleases
 * (docs/graphs/clusters/<cluster>.md), and the stack graph README.md embeds (cli/graph/embeds.ts).
 * Synthesizes into a temporary folder unless given trees.
 * `--check` writes nothing and exits 1 when the pages or an embed differ. Exit codes: 0, 1 invalid input
 * or stale pages with --check, 2 internal error.
 */
async function graph(argv: string[], root: string): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean' },
        out: { type: 'string', default: 'docs/graphs' },
        'cdktf-out': { type: 'string' },
        gitops: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`graph: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ((args['cdktf-out'] === undefined) !== (args.gitops === undefined)) {
    process.stderr.write(`graph: give both --cdktf-out and --gitops, or neither (then the environments are synthesized)\n${USAGE}`);
    return 1;
  }
  const outDir = resolve(root, args.out);
  let work: string | undefined;
  let generated: Map<string, string>;
  try {
    let cdktfOut = args['cdktf-out'] && resolve(root, args['cdktf-out']);
    let gitops = args.gitops && resolve(root, args.gitops);
    if (!cdktfOut || !gitops) {
      work = mkdtempSync(join(tmpdir(), 'cheapk8s-graph-'));
      cdktfOut = join(work, 'cdktf.out');
      gitops = join(work, 'gitops');
      // Loaded only here: synth pulls in cdktf, cdk8s and the provider bindings, which reading given trees does not need.
      const { synthesize } = await import('./synthesize');
      await synthesize({ root, outdir: cdktfOut, gitopsDir: gitops });
    }
    generated = pages(cdktfOut, gitops);
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
  const current = existing(outDir);
  const stale = [...new Set([...generated.keys(), ...current.keys()])].filter((f) => generated.get(f) !== current.get(f)).sort();
  // The project's pages that embed a graph (README.md), rewritten with the page generated now.
  const embeds = new Map<string, string>();
  for (const embed of EMBEDS) {
    const target = join(root, embed.file);
    const page = generated.get(embed.page);
    if (!page || !existsSync(target)) continue;
    const text = readFileSync(target, 'utf8');
    const updated = applyEmbed(text, embed, page);
    if (updated !== undefined && updated !== text) embeds.set(embed.file, updated);
  }
  if (args.check) {
    if (stale.length === 0 && embeds.size === 0) {
      process.stdout.write(`${args.out}/ is up to date\n`);
      return 0;
    }
    const lines = [...stale.map((f) => `stale  ${args.out}/${f}`), ...[...embeds.keys()].map((f) => `stale  ${f} (its embedded graph)`)];
    process.stderr.write(`${lines.join('\n')}\nrun npm run graph and commit ${[`${args.out}/`, ...embeds.keys()].join(' and ')}\n`);
    return 1;
  }
  for (const file of stale) {
    const target = join(outDir, file);
    if (!generated.has(file)) rmSync(target);
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, generated.get(file)!);
    }
  }
  for (const [file, text] of embeds) writeFileSync(join(root, file), text);
  const also = embeds.size > 0 ? ` and updated ${[...embeds.keys()].join(', ')}` : '';
  process.stdout.write(`wrote ${generated.size} pages into ${args.out}/ (${stale.length} changed)${also}\n`);
  return 0;
}

export const main = command('graph', graph);

runIfMain(import.meta.url, main);
