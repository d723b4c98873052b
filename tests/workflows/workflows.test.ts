import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../cli/diff/render-markdown';
import { ROOT } from '../support/environments';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly if?: string;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string | { name: string };
  readonly permissions?: Record<string, string>;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly env?: Record<string, string>;
  readonly secrets?: unknown;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8');

function load(file: string): Workflow {
  return parse(text(file)) as Workflow;
}

/** The Node major package.json engines.node asks for (">=24" -> 24). */
const nodeMajor = Number(/^>=\s*(\d+)$/.exec((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node)?.[1]);

/**
 * `uses:` lines that are not pinned the way Renovate's github-actions manager keeps them with
 * helpers:pinGitHubActionDigestsToSemver: a full 40-hex commit SHA, then `# vX.Y.Z`, the release that
 * commit is. A tag or branch can be moved to other code; a SHA cannot.
 */
function unpinnedUses(yaml: string): string[] {
  return yaml
    .split('\n')
    .filter((line) => /^\s*(?:-\s+)?uses\s*:/.test(line))
    .filter((line) => !/^\s*(?:-\s+)?uses: [\w.-]+\/[\w.-]+(?:\/[^@\s]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line))
    .map((line) => line.trim());
}

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

/** Every workflow of .github/workflows. */
const FILES = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f)).sort();

/** A `${{ secrets.X }}`, `secrets['X']` or `toJSON(secrets)` anywhere in the value. */
const SECRET_REF = /\bsecrets\s*(?:\.|\[|\))/;
const readsSecrets = (value: unknown) => SECRET_REF.test(JSON.stringify(value ?? null));
const environmentOf = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name);
const usesAction = (step: Step, action: string) => step.uses?.startsWith(`${action}@`) ?? false;
function triggers(workflow: Workflow): string[] {
  const on: unknown = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on ?? {});
}
const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';

/**
 * Where a workflow lets untrusted code near a secret (docs/ci.md#secrets-and-the-plan-environment):
 * - a trigger that runs with secrets on a fork's behalf (pull_request_target, workflow_run);
 * - a job reading a secret outside a GitHub environment (whose required reviewers approve the
 *   commit first), or a secret in a job-level env or `secrets: inherit`, which every step sees;
 * - a job with secrets that consumes what another job built: an artifact, a dependency cache;
 * - in a pull-request workflow, an environment job a fork's pull request could reach;
 * - a checkout that leaves the token in .git/config for the code that runs next.
 */
function trustProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const trigger of triggers(workflow)) {
    if (trigger === 'pull_request_target' || trigger === 'workflow_run') problems.push(`${file}: triggered by ${trigger}, which runs with the repository's secrets for code it did not review`);
  }
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const at = `${file} job ${id}`;
    const secret = readsSecrets(job) || job.secrets !== undefined;
    const environment = environmentOf(job);
    if (secret && !environment) problems.push(`${at}: reads secrets outside an environment with required reviewers`);
    if (readsSecrets(job.env) || job.secrets !== undefined) problems.push(`${at}: secrets in the job's env (or inherited) reach every step, npm ci and synth included`);
    if (environment && triggers(workflow).includes('pull_request') && !(job.if ?? '').includes(SAME_REPOSITORY)) problems.push(`${at}: environment ${environment} without the same-repository condition`);
    for (const step of job.steps ?? []) {
      if (usesAction(step, 'actions/checkout') && step.with?.['persist-credentials'] !== false) problems.push(`${at}: a checkout without persist-credentials: false`);
      if (!secret && !environment) continue;
      if (usesAction(step, 'actions/download-artifact')) problems.push(`${at}: downloads an artifact another job built, next to secrets`);
      if (usesAction(step, 'actions/cache') || (usesAction(step, 'actions/setup-node') && step.with?.cache !== undefined)) problems.push(`${at}: restores a cache another job could have written, next to secrets`);
    }
  }
  return problems;
}

