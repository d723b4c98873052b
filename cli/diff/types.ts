/**
 * The JSON schema of `npm run diff -- --format json` (and `--json-out`). Stable: fields are only
 * ever added; a breaking change bumps `schemaVersion`. Absent `before` means "added", absent `after`
 * means "removed" (JSON has no undefined, and null is a real value).
 */
export const DIFF_SCHEMA_VERSION = 1;

export type ChangeStatus = 'added' | 'removed' | 'changed';

/** One changed value inside a resource, object or file. */
export interface ValueChange {
  /**
   * Where: dotted keys, `[3]` for a list index, `[name=web]` for a Kubernetes list entry matched by
   * name, `[]` for an element of a set (sets have no positions: one change per element added or
   * removed), `["app.kubernetes.io/name"]` for keys that are not identifiers. In configuration
   * files (kustomization.yaml, .sops.yaml, ...) list entries are matched by identity:
   * `[path_regex=...]`, `[path=...]`, `[name=...]`, `[target=Kind/name]`, `[]` for a list of
   * strings; `<list> (order)` when the entries both sides share are in another order.
   */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Why this change probably destroys and recreates the thing (cli/diff/replace-rules.ts). */
  readonly likelyReplace?: string;
}

export type TerraformBlockKind = 'resource' | 'data' | 'output' | 'provider' | 'terraform' | 'locals' | 'variable' | 'module';

/** A resource, data source, output or settings block of one stack. */
export interface BlockDiff {
  readonly kind: TerraformBlockKind;
  /** Terraform address: `aws_s3_bucket.x`, `data.oci_core_services.x`, `output.vcn_id`, `provider.oci`, `terraform`, `locals.x`. */
  readonly address: string;
  readonly status: ChangeStatus;
  /** Only for `changed`. */
  readonly changes: readonly ValueChange[];
  /** True when any change carries `likelyReplace`. */
  readonly likelyReplace: boolean;
}

export interface Counts {
  added: number;
  removed: number;
  changed: number;
}

export interface StackDiff {
  readonly stack: string;
  /** The environment owning the stack; null for shared stacks (`state`). */
  readonly environment: string | null;
  readonly cluster: string | null;
  /** `added`: a new stack (every block listed as added); `removed`: likewise. */
  readonly status: ChangeStatus;
  readonly blocks: readonly BlockDiff[];
  /** Resources only (data sources, outputs and settings are listed but not counted here). */
  readonly resources: Counts & { likelyReplace: number };
}

