import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadPlatform, type Platform } from '../../config/load';
import { mergeLayers } from '../../config/merge';
import { ConfigError, formatProblems } from '../../config/problems';
import { EnvironmentFile, PROVIDERS, SIZES, name as nameSchema, type DefaultsFile, type NodePool, type Provider } from '../../config/schema';
import { freeNodeAddresses } from './addresses';
import { clusterEntry, DEFAULT_K3S_VERSION, DEFAULT_REGIONS, POD_SERVICE_CIDRS } from './cluster-entry';
import { environmentFile } from './environment-file';
import { settleProviderLocks } from './provider-locks';
import { addCluster } from './splice';

/** What else a new cluster needs before it deploys. */
const PLACEHOLDER_HINT = 'npm run doctor and npm run deploy list what else to replace';

export const USAGE = [
  'usage: npm run new -- environment <name> [--provider <p> [--cluster <name>] [--size <s>] [--region <r>]]',
  '       npm run new -- cluster <environment> <name> --provider oci-oke|hcloud-k3s|do-k3s [--size small|medium|large] [--region <r>] [--lock]',
  '',
  'A new cluster\'s stacks get their provider lock (terraform/locks/) derived from committed locks when those',
  'cover their providers; else, with --lock, from npm run providers:lock (needs the registry); else a',
  'provider-lock waiver in policy/waivers.yaml until someone runs providers:lock (docs/ci.md#provider-lock-files).',
  '',
].join('\n');

export interface NewResult {
  /** 0 written, 1 refused (bad arguments, name taken, result invalid; nothing written). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown for anything the user can fix; becomes exit 1 with the message (and the usage, for argument mistakes). */
class Refusal extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** An argument mistake: the message and the usage. */
const usageError = (message: string) => new Refusal(message, true);

const SHORT: Record<Provider, string> = { 'oci-oke': 'oke', 'hcloud-k3s': 'hcloud', 'do-k3s': 'do' };

/** Locations the hcloud adapter knows (constructs/vps/hcloud-adapter.ts); loaded only when needed. */
async function hcloudLocations(): Promise<string[]> {
  const { HCLOUD_NETWORK_ZONES } = await import('../../constructs/vps/hcloud-adapter');
  return Object.keys(HCLOUD_NETWORK_ZONES);
}

async function checkRegion(provider: Provider, region: string): Promise<void> {
  if (provider === 'hcloud-k3s') {
    const known = await hcloudLocations();
    if (!known.includes(region)) throw new Refusal(`--region ${region} is not a Hetzner location; known: ${known.join(', ')}`);
  } else if (provider === 'do-k3s') {
    if (!/^[a-z]{3}\d$/.test(region)) throw new Refusal(`--region ${region} is not a DigitalOcean region slug such as fra1`);
  } else if (!/^[a-z]{2}-[a-z]+-\d$/.test(region)) {
    throw new Refusal(`--region ${region} is not an OCI region identifier such as eu-frankfurt-1`);
  }
}

function checkName(what: string, value: string, max: number): void {
  const result = nameSchema(max).safeParse(value);
  if (!result.success) throw new Refusal(`${what} ${JSON.stringify(value)} ${result.error.issues[0]!.message}`);
}

function loadExisting(dir: string, root: string): Platform {
  try {
    return loadPlatform(dir, { relativeTo: root });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new Refusal(`the environment files have problems already; fix them first:\n${formatProblems(error.problems)}`);
    }
    throw error;
  }
}

function environmentPath(dir: string, env: string): string | undefined {
  return ['yaml', 'yml'].map((ext) => join(dir, `${env}.${ext}`)).find((p) => existsSync(p));
}

/** Every CIDR other clusters use, so the new node network avoids them. */
function takenRanges(platform: Platform): string[] {
  return platform.clusters.flatMap((c) => [c.network.nodeCidr, c.network.subnets.public, c.network.subnets.nodes, c.network.podCidr, c.network.serviceCidr]);
}

