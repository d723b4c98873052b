import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, unusedEnvironmentName } from '../support/environments';

/**
 * A user's first change, in a scratch copy of this repository (the files git tracks, with
 * node_modules linked): `npm run new -- environment <qa>` (the docs' own example) and a cluster in
 * it, then what CI asks of their pull request: synth, the committed-tree, docs and graph checks,
 * the policy check (the new stacks' provider locks derived or waived by new), and the tests that
 * used to pin the shipped environments or broke on a stack without a lock. Slow suite: it
 * synthesizes, renders and runs part of the test suite again.
 */
const QA = unusedEnvironmentName();
const CLUSTER = `web-${QA}`;
/** The tool tests that once asserted the shipped list of environments or clusters, took the name qa, or assumed every placeholder distinct. */
const TESTS = [
  'tests/config/load.test.ts',
  'tests/charts/gitops.test.ts',
  'tests/cli/new.test.ts',
  'tests/cli/doctor.test.ts',
  'tests/cli/synth.test.ts',
  'tests/cli/graph.test.ts',
  'tests/docs/readme.test.ts',
  'tests/stacks/vps/vps-stacks.test.ts',
  'tests/stacks/dns/dns-stacks.test.ts',
  'tests/reliability/invalid-fixtures.test.ts',
  'tests/config/rules.test.ts',
  'tests/config/placeholders.test.ts',
  'tests/cli/deploy.test.ts',
  'tests/stacks/provider-locks.test.ts',
  'tests/examples/policy.test.ts',
];

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', TEST_SUITE: '' } });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe(`a user's first change: npm run new -- environment ${QA}, and a cluster in it`, () => {
  let dir: string;
  let clusterOutput = '';

  beforeAll(() => {
    // The copy sits where a clone would: a git repository (tests ask git what it ignores) with the
    // shared folder beside it as ../shared, as CI has it.
    const base = mkdtempSync(join(tmpdir(), 'user-change-'));
    dir = join(base, 'repo');
    mkdirSync(dir);
    const shared = join(ROOT, '..', 'shared');
    if (existsSync(shared)) symlinkSync(realpathSync(shared), join(base, 'shared'));
    const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(ROOT, file), join(dir, file), { verbatimSymlinks: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    expect(spawnSync('git', ['init', '-q'], { cwd: dir }).status).toBe(0);
    for (const args of [['run', 'new', '--', 'environment', QA], ['run', 'new', '--', 'cluster', QA, CLUSTER, '--provider', 'hcloud-k3s']]) {
      const result = npm(args, dir);
      expect(result.code, result.out).toBe(0);
      clusterOutput = result.out;
    }
  });

  it('synthesizes, and the regenerated tree, docs and graphs (README included) are what the checks want', () => {
    for (const args of [['run', 'synth'], ['run', 'docs'], ['run', 'graph']]) {
      const result = npm(args, dir);
      expect(result.code, `${args.join(' ')}\n${result.out}`).toBe(0);
    }
    for (const args of [['run', 'check:gitops'], ['run', 'docs', '--', '--check'], ['run', 'graph', '--', '--check']]) {
      const result = npm(args, dir);
      expect(result.code, `${args.join(' ')}\n${result.out}`).toBe(0);
    }
  }, 900_000);

  it('passes the policy check: the new stacks are locked or waived, and new named the command that locks them', () => {
    const result = npm(['run', 'check'], dir);
    expect(result.code, result.out).toBe(0);
    const errors = result.out.split('\n').filter((line) => /^\s+\[[a-z0-9-]+\] error:/.test(line));
    expect(errors, result.out).toEqual([]);
    // Whatever could not be derived offline was waived, with the command to run online.
    if (/no committed lock covers/.test(clusterOutput)) {
      expect(clusterOutput).toContain(`npm run providers:lock -- ${CLUSTER}-`);
      expect(readFileSync(join(dir, 'policy', 'waivers.yaml'), 'utf8')).toContain(`resource: "${CLUSTER}-`);
    }
  }, 900_000);

  it('passes the tool tests that used to pin the shipped environments', () => {
    const result = spawnSync(process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...TESTS], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', TEST_SUITE: '' },
    });
    const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    const failures = output.split('\n').filter((line) => /^\s*(×|FAIL)|Error:/.test(line));
    expect(result.status, failures.join('\n') || output.slice(-6000)).toBe(0);
  }, 1_800_000);
});
