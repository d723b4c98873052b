/**
 * Offline CDKTF binding generator for providers that have no prebuilt npm package
 * (oracle/oci, hetznercloud/hcloud).
 *
 * Input:  providers/<name>.schema.json  (hand-curated subset of `terraform providers schema -json`)
 *         cdktf.json terraformProviders  (version constraint per provider)
 * Output: .gen/providers/<name>/...      (same layout and class names `cdktf get` produces)
 *
 * Usage:
 *   npx tsx scripts/generate-providers.ts           # (re)write .gen/providers/<name>
 *   npx tsx scripts/generate-providers.ts --check   # generate into a temp dir, exit 1 if .gen is stale
 *
 * It drives @cdktf/provider-generator's TerraformProviderGenerator exactly like `cdktf get` does
 * (one generator per provider, target built from the cdktf.json constraint). The package's
 * `generateProviderBindingsFromSchema` helper is not used because it builds its targets from the
 * schema key alone: the bindings would then carry `source = "registry.terraform.io/oracle/oci"`
 * and no version constraint in `required_providers`.
 *
 * Two deterministic post-processing steps are applied to the generated TypeScript:
 *   1. `override` modifiers are added where the generated classes override cdktf base-class
 *      members, because the repo tsconfig enables `noImplicitOverride` (TS4114/TS4115).
 *   2. Registry doc links are pinned to the provider version the schema subset follows
 *      (x_cdktf_subset.followed_versions) instead of ".../latest/docs".
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GEN_PROVIDERS_DIR = path.join(ROOT, '.gen', 'providers');
const SCHEMA_DIR = path.join(ROOT, 'providers');
const SCHEMA_SUFFIX = '.schema.json';

export interface ProviderSpec {
  /** local provider name, also the folder under .gen/providers */
  name: string;
  /** registry.terraform.io/<namespace>/<name> */
  fqpn: string;
  /** <namespace>/<name> */
  source: string;
  /** version constraint from cdktf.json, e.g. "~> 8.28" */
  version: string;
  /** version the hand-written schema follows, e.g. "8.28.0" (doc links only) */
  followedVersion?: string;
  schemaFile: string;
}

interface SchemaFile {
  format_version: string;
  provider_schemas: Record<string, unknown>;
  x_cdktf_subset?: { followed_versions?: Record<string, string> };
}

type CdktfProviderEntry = string | { name?: string; source?: string; version?: string };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Parse a cdktf.json terraformProviders entry into {source, version}. */
function parseConstraint(entry: CdktfProviderEntry): { source: string; version?: string } {
  if (typeof entry === 'string') {
    const [source, version] = entry.split('@');
    return { source: source!.trim(), version: version?.trim() };
  }
  return { source: (entry.source ?? entry.name ?? '').trim(), version: entry.version?.trim() };
}

/** Providers to generate: every providers/*.schema.json, constrained by cdktf.json. */
export function loadProviderSpecs(root: string = ROOT): ProviderSpec[] {
  const cdktf = readJson<{ terraformProviders?: CdktfProviderEntry[] }>(path.join(root, 'cdktf.json'));
  const constraints = (cdktf.terraformProviders ?? []).map(parseConstraint);
  const schemaDir = path.join(root, 'providers');
  const files = readdirSync(schemaDir).filter((f) => f.endsWith(SCHEMA_SUFFIX)).sort();
  return files.map((file) => {
    const schemaFile = path.join(schemaDir, file);
    const schema = readJson<SchemaFile>(schemaFile);
    const keys = Object.keys(schema.provider_schemas ?? {});
    if (keys.length !== 1) throw new Error(`${file}: expected exactly one provider in provider_schemas, got ${keys.length}`);
    const fqpn = keys[0]!;
    const [, namespace, name] = fqpn.split('/');
    if (!namespace || !name) throw new Error(`${file}: cannot parse provider address ${fqpn}`);
    if (file !== `${name}${SCHEMA_SUFFIX}`) throw new Error(`${file}: file name must be ${name}${SCHEMA_SUFFIX}`);
    const source = `${namespace}/${name}`;
    const constraint = constraints.find((c) => c.source.toLowerCase() === source || c.source.toLowerCase() === fqpn);
    if (!constraint?.version) throw new Error(`cdktf.json terraformProviders has no version constraint for ${source}`);
    return {
      name,
      fqpn,
      source,
      version: constraint.version,
      followedVersion: schema.x_cdktf_subset?.followed_versions?.[fqpn],
      schemaFile,
    };
  });
}

