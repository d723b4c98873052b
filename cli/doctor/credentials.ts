import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Check } from './check';
import type { Env } from './exec';
import { parseIni, type Ini } from './ini';

/** Where the doctor looks for dot files: $HOME of the inspected environment. */
export function homeOf(env: Env): string {
  return env.HOME ?? env.USERPROFILE ?? '/';
}

function expandHome(path: string, env: Env): string {
  if (path === '~') return homeOf(env);
  if (path.startsWith('~/')) return join(homeOf(env), path.slice(2));
  return path;
}

/** "~/.oci/config" for paths under $HOME, so the table stays short and shows no user name. */
function display(path: string, env: Env): string {
  const home = homeOf(env);
  return home !== '/' && path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}

function readIni(path: string): Ini | undefined {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function length(value: string): string {
  return `${value.length} character${value.length === 1 ? '' : 's'}`;
}

/** A token in an environment variable: presence and length only, never the value. */
export function checkToken(options: {
  readonly name: string;
  readonly neededBy: string;
  readonly env: Env;
  readonly fix: string;
  /** Other variables the provider also reads. */
  readonly aliases?: readonly string[];
  /** Exact length, when the provider enforces one. */
  readonly exactLength?: number;
}): Check {
  const { name, neededBy, env } = options;
  const variable = [name, ...(options.aliases ?? [])].find((v) => (env[v] ?? '') !== '');
  if (!variable) {
    return { name, neededBy, status: 'missing', found: 'not set', fix: options.fix };
  }
  const value = env[variable]!;
  const via = variable === name ? 'set' : `${variable} set`;
  if (value.trim() !== value) {
    return { name, neededBy, status: 'invalid', found: `${via}, ${length(value)} with surrounding whitespace`, fix: `remove the spaces or newline around the value of ${variable}` };
  }
  if (options.exactLength !== undefined && value.length !== options.exactLength) {
    return {
      name,
      neededBy,
      status: 'invalid',
      found: `${via}, ${length(value)} (a valid token has ${options.exactLength})`,
      fix: `${variable} holds something else than an API token; ${options.fix}`,
    };
  }
  return { name, neededBy, status: 'ok', found: `${via}, ${length(value)}` };
}

const OCI_KEYS = ['user', 'fingerprint', 'tenancy', 'region'] as const;

/** The OCI config file the provider and CLI read. */
export function ociConfigPath(env: Env): string {
  return expandHome(env.OCI_CLI_CONFIG_FILE || join(homeOf(env), '.oci', 'config'), env);
}

/** The profile named by cluster.oci.configProfile, with the keys API-key auth needs and its key file. */
export function checkOciProfile(profile: string, neededBy: string, env: Env): Check {
  const name = `OCI profile ${profile}`;
  const path = ociConfigPath(env);
  const shown = display(path, env);
  const setup = `run \`oci setup config\` (or create an API key in the OCI console: Profile > API keys) and write the [${profile}] profile to ${shown}`;
  if (!existsSync(path)) {
    return { name, neededBy, status: 'missing', found: `${shown} does not exist`, fix: setup };
  }
  const ini = readIni(path);
  const section = ini?.get(profile);
  if (!section) {
    const known = ini ? [...ini.keys()].join(', ') : '';
    return {
      name,
      neededBy,
      status: 'missing',
      found: `${shown} has no [${profile}]${known ? ` (has ${known})` : ''}`,
      fix: `add a [${profile}] profile to ${shown}, or set oci.configProfile to an existing one; ${setup}`,
    };
  }
  if (section.has('security_token_file')) {
    const tokenFile = expandHome(section.get('security_token_file')!, env);
    if (!existsSync(tokenFile)) {
      return { name, neededBy, status: 'invalid', found: `[${profile}] security_token_file ${display(tokenFile, env)} does not exist`, fix: `run \`oci session authenticate --profile-name ${profile}\`` };
    }
    return { name, neededBy, status: 'ok', found: `${shown} [${profile}], session token` };
  }
  const missing = [...OCI_KEYS, 'key_file'].filter((key) => !section.get(key));
  if (missing.length > 0) {
    return { name, neededBy, status: 'invalid', found: `[${profile}] in ${shown} lacks ${missing.join(', ')}`, fix: setup };
  }
  const keyFile = expandHome(section.get('key_file')!, env);
  const resolved = isAbsolute(keyFile) ? keyFile : join(homeOf(env), keyFile);
  if (!existsSync(resolved)) {
    return {
      name,
      neededBy,
      status: 'invalid',
      found: `[${profile}] key_file ${display(resolved, env)} does not exist`,
      fix: `put the API signing key (PEM) there or fix key_file in ${shown}`,
    };
  }
  return { name, neededBy, status: 'ok', found: `${shown} [${profile}], key file present` };
}

/** How an AWS profile gets credentials, as the AWS SDK (and so Terraform's aws provider/S3 backend) does. */
const AWS_PROFILE_SOURCES: readonly (readonly string[])[] = [
  ['aws_access_key_id', 'aws_secret_access_key'],
  ['sso_session'],
  ['sso_start_url'],
  ['credential_process'],
  ['role_arn', 'source_profile'],
  ['role_arn', 'credential_source'],
  ['role_arn', 'web_identity_token_file'],
];

function hasCredentials(section: ReadonlyMap<string, string> | undefined): boolean {
  return !!section && AWS_PROFILE_SOURCES.some((keys) => keys.every((key) => !!section.get(key)));
}

const AWS_FIX =
  'export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure --profile <name>` (or `aws configure sso`) and export AWS_PROFILE=<name>';

/**
 * AWS credentials for the state bucket (every stack's backend) and Route53: the two key
 * variables, or a profile (AWS_PROFILE, else "default") in the shared credentials or config file.
 */
export function checkAws(neededBy: string, env: Env): Check {
  const name = 'AWS credentials';
  const id = env.AWS_ACCESS_KEY_ID ?? '';
  const secret = env.AWS_SECRET_ACCESS_KEY ?? '';
  if (id !== '' || secret !== '') {
    if (id === '' || secret === '') {
      const [set, unset] = id !== '' ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
      return { name, neededBy, status: 'invalid', found: `${set} set, ${unset} not`, fix: `export ${unset} too (both come from the same access key)` };
    }
    const session = env.AWS_SESSION_TOKEN ? ' and AWS_SESSION_TOKEN' : '';
    return { name, neededBy, status: 'ok', found: `AWS_ACCESS_KEY_ID (${length(id)}), AWS_SECRET_ACCESS_KEY (${length(secret)})${session} set` };
  }
  const explicit = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
  const profile = explicit || 'default';
  const credentialsPath = expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homeOf(env), '.aws', 'credentials'), env);
  const configPath = expandHome(env.AWS_CONFIG_FILE || join(homeOf(env), '.aws', 'config'), env);
  const credentials = existsSync(credentialsPath) ? readIni(credentialsPath) : undefined;
  const config = existsSync(configPath) ? readIni(configPath) : undefined;
  const fromCredentials = credentials?.get(profile);
  const fromConfig = config?.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? config?.get(profile);
  const via = explicit ? `AWS_PROFILE=${profile}` : 'profile default';
  if (hasCredentials(fromCredentials)) {
    return { name, neededBy, status: 'ok', found: `${via} in ${display(credentialsPath, env)}` };
  }
  if (hasCredentials(fromConfig) || (fromConfig && hasCredentials(mergeMaps(fromConfig, fromCredentials)))) {
    return { name, neededBy, status: 'ok', found: `${via} in ${display(configPath, env)}` };
  }
  if (fromCredentials || fromConfig) {
    return {
      name,
      neededBy,
      status: 'invalid',
      found: `${via} exists but has no keys, SSO, role or credential_process`,
      fix: `run \`aws configure --profile ${profile}\` (or \`aws configure sso\`)`,
    };
  }
  if (explicit) {
    return {
      name,
      neededBy,
      status: 'missing',
      found: `${via} is in neither ${display(credentialsPath, env)} nor ${display(configPath, env)}`,
      fix: `run \`aws configure --profile ${profile}\`, or export AWS_PROFILE with an existing profile`,
    };
  }
  return { name, neededBy, status: 'missing', found: 'no AWS_ACCESS_KEY_ID, AWS_PROFILE or default profile', fix: AWS_FIX };
}

