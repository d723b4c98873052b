import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlatform, type Platform } from '../../config/load';
import { findPlaceholders } from '../../config/placeholders';
import { ConfigError, formatProblems } from '../../config/problems';
import { failed, type Check } from './check';
import { checkAgeKey, checkAws, checkCloudflareAccount, checkOciProfile, checkToken } from './credentials';
import { spawnExec, type Env, type Exec } from './exec';
import { kubectlWindow, needsOf } from './needs';
import { checkStateBucket } from './online';
import { formatTable, summary } from './report';
import { checkTerraform } from './terraform';
import { checkTool, type ToolSpec } from './tools';
import { minimumFromEngines, type Version } from './version';

export const USAGE = 'usage: npm run doctor [-- --env <name> [--env <name>...]] [--online]\n';

export interface DoctorOptions {
  /** Project root: environments/ and package.json live here. */
  readonly root: string;
  /** The environment to inspect: PATH, HOME and the credential variables. */
  readonly env: Env;
  /** Runs the tools; tests may pass their own. */
  readonly exec?: Exec;
}

export interface DoctorResult {
  /** 0 everything needed is there, 1 something is missing (or bad arguments/config), 2 internal error. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly checks: readonly Check[];
}

const v = (major: number, minor: number, patch = 0): Version => ({ major, minor, patch });

function nodeMinimum(root: string): Version {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    return minimumFromEngines(pkg.engines?.node) ?? v(24, 0);
  } catch {
    return v(24, 0);
  }
}

/** The command-line tools, with the oldest version that works and where to get them. */
export function toolSpecs(root: string, kubernetes: readonly Version[]): ToolSpec[] {
  const window = kubectlWindow(kubernetes);
  const newest = kubernetes[kubernetes.length - 1];
  const node = nodeMinimum(root);
  return [
    {
      name: 'node',
      versionArgs: ['--version'],
      min: node,
      reason: `package.json engines.node needs ${node.major} or newer`,
      install: `install Node.js ${node.major} LTS or newer (https://nodejs.org/en/download, or \`nvm install ${node.major}\`)`,
    },
    {
      name: 'npm',
      versionArgs: ['--version'],
      min: v(7, 0),
      reason: 'package-lock.json is lockfileVersion 3 (npm 7 or newer)',
      install: 'npm comes with Node.js; update it with `npm install -g npm`',
    },
    {
      name: 'kubectl',
      versionArgs: ['version', '--client'],
      min: window?.min ?? v(1, 0),
      max: window?.max,
      reason: 'kubectl is supported within one minor version of the clusters\' Kubernetes',
      install: `install kubectl ${newest ? `${newest.major}.${newest.minor}` : 'matching your clusters'} (https://kubernetes.io/docs/tasks/tools/)`,
    },
    {
      name: 'flux',
      versionArgs: ['--version'],
      min: v(2, 7),
      reason: 'the Flux CRDs this repository is built against are Flux 2.7\'s (cdk8s.yaml)',
      install: 'install the Flux CLI 2.7 or newer (https://fluxcd.io/flux/installation/#install-the-flux-cli, or `brew install fluxcd/tap/flux`)',
    },
    {
      name: 'sops',
      versionArgs: ['--version'],
      min: v(3, 7),
      reason: 'age recipients need sops 3.7 or newer',
      install: 'install sops 3.7 or newer (https://github.com/getsops/sops/releases, or `brew install sops`)',
    },
    {
      name: 'age',
      versionArgs: ['--version'],
      min: v(1, 0),
      reason: 'age 1.0 is the first stable key format',
      install: 'install age (https://github.com/FiloSottile/age#installation: `apt install age` or `brew install age`)',
    },
  ];
}

function label(envs: readonly string[], selected: readonly string[]): string {
  return envs.length === selected.length ? 'all' : envs.join(', ');
}

/** OKE kubeconfigs authenticate through the OCI CLI (the cluster stack's kubeconfig_command output). */
export const OCI_CLI: ToolSpec = {
  name: 'oci',
  versionArgs: ['--version'],
  min: v(3, 0),
  reason: 'kubeconfig_command and the kubeconfig token plugin of OKE clusters run the OCI CLI 3',
  install: 'install the OCI CLI (https://docs.oracle.com/en-us/iaas/Content/API/SDKDocs/cliinstall.htm, or `brew install oci-cli`)',
};

function credentialChecks(platform: Platform, env: Env, exec: Exec): Check[] {
  const needs = needsOf(platform);
  const selected = needs.environments;
  const checks: Check[] = [];
  const ociEnvs = [...new Set([...needs.ociProfiles.values()].flat())].sort();
  if (ociEnvs.length > 0) checks.push(checkTool(OCI_CLI, label(ociEnvs, selected), env, exec));
  for (const [profile, envs] of needs.ociProfiles) checks.push(checkOciProfile(profile, label(envs, selected), env));
  if (needs.hcloud.length > 0) {
    checks.push(
      checkToken({
        name: 'HCLOUD_TOKEN',
        neededBy: label(needs.hcloud, selected),
        env,
        exactLength: 64,
        fix: 'create a Read & Write API token in the Hetzner Console (project > Security > API tokens) and export HCLOUD_TOKEN',
      }),
    );
  }
  if (needs.digitalocean.length > 0) {
    checks.push(
      checkToken({
        name: 'DIGITALOCEAN_TOKEN',
        neededBy: label(needs.digitalocean, selected),
        env,
        aliases: ['DIGITALOCEAN_ACCESS_TOKEN'],
        fix: 'create a personal access token with write scope (DigitalOcean control panel > API) and export DIGITALOCEAN_TOKEN',
      }),
    );
  }
  if (needs.cloudflare.length > 0) {
    checks.push(
      checkToken({
        name: 'CLOUDFLARE_API_TOKEN',
        neededBy: label(needs.cloudflare, selected),
        env,
        fix: `create an API token with Zone:Read and DNS:Edit on the zone${
          needs.cloudflareAccount.length > 0 ? ` (and Zone:Edit on the account where a DNS stack creates its zone: ${needs.cloudflareAccount.join(', ')})` : ''
        } in the Cloudflare dashboard (My Profile > API Tokens) and export CLOUDFLARE_API_TOKEN`,
      }),
    );
  }
  if (needs.cloudflareAccount.length > 0) checks.push(checkCloudflareAccount(label(needs.cloudflareAccount, selected), env));
  const aws = checkAws(label(needs.aws, selected), env);
  const route53 = needs.route53.length > 0 ? ` and Route53 in ${needs.route53.join(', ')}` : '';
  checks.push({ ...aws, fix: aws.fix && `${aws.fix}; needed for the state bucket${route53}` });
  return checks;
}

/** Runs every check the selected environments need; never throws for bad input. */
export async function runDoctor(argv: readonly string[], options: DoctorOptions): Promise<DoctorResult> {
  const exec = options.exec ?? spawnExec;
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { env: { type: 'string', multiple: true }, online: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { code: 1, stdout: '', stderr: `doctor: ${(error as Error).message}\n${USAGE}`, checks: [] };
  }
  if (args.help) return { code: 0, stdout: USAGE, stderr: '', checks: [] };

  let platform: Platform | undefined;
  let configProblems = '';
  let configCheck: Check;
  try {
    platform = loadPlatform(join(options.root, 'environments'), { relativeTo: options.root });
    configCheck = { name: 'environments/', neededBy: 'all', status: 'ok', found: '' };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configProblems = formatProblems(error.problems);
    configCheck = {
      name: 'environments/',
      neededBy: 'all',
      status: 'invalid',
      found: error.message,
      fix: 'fix the problems listed below (npm run synth shows the same list); credentials cannot be checked until then',
    };
  }

  const wanted = args.env ?? [];
  if (platform && wanted.length > 0) {
    const known = platform.environments.map((e) => e.name);
    const unknown = wanted.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      return { code: 1, stdout: '', stderr: `doctor: no environment named ${unknown.join(', ')}; known: ${known.join(', ')}\n`, checks: [] };
    }
    const environments = platform.environments.filter((e) => wanted.includes(e.name));
    platform = { ...platform, environments, clusters: environments.flatMap((e) => e.clusters) };
  }

