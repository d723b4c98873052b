import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSecrets, SecretsRefused, type Kubectl } from '../../cli/secrets/init';
import { copyEnvironments, edit } from '../support/environments';

const KEYS = ['key-one-AAAA', 'key-two-BBBB', 'key-three-CCCC', 'key-four-DDDD', 'key-five-EEEE'];
const ROOT_TOKEN = 's.root-token-XYZ';
const CONFIG_TOKEN = 's.configure-token-QRS';
const SECRETS = [...KEYS, ROOT_TOKEN, CONFIG_TOKEN];

/** A fake cluster: three OpenBao pods, each sealed until it got three unseal keys; records every call. */
function fakeCluster(options: { initialized?: boolean; unsealed?: number[]; tokenSecret?: boolean } = {}) {
  let initialized = options.initialized ?? false;
  const fed = new Map<string, number>((options.unsealed ?? []).map((i) => [`openbao-${i}`, 3]));
  const calls: { args: string[]; input: string }[] = [];
  const kubectl: Kubectl = (args, input = '') => {
    calls.push({ args: [...args], input });
    const podAt = args.indexOf('exec') >= 0 ? args.find((a) => /^openbao-\d$/.test(a)) : undefined;
    const command = args.slice(args.indexOf('--') + 1).join(' ');
    if (args.includes('get') && args.includes('secret')) return { status: options.tokenSecret ? 0 : 1, stdout: '', stderr: 'NotFound' };
    if (args.includes('apply')) return { status: 0, stdout: 'secret/openbao-configure-token created', stderr: '' };
    if (command.endsWith('status -format=json')) {
      const sealed = (fed.get(podAt!) ?? 0) < 3;
      return { status: sealed ? 2 : 0, stdout: JSON.stringify({ initialized, sealed, type: 'shamir' }), stderr: '' };
    }
    if (command.includes('operator init')) {
      initialized = true;
      return { status: 0, stdout: JSON.stringify({ unseal_keys_b64: KEYS, unseal_threshold: 3, root_token: ROOT_TOKEN }), stderr: '' };
    }
    if (command.includes('operator unseal')) {
      if (!KEYS.includes(input.trim())) return { status: 2, stdout: '', stderr: 'bad key' };
      fed.set(podAt!, (fed.get(podAt!) ?? 0) + 1);
      return { status: 0, stdout: '', stderr: '' };
    }
    if (command.includes('policy write')) return { status: input.startsWith(`${ROOT_TOKEN}\n`) ? 0 : 2, stdout: '', stderr: '' };
    if (command.includes('token create')) return { status: 0, stdout: `${CONFIG_TOKEN}\n`, stderr: '' };
    return { status: 1, stdout: '', stderr: `unexpected ${args.join(' ')}` };
  };
  return { kubectl, calls };
}

/** A copy of the environments where oke-dev runs OpenBao (optionally auto-unsealed by OCI KMS). */
function project(kms = false): string {
  const dir = copyEnvironments();
  edit(dir, 'dev.yaml', [
    [['clusters', 'oke-dev', 'components', 'openbao'], { enabled: true }],
    ...(kms
      ? [[['clusters', 'oke-dev', 'oci', 'kmsUnseal'], {
          keyOcid: 'ocid1.key.oc1.eu-frankfurt-1.abcd.efgh',
          cryptoEndpoint: 'https://abcd-crypto.kms.eu-frankfurt-1.oraclecloud.com',
          managementEndpoint: 'https://abcd-management.kms.eu-frankfurt-1.oraclecloud.com',
        }] as [string[], unknown]]
      : []),
  ]);
  return dirname(dir);
}

const keysPath = () => join(mkdtempSync(join(tmpdir(), 'keys-')), 'openbao-keys.json');