/** The newest k3s release an environment already pins, else the constant. */
function k3sVersionFrom(platform: Platform): string {
  const versions = platform.clusters.map((c) => c.vps?.k3sVersion).filter((v): v is string => !!v);
  const key = (v: string) => v.match(/\d+/g)!.map(Number);
  versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  return versions.at(-1) ?? DEFAULT_K3S_VERSION;
}

/**
 * Validates the edited folder as a whole (a copy with the new text in place) before anything is
 * written; on success writes the one file atomically (temporary file + rename).
 */
function validateAndWrite(dir: string, file: string, text: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'new-'));
  try {
    const copy = join(scratch, 'environments');
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, file), text);
    try {
      loadPlatform(copy, { relativeTo: scratch });
    } catch (error) {
      if (error instanceof ConfigError) {
        throw new Refusal(`the result would not be valid, so nothing was written:\n${formatProblems(error.problems)}`);
      }
      throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const target = join(dir, file);
  // Not *.yaml, so a run killed before the rename leaves nothing the loader would read.
  const temporary = join(dir, `.${file}.new-${process.pid}`);
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

interface ClusterRequest {
  readonly env: string;
  readonly name: string;
  readonly provider: Provider;
  readonly size: string;
  readonly region: string;
  readonly command: string;
}

/** The new file text with the cluster added (nothing written). */
function withCluster(platform: Platform, dir: string, text: string, request: ClusterRequest): { text: string; nodeCidr: string } {
  const defaults = parse(readFileSync(join(dir, 'defaults.yaml'), 'utf8')) as DefaultsFile;
  const envData = parse(text) as EnvironmentFile;
  const inherited = mergeLayers<Record<string, unknown>>(defaults.cluster, envData.clusterDefaults) ?? {};
  const own = POD_SERVICE_CIDRS[request.provider];
  const addresses = freeNodeAddresses([...takenRanges(platform), own.pod, own.service]);
  const template = (defaults.sizes[request.provider] as Record<string, Record<string, NodePool>>)[request.size];
  const entry = clusterEntry({
    name: request.name,
    provider: request.provider,
    size: request.size,
    region: request.region,
    addresses,
    inherited,
    template,
    k3sVersion: k3sVersionFrom(platform),
    command: request.command,
  });
  return { text: addCluster(text, entry), nodeCidr: addresses.nodeCidr };
}

function option<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw usageError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

async function clusterRequest(env: string, name: string, values: { provider?: string; size?: string; region?: string }, command: string): Promise<ClusterRequest> {
  const provider = option(values.provider, PROVIDERS, '--provider');
  if (!provider) throw usageError(`--provider is required: ${PROVIDERS.join(', ')}`);
  const size = option(values.size, SIZES, '--size') ?? 'small';
  checkName('cluster name', name, 40);
  const region = values.region ?? DEFAULT_REGIONS[provider];
  await checkRegion(provider, region);
  return { env, name, provider, size, region, command };
}

function refuseTakenCluster(platform: Platform, name: string): void {
  const owner = platform.environments.find((e) => e.clusters.some((c) => c.name === name));
  if (owner) throw new Refusal(`cluster name ${name} is already used in ${owner.file}; cluster names are unique across environments`);
}

/**
 * After the environment file is written: settles the new cluster's provider locks (derived, locked
 * with --lock, or waived; cli/new/provider-locks.ts) and says what is next. Exit 1 only when --lock
 * was asked for and providers:lock failed (the cluster is written and its stacks waived).
 */
async function withLocks(root: string, cluster: string, lock: boolean, written: string): Promise<NewResult> {
  const settled = await settleProviderLocks(root, cluster, {
    lock,
    runLock: async (stacks) => (await import('../providers-lock')).providersLock(stacks, root),
  });
  const lines = settled.report.split('\n').filter(Boolean);
  const info = lines.filter((l) => !l.startsWith('warning:'));
  const warnings = lines.filter((l) => l.startsWith('warning:'));
  return {
    code: settled.failed ? 1 : 0,
    stdout: `${written}${info.map((l) => `${l}\n`).join('')}next: replace the values marked REPLACE (${PLACEHOLDER_HINT}), then npm run synth\n`,
    stderr: warnings.map((l) => `${l}\n`).join(''),
  };
}

/** `npm run new -- ...` without the process: returns what to print and the exit code. */
export async function runNew(argv: readonly string[], options: { readonly root: string }): Promise<NewResult> {
  const root = options.root;
  const dir = join(root, 'environments');
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: {
          provider: { type: 'string' },
          size: { type: 'string' },
          region: { type: 'string' },
          cluster: { type: 'string' },
          lock: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      throw usageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) return { code: 0, stdout: USAGE, stderr: '' };
    const [kind, ...rest] = positionals;
    const command = `npm run new -- ${argv.join(' ')}`;

    if (kind === 'environment') {
      if (rest.length !== 1) throw usageError('expected: environment <name>');
      const env = rest[0]!;
      const nameCheck = EnvironmentFile.shape.name.safeParse(env);
      if (!nameCheck.success) throw new Refusal(`environment name ${JSON.stringify(env)} ${nameCheck.error.issues[0]!.message}`);
      if (env === 'defaults') throw new Refusal('defaults is the name of the defaults file, not an environment');
      const existing = environmentPath(dir, env);
      if (existing) throw new Refusal(`environments/${env}.yaml already exists; pick another name or add clusters to it with npm run new -- cluster ${env} <name> --provider <p>`);
      if (values.provider === undefined && ((values.cluster ?? values.size ?? values.region) !== undefined || values.lock)) {
        throw usageError('--cluster, --size, --region and --lock need --provider (they describe a first cluster)');
      }
      const platform = loadExisting(dir, root);
      let text = environmentFile(env, command);
      let added = '';
      let clusterName: string | undefined;
      if (values.provider !== undefined) {
        const request = await clusterRequest(env, values.cluster ?? `${SHORT[values.provider as Provider] ?? 'cluster'}-${env}`, values, command);
        refuseTakenCluster(platform, request.name);
        const result = withCluster(platform, dir, text, request);
        text = result.text;
        clusterName = request.name;
        added = ` with cluster ${request.name} (${request.provider}, ${request.size}, node network ${result.nodeCidr})`;
      }
      validateAndWrite(dir, `${env}.yaml`, text);
      const stdout = `wrote environments/${env}.yaml${added}\n`;
      if (clusterName === undefined) {
        // An environment alone adds no stacks, so there is no provider lock to settle.
        return { code: 0, stdout: `${stdout}next: add a cluster with npm run new -- cluster ${env} <name> --provider <p>, then npm run synth\n`, stderr: '' };
      }
      return withLocks(root, clusterName, values.lock === true, stdout);
    }

    if (kind === 'cluster') {
      if (rest.length !== 2) throw usageError('expected: cluster <environment> <name> --provider <p>');
      const [env, name] = rest as [string, string];
      if (values.cluster !== undefined) throw usageError('--cluster is for `new environment`; give the cluster name as the second argument');
      const request = await clusterRequest(env, name, values, command);
      const path = environmentPath(dir, env);
      if (!path || env === 'defaults') throw new Refusal(`no environment named ${env} (environments/${env}.yaml); create it with npm run new -- environment ${env}`);
      const platform = loadExisting(dir, root);
      refuseTakenCluster(platform, name);
      const file = path.slice(dir.length + 1);
      const result = withCluster(platform, dir, readFileSync(path, 'utf8'), request);
      validateAndWrite(dir, file, result.text);
      return withLocks(root, name, values.lock === true, `added cluster ${name} (${request.provider}, ${request.size}, ${request.region}, node network ${result.nodeCidr}) to environments/${file}\n`);
    }

    throw usageError(kind === undefined ? 'say what to create: environment or cluster' : `unknown kind ${JSON.stringify(kind)}: expected environment or cluster`);
  } catch (error) {
    if (error instanceof Refusal) return { code: 1, stdout: '', stderr: `new: ${error.message}\n${error.showUsage ? USAGE : ''}` };
    throw error;
  }
}
