import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { addLockWaivers, clusterStacks, settleProviderLocks } from '../../cli/new/provider-locks';
import { runNew } from '../../cli/new/run';
import { synthesize } from '../../cli/synthesize';
import { overlaps, parseCidr, type CidrRange } from '../../config/cidr';
import { loadPlatform, type Cluster } from '../../config/load';
import { parseWaivers, runPolicies, WAIVERS_FILE } from '../../policy/index';
import { LOCKS_DIR, lockFileOf, type RequiredProvider } from '../../policy/provider-locks';
import { edit, ENVIRONMENTS, ROOT, unusedEnvironmentName } from '../support/environments';
import { readTree, runScript } from '../support/run';

/** An environment the shipped environments/ lack ("qa" unless a user added one). */
const QA = unusedEnvironmentName();

/** A project root holding a copy of the shipped environments. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'new-'));
  cpSync(ENVIRONMENTS, join(root, 'environments'), { recursive: true });
  return root;
}

const read = (root: string, file: string) => readFileSync(join(root, 'environments', file), 'utf8');
const load = (root: string) => loadPlatform(join(root, 'environments'), { relativeTo: root });
const cidr = (text: string) => parseCidr(text) as CidrRange;
/** stderr without the warning about the new stacks' provider locks (its own tests below). */
const otherThanLocks = (text: string) => text.replace(/^warning: no committed lock covers .*\n/m, '');
const comments = (text: string) => text.split('\n').filter((l) => l.trimStart().startsWith('#'));

