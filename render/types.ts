/**
 * What the offline render produces for one cluster: every object Flux and Helm would apply, grouped
 * by the step that applies it. The judges in policy/ (schemas, Pod Security, bootstrap order, images,
 * values) read only these shapes, so they can be tested on small literals without Helm.
 */

export type JsonObject = Record<string, unknown>;

/** Where an object comes from, for messages: a gitops file or a rendered chart template. */
export interface ObjectOrigin {
  /** `gitops/clusters/<c>/...yaml` for plain manifests, `helm:<namespace>/<release> <template path>` for chart output. */
  readonly file: string;
  /** Flux Kustomization (in flux-system) whose apply creates the object. */
  readonly kustomization: string;
  /** The HelmRelease (`<namespace>/<name>`) that renders it, when it comes from a chart. */
  readonly release?: string;
}

export interface RenderedObject {
  /** The object as the API server receives it (namespace filled in for namespaced chart output). */
  readonly object: JsonObject;
  readonly origin: ObjectOrigin;
}

/** A Flux Kustomization of the cluster (kustomize.toolkit.fluxcd.io). */
export interface FluxKustomizationStep {
  readonly name: string;
  readonly namespace: string;
  /** `spec.dependsOn[].name` (same namespace unless given). */
  readonly dependsOn: readonly { readonly name: string; readonly namespace: string }[];
  /** `spec.wait`: the Kustomization is Ready only when every object it applied is Ready. */
  readonly wait: boolean;
  /** `spec.healthChecks` (kind/name/namespace), waited for when wait is false. */
  readonly healthChecks: readonly { readonly kind: string; readonly name: string; readonly namespace?: string }[];
  readonly path: string;
  /** Objects it applies (kustomize build + postBuild substitution), HelmReleases included. */
  readonly objects: readonly RenderedObject[];
}

/** A HelmRelease of the cluster and what its chart renders. */
export interface HelmReleaseStep {
  readonly name: string;
  readonly namespace: string;
  /** Namespace the chart's objects go to (spec.targetNamespace, else the release's namespace). */
  readonly targetNamespace: string;
  /** Flux Kustomization that applies the HelmRelease object. */
  readonly kustomization: string;
  readonly dependsOn: readonly { readonly name: string; readonly namespace: string }[];
  /** Helm waits for the release's workloads to be ready (install.disableWait not set). */
  readonly wait: boolean;
  readonly chart: { readonly name: string; readonly version: string; readonly source: string };
  /** The chart archive rendered (in the chart cache). */
  readonly archive?: string;
  /** Merged values handed to helm (chart defaults not included). */
  readonly values: JsonObject;
  /** Rendered objects, CRDs of the chart included. */
  readonly objects: readonly RenderedObject[];
}

export interface ClusterRender {
  readonly cluster: string;
  /** Kubernetes version of the cluster (`1.34.1`). */
  readonly kubernetesVersion: string;
  readonly kustomizations: readonly FluxKustomizationStep[];
  readonly releases: readonly HelmReleaseStep[];
  /**
   * Objects that exist before the first reconcile, put there by the bootstrap steps (gitops/README.md):
   * the flux-system controllers and CRDs, the sops-age Secret, the cluster-settings ConfigMap, and
   * the SOPS secrets SECRETS.md lists. `kind` plus optional namespace/name (absent name: any of the kind).
   */
  readonly bootstrapInputs: readonly { readonly apiVersion?: string; readonly kind: string; readonly namespace?: string; readonly name?: string; readonly why: string }[];
}

/** Stable id used in messages: `Kind namespace/name` or `Kind name` when cluster-scoped. */
export function objectRef(object: JsonObject): string {
  const meta = (object.metadata ?? {}) as JsonObject;
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(object.kind)} ${ns}${String(meta.name)}`;
}

/**
 * The `resource` of a finding about a rendered object (the id a waiver names):
 * `<cluster>:<HelmRelease ns/name | Kustomization name>:<Kind>/<namespace>/<name>`.
 */
export function renderedResource(cluster: string, rendered: RenderedObject): string {
  const meta = (rendered.object.metadata ?? {}) as JsonObject;
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  const step = rendered.origin.release ? `helm ${rendered.origin.release}` : `ks ${rendered.origin.kustomization}`;
  return `${cluster}:${step}:${String(rendered.object.kind)}/${ns}${String(meta.name)}`;
}
