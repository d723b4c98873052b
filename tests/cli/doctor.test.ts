import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/doctor/run';
import type { Check } from '../../cli/doctor/check';
import { kubectlWindow, needsOf } from '../../cli/doctor/needs';
import { loadPlatform } from '../../config/load';
import { edit, ENVIRONMENTS, ROOT, unusedEnvironmentName } from '../support/environments';
import { replacePlaceholders } from '../support/placeholders';
import { runScript } from '../support/run';

/** Stub executables: each prints its version line (and exits with the given code). */
function fakeBin(tools: Record<string, string | { output: string; code?: number; stderr?: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-bin-'));
  for (const [name, spec] of Object.entries(tools)) {
    const { output, code = 0, stderr = '' } = typeof spec === 'string' ? { output: spec } : spec;
    const path = join(dir, name);
    // Shell builtins only: the fake PATH holds nothing else.
    const lines = (text: string) => text.split('\n').map((l) => `'${l.replaceAll("'", "'\\''")}'`).join(' ');
    writeFileSync(
      path,
      `#!/bin/sh\necho "$@" >> "${dir}/${name}.calls"\nprintf '%s\\n' ${lines(output)}\nprintf '%s\\n' ${lines(stderr)} >&2\nexit ${code}\n`,
    );
    chmodSync(path, 0o755);
  }
  return dir;
}

/** The kubectl minors the shipped clusters allow (one minor of skew from each cluster's version). */
const KUBECTL = kubectlWindow(needsOf(loadPlatform(ENVIRONMENTS)).kubernetesMinors)!;
const kubectlMinor = (offset: number) => `${KUBECTL.min.major}.${KUBECTL.min.minor + offset}`;

const GOOD_TOOLS = {
  node: 'v24.11.1',
  npm: '11.6.2',
  terraform: 'Terraform v1.10.5\non linux_amd64',
  kubectl: `Client Version: v${kubectlMinor(0)}.2\nKustomize Version: v5.7.1`,
  flux: 'flux version 2.7.3',
  sops: 'sops 3.10.2 (latest)',
  age: 'v1.2.1',
  oci: '3.71.2',
};

const HCLOUD = 'h'.repeat(64);
const SECRETS = {
  HCLOUD_TOKEN: HCLOUD,
  DIGITALOCEAN_TOKEN: 'dop_v1_secretdigitaloceanvalue',
  CLOUDFLARE_API_TOKEN: 'cf-secret-token-value-0123456789abcdefghij',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY000000',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-access-key-value-000000000000',
  TF_VAR_cloudflare_account_id: '0123456789abcdef0123456789abcdef',
};

/** A home folder with an OCI config (profile DEFAULT and its key file) and an age key. */
function fakeHome(options: { ociProfile?: string; ageKey?: boolean } = {}): string {
  const home = mkdtempSync(join(tmpdir(), 'doctor-home-'));
  mkdirSync(join(home, '.oci'));
  writeFileSync(join(home, '.oci', 'oci_api_key.pem'), '-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n');
  writeFileSync(
    join(home, '.oci', 'config'),
    `[${options.ociProfile ?? 'DEFAULT'}]\nuser=ocid1.user.oc1..aaaa\nfingerprint=aa:bb\ntenancy=ocid1.tenancy.oc1..aaaa\nregion=eu-frankfurt-1\nkey_file=~/.oci/oci_api_key.pem\n`,
  );
  if (options.ageKey ?? true) {
    mkdirSync(join(home, '.config', 'sops', 'age'), { recursive: true });
    writeFileSync(join(home, '.config', 'sops', 'age', 'keys.txt'), '# public key: age1example\nAGE-SECRET-KEY-1NOTAREALKEY\n');
  }
  return home;
}

function byName(checks: readonly Check[], name: string): Check | undefined {
  return checks.find((c) => c.name === name);
}

async function doctor(argv: string[], env: Record<string, string | undefined>, root = ROOT) {
  return runDoctor(argv, { root, env });
}

/** A project root with a copy of the environments (and package.json for engines). */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'doctor-project-'));
  cpSync(ENVIRONMENTS, join(root, 'environments'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  return root;
}

/** The name of a placeholder row: the file and line of the example value. */
const PLACEHOLDER_ROW = /^environments\/[a-z0-9-]+\.yaml:\d+$/;

describe('npm run doctor', () => {
  it('lists every placeholder left as a warning (file:line, field path, value, rule, fix), and none once they are replaced', async () => {
    const env = { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...SECRETS };
    const root = project();
    const before = await doctor([], env, root);
    const rows = before.checks.filter((c) => PLACEHOLDER_ROW.test(c.name));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.status).toBe('warn');
      expect(row.found).toMatch(/^[a-zA-Z][\w.[\]-]* = .+ \(placeholder-[a-z-]+\)$/);
      expect(row.fix).toMatch(/; npm run deploy refuses it$/);
    }
    expect(rows.map((r) => r.found)).toContainEqual(expect.stringMatching(/^state\.bucket = .+ \(placeholder-state-bucket\)$/));
    expect(before.code).toBe(0);
    const replaced = replacePlaceholders(root);
    expect(replaced).toBe(rows.length);
    const after = await doctor([], env, root);
    expect(after.checks.filter((c) => PLACEHOLDER_ROW.test(c.name))).toEqual([]);
  });

  it('exits 0 when every tool and credential is there, and prints no secret', async () => {
    const result = await doctor([], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...SECRETS });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const notOk = result.checks.filter((c) => c.status !== 'ok' && !PLACEHOLDER_ROW.test(c.name)).map((c) => `${c.name}: ${c.status}`);
    expect(notOk).toEqual(['state bucket: skipped']);
    for (const [name, secret] of Object.entries(SECRETS)) expect(result.stdout, name).not.toContain(secret);
    expect(byName(result.checks, 'HCLOUD_TOKEN')?.found).toBe('set, 64 characters');
    expect(result.stdout).toContain('everything the selected environments need is here');
  });

  it('prints an aligned table, one line per check, the same on every run', async () => {
    const env = { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...SECRETS };
    const first = await doctor([], env);
    const second = await doctor([], env);
    expect(second.stdout).toBe(first.stdout);
    const lines = first.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('STATUS'));
    const rows = lines.slice(header, header + 1 + first.checks.length);
    const column = (name: string) => rows[0]!.indexOf(name);
    for (const row of rows.slice(1)) {
      expect(row[column('CHECK') - 1]).toBe(' ');
      expect(row[column('CHECK')]).not.toBe(' ');
      expect(row[column('FOUND')]).not.toBe(' ');
    }
  });

  it('says what is missing and how to get it, and exits 1', async () => {
    const result = await doctor([], { PATH: fakeBin({}), HOME: mkdtempSync(join(tmpdir(), 'empty-home-')) });
    expect(result.code).toBe(1);
    for (const tool of ['node', 'npm', 'kubectl', 'flux', 'sops', 'age']) {
      const check = byName(result.checks, tool)!;
      expect(check.status, tool).toBe('missing');
      expect(check.found).toMatch(/^not on PATH \(need /);
      expect(check.fix).toMatch(/install/);
    }
    expect(byName(result.checks, 'terraform or tofu')).toMatchObject({ status: 'missing', fix: expect.stringContaining('OpenTofu >= 1.10') });
    expect(byName(result.checks, 'OCI profile DEFAULT')).toMatchObject({ status: 'missing', found: '~/.oci/config does not exist' });
    expect(byName(result.checks, 'oci')).toMatchObject({ status: 'missing', neededBy: 'dev' });
    expect(byName(result.checks, 'HCLOUD_TOKEN')).toMatchObject({ status: 'missing', found: 'not set' });
    expect(byName(result.checks, 'AWS credentials')?.status).toBe('missing');
    expect(byName(result.checks, 'age private key')?.status).toBe('warn');
    const table = result.stdout.split('\n').filter((l) => /^(missing|wrong version|invalid)\s/.test(l));
    for (const line of table) expect(line.trim().split(/\s{2,}/).length).toBeGreaterThanOrEqual(5);
  });

  it('flags wrong versions with the range it needs', async () => {
    const result = await doctor([], {
      PATH: fakeBin({ ...GOOD_TOOLS, node: 'v20.19.0', terraform: 'Terraform v1.9.8', kubectl: `Client Version: v${kubectlMinor(-3)}.0`, flux: 'flux version 2.5.1', sops: 'sops 3.6.1' }),
      HOME: fakeHome(),
      ...SECRETS,
    });
    expect(result.code).toBe(1);
    expect(byName(result.checks, 'node')).toMatchObject({ status: 'wrong version', found: '20.19.0 (need >= 24.0.0)' });
    expect(byName(result.checks, 'terraform or tofu')).toMatchObject({ status: 'wrong version', found: 'terraform 1.9.8 (need >= 1.10.0)' });
    expect(byName(result.checks, 'terraform or tofu')?.fix).toContain('use_lockfile');
    // kubectl is supported one minor either side of each cluster's version: the window all clusters share.
    const need = `${KUBECTL.min.major}.${KUBECTL.min.minor}-${KUBECTL.max.major}.${KUBECTL.max.minor}`;
    expect(byName(result.checks, 'kubectl')).toMatchObject({ status: 'wrong version', found: `${kubectlMinor(-3)}.0 (need ${need})` });
    expect(byName(result.checks, 'flux')?.status).toBe('wrong version');
    expect(byName(result.checks, 'sops')?.status).toBe('wrong version');
    expect(byName(result.checks, 'age')?.status).toBe('ok');
  });

  it('accepts kubectl on either side of the clusters\' minor version, not two away', async () => {
    const last = KUBECTL.max.minor - KUBECTL.min.minor;
    for (const [version, status] of [
      [`v${kubectlMinor(0)}.0`, 'ok'],
      [`v${kubectlMinor(last)}.9`, 'ok'],
      [`v${kubectlMinor(last + 1)}.0`, 'wrong version'],
      [`v${kubectlMinor(-1)}.0`, 'wrong version'],
    ] as const) {
      const result = await doctor([], { PATH: fakeBin({ ...GOOD_TOOLS, kubectl: `Client Version: ${version}` }), HOME: fakeHome(), ...SECRETS });
      expect(byName(result.checks, 'kubectl')?.status, version).toBe(status);
    }
  });

  it('takes OpenTofu once cdktf is told to run it', async () => {
    const { terraform: _terraform, ...withoutTerraform } = GOOD_TOOLS;
    const bin = fakeBin({ ...withoutTerraform, tofu: 'OpenTofu v1.10.6\non linux_amd64' });
    const plain = await doctor([], { PATH: bin, HOME: fakeHome(), ...SECRETS });
    expect(byName(plain.checks, 'terraform or tofu')).toMatchObject({ status: 'missing', fix: 'export TERRAFORM_BINARY_NAME=tofu so cdktf runs OpenTofu' });
    expect(plain.code).toBe(1);
    const told = await doctor([], { PATH: bin, HOME: fakeHome(), ...SECRETS, TERRAFORM_BINARY_NAME: 'tofu' });
    expect(byName(told.checks, 'terraform or tofu')).toMatchObject({ status: 'ok', found: 'tofu 1.10.6 (need >= 1.10.0)' });
    expect(told.code).toBe(0);
  });

  it('reports a tool that prints no version as invalid', async () => {
    const result = await doctor([], { PATH: fakeBin({ ...GOOD_TOOLS, sops: { output: '', stderr: 'segmentation fault', code: 139 } }), HOME: fakeHome(), ...SECRETS });
    expect(byName(result.checks, 'sops')).toMatchObject({ status: 'invalid' });
    expect(byName(result.checks, 'sops')?.found).toContain('printed no version: segmentation fault');
  });

  describe('credentials per environment', () => {
    const names = (checks: readonly Check[]) => checks.map((c) => c.name);

    it('dev needs OCI, Cloudflare and AWS', async () => {
      const result = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() });
      expect(names(result.checks)).toEqual(expect.arrayContaining(['OCI profile DEFAULT', 'CLOUDFLARE_API_TOKEN', 'AWS credentials']));
      expect(names(result.checks)).not.toContain('HCLOUD_TOKEN');
      expect(names(result.checks)).not.toContain('DIGITALOCEAN_TOKEN');
      expect(byName(result.checks, 'OCI profile DEFAULT')?.status).toBe('ok');
      expect(byName(result.checks, 'oci')).toMatchObject({ status: 'ok', neededBy: 'all' });
      expect(result.stdout).toContain('environments dev needs');
      const withTokens = await doctor(['--env', 'dev'], {
        PATH: fakeBin(GOOD_TOOLS),
        HOME: fakeHome(),
        CLOUDFLARE_API_TOKEN: SECRETS.CLOUDFLARE_API_TOKEN,
        AWS_ACCESS_KEY_ID: SECRETS.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRETS.AWS_SECRET_ACCESS_KEY,
      });
      expect(withTokens.code).toBe(0);
    });

    it('prod needs DigitalOcean and AWS (state and Route53), not Cloudflare', async () => {
      const result = await doctor(['--env', 'prod'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() });
      expect(names(result.checks)).toEqual(expect.arrayContaining(['DIGITALOCEAN_TOKEN', 'AWS credentials']));
      for (const other of ['CLOUDFLARE_API_TOKEN', 'HCLOUD_TOKEN', 'OCI profile DEFAULT', 'oci']) expect(names(result.checks)).not.toContain(other);
      expect(byName(result.checks, 'AWS credentials')?.fix).toContain('Route53 in prod');
      const ok = await doctor(['--env', 'prod'], {
        PATH: fakeBin(GOOD_TOOLS),
        HOME: fakeHome(),
        DIGITALOCEAN_ACCESS_TOKEN: SECRETS.DIGITALOCEAN_TOKEN,
        AWS_ACCESS_KEY_ID: SECRETS.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRETS.AWS_SECRET_ACCESS_KEY,
      });
      expect(byName(ok.checks, 'DIGITALOCEAN_TOKEN')?.found).toBe(`DIGITALOCEAN_ACCESS_TOKEN set, ${SECRETS.DIGITALOCEAN_TOKEN.length} characters`);
      expect(ok.code).toBe(0);
    });

    it('staging needs Hetzner, Cloudflare and AWS for state', async () => {
      const env = { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome({ ociProfile: 'UNUSED' }), HCLOUD_TOKEN: HCLOUD, CLOUDFLARE_API_TOKEN: 'x'.repeat(40) };
      const result = await doctor(['--env', 'staging'], env);
      expect(names(result.checks)).toEqual(expect.arrayContaining(['HCLOUD_TOKEN', 'CLOUDFLARE_API_TOKEN', 'AWS credentials']));
      for (const other of ['DIGITALOCEAN_TOKEN', 'OCI profile DEFAULT']) expect(names(result.checks)).not.toContain(other);
      expect(result.code).toBe(1);
      const awsHome = fakeHome({ ociProfile: 'UNUSED' });
      mkdirSync(join(awsHome, '.aws'));
      writeFileSync(join(awsHome, '.aws', 'credentials'), '[deploy]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n');
      const ok = await doctor(['--env', 'staging'], { ...env, HOME: awsHome, AWS_PROFILE: 'deploy' });
      expect(byName(ok.checks, 'AWS credentials')).toMatchObject({ status: 'ok', found: 'AWS_PROFILE=deploy in ~/.aws/credentials' });
      expect(ok.code).toBe(0);
    });

    it('several --env flags add up; the FOR column names who needs what', async () => {
      const result = await doctor(['--env', 'dev', '--env', 'staging'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() });
      expect(byName(result.checks, 'CLOUDFLARE_API_TOKEN')?.neededBy).toBe('all');
      expect(byName(result.checks, 'HCLOUD_TOKEN')?.neededBy).toBe('staging');
      expect(byName(result.checks, 'OCI profile DEFAULT')?.neededBy).toBe('dev');
    });
  });

  it('warns about the Cloudflare account id only where a DNS stack creates its Cloudflare zone (dev)', async () => {
    const { TF_VAR_cloudflare_account_id: _id, ...rest } = SECRETS;
    const dev = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...rest });
    expect(byName(dev.checks, 'TF_VAR_cloudflare_account_id')?.status).toBe('warn');
    expect(dev.code).toBe(0);
    const staging = await doctor(['--env', 'staging'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...rest });
    expect(byName(staging.checks, 'TF_VAR_cloudflare_account_id')).toBeUndefined();
    const wrong = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...rest, TF_VAR_cloudflare_account_id: 'zone-id' });
    expect(byName(wrong.checks, 'TF_VAR_cloudflare_account_id')?.status).toBe('invalid');
  });

  it('uses the variable name the DNS stack declares', async () => {
    const { CLOUDFLARE_ACCOUNT_ID_VARIABLE } = await import('../../stacks/dns/dns-stack');
    const { CLOUDFLARE_ACCOUNT_VARIABLE } = await import('../../cli/doctor/credentials');
    expect(CLOUDFLARE_ACCOUNT_VARIABLE).toBe(CLOUDFLARE_ACCOUNT_ID_VARIABLE);
  });

  it('rejects a Hetzner token of the wrong length without printing it', async () => {
    const result = await doctor(['--env', 'staging'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), HCLOUD_TOKEN: 'short-secret-value' });
    expect(byName(result.checks, 'HCLOUD_TOKEN')).toMatchObject({ status: 'invalid', found: 'set, 18 characters (a valid token has 64)' });
    expect(result.stdout).not.toContain('short-secret-value');
  });

  it('finds the OCI profile in OCI_CLI_CONFIG_FILE and names the profiles it has when the wanted one is absent', async () => {
    const home = fakeHome({ ociProfile: 'OTHER' });
    const missing = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: home });
    expect(byName(missing.checks, 'OCI profile DEFAULT')).toMatchObject({ status: 'missing', found: '~/.oci/config has no [DEFAULT] (has OTHER)' });
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'oci-')), 'config');
    writeFileSync(elsewhere, `[DEFAULT]\nuser=u\nfingerprint=f\ntenancy=t\nregion=r\nkey_file=${join(home, '.oci', 'oci_api_key.pem')}\n`);
    const found = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: home, OCI_CLI_CONFIG_FILE: elsewhere });
    expect(byName(found.checks, 'OCI profile DEFAULT')?.status).toBe('ok');
    writeFileSync(elsewhere, '[DEFAULT]\nuser=u\nregion=r\nkey_file=/nonexistent/key.pem\n');
    const incomplete = await doctor(['--env', 'dev'], { PATH: fakeBin(GOOD_TOOLS), HOME: home, OCI_CLI_CONFIG_FILE: elsewhere });
    expect(byName(incomplete.checks, 'OCI profile DEFAULT')).toMatchObject({ status: 'invalid' });
    expect(byName(incomplete.checks, 'OCI profile DEFAULT')?.found).toContain('lacks fingerprint, tenancy');
  });

  it('names the half of an AWS key pair that is missing, and an unknown AWS_PROFILE', async () => {
    const half = await doctor(['--env', 'prod'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), AWS_ACCESS_KEY_ID: 'AKIA' });
    expect(byName(half.checks, 'AWS credentials')).toMatchObject({ status: 'invalid', found: 'AWS_ACCESS_KEY_ID set, AWS_SECRET_ACCESS_KEY not' });
    const unknown = await doctor(['--env', 'prod'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), AWS_PROFILE: 'nope' });
    expect(byName(unknown.checks, 'AWS credentials')?.status).toBe('missing');
    expect(byName(unknown.checks, 'AWS credentials')?.found).toContain('AWS_PROFILE=nope is in neither');
  });

  describe('--online', () => {
    const online = (aws: { output: string; code?: number; stderr?: string } | undefined, root = ROOT) => {
      const bin = fakeBin(aws ? { ...GOOD_TOOLS, aws } : GOOD_TOOLS);
      return { bin, run: doctor(['--online'], { PATH: bin, HOME: fakeHome(), ...SECRETS }, root) };
    };

    it('asks aws s3api head-bucket about the state bucket', async () => {
      const { bin, run } = online({ output: '{"BucketRegion": "eu-central-1"}' });
      const result = await run;
      expect(byName(result.checks, 'state bucket')).toMatchObject({ status: 'ok', found: 'cheapk8s-terraform-state-example reachable in eu-central-1' });
      expect(readFileSync(join(bin, 'aws.calls'), 'utf8').trim()).toBe('s3api head-bucket --bucket cheapk8s-terraform-state-example --region eu-central-1');
      expect(result.code).toBe(0);
    });

    it('says it cannot check without the aws CLI, and does not fail for it', async () => {
      const result = await online(undefined).run;
      expect(byName(result.checks, 'state bucket')).toMatchObject({ status: 'skipped' });
      expect(byName(result.checks, 'state bucket')?.found).toContain('the aws CLI is not on PATH');
      expect(result.code).toBe(0);
    });

    it('a missing bucket only warns before bootstrap (state.migrated false) and fails after', async () => {
      const missing = { output: '', code: 254, stderr: 'An error occurred (404) when calling the HeadBucket operation: Not Found' };
      const before = await online(missing).run;
      expect(byName(before.checks, 'state bucket')?.status).toBe('warn');
      expect(before.code).toBe(0);
      const root = project();
      edit(join(root, 'environments'), 'defaults.yaml', [[['state', 'migrated'], true]]);
      const after = await online(missing, root).run;
      expect(byName(after.checks, 'state bucket')).toMatchObject({ status: 'unreachable' });
      expect(byName(after.checks, 'state bucket')?.found).toContain('(404)');
      expect(after.code).toBe(1);
    });

    it('never calls aws offline', async () => {
      const bin = fakeBin({ ...GOOD_TOOLS, aws: '{}' });
      const result = await doctor([], { PATH: bin, HOME: fakeHome(), ...SECRETS });
      expect(byName(result.checks, 'state bucket')?.status).toBe('skipped');
      expect(() => readFileSync(join(bin, 'aws.calls'))).toThrow();
    });
  });

  it('exits 1 on an unknown environment or option', async () => {
    const missing = unusedEnvironmentName();
    const known = loadPlatform(ENVIRONMENTS).environments.map((e) => e.name).join(', ');
    const unknown = await doctor(['--env', missing], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() });
    expect(unknown).toMatchObject({ code: 1, stderr: `doctor: no environment named ${missing}; known: ${known}\n` });
    const option = await doctor(['--nope'], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() });
    expect(option.code).toBe(1);
    expect(option.stderr).toContain('usage: npm run doctor');
  });

  it('reports invalid environment files, still checks the tools, and exits 1', async () => {
    const root = project();
    edit(join(root, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'network', 'podCidr'], '10.0.0.0/16']]);
    const result = await doctor([], { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome(), ...SECRETS }, root);
    expect(result.code).toBe(1);
    expect(byName(result.checks, 'environments/')?.status).toBe('invalid');
    expect(byName(result.checks, 'node')?.status).toBe('ok');
    expect(result.stdout).toContain('environments/dev.yaml:');
    expect(result.stdout).toContain('rule cidr-overlap');
  });

  it('rejects (exit 2 in the CLI) when a check itself breaks', async () => {
    await expect(
      runDoctor([], { root: ROOT, env: { PATH: fakeBin(GOOD_TOOLS), HOME: fakeHome() }, exec: () => { throw new Error('boom'); } }),
    ).rejects.toThrow('boom');
  });

  it('runs as npm run doctor with meaningful exit codes', () => {
    const missing = unusedEnvironmentName();
    const result = runScript('cli/doctor.ts', ['--env', missing], ROOT);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no environment named ${missing}`);
    const help = runScript('cli/doctor.ts', ['--help'], ROOT);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: npm run doctor') });
  });
});
