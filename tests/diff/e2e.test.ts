import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../cli/diff/types';
import { edit, ROOT } from '../support/environments';
import { runScript } from '../support/run';

const SLOW = 240_000;

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.name=diff test', '-c', 'user.email=diff@test.invalid', 'commit', '--quiet', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A commit holding only the given files (no parent), written with git plumbing, leaving the checkout alone. */
function commitFiles(repo: string, files: Record<string, string>): string {
  const tree = (entries: Record<string, string>): string => {
    const dirs = new Map<string, Record<string, string>>();
    const lines: string[] = [];
    for (const [path, content] of Object.entries(entries)) {
      const [head, ...rest] = path.split('/');
      if (rest.length > 0) dirs.set(head!, { ...dirs.get(head!), [rest.join('/')]: content });
      else lines.push(`100644 blob ${spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: content, encoding: 'utf8' }).stdout.trim()}\t${head}`);
    }
    for (const [dir, inner] of dirs) lines.push(`040000 tree ${tree(inner)}\t${dir}`);
    return spawnSync('git', ['mktree'], { cwd: repo, input: `${lines.join('\n')}\n`, encoding: 'utf8' }).stdout.trim();
  };
  return git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit-tree', tree(files), '-m', 'files');
}

function worktrees(repo: string): number {
  return git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length;
}

/** A value changed only by the chart version bump (the version string, wherever it appears). */
function onlyVersionBump(before: unknown, after: unknown): boolean {
  const a = JSON.stringify(before) ?? '';
  return a !== JSON.stringify(after) && a.replaceAll('1.21.1', '1.21.2') === JSON.stringify(after);
}

/**
 * The real thing: a clone of this repository, one commit that lowers pool-a to 1 OCPU (the free
 * tier allows 4 in total) and bumps cert-manager, and `npm run diff` run the way npm runs it.
 */
