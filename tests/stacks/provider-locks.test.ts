/**
 * The committed provider locks (terraform/locks/<stack>.terraform.lock.hcl, docs/ci.md#provider-lock-files):
 * synth puts each beside its stack, every stack of the shipped environments is either locked in
 * range or waived by name in policy/waivers.yaml and listed in docs/ci.md, and, where terraform and
 * the hashicorp/aws filesystem mirror exist, terraform accepts the committed lock with
 * -lockfile=readonly, refuses a forged or missing one, and `npm run providers:lock` reproduces it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../cli/synthesize';
import { loadPlatform } from '../../config/load';
import { parseWaivers, runPolicies } from '../../policy/index';
import { LOCKS_DIR, requiredProviders } from '../../policy/provider-locks';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { runLaunched } from '../support/run';

const COMMITTED = join(ROOT, LOCKS_DIR);
const committed = () => readdirSync(COMMITTED).filter((f) => f.endsWith('.terraform.lock.hcl')).map((f) => f.replace(/\.terraform\.lock\.hcl$/, '')).sort();

/** The providers no lock could be made for here: not in the offline filesystem mirror. */
const NOT_OFFLINE = ['registry.terraform.io/cloudflare/cloudflare', 'registry.terraform.io/digitalocean/digitalocean', 'registry.terraform.io/hashicorp/random', 'registry.terraform.io/hetznercloud/hcloud', 'registry.terraform.io/oracle/oci'];

