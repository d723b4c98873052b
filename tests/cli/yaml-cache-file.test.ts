import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { loadYamlCache, saveYamlCache, yamlCachePath } from '../../cli/yaml-cache-file';

const render = (document: unknown) => Yaml.stringify(document);

describe('the YAML cache file', () => {
  it('is named after the library versions, below node_modules/.cache', () => {
    expect(yamlCachePath()).toMatch(/node_modules\/\.cache\/synth\/yaml-[0-9a-f]{12}\.json$/);
  });

  it('round-trips, and is not written by a run that rendered nothing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yaml-cache-')), 'cache.json');
    const first = loadYamlCache(path);
    first.stringify('k', { a: 1 }, render);
    saveYamlCache(first, path);
    const second = loadYamlCache(path);
    expect(second.stringify('k', { a: 1 }, () => 'never')).toBe(render({ a: 1 }));
    writeFileSync(path, 'sentinel');
    saveYamlCache(second, path);
    expect(readFileSync(path, 'utf8')).toBe('sentinel');
  });

  it('starts cold from a missing or unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-cache-'));
    expect(loadYamlCache(join(dir, 'missing.json')).entries()).toEqual([]);
    writeFileSync(join(dir, 'broken.json'), '{"not": "entries"}');
    expect(loadYamlCache(join(dir, 'broken.json')).entries()).toEqual([]);
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });
});