function mergeMaps(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> {
  return new Map([...(b ?? []), ...a]);
}

/**
 * The age private key sops decrypts with (and that goes into the cluster's sops-age Secret at
 * bootstrap): SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops' default keys.txt.
 */
export function checkAgeKey(neededBy: string, env: Env): Check {
  const name = 'age private key';
  if ((env.SOPS_AGE_KEY ?? '') !== '') return { name, neededBy, status: 'ok', found: `SOPS_AGE_KEY set, ${length(env.SOPS_AGE_KEY!)}` };
  const candidates = [
    env.SOPS_AGE_KEY_FILE && expandHome(env.SOPS_AGE_KEY_FILE, env),
    join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'sops', 'age', 'keys.txt'),
    join(homeOf(env), 'Library', 'Application Support', 'sops', 'age', 'keys.txt'),
  ].filter((p): p is string => !!p);
  const present = candidates.find((p) => existsSync(p));
  if (present) {
    let keys = 0;
    try {
      keys = readFileSync(present, 'utf8').split('\n').filter((l) => l.startsWith('AGE-SECRET-KEY-')).length;
    } catch {
      keys = 0;
    }
    if (keys === 0) {
      return { name, neededBy, status: 'warn', found: `${display(present, env)} holds no AGE-SECRET-KEY line`, fix: 'write a key with `age-keygen -o <file>`' };
    }
    return { name, neededBy, status: 'ok', found: `${display(present, env)}, ${keys} key${keys === 1 ? '' : 's'}` };
  }
  if (env.SOPS_AGE_KEY_FILE) {
    return { name, neededBy, status: 'warn', found: `SOPS_AGE_KEY_FILE points at a missing file`, fix: 'fix SOPS_AGE_KEY_FILE or create the key with `age-keygen -o <file>`' };
  }
  return {
    name,
    neededBy,
    status: 'warn',
    found: 'none (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt)',
    fix: 'needed to decrypt secrets and to create the sops-age Secret: `age-keygen -o ~/.config/sops/age/keys.txt`, then put its public key in sops.ageRecipients',
  };
}

