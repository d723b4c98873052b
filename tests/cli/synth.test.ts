import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSynthCli } from '../../cli/synth';
import { synthesize } from '../../cli/synthesize';
import { KUBERNETES_SUPPORT, minorOf } from '../../config/kubernetes-support';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { edit, ENVIRONMENTS, unusedEnvironmentName } from '../support/environments';
import { readTree, runLaunched } from '../support/run';

/**
 * The synth CLI's function (what `npm run synth` runs after cli/launch.mjs has loaded it), called
 * in this process with its output collected: the error paths need no second Node start-up.
 */
async function inProcess(args: string[], cwd: string) {
  const result = { code: -1, stdout: '', stderr: '' };
  result.code = await runSynthCli(args, cwd, { stdout: (t) => (result.stdout += t), stderr: (t) => (result.stderr += t) });
  return result;
}

/** A project folder with the shipped environments and one completed synth. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'project-'));
  cpSync(ENVIRONMENTS, join(dir, 'environments'), { recursive: true });
  return dir;
}

describe('npm run synth', () => {
  let dir: string;
  let first: ReturnType<typeof runLaunched>;

  beforeAll(() => {
    dir = project();
    first = runLaunched('synth', [], dir);
  });

  it('exits 0 and writes both trees', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^synthesized \d+ stacks into cdktf.out\/ and \d+ files into gitops\//);
    expect(readTree(join(dir, 'cdktf.out')).has('stacks/state/cdk.tf.json')).toBe(true);
    expect([...readTree(join(dir, 'gitops')).keys()].some((f) => f.startsWith('clusters/oke-dev/'))).toBe(true);
  });

  it('writes the same bytes when run again and leaves no temporary folders', () => {
    const before = { stacks: readTree(join(dir, 'cdktf.out')), gitops: readTree(join(dir, 'gitops')) };
    expect(runLaunched('synth', ['--quiet'], dir).code).toBe(0);
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before.stacks);
    expect(readTree(join(dir, 'gitops'))).toEqual(before.gitops);
    expect(readdirSync(dir).filter((f) => f.startsWith('.synth'))).toEqual([]);
  });

  it('exits 1 with every problem named, no stack trace, and changes nothing', async () => {
    const before = { stacks: readTree(join(dir, 'cdktf.out')), gitops: readTree(join(dir, 'gitops')) };
    const broken = mkdtempSync(join(tmpdir(), 'broken-'));
    cpSync(dir, broken, { recursive: true });
    edit(join(broken, 'environments'), 'dev.yaml', [
      [['clusters', 'oke-dev', 'network', 'podCidr'], '10.0.0.0/16'],
      [['clusters', 'oke-dev', 'nodePools', 'pool-a', 'ocpus'], 3],
      [['clusters', 'oke-dev', 'dns', 'zone'], 'Example.COM'],
    ]);
    const result = await inProcess([], broken);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('environments/dev.yaml:'))).toHaveLength(3);
    expect(result.stderr).toContain('clusters.oke-dev.network.podCidr');
    expect(result.stderr).toContain('clusters.oke-dev.nodePools: with freeTier: true the node pools total 5 OCPUs');
    expect(result.stderr).toContain('clusters.oke-dev.dns.zone');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(join(broken, 'cdktf.out'))).toEqual(before.stacks);
    expect(readTree(join(broken, 'gitops'))).toEqual(before.gitops);
  });

  it('exits 1 on an unknown option or environment', async () => {
    expect((await inProcess(['--evn', 'dev'], dir)).code).toBe(1);
    const missing = unusedEnvironmentName();
    const unknown = await inProcess(['--env', missing], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`no environment named ${missing}`);
  });

  it('exits 2 on an internal error (an output folder that cannot be written)', async () => {
    const result = await inProcess(['--outdir', '/proc/cdktf.out'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^synth: internal error/);
  });

  it('narrows to one cluster, keeping the other clusters\' output', () => {
    const before = readTree(join(dir, 'cdktf.out'));
    const result = runLaunched('synth', ['--cluster', 'oke-dev', '--quiet'], dir);
    expect(result.code).toBe(0);
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before);
  });
});

describe('encrypted secrets', () => {
  it('carries committed *.sops.yaml files through every synth and lists them for kustomize', async () => {
    const dir = project();
    await synthesize({ root: dir });
    const secret = 'clusters/do-prod/secrets/monitoring-grafana-admin.sops.yaml';
    const ciphertext = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: grafana-admin\n  namespace: monitoring\nstringData:\n  admin-password: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\n';
    writeFileSync(join(dir, 'gitops', secret), ciphertext);
    await synthesize({ root: dir });
    const tree = readTree(join(dir, 'gitops'));
    expect(tree.get(secret)).toBe(ciphertext);
    expect(tree.get('clusters/do-prod/secrets/kustomization.yaml')).toContain('monitoring-grafana-admin.sops.yaml');
  });
});

describe('atomic write', () => {
  it('leaves cdktf.out/ and gitops/ byte-for-byte as they were when a run fails midway', async () => {
    const dir = project();
    await synthesize({ root: dir });
    const before = { stacks: readTree(join(dir, 'cdktf.out')), gitops: readTree(join(dir, 'gitops')) };
    writeFileSync(join(dir, 'environments', 'note.txt'), 'not an environment');
    for (const step of ['stacks', 'gitops', 'swap'] as const) {
      await expect(
        synthesize({
          root: dir,
          onStep: (at) => {
            if (at === step) throw new Error(`fail at ${step}`);
          },
        }),
      ).rejects.toThrow(`fail at ${step}`);
      expect(readTree(join(dir, 'cdktf.out'))).toEqual(before.stacks);
      expect(readTree(join(dir, 'gitops'))).toEqual(before.gitops);
      expect(readdirSync(dir).filter((f) => f.startsWith('.synth'))).toEqual([]);
    }
  });

  it('throws ConfigError before touching anything on bad input', async () => {
    const dir = project();
    edit(join(dir, 'environments'), 'prod.yaml', [[['clusters', 'do-prod', 'region'], 'FRA 1']]);
    await expect(synthesize({ root: dir })).rejects.toBeInstanceOf(ConfigError);
    expect(readdirSync(dir).sort()).toEqual(['environments']);
  });

  it('prints the environments\' warnings (a Kubernetes minor near its end of life) and still writes both trees', async () => {
    const dir = project();
    const pinned = loadPlatform(join(dir, 'environments')).clusters.find((c) => c.name === 'do-prod')!.vps!.k3sVersion;
    const row = KUBERNETES_SUPPORT.upstream.find((r) => r.minor === minorOf(pinned))!;
    let printed = '';
    const result = await synthesize({ root: dir, today: new Date(Date.parse(`${row.endOfLife}T12:00:00Z`) - 10 * 86_400_000), onWarnings: (text) => (printed += text) });
    expect(result.stacks.length).toBeGreaterThan(0);
    expect(readTree(join(dir, 'gitops')).size).toBeGreaterThan(0);
    expect(printed).toMatch(/^warning: environments\/prod\.yaml:\d+: clusters\.do-prod\.vps\.k3sVersion: .*, in 10 days .*\[rule kubernetes-end-of-life-soon, value ".*"\]$/m);
  });
});
