import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlatform, type Environment } from '../../config/load';
import { clusterPins } from '../../config/promotion';
import { formatPromotion, planPromotion, PromoteRefused } from '../../cli/promote/plan';
import { edit, ENVIRONMENTS } from '../support/environments';
import { runScript } from '../support/run';

/** The version with its last number one higher (1.2.3 -> 1.2.4, v1.9.0 -> v1.9.1). */
const bump = (version: string) => version.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1));

/** Lines of `a` missing from `b`, in order (a multiset difference: every line counts once). */
function missing(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const line of b.split('\n')) left.set(line, (left.get(line) ?? 0) + 1);
  return a.split('\n').filter((line) => {
    const n = left.get(line) ?? 0;
    if (n === 0) return true;
    left.set(line, n - 1);
    return false;
  });
}

describe('npm run promote -- <from> <to>', () => {
  let project: string;
  let source: Environment;
  let target: Environment;
  /** Component -> the version the source now runs. */
  const bumped = new Map<string, string>();

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'promote-'));
    cpSync(ENVIRONMENTS, join(project, 'environments'), { recursive: true });
    const platform = loadPlatform(join(project, 'environments'));
    target = platform.environments.find((e) => e.promotesFrom !== undefined && e.clusters.length > 0)!;
    source = platform.environments.find((e) => e.name === target.promotesFrom)!;
    // The source moves on: one component its clusters run and one they do not get a newer chart.
    const components = Object.entries(source.clusters[0]!.components);
    const on = components.find(([, c]) => c?.enabled)!;
    const off = components.find(([, c]) => !c?.enabled)!;
    for (const [name, component] of [on, off]) bumped.set(name, bump(component!.version));
    edit(
      join(project, 'environments'),
      `${source.name}.yaml`,
      [...bumped].map(([name, version]) => [['clusterDefaults', 'components', name, 'version'], version]),
    );
  });

  it("changes the target's pins to what the source runs and nothing else in its file", () => {
    const file = join(project, 'environments', `${target.name}.yaml`);
    const before = readFileSync(file, 'utf8');
    const result = runScript('cli/promote.ts', [source.name, target.name], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const [name, version] of bumped) expect(result.stdout).toMatch(new RegExp(`components\\.${name}\\.version: \\S+ -> ${version.replace(/[.+]/g, '\\$&')}\\n`));
    const after = readFileSync(file, 'utf8');
    // The data: the old file with exactly the promoted values set.
    const expected = parseDocument(before);
    for (const [name, version] of bumped) {
      expected.setIn(['clusterDefaults', 'components', name, 'version'], version);
      for (const cluster of target.clusters) if (expected.hasIn(['clusters', cluster.name, 'components', name, 'version'])) expected.setIn(['clusters', cluster.name, 'components', name, 'version'], version);
    }
    expect(parseDocument(after).toJS()).toEqual(expected.toJS());
    // The text: every other line (comments included) kept; the lines that differ carry the versions.
    const removed = missing(before, after);
    const added = missing(after, before);
    expect(removed.length).toBeLessThanOrEqual(bumped.size);
    expect(added.length).toBe(bumped.size);
    for (const line of added) expect([...bumped].some(([name, version]) => line.includes(version) && (line.includes(`${name}:`) || line.trim().startsWith('version:')))).toBe(true);
    // And the clusters now run them.
    const promoted = loadPlatform(join(project, 'environments'), { promotionCheck: false }).environments.find((e) => e.name === target.name)!;
    for (const cluster of promoted.clusters) for (const [name, version] of bumped) expect(clusterPins(cluster).get(`components.${name}.version`)!.value).toBe(version);
  });

  it('has nothing left to do the second time, and writes nothing with --dry-run', () => {
    const file = join(project, 'environments', `${target.name}.yaml`);
    const before = readFileSync(file, 'utf8');
    const again = planPromotion(project, source.name, target.name);
    expect(again.changes).toEqual([]);
    expect(formatPromotion(again)).toContain(`${target.name} already pins what ${source.name} runs`);
    edit(join(project, 'environments'), `${source.name}.yaml`, [[['clusterDefaults', 'components', [...bumped.keys()][0]!, 'version'], bump(bump([...bumped.values()][0]!))]]);
    const dry = runScript('cli/promote.ts', [source.name, target.name, '--dry-run'], project);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`: 1 pin in environments/${target.name}.yaml`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses an unknown environment or one the target does not promote from', () => {
    expect(() => planPromotion(project, 'nowhere', target.name)).toThrow(new PromoteRefused(`no environment named "nowhere" (from); known: ${loadPlatform(join(project, 'environments'), { promotionCheck: false }).environments.map((e) => e.name).join(', ')}`));
    const other = loadPlatform(join(project, 'environments'), { promotionCheck: false }).environments.find((e) => e.name !== source.name && e.name !== target.name);
    if (other) expect(() => planPromotion(project, other.name, target.name)).toThrow(`promotes from ${source.name} (promotesFrom), not from ${other.name}`);
    expect(() => planPromotion(project, target.name, target.name)).toThrow(PromoteRefused);
  });
});
