import { runNew } from './new/run';
import { command, runIfMain } from './run-cli';

/**
 * `npm run new -- environment <name>` and `npm run new -- cluster <env> <name> --provider <p>`:
 * writes a commented, validated entry into environments/. Exit codes: 0 written, 1 refused
 * (nothing written), 2 internal error.
 */
export const main = command('new', async (argv, cwd) => {
  const result = await runNew(argv, { root: cwd });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
});

runIfMain(import.meta.url, main);
