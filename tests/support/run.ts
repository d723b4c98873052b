import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFiles } from '../../cli/files';
import { COMMANDS } from '../../cli/launch.mjs';
import { ROOT } from './environments';

/**
 * Runs one of the project's TypeScript entry points the way its npm script does, in `cwd`: through
 * cli/launch.mjs when package.json runs it there, otherwise with tsx.
 */
export function runScript(script: string, args: string[], cwd: string) {
  const command = Object.entries(COMMANDS).find(([, entry]) => entry === script)?.[0];
  if (command !== undefined) return runLaunched(command, args, cwd);
  const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--import', loader, join(ROOT, script), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file below `dir` with its content, for byte-for-byte comparisons of whole trees. */
export function readTree(dir: string): Map<string, string> {
  return readFiles(dir);
}

/** Runs a command through cli/launch.mjs, the way `npm run synth` does (esbuild bundle, no tsx). */
export function runLaunched(command: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
