import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../cli/diff/render-markdown';
import { ROOT } from '../support/environments';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  return parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
}

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('workflows', () => {
  const pr = load('pull-request.yml');
  const main = load('main.yml');

  it('pin every action to a major tag or a commit', () => {
    for (const workflow of [pr, main]) {
      for (const step of Object.values(workflow.jobs).flatMap((j) => j.steps)) {
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40})$/);
      }
    }
  });

  it('grant nothing by default and only what each job needs', () => {
    expect(pr.permissions).toEqual({});
    expect(pr.jobs.verify!.permissions).toEqual({ contents: 'read' });
    expect(pr.jobs.comment!.permissions).toEqual({ 'pull-requests': 'write' });
    expect(pr.jobs.plan!.permissions).toEqual({ contents: 'read' });
    expect(main.permissions).toEqual({ contents: 'read' });
    expect(pr.concurrency).toEqual({ group: 'pull-request-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    expect(main.concurrency?.group).toBe('main');
  });

  it('pull-request: checks, then diffs against the base branch with full history', () => {
    const verify = pr.jobs.verify!;
    expect(verify.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(verify.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    const script = runs(verify);
    const order = ['npm install --no-audit --no-fund', 'npm run typecheck', 'npx vitest run', 'npm run check:gitops', 'npm run synth', 'npm run --silent diff -- --base "origin/$BASE_REF" --format markdown --json-out diff.json > diff.md'];
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

  it('pull-request: plans the changed stacks only when credentials are configured', () => {
    const plan = pr.jobs.plan!;
    expect(plan.needs).toBe('verify');
    expect(plan.if).toContain("needs.verify.outputs.credentials == 'true'");
    expect(plan.strategy?.matrix?.stack).toBe('${{ fromJSON(needs.verify.outputs.stacks) }}');
    expect(runs(plan)).toContain('terraform -chdir="cdktf.out/stacks/$STACK" plan');
  });

  it('main: on push to main, install, typecheck, test, check:gitops, synth', () => {
    expect(main.on).toEqual({ push: { branches: ['main'] } });
    const script = runs(main.jobs.verify!);
    for (const command of ['npm install --no-audit --no-fund', 'npm run typecheck', 'npx vitest run', 'npm run check:gitops', 'npm run synth']) expect(script).toContain(command);
  });
});
