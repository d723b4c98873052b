import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPlatform } from '../../config/load';
import { CONFIGURE_POLICY_NAME, configurePolicy } from '../../constructs/components/secrets-configuration';
import { SECRETS_PRODUCTS, type SecretsProductInfo } from '../../constructs/components/vault';

/** A refusal the user can fix (exit 1): wrong cluster, no server, a keys file in the way. */
export class SecretsRefused extends Error {}

/** Runs kubectl with these arguments and this standard input; what it printed and its exit status. */
export type Kubectl = (args: readonly string[], input?: string) => { status: number; stdout: string; stderr: string };

export const systemKubectl: Kubectl = (args, input) => {
  const r = spawnSync('kubectl', args, { input: input ?? '', encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new SecretsRefused(`kubectl could not run: ${r.error.message} (install kubectl and put it on PATH)`);
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

export interface SecretsOptions {
  /** Repository root (environments/ lives there). */
  readonly root: string;
  /** init: initialise (when needed), unseal, create the configuration token; unseal: only unseal. */
  readonly action: 'init' | 'unseal';
  /** Cluster name. */
  readonly cluster: string;
  /** File the init output (unseal or recovery keys, root token) is written to, or read from to unseal. */
  readonly keysFile: string;
  /** kubectl context; default: the current one. */
  readonly context?: string;
  /** Print the steps, run nothing. */
  readonly dryRun?: boolean;
  /** Key shares and threshold of `operator init`. */
  readonly shares?: number;
  readonly threshold?: number;
  /** Where lines for the user go (never a key or token). */
  readonly log?: (line: string) => void;
  readonly kubectl?: Kubectl;
}

/** Server replicas (raft peers) the Vault construct runs. */
const REPLICAS = 3;

interface InitOutput {
  readonly unseal_keys_b64?: string[];
  readonly recovery_keys_b64?: string[];
  readonly unseal_threshold?: number;
  readonly recovery_keys_threshold?: number;
  readonly root_token: string;
}

/**
 * `npm run secrets -- init|unseal <cluster> --keys-file <file>`: Vault or OpenBao (whichever the
 * cluster runs) initialised through `kubectl exec` on the first server (`operator init
 * -format=json`, Shamir key shares, or recovery keys when `oci.kmsUnseal` lets OCI KMS unseal),
 * its output written to the named file only (mode 600, never over an existing file), every server
 * unsealed with the threshold of keys, given on standard input so they appear in no command line,
 * log or API audit record, and the configuration token the SecretsConfiguration CronJob uses created
 * (policy `platform-configure`, periodic) into Secret `<product>-configure-token`. Idempotent: an
 * initialised server is not initialised again, an unsealed one not unsealed, an existing token
 * Secret kept. Keys and tokens are never printed.
 */
export function runSecrets(options: SecretsOptions): number {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const platform = loadPlatform(join(options.root, 'environments'), { relativeTo: options.root });
  const cluster = platform.clusters.find((c) => c.name === options.cluster);
  if (!cluster) throw new SecretsRefused(`no cluster ${options.cluster} in environments/ (clusters: ${platform.clusters.map((c) => c.name).join(', ')})`);
  const product = cluster.components.openbao?.enabled ? SECRETS_PRODUCTS.openbao : cluster.components.vault?.enabled ? SECRETS_PRODUCTS.vault : undefined;
  if (!product) throw new SecretsRefused(`cluster ${cluster.name} runs no secrets server: enable components.openbao (or vault)`);
  const autoUnseal = cluster.oci?.kmsUnseal !== undefined;
  const shares = options.shares ?? 5;
  const threshold = options.threshold ?? 3;
  if (!Number.isInteger(shares) || !Number.isInteger(threshold) || threshold < 1 || threshold > shares || shares > 10) {
    throw new SecretsRefused(`--shares ${shares} --threshold ${threshold}: need 1 <= threshold <= shares <= 10`);
  }
  const keysFile = resolve(options.keysFile);
  const ns = product.name;
  const base = [...(options.context ? ['--context', options.context] : []), '--namespace', ns];
  const pod = (i: number) => `${product.name}-${i}`;
  const exec = (i: number, command: string[], stdin = false) => [...base, 'exec', ...(stdin ? ['-i'] : []), pod(i), '-c', product.name, '--', ...command];
  // The secret goes on standard input; the shell inside the pod reads it, so no command line carries it.
  const withSecretOnStdin = (script: string) => ['/bin/sh', '-c', `read -r SECRET && ${script}`];
  const tokenSecret = `${product.name}-configure-token`;
  const envToken = `${product.envPrefix}_TOKEN`;

  if (options.dryRun) {
    log(`${product.title} on ${cluster.name} (namespace ${ns}${options.context ? `, context ${options.context}` : ''}): the steps, nothing run`);
    log(`  kubectl ${exec(0, [product.cli, 'status', '-format=json']).join(' ')}`);
    if (options.action === 'init') {
      const init = autoUnseal ? [`-recovery-shares=${shares}`, `-recovery-threshold=${threshold}`] : [`-key-shares=${shares}`, `-key-threshold=${threshold}`];
      log(`  kubectl ${exec(0, [product.cli, 'operator', 'init', '-format=json', ...init]).join(' ')}   > ${keysFile} (mode 600, refused if it exists)`);
    }
    if (autoUnseal) log('  (no unseal: OCI KMS unseals the servers; oci.kmsUnseal)');
    else for (let i = 0; i < REPLICAS; i++) log(`  ${threshold} x kubectl ${exec(i, withSecretOnStdin(`${product.cli} operator unseal "$SECRET" >/dev/null`), true).join(' ')}   < unseal key (stdin)`);
    if (options.action === 'init') {
      log(`  kubectl ${exec(0, withSecretOnStdin(`${envToken}="$SECRET" ${product.cli} policy write ${CONFIGURE_POLICY_NAME} -`), true).join(' ')}   < root token, policy`);
      log(`  kubectl ${exec(0, withSecretOnStdin(`${envToken}="$SECRET" ${product.cli} token create -orphan -period=24h -policy=${CONFIGURE_POLICY_NAME} -field=token`), true).join(' ')}   < root token`);
      log(`  kubectl ${[...base, 'apply', '-f', '-'].join(' ')}   < Secret ${ns}/${tokenSecret}`);
    }
    return 0;
  }

  const kubectl = options.kubectl ?? systemKubectl;
  const run = (args: string[], input?: string, what = 'kubectl') => {
    const r = kubectl(args, input);
    if (r.status !== 0) throw new SecretsRefused(`${what} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return r.stdout;
  };
  const status = (i: number): { initialized: boolean; sealed: boolean } => {
    // `status` exits 2 when sealed, still printing its JSON.
    const r = kubectl(exec(i, [product.cli, 'status', '-format=json']));
    try {
      const parsed = JSON.parse(r.stdout) as { initialized?: boolean; sealed?: boolean };
      return { initialized: parsed.initialized === true, sealed: parsed.sealed !== false };
    } catch {
      throw new SecretsRefused(`${pod(i)}: ${product.cli} status answered no status (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
    }
  };

  let keys: InitOutput | undefined;
  const first = status(0);
  if (options.action === 'init' && !first.initialized) {
    if (existsSync(keysFile)) throw new SecretsRefused(`${keysFile} exists: name a new file (the keys of an earlier init must never be overwritten)`);
    const init = autoUnseal ? [`-recovery-shares=${shares}`, `-recovery-threshold=${threshold}`] : [`-key-shares=${shares}`, `-key-threshold=${threshold}`];
    const out = run(exec(0, [product.cli, 'operator', 'init', '-format=json', ...init]), undefined, `${product.cli} operator init`);
    keys = parseInit(out);
    writeFileSync(keysFile, out, { mode: 0o600, flag: 'wx' });
    log(`initialised ${product.title} on ${cluster.name}: ${autoUnseal ? 'recovery' : 'unseal'} keys (${shares}, threshold ${threshold}) and the root token written to ${keysFile} (mode 600)`);
  } else {
    if (options.action === 'init') log(`${product.title} on ${cluster.name} is already initialised; ${keysFile} is read, not written`);
    if (!existsSync(keysFile)) throw new SecretsRefused(`${keysFile} does not exist: name the file the init wrote`);
    keys = parseInit(readFileSync(keysFile, 'utf8'));
  }

  if (autoUnseal) {
    log('unseal: OCI KMS unseals the servers (oci.kmsUnseal); nothing to do');
  } else {
    const unsealKeys = keys.unseal_keys_b64 ?? [];
    const needed = keys.unseal_threshold ?? threshold;
    if (unsealKeys.length < needed) throw new SecretsRefused(`${keysFile} holds ${unsealKeys.length} unseal key(s); ${needed} are needed`);
    for (let i = 0; i < REPLICAS; i++) {
      if (!status(i).sealed) {
        log(`${pod(i)}: unsealed already`);
        continue;
      }
      for (const key of unsealKeys.slice(0, needed)) {
        run(exec(i, withSecretOnStdin(`${product.cli} operator unseal "$SECRET" >/dev/null`), true), `${key}\n`, `${pod(i)}: ${product.cli} operator unseal`);
      }
      log(`${pod(i)}: unsealed with ${needed} key(s)`);
    }
  }

  if (options.action === 'init') createConfigureToken(product, keys.root_token);
  return 0;

  function createConfigureToken(p: SecretsProductInfo, rootToken: string): void {
    if (kubectl([...base, 'get', 'secret', tokenSecret, '-o', 'name']).status === 0) {
      log(`Secret ${ns}/${tokenSecret} exists; kept`);
      return;
    }
    run(exec(0, withSecretOnStdin(`${envToken}="$SECRET" ${p.cli} policy write ${CONFIGURE_POLICY_NAME} - >/dev/null`), true), `${rootToken}\n${configurePolicy()}`, `${p.cli} policy write`);
    const token = run(
      exec(0, withSecretOnStdin(`${envToken}="$SECRET" ${p.cli} token create -orphan -period=24h -policy=${CONFIGURE_POLICY_NAME} -field=token`), true),
      `${rootToken}\n`,
      `${p.cli} token create`,
    ).trim();
    if (!token) throw new SecretsRefused(`${p.cli} token create printed no token`);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: tokenSecret, namespace: ns }, type: 'Opaque', stringData: { token } };
    run([...base, 'apply', '-f', '-'], JSON.stringify(secret), `kubectl apply Secret ${ns}/${tokenSecret}`);
    log(`Secret ${ns}/${tokenSecret} created (policy ${CONFIGURE_POLICY_NAME}, renewed by the ${p.name}-configure CronJob)`);
  }
}

function parseInit(text: string): InitOutput {
  let parsed: InitOutput;
  try {
    parsed = JSON.parse(text) as InitOutput;
  } catch {
    throw new SecretsRefused('the init output is not the JSON of operator init -format=json');
  }
  if (typeof parsed.root_token !== 'string' || (!parsed.unseal_keys_b64 && !parsed.recovery_keys_b64)) {
    throw new SecretsRefused('the init output has no root_token and keys');
  }
  return parsed;
}
