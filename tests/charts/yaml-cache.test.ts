import { Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { buildGitops } from '../../charts/index';
import { YamlCache } from '../../charts/yaml-cache';
import { loadPlatform } from '../../config/load';
import { ENVIRONMENTS } from '../support/environments';

const render = (document: unknown) => Yaml.stringify(document);

describe('YamlCache', () => {
  it('returns the stored text for an equal document and renders a different one', () => {
    const cache = new YamlCache();
    let rendered = 0;
    const counting = (d: unknown) => (rendered++, render(d));
    expect(cache.stringify('k', { a: 1, b: ['x'] }, counting)).toBe(render({ a: 1, b: ['x'] }));
    cache.stringify('k', { a: 1, b: ['x'] }, counting);
    expect(rendered).toBe(1);
    cache.stringify('k', { a: 1, b: ['y'] }, counting);
    cache.stringify('other kind', { a: 1, b: ['x'] }, counting);
    expect(rendered).toBe(3);
    expect(cache.misses).toBe(3);
  });

  it('tells apart documents whose JSON is the same but whose YAML is not', () => {
    const pairs: [unknown, unknown][] = [
      [{ a: undefined }, {}],
      [{ a: undefined }, { a: null }],
      [[undefined], [null]],
      [{ a: Number.NaN }, { a: null }],
      [{ a: Number.POSITIVE_INFINITY }, { a: null }],
      [{ a: -0 }, { a: 0 }],
      [{ a: '1' }, { a: 1 }],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: '\u0000undefined' }, { a: undefined }],
    ];
    for (const [left, right] of pairs) {
      const cache = new YamlCache();
      expect(cache.stringify('k', left, render)).toBe(render(left));
      expect(cache.stringify('k', right, render), `${String(render(left))} vs ${String(render(right))}`).toBe(render(right));
      expect(cache.misses).toBe(2);
    }
  });

  it('renders every time a document holding other than plain data', () => {
    const cache = new YamlCache();
    for (const document of [{ when: new Date(0) }, { map: new Map([['a', 1]]) }, { big: 1n }]) {
      cache.stringify('k', document, render);
      cache.stringify('k', document, render);
    }
    expect(cache.misses).toBe(0);
    expect(cache.entries()).toEqual([]);
  });

  it('keeps what a run used, so a cache made from it renders nothing', () => {
    const first = new YamlCache();
    first.stringify('k', { a: 1 }, render);
    const second = new YamlCache(first.entries());
    expect(second.stringify('k', { a: 1 }, () => 'never')).toBe(render({ a: 1 }));
    expect(second.misses).toBe(0);
  });
});

describe('buildGitops with a YAML cache', () => {
  it('writes the same bytes from a cold cache, a warm one and none', async () => {
    const platform = loadPlatform(ENVIRONMENTS);
    const cold = new YamlCache();
    const first = await buildGitops(platform, { yamlCache: cold });
    expect(cold.misses).toBeGreaterThan(0);
    const warm = new YamlCache(cold.entries());
    const second = await buildGitops(platform, { yamlCache: warm });
    expect(warm.misses).toBe(0);
    expect(second).toEqual(first);
    expect(await buildGitops(platform)).toEqual(first);
  });
});

describe('YamlCache.entries', () => {
  it('puts this run\'s entries first, keeps older ones after them, and stops at the size limit', () => {
    const older = new YamlCache();
    older.stringify('k', { project: 'a' }, render);
    const cache = new YamlCache(older.entries());
    cache.stringify('k', { project: 'b' }, render);
    const [fresh, kept] = cache.entries();
    expect(fresh![1]).toBe(render({ project: 'b' }));
    expect(kept![1]).toBe(render({ project: 'a' }));
    expect(cache.entries(fresh![0].length + fresh![1].length)).toEqual([fresh]);
  });
});
