import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, formatProblems } from '../config/problems';
import { synthesize } from './synthesize';

/**
 * `npm run synth [-- --env <name>] [--cluster <name>]`
 * Exit codes: 0 ok, 1 invalid input (every problem listed), 2 internal error.
 */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
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
    process.stderr.write(`synth: ${(error as Error).message}\nusage: npm run synth -- [--env <name>] [--cluster <name>] [--outdir <dir>] [--gitops-dir <dir>] [--quiet]\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write('usage: npm run synth -- [--env <name>] [--cluster <name>] [--outdir <dir>] [--gitops-dir <dir>] [--quiet]\n');
    return 0;
  }
  const started = performance.now();
  const root = process.cwd();
  const result = await synthesize({
    root,
    env: args.env,
    cluster: args.cluster,
    outdir: args.outdir && resolve(root, args.outdir),
    gitopsDir: args['gitops-dir'] && resolve(root, args['gitops-dir']),
  });
  if (!args.quiet) {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`synthesized ${result.stacks.length} stacks into cdktf.out/ and ${result.gitopsFiles} files into gitops/ in ${ms} ms\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${formatProblems(error.problems)}\n${error.message}; nothing was written.\n`);
      process.exit(1);
    }
    process.stderr.write(`synth: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
