import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { YamlCache } from '../charts/yaml-cache';

/** Bump when what a key or an entry means changes (charts/yaml-cache.ts). */
const FORMAT = 1;

/** This installation's root: the cache lives with its packages, whichever project folder synth writes. */
const INSTALLATION = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(INSTALLATION, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * node_modules/.cache/synth/yaml-<key>.json, the key naming the libraries that wrote the entries
 * (cdk8s brings its own yaml), so an upgrade starts from an empty cache.
 */
export function yamlCachePath(): string {
  const key = createHash('sha256').update(`${FORMAT} cdk8s@${versionOf('cdk8s')} yaml@${versionOf('yaml')}`).digest('hex').slice(0, 12);
  return join(INSTALLATION, 'node_modules', '.cache', 'synth', `yaml-${key}.json`);
}

/** The cache an earlier run left, or an empty one (a missing or unreadable file is a cold start). */
export function loadYamlCache(path: string = yamlCachePath()): YamlCache {
  try {
    const entries = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) {
      return new YamlCache(entries as [string, string][]);
    }
  } catch {
    // Cold start.
  }
  return new YamlCache();
}

/**
 * The most text the file keeps: the shipped examples use about 0.45 MB, so this holds a dozen
 * project folders of that size before the least recently used entries go.
 */
export const YAML_CACHE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Keeps the entries this run used, then older ones up to YAML_CACHE_MAX_BYTES, when the run had to
 * render any (a run that found everything writes nothing). Written aside and renamed: runs of other
 * project folders share the file. A cache that cannot be written costs time, not correctness.
 */
export function saveYamlCache(cache: YamlCache, path: string = yamlCachePath(), maxBytes = YAML_CACHE_MAX_BYTES): void {
  if (cache.misses === 0) return;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cache.entries(maxBytes)));
    renameSync(temporary, path);
  } catch {
    // A read-only installation: the next run renders again.
  }
}
