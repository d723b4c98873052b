import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { App } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterOfStack, DESTROY_LAYER_ORDER } from '../../cli/destroy/plan';
import { runDestroy, type DestroyOptions } from '../../cli/destroy/run';
import { loadPlatform } from '../../config/load';
import { buildStacks } from '../../stacks/index';
import { edit, ENVIRONMENTS, ROOT } from '../support/environments';

/** A `terraform` that records each call (its folder's name and arguments); `fail` makes one call exit 3. */
function fakeTerraform(fail?: string): { path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-terraform-'));
  const log = join(dir, 'calls.log');
  const path = join(dir, 'terraform');
  const failing = fail ? `[ "$(basename "$PWD") $1" = "${fail}" ] && exit 3\n` : '';
  writeFileSync(path, `#!/bin/sh\necho "$(basename "$PWD") $*" >> "${log}"\n${failing}exit 0\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

const calls = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

/** Runs the destroy in this process with the fake terraform, the confirmation `input`, and the output collected. */
async function destroy(options: Omit<DestroyOptions, 'output' | 'input'> & { input?: string }) {
  let stdout = '';
  let stderr = '';
  const code = await runDestroy({
    ...options,
    input: Readable.from(options.input === undefined ? [] : [options.input]),
    output: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('npm run destroy from a kept copy of cdktf.out/', () => {
  let project: string;
  let kept: string;
  let cluster: string;
  let order: string[];

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'destroy-'));
    cpSync(ENVIRONMENTS, join(project, 'environments'), { recursive: true });
    const platform = loadPlatform(join(project, 'environments'));
    const chosen = platform.clusters[0]!;
    cluster = chosen.name;
    // The cluster creates its zone, so its dns stack holds a prevent_destroy resource.
    edit(join(project, 'environments'), `${chosen.environment}.yaml`, [[['clusters', cluster, 'dns', 'createZone'], true]]);
    kept = join(project, 'kept', 'cdktf.out');
    mkdirSync(join(project, 'kept'));
    // The stacks alone, as synth writes them (the gitops tree plays no part in a destroy).
    const app = new App({ outdir: kept, stackTraces: false });
    await buildStacks(app, loadPlatform(join(project, 'environments')), { includeState: true });
    app.synth();
    const manifest = JSON.parse(readFileSync(join(kept, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    const stacks = Object.keys(manifest.stacks).filter((s) => clusterOfStack(s)?.cluster === cluster);
    order = stacks.sort((a, b) => DESTROY_LAYER_ORDER.indexOf(clusterOfStack(a)!.layer) - DESTROY_LAYER_ORDER.indexOf(clusterOfStack(b)!.layer));
    expect(order.length).toBeGreaterThan(2);
  }, 120_000);

  it('--dry-run prints the commands in dependency order and the protected zone, running nothing', async () => {
    const tf = fakeTerraform();
    const result = await destroy({ root: project, target: cluster, stacksDir: kept, dryRun: true, terraform: tf.path });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Destroy cluster ${cluster}: ${order.length} stacks, in this order: ${order.join(', ')}\n`);
    expect(result.stdout).toMatch(new RegExp(`${cluster}-dns: \\S*zone\\S*, a DNS zone.*has prevent_destroy`));
    expect(result.stdout).toContain('pass --keep-protected');
    // The config still describes the cluster: a deploy would bring it back.
    expect(result.stderr).toContain(`note: environments/ still describes ${cluster}`);
    expect(calls(tf.log)).toEqual([]);
  });

  it('refuses protected resources, a wrong or missing confirmation, running nothing', async () => {
    const tf = fakeTerraform();
    const blocked = await destroy({ root: project, target: cluster, stacksDir: kept, terraform: tf.path, input: `${cluster}\n` });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/pass --keep-protected to keep it\. Nothing was destroyed\./);
    const wrong = await destroy({ root: project, target: cluster, stacksDir: kept, keepProtected: true, terraform: tf.path, input: `${cluster}x\n` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Type ${cluster} to go on: `);
    expect(wrong.stderr).toContain(`"${cluster}x" is not ${cluster}; nothing was destroyed`);
    const none = await destroy({ root: project, target: cluster, stacksDir: kept, keepProtected: true, terraform: tf.path });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no answer; nothing was destroyed');
    expect(calls(tf.log)).toEqual([]);
  });

  it('once the name is typed, destroys stack by stack in that order, the zone removed from the state first', async () => {
    const tf = fakeTerraform();
    const result = await destroy({ root: project, target: cluster, stacksDir: kept, keepProtected: true, terraform: tf.path, input: `${cluster}\n` });
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    expect(calls(tf.log)).toEqual(
      order.flatMap((stack) => [
        `${stack} init -input=false`,
        ...(stack.endsWith('-dns') ? [expect.stringMatching(new RegExp(`^${stack} state rm \\S*zone\\S*$`))] : []),
        `${stack} destroy`,
      ]),
    );
    expect(result.stdout).toContain(`Destroyed ${order.join(', ')}.`);
  });

  it('--yes asks nothing and auto-approves; a failing command stops the run and says what is gone', async () => {
    const yes = fakeTerraform();
    expect((await destroy({ root: project, target: cluster, stacksDir: kept, keepProtected: true, yes: true, terraform: yes.path })).code).toBe(0);
    expect(calls(yes.log).filter((c) => c.includes(' destroy'))).toEqual(order.map((s) => `${s} destroy -input=false -auto-approve`));
    const failing = fakeTerraform(`${order[1]} destroy`);
    const result = await destroy({ root: project, target: cluster, stacksDir: kept, keepProtected: true, yes: true, terraform: failing.path });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`failed in ${order[1]} (exit 3); destroyed so far: ${order[0]}.`);
    expect(calls(failing.log).at(-1)).toMatch(new RegExp(`^${order[1]} destroy`));
  });

  it('takes one stack by name, and the state stack only by name, warning about what reads it', async () => {
    const tf = fakeTerraform();
    const network = order.find((s) => s.endsWith('-network'))!;
    const single = await destroy({ root: project, target: network, stacksDir: kept, dryRun: true, terraform: tf.path });
    expect(single.stdout).toContain(`Destroy stack ${network}: 1 stack, in this order: ${network}\n`);
    expect(single.stderr).toMatch(new RegExp(`warning: ${cluster}-cluster reads outputs of ${network}`));
    const state = await destroy({ root: project, target: 'state', stacksDir: kept, dryRun: true, terraform: tf.path });
    expect(state.stdout).toContain('in this order: state\n');
    expect(state.stdout).toContain('the Terraform state bucket');
    expect(state.stderr).toContain('the state bucket holds the state of every other stack');
  });

  it('is the npm run destroy command: usage, exit 1 for an unknown name with nothing run, terraform from PATH', () => {
    const help = spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), 'destroy', '--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run destroy -- <stack\|cluster> /);
    const unknown = spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), 'destroy', 'no-such-cluster', '--stacks-dir', kept], { cwd: project, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('"no-such-cluster" is neither a stack nor a cluster of these stacks.');
    expect(unknown.stderr).toContain('Nothing was destroyed.');
    // The terraform on PATH is the one that runs.
    const tf = fakeTerraform();
    const onPath = spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), 'destroy', cluster, '--stacks-dir', kept, '--keep-protected'], {
      cwd: project,
      encoding: 'utf8',
      input: `${cluster}\n`,
      env: { ...process.env, PATH: `${dirname(tf.path)}:${process.env.PATH}` },
    });
    expect(onPath.status, onPath.stderr).toBe(0);
    expect(calls(tf.log).filter((c) => c.endsWith(' destroy'))).toEqual(order.map((s) => `${s} destroy`));
    rmSync(join(project, 'cdktf.out'), { recursive: true, force: true });
  });
});
