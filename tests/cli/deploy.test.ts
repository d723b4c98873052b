import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { edit, ENVIRONMENTS, ROOT } from '../support/environments';
import { replacePlaceholders } from '../support/placeholders';
import { runScript } from '../support/run';

const CDKTF = join(ROOT, 'node_modules', '.bin', 'cdktf');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
  cpSync(ENVIRONMENTS, join(dir, 'environments'), { recursive: true });
  return dir;
}

describe('npm run stacks', () => {
  it('lists every stack with its environment and cluster, writing nothing', () => {
    const dir = project();
    const result = runScript('cli/stacks.ts', ['--json'], dir);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const stacks = JSON.parse(result.stdout) as { name: string; environment: string | null; cluster: string | null }[];
    expect(stacks[0]).toEqual({ name: 'state', environment: null, cluster: null });
    expect(stacks).toContainEqual({ name: 'oke-dev-cluster', environment: 'dev', cluster: 'oke-dev' });
    expect(stacks).toContainEqual({ name: 'oke-dev-network', environment: 'dev', cluster: 'oke-dev' });
    for (const stack of stacks.slice(1)) expect(stack.name.startsWith(`${stack.cluster}-`)).toBe(true);
  });
});

describe('npm run deploy', () => {
  let dir: string;
  beforeAll(() => {
    dir = project();
    // The examples' placeholders replaced with values of one's own, as a user does before a first deploy.
    replacePlaceholders(dir);
  });

  it('refuses the examples\' placeholders before synthesizing or running anything, naming file, line, path, value and the fix', () => {
    const shipped = project();
    const result = runScript('cli/deploy.ts', ['oke-dev-cluster', '--auto-approve'], shipped);
    expect(result.code).toBe(1);
    expect(existsSync(join(shipped, 'cdktf.out'))).toBe(false);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^deploy: oke-dev-cluster still uses \d+ example values of the shipped environments; replace each with your own \(npm run doctor lists them all\):\n/);
    expect(result.stderr).toMatch(/\nenvironments\/defaults\.yaml:\d+: state\.bucket: the example state bucket: choose .*\[rule placeholder-state-bucket, value "[^"]+"\]\n/);
    expect(result.stderr).toMatch(/\nenvironments\/dev\.yaml:\d+: clusters\.oke-dev\.oci\.tenancyOcid: an example OCID: use your own .*\[rule placeholder-ocid, value "ocid1\.tenancy\./);
    expect(result.stderr).toMatch(/\nnothing was synthesized or deployed\.\n$/);
    // The state stack needs only the bucket.
    const state = runScript('cli/deploy.ts', ['state', '--dry-run'], shipped);
    expect(state.code).toBe(1);
    expect(state.stderr).toContain('deploy: state still uses 1 example value of the shipped environments; replace it');
  });

  it('exits 1 for an unknown stack, listing the known ones, before writing anything', () => {
    const result = runScript('cli/deploy.ts', ['oke-dev-clutser'], dir);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^deploy: unknown stack "oke-dev-clutser"; the stacks are:\n/);
    expect(result.stderr).toContain('\n  oke-dev-cluster\n');
    expect(result.stderr).toContain('\n  state\n');
  });

  it('synthesizes, then runs cdktf deploy for the one stack without a second synth', () => {
    const result = runScript('cli/deploy.ts', ['oke-dev-cluster', '--auto-approve', '--dry-run'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CDKTF} deploy oke-dev-cluster --skip-synth --output cdktf.out --ignore-missing-stack-dependencies --auto-approve\n`);
    expect(result.stderr).toContain('deploy: oke-dev-cluster reads outputs of oke-dev-network from remote state; deploy it first.');
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'oke-dev-cluster', 'cdk.tf.json'))).toBe(true);
  });

  it('uses only flags the installed cdktf-cli has', () => {
    const help = spawnSync(CDKTF, ['deploy', '--help'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    for (const flag of ['--skip-synth', '--output', '--ignore-missing-stack-dependencies', '--auto-approve']) expect(help.stdout).toContain(flag);
  });

  it('exits 1 with usage when no stack is named, and on invalid environment files', () => {
    const none = runScript('cli/deploy.ts', [], dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('usage: npm run deploy -- <stack>');
    const broken = project();
    edit(join(broken, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'network', 'podCidr'], '10.0.0.0/16']]);
    const invalid = runScript('cli/deploy.ts', ['oke-dev-cluster'], broken);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/environments\/dev\.yaml:\d+: clusters\.oke-dev\.network\.podCidr: .*\nnothing was deployed|nothing was deployed\.\n$/);
    expect(existsSync(join(broken, 'cdktf.out'))).toBe(false);
  });
});
