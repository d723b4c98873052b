import { parseArgs } from 'node:util';
import { DestroyRefused } from './destroy/plan';
import { runDestroy } from './destroy/run';
import { command, runIfMain } from './run-cli';

const USAGE =
  'usage: npm run destroy -- <stack|cluster> [--from <git-ref> | --stacks-dir <cdktf.out copy>] [--dry-run] [--yes] [--keep-protected]\n' +
  '  --from <git-ref>      destroy the stacks as that commit synthesizes them (a cluster removed since)\n' +
  '  --stacks-dir <dir>    destroy the stacks of a kept copy of cdktf.out/\n' +
  '  --dry-run             print the plan of terraform commands, run nothing\n' +
  '  --yes                 no confirmation (terraform destroy -auto-approve)\n' +
  '  --keep-protected      keep prevent_destroy resources (state bucket, zones): terraform state rm them first\n';

/**
 * `npm run destroy -- <stack|cluster> ...` (cli/destroy/run.ts does the work). Exit codes: 0 done
 * or dry run, 1 invalid input or refused (nothing destroyed), 2 internal error, otherwise terraform's.
 */
async function destroy(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        'stacks-dir': { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
        'keep-protected': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`destroy: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`destroy: name exactly one stack or cluster\n${USAGE}`);
    return 1;
  }
  return runDestroy({
    root,
    target: parsed.positionals[0]!,
    from: parsed.values.from,
    stacksDir: parsed.values['stacks-dir'],
    dryRun: parsed.values['dry-run'],
    yes: parsed.values.yes,
    keepProtected: parsed.values['keep-protected'],
  });
}

export const main = command('destroy', destroy, {
  afterProblems: () => 'Nothing was destroyed.\n',
  knownError: (error) => {
    if (!(error instanceof DestroyRefused)) return undefined;
    process.stderr.write(`destroy: ${error.message}\nNothing was destroyed.\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
