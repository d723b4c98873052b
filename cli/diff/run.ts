import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeBundles } from '../launch/bundle.mjs';
import { compareTrees } from './compare';
import { addWorktree, headCommit, pruneWorktrees, removeWorktree, resolveBase } from './git';
import { diffRendered, renderSide } from './rendered';
import { synthesizeSide } from './synth-side';
import type { DiffReport } from './types';

export interface RunDiffOptions {
  /** The project (working tree) to compare; must be inside a git repository. */
  readonly root: string;
  /** Git ref of the base; default: see resolveBase. */
  readonly base?: string;
  /** Also render both trees and compare the chart output. @default true */
  readonly render?: boolean;
}

/** Temporary folders to remove however the run ends, also on Ctrl-C. */
const cleanups = new Set<() => void>();
function cleanUpAndExit(signal: NodeJS.Signals): void {
  for (const cleanup of cleanups) cleanup();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/**
 * Synthesizes the working tree and the base ref into temporary folders and compares them. The base
 * is checked out as a detached `git worktree` that shares the working tree's node_modules (a
 * symlink), and is removed afterwards whatever happens. Throws DiffFailure.
 */
export async function runDiff(options: RunDiffOptions): Promise<DiffReport> {
  const base = resolveBase(options.root, options.base);
  const work = mkdtempSync(join(tmpdir(), 'cheapk8s-diff-'));
  const baseRoot = join(work, 'base-src');
  let worktreeAdded = false;
  const cleanup = () => {
    // Before the worktree goes: its node_modules link leads to the cache the bundles sit in.
    if (existsSync(join(baseRoot, 'node_modules'))) removeBundles(baseRoot);
    if (worktreeAdded) removeWorktree(options.root, baseRoot);
    rmSync(work, { recursive: true, force: true });
    pruneWorktrees(options.root);
  };
  cleanups.add(cleanup);
  if (cleanups.size === 1) {
    process.once('SIGINT', cleanUpAndExit);
    process.once('SIGTERM', cleanUpAndExit);
  }
  try {
    const checkout = addWorktree(options.root, base.commit, baseRoot).then(() => {
      worktreeAdded = true;
    });
    // Consumed below; this only keeps an early failure of the head's synth from leaving it unhandled.
    checkout.catch(() => undefined);
    const baseLabel = `base ${base.ref} (${base.commit.slice(0, 12)})`;
    let head;
    try {
      head = await synthesizeSide(options.root, join(work, 'head'), 'working tree');
    } finally {
      // The worktree must be registered before cleanup runs, or its record would outlive the run.
      await checkout.catch(() => undefined);
    }
    await checkout;
    const modules = join(options.root, 'node_modules');
    if (existsSync(modules) && !existsSync(join(baseRoot, 'node_modules'))) symlinkSync(modules, join(baseRoot, 'node_modules'), 'dir');
    const baseTrees = await synthesizeSide(baseRoot, join(work, 'base'), baseLabel);
    const report = compareTrees(
      { side: { ref: base.ref, commit: base.commit }, ...baseTrees, root: baseRoot },
      { side: { ref: 'working tree', commit: headCommit(options.root) }, ...head, root: options.root },
    );
    if (options.render === false) return { ...report, renderNote: 'render skipped (--no-render)' };
    // Both trees are rendered with this checkout's render code: the trees are data.
    const headRender = await renderSide(options.root, head.gitops, head.platform);
    if ('skipped' in headRender) return { ...report, renderNote: headRender.skipped };
    const baseRender = await renderSide(options.root, baseTrees.gitops, baseTrees.platform);
    const rendered = diffRendered('result' in baseRender ? baseRender.result : undefined, headRender.result, { base: baseTrees.outline, head: head.outline });
    return {
      ...report,
      changed: report.changed || rendered.length > 0,
      rendered,
      ...('skipped' in baseRender ? { renderNote: `base not rendered: ${baseRender.skipped}` } : {}),
    };
  } finally {
    cleanup();
    cleanups.delete(cleanup);
    if (cleanups.size === 0) {
      process.off('SIGINT', cleanUpAndExit);
      process.off('SIGTERM', cleanUpAndExit);
    }
  }
}