describe('npm run secrets -- init|unseal', () => {
  it('initialises, keeps the keys in the named file only, unseals every server with keys on stdin, and creates the configuration token', () => {
    const root = project();
    const { kubectl, calls } = fakeCluster();
    const lines: string[] = [];
    const keysFile = keysPath();
    expect(runSecrets({ root, action: 'init', cluster: 'oke-dev', keysFile, kubectl, log: (l) => lines.push(l) })).toBe(0);
    expect(JSON.parse(readFileSync(keysFile, 'utf8'))).toMatchObject({ unseal_keys_b64: KEYS, root_token: ROOT_TOKEN });
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    // No key or token on any command line (API server audit logs, process lists) or in the output.
    for (const call of calls) for (const secret of SECRETS) expect(call.args.join(' ')).not.toContain(secret);
    for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
    // Three keys for each of the three servers, each through stdin.
    const unseals = calls.filter((c) => c.args.join(' ').includes('operator unseal'));
    expect(unseals.map((c) => c.args.find((a) => a.startsWith('openbao-')))).toEqual(['openbao-0', 'openbao-0', 'openbao-0', 'openbao-1', 'openbao-1', 'openbao-1', 'openbao-2', 'openbao-2', 'openbao-2']);
    expect(unseals.every((c) => c.args.includes('-i') && KEYS.slice(0, 3).includes(c.input.trim()))).toBe(true);
    const init = calls.find((c) => c.args.join(' ').includes('operator init'))!;
    expect(init.args.slice(init.args.indexOf('--') + 1)).toEqual(['bao', 'operator', 'init', '-format=json', '-key-shares=5', '-key-threshold=3']);
    const apply = calls.find((c) => c.args.includes('apply'))!;
    expect(JSON.parse(apply.input)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'openbao-configure-token', namespace: 'openbao' }, type: 'Opaque', stringData: { token: CONFIG_TOKEN } });
  });

  it('never overwrites a keys file and never initialises twice', () => {
    const root = project();
    const keysFile = keysPath();
    writeFileSync(keysFile, 'earlier keys');
    const fresh = fakeCluster();
    expect(() => runSecrets({ root, action: 'init', cluster: 'oke-dev', keysFile, kubectl: fresh.kubectl, log: () => {} })).toThrow(SecretsRefused);
    expect(fresh.calls.some((c) => c.args.join(' ').includes('operator init'))).toBe(false);
    expect(readFileSync(keysFile, 'utf8')).toBe('earlier keys');

    // Already initialised: reads the file, unseals only the sealed server, keeps the token Secret.
    const file = keysPath();
    writeFileSync(file, JSON.stringify({ unseal_keys_b64: KEYS, unseal_threshold: 3, root_token: ROOT_TOKEN }));
    const running = fakeCluster({ initialized: true, unsealed: [0, 2], tokenSecret: true });
    expect(runSecrets({ root, action: 'init', cluster: 'oke-dev', keysFile: file, kubectl: running.kubectl, log: () => {} })).toBe(0);
    const calls = running.calls.map((c) => c.args.join(' '));
    expect(calls.some((c) => c.includes('operator init'))).toBe(false);
    expect(calls.filter((c) => c.includes('operator unseal')).every((c) => c.includes('openbao-1'))).toBe(true);
    expect(calls.some((c) => c.includes('token create') || c.includes(' apply '))).toBe(false);
  });

  it('unseal alone after a restart; with OCI KMS, recovery keys and no unseal at all', () => {
    const file = keysPath();
    writeFileSync(file, JSON.stringify({ unseal_keys_b64: KEYS, unseal_threshold: 3, root_token: ROOT_TOKEN }));
    const restarted = fakeCluster({ initialized: true });
    expect(runSecrets({ root: project(), action: 'unseal', cluster: 'oke-dev', keysFile: file, kubectl: restarted.kubectl, log: () => {} })).toBe(0);
    expect(restarted.calls.filter((c) => c.args.join(' ').includes('operator unseal'))).toHaveLength(9);
    expect(restarted.calls.some((c) => c.args.join(' ').includes('token create'))).toBe(false);

    const kms = fakeCluster();
    const keysFile = keysPath();
    expect(runSecrets({ root: project(true), action: 'init', cluster: 'oke-dev', keysFile, kubectl: kms.kubectl, log: () => {} })).toBe(0);
    const init = kms.calls.find((c) => c.args.join(' ').includes('operator init'))!;
    expect(init.args).toEqual(expect.arrayContaining(['-recovery-shares=5', '-recovery-threshold=3']));
    expect(kms.calls.some((c) => c.args.join(' ').includes('operator unseal'))).toBe(false);
    expect(existsSync(keysFile)).toBe(true);
  });

  it('dry run prints the steps and runs nothing; refuses a cluster without a secrets server', () => {
    const lines: string[] = [];
    const { kubectl, calls } = fakeCluster();
    expect(runSecrets({ root: project(), action: 'init', cluster: 'oke-dev', keysFile: keysPath(), dryRun: true, kubectl, log: (l) => lines.push(l) })).toBe(0);
    expect(calls).toEqual([]);
    expect(lines.join('\n')).toMatch(/bao operator init -format=json -key-shares=5 -key-threshold=3/);
    expect(() => runSecrets({ root: dirname(copyEnvironments()), action: 'init', cluster: 'oke-dev', keysFile: keysPath(), kubectl, log: () => {} })).toThrow(/runs no secrets server/);
    expect(() => runSecrets({ root: project(), action: 'init', cluster: 'nope', keysFile: keysPath(), kubectl, log: () => {} })).toThrow(/no cluster nope/);
  });
});
