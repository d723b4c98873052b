import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, formatProblems } from '../config/problems';

/**
 * A command as a function of its arguments (without node and script) and working folder,
 * resolving to its exit code. cli/launch.mjs runs these; so do tests, in-process.
 */
export type Command = (argv: string[], cwd: string) => Promise<number>;

export interface CommandOptions {
  /** Written after the listed problems of invalid input. @default nothing */
  readonly afterProblems?: (error: ConfigError) => string;
  /**
   * Recognises a command's own failures: writes their message and returns their exit code, or
   * undefined for an error it does not know (an internal error, exit 2). @default none known
   */
  readonly knownError?: (error: unknown) => number | undefined;
}

/**
 * Gives a command body the exit codes every command shares: its own result, 1 for invalid input
 * (every problem listed, no stack trace), 2 for anything unexpected (with the stack). Never throws.
 */
export function command(name: string, body: Command, options: CommandOptions = {}): Command {
  return async (argv, cwd) => {
    try {
      return await body(argv, cwd);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${formatProblems(error.problems)}\n${options.afterProblems?.(error) ?? ''}`);
        return 1;
      }
      const known = options.knownError?.(error);
      if (known !== undefined) return known;
      process.stderr.write(`${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 2;
    }
  };
}

/** Exits once stdout and stderr have drained, so long output through a pipe is never cut. */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Runs `main` when the module at `moduleUrl` is the script Node was started with (`tsx cli/x.ts`). */
export function runIfMain(moduleUrl: string, main: Command): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2), process.cwd()).then(exitAfterFlush, (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitAfterFlush(2);
  });
}