function cluster(root: string, name: string): Cluster {
  const found = load(root).clusters.find((c) => c.name === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
}

describe('npm run new -- environment', () => {
  it('writes a valid file with the schema modeline', async () => {
    const root = project();
    const result = await runNew(['environment', QA], { root });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`wrote environments/${QA}.yaml`);
    const text = read(root, `${QA}.yaml`);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/environment.schema.json');
    expect(text).toContain(`name: ${QA}\n`);
    expect(text).toContain('production: false\n');
    const platform = load(root);
    expect(platform.environments.find((e) => e.name === QA)).toMatchObject({ production: false });
  });

  it('adds a first cluster with --provider', async () => {
    const root = project();
    const result = await runNew(['environment', QA, '--provider', 'hcloud-k3s', '--size', 'medium'], { root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`with cluster hcloud-${QA} (hcloud-k3s, medium`);
    expect(cluster(root, `hcloud-${QA}`)).toMatchObject({ provider: 'hcloud-k3s', size: 'medium', environment: QA });
  });

  it('refuses a name that exists, an invalid name and defaults, writing nothing', async () => {
    const root = project();
    const before = readTree(join(root, 'environments'));
    for (const [args, message] of [
      [['environment', 'dev'], 'environments/dev.yaml already exists'],
      [['environment', 'Bad_Name'], 'environment name "Bad_Name" must be a DNS label'],
      [['environment', 'defaults'], 'defaults is the name of the defaults file'],
      [['environment', 'a-very-long-environment-name'], 'must be at most 20 characters'],
    ] as const) {
      const result = await runNew([...args], { root });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect(readTree(join(root, 'environments'))).toEqual(before);
  });
});

describe('npm run new -- cluster', () => {
  it('adds one cluster per provider; everything loads and the node networks do not overlap', async () => {
    const root = project();
    const others = load(root).clusters.map((c) => c.name);
    const steps = [
      ['cluster', 'dev', 'oke-two', '--provider', 'oci-oke'],
      ['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s', '--region', 'nbg1'],
      ['cluster', 'prod', 'do-two', '--provider', 'do-k3s', '--size', 'large', '--region', 'ams3'],
    ];
    for (const args of steps) {
      const result = await runNew(args, { root });
      expect(otherThanLocks(result.stderr), args.join(' ')).toBe('');
      expect(result.code).toBe(0);
    }
    const platform = load(root);
    const added = ['oke-two', 'hcloud-two', 'do-two'].map((name) => platform.clusters.find((c) => c.name === name)!);
    for (const c of added) {
      for (const other of platform.clusters) {
        if (other.name === c.name) continue;
        for (const range of [c.network.nodeCidr, c.network.subnets.public, c.network.subnets.nodes]) {
          expect(overlaps(cidr(range), cidr(other.network.nodeCidr)), `${c.name} ${range} vs ${other.name} ${other.network.nodeCidr}`).toBe(false);
        }
      }
    }
    // The first free 10.X.0.0/16 ranges, in order, whatever clusters the project already has.
    const taken = platform.clusters.filter((c) => others.includes(c.name)).map((c) => cidr(c.network.nodeCidr));
    const free = Array.from({ length: 254 }, (_, i) => `10.${i + 1}.0.0/16`).filter((range) => !taken.some((t) => overlaps(cidr(range), t)));
    expect(added.map((c) => c.network.nodeCidr)).toEqual(free.slice(0, 3));
    expect(others.every((name) => platform.clusters.some((c) => c.name === name))).toBe(true);

    const [oke, hcloud, dok3s] = added as [Cluster, Cluster, Cluster];
    expect(oke).toMatchObject({ provider: 'oci-oke', freeTier: true, region: 'eu-frankfurt-1', network: { podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/16' } });
    expect(oke.oci?.compartmentOcid).toMatch(/replace/);
    expect(oke.dns).toEqual({ provider: 'cloudflare', zone: 'example.com', subdomain: 'oke-two', createZone: false, proxied: false });
    // dev pins no k3s release yet: the new cluster takes the newest one another environment pins.
    expect(hcloud).toMatchObject({ provider: 'hcloud-k3s', region: 'nbg1', network: { podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' }, vps: { k3sVersion: cluster(root, 'hcloud-staging').vps!.k3sVersion } });
    expect(dok3s).toMatchObject({ provider: 'do-k3s', size: 'large', region: 'ams3', network: { podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' } });
    expect(Object.keys(dok3s.nodePools).sort()).toEqual(['control-plane', 'workers']);
  });

  it('leaves the vps: and oci: settings an environment already gives to it (a cluster value would replace them)', async () => {
    const root = project();
    await runNew(['cluster', 'prod', 'do-two', '--provider', 'do-k3s'], { root });
    const entry = parseDocument(read(root, 'prod.yaml')).getIn(['clusters', 'do-two']) as { toJSON(): Record<string, unknown> };
    expect(entry.toJSON()).not.toHaveProperty('vps');
    expect(cluster(root, 'do-two').vps).toEqual(cluster(root, 'do-prod').vps);

    await runNew(['cluster', 'dev', 'hcloud-dev', '--provider', 'hcloud-k3s'], { root });
    const own = parseDocument(read(root, 'dev.yaml')).toJS().clusters['hcloud-dev'];
    expect(own.vps.sshKeys.admin).toMatch(/^ssh-ed25519 \S+ replace-me@example.com$/);
    expect(read(root, 'dev.yaml')).toContain('# REPLACE: your OpenSSH public key(s)');
  });

  it('keeps every byte and comment of the edited file and comments the new entry', async () => {
    const root = project();
    const files = { dev: read(root, 'dev.yaml'), staging: read(root, 'staging.yaml'), prod: read(root, 'prod.yaml') };
    await runNew(['cluster', 'dev', 'oke-two', '--provider', 'oci-oke'], { root });
    await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    await runNew(['cluster', 'prod', 'do-two', '--provider', 'do-k3s'], { root });
    for (const [env, original] of Object.entries(files)) {
      const edited = read(root, `${env}.yaml`);
      expect(edited.startsWith(original), env).toBe(true);
      expect(comments(edited).slice(0, comments(original).length)).toEqual(comments(original));
      expect(edited).toContain('# Added by `npm run new -- cluster');
    }
    expect(read(root, 'dev.yaml')).toContain('# REPLACE: the OCIDs of your compartment and tenancy');
  });

  it('inserts at the clusters map even when other keys follow it', async () => {
    const root = project();
    const path = join(root, 'environments', 'staging.yaml');
    const original = read(root, 'staging.yaml');
    // Move clusterDefaults after clusters, with a comment in between.
    const [head, clusters] = original.split(/^clusters:\n/m) as [string, string];
    const defaults = head.slice(head.indexOf('clusterDefaults:'));
    const reordered = `${head.slice(0, head.indexOf('clusterDefaults:'))}clusters:\n${clusters}# shared by every staging cluster\n${defaults}`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, reordered);
    expect(load(root).clusters.some((c) => c.name === 'hcloud-staging')).toBe(true);
    const result = await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(result.code).toBe(0);
    const edited = read(root, 'staging.yaml');
    expect(edited).toContain('# shared by every staging cluster\nclusterDefaults:');
    expect(edited.indexOf('hcloud-two:')).toBeLessThan(edited.indexOf('clusterDefaults:'));
    expect(cluster(root, 'hcloud-two').vps?.k3sVersion).toBe(cluster(root, 'hcloud-staging').vps?.k3sVersion);
  });

  it('refuses a cluster name used in any environment, writing nothing', async () => {
    const root = project();
    const before = readTree(join(root, 'environments'));
    const result = await runNew(['cluster', 'staging', 'oke-dev', '--provider', 'hcloud-k3s'], { root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cluster name oke-dev is already used in environments/dev.yaml');
    expect(readTree(join(root, 'environments'))).toEqual(before);
  });

  it('refuses bad arguments with the usage', async () => {
    const root = project();
    const before = readTree(join(root, 'environments'));
    for (const [args, message] of [
      [['cluster', 'dev', 'x1'], '--provider is required'],
      [['cluster', 'dev', 'x1', '--provider', 'gke'], '--provider must be one of oci-oke, hcloud-k3s, do-k3s'],
      [['cluster', 'dev', 'x1', '--provider', 'do-k3s', '--size', 'huge'], '--size must be one of small, medium, large'],
      [['cluster', 'dev', 'x1', '--provider', 'hcloud-k3s', '--region', 'fra1'], 'fra1 is not a Hetzner location'],
      [['cluster', 'dev', 'x1', '--provider', 'oci-oke', '--region', 'frankfurt'], 'not an OCI region identifier'],
      [['cluster', 'dev', 'X_1', '--provider', 'do-k3s'], 'cluster name "X_1" must be a DNS label'],
      [['cluster', 'nope', 'x1', '--provider', 'do-k3s'], 'no environment named nope'],
      [['cluster', 'dev'], 'expected: cluster <environment> <name>'],
      [['thing'], 'unknown kind "thing"'],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const result = await runNew([...args], { root });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(readTree(join(root, 'environments'))).toEqual(before);
  });

  it('validates the result with the loader and writes nothing when it is invalid', async () => {
    const root = project();
    // MetalLB switched on for all of prod: fine for k3s, invalid for an OKE cluster.
    edit(join(root, 'environments'), 'prod.yaml', [[['clusterDefaults', 'components', 'metallb'], { enabled: true }]]);
    const before = readTree(join(root, 'environments'));
    const result = await runNew(['cluster', 'prod', 'oke-prod', '--provider', 'oci-oke'], { root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the result would not be valid, so nothing was written');
    expect(result.stderr).toContain('clusters.oke-prod.components.metallb.enabled');
    expect(readTree(join(root, 'environments'))).toEqual(before);
  });

  it('refuses to edit environments that are already invalid', async () => {
    const root = project();
    edit(join(root, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'region'], 'Not A Region']]);
    const result = await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the environment files have problems already');
    expect(result.stderr).toContain('environments/dev.yaml:');
  });

  it('picks the next free network when the first ones are taken', async () => {
    const root = project();
    edit(join(root, 'environments'), 'prod.yaml', [
      [['clusters', 'do-prod', 'network'], { nodeCidr: '10.1.0.0/16', subnets: { public: '10.1.0.0/24', nodes: '10.1.1.0/24' } }],
    ]);
    await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(cluster(root, 'hcloud-two').network.nodeCidr).toBe('10.2.0.0/16');
  });

  it('writes the same bytes for the same command', async () => {
    const [a, b] = [project(), project()];
    for (const root of [a, b]) await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(read(a, 'staging.yaml')).toBe(read(b, 'staging.yaml'));
  });

  it('passes npm run synth unchanged', async () => {
    const root = project();
    for (const args of [
      ['environment', QA, '--provider', 'oci-oke', '--cluster', `oke-${QA}`],
      ['cluster', QA, `do-${QA}`, '--provider', 'do-k3s'],
      ['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s', '--size', 'large'],
    ]) {
      expect((await runNew(args, { root })).code, args.join(' ')).toBe(0);
    }
    const result = await synthesize({ root });
    for (const stack of [`oke-${QA}-cluster`, `oke-${QA}-network`, `do-${QA}-cluster`, 'hcloud-two-cluster']) expect(result.stacks).toContain(stack);
    expect(existsSync(join(root, 'gitops', 'clusters', `oke-${QA}`))).toBe(true);
  });

  it('runs as npm run new with exit codes 0 and 1', () => {
    const root = project();
    const ok = runScript('cli/new.ts', ['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], root);
    expect(ok.code).toBe(0);
    expect(otherThanLocks(ok.stderr)).toBe('');
    expect(ok.stdout).toContain('added cluster hcloud-two');
    const again = runScript('cli/new.ts', ['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], root);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already used in environments/staging.yaml');
  });
});

/** A project root with the shipped environments, waivers and committed provider locks. */
function projectWithLocks(): string {
  const root = project();
  mkdirSync(join(root, 'policy'));
  cpSync(join(ROOT, WAIVERS_FILE), join(root, WAIVERS_FILE));
  cpSync(join(ROOT, LOCKS_DIR), join(root, LOCKS_DIR), { recursive: true });
  return root;
}

/** The provider-lock findings of the synthesized stacks of `cluster`, with the project's waivers applied. */
async function lockFindings(root: string, cluster: string) {
  await synthesize({ root });
  const platform = load(root);
  const stacks = [...(await clusterStacks(root, cluster)).keys()];
  const json = new Map(stacks.map((s) => [s, JSON.parse(readFileSync(join(root, 'cdktf.out', 'stacks', s, 'cdk.tf.json'), 'utf8')) as unknown]));
  const locks = new Map(stacks.filter((s) => existsSync(join(root, lockFileOf(s)))).map((s) => [s, readFileSync(join(root, lockFileOf(s)), 'utf8')]));
  const waivers = parseWaivers(readFileSync(join(root, WAIVERS_FILE), 'utf8'));
  expect(waivers.problems).toEqual([]);
  const findings = runPolicies({ stacks: json, locks, gitops: new Map(), platform, waivers: waivers.waivers.filter((w) => w.rule.startsWith('provider-lock')) });
  return { stacks, findings: findings.filter((f) => f.rule === 'provider-lock') };
}

describe('npm run new -- cluster: provider locks of the new stacks', () => {
  it('derives a lock offline when committed locks cover every provider, and check accepts it', async () => {
    const root = projectWithLocks();
    // A project whose maintainers locked the DNS stack of a shipped cluster (Cloudflare) online:
    // a new cluster's DNS stack requires the same provider and version, so its lock follows offline.
    const dnsStack = [...(await clusterStacks(root, 'hcloud-staging')).entries()].find(([, providers]) => providers.length === 1 && providers[0]!.address.endsWith('/cloudflare'));
    expect(dnsStack, 'a shipped stack requiring only cloudflare').toBeDefined();
    const [stackName, [provider]] = dnsStack as [string, RequiredProvider[]];
    writeFileSync(
      join(root, lockFileOf(stackName)),
      `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\nprovider "${provider!.address}" {\n  version     = "${provider!.constraint}"\n  constraints = "${provider!.constraint}"\n  hashes = [\n    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\n    "zh:0000000000000000000000000000000000000000000000000000000000000000",\n  ]\n}\n`,
    );
    const committed = readdirSync(join(root, LOCKS_DIR)).map((f) => readFileSync(join(root, LOCKS_DIR, f), 'utf8'));
    const result = await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(result.code, result.stderr).toBe(0);
    const { stacks, findings } = await lockFindings(root, 'hcloud-two');
    const derived = stacks.filter((s) => existsSync(join(root, lockFileOf(s))));
    expect(derived.length).toBeGreaterThan(0);
    for (const stack of derived) {
      expect(result.stdout).toContain(`wrote ${lockFileOf(stack)}, derived offline from ${LOCKS_DIR}/`);
      const text = readFileSync(join(root, lockFileOf(stack)), 'utf8');
      // Each provider block is one a committed lock already holds, byte for byte.
      for (const block of text.match(/^provider "[^"]+" \{[\s\S]*?^\}/gm)!) expect(committed.some((c) => c.includes(block)), block).toBe(true);
      expect(findings.filter((f) => f.resource.startsWith(`${stack}:`))).toEqual([]);
    }
    // The derived stacks are not waived; the others are, by name.
    const waivers = readFileSync(join(root, WAIVERS_FILE), 'utf8');
    for (const stack of stacks) expect(waivers.includes(`"${stack}:provider-lock:*"`), stack).toBe(!derived.includes(stack));
  }, 120_000);

  it('otherwise waives each new stack with the *unlocked-offline reason, keeping the file, and warns with the command', async () => {
    const root = projectWithLocks();
    const before = readFileSync(join(root, WAIVERS_FILE), 'utf8');
    const result = await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
    expect(result.code).toBe(0);
    const stacks = [...(await clusterStacks(root, 'hcloud-two')).keys()];
    const waived = stacks.filter((s) => !existsSync(join(root, lockFileOf(s))));
    expect(waived.length).toBeGreaterThan(0);
    expect(result.stderr).toContain(`npm run providers:lock -- ${waived.join(' ')}`);
    expect(result.stderr).toContain('The CI plan refuses these stacks');
    const after = readFileSync(join(root, WAIVERS_FILE), 'utf8');
    // Only the new entries are added, after the last provider-lock entry; every comment and entry before stays.
    expect(after.replace(waived.map((s) => `  - rule: provider-lock\n    resource: "${s}:provider-lock:*"\n    reason: *unlocked-offline\n`).join(''), '')).toBe(before);
    // The waivers turn check's provider-lock errors for the new stacks into waived findings.
    const { findings } = await lockFindings(root, 'hcloud-two');
    const mine = findings.filter((f) => waived.some((s) => f.resource.startsWith(`${s}:`)));
    expect(mine.length).toBeGreaterThan(0);
    for (const f of mine) expect(f.waived, f.message).toBeTruthy();
    // Once the cluster is gone, check reports each of its waivers as unused.
    const ours = parseWaivers(readFileSync(join(root, WAIVERS_FILE), 'utf8')).waivers.filter((w) => waived.some((s) => w.resource === `${s}:provider-lock:*`));
    const unused = runPolicies({ stacks: new Map(), locks: new Map(), gitops: new Map(), platform: load(root), waivers: ours }).filter((f) => f.rule === 'waiver-unused');
    expect(unused.map((f) => f.message.match(/on (\S+) matches no finding/)?.[1])).toEqual(waived.map((s) => `${s}:provider-lock:*`));
    // Running it for the same stacks again adds nothing.
    expect(addLockWaivers(root, waived)).toEqual([]);
    expect(readFileSync(join(root, WAIVERS_FILE), 'utf8')).toBe(after);
  }, 120_000);

  it('with --lock runs providers:lock for the stacks it cannot derive, and waives them if that fails', async () => {
    for (const code of [0, 1]) {
      const root = projectWithLocks();
      const before = readFileSync(join(root, WAIVERS_FILE), 'utf8');
      const result = await runNew(['cluster', 'staging', 'hcloud-two', '--provider', 'hcloud-k3s'], { root });
      expect(result.code).toBe(0);
      writeFileSync(join(root, WAIVERS_FILE), before);
      const asked: string[][] = [];
      const settled = await settleProviderLocks(root, 'hcloud-two', { lock: true, runLock: async (stacks) => (asked.push(stacks), code) });
      const pending = settled.locks.filter((l) => l.outcome !== 'derived' && l.outcome !== 'none').map((l) => l.stack);
      expect(asked).toEqual([pending]);
      expect(settled.failed).toBe(code !== 0);
      expect(settled.locks.every((l) => l.outcome === (code === 0 ? 'locked' : 'waived'))).toBe(true);
      expect(readFileSync(join(root, WAIVERS_FILE), 'utf8') === before).toBe(code === 0);
      if (code !== 0) expect(settled.report).toContain(`npm run providers:lock -- ${pending.join(' ')} failed (exit 1)`);
    }
  }, 120_000);

  it('adds no stacks, so touches no lock or waiver, for an environment alone', async () => {
    const root = projectWithLocks();
    const before = readTree(join(root, 'policy'));
    const result = await runNew(['environment', QA], { root });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readTree(join(root, 'policy'))).toEqual(before);
    expect((await runNew(['environment', `${QA}x`, '--lock'], { root })).code).toBe(1);
  });
});
