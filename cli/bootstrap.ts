import { parseArgs } from 'node:util';
import { runBootstrap } from '../operations/bootstrap';
import { OperationRefused, ToolFailed } from '../operations/tools';
import { command, runIfMain } from './run-cli';

const USAGE =
  'usage: npm run bootstrap -- <cluster> --age-key <file> [--kubeconfig <file>] [--timeout 20m] [--dry-run]\n' +
  '  --age-key <file>     the cluster\'s age private key (age-keygen output), for the sops-age Secret; never printed\n' +
  '  --kubeconfig <file>  use this kubeconfig instead of making .kube/<cluster>.yaml from the cluster stack\'s outputs\n' +
  '  --timeout <d>        how long to wait for each Flux layer (default 20m)\n' +
  '  --dry-run            print the steps and run nothing\n' +
  'exit codes: 0 ready, 1 refused or a tool failed, 2 internal error, 3 a layer not ready in time\n';

/** `npm run bootstrap -- <cluster> ...`: operations/bootstrap.ts does the work. */
async function bootstrap(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'age-key': { type: 'string' },
        kubeconfig: { type: 'string' },
        timeout: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`bootstrap: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`bootstrap: name exactly one cluster\n${USAGE}`);
    return 1;
  }
  return runBootstrap({
    root,
    cluster: parsed.positionals[0]!,
    ageKeyFile: parsed.values['age-key'],
    kubeconfig: parsed.values.kubeconfig,
    timeout: parsed.values.timeout,
    dryRun: parsed.values['dry-run'],
  });
}

export const main = command('bootstrap', bootstrap, {
  knownError: (error) => {
    if (!(error instanceof OperationRefused) && !(error instanceof ToolFailed)) return undefined;
    process.stderr.write(`bootstrap: ${error.message}\nStopped there; run it again once that is fixed (every step can be repeated).\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
