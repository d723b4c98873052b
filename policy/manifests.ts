/**
 * The gitops tree checks (policy/gitops-tree.ts) as policy findings: `npm run check:manifests`
 * judges the committed tree with them alone, `npm run check` adds them to the rest of the pack.
 *
 * Schemas are policy/object-schemas.ts, the validator the render's `render-schema` rule uses:
 * Kubernetes 1.34 built-ins, and for custom kinds the CustomResourceDefinitions the tree itself ships,
 * those of every chart version it pins (read from the chart cache, policy/chart-crds.ts) and Flux's.
 * When two pinned versions of a chart define the same kind, the newest version's CRD is used.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { checkGitopsTree, type Problem, type TreeCheckOptions, type TreeReport } from './gitops-tree';
import { archiveName } from '../render/chart-cache';
import { chartCrds } from './chart-crds';
import { fluxCrds } from './flux-crds';
import { createObjectSchemaValidator, isCrd, type ObjectSchemaValidator } from './object-schemas';
import { RULES, type RuleId } from './rules';
import { isObject, str, type Finding, type JsonObject, type RawFinding, type Waiver } from './types';
import { applyWaivers } from './waivers';

/** A chart version the tree pins. */
export interface PinnedChart {
  readonly name: string;
  readonly version: string;
}

/**
 * Every chart version the objects pin: HelmRelease `spec.chart.spec` (chart, version), OCIRepository
 * (last segment of the URL, `spec.ref.tag`) and HelmChart (`spec.chart`, `spec.version`). Sorted by
 * name, newest version first; ranges and digests are left out (tree-unpinned-chart reports them).
 */
export function pinnedCharts(objects: readonly JsonObject[]): PinnedChart[] {
  const found = new Map<string, PinnedChart>();
  const add = (name: unknown, version: unknown) => {
    if (typeof name === 'string' && name !== '' && typeof version === 'string' && /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(version)) found.set(`${name}\0${version}`, { name, version });
  };
  for (const o of objects) {
    const spec = isObject(o.spec) ? o.spec : {};
    const group = str(o.apiVersion)?.split('/')[0];
    if (group === 'helm.toolkit.fluxcd.io' && o.kind === 'HelmRelease' && isObject(spec.chart) && isObject(spec.chart.spec)) add(spec.chart.spec.chart, spec.chart.spec.version);
    if (group === 'source.toolkit.fluxcd.io' && o.kind === 'OCIRepository' && isObject(spec.ref)) add(str(spec.url)?.split('/').pop(), spec.ref.tag);
    if (group === 'source.toolkit.fluxcd.io' && o.kind === 'HelmChart') add(spec.chart, spec.version);
  }
  const semver = (v: string) => v.replace(/^v/, '').split(/[-+]/)[0]!.split('.').map(Number);
  return [...found.values()].sort((a, b) => {
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    const [x, y] = [semver(a.version), semver(b.version)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i]! - x[i]!;
    return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
  });
}

/**
 * A schema validator for a tree's objects: Kubernetes 1.34, the CRDs among the objects, those of every
 * chart version they pin that `chartCache` holds, and Flux's. `missing` lists the pinned charts the cache lacks.
 */
export function treeSchemaValidator(objects: readonly JsonObject[], chartCache: string): { validator: ObjectSchemaValidator; missing: PinnedChart[] } {
  const missing: PinnedChart[] = [];
  const crds: JsonObject[] = objects.filter(isCrd);
  for (const chart of pinnedCharts(objects)) {
    const archive = join(chartCache, archiveName(chart));
    if (existsSync(archive)) crds.push(...chartCrds(archive));
    else missing.push(chart);
  }
  return { validator: createObjectSchemaValidator({ crds: [...crds, ...fluxCrds()] }), missing };
}

/** `apiVersion Kind ns/name` (policy/gitops-tree.ts objectId) -> `Kind/ns/name`; anything else as it is. */
function resourceName(object: string): string {
  const m = /^\S+ (\S+) (.+)$/.exec(object);
  return m ? `${m[1]}/${m[2]}` : object;
}

/**
 * One tree problem as a policy finding (rule `tree-<rule>`): file and resource
 * (`gitops/<file>:<Kind>/<namespace>/<name>`) relative to the repository root, as waivers name them;
 * the message starts with the place as `displayDir` shows the tree (`gitops/apps/web.yaml:9`).
 */
export function treeFinding(problem: Problem, displayDir = 'gitops'): RawFinding {
  const built = problem.file.endsWith(' (kustomize build)');
  const file = posix.join('gitops', problem.file);
  const where = `${posix.join(displayDir, problem.file)}${problem.line !== undefined ? `:${problem.line}` : ''}`;
  return {
    rule: `tree-${problem.rule}`,
    resource: `${file}:${resourceName(problem.object)}`,
    ...(built ? {} : { file }),
    ...(problem.line !== undefined ? { line: problem.line } : {}),
    message: `${where}: ${problem.object}: ${problem.message}`,
  };
}

/** Attaches the severity of the rule (every rule it gets must be in RULES). */
export function withSeverity(raw: RawFinding): Finding {
  const info = RULES[raw.rule as RuleId];
  if (!info) throw new Error(`policy: rule ${raw.rule} is not in RULES`);
  return { ...raw, severity: info.severity };
}

export interface ManifestCheckOptions {
  /** Folder of `<chart>-<version>.tgz` archives (render/chart-cache.ts chartCacheDir). */
  readonly chartCache: string;
  /** How the gitops dir is shown in messages. Default `gitops`. */
  readonly displayDir?: string;
  /** Waivers (policy/waivers.yaml); those of the tree rules apply, the others are the render's. Default: none. */
  readonly waivers?: readonly Waiver[];
  /** Waivers file name, for waiver-unused findings. */
  readonly waiversFile?: string;
  /** Passed on to checkGitopsTree (repoPathPrefix, kubectl, ...). */
  readonly tree?: Omit<TreeCheckOptions, 'schemas'>;
}

export interface ManifestCheck {
  readonly report: TreeReport;
  /** Tree findings with waivers applied, then tree-chart-missing ones. */
  readonly findings: Finding[];
  /** Chart versions the tree pins (whose CRDs were read, or that are missing). */
  readonly charts: number;
}

/** Checks the gitops tree at `gitopsDir` with schemas; every problem is a policy finding. */
export async function checkManifests(gitopsDir: string, options: ManifestCheckOptions): Promise<ManifestCheck> {
  const displayDir = options.displayDir ?? 'gitops';
  let missing: PinnedChart[] = [];
  let charts = 0;
  const report = await checkGitopsTree(gitopsDir, {
    ...options.tree,
    schemas: (objects) => {
      const made = treeSchemaValidator(objects, options.chartCache);
      missing = made.missing;
      charts = pinnedCharts(objects).length;
      return made.validator;
    },
  });
  const raw: RawFinding[] = [
    ...missing.map((c) => ({
      rule: 'tree-chart-missing',
      resource: `chart-cache:${archiveName(c)}`,
      message: `chart ${c.name} ${c.version}, which ${displayDir}/ pins, is not in the chart cache ${options.chartCache}, so the kinds its CRDs define have no schema: run npm run charts:pull (or set CHEAPK8S_CHART_CACHE)`,
    })),
    ...report.problems.map((p) => treeFinding(p, displayDir)),
  ];
  const treeWaivers = (options.waivers ?? []).filter((w) => RULES[w.rule as RuleId]?.area === 'gitops-tree');
  const findings = applyWaivers(raw.map(withSeverity), treeWaivers, options.waiversFile);
  return { report, findings, charts };
}
