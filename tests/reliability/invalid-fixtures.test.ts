/**
 * Every invalid-input fixture (tests/fixtures/invalid) through the real synth CLI: exit code 1,
 * the file and field path in the message, no stack trace, and cdktf.out/ and gitops/ byte-for-byte
 * as a previous successful synth left them.
 *
 * Speed: a separate `npm run synth` per fixture costs about a second of start-up on two cores
 * (Node, CDKTF, the provider bindings), most of a minute for 45 fixtures. So the test calls the
 * CLI's own function (cli/synth.ts `runSynthCli`, what `npm run synth` runs) in this process once
 * per fixture folder, with cwd and argv set, collecting its output: argument parsing, synthesize(),
 * problem formatting and exit-code mapping all run unchanged. To show the shortcut is faithful,
 * one fixture per category is also run as its own `npm run synth` process, and both runs must agree
 * on exit code and output. Finally each fixture goes through loadPlatform
 * in-process, which must throw a ConfigError and nothing else.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSynthCli } from '../../cli/synth';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { readTree } from '../support/run';
import { applicable, applyFixture, loadFixtures, type Fixture } from './fixtures';

const STACK_TRACE = /\n\s+at /;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  crash?: string;
  ms?: number;
}

function node(args: string[], cwd: string, timeout = 240_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const fixtures = loadFixtures();
const runnable = fixtures.filter(applicable);

describe('invalid environment fixtures', () => {
  let before: { stacks: Map<string, string>; gitops: Map<string, string> };
  const projects = new Map<string, string>();
  const results = new Map<string, CliResult>();
  let inProcessMs = 0;

  beforeAll(async () => {
    // Trees a previous run left: small, since synth replaces a tree whole or not at all, and any
    // file added, changed or removed shows in the comparison after the run.
    before = {
      stacks: new Map([['manifest.json', '{"version":"previous run"}\n'], ['stacks/state/cdk.tf.json', '{}\n']]),
      gitops: new Map([['clusters/oke-dev/kustomization.yaml', '# previous run\n']]),
    };
    for (const fixture of runnable) {
      const dir = mkdtempSync(join(tmpdir(), `fixture-${fixture.name}-`));
      for (const [tree, files] of [['cdktf.out', before.stacks], ['gitops', before.gitops]] as const) {
        for (const [path, content] of files) {
          mkdirSync(dirname(join(dir, tree, path)), { recursive: true });
          writeFileSync(join(dir, tree, path), content);
        }
      }
      cpSync(ENVIRONMENTS, join(dir, 'environments'), { recursive: true });
      applyFixture(fixture, join(dir, 'environments'));
      projects.set(fixture.name, dir);
    }
    const started = performance.now();
    for (const fixture of runnable) {
      const result: CliResult = { code: null, stdout: '', stderr: '' };
      try {
        result.code = await runSynthCli([], projects.get(fixture.name)!, {
          stdout: (text) => (result.stdout += text),
          stderr: (text) => (result.stderr += text),
        });
      } catch (error) {
        result.crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
      }
      results.set(fixture.name, result);
    }
    inProcessMs = Math.round(performance.now() - started);
  }, 300_000);

  it('has at least 30 fixtures, each documenting its mistake and what the message must name', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const f of fixtures) {
      expect(f.mistake.length, f.name).toBeGreaterThan(10);
      expect(f.expect.length, f.name).toBeGreaterThan(0);
      expect(['yaml', 'schema', 'rules', 'references', 'size', 'filesystem']).toContain(f.category);
    }
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: exit 1, names the file and field, no stack trace, nothing written', (_name, fixture: Fixture) => {
    if (!applicable(fixture)) {
      // chmod 000 does not stop root from reading the file; the fixture only means something for other users.
      expect(process.getuid?.()).toBe(0);
      return;
    }
    const result = results.get(fixture.name)!;
    expect(result.crash, `${fixture.name} crashed the CLI`).toBeUndefined();
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code, result.stderr.slice(0, 2000)).toBe(1);
    for (const text of fixture.expect) expect(result.stderr).toContain(text);
    // A field path the fixture names (or a path below it) is reported with its file and line (file:line: path: ...).
    for (const path of fixture.expect.filter((text) => /^clusters\.[^\s:]+$/.test(text))) {
      const reported = result.stderr.split('\n').filter((line) => line.includes(`: ${path}: `) || line.includes(`: ${path}.`) || line.includes(`: ${path}[`));
      expect(reported.length, `${path} reported`).toBeGreaterThan(0);
      for (const line of reported) expect(line).toMatch(/^environments\/[^\s:]+\.yaml:\d+: /);
    }
    expect(result.stderr).toMatch(/problems? in the environment files; nothing was written\.\n$/);
    const dir = projects.get(fixture.name)!;
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before.stacks);
    expect(readTree(join(dir, 'gitops'))).toEqual(before.gitops);
  });

  it('loadPlatform (what the CLI calls) throws a ConfigError, never another error, for every fixture', () => {
    for (const fixture of runnable) {
      const dir = projects.get(fixture.name)!;
      let thrown: unknown;
      try {
        loadPlatform(join(dir, 'environments'), { relativeTo: dir });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, fixture.name).toBeInstanceOf(ConfigError);
    }
  });

  it('the in-process runs are faithful: a separate npm run synth process per category gives the same exit code and output', async () => {
    // The first fixture of each category (their output fits in a pipe buffer; see the next test).
    const sample = [...new Map([...runnable].reverse().map((f) => [f.category, f])).values()];
    const started = performance.now();
    const separate: CliResult[] = [];
    for (let i = 0; i < sample.length; i += 2) {
      separate.push(...(await Promise.all(sample.slice(i, i + 2).map((f) => node([join(ROOT, 'cli', 'launch.mjs'), 'synth'], projects.get(f.name)!)))));
    }
    const spawnMs = performance.now() - started;
    sample.forEach((f, i) => {
      expect(separate[i]!.code, f.name).toBe(results.get(f.name)!.code);
      expect(separate[i]!.stderr, f.name).toBe(results.get(f.name)!.stderr);
      expect(separate[i]!.stdout, f.name).toBe(results.get(f.name)!.stdout);
    });
    // For the report: every fixture in-process takes about the time of a few separate processes.
    console.log(`in-process: ${runnable.length} fixtures in ${inProcessMs} ms; ${sample.length} separate processes: ${Math.round(spawnMs)} ms`);
  }, 240_000);

  // Regression: synth once exited before stderr drained into a pipe, cutting long error lists.
  it('a separate CLI process prints every problem through a pipe', async () => {
    const fixture = runnable.find((f) => f.name === 'many-clusters')!;
    const separate = await node([join(ROOT, 'cli', 'launch.mjs'), 'synth'], projects.get(fixture.name)!);
    expect(separate.code).toBe(1);
    expect(separate.stderr.length).toBe(results.get(fixture.name)!.stderr.length);
  }, 120_000);
});
