import { parseArgs } from 'node:util';
import { runSecrets, SecretsRefused } from './secrets/init';
import { command, runIfMain } from './run-cli';

const USAGE =
  'usage: npm run secrets -- init|unseal <cluster> --keys-file <file> [--context <kubectl context>] [--shares 5] [--threshold 3] [--dry-run]\n' +
  '  init      initialise Vault/OpenBao (if it is not), write its keys and root token to --keys-file (mode 600, never overwritten),\n' +
  '            unseal every server (unless OCI KMS does), create the configuration token Secret\n' +
  '  unseal    unseal every sealed server with the keys in --keys-file (after a restart, without auto-unseal)\n' +
  '  --dry-run print the kubectl commands, run nothing\n';

/** `npm run secrets -- init|unseal <cluster> ...` (cli/secrets/init.ts does the work). Exit 0 done, 1 refused or invalid input, 2 internal error. */
async function secrets(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'keys-file': { type: 'string' },
        context: { type: 'string' },
        shares: { type: 'string' },
        threshold: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`secrets: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [action, cluster, ...rest] = parsed.positionals;
  if ((action !== 'init' && action !== 'unseal') || !cluster || rest.length > 0 || !parsed.values['keys-file']) {
    process.stderr.write(`secrets: give init or unseal, one cluster and --keys-file\n${USAGE}`);
    return 1;
  }
  return runSecrets({
    root,
    action,
    cluster,
    keysFile: parsed.values['keys-file'],
    context: parsed.values.context,
    dryRun: parsed.values['dry-run'],
    shares: parsed.values.shares === undefined ? undefined : Number(parsed.values.shares),
    threshold: parsed.values.threshold === undefined ? undefined : Number(parsed.values.threshold),
  });
}

export const main = command('secrets', secrets, {
  knownError: (error) => {
    if (!(error instanceof SecretsRefused)) return undefined;
    process.stderr.write(`secrets: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
