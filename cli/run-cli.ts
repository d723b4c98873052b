import { ConfigError, formatProblems } from '../config/problems';

/** Exits once stdout and stderr have drained, so long output through a pipe is never cut. */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * Runs a command's `main` with the project's exit codes: its own result, 1 for invalid input
 * (every problem listed, no stack trace), 2 for anything unexpected.
 */
export function runCli(name: string, main: () => Promise<number>, afterProblems: (error: ConfigError) => string = () => ''): void {
  main().then(exitAfterFlush, (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${formatProblems(error.problems)}\n${afterProblems(error)}`);
      exitAfterFlush(1);
      return;
    }
    process.stderr.write(`${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitAfterFlush(2);
  });
}