describe('workflows', () => {
  const pr = load('pull-request.yml');
  const main = load('main.yml');

  it('pin every action by full commit SHA, with its release in a comment', () => {
    for (const file of ['pull-request.yml', 'main.yml']) {
      expect(unpinnedUses(text(file)), file).toEqual([]);
      // Every step with `uses:` is on one such line (none hides in a flow mapping or a block scalar).
      const steps = Object.values(load(file).jobs).flatMap((j) => j.steps).filter((s) => s.uses);
      expect(text(file).match(/^\s*(?:-\s+)?uses: /gm)?.length, file).toBe(steps.length);
      for (const step of steps) expect(step.uses, file).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    }
  });

  it('the pin check refuses tags, branches, short SHAs and SHAs without their release', () => {
    const sha = 'a'.repeat(40);
    const sample = [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@main',
      '      - uses: actions/checkout@3d3c42e # v7.0.1',
      `      - uses: actions/checkout@${sha}`,
      `      - uses: actions/checkout@${sha} # v7`,
      `        uses: actions/github-script@${sha} # v8.0.0`,
      `      - uses: actions/checkout@${sha} # v7.0.1`,
    ].join('\n');
    expect(unpinnedUses(sample)).toEqual([
      '- uses: actions/checkout@v4',
      '- uses: actions/checkout@main',
      '- uses: actions/checkout@3d3c42e # v7.0.1',
      `- uses: actions/checkout@${sha}`,
      `- uses: actions/checkout@${sha} # v7`,
    ]);
  });

  it('run on the Node major package.json engines.node asks for', () => {
    expect(nodeMajor).toBeGreaterThanOrEqual(24);
    for (const workflow of [pr, main]) {
      expect(workflow.jobs.verify!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': nodeMajor, cache: 'npm' });
    }
  });

  it('grant nothing by default and only what each job needs', () => {
    expect(pr.permissions).toEqual({});
    expect(pr.jobs.verify!.permissions).toEqual({ contents: 'read' });
    expect(pr.jobs.comment!.permissions).toEqual({ 'pull-requests': 'write' });
    expect(pr.jobs.plan!.permissions).toEqual({ contents: 'read' });
    for (const file of FILES) {
      for (const [id, job] of Object.entries(load(file).jobs)) {
        const granted = { ...(load(file).permissions ?? {}), ...(job.permissions ?? {}) };
        // Write access only where a job comments, and never beside a secret.
        for (const [scope, level] of Object.entries(granted)) {
          if (level === 'write') expect([file, id, scope]).toEqual(['pull-request.yml', 'comment', 'pull-requests']);
        }
      }
    }
    expect(main.permissions).toEqual({ contents: 'read' });
    expect(pr.concurrency).toEqual({ group: 'pull-request-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    expect(main.concurrency?.group).toBe('main');
  });

  it('pull-request: checks, then diffs against the base branch with full history', () => {
    const verify = pr.jobs.verify!;
    expect(verify.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    const script = runs(verify);
    const order = ['npm ci --no-audit --no-fund', 'npm run typecheck', 'npx vitest run', 'npm run check:gitops', 'npm run synth', 'npm run --silent diff -- --base "origin/$BASE_REF" --format markdown --json-out diff.json > diff.md'];
    const positions = order.map((command) => script.indexOf(command));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Exit 3 ("changed") is a result, not a failure.
    expect(script).toContain('[ "$status" -ne 3 ]');
  });

  it('pull-request: one comment, found by the marker the Markdown starts with', () => {
    const comment = pr.jobs.comment!;
    const script = String(comment.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    expect(script).toContain(`const marker = '${COMMENT_MARKER}';`);
    expect(script).toContain('updateComment');
    expect(comment.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('keep untrusted code away from secrets: no pull_request_target, secrets only behind an environment, no artifact or cache beside them, no persisted token', () => {
    expect(FILES).toEqual(expect.arrayContaining(['main.yml', 'pull-request.yml']));
    for (const file of FILES) expect(trustProblems(file, load(file)), file).toEqual([]);
  });

  it('pull-request: no job that runs the pull request\'s code reads a secret, except the plan job behind the plan environment', () => {
    const runsCode = (job: Job) => job.steps.some((s) => usesAction(s, 'actions/checkout') || s.run !== undefined);
    const withSecrets = Object.entries(pr.jobs).filter(([, job]) => readsSecrets(job)).map(([id]) => id);
    expect(withSecrets).toEqual(['plan']);
    expect(Object.entries(pr.jobs).filter(([, job]) => runsCode(job)).map(([id]) => id).sort()).toEqual(['plan', 'verify']);
    expect(readsSecrets(pr.jobs.verify)).toBe(false);
    expect(readsSecrets(pr.jobs.comment)).toBe(false);
    expect(readsSecrets(main.jobs)).toBe(false);
  });

  it('pull-request: artifacts of the verify job reach only the comment job, which has no secret and runs nothing', () => {
    const uploaded = pr.jobs.verify!.steps.filter((s) => usesAction(s, 'actions/upload-artifact')).map((s) => s.with?.name);
    expect(uploaded).toEqual(['diff', 'synth']);
    const downloads = Object.entries(pr.jobs).flatMap(([id, job]) => job.steps.filter((s) => usesAction(s, 'actions/download-artifact')).map((s) => [id, s.with?.name]));
    expect(downloads).toEqual([['comment', 'diff']]);
    const comment = pr.jobs.comment!;
    expect(comment.steps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/download-artifact', 'actions/github-script']);
    expect(comment.environment).toBeUndefined();
  });

  it('pull-request: the plan job waits for the plan environment, only for same-repository pull requests, and builds what it runs itself', () => {
    const plan = pr.jobs.plan!;
    expect(plan.environment).toBe('plan');
    expect(plan.needs).toBe('verify');
    expect(plan.if).toContain(SAME_REPOSITORY);
    expect(plan.if).toContain("vars.TERRAFORM_PLAN == 'true'");
    expect(plan.strategy?.matrix?.stack).toBe('${{ fromJSON(needs.verify.outputs.stacks) }}');
    // Checks out the commit of the run (the one approved), synthesizes, and only then sees secrets.
    const checkout = plan.steps.find((s) => usesAction(s, 'actions/checkout'))!;
    expect(checkout.with).toEqual({ ref: '${{ github.sha }}', 'persist-credentials': false });
    expect(plan.steps.find((s) => usesAction(s, 'actions/setup-node'))?.with).toEqual({ 'node-version': nodeMajor });
    const index = (test: (s: Step) => boolean) => plan.steps.findIndex(test);
    const synth = index((s) => s.run === 'npm run synth');
    const check = index((s) => (s.run ?? '').includes('.stacks | has($stack)'));
    const init = index((s) => (s.run ?? '').includes(' init '));
    const firstSecret = index((s) => readsSecrets(s));
    expect(index((s) => s.run === 'npm ci --no-audit --no-fund')).toBeLessThan(synth);
    expect(synth).toBeGreaterThan(0);
    expect(check).toBeGreaterThan(synth);
    expect(firstSecret).toBeGreaterThan(check);
    expect(plan.steps.slice(0, firstSecret).some((s) => readsSecrets(s))).toBe(false);
    expect(plan.env).toEqual({ STACK: '${{ matrix.stack }}', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' });
    // The verify job's output is only a matrix of names; no script interpolates it.
    expect(JSON.stringify(plan.steps)).not.toContain('needs.');
    expect(runs(plan)).toContain('if [ ! -f "cdktf.out/stacks/$STACK/.terraform.lock.hcl" ]; then');
    expect(plan.steps[init]!.run).toBe('terraform -chdir="cdktf.out/stacks/$STACK" init -input=false -lockfile=readonly');
    expect(runs(plan)).toContain('terraform -chdir="cdktf.out/stacks/$STACK" plan -input=false -lock=false');
  });

  it('the trust check finds each way the old pull-request workflow and others let untrusted code near a secret', () => {
    const sha = 'a'.repeat(40);
    const hostile = parse(
      [
        'on:',
        '  pull_request_target:',
        '  pull_request:',
        'jobs:',
        '  verify:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        `      - uses: actions/checkout@${sha}`,
        '      - run: npm run synth',
        '        env: { AWS_ACCESS_KEY_ID: "${{ secrets.AWS_ACCESS_KEY_ID }}" }',
        '  plan:',
        '    runs-on: ubuntu-24.04',
        '    env: { HCLOUD_TOKEN: "${{ secrets.HCLOUD_TOKEN }}" }',
        '    steps:',
        `      - uses: actions/download-artifact@${sha}`,
        `      - uses: actions/setup-node@${sha}`,
        '        with: { node-version: 24, cache: npm }',
        '      - run: terraform plan',
        '  gated:',
        '    environment: plan',
        '    runs-on: ubuntu-24.04',
        '    secrets: inherit',
        '    steps:',
        `      - uses: actions/checkout@${sha}`,
        '        with: { persist-credentials: false }',
        '      - run: echo "${{ toJSON(secrets) }}"',
      ].join('\n'),
    ) as Workflow;
    expect(trustProblems('hostile.yml', hostile)).toEqual([
      "hostile.yml: triggered by pull_request_target, which runs with the repository's secrets for code it did not review",
      'hostile.yml job verify: reads secrets outside an environment with required reviewers',
      'hostile.yml job verify: a checkout without persist-credentials: false',
      'hostile.yml job plan: reads secrets outside an environment with required reviewers',
      "hostile.yml job plan: secrets in the job's env (or inherited) reach every step, npm ci and synth included",
      'hostile.yml job plan: downloads an artifact another job built, next to secrets',
      'hostile.yml job plan: restores a cache another job could have written, next to secrets',
      "hostile.yml job gated: secrets in the job's env (or inherited) reach every step, npm ci and synth included",
      'hostile.yml job gated: environment plan without the same-repository condition',
    ]);
  });

  it('main: on push to main, install, typecheck, test, check:gitops, synth', () => {
    expect(main.on).toEqual({ push: { branches: ['main'] } });
    const script = runs(main.jobs.verify!);
    for (const command of ['npm ci --no-audit --no-fund', 'npm run typecheck', 'npx vitest run', 'npm run check:gitops', 'npm run synth']) expect(script).toContain(command);
  });
});
