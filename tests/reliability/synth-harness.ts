/**
 * Runs the real synth CLI (cli/synth.ts `runSynthCli`, the function `npm run synth` calls) many
 * times in ONE Node process, so the invalid-input fixtures do not pay Node + tsx + CDKTF start-up
 * (about 2-3 s on two cores) once each. The CLI's own code parses the arguments, calls
 * synthesize(), formats problems and picks the exit code; the harness only collects its output.
 * Anything that escapes it is recorded as a crash with its stack.
 *
 * usage: node --import <tsx loader> tests/reliability/synth-harness.ts <jobs.json> <results.json>
 *   jobs.json:    [{ "cwd": "/tmp/project-x", "args": ["--quiet"] }, ...]
 *   results.json: [{ "code": 1, "stdout": "...", "stderr": "...", "crash": "...", "ms": 12 }, ...]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runSynthCli } from '../../cli/synth';

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

async function runJob(job: Job): Promise<Result> {
  const started = performance.now();
  const result: Result = { code: null, stdout: '', stderr: '', ms: 0 };
  try {
    result.code = await runSynthCli(job.args, job.cwd, {
      stdout: (text) => (result.stdout += text),
      stderr: (text) => (result.stderr += text),
    });
  } catch (error) {
    result.crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
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
for (const job of jobs) results.push(await runJob(job));
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
process.exit(0);
