// `npm run bench [-- --quick] [--skip-tests]`: times synth, scale, diff, type-check and the test suite on this
// machine; writes bench/results.json and bench/results.md (linked from the README).
// Wall time and peak RSS of each run come from GNU time (`/usr/bin/time -f`), which also counts
// the child processes a command starts (the cdktf CLI runs the app in one).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { defaultK3sRelease } from '../config/kubernetes-support';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, 'skip-tests': { type: 'boolean' } } });

interface Run {
  readonly seconds: number;
  readonly rssMb?: number;
}

interface Result {
  readonly name: string;
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly peakRssMb?: number;
  readonly note?: string;
}

const hasTime = existsSync('/usr/bin/time');

function timeOnce(command: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const wrapped = hasTime ? ['/usr/bin/time', '-f', '__BENCH__ %e %M', ...command] : command;
  const started = performance.now();
  const result = spawnSync(wrapped[0]!, wrapped.slice(1), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = (performance.now() - started) / 1000;
  // `npm run diff` exits 3 when the working tree has changes against its base: still a full run.
  const diffWithChanges = command.includes('diff') && result.status === 3;
  if (result.status !== 0 && !diffWithChanges) {
    throw new Error(`${command.join(' ')} exited ${result.status}:\n${result.stderr.slice(-2000)}`);
  }
  const line = result.stderr.split('\n').find((l) => l.startsWith('__BENCH__'));
  if (!line) return { seconds: elapsed };
  const [, seconds, kb] = line.split(' ');
  return { seconds: Number(seconds), rssMb: Math.round(Number(kb) / 1024) };
}

/** What was measured, in order; measure() adds each row. */
const results: Result[] = [];
/** Rows whose command failed: reported, and the bench exits 1 after writing what it measured. */
const failures: string[] = [];

function measure(name: string, runs: number, command: string[], cwd: string, note?: string, env?: NodeJS.ProcessEnv): Result | undefined {
  const samples: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) samples.push(timeOnce(command, cwd, env));
  } catch (error) {
    failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    process.stdout.write(`${name}: FAILED (${(error as Error).message.split('\n')[0]})\n`);
    return undefined;
  }
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssMb).filter((r): r is number => r !== undefined);
  const result: Result = {
    name,
    runs,
    median: times[Math.floor((times.length - 1) / 2)]!,
    min: times[0]!,
    max: times[times.length - 1]!,
    peakRssMb: rss.length ? Math.max(...rss) : undefined,
    note,
  };
  process.stdout.write(`${name}: median ${result.median.toFixed(2)} s (min ${result.min.toFixed(2)}, max ${result.max.toFixed(2)}, n=${runs})${result.peakRssMb ? `, peak RSS ${result.peakRssMb} MB` : ''}\n`);
  results.push(result);
  return result;
}

/** `npm run synth` exactly as a user types it, in a project folder that `withSynthScript` prepared. */
const synth = (_cwd: string) => ['npm', 'run', '--silent', 'synth', '--', '--quiet'];
/** cli/launch.mjs's records of the synth bundle (one per checkout root); removing them forces a rebuild. */
const launchRecords = join(root, 'node_modules', '.cache', 'launch', 'cli-synth-*.json');