/** Make generated code compile with `noImplicitOverride`. */
function addOverrideModifiers(src: string, isProviderFile: boolean): string {
  let out = src
    .replace(/^(\s*)protected (synthesizeAttributes|synthesizeHclAttributes)\(\)/gm, '$1protected override $2()')
    .replace(
      /constructor\(protected terraformResource: cdktf\.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean\)/g,
      'constructor(protected override terraformResource: cdktf.IInterpolatingParent, protected override terraformAttribute: string, protected override wrapsSet: boolean)',
    );
  if (isProviderFile) out = out.replace(/^(\s*)public (get|set) alias\(/gm, '$1public override $2 alias(');
  return out;
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/**
 * First line of every generated file: tsc skips checking the generated bodies (about a third of
 * `npm run typecheck`); the types they declare are still checked where the project uses them.
 */
const NO_CHECK = '// @ts-nocheck -- generated code: checked where it is used, not in itself\n';

function postProcess(providerDir: string, spec: ProviderSpec): void {
  const [namespace, name] = spec.source.split('/');
  const latest = `https://registry.terraform.io/providers/${namespace}/${name}/latest/docs`;
  const pinned = spec.followedVersion
    ? `https://registry.terraform.io/providers/${namespace}/${name}/${spec.followedVersion}/docs`
    : latest;
  for (const rel of listFiles(providerDir)) {
    const file = path.join(providerDir, rel);
    const before = readFileSync(file, 'utf8');
    let after = before.split(latest).join(pinned);
    if (rel.endsWith('.ts')) after = NO_CHECK + addOverrideModifiers(after, rel === 'provider/index.ts');
    if (after !== before) writeFileSync(file, after);
  }
}

let generatorModule: Promise<typeof import('@cdktf/provider-generator')> | undefined;
function loadGenerator() {
  // @cdktf/commons spawns `terraform version` and may send telemetry when it is loaded; neither is
  // wanted for an offline, side-effect-free code generator.
  process.env.CHECKPOINT_DISABLE ??= '1';
  process.env.TERRAFORM_BINARY_NAME ??= 'cdktf-generate-providers-needs-no-terraform';
  generatorModule ??= import('@cdktf/provider-generator');
  return generatorModule;
}

/**
 * Generate bindings for all specs into `<outDir>/providers/<name>` (outDir is wiped per provider).
 * Returns the provider directories written.
 */
export async function generateInto(outDir: string, specs: ProviderSpec[] = loadProviderSpecs()): Promise<string[]> {
  const { CodeMaker, TerraformProviderGenerator } = await loadGenerator();
  const written: string[] = [];
  for (const spec of specs) {
    const raw = readJson<SchemaFile>(spec.schemaFile);
    // only hand the generator what `terraform providers schema -json` would contain
    const schema = { format_version: raw.format_version, provider_schemas: raw.provider_schemas };
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, schema as never);
    const target = {
      isModule: false,
      isProvider: true,
      name: spec.name,
      source: spec.source,
      fqn: spec.source,
      namespace: spec.source.split('/')[0],
      version: spec.version,
    };
    generator.generate(target as never);
    const providerDir = path.join(outDir, 'providers', spec.name);
    rmSync(providerDir, { recursive: true, force: true });
    await code.save(outDir);
    postProcess(providerDir, spec);
    written.push(providerDir);
  }
  return written;
}

export interface StaleReport {
  ok: boolean;
  /** "missing|differs|extra: .gen/providers/<name>/<file>" */
  problems: string[];
}

/** Generate into a temp dir and compare with the committed .gen/providers. */
export async function checkBindings(specs: ProviderSpec[] = loadProviderSpecs(), genDir: string = GEN_PROVIDERS_DIR): Promise<StaleReport> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gen-providers-check-'));
  try {
    await generateInto(tmp, specs);
    const problems: string[] = [];
    for (const spec of specs) {
      const fresh = path.join(tmp, 'providers', spec.name);
      const committed = path.join(genDir, spec.name);
      const freshFiles = listFiles(fresh);
      const committedFiles = new Set(listFiles(committed));
      const label = (rel: string) => `.gen/providers/${spec.name}/${rel}`;
      for (const rel of freshFiles) {
        if (!committedFiles.has(rel)) problems.push(`missing: ${label(rel)}`);
        else if (!readFileSync(path.join(fresh, rel)).equals(readFileSync(path.join(committed, rel)))) problems.push(`differs: ${label(rel)}`);
        committedFiles.delete(rel);
      }
      for (const rel of [...committedFiles].sort()) problems.push(`extra: ${label(rel)}`);
    }
    return { ok: problems.length === 0, problems };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Regenerate .gen/providers/<name> in place (only the folders of providers with a schema file). */
export async function writeBindings(specs: ProviderSpec[] = loadProviderSpecs(), genDir: string = GEN_PROVIDERS_DIR): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gen-providers-'));
  try {
    await generateInto(tmp, specs);
    mkdirSync(genDir, { recursive: true });
    for (const spec of specs) {
      const target = path.join(genDir, spec.name);
      rmSync(target, { recursive: true, force: true });
      cpSync(path.join(tmp, 'providers', spec.name), target, { recursive: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const started = process.hrtime.bigint();
  const specs = loadProviderSpecs();
  const seconds = () => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(2);
  const names = specs.map((s) => `${s.source}@${s.version}`).join(', ');
  if (check) {
    const report = await checkBindings(specs);
    if (!report.ok) {
      console.error(`.gen/providers is stale (${report.problems.length} file(s)); run \`npm run gen:providers\`:`);
      for (const p of report.problems) console.error(`  ${p}`);
      return 1;
    }
    console.log(`.gen/providers is up to date for ${names} (${seconds()}s)`);
    return 0;
  }
  await writeBindings(specs);
  console.log(`generated .gen/providers for ${names} (${seconds()}s)`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(2);
    },
  );
}

export { SCHEMA_DIR };