/** A project of the shipped environments and the committed locks, in a temporary folder. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'locks-'));
  cpSync(ENVIRONMENTS, join(dir, 'environments'), { recursive: true });
  cpSync(COMMITTED, join(dir, LOCKS_DIR), { recursive: true });
  return dir;
}

describe('committed provider locks', () => {
  let dir: string;
  let stacks: string[];
  const stackJson = (stack: string) => JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8')) as unknown;

  beforeAll(async () => {
    dir = project();
    stacks = [...(await synthesize({ root: dir })).stacks].sort();
  }, 120_000);

  it('synth puts each committed lock beside its stack, and none where nothing is committed', () => {
    expect(committed()).toEqual(['do-prod-dns', 'state']);
    for (const stack of stacks) {
      const lock = join(dir, 'cdktf.out', 'stacks', stack, '.terraform.lock.hcl');
      if (committed().includes(stack)) expect(readFileSync(lock, 'utf8'), stack).toBe(readFileSync(join(COMMITTED, `${stack}.terraform.lock.hcl`), 'utf8'));
      else expect(existsSync(lock), stack).toBe(false);
    }
  });

  it('a narrowed synth refreshes the locks of the stacks it carries over (a deleted lock goes too)', async () => {
    rmSync(join(dir, LOCKS_DIR, 'state.terraform.lock.hcl'));
    try {
      await synthesize({ root: dir, env: 'dev' });
      expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'state', 'cdk.tf.json'))).toBe(true);
      expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'state', '.terraform.lock.hcl'))).toBe(false);
      expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'do-prod-dns', '.terraform.lock.hcl'))).toBe(true);
    } finally {
      cpSync(join(COMMITTED, 'state.terraform.lock.hcl'), join(dir, LOCKS_DIR, 'state.terraform.lock.hcl'));
      await synthesize({ root: dir });
    }
  }, 120_000);

  it('every committed lock belongs to a stack, and git does not ignore it', () => {
    for (const stack of committed()) expect(stacks).toContain(stack);
    for (const stack of committed()) {
      const ignored = spawnSync('git', ['check-ignore', '-q', `${LOCKS_DIR}/${stack}.terraform.lock.hcl`], { cwd: ROOT });
      expect(ignored.status, `${stack}: git check-ignore`).toBe(1);
    }
  });

  it('every stack is locked in range, or has only providers not available offline and is waived by name; docs/ci.md lists only such stacks', () => {
    const locks = new Map(committed().map((s) => [s, readFileSync(join(COMMITTED, `${s}.terraform.lock.hcl`), 'utf8')]));
    const findings = runPolicies({
      stacks: new Map(stacks.map((s) => [s, stackJson(s)])),
      locks,
      gitops: new Map(),
      platform: loadPlatform(join(dir, 'environments'), { relativeTo: dir }),
      waivers: parseWaivers(readFileSync(join(ROOT, 'policy', 'waivers.yaml'), 'utf8')).waivers.filter((w) => w.rule.startsWith('provider-lock')),
    }).filter((f) => f.rule.startsWith('provider-lock'));
    // Nothing unwaived: the locked stacks are in range, the others are waived.
    expect(findings.filter((f) => !f.waived).map((f) => f.message)).toEqual([]);
    const unlocked = stacks.filter((s) => !committed().includes(s));
    const waived = [...new Set(findings.filter((f) => f.rule === 'provider-lock').map((f) => f.resource.split(':')[0]!))].sort();
    expect(waived).toEqual(unlocked);
    // Each waiver names one stack: a new stack is never waived by a pattern.
    const waivers = parseWaivers(readFileSync(join(ROOT, 'policy', 'waivers.yaml'), 'utf8')).waivers.filter((w) => w.rule === 'provider-lock');
    expect(waivers.map((w) => w.resource).sort()).toEqual(unlocked.map((s) => `${s}:provider-lock:*`));
    // They are waived because their providers cannot be had here, not by choice.
    for (const stack of unlocked) {
      for (const provider of requiredProviders(stackJson(stack))) expect(NOT_OFFLINE, `${stack} needs ${provider.address}`).toContain(provider.address);
    }
    // docs/ci.md names such stacks, with their providers. A stack `npm run new -- cluster` waived
    // is not added to the table (the table explains why the examples' stacks are unlocked), so the
    // table may list fewer; each row is an unlocked stack.
    const docs = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
    const start = docs.indexOf('\n## Provider lock files\n');
    expect(start).toBeGreaterThan(0);
    const section = docs.slice(start, docs.indexOf('\n## ', start + 1));
    const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]);
    expect(rows.length).toBeGreaterThan(0);
    for (const [stack] of rows) expect(unlocked, `docs/ci.md lists ${stack}`).toContain(stack);
    for (const [stack, providers] of rows) {
      expect(providers, stack).toBe(requiredProviders(stackJson(stack!)).map((p) => `\`${p.source}\``).sort().join(', '));
    }
  });
});

/** The filesystem mirror holding hashicorp/aws (override with TF_TEST_PROVIDER_MIRROR). */
const MIRROR = process.env.TF_TEST_PROVIDER_MIRROR ?? '/opt/tf-plugins';
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const skip = !hasTerraform || !existsSync(join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws'));
if (skip) console.warn(`tests/stacks/provider-locks.test.ts: terraform checks skipped (terraform or the hashicorp/aws mirror ${MIRROR} missing)`);

describe.skipIf(skip)('terraform and the committed AWS lock (offline, from the filesystem mirror)', () => {
  let work: string;
  let cliConfig: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'locks-tf-'));
    cliConfig = join(work, 'terraform.rc');
    writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`);
  });

  /** `terraform init -backend=false -lockfile=readonly` of the state stack's providers with `lock` (or none). */
  function init(name: string, lock: string | undefined) {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } } }));
    if (lock !== undefined) writeFileSync(join(dir, '.terraform.lock.hcl'), lock);
    const result = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color', '-lockfile=readonly'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_PLUGIN_CACHE_DIR: '' },
      timeout: 300_000,
    });
    return { code: result.status, output: `${result.stdout}${result.stderr}`.replace(/\s+/g, " ") };
  }

  const stateLock = () => readFileSync(join(COMMITTED, 'state.terraform.lock.hcl'), 'utf8');

  it('accepts the committed lock: its h1 hash is the package the mirror holds', { timeout: 300_000 }, () => {
    const result = init('committed', stateLock());
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(join(COMMITTED, 'do-prod-dns.terraform.lock.hcl'), 'utf8')).toBe(stateLock());
  });

  it('refuses a package whose checksum the lock does not list, and a provider without a lock', { timeout: 300_000 }, () => {
    const forged = init('forged', stateLock().replace(/"h1:[^"]+"/, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'));
    expect(forged.code).not.toBe(0);
    expect(forged.output).toContain("doesn't match any of the checksums previously recorded in the dependency lock file");
    const none = init('none', undefined);
    expect(none.code).not.toBe(0);
    expect(none.output).toContain('the lock file is read-only');
  });

  it('npm run providers:lock reproduces the committed lock from the mirror, and refuses to drop a committed checksum', { timeout: 300_000 }, () => {
    const root = project();
    const target = join(root, LOCKS_DIR, 'state.terraform.lock.hcl');
    const args = ['state', '--fs-mirror', MIRROR, '--platform', 'linux_amd64'];
    const run = () => runLaunched('providers-lock', args, root);
    const same = run();
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('terraform/locks/state.terraform.lock.hcl unchanged');

    const extra = stateLock().replace('  hashes = [\n', '  hashes = [\n    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\n');
    writeFileSync(target, extra);
    const refused = run();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to replace terraform/locks/state.terraform.lock.hcl');
    expect(refused.stderr).toContain('registry.terraform.io/hashicorp/aws 5.100.0: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(readFileSync(target, 'utf8')).toBe(extra);

    rmSync(target);
    const fresh = run();
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('wrote terraform/locks/state.terraform.lock.hcl');
    expect(readFileSync(target, 'utf8')).toBe(stateLock());
  });
});
