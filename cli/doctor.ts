import { runDoctor } from './doctor/run';

/**
 * `npm run doctor [-- --env <name>] [--online]`: checks the tools and credentials a deploy of the
 * selected environments (default: all) needs on this machine and prints how to get what is missing.
 * Exit codes: 0 everything is there, 1 something is missing or wrong, 2 internal error.
 */
runDoctor(process.argv.slice(2), { root: process.cwd(), env: process.env }).then(
  (result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.code);
  },
  (error: unknown) => {
    process.stderr.write(`doctor: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
