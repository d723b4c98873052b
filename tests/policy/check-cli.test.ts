/** `npm run check` (cli/check.ts) end to end, in a temporary project. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../cli/synthesize';
import { loadPlatform } from '../../config/load';
import { isFailure, runPolicies } from '../../policy/index';
import { edit, ENVIRONMENTS } from '../support/environments';
import { readTree, runScript } from '../support/run';

function stacksOf(dir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [path, text] of readTree(join(dir, 'cdktf.out'))) {
    const match = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(path);
    if (match) out.set(match[1]!, JSON.parse(text));
  }
  return out;
}

describe('npm run check', () => {
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'check-'));
    cpSync(ENVIRONMENTS, join(project, 'environments'), { recursive: true });
    // The trees --from-disk reads; written by synth's own function (tests/cli/synth.test.ts runs the command).
    await synthesize({ root: project });
  }, 120_000);

  it('--from-disk prints one row per rule and exits 1 exactly when an unwaived error remains', () => {
    const result = runScript('cli/check.ts', ['--from-disk', '--no-tree', '--no-render'], project);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/^rule\s+severity\s+count\s+waived$/m);
    expect(output).toMatch(/^state-bucket-versioning\s+error\s+\d+\s+\d+$/m);
    expect(output).toMatch(/^ingress-nginx-retired\s+warning\s+\d+\s+\d+$/m);
    expect(output).toContain('gitops tree checks skipped (--no-tree)');
    expect(output).not.toMatch(/\n\s+at /);
    // The temporary project has no policy/waivers.yaml, so the CLI applies none either.
    const findings = runPolicies({
      stacks: stacksOf(project),
      gitops: readTree(join(project, 'gitops')),
      platform: loadPlatform(join(project, 'environments'), { relativeTo: project }),
    });
    expect(result.code).toBe(findings.some(isFailure) ? 1 : 0);
  }, 60_000);

  it('fails on a broken state bucket, naming stack and address; a waiver with a reason turns it into a waived finding', () => {
    const broken = mkdtempSync(join(tmpdir(), 'check-broken-'));
    cpSync(project, broken, { recursive: true });
    const file = join(broken, 'cdktf.out', 'stacks', 'state', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    delete json.resource.aws_s3_bucket_versioning;
    writeFileSync(file, JSON.stringify(json, null, 2));
    const failed = runScript('cli/check.ts', ['--from-disk', '--no-tree', '--no-render'], broken);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^state-bucket-versioning\s+error\s+1\s+0$/m);
    expect(failed.stderr).toMatch(/\[state-bucket-versioning\] error: stack state: aws_s3_bucket\.\S+ \(construct state\/state-bucket\/bucket\), the state bucket/);
    expect(failed.stderr).toMatch(/^FAILED: /m);

    mkdirSync(join(broken, 'policy'));
    writeFileSync(join(broken, 'policy', 'waivers.yaml'), 'waivers:\n  - rule: state-bucket-versioning\n    resource: "state:aws_s3_bucket.*"\n    reason: test bucket, recreated from scratch every day\n');
    const waived = runScript('cli/check.ts', ['--from-disk', '--no-tree', '--no-render'], broken);
    const output = waived.stdout + waived.stderr;
    expect(output).toMatch(/^state-bucket-versioning\s+error\s+0\s+1$/m);
    expect(output).toContain('waived: test bucket, recreated from scratch every day');
    expect(output).toMatch(/^    \[state-bucket-versioning\] state:aws_s3_bucket\./m);

    writeFileSync(join(broken, 'policy', 'waivers.yaml'), 'waivers:\n  - rule: state-bucket-versionin\n    resource: "state:*"\n    reason: ""\n');
    const invalid = runScript('cli/check.ts', ['--from-disk', '--no-tree', '--no-render'], broken);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^waiver-invalid\s+error\s+2\s+0$/m);
    expect(invalid.stderr).toContain('policy/waivers.yaml:2: waivers[0].rule "state-bucket-versionin" is not a rule id');
  }, 120_000);

  it('exits 1 on invalid environments, listing the problems without a stack trace', () => {
    const broken = mkdtempSync(join(tmpdir(), 'check-invalid-'));
    cpSync(join(project, 'environments'), join(broken, 'environments'), { recursive: true });
    edit(join(broken, 'environments'), 'prod.yaml', [[['clusters', 'do-prod', 'region'], 'FRA 1']]);
    const result = runScript('cli/check.ts', [], broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('environments/prod.yaml');
    expect(result.stderr).toContain('clusters.do-prod.region');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('by default checks a fresh synth without touching cdktf.out/ and gitops/, and runs the gitops tree rules', () => {
    const before = { stacks: readTree(join(project, 'cdktf.out')), gitops: readTree(join(project, 'gitops')) };
    const result = runScript('cli/check.ts', [], project);
    const output = result.stdout + result.stderr;
    expect([0, 1]).toContain(result.code);
    expect(output).toContain('policy check of a fresh synth (cdktf.out/ and gitops/ untouched)');
    // The tree rules are policy rules: rows of the one summary table, findings in the one format.
    expect(output).toMatch(/^tree-kustomize-build\s+error\s+\d+\s+\d+$/m);
    expect(output).toMatch(/gitops tree: \d+ files, \d+\/\d+ Flux Kustomization paths built/);
    const clusters = loadPlatform(join(project, 'environments'), { relativeTo: project }).clusters.length;
    expect(output).toMatch(new RegExp(`^render: ${clusters} clusters, \\d+ HelmReleases, \\d+ objects \\(helm v4\\.`, 'm'));
    expect(output).toMatch(/^timing: synth \d+ ms, render \d+ ms, policies \d+ ms/m);
    expect(readTree(join(project, 'cdktf.out'))).toEqual(before.stacks);
    expect(readTree(join(project, 'gitops'))).toEqual(before.gitops);
  }, 180_000);

  it('--json prints every finding, complete, through a pipe (hundreds of KB)', () => {
    const big = mkdtempSync(join(tmpdir(), 'check-big-'));
    cpSync(project, big, { recursive: true });
    const deployments = Array.from({ length: 1500 }, (_, i) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\n  namespace: loose\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`,
    );
    writeFileSync(join(big, 'gitops', 'loose.yaml'), deployments.join('---\n'));
    const result = runScript('cli/check.ts', ['--from-disk', '--no-tree', '--no-render', '--json'], big);
    expect(result.code).toBe(1);
    expect(result.stdout.length).toBeGreaterThan(256 * 1024);
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: { rule: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.rule === 'image-unpinned')).toHaveLength(1500);
  }, 120_000);

  it('--rules lists every rule with its severity', () => {
    const result = runScript('cli/check.ts', ['--rules'], project);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^net-world-open-port\s+error\s+No security list/m);
    expect(result.stdout).toMatch(/^ingress-nginx-retired\s+warning\s+/m);
  });
});
