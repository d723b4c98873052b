import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { STATE_STACK } from '../../stacks/names';
import { DestroyRefused, formatPlan, formatProtected, planDestroy, readSynthesizedStacks, type DestroyPlan } from './plan';
import { stacksSource } from './source';

export interface DestroyOptions {
  /** The project root (holds environments/; a git working tree for `from`). */
  readonly root: string;
  /** A stack name, or a cluster name for all of its stacks. */
  readonly target: string;
  /** Destroy the stacks as this git ref synthesizes them (a cluster removed since). @default the current environment files */
  readonly from?: string;
  /** Destroy the stacks of this kept copy of cdktf.out/. @default the current environment files */
  readonly stacksDir?: string;
  /** Print the plan of commands and run nothing. @default false */
  readonly dryRun?: boolean;
  /** No confirmation, and terraform destroy -auto-approve. @default false */
  readonly yes?: boolean;
  /** Remove prevent_destroy resources from the state first, so they stay (see formatProtected). @default false */
  readonly keepProtected?: boolean;
  /** The Terraform executable. @default terraform (from PATH) */
  readonly terraform?: string;
  /** Where the confirmation is read from. @default standard input */
  readonly input?: NodeJS.ReadableStream;
  /** Where the plan and messages go. @default standard output and standard error */
  readonly output?: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void };
}

const STANDARD_OUTPUT = { stdout: (text: string) => void process.stdout.write(text), stderr: (text: string) => void process.stderr.write(text) };

/** One line from `input`, or undefined when it ends first. */
function readLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line.trim());
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

/** The last commit whose environment files still named `name` (the parent of the commit that removed it), if git knows one. */
function lastCommitNaming(root: string, name: string): string | undefined {
  const cluster = name.replace(/-(network|cluster|iam|dns)$/, '');
  const log = spawnSync('git', ['log', '-1', '--format=%h', '-S', `${cluster}:`, '--', 'environments'], { cwd: root, encoding: 'utf8' });
  const commit = log.status === 0 ? log.stdout.trim() : '';
  return commit === '' ? undefined : `${commit}~1`;
}

/** Clusters the current environment files describe; empty when they do not load (the run does not need them). */
async function currentClusters(root: string): Promise<Set<string>> {
  try {
    // Loaded here only: the config schema is not needed to destroy from a kept copy.
    const { loadPlatform } = await import('../../config/load');
    return new Set(loadPlatform(join(root, 'environments'), { relativeTo: root }).clusters.map((c) => c.name));
  } catch {
    return new Set();
  }
}

async function notes(plan: DestroyPlan, stacks: ReadonlySet<string>, options: DestroyOptions): Promise<string[]> {
  const lines: string[] = [];
  for (const reader of plan.readers) {
    lines.push(`warning: ${reader.stack} reads outputs of ${reader.reads.join(', ')} through remote state; destroy it first, or its next plan fails.`);
  }
  if (plan.target === STATE_STACK && stacks.size > 1) {
    lines.push(`warning: the state bucket holds the state of every other stack (${stacks.size - 1} here): destroy them first, or their state is lost with it.`);
  }
  if (options.from !== undefined || options.stacksDir !== undefined) {
    const cluster = plan.kind === 'cluster' ? plan.target : plan.target.replace(/-(network|cluster|iam|dns)$/, '');
    if ((await currentClusters(options.root)).has(cluster)) {
      lines.push(`note: environments/ still describes ${cluster}: the next deploy of its stacks creates it again; remove it from the environment files too.`);
    }
  }
  return lines;
}

/**
 * From the current environment files, a name they do not describe is refused before synth writes
 * anything (the stacks are built in memory only, as npm run deploy does), with the hint to --from.
 */