  const needs = platform ? needsOf(platform) : undefined;
  const checks: Check[] = [];
  const specs = toolSpecs(options.root, needs?.kubernetesMinors ?? []);
  const [node, npm, kubectl, ...gitops] = specs;
  checks.push(checkTool(node!, 'all', options.env, exec), checkTool(npm!, 'all', options.env, exec));
  checks.push(checkTerraform('all', options.env, exec));
  checks.push(checkTool(kubectl!, 'all', options.env, exec));
  for (const spec of gitops) checks.push(checkTool(spec, 'all', options.env, exec));
  checks.push(checkAgeKey('all', options.env));

  if (platform) {
    const clusters = platform.clusters.map((c) => `${c.name} (${c.provider})`).join(', ');
    checks.push({ ...configCheck, found: `valid; ${platform.clusters.length} cluster${platform.clusters.length === 1 ? '' : 's'}: ${clusters || 'none'}` });
    const credentials = credentialChecks(platform, options.env, exec);
    checks.push(...credentials);
    const aws = credentials.find((c) => c.name === 'AWS credentials');
    checks.push(
      checkStateBucket({
        state: platform.state,
        online: args.online ?? false,
        credentialsOk: aws?.status === 'ok',
        neededBy: 'all',
        env: options.env,
        exec,
      }),
    );
    // Example values still in environments/: npm run deploy refuses them; listed here one per line.
    const placeholders = findPlaceholders(join(options.root, 'environments'), { clusters: platform.clusters, state: true }, { relativeTo: options.root });
    for (const p of placeholders) {
      const clusters = platform.clusters.filter((c) => p.path.startsWith(`clusters.${c.name}.`)).map((c) => c.environment);
      checks.push({
        name: `${p.file}:${p.line}`,
        neededBy: clusters[0] ?? 'all',
        status: 'warn',
        found: `${p.path} = ${p.value} (${p.rule})`,
        fix: `${p.message}; npm run deploy refuses it`,
      });
    }
  } else {
    checks.push(configCheck);
  }

  const scope = platform ? `environments ${platform.environments.map((e) => e.name).join(', ') || '(none)'}` : 'environments (not loaded)';
  const bad = checks.some(failed);
  const lines = [`doctor: what a deploy of ${scope} needs on this machine${args.online ? ' (online)' : ''}`, '', formatTable(checks), '', summary(checks)];
  if (configProblems) lines.push('', configProblems);
  return { code: bad ? 1 : 0, stdout: `${lines.join('\n')}\n`, stderr: '', checks };
}
