/** Types shared by the policy engine and its rules. */

export type Severity = 'error' | 'warning';

/** One rule violation in the synthesized output. */
export interface Finding {
  /** Rule id from `RULES` (policy/rules.ts). */
  readonly rule: string;
  readonly severity: Severity;
  /**
   * Stable id of the offending resource, the thing a waiver names:
   * - Terraform: `<stack>:<type>.<name>` (e.g. `state:aws_s3_bucket.state-bucket_828F7150`),
   *   `<stack>:terraform.backend` for a stack's backend, or
   *   `<stack>:provider-lock:<provider address>` for its lock of one provider;
   * - Kubernetes: `<file>:<Kind>/<namespace>/<name>` (`<file>:<Kind>/<name>` when cluster-scoped),
   *   with `<file>` relative to the repository root (`gitops/clusters/dev/apps.yaml`);
   * - a whole file: its path (`gitops/.sops.yaml`, `cdktf.out/stacks/state/cdk.tf.json`);
   * - a whole cluster: `cluster:<name>`.
   */
  readonly resource: string;
  /** File the resource is in, relative to the repository root. */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** What is wrong, naming the resource, and how to fix it. */
  readonly message: string;
  /** Set when a waiver in policy/waivers.yaml covers the finding. */
  readonly waived?: { readonly reason: string };
}

/** A finding before the severity and waivers are attached (rules only say what they found). */
export type RawFinding = Omit<Finding, 'severity' | 'waived'>;

/**
 * The parts of the loaded platform (config/load.ts `Platform`) the rules read. A structural subset,
 * so a real `Platform` fits and tests can pass a small literal.
 */
export interface PolicyCluster {
  readonly name: string;
  readonly provider: string;
  readonly freeTier: boolean;
  readonly network: { readonly nodeCidr: string };
  readonly tenants: Readonly<Record<string, unknown>>;
  readonly apps: Readonly<Record<string, { readonly tenant: string }>>;
  readonly sops?: { readonly ageRecipients: readonly string[] };
  /** Path Flux syncs for this cluster (`./gitops/clusters/<name>`). */
  readonly gitopsPath?: string;
  /** Let's Encrypt directory the cluster's public certificates come from (config/load.ts `Cluster.acme`). */
  readonly acme?: 'staging' | 'production';
}

export interface PolicyPlatform {
  readonly state: { readonly bucket: string; readonly migrated: boolean };
  readonly clusters: readonly PolicyCluster[];
}

/** A secret that exists outside the gitops tree on purpose (declared in policy/waivers.yaml). */
export interface ExternalSecret {
  /** Secret name; `*` matches any run of characters. */
  readonly name: string;
  /** Namespace; `*` matches any run of characters. Default `*`. */
  readonly namespace: string;
  /** Cluster name; `*` matches any run of characters. Default `*`. */
  readonly cluster: string;
  /** Who creates it and why it is not in git. */
  readonly reason: string;
}

export interface Waiver {
  /** A rule id from `RULES`. */
  readonly rule: string;
  /** A resource id as findings print it; `*` matches any run of characters. */
  readonly resource: string;
  /** Why the finding is accepted. Never empty. */
  readonly reason: string;
}

export interface PolicyInput {
  /** Stack name -> parsed `cdktf.out/stacks/<name>/cdk.tf.json`. */
  readonly stacks: ReadonlyMap<string, unknown>;
  /**
   * Stack name -> text of `cdktf.out/stacks/<name>/.terraform.lock.hcl` (synth copies it from
   * terraform/locks/). A stack without a lock file is absent. Default: no stack has one.
   */
  readonly locks?: ReadonlyMap<string, string>;
  /** Path relative to gitops/ -> file text. */
  readonly gitops: ReadonlyMap<string, string>;
  readonly platform: PolicyPlatform;
  /** Waivers to apply (from policy/waivers.yaml). Default: none. */
  readonly waivers?: readonly Waiver[];
  /** Secrets declared external (from policy/waivers.yaml). Default: none. */
  readonly externalSecrets?: readonly ExternalSecret[];
  /** Findings of the offline render's judges (policy/render-rules.ts), judged with the rest. Default: none. */
  readonly renderFindings?: readonly RawFinding[];
  /** Folder names the trees are shown under in messages. Defaults `cdktf.out` and `gitops`. */
  readonly display?: { readonly stacksDir?: string; readonly gitopsDir?: string };
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A value that Terraform JSON may write as a block object or a one-element list of blocks. */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** `*` glob (any run of characters, including `/`) to a RegExp anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}
