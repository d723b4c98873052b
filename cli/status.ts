import { parseArgs } from 'node:util';
import { runStatus } from '../operations/status';
import { OperationRefused, ToolFailed } from '../operations/tools';
import { command, runIfMain } from './run-cli';

const USAGE =
  'usage: npm run status -- <cluster> [--kubeconfig <file>]\n' +
  '  --kubeconfig <file>  default: .kube/<cluster>.yaml (written by npm run bootstrap) when it exists, else kubectl\'s own\n' +
  'exit codes: 0 ready, 1 refused or kubectl failed, 2 internal error, 3 not ready\n';

/** `npm run status -- <cluster>`: the readiness summary (operations/status.ts). */
async function status(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { kubeconfig: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`status: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`status: name exactly one cluster\n${USAGE}`);
    return 1;
  }
  return runStatus({ root, cluster: parsed.positionals[0]!, kubeconfig: parsed.values.kubeconfig });
}

export const main = command('status', status, {
  knownError: (error) => {
    if (!(error instanceof OperationRefused) && !(error instanceof ToolFailed)) return undefined;
    process.stderr.write(`status: ${error.message}\n`);
    return 1;
  },
});

runIfMain(import.meta.url, main);
