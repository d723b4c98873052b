import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DiffFailure } from './diff/errors';
import { FORMATS, render, type Format } from './diff/render';
import { runDiff } from './diff/run';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run diff -- [--base <git ref>] [--format text|markdown|json] [--json-out <file>] [--no-render]\n';

/**
 * `npm run diff`: what this working tree changes in the synthesized Terraform and gitops/ trees
 * compared with a base ref, and in what the charts render (both trees rendered offline; `--no-render` skips that). Exit codes: 0 no changes, 3 changes, 1 invalid input (bad arguments,
 * unknown ref, invalid environment files on either side), 2 internal error.
 */
async function diff(argv: string[], root: string): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'json-out': { type: 'string' },
        'no-render': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`diff: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = args.format as Format;
  if (!FORMATS.includes(format)) {
    process.stderr.write(`diff: unknown format ${JSON.stringify(args.format)}; use one of ${FORMATS.join(', ')}\n${USAGE}`);
    return 1;
  }
  const report = await runDiff({ root, base: args.base, render: !args['no-render'] });
  process.stdout.write(render(report, format));
  // One run, two outputs: CI posts the Markdown and feeds the JSON to its plan matrix.
  if (args['json-out']) writeFileSync(resolve(root, args['json-out']), render(report, 'json'));
  if (!report.changed && format === 'json') process.stderr.write('No changes.\n');
  return report.changed ? 3 : 0;
}

export const main = command('diff', diff, {
  knownError: (error) => {
    if (!(error instanceof DiffFailure)) return undefined;
    process.stderr.write(`diff: ${error.message}\n`);
    return error.exitCode;
  },
});

runIfMain(import.meta.url, main);