describe('npm run diff on a clone of this repository', () => {
  let repo: string;
  let changed: string;

  beforeAll(() => {
    repo = join(mkdtempSync(join(tmpdir(), 'diff-e2e-')), 'repo');
    git(tmpdir(), 'clone', '--quiet', ROOT, repo);
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    edit(join(repo, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'nodePools', 'pool-a', 'ocpus'], 1]]);
    edit(join(repo, 'environments'), 'defaults.yaml', [[['cluster', 'components', 'cert-manager', 'version'], 'v1.21.2']]);
    // The environments that promote from another pin their own versions (docs/operations.md#promote-versions): the bump reaches them too.
    for (const file of readdirSync(join(repo, 'environments')).filter((f) => f.endsWith('.yaml') && f !== 'defaults.yaml')) {
      const text = readFileSync(join(repo, 'environments', file), 'utf8');
      if (/^promotesFrom:/m.test(text)) edit(join(repo, 'environments'), file, [[['clusterDefaults', 'components', 'cert-manager', 'version'], 'v1.21.2']]);
    }
    changed = commitAll(repo, 'pool-a: 1 OCPU; cert-manager v1.21.2');
  });

  it('reports exactly the committed changes and what they imply, and exits 3', () => {
    const result = runScript('cli/diff.ts', ['--base', 'HEAD~1', '--format', 'text', '--json-out', 'diff.json'], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    const report = JSON.parse(readFileSync(join(repo, 'diff.json'), 'utf8')) as DiffReport;
    expect(report.base).toEqual({ ref: 'HEAD~1', commit: git(repo, 'rev-parse', 'HEAD~1') });
    expect(report.changed).toBe(true);

    // Terraform: the node pool's OCPUs, nothing else.
    const terraform = report.terraform.flatMap((s) => s.blocks.flatMap((b) => b.changes.map((c) => ({ stack: s.stack, status: `${s.status}/${b.status}`, address: b.address, ...c }))));
    expect(terraform).toEqual([
      expect.objectContaining({ stack: 'oke-dev-cluster', status: 'changed/changed', address: expect.stringMatching(/^oci_containerengine_node_pool\..*pool-a/), path: 'node_shape_config.ocpus', before: 2, after: 1 }),
    ]);
    expect(terraform[0]).not.toHaveProperty('likelyReplace');
    expect(report.terraform.flatMap((s) => s.blocks)).toHaveLength(1);

    // gitops/: only the cert-manager version, wherever synth writes it, and called out as a bump.
    const objects = report.gitops.flatMap((s) => s.objects);
    expect(report.gitops.every((s) => s.status === 'changed' && s.files.every((f) => f.status === 'changed'))).toBe(true);
    expect(objects.every((o) => o.status === 'changed')).toBe(true);
    for (const change of [...objects, ...report.gitops.flatMap((s) => s.files)].flatMap((o) => o.changes)) {
      expect(onlyVersionBump(change.before, change.after), JSON.stringify(change)).toBe(true);
    }
    const pins = objects.filter((o) => ['HelmRelease', 'OCIRepository', 'HelmChart'].includes(o.id.kind));
    for (const section of report.gitops.filter((s) => s.objects.some((o) => pins.includes(o)))) {
      expect(section.chartBumps).toContainEqual(expect.objectContaining({ chart: 'cert-manager', from: 'v1.21.1', to: 'v1.21.2' }));
    }

    // A bump in a shared tree reaches the environments whose clusters apply it.
    const devBumps = report.gitops.flatMap((s) => s.chartBumps).filter((b) => b.clusters?.includes('oke-dev') ?? false);
    if (devBumps.length > 0) expect(report.environments.find((e) => e.environment === 'dev')!.chartBumps).toContainEqual(expect.objectContaining({ chart: 'cert-manager', to: 'v1.21.2' }));

    // Summary: dev changed; an environment only changes through the cert-manager bump.
    const dev = report.environments.find((e) => e.environment === 'dev')!;
    expect(dev).toMatchObject({ status: 'changed', stacks: { added: 0, removed: 0, changed: 1 }, resources: { added: 0, removed: 0, changed: 1, likelyReplace: 0 } });
    for (const summary of report.environments.filter((e) => e.environment !== 'dev')) {
      expect(summary.stacks).toEqual({ added: 0, removed: 0, changed: 0 });
    }
    // Per cluster, the bump in one line; values and warnings: none (a version changes no values).
    const clusters = report.components!.map((c) => c.cluster);
    expect(clusters.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(`  ~ cert-manager v1.21.1 -> v1.21.2 on ${clusters.join(', ')}\n`);
    expect(report.components!.flatMap((c) => c.changes).every((c) => c.name === 'cert-manager' && c.status === 'changed')).toBe(true);
    expect(report.values).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(result.stdout).toContain('~ node_shape_config.ocpus: 2 -> 1');
    expect(result.stdout).toMatch(/^dev: 1 stack changed; 1 resource changed/m);

    // Rendered charts (both trees rendered from the chart cache): v1.21.2 is no archive in the
    // cache, so each cluster's cert-manager says the head side could not be rendered (other charts
    // may render differently without cert-manager's CRDs among the API versions: that is shown too).
    expect(report.renderNote).toBeUndefined();
    const certManager = report.rendered!.filter((r) => r.release === 'cert-manager/cert-manager');
    expect(certManager.length).toBeGreaterThan(0);
    for (const release of certManager) {
      expect(release).toMatchObject({ chart: { before: 'cert-manager v1.21.1', after: 'cert-manager v1.21.2' }, unrendered: 'head: chart not in the cache' });
    }
    expect(worktrees(repo)).toBe(1);
  }, SLOW);

  it('exits 0 and says "No changes." when the base is the same commit', () => {
    const result = runScript('cli/diff.ts', ['--base', 'HEAD'], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nNo changes\.\n$/);
    expect(worktrees(repo)).toBe(1);
  }, SLOW);

  it('exits 1 for a ref that does not exist', () => {
    const result = runScript('cli/diff.ts', ['--base', 'no-such-branch'], repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('diff: unknown git ref "no-such-branch": give a branch, tag or commit (did you fetch it?)\n');
  });

  it('exits 1 for an unknown format or option', () => {
    expect(runScript('cli/diff.ts', ['--format', 'html'], repo).code).toBe(1);
    expect(runScript('cli/diff.ts', ['--bsae', 'main'], repo).code).toBe(1);
  });

  it('exits 1 and prints the problems when the working tree is invalid, and removes the worktree', () => {
    const dev = join(repo, 'environments', 'dev.yaml');
    const original = readFileSync(dev, 'utf8');
    edit(join(repo, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'network', 'podCidr'], '10.0.0.0/16']]);
    try {
      const result = runScript('cli/diff.ts', ['--base', 'HEAD'], repo);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^diff: working tree: the environment files are invalid:\nenvironments\/dev\.yaml:\d+: clusters\.oke-dev\.network\.podCidr: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(worktrees(repo)).toBe(1);
    } finally {
      writeFileSync(dev, original);
    }
  }, SLOW);

  it('exits 1 naming the base when the base is invalid', () => {
    const dev = join(repo, 'environments', 'dev.yaml');
    const original = readFileSync(dev, 'utf8');
    edit(join(repo, 'environments'), 'dev.yaml', [[['clusters', 'oke-dev', 'dns', 'zone'], 'Example.COM']]);
    const broken = commitAll(repo, 'broken');
    writeFileSync(dev, original);
    commitAll(repo, 'fixed');
    const result = runScript('cli/diff.ts', ['--base', broken], repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`diff: base ${broken} (${broken.slice(0, 12)}): the environment files are invalid:\nenvironments/dev.yaml:`);
    expect(result.stderr).toContain('clusters.oke-dev.dns.zone');
    expect(worktrees(repo)).toBe(1);
    git(repo, 'reset', '--quiet', '--hard', changed);
  }, SLOW);

  it('exits 2 naming the base when its synth fails for another reason than its input', () => {
    const base = commitFiles(repo, { 'cli/synthesize.ts': "export async function synthesize(): Promise<never> {\n  throw new Error('boom');\n}\n" });
    const result = runScript('cli/diff.ts', ['--base', base], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^diff: base ${base} \\(${base.slice(0, 12)}\\): synth failed: Error: boom\n`));
    expect(worktrees(repo)).toBe(1);
  }, SLOW);

  it('reads enabling a component, a first values override and a removed environment the way a reviewer needs', () => {
    // tempo on do-prod: off there, and a cluster outside the free tier's storage limit.
    edit(join(repo, 'environments'), 'prod.yaml', [
      [['clusters', 'do-prod', 'components', 'tempo', 'enabled'], true],
      [['clusters', 'do-prod', 'components', 'loki', 'values'], { loki: { limits_config: { retention_period: '336h' } } }],
    ]);
    rmSync(join(repo, 'environments', 'staging.yaml'));
    // prod took its versions from staging; now from dev (rule promotes-from refuses a missing environment).
    edit(join(repo, 'environments'), 'prod.yaml', [[['promotesFrom'], 'dev']]);
    commitAll(repo, 'tempo on do-prod; loki retention on do-prod; staging gone');
    try {
      const result = runScript('cli/diff.ts', ['--base', 'HEAD~1', '--no-render', '--json-out', 'review.json'], repo);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(3);
      const out = result.stdout.split('\n');
      expect(out.filter((l) => / enabled on /.test(l))).toEqual([expect.stringMatching(/^  \+ tempo \S+ enabled on do-prod$/)]);
      expect(out).toContain('    ~ loki/loki: .loki.limits_config.retention_period: 168h -> 336h');
      // The values patch is not listed as a file: its effect is.
      expect(result.stdout).not.toMatch(/HelmRelease loki\/loki .* in clusters\/do-prod\/.*values-cluster\.yaml/);
      const base = git(repo, 'rev-parse', 'HEAD~1').slice(0, 12);
      expect(result.stdout).toContain(`!!! Cluster hcloud-staging (stacks hcloud-staging-cluster, hcloud-staging-dns, hcloud-staging-network) is removed, but its cloud resources keep running`);
      expect(result.stdout).toContain(`\`npm run destroy -- hcloud-staging --from ${base}\``);
      const report = JSON.parse(readFileSync(join(repo, 'review.json'), 'utf8')) as DiffReport;
      const warning = report.warnings!.find((w) => w.subject === 'hcloud-staging')!;
      expect(warning.resources!.length).toBeGreaterThan(0);
      expect(warning.resources!.every((r) => r.stack.startsWith('hcloud-staging-'))).toBe(true);
      expect(worktrees(repo)).toBe(1);
    } finally {
      git(repo, 'reset', '--quiet', '--hard', changed);
    }
  }, SLOW);

  it('exits 1 when the base predates cli/synthesize.ts', () => {
    const orphan = commitFiles(repo, { 'README.md': 'before synth existed\n' });
    const result = runScript('cli/diff.ts', ['--base', orphan], repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has no cli/synthesize.ts, so it cannot be synthesized for a diff; pick a newer --base');
    expect(worktrees(repo)).toBe(1);
  }, SLOW);
});