/** The YAML text synth keeps between runs (cli/yaml-cache-file.ts) and Node's compile cache (cli/launch.mjs). */
const yamlCache = join(root, 'node_modules', '.cache', 'synth');
const compileCache = join(root, 'node_modules', '.cache', 'node-compile');
/** Gives a benchmark project folder the package.json script `npm run synth` runs in this repository. */
function withSynthScript(dir: string): string {
  const script = `node ${JSON.stringify(join(root, 'cli', 'launch.mjs'))} synth`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, scripts: { synth: script } }, null, 2)}\n`);
  return dir;
}

/** A project folder with `count` clusters spread over environments of 10, providers mixed. */
function generatedProject(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${count}-`));
  cpSync(join(root, 'environments', 'defaults.yaml'), join(dir, 'environments', 'defaults.yaml'));
  // A supported release (config/kubernetes-support.yaml), so the generated fleet loads.
  const vps = { k3sVersion: defaultK3sRelease(), sshKeys: { admin: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkPlaceholderKey0000000000000000000000 bench@example.com' } };
  const oci = { compartmentOcid: 'ocid1.compartment.oc1..aaaaaaaabench', tenancyOcid: 'ocid1.tenancy.oc1..aaaaaaaabench', configProfile: 'DEFAULT', publicEndpoint: true, cniType: 'FLANNEL_OVERLAY' };
  const environments: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < count; i++) {
    const env = `env${String(Math.floor(i / 10)).padStart(2, '0')}`;
    const kind = i % 3;
    const name = `c${String(i).padStart(3, '0')}-${['oke', 'hcloud', 'do'][kind]}`;
    const dns = { provider: i % 2 ? 'route53' : 'cloudflare', zone: 'example.com', subdomain: name, createZone: false, proxied: false };
    const cluster =
      kind === 0
        ? // A tenancy each: the Always Free allowance holds one cluster per tenancy (rule free-tier-oke-clusters).
          { provider: 'oci-oke', region: 'eu-frankfurt-1', freeTier: true, oci: { ...oci, tenancyOcid: `${oci.tenancyOcid}${i}` }, dns }
        : {
            provider: kind === 1 ? 'hcloud-k3s' : 'do-k3s',
            region: kind === 1 ? 'fsn1' : 'fra1',
            vps,
            dns,
            network: { podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' },
            components: { metallb: { enabled: true } },
          };
    (environments[env] ??= {})[name] = cluster;
  }
  for (const [env, clusters] of Object.entries(environments)) {
    writeFileSync(join(dir, 'environments', `${env}.yaml`), stringify({ name: env, clusters }));
  }
  return withSynthScript(dir);
}

const shipped = mkdtempSync(join(tmpdir(), 'bench-shipped-'));
cpSync(join(root, 'environments'), join(shipped, 'environments'), { recursive: true });
withSynthScript(shipped);

const quick = args.quick === true;
timeOnce(synth(shipped), shipped); // warm the file cache and build cli/launch.mjs's bundle
measure('synth, shipped examples (npm run synth, in-process)', quick ? 3 : 5, synth(shipped), shipped);
measure(
  'synth, shipped examples, first run after a source change (bundle rebuilt)',
  quick ? 1 : 3,
  ['sh', '-c', `rm -f ${launchRecords} && npm run --silent synth -- --quiet`],
  shipped,
);
measure(
  'synth, shipped examples, cold (no cdktf.out/ or gitops/, YAML and compile caches emptied)',
  quick ? 1 : 3,
  ['sh', '-c', `rm -rf cdktf.out gitops ${yamlCache} ${compileCache} && npm run --silent synth -- --quiet`],
  shipped,
  'every file written and every document stringified; the warm run above finds its trees unchanged and writes nothing',
);
measure('synth, shipped examples (tsx cli/synth.ts, no bundle)', quick ? 1 : 3, [process.execPath, '--import', loader, join(root, 'cli', 'synth.ts'), '--quiet'], shipped);
// The CLI runs the app cdktf.json names; its output goes to a temporary folder.
const cdktfOut = mkdtempSync(join(tmpdir(), 'bench-cdktf-'));
measure('synth, shipped examples (npx cdktf synth)', quick ? 1 : 3, ['npx', 'cdktf', 'synth', '--output', cdktfOut], root, 'Terraform stacks only; the CLI runs cli/launch.mjs cdktf-app in a child process');
rmSync(cdktfOut, { recursive: true, force: true });
for (const count of quick ? [1, 10] : [1, 10, 50, 200]) {
  const dir = generatedProject(count);
  measure(`synth, ${count} generated clusters`, count >= 200 ? 1 : quick ? 1 : 3, synth(dir), dir);
  rmSync(dir, { recursive: true, force: true });
}
if (existsSync(join(root, 'cli', 'diff.ts'))) {
  measure('diff against HEAD (npm run diff)', quick ? 1 : 3, [process.execPath, join(root, 'cli', 'launch.mjs'), 'diff', '--base', 'HEAD', '--format', 'text'], root);
}
// The offline render of every shipped cluster (the committed gitops/): cold (no render cache: every
// helm template runs) and warm (unchanged inputs: kustomize builds and helm outputs from the cache).
// Charts come from the chart cache (CHEAPK8S_CHART_CACHE or .charts/).
const render = (...extra: string[]) => [process.execPath, join(root, 'cli', 'launch.mjs'), 'render', ...extra];
measure('render every shipped cluster, cold (npm run render -- --no-cache)', 3, render('--no-cache'), root);
timeOnce(render(), root); // fill the render cache
measure('render every shipped cluster, warm (npm run render, cache reused)', 3, render(), root);
if (!quick) measure('npm run check (synth, render from cache, every judge)', 3, [process.execPath, join(root, 'cli', 'launch.mjs'), 'check'], root);
measure('type-check (tsc --noEmit)', 1, [join(root, 'node_modules', '.bin', 'tsc'), '--noEmit', '-p', '.'], root);
if (!quick && !args['skip-tests']) measure('npm test (type-check and vitest)', 3, ['npm', 'test', '--silent'], root);
rmSync(shipped, { recursive: true, force: true });

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const ratio = (() => {
  const a = results.find((r) => r.name.includes('in-process'));
  const b = results.find((r) => r.name.includes('npx cdktf synth'));
  return a && b ? Math.round((b.median / a.median) * 100) / 100 : undefined;
})();
const perCluster = (() => {
  const scale = results.filter((r) => /generated clusters/.test(r.name));
  if (scale.length < 2) return undefined;
  const first = scale[0]!;
  const last = scale[scale.length - 1]!;
  const n = (r: Result) => Number(/(\d+) generated/.exec(r.name)![1]);
  return Math.round(((last.median - first.median) / (n(last) - n(first))) * 1000) / 1000;
})();

/** The targets of issues #6 and #16 (medians on the benchmark machine), each with what was measured. */
const targets = (() => {
  const find = (pattern: RegExp) => results.find((r) => pattern.test(r.name));
  const synthShipped = find(/in-process/);
  const at200 = find(/^synth, 200 generated/);
  const tests = find(/^npm test/);
  const rows: { target: string; measured: string; met: boolean }[] = [];
  if (synthShipped) {
    rows.push({
      target: 'full synth of the shipped examples < 3 s and < 500 MB',
      measured: `${synthShipped.median.toFixed(2)} s, ${synthShipped.peakRssMb ?? '?'} MB`,
      met: synthShipped.median < 3 && (synthShipped.peakRssMb ?? 0) < 500,
    });
  }
  if (synthShipped) {
    rows.push({ target: 'synth of the shipped examples < 1.5 s median (issue #16)', measured: `${synthShipped.median.toFixed(2)} s`, met: synthShipped.median < 1.5 });
  }
  if (ratio !== undefined) rows.push({ target: 'in-process synth at least 2x faster than npx cdktf synth', measured: `${ratio}x`, met: ratio >= 2 });
  if (at200) {
    rows.push({ target: '200 clusters < 30 s and < 2 GB', measured: `${at200.median.toFixed(2)} s, ${at200.peakRssMb ?? '?'} MB`, met: at200.median < 30 && (at200.peakRssMb ?? 0) < 2048 });
  }
  if (tests) rows.push({ target: 'npm test < 90 s', measured: `${tests.median.toFixed(2)} s`, met: tests.median < 90 });
  const cold = find(/^render every shipped cluster, cold/);
  const warm = find(/^render every shipped cluster, warm/);
  if (cold) rows.push({ target: 'render every shipped cluster < 30 s (cold)', measured: `${cold.median.toFixed(2)} s`, met: cold.median < 30 });
  if (warm) rows.push({ target: 'render again with unchanged inputs < 5 s', measured: `${warm.median.toFixed(2)} s`, met: warm.median < 5 });
  return rows;
})();

writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ machine, results, cdktfOverInProcess: ratio, secondsPerCluster: perCluster, targets }, null, 2)}\n`);
const rows = results.map((r) => `| ${r.name} | ${r.runs} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} | ${r.max.toFixed(2)} | ${r.peakRssMb ?? 'n/a'} |`);
const body = [
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.platform}. Produced by \`npm run bench\`.`,
  '',
  '| what | runs | median s | min s | max s | peak RSS MB |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  ratio ? `\`npx cdktf synth\` takes ${ratio}x the in-process synth (which also writes gitops/).` : '',
  perCluster !== undefined ? `Marginal cost per generated cluster: ${perCluster} s.` : '',
  '',
  ...(failures.length ? ['Rows whose command failed (missing above):', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ...(targets.length
    ? ['| target | measured | met |', '| --- | --- | --- |', ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`)]
    : []),
].join('\n');
writeFileSync(join(root, 'bench', 'results.md'), `# Benchmark results\n\n${body}\n`);

// The README shows the same figures between its bench markers (tests/docs/readme.test.ts checks it).
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const markers = /<!-- bench:start -->\n[\s\S]*?<!-- bench:end -->/;
if (markers.test(readme)) writeFileSync(readmePath, readme.replace(markers, `<!-- bench:start -->\n${body}\n<!-- bench:end -->`));
else process.stdout.write('README.md has no <!-- bench:start --> / <!-- bench:end --> markers; its figures were not updated\n');
process.stdout.write(`wrote bench/results.json, bench/results.md and the README's figures\n`);
if (failures.length > 0) {
  process.stdout.write(`${failures.length} row(s) failed and are missing from the results:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(1);
}

