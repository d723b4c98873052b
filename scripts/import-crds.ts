/**
 * Offline refresh of the typed CRD bindings in imports/.
 *
 *   npx tsx scripts/import-crds.ts      (npm run import:crds)
 *
 * For each API group folder in ../shared/crds (beside the repo root) this runs
 *
 *   npx cdk8s import NAME:=<crd file> --language typescript --no-save \
 *       --no-check-upgrade --output <temp dir>
 *
 * If a group has several CRD files, they are first joined into one temporary
 * multi-document YAML. One `cdk8s import` command only uses its first SPEC,
 * and two imports of the same group would overwrite each other's file.
 * cdk8s-cli names the output `NAME-<api group>.ts`, the same file a bare
 * `npx cdk8s import` writes from the `NAME:=URL` entries in cdk8s.yaml.
 *
 * Only when every import has succeeded are the files copied into imports/.
 * A file is written only if its bytes changed. A file from an earlier run,
 * `imports/NAME-*.ts` for a NAME below, is removed if the run no longer makes
 * it. Other files in imports/ are never touched. The output is deterministic:
 * run it twice and the bytes are identical.
 *
 * If ../shared/crds is missing, the script says so and exits 0 without
 * touching imports/.
 *
 * The online sources in cdk8s.yaml are release bundles. They hold more than
 * ../shared/crds, so an online refresh adds classes and files that this
 * script does not make:
 *   - the source-controller bundle also has ExternalArtifact;
 *   - cert-manager.crds.yaml also has acme.cert-manager.io, written to
 *     imports/cert-manager-acme.cert-manager.io.ts;
 *   - metallb-native.yaml has every metallb.io CRD;
 *   - the prometheus-operator bundle.yaml has every monitoring.coreos.com CRD;
 *   - kyverno's install.yaml also has policies.kyverno.io, reports.kyverno.io
 *     and wgpolicyk8s.io.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

export interface CrdImport {
  /** Module name prefix, the `NAME` in `NAME:=SPEC`; also the name in cdk8s.yaml. */
  readonly name: string;
  /** API group, the name of the folder under ../shared/crds. */
  readonly group: string;
  /** Upstream GitHub repository (owner/name), as listed in ../shared/crds/README.md. */
  readonly upstream: string;
}

/** One entry per API group. Keep in step with `imports:` in cdk8s.yaml. */
export const CRD_IMPORTS: readonly CrdImport[] = [
  { name: 'flux-source', group: 'source.toolkit.fluxcd.io', upstream: 'fluxcd/source-controller' },
  { name: 'flux-kustomize', group: 'kustomize.toolkit.fluxcd.io', upstream: 'fluxcd/kustomize-controller' },
  { name: 'flux-helm', group: 'helm.toolkit.fluxcd.io', upstream: 'fluxcd/helm-controller' },
  { name: 'flux-notification', group: 'notification.toolkit.fluxcd.io', upstream: 'fluxcd/notification-controller' },
  { name: 'cert-manager', group: 'cert-manager.io', upstream: 'cert-manager/cert-manager' },
  { name: 'metallb', group: 'metallb.io', upstream: 'metallb/metallb' },
  { name: 'prometheus-operator', group: 'monitoring.coreos.com', upstream: 'prometheus-operator/prometheus-operator' },
  { name: 'kyverno', group: 'kyverno.io', upstream: 'kyverno/kyverno' },
];

/**
 * First line of every generated file: tsc skips checking the generated bodies (about a third of
 * `npm run typecheck`); the types they declare are still checked where the project uses them.
 */
export const NO_CHECK = '// @ts-nocheck -- generated code: checked where it is used, not in itself\n';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The shared folder sits beside the project root: <root>/../shared/crds. */
export const SHARED_CRDS_DIR = resolve(REPO_ROOT, '..', 'shared', 'crds');
export const IMPORTS_DIR = join(REPO_ROOT, 'imports');
export const CDK8S_CONFIG = join(REPO_ROOT, 'cdk8s.yaml');

/** The file cdk8s-cli writes for `name:=...` and an API group. */
export function importFileName(name: string, group: string): string {
  return `${name}-${group}.ts`;
}

/** Plain code-unit order, so the result does not depend on the locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** API group folders under ../shared/crds, sorted. */
export function sharedCrdGroups(dir: string = SHARED_CRDS_DIR): string[] {
  return readdirSync(dir)
    .filter((entry) => statSync(join(dir, entry)).isDirectory())
    .sort(byCodeUnit);
}

/** `NAME:=SOURCE` entries of cdk8s.yaml `imports:` as [name, source] pairs. */
export function configImports(file: string = CDK8S_CONFIG): Array<[string, string]> {
  const config = parseYaml(readFileSync(file, 'utf8')) as { imports?: unknown };
  const list = Array.isArray(config?.imports) ? config.imports : [];
  return list.map((entry): [string, string] => {
    const text = String(entry);
    const at = text.indexOf(':=');
    return at < 0 ? ['', text] : [text.slice(0, at), text.slice(at + 2)];
  });
}

interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  // CDK8S_* variables would set cdk8s-cli options (yargs .env('CDK8S')).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CDK8S_')));
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolvePromise({ code: -1, output: String(error) }));
    child.on('close', (code) => resolvePromise({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Join several YAML files into one multi-document YAML string. */
function joinYamlDocuments(files: string[]): string {
  return files
    .map((file) => readFileSync(file, 'utf8').replace(/^---[ \t]*\r?\n/, '').replace(/\s*$/, '\n'))
    .join('---\n');
}

async function main(): Promise<number> {
  const relShared = relative(REPO_ROOT, SHARED_CRDS_DIR);
  if (!existsSync(SHARED_CRDS_DIR)) {
    console.log(`import-crds: ${relShared} not found; nothing to import, imports/ left unchanged.`);
    return 0;
  }

  // The CRD folders, this script's table and cdk8s.yaml must agree.
  const problems: string[] = [];
  const groups = sharedCrdGroups();
  for (const group of groups) {
    if (!CRD_IMPORTS.some((entry) => entry.group === group)) {
      problems.push(`${relShared}/${group} has no entry in CRD_IMPORTS (scripts/import-crds.ts)`);
    }
  }
  for (const entry of CRD_IMPORTS) {
    if (!groups.includes(entry.group)) problems.push(`CRD_IMPORTS names ${entry.group}, not found in ${relShared}`);
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`import-crds: ${problem}`);
    return 1;
  }
  if (existsSync(CDK8S_CONFIG)) {
    const configured = configImports().map(([name]) => name);
    for (const entry of CRD_IMPORTS) {
      if (!configured.includes(entry.name)) {
        console.warn(`import-crds: warning: cdk8s.yaml imports has no "${entry.name}:=..." entry`);
      }
    }
  }

  const work = mkdtempSync(join(tmpdir(), 'import-crds-'));
  try {
    const outdir = join(work, 'out');
    // Plan every import first, so a bad folder fails before any process starts.
    const plans = CRD_IMPORTS.map((entry) => {
      const groupDir = join(SHARED_CRDS_DIR, entry.group);
      const files = readdirSync(groupDir)
        .filter((file) => /\.ya?ml$/.test(file))
        .sort(byCodeUnit)
        .map((file) => join(groupDir, file));
      if (files.length === 0) throw new Error(`no *.yaml files in ${relative(REPO_ROOT, groupDir)}`);
      let source: string;
      if (files.length === 1) {
        source = relative(REPO_ROOT, files[0]!);
      } else {
        source = join(work, `${entry.name}.yaml`);
        writeFileSync(source, joinYamlDocuments(files));
      }
      const label = `${entry.name}:=${files.length === 1 ? source : `${files.length} files of ${relative(REPO_ROOT, groupDir)}`}`;
      return { entry, source, label };
    });
    // The imports are independent; run them side by side, report in table order.
    const jobs = plans.map(({ entry, source, label }) => {
      const args = [
        '--no', 'cdk8s', 'import', `${entry.name}:=${source}`,
        '--language', 'typescript',
        '--output', outdir,
        '--no-save',
        '--no-check-upgrade',
      ];
      return { label, done: run('npx', args, REPO_ROOT) };
    });

    let failed = false;
    for (const job of jobs) {
      const result = await job.done;
      if (result.code !== 0) {
        failed = true;
        console.error(`import-crds: FAILED ${job.label} (exit ${result.code})\n${result.output}`);
      } else {
        console.log(`import-crds: imported ${job.label}`);
      }
    }
    if (failed) {
      console.error('import-crds: imports/ left unchanged.');
      return 1;
    }

    const produced = readdirSync(outdir).filter((file) => file.endsWith('.ts')).sort(byCodeUnit);
    for (const entry of CRD_IMPORTS) {
      const expected = importFileName(entry.name, entry.group);
      if (!produced.includes(expected)) {
        console.error(`import-crds: expected ${expected} was not generated; imports/ left unchanged.`);
        return 1;
      }
    }

    const owned = (file: string) => CRD_IMPORTS.some((entry) => file.startsWith(`${entry.name}-`)) && file.endsWith('.ts');
    const existing = existsSync(IMPORTS_DIR) ? readdirSync(IMPORTS_DIR).filter(owned) : [];
    for (const file of existing) {
      if (!produced.includes(file)) {
        unlinkSync(join(IMPORTS_DIR, file));
        console.log(`import-crds: removed stale imports/${file}`);
      }
    }
    for (const file of produced) {
      const text = Buffer.from(`${NO_CHECK}${readFileSync(join(outdir, file), 'utf8')}`);
      const target = join(IMPORTS_DIR, file);
      const same = existsSync(target) && readFileSync(target).equals(text);
      if (!same) {
        mkdirSync(IMPORTS_DIR, { recursive: true });
        writeFileSync(target, text);
      }
      console.log(`import-crds: imports/${file} ${(text.length / 1024).toFixed(0)} KiB ${same ? 'unchanged' : 'written'}`);
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
