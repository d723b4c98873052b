import { runDoctor } from './doctor/run';
import { command, runIfMain } from './run-cli';

/**
 * `npm run doctor [-- --env <name>] [--online]`: checks the tools and credentials a deploy of the
 * selected environments (default: all) needs on this machine and prints how to get what is missing.
 * Exit codes: 0 everything is there, 1 something is missing or wrong, 2 internal error.
 */
export const main = command('doctor', async (argv, cwd) => {
  const result = await runDoctor(argv, { root: cwd, env: process.env });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
});

runIfMain(import.meta.url, main);
