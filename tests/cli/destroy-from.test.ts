import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterOfStack, DESTROY_LAYER_ORDER } from '../../cli/destroy/plan';
import { listStacks } from '../../cli/stacks';
import { loadPlatform } from '../../config/load';
import { edit, ROOT } from '../support/environments';

/** A `terraform` that records each call (its folder's name and arguments) and succeeds. */
function fakeTerraform(): { bin: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-terraform-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'calls.log');
  writeFileSync(join(bin, 'terraform'), `#!/bin/sh\necho "$(basename "$PWD") $*" >> "${log}"\n`);
  chmodSync(join(bin, 'terraform'), 0o755);
  return { bin, log };
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** This checkout's sources (tracked and new files, without the generated trees and tests) as a fresh git repository. */
function projectRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'destroy-repo-'));
  const files = git(ROOT, 'ls-files', '--cached', '--others', '--exclude-standard').split('\n');
  for (const file of files) {
    if (/^(gitops|tests|docs|bench)\/|^node_modules$/.test(file) || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ncdktf.out\ngitops\n.synth.lock\n');
  git(dir, 'init', '-q');
  return dir;
}

function run(args: string[], cwd: string, env: Record<string, string>, input = '') {
  const result = spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), 'destroy', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const calls = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

describe('npm run destroy --from <ref>: a cluster removed in the last commit', () => {
  let repo: string;
  let cluster: string;
  let stacks: string[];
  let tf: { bin: string; log: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    repo = projectRepository();
    tf = fakeTerraform();
    env = { PATH: `${tf.bin}:${process.env.PATH}`, CHEAPK8S_CHART_CACHE: process.env.CHEAPK8S_CHART_CACHE ?? '' };
    const environments = join(repo, 'environments');
    // An environment no other one promotes from can go whole; its first cluster is the one removed.
    const files = readdirSync(environments).filter((f) => f.endsWith('.yaml') && f !== 'defaults.yaml');
    const texts = files.map((f) => parse(readFileSync(join(environments, f), 'utf8')) as { name: string; promotesFrom?: string });
    const removed = texts.find((t) => !texts.some((o) => o.promotesFrom === t.name))!;
    cluster = loadPlatform(environments).clusters.find((c) => c.environment === removed.name)!.name;
    const file = files[texts.indexOf(removed)]!;
    // The cluster creates its zone, so its dns stack holds a prevent_destroy resource.
    edit(environments, file, [[['clusters', cluster, 'dns', 'createZone'], true]]);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'with the cluster');
    stacks = (await listStacks(repo)).filter((s) => s.cluster === cluster).map((s) => s.name);
    rmSync(join(environments, file));
    git(repo, 'commit', '-qam', 'without the cluster');
  }, 120_000);

  /** The cluster's stacks in the order the tool must destroy them (dns, cluster, network, iam). */
  const expectedOrder = () => [...stacks].sort((a, b) => DESTROY_LAYER_ORDER.indexOf(clusterOfStack(a)!.layer) - DESTROY_LAYER_ORDER.indexOf(clusterOfStack(b)!.layer));

  it('says where to find a removed cluster: the commit before its removal', () => {
    const result = run([cluster, '--dry-run'], repo, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is neither a stack nor a cluster`);
    expect(result.stderr).toMatch(new RegExp(`npm run destroy -- ${cluster} --from [0-9a-f]+~1\\n`));
    expect(calls(tf.log)).toEqual([]);
  });

  it('--dry-run --from <ref> synthesizes that commit in a scratch worktree and prints the commands in order, running nothing', () => {
    const result = run([cluster, '--from', 'HEAD~1', '--dry-run'], repo, env);
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    const order = expectedOrder();
    expect(result.stdout).toContain(`Destroy cluster ${cluster}: ${order.length} stacks, in this order: ${order.join(', ')}\n`);
    expect(result.stdout).toContain('terraform init -input=false\n    terraform destroy\n');
    expect(result.stdout).toMatch(new RegExp(`${cluster}-dns: \\S*zone\\S*, a DNS zone.*has prevent_destroy`));
    expect(calls(tf.log)).toEqual([]);
    // The scratch worktree is gone again.
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  }, 60_000);

  it('destroys from that commit once the name is typed, in the same order', () => {
    const result = run([cluster, '--from', 'HEAD~1', '--keep-protected'], repo, env, `${cluster}\n`);
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    expect(calls(tf.log).filter((c) => c.endsWith(' destroy'))).toEqual(expectedOrder().map((s) => `${s} destroy`));
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  }, 60_000);
});
