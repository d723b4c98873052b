/** command -> module exporting `main(argv, cwd): Promise<exit code>`. */
export const COMMANDS: Record<string, string>;
/** Runs a command of COMMANDS and returns its exit code. */
export function launch(command: string, argv: string[], cwd: string, root?: string): Promise<number>;
