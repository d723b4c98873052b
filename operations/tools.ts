import { spawnSync } from 'node:child_process';

/** What one call of an external tool returned. */
export interface ToolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One call of an external tool (kubectl, flux, terraform, ssh, oci). */
export interface ToolCall {
  /** The executable, looked up on PATH. */
  readonly tool: string;
  readonly args: readonly string[];
  /** Written to the tool's standard input (manifests; never echoed anywhere). */
  readonly input?: string;
  /** Working folder. @default the project root */
  readonly cwd?: string;
}

/** Runs tools; tests pass executables that record their calls, the commands pass {@link systemTools}. */
export type ToolRunner = (call: ToolCall) => ToolResult;

/** A tool that failed: its call, exit status and what it wrote on standard error. */
export class ToolFailed extends Error {
  constructor(
    readonly call: ToolCall,
    readonly result: ToolResult,
    what: string,
  ) {
    super(`${what}: ${call.tool} ${call.args.join(' ')} exited ${result.status}${result.stderr.trim() ? `: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
    this.name = 'ToolFailed';
  }
}

/** An operator's mistake or a precondition that does not hold (exit 1): nothing further was done. */
export class OperationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationRefused';
  }
}

/** Runs tools from PATH (of `env`, default this process's environment), with HashiCorp's checkpoint calls off. */
export function systemTools(root: string, env: NodeJS.ProcessEnv = process.env): ToolRunner {
  return (call) => {
    const child = spawnSync(call.tool, [...call.args], {
      cwd: call.cwd ?? root,
      input: call.input,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...env, CHECKPOINT_DISABLE: '1' },
    });
    if (child.error) {
      const missing = (child.error as NodeJS.ErrnoException).code === 'ENOENT';
      return { status: 127, stdout: '', stderr: missing ? `${call.tool}: not found on PATH` : child.error.message };
    }
    return { status: child.status ?? 1, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
  };
}

/** Runs a call and returns its standard output, or throws ToolFailed naming `what` it was for. */
export function must(run: ToolRunner, call: ToolCall, what: string): string {
  const result = run(call);
  if (result.status !== 0) throw new ToolFailed(call, result, what);
  return result.stdout;
}
