/**
 * Runs the real synth CLI (cli/synth.ts) many times in ONE Node process, so the invalid-input
 * fixtures do not pay Node + tsx + CDKTF start-up (about 2-3 s on two cores) once each.
 *
 * usage: node --import <tsx loader> tests/reliability/synth-harness.ts <jobs.json> <results.json>
 *   jobs.json:    [{ "cwd": "/tmp/project-x", "args": ["--quiet"] }, ...]
 *   results.json: [{ "code": 1, "stdout": "...", "stderr": "...", "crash": "...", "ms": 12 }, ...]
 *
 * Each job imports cli/synth.ts afresh (a new module instance through a `?run=N` query), with
 * process.cwd() and process.argv set as `npm run synth` would set them. The CLI's own code parses
 * the arguments, calls synthesize(), formats problems and picks the exit code; the harness only
 * catches process.exit() (which, like the real one, ends the code that called it: it throws a
 * signal the harness swallows) and what the CLI writes to stdout/stderr. Anything the CLI lets escape
 * (an uncaught exception or rejection) is recorded as a crash with its stack.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Job {
  readonly cwd: string;
  readonly args: readonly string[];
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  crash?: string;
  ms: number;
}

const synthPath = join(import.meta.dirname, '..', '..', 'cli', 'synth.ts');
const synthUrl = pathToFileURL(synthPath).href;
const JOB_TIMEOUT_MS = 60_000;

/** Thrown by the stubbed process.exit: like the real one, nothing after exit() may run. */
class ExitSignal {
  constructor(readonly code: number) {}
}
// The signal surfaces as an unhandled rejection after the job is over; it is expected.
process.on('unhandledRejection', (error) => {
  if (!(error instanceof ExitSignal)) throw error;
});

async function runJob(job: Job, index: number): Promise<Result> {
  const started = performance.now();
  const result: Result = { code: null, stdout: '', stderr: '', ms: 0 };
  const saved = { exit: process.exit, out: process.stdout.write, err: process.stderr.write, argv: process.argv, cwd: process.cwd() };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const onCrash = (error: unknown) => {
    if (error instanceof ExitSignal) return;
    result.crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
    finish();
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const timer = setTimeout(() => {
    result.crash = `no exit within ${JOB_TIMEOUT_MS} ms`;
    finish();
  }, JOB_TIMEOUT_MS);
  try {
    process.chdir(job.cwd);
    process.argv = [process.execPath, synthPath, ...job.args];
    process.exit = ((code?: number) => {
      result.code ??= code ?? 0;
      finish();
      throw new ExitSignal(code ?? 0);
    }) as typeof process.exit;
    process.stdout.write = ((chunk: string | Uint8Array) => ((result.stdout += String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((result.stderr += String(chunk)), true)) as typeof process.stderr.write;
    import(`${synthUrl}?run=${index}`).catch(onCrash);
    await done;
  } finally {
    clearTimeout(timer);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.exit = saved.exit;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.argv = saved.argv;
    process.chdir(saved.cwd);
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

const [jobsFile, resultsFile] = process.argv.slice(2);
if (!jobsFile || !resultsFile) {
  process.stderr.write('usage: synth-harness.ts <jobs.json> <results.json>\n');
  process.exit(2);
}
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8')) as Job[];
const results: Result[] = [];
for (const [index, job] of jobs.entries()) results.push(await runJob(job, index));
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
process.exit(0);
