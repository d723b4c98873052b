import { chartBumps } from './chart-bumps';
import { idKey, parseFile, ROOT_SECTION, sectionOf, type KubernetesObject } from './manifests';
import { sectionOwner } from './owners';
import { KUBERNETES_IMMUTABLE_RULES, replaceReason } from './replace-rules';
import { textChanges } from './text-lines';
import type { FileDiff, GitopsSectionDiff, ObjectDiff, PlatformOutline } from './types';
import { clustersUsing, filesByCluster } from './usage';
import { canonicalJson, diffValues, isPlainObject } from './values';

/**
 * Objects of one side keyed by identity. The same identity twice in one section (a cluster's
 * patches to one HelmRelease, each in its own file) cannot be told apart by identity alone, so
 * those are keyed by file as well.
 */
function keyObjects(objects: readonly KubernetesObject[], ambiguous: ReadonlySet<string>): Map<string, KubernetesObject> {
  const keyed = new Map<string, KubernetesObject>();
  for (const object of objects) {
    const key = idKey(object.id);
    keyed.set(ambiguous.has(key) ? `${key}|${object.file}` : key, object);
  }
  return keyed;
}

function duplicates(objects: readonly KubernetesObject[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const object of objects) {
    const key = idKey(object.id);
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return twice;
}

function compareObjects(before: KubernetesObject, after: KubernetesObject): ObjectDiff | undefined {
  if (canonicalJson(before.value) === canonicalJson(after.value)) return undefined;
  const rules = KUBERNETES_IMMUTABLE_RULES[after.id.kind] ?? [];
  const changes = diffValues(before.value, after.value, { matchByName: true }).map((change) => {
    const reason = replaceReason(rules, change.path);
    return reason ? { ...change, likelyReplace: reason } : change;
  });
  // Only list entries matched by name moved: not a change.
  if (changes.length === 0) return undefined;
  const valuesOnly = isHelmRelease(after) && changes.every((c) => /^spec\.values(From)?([.[]|$)/.test(c.path));
  return { type: 'object', id: after.id, status: 'changed', file: after.file, changes, likelyReplace: changes.some((c) => c.likelyReplace), ...(valuesOnly ? { valuesOnly } : {}) };
}

function isHelmRelease(object: KubernetesObject): boolean {
  return object.id.kind === 'HelmRelease' && object.id.apiVersion.startsWith('helm.toolkit.fluxcd.io/');
}

/** A HelmRelease that holds values and nothing else of its spec: a values patch of a cluster or environment tier. */
function valuesPatch(object: KubernetesObject): { valuesOnly?: true } {
  const spec = object.value.spec;
  if (!isHelmRelease(object) || !isPlainObject(spec)) return {};
  const keys = Object.keys(spec);
  return keys.length > 0 && keys.every((k) => k === 'values' || k === 'valuesFrom') ? { valuesOnly: true } : {};
}

interface Side {
  readonly objects: KubernetesObject[];
  readonly files: Map<string, { structured: boolean; value: unknown }>;
}

function emptySide(): Side {
  return { objects: [], files: new Map() };
}

function byObject(a: ObjectDiff, b: ObjectDiff): number {
  const x = `${a.id.kind}|${a.id.namespace ?? ''}|${a.id.name}|${a.file}`;
  const y = `${b.id.kind}|${b.id.namespace ?? ''}|${b.id.name}|${b.file}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

type Usage = ReadonlyMap<string, ReadonlySet<string>>;

/** Which files each cluster applies, on both sides; worked out only when a shared tree changed. */
interface LazyUsage {
  readonly base: () => Usage;
  readonly head: () => Usage;
}

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * Which clusters a change in a shared tree reaches. Nothing for cluster folders, whose cluster is
 * known, nor for files at the top of the tree (.sops.yaml and such configure the repository).
 */
function reach(section: string, usage: LazyUsage, file: string, removed: boolean): { clusters?: string[] } {
  if (section.startsWith('clusters/') || section === ROOT_SECTION) return {};
  return { clusters: clustersUsing(removed ? usage.base() : usage.head(), file) };
}

function diffSection(
  section: string,
  base: Side,
  head: Side,
  status: GitopsSectionDiff['status'],
  outline: PlatformOutline,
  usage: LazyUsage,
  headObjects: () => readonly KubernetesObject[],
): GitopsSectionDiff | undefined {
  const ambiguous = new Set([...duplicates(base.objects), ...duplicates(head.objects)]);
  const a = keyObjects(base.objects, ambiguous);
  const b = keyObjects(head.objects, ambiguous);
  const objects: ObjectDiff[] = [];
  const pairs: [KubernetesObject, KubernetesObject][] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x) objects.push({ type: 'object', id: y!.id, status: 'added', file: y!.file, changes: [], likelyReplace: false, ...valuesPatch(y!), ...reach(section, usage, y!.file, false) });
    else if (!y) objects.push({ type: 'object', id: x.id, status: 'removed', file: x.file, changes: [], likelyReplace: false, ...valuesPatch(x), ...reach(section, usage, x.file, true) });
    else {
      pairs.push([x, y]);
      const changed = compareObjects(x, y);
      if (changed) objects.push({ ...changed, ...reach(section, usage, y.file, false) });
    }
  }
  const files: FileDiff[] = [];
  for (const file of [...new Set([...base.files.keys(), ...head.files.keys()])].sort()) {
    const x = base.files.get(file);
    const y = head.files.get(file);
    if (!x) files.push({ type: 'file', file, status: 'added', changes: [], ...reach(section, usage, file, false) });
    else if (!y) files.push({ type: 'file', file, status: 'removed', changes: [], ...reach(section, usage, file, true) });
    else if (canonicalJson(x.value) !== canonicalJson(y.value)) {
      const changes =
        x.structured && y.structured ? diffValues(x.value, y.value, { matchByIdentity: true }) : textChanges(typeof x.value === 'string' ? x.value : canonicalJson(x.value), typeof y.value === 'string' ? y.value : canonicalJson(y.value));
      // Text whose lines were only reordered: show it whole rather than report nothing.
      files.push({ type: 'file', file, status: 'changed', changes: changes.length > 0 ? changes : [{ path: '', before: x.value, after: y.value }], ...reach(section, usage, file, false) });
    }
  }
  if (objects.length === 0 && files.length === 0) return undefined;
  const bumps = chartBumps(pairs, headObjects).map(({ file, ...bump }) => ({ ...bump, ...reach(section, usage, file, false) }));
  return { section, ...sectionOwner(section, outline), status, objects: objects.sort(byObject), files, chartBumps: bumps };
}

/** The parsed `paths` of one side, by section. */
function sides(files: ReadonlyMap<string, string>, paths: Iterable<string>): Map<string, Side> {
  const bySection = new Map<string, Side>();
  for (const path of paths) {
    const content = files.get(path);
    if (content === undefined) continue;
    const section = sectionOf(path);
    let side = bySection.get(section);
    if (!side) bySection.set(section, (side = emptySide()));
    const parsed = parseFile(path, content);
    side.objects.push(...parsed.objects);
    if (parsed.rest) side.files.set(path, parsed.rest);
  }
  return bySection;
}

/** Cluster folders first (by name), then the shared trees. */
function sectionOrder(a: string, b: string): number {
  const ca = a.startsWith('clusters/') ? 0 : 1;
  const cb = b.startsWith('clusters/') ? 0 : 1;
  return ca - cb || (a < b ? -1 : a > b ? 1 : 0);
}

/** Per section of the gitops tree: Kubernetes objects and other files added, removed and changed. */
export function diffGitops(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
  outlines: { base: PlatformOutline; head: PlatformOutline },
): GitopsSectionDiff[] {
  // Files with the same text on both sides hold the same objects: only the others are parsed.
  // (An object moved out of an unchanged file is still found: both files it touches changed.)
  const changed = [...new Set([...base.keys(), ...head.keys()])].filter((path) => base.get(path) !== head.get(path));
  const a = sides(base, changed);
  const b = sides(head, changed);
  const present = { base: new Set([...base.keys()].map(sectionOf)), head: new Set([...head.keys()].map(sectionOf)) };
  const usage: LazyUsage = { base: memo(() => filesByCluster(base)), head: memo(() => filesByCluster(head)) };
  // Only for naming OCI chart bumps after the HelmReleases whose chartRef points at the source.
  const headObjects = memo(() => [...sides(head, [...head.keys()].filter((p) => head.get(p)!.includes('chartRef'))).values()].flatMap((side) => side.objects));
  const result: GitopsSectionDiff[] = [];
  for (const section of [...new Set([...a.keys(), ...b.keys()])].sort(sectionOrder)) {
    const status = !present.base.has(section) ? 'added' : !present.head.has(section) ? 'removed' : 'changed';
    const outline = present.head.has(section) ? outlines.head : outlines.base;
    const diff = diffSection(section, a.get(section) ?? emptySide(), b.get(section) ?? emptySide(), status, outline, usage, headObjects);
    if (diff) result.push(diff);
  }
  return result;
}