/**
 * The Terraform variable a Cloudflare DNS stack that creates its zone asks for
 * (stacks/dns/dns-stack.ts CLOUDFLARE_ACCOUNT_ID_VARIABLE). Not a secret, and `-var` works too, so
 * a missing one only warns: terraform would stop and ask for it.
 */
export const CLOUDFLARE_ACCOUNT_VARIABLE = 'cloudflare_account_id';

export function checkCloudflareAccount(neededBy: string, env: Env): Check {
  const variable = `TF_VAR_${CLOUDFLARE_ACCOUNT_VARIABLE}`;
  const value = env[variable] ?? '';
  if (value === '') {
    return {
      name: variable,
      neededBy,
      status: 'warn',
      found: 'not set; a DNS stack that creates its Cloudflare zone asks for it',
      fix: `export ${variable}=<account id> (Cloudflare dashboard: the account's overview page) or pass -var ${CLOUDFLARE_ACCOUNT_VARIABLE}=...`,
    };
  }
  if (!/^[0-9a-f]{32}$/.test(value)) {
    return { name: variable, neededBy, status: 'invalid', found: `set, ${length(value)} (an account id is 32 hex digits)`, fix: `copy the account id (not the zone id or a token) into ${variable}` };
  }
  return { name: variable, neededBy, status: 'ok', found: `set, ${length(value)}` };
}
