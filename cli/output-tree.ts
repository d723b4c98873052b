import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { swapInto } from './atomic';
import { alive } from './lock';

/** A tree as synth produces it: `/`-separated relative path -> content. */
export type FileTree = ReadonlyMap<string, string | Buffer>;

interface Scanned {
  /** Regular files: relative path -> full path. */
  readonly files: Map<string, string>;
  readonly folders: Set<string>;
  /** Symbolic links, sockets and the like, which synth never writes: a tree holding one is replaced. */
  readonly others: number;
}

/** The files and folders below `dir`, or undefined when `dir` is not a folder. */
function scan(dir: string): Scanned | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const files = new Map<string, string>();
  const folders = new Set<string>();
  let others = 0;
  const walk = (current: string, prefix: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        folders.add(path);
        walk(join(current, entry.name), path);
      } else if (entry.isFile()) {
        files.set(path, join(current, entry.name));
      } else {
        others += 1;
      }
    }
  };
  walk(dir, '');
  return { files, folders, others };
}

/** Every folder that holds one of `paths`, as relative paths. */
function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
      const folder = path.slice(0, end);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return folders;
}

function sameContent(path: string, content: string | Buffer): boolean {
  const current = readFileSync(path);
  return typeof content === 'string' ? current.length === Buffer.byteLength(content) && current.toString('utf8') === content : current.equals(content);
}

/** A tree ready to take its target's place; nothing at the target has changed yet. */
export interface PreparedTree {
  /** False when the target already holds exactly these files: commit then does nothing. */
  readonly changed: boolean;
  /** Puts the new tree in place of the target in one step. */
  commit(): void;
  /** Removes the prepared tree; safe after commit. */
  discard(): void;
}

/**
 * Prepares `target` to hold exactly `files`: the new tree is built beside the target and, on
 * commit, exchanged with it (cli/atomic.ts), so a failing or killed run leaves the old tree.
 *
 * Why not always rewrite: creating a file or folder costs about a millisecond on a journalled disk
 * while reading one costs a few microseconds, and most runs change few files or none. So a tree
 * equal to `files` is left untouched, and in a rebuilt tree every unchanged file is a hard link to
 * the old one instead of a new write.
 */
export function prepareTree(files: FileTree, target: string): PreparedTree {
  const current = scan(target);
  const unchanged = new Set<string>();
  if (current) {
    for (const [path, content] of files) {
      const existing = current.files.get(path);
      if (existing !== undefined && sameContent(existing, content)) unchanged.add(path);
    }
    const folders = foldersOf(files.keys());
    const sameFolders = folders.size === current.folders.size && [...folders].every((f) => current.folders.has(f));
    if (unchanged.size === files.size && current.files.size === files.size && sameFolders && current.others === 0) {
      return { changed: false, commit: () => {}, discard: () => {} };
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(dirname(target), '.synth-'));
  const discard = () => rmSync(work, { recursive: true, force: true });
  try {
    const next = join(work, 'out');
    mkdirSync(next);
    const made = new Set<string>();
    for (const path of [...files.keys()].sort()) {
      const folder = dirname(path);
      if (folder !== '.' && !made.has(folder)) {
        mkdirSync(join(next, folder), { recursive: true });
        for (const f of foldersOf([path])) made.add(f);
      }
      if (unchanged.has(path) && tryLink(current!.files.get(path)!, join(next, path))) continue;
      writeFileSync(join(next, path), files.get(path)!);
    }
    return {
      changed: true,
      commit: () => {
        swapInto(next, target);
        discard();
      },
      discard,
    };
  } catch (error) {
    discard();
    throw error;
  }
}

/** A hard link where the file system allows one (some do not, e.g. across mounts). */
function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Every file below `dir` with its bytes (the reverse of prepareTree). */
export function readTree(dir: string): Map<string, Buffer> {
  const found = scan(dir);
  return new Map([...(found?.files ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, full]) => [path, readFileSync(full)]));
}

const SHM = '/dev/shm';

/**
 * A scratch folder on a memory-backed file system where there is one (/dev/shm on Linux), for
 * output that is built by a library writing files (cdktf's App) and then prepared with prepareTree.
 * Its name carries this process's id, so removeAbandonedScratch can tell a killed run's folder.
 */
export function scratchDir(prefix: string): string {
  try {
    if (statSync(SHM).isDirectory()) return mkdtempSync(join(SHM, `${prefix}${process.pid}-`));
  } catch {
    // No /dev/shm, or not writable: the system's temporary folder serves.
  }
  return mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
}

/** Removes scratch folders (scratchDir) of processes that no longer run: a killed run has no finally. */
export function removeAbandonedScratch(prefix: string): void {
  for (const dir of [SHM, tmpdir()]) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.startsWith(prefix)) continue;
      const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
}
