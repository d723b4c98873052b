import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareTree, readTree, removeAbandonedScratch, scratchDir } from '../../cli/output-tree';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'output-tree-'));
}

const text = (tree: Map<string, Buffer>) => new Map([...tree].map(([path, content]) => [path, content.toString('utf8')]));

describe('prepareTree', () => {
  it('writes a new tree at a missing target on commit, and nothing before', () => {
    const target = join(folder(), 'out');
    const prepared = prepareTree(new Map<string, string | Buffer>([['a/b.yaml', 'b\n'], ['c.json', Buffer.from('{}')]]), target);
    expect(prepared.changed).toBe(true);
    expect(() => statSync(target)).toThrow();
    prepared.commit();
    expect(text(readTree(target))).toEqual(new Map([['a/b.yaml', 'b\n'], ['c.json', '{}']]));
  });

  it('leaves a tree that already holds exactly the files untouched: same inodes, no work folder', () => {
    const parent = folder();
    const target = join(parent, 'out');
    const files = new Map([['a/b.yaml', 'b\n'], ['c.yaml', 'c\n']]);
    prepareTree(files, target).commit();
    const inode = statSync(join(target, 'a', 'b.yaml')).ino;
    const prepared = prepareTree(files, target);
    expect(prepared.changed).toBe(false);
    prepared.commit();
    expect(statSync(join(target, 'a', 'b.yaml')).ino).toBe(inode);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('replaces a tree that differs in one file, an extra file or an extra folder, linking the unchanged files', () => {
    const parent = folder();
    const target = join(parent, 'out');
    const files = new Map([['a/b.yaml', 'b\n'], ['c.yaml', 'c\n']]);
    for (const spoil of [
      () => writeFileSync(join(target, 'c.yaml'), 'edited\n'),
      () => writeFileSync(join(target, 'a', 'stale.yaml'), 'stale\n'),
      () => mkdirSync(join(target, 'empty')),
    ]) {
      prepareTree(files, target).commit();
      const unchanged = statSync(join(target, 'a', 'b.yaml')).ino;
      spoil();
      const prepared = prepareTree(files, target);
      expect(prepared.changed).toBe(true);
      // Nothing at the target moves before commit.
      expect(readdirSync(parent).filter((f) => f.startsWith('.synth-'))).toHaveLength(1);
      prepared.commit();
      expect(text(readTree(target))).toEqual(files);
      expect(readdirSync(target).sort()).toEqual(['a', 'c.yaml']);
      expect(statSync(join(target, 'a', 'b.yaml')).ino).toBe(unchanged);
      expect(readdirSync(parent)).toEqual(['out']);
    }
  });

  it('discard leaves the old tree and removes the prepared one', () => {
    const parent = folder();
    const target = join(parent, 'out');
    prepareTree(new Map([['a.yaml', 'old\n']]), target).commit();
    const prepared = prepareTree(new Map([['a.yaml', 'new\n']]), target);
    prepared.discard();
    expect(readFileSync(join(target, 'a.yaml'), 'utf8')).toBe('old\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('compares bytes, not text: a Buffer equal to the file is unchanged', () => {
    const target = join(folder(), 'out');
    prepareTree(new Map([['x.bin', Buffer.from([0, 255, 1])]]), target).commit();
    expect(prepareTree(new Map([['x.bin', Buffer.from([0, 255, 1])]]), target).changed).toBe(false);
    expect(prepareTree(new Map([['x.bin', Buffer.from([0, 255, 2])]]), target).changed).toBe(true);
  });
});

describe('scratchDir', () => {
  it('makes a new empty folder each call', () => {
    const a = scratchDir('output-tree-test-');
    const b = scratchDir('output-tree-test-');
    expect(a).not.toBe(b);
    expect(readdirSync(a)).toEqual([]);
  });
});

describe('foreign entries', () => {
  it('replaces a tree holding a symbolic link where synth writes a file, even with the same content', () => {
    const parent = folder();
    const target = join(parent, 'out');
    prepareTree(new Map([['a.yaml', 'a\n']]), target).commit();
    writeFileSync(join(parent, 'elsewhere.yaml'), 'a\n');
    rmSync(join(target, 'a.yaml'));
    symlinkSync(join(parent, 'elsewhere.yaml'), join(target, 'a.yaml'));
    const prepared = prepareTree(new Map([['a.yaml', 'a\n']]), target);
    expect(prepared.changed).toBe(true);
    prepared.commit();
    expect(lstatSync(join(target, 'a.yaml')).isFile()).toBe(true);
  });
});

describe('removeAbandonedScratch', () => {
  it('removes the scratch folders of processes that are gone and keeps live ones', () => {
    const prefix = `output-tree-abandoned-${process.pid}-`;
    const mine = scratchDir(prefix);
    // A process id that is not running: far above any pid_max.
    const gone = join(dirname(mine), `${prefix}999999999-abcdef`);
    mkdirSync(gone);
    removeAbandonedScratch(prefix);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    rmSync(mine, { recursive: true });
  });
});
