import { runNew } from './new/run';

/**
 * `npm run new -- environment <name>` and `npm run new -- cluster <env> <name> --provider <p>`:
 * writes a commented, validated entry into environments/. Exit codes: 0 written, 1 refused
 * (nothing written), 2 internal error.
 */
runNew(process.argv.slice(2), { root: process.cwd() }).then(
  (result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.code);
  },
  (error: unknown) => {
    process.stderr.write(`new: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
