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
    for (const command of ['npm ci --no-audit --no-fund', 'npm run typecheck', 'npx vitest run', 'npm run check:gitops', 'npm run synth']) expect(script).toContain(command);
  });
});