export interface ObjectId {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ObjectDiff {
  readonly type: 'object';
  readonly id: ObjectId;
  readonly status: ChangeStatus;
  /** File holding the object (the new side's, or the old one's when removed), relative to gitops/. */
  readonly file: string;
  readonly changes: readonly ValueChange[];
  readonly likelyReplace: boolean;
  /** Shared trees only (infrastructure/, apps/): the clusters whose kustomizations apply the file. */
  readonly clusters?: readonly string[];
  /**
   * A HelmRelease whose change is only to its values (or a values patch added or removed whole): the
   * report's `values` shows its effect, merged over every tier, so reports list it there instead.
   */
  readonly valuesOnly?: true;
}

/** A file that holds no Kubernetes object (kustomization.yaml, .sops.yaml, ...), compared as a file. */
export interface FileDiff {
  readonly type: 'file';
  readonly file: string;
  readonly status: ChangeStatus;
  /** Structural changes for YAML/JSON files; for other text files, one change per line added or removed (path `line N`). */
  readonly changes: readonly ValueChange[];
  /** Shared trees only: the clusters whose kustomizations apply the file. */
  readonly clusters?: readonly string[];
}

/** A HelmRelease (or its OCIRepository/HelmChart source) now pins a different chart version. */
export interface ChartBump {
  /** `cert-manager`: the chart, with the release when it is named differently. */
  readonly chart: string;
  /** `<namespace>/<name>` of the HelmRelease, or of the source object. */
  readonly release: string;
  readonly from: string;
  readonly to: string;
  /** Shared trees only: the clusters that get the new version. */
  readonly clusters?: readonly string[];
}

export interface GitopsSectionDiff {
  /** `clusters/<cluster>`, `infrastructure`, `apps`, or another top-level folder. */
  readonly section: string;
  readonly cluster: string | null;
  readonly environment: string | null;
  /** `added` for a new cluster's folder, `removed` for a cluster that is gone. */
  readonly status: ChangeStatus;
  readonly objects: readonly ObjectDiff[];
  readonly files: readonly FileDiff[];
  readonly chartBumps: readonly ChartBump[];
}

export interface EnvironmentSummary {
  /** Environment name, or null for what no single environment owns (`state`, infrastructure/, apps/). */
  readonly environment: string | null;
  /** `added`/`removed` when the environment exists on one side only. */
  readonly status: ChangeStatus | 'unchanged';
  readonly stacks: Counts;
  readonly resources: Counts & { likelyReplace: number };
  readonly objects: Counts & { likelyReplace: number };
  readonly files: Counts;
  readonly clustersAdded: readonly string[];
  readonly clustersRemoved: readonly string[];
  /** In the environment's cluster folders, and in shared trees its clusters apply. */
  readonly chartBumps: readonly ChartBump[];
}

export interface DiffSide {
  /** What was asked for: the git ref, or `working tree`. */
  readonly ref: string;
  /** The commit (for the working tree: HEAD, which it may differ from). */
  readonly commit: string | null;
}

export interface DiffReport {
  readonly schemaVersion: typeof DIFF_SCHEMA_VERSION;
  readonly base: DiffSide;
  readonly head: DiffSide;
  readonly changed: boolean;
  /** Every environment of either side (sorted, shared last), changed or not. */
  readonly environments: readonly EnvironmentSummary[];
  /** Only stacks with changes, sorted by name. */
  readonly terraform: readonly StackDiff[];
  /** Only sections with changes, sorted: clusters first, then the shared trees. */
  readonly gitops: readonly GitopsSectionDiff[];
  /**
   * The chart output of every HelmRelease on both sides (each tree rendered offline from the chart
   * cache), only releases whose output changed. Absent when the render was skipped (`renderNote` says why).
   */
  readonly rendered?: readonly RenderedReleaseDiff[];
  /** Why `rendered` is absent or partial (no helm, no chart cache). */
  readonly renderNote?: string;
  /** Per cluster whose components change: components turned on or off, chart versions changed. */
  readonly components?: readonly ClusterComponentsDiff[];
  /** Per HelmRelease whose effective values (every tier merged) change: field by field. */
  readonly values?: readonly ReleaseValuesDiff[];
  /** What a reviewer must act on: cloud resources a removed stack leaves running, DNS delegation to move. */
  readonly warnings?: readonly ReviewWarning[];
}

/** A component (HelmRelease) of one cluster turned on, off, or moved to another chart version. */
export interface ComponentChange {
  /** `<namespace>/<name>` of the HelmRelease. */
  readonly release: string;
  /** The HelmRelease's name: the component as the config names it. */
  readonly name: string;
  readonly chart: string;
  /** The chart before, when the release now installs another chart. */
  readonly chartBefore?: string;
  /** A component of plain manifests (no chart): the shared folder the cluster now applies or no longer does; `release` is that folder too. */
  readonly manifests?: string;
  /** `added`: turned on; `removed`: turned off; `changed`: chart version changed. */
  readonly status: ChangeStatus;
  readonly from?: string;
  readonly to?: string;
}

export interface ClusterComponentsDiff {
  readonly cluster: string;
  readonly environment: string | null;
  /** `added`/`removed`: the whole cluster is new or gone (its components listed). */
  readonly status: ChangeStatus;
  readonly changes: readonly ComponentChange[];
}

/**
 * The values one HelmRelease hands to Helm, before and after: base, environment and cluster tiers
 * merged, valuesFrom ConfigMaps in order then spec.values (as helm-controller merges them).
 * Paths are the values' own (`loki.limits_config.retention_period`).
 */
export interface ReleaseValuesDiff {
  readonly cluster: string;
  readonly environment: string | null;
  readonly release: string;
  /** `added`: a component turned on in an existing cluster (every value it gets is listed). */
  readonly status: 'added' | 'changed';
  readonly changes: readonly ValueChange[];
  /** valuesFrom references the tree cannot show (SOPS-encrypted Secrets and the like), new on this side. */
  readonly unreadable?: readonly string[];
}

/** A resource of the base's synthesized stack that nothing will manage once the stack is gone. */
export interface LeftResource {
  readonly stack: string;
  /** Terraform address: `hcloud_server.node_1`. */
  readonly address: string;
  readonly type: string;
  /** The name the cloud knows it by (`name`, `display_name`, `bucket`, ...), when the configuration sets one. */
  readonly name?: string;
  /** `lifecycle.prevent_destroy`: Terraform refuses to destroy it until that is lifted. */
  readonly preventDestroy: boolean;
}

export interface ReviewWarning {
  /** `cloud-resources-left`: a removed cluster or stack; `dns-delegation`: a DNS provider or zone moves. */
  readonly kind: 'cloud-resources-left' | 'dns-delegation';
  /** The cluster or stack concerned. */
  readonly subject: string;
  readonly message: string;
  readonly resources?: readonly LeftResource[];
  /** The command that acts on it (`npm run destroy -- <cluster> --from <base commit>`). */
  readonly command?: string;
}

/** The objects one HelmRelease renders, compared. */
export interface RenderedReleaseDiff {
  readonly cluster: string;
  readonly environment: string | null;
  /** `<namespace>/<name>` of the HelmRelease. */
  readonly release: string;
  /** `added`/`removed`: the release exists on one side only. */
  readonly status: ChangeStatus;
  /** `name version` of the chart on each side. */
  readonly chart: { readonly before?: string; readonly after?: string };
  /** Rendered objects added, removed or changed (field by field); `file` is the chart template. */
  readonly objects: readonly ObjectDiff[];
  /** Changes counted by kind group (Deployment, StatefulSet, DaemonSet, Job, CronJob, CRD, RBAC, other). */
  readonly kinds: Readonly<Record<string, Counts>>;
  /** Set when one side's chart could not be rendered (missing from the cache, helm failed). */
  readonly unrendered?: string;
}

/** What the diff needs to know about each side's platform: which clusters and environments exist. */
export interface PlatformOutline {
  readonly environments: readonly string[];
  readonly clusters: readonly { readonly name: string; readonly environment: string }[];
}
