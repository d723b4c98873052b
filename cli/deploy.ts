import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPlatform } from '../config/load';
import { findPlaceholders } from '../config/placeholders';
import { formatProblems } from '../config/problems';
import { listStacks } from './stacks';
import { synthesize } from './synthesize';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run deploy -- <stack> [--auto-approve] [--dry-run]   (npm run stacks lists the stacks)\n';

/** Stacks whose outputs `stack` reads through remote state, from cdktf.out/manifest.json. */
function dependenciesOf(outdir: string, stack: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies?: string[] }> };
  return [...(manifest.stacks[stack]?.dependencies ?? [])].sort();
}

/**
 * The deploy command. `cdktf deploy --skip-synth` rather than terraform itself: it is the very
 * command README documents (`npx cdktf deploy <stack>`), so laptop deploys behave the same
 * (terraform init, plan, the approval prompt, --outputs-file), only without cdktf's second synth.
 * `--ignore-missing-stack-dependencies`: one stack is deployed on its own; the stacks it reads
 * were deployed before (their outputs come from remote state), which cdktf would otherwise refuse.
 */
function deployCommand(stack: string, autoApprove: boolean): string[] {
  // The cdktf-cli installed beside this script (npx would also look it up, at a second's cost).
  const local = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'cdktf');
  return [
    existsSync(local) ? local : 'cdktf',
    'deploy',
    stack,
    '--skip-synth',
    '--output',
    'cdktf.out',
    '--ignore-missing-stack-dependencies',
    ...(autoApprove ? ['--auto-approve'] : []),
  ];
}

/**
 * `npm run deploy -- <stack> [--auto-approve] [--dry-run]`: refuses example values the stack would
 * use (config/placeholders.ts), synthesizes (atomically, like `npm run synth`), then deploys one
 * stack. Exit codes: 0 deployed (or --dry-run), 1 invalid input (arguments, unknown stack, invalid
 * environment files, placeholders), 2 internal error, otherwise cdktf's own.
 */
async function deploy(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'auto-approve': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`deploy: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`deploy: name exactly one stack\n${USAGE}`);
    return 1;
  }
  const stack = parsed.positionals[0]!;
  // A mistyped name is refused before anything is written: the stacks are built in memory only.
  const stacks = await listStacks(root);
  const known = stacks.map((s) => s.name);
  if (!known.includes(stack)) {
    process.stderr.write(`deploy: unknown stack ${JSON.stringify(stack)}; the stacks are:\n${[...known].sort().map((s) => `  ${s}`).join('\n')}\n`);
    return 1;
  }
  // Example values left in environments/ fail late in Terraform (or deploy something nobody can use): refuse them first.
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const owner = stacks.find((s) => s.name === stack)!.cluster;
  const placeholders = findPlaceholders(join(root, 'environments'), { clusters: platform.clusters.filter((c) => c.name === owner), state: true }, { relativeTo: root });
  if (placeholders.length > 0) {
    process.stderr.write(
      `deploy: ${stack} still uses ${placeholders.length} example value${placeholders.length === 1 ? '' : 's'} of the shipped environments; replace ${placeholders.length === 1 ? 'it' : 'each'} with your own (npm run doctor lists them all):\n` +
        `${formatProblems(placeholders)}\nnothing was synthesized or deployed.\n`,
    );
    return 1;
  }
  await synthesize({ root });
  const dependencies = dependenciesOf(join(root, 'cdktf.out'), stack);
  if (dependencies.length > 0) {
    process.stderr.write(`deploy: ${stack} reads outputs of ${dependencies.join(', ')} from remote state; deploy ${dependencies.length === 1 ? 'it' : 'them'} first.\n`);
  }
  const command = deployCommand(stack, parsed.values['auto-approve'] ?? false);
  if (parsed.values['dry-run']) {
    process.stdout.write(`${command.join(' ')}\n`);
    return 0;
  }
  // CHECKPOINT_DISABLE: no telemetry calls to HashiCorp from cdktf or terraform.
  const child = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (child.error) throw new Error(`cannot run ${command[0]}: ${child.error.message}`);
  return child.status ?? 2;
}

export const main = command('deploy', deploy, { afterProblems: (error) => `${error.message}; nothing was deployed.\n` });

runIfMain(import.meta.url, main);
