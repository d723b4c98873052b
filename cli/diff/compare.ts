import { clusterContents } from './effective';
import { diffGitops } from './gitops';
import { readGitops } from './manifests';
import { diffReleases } from './releases';
import { SetAttributes } from './set-attributes';
import { summarize } from './summary';
import { diffStacks, readStacks } from './terraform';
import { dnsWarnings, removalWarnings } from './warnings';
import { DIFF_SCHEMA_VERSION, type DiffReport, type DiffSide, type PlatformOutline } from './types';

/** One side's synthesized trees. */
export interface SynthesizedSide {
  readonly side: DiffSide;
  /** The cdktf.out folder. */
  readonly cdktfOut: string;
  /** The gitops folder. */
  readonly gitops: string;
  readonly outline: PlatformOutline;
  /** Project folder whose .gen/ and node_modules/ hold the CDKTF bindings (for set-valued attributes). */
  readonly root?: string;
}

/** Compares two synthesized sides: the whole report, from files only (no git, no synth). */
export function compareTrees(base: SynthesizedSide, head: SynthesizedSide): DiffReport {
  const outlines = { base: base.outline, head: head.outline };
  const sets = new SetAttributes([head.root, base.root].filter((r): r is string => r !== undefined));
  const stacks = { base: readStacks(base.cdktfOut), head: readStacks(head.cdktfOut) };
  const terraform = diffStacks(stacks.base, stacks.head, outlines, sets);
  const trees = { base: readGitops(base.gitops), head: readGitops(head.gitops) };
  const gitops = diffGitops(trees.base, trees.head, outlines);
  // Only a changed tree can change what a cluster runs.
  const releases = gitops.length > 0 ? diffReleases(clusterContents(trees.base), clusterContents(trees.head), outlines) : { components: [], values: [] };
  const warnings = [...removalWarnings(terraform, stacks.base, outlines, base.side), ...dnsWarnings(stacks.base, stacks.head, outlines)];
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: base.side,
    head: head.side,
    changed: terraform.length > 0 || gitops.length > 0,
    environments: summarize(terraform, gitops, outlines),
    terraform,
    gitops,
    components: releases.components,
    values: releases.values,
    warnings,
  };
}
