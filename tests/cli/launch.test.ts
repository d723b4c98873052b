import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, launch } from '../../cli/launch.mjs';
import { bundleFor, INLINED_PACKAGES, isFresh, loadBundled } from '../../cli/launch/bundle.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

/** A throwaway project with two TypeScript modules, sharing this repository's node_modules. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'launch-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  mkdirSync(join(dir, 'cli'));
  writeFileSync(join(dir, 'cli', 'greeting.ts'), "export const greeting: string = 'hello';\n");
  writeFileSync(
    join(dir, 'cli', 'entry.ts'),
    "import { stringify } from 'yaml';\nimport { greeting } from './greeting';\nexport async function run(argv: string[]): Promise<number> { return stringify({ greeting, argv }).length; }\n",
  );
  return dir;
}

describe('cli/launch.mjs', () => {
  it('bundles an entry once, reuses it while its inputs are unchanged, and rebuilds when one changes', async () => {
    const dir = project();
    const bundle = await bundleFor(dir, 'cli/entry.ts');
    const record = bundle.replace(/\.cjs$/, '.json');
    const own = Object.keys(JSON.parse(readFileSync(record, 'utf8')).inputs).filter((f) => !f.includes('node_modules/'));
    expect(own).toEqual(['cli/entry.ts', 'cli/greeting.ts', 'package.json', 'tsconfig.json']);
    expect(isFresh(dir, record)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toContain('"hello"');
    // yaml is one of the inlined packages: compiled in, not required from node_modules at run time.
    expect(readFileSync(bundle, 'utf8')).not.toContain('require("yaml")');
    expect(Object.keys(JSON.parse(readFileSync(record, 'utf8')).inputs).some((f) => f.includes('node_modules/yaml/'))).toBe(true);

    writeFileSync(join(dir, 'cli', 'greeting.ts'), "export const greeting: string = 'good morning';\n");
    utimesSync(join(dir, 'cli', 'greeting.ts'), new Date(), new Date(Date.now() + 5000));
    expect(isFresh(dir, record)).toBe(false);
    await bundleFor(dir, 'cli/entry.ts');
    expect(isFresh(dir, record)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toContain('"good morning"');
  });

  it('every command names an entry that exports its function', async () => {
    for (const entry of Object.values(COMMANDS)) {
      const module = (await import(join(ROOT, entry))) as Record<string, unknown>;
      expect(typeof module.main, entry).toBe('function');
    }
  });

  it('gives each module the file URL it has unbundled (import.meta.url)', async () => {
    const dir = project();
    writeFileSync(join(dir, 'cli', 'where.ts'), 'export const where = import.meta.url;\n');
    const { where } = await loadBundled(dir, 'cli/where.ts');
    expect(where).toBe(pathToFileURL(join(dir, 'cli', 'where.ts')).href);
  });

  it('inlines the listed packages with their dependencies and leaves every other package external', async () => {
    const dir = project();
    writeFileSync(join(dir, 'cli', 'mixed.ts'), "import { dump } from 'js-yaml';\nimport { App } from 'cdktf';\nexport const both = [typeof dump, typeof App];\n");
    const bundle = readFileSync(await bundleFor(dir, 'cli/mixed.ts'), 'utf8');
    expect(INLINED_PACKAGES).toContain('cdktf');
    expect(bundle).toContain('require("js-yaml")');
    expect(bundle).not.toContain('require("cdktf")');
    // cdktf's own dependencies come along (archiver, for its assets).
    expect(bundle).toContain('node_modules/archiver/');
    expect((await loadBundled(dir, 'cli/mixed.ts')).both).toEqual(['function', 'function']);
  });

  it('keeps bundles of two checkouts that share node_modules apart', async () => {
    const a = project();
    const b = project();
    expect(await bundleFor(a, 'cli/entry.ts')).not.toBe(await bundleFor(b, 'cli/entry.ts'));
  });

  it('is what the npm scripts, cdktf.json and cdk8s.yaml run for every command', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const launched = Object.values(scripts)
      .map((script) => /^node cli\/launch\.mjs (\S+)$/.exec(script)?.[1])
      .filter((command): command is string => command !== undefined);
    expect(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).toContain('"app": "node cli/launch.mjs cdktf-app"');
    expect(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8')).toContain('\napp: node cli/launch.mjs cdk8s-app\n');
    expect([...launched, 'cdktf-app', 'cdk8s-app'].sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(scripts.synth).toBe('node cli/launch.mjs synth');
  });

  it('refuses an unknown command with exit code 2', async () => {
    expect(await launch('synthesise', [], ROOT)).toBe(2);
  });
});
