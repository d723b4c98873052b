#!/usr/bin/env node
// `node cli/launch.mjs <command> [args]`: runs one of the project's TypeScript commands without tsx.
// Every `npm run` script of the project goes through here.
//
// Why: under tsx, every module goes through loader hooks on a worker thread, CommonJS packages
// imported from ESM are scanned for their export names, and source maps are on, so each stack
// trace cdktf captures for a token is mapped back to TypeScript. Measured on the shipped examples
// that was 2 s of a 3.8 s synth. Here a command's sources are bundled once with esbuild (no type
// check: that is `npm run typecheck`'s job), with the packages every synth loads compiled in
// (cli/launch/bundle.mjs INLINED_PACKAGES; the rest load through Node's own require), and the
// bundle is reused until one of its input files changes (size or mtime).
import module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { loadBundled } from './launch/bundle.mjs';

/** command -> module exporting `main(argv, cwd): Promise<exit code>` (cli/run-cli.ts `Command`). */
export const COMMANDS = {
  synth: 'cli/synth.ts',
  check: 'cli/check.ts',
  'check-gitops': 'cli/check-gitops.ts',
  'check-manifests': 'cli/check-manifests.ts',
  diff: 'cli/diff.ts',
  deploy: 'cli/deploy.ts',
  destroy: 'cli/destroy.ts',
  promote: 'cli/promote.ts',
  bootstrap: 'cli/bootstrap.ts',
  status: 'cli/status.ts',
  secrets: 'cli/secrets.ts',
  stacks: 'cli/stacks.ts',
  graph: 'cli/graph.ts',
  doctor: 'cli/doctor.ts',
  new: 'cli/new.ts',
  docs: 'cli/docs.ts',
  render: 'cli/render.ts',
  'charts-pull': 'cli/charts-pull.ts',
  'providers-lock': 'cli/providers-lock.ts',
  'cdktf-app': 'cli/cdktf-app.ts',
  'cdk8s-app': 'cli/cdk8s-app.ts',
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command of COMMANDS and returns its exit code. */
export async function launch(command, argv, cwd, root = ROOT) {
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`launch: unknown command ${JSON.stringify(command)}; one of: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  let main;
  try {
    ({ main } = await loadBundled(root, entry));
  } catch (error) {
    // esbuild has already printed the file and line of a syntax error.
    process.stderr.write(`launch: could not build ${entry}: ${error.message.split('\n')[0]}\n`);
    return 2;
  }
  return main(argv, cwd);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // cdktf 0.21, its last release, calls util.isArray (TerraformOutput), which Node 22 and later
  // deprecate at run time: DEP0044 on the stderr of every synth. Array.isArray is the same function,
  // and what the deprecation says to use.
  util.isArray = Array.isArray;
  // V8 keeps the compiled bundle between runs (about 0.1 s of each synth); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.(join(ROOT, 'node_modules', '.cache', 'node-compile'));
  const code = await launch(process.argv[2], process.argv.slice(3), process.cwd());
  // Exit once stdout and stderr have drained: process.exit() right after a large write to a pipe
  // drops what the pipe had not taken yet; exiting at all ends handles a command left open.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
