import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, formatProblems } from '../config/problems';
import { runIfMain, type Command } from './run-cli';
import { synthesize } from './synthesize';

const USAGE = 'usage: npm run synth -- [--env <name>] [--cluster <name>] [--outdir <dir>] [--gitops-dir <dir>] [--quiet]\n';

/** Where the CLI writes; a test harness passes its own. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * `npm run synth [-- --env <name>] [--cluster <name>]`, as a function of its arguments and folder.
 * Returns the exit code: 0 ok, 1 invalid input (every problem listed, nothing written), 2 internal error.
 */
export async function runSynthCli(argv: readonly string[], cwd: string, out: CliOutput = processOutput): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        cluster: { type: 'string' },
        outdir: { type: 'string' },
        'gitops-dir': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    out.stderr(`synth: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    out.stdout(USAGE);
    return 0;
  }
  try {
    const started = performance.now();
    const result = await synthesize({
      root: cwd,
      env: args.env,
      cluster: args.cluster,
      outdir: args.outdir && resolve(cwd, args.outdir),
      gitopsDir: args['gitops-dir'] && resolve(cwd, args['gitops-dir']),
    });
    if (!args.quiet) {
      const ms = Math.round(performance.now() - started);
      out.stdout(`synthesized ${result.stacks.length} stacks into cdktf.out/ and ${result.gitopsFiles} files into gitops/ in ${ms} ms\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      out.stderr(`${formatProblems(error.problems)}\n${error.message}; nothing was written.\n`);
      return 1;
    }
    out.stderr(`synth: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** `npm run synth` (cli/launch.mjs) and `tsx cli/synth.ts` run this. */
export const main: Command = (argv, cwd) => runSynthCli(argv, cwd);

runIfMain(import.meta.url, main);