async function refuseUnknownBeforeSynth(root: string, target: string): Promise<void> {
  const { listStacks } = await import('../stacks');
  const stacks = await listStacks(root);
  if (stacks.some((s) => s.name === target || s.cluster === target)) return;
  const ref = lastCommitNaming(root, target);
  const clusters = [...new Set(stacks.map((s) => s.cluster).filter((c): c is string => c !== null))].sort();
  throw new DestroyRefused(
    `${JSON.stringify(target)} is neither a stack nor a cluster of the environment files.\n` +
      `  clusters: ${clusters.join(', ') || '(none)'}\n  stacks: ${stacks.map((s) => s.name).sort().join(', ')}\n` +
      (ref
        ? `If it was removed from the environment files, destroy it from the last commit that had it: npm run destroy -- ${target} --from ${ref}`
        : 'If it was removed from the environment files, destroy it from a commit that still had it (--from <git-ref>) or from a kept copy of cdktf.out/ (--stacks-dir <dir>).'),
  );
}

/**
 * `npm run destroy`: prints which stacks go, in which order, with which commands; stops for
 * protected resources unless they are kept; asks for the target's name (unless `yes`); then runs
 * terraform in each stack's synthesized folder. Resolves to the exit code: 0 done (or dry run),
 * 1 refused (unknown name, protected resources, no confirmation), terraform's own code when it fails.
 * Throws ConfigError for invalid current environment files and DestroyRefused for bad input.
 */
export async function runDestroy(options: DestroyOptions): Promise<number> {
  const terraform = options.terraform ?? 'terraform';
  const output = options.output ?? STANDARD_OUTPUT;
  if (options.from === undefined && options.stacksDir === undefined) await refuseUnknownBeforeSynth(options.root, options.target);
  const source = await stacksSource({ root: options.root, from: options.from, stacksDir: options.stacksDir });
  try {
    const stacks = readSynthesizedStacks(source.outdir);
    const plan = planDestroy(stacks, options.target, { keepProtected: options.keepProtected, autoApprove: options.yes });
    const where = (dir: string) => (options.from === undefined ? relative(options.root, dir) || '.' : relative(source.outdir, dir));
    output.stdout(`Stacks from ${source.label}.\n${formatPlan(plan, where, terraform)}`);
    for (const line of await notes(plan, new Set(stacks.keys()), options)) output.stderr(`${line}\n`);
    const protectedText = formatProtected(plan, { keepProtected: options.keepProtected, terraform });
    if (protectedText !== '') output.stdout(`${protectedText}\n`);
    if (options.dryRun) return 0;
    if (plan.blocked.length > 0) {
      output.stderr(`destroy: ${plan.blocked.map((b) => `${b.stack} ${b.address}`).join(', ')} ${plan.blocked.length === 1 ? 'is' : 'are'} protected (above); pass --keep-protected to keep ${plan.blocked.length === 1 ? 'it' : 'them'}. Nothing was destroyed.\n`);
      return 1;
    }
    if (!options.yes) {
      output.stderr(`This destroys the cloud resources of ${plan.steps.map((s) => s.stack).join(', ')}. Type ${plan.target} to go on: `);
      const answer = await readLine(options.input ?? process.stdin);
      if (answer !== plan.target) {
        output.stderr(`\ndestroy: ${answer === undefined ? 'no answer' : `${JSON.stringify(answer)} is not ${plan.target}`}; nothing was destroyed.\n`);
        return 1;
      }
    }
    const done: string[] = [];
    for (const step of plan.steps) {
      for (const command of step.commands) {
        // CHECKPOINT_DISABLE: no telemetry calls to HashiCorp.
        const child = spawnSync(terraform, command, { cwd: step.dir, stdio: 'inherit', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
        if (child.error) throw new DestroyRefused(`cannot run ${terraform}: ${child.error.message} (is Terraform 1.10+ on PATH? npm run doctor checks)`);
        if (child.status !== 0) {
          output.stderr(
            `destroy: ${terraform} ${command.join(' ')} failed in ${step.stack} (exit ${child.status ?? 'signal'}); ` +
              `destroyed so far: ${done.join(', ') || 'none'}. Fix the cause and run the same command again (destroyed stacks have nothing left to destroy).\n`,
          );
          return child.status ?? 2;
        }
      }
      done.push(step.stack);
    }
    output.stdout(`Destroyed ${done.join(', ')}.\n`);
    return 0;
  } finally {
    source.cleanup();
  }
}
