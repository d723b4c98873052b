import { parseAllDocuments } from 'yaml';
import { FLUX_CONTROLLER_DEPLOYMENTS_YAML } from './upstream/flux-v2.9.4-controllers';

/**
 * Flux's multi-tenancy lockdown, as the Flux documentation writes it for bootstrap
 * ("Multi-tenancy lockdown", fluxcd.io/flux/installation/configuration/multitenancy, and
 * fluxcd/flux2-multi-tenancy clusters/<c>/flux-system/kustomization.yaml): three arguments added to
 * the controllers' Deployments by kustomize patches in each cluster's flux-system folder.
 *
 * - `--no-cross-namespace-refs=true` (kustomize-, helm-, notification-, image-* controllers): a
 *   Kustomization's `sourceRef`, a HelmRelease's `chartRef`/`chart.spec.sourceRef` and an Alert's
 *   event sources must be in the object's own namespace, so a tenant cannot apply the platform's
 *   repository or use another tenant's sources, nor subscribe to their events;
 * - `--no-remote-bases=true` (kustomize-controller): kustomize may not fetch remote bases, so only
 *   Flux sources change the cluster;
 * - `--default-service-account=default` (kustomize-, helm-controller): a Kustomization or
 *   HelmRelease without `serviceAccountName` runs as the `default` ServiceAccount of its own
 *   namespace (which has no rights) instead of the controller's own cluster-admin account.
 *
 * Without it, whoever can create a Kustomization or a HelmRelease (every tenant: Flux's `flux-edit`
 * role aggregates into `admin`) gets cluster-admin by leaving `serviceAccountName` out.
 */
export interface LockdownPatch {
  /** Controller Deployments (in flux-system) the argument is added to. */
  readonly controllers: readonly string[];
  /** The argument. */
  readonly arg: string;
}

/** The account an object without `serviceAccountName` runs as once the lockdown is on. */
export const LOCKDOWN_DEFAULT_SERVICE_ACCOUNT = 'default';

export const FLUX_LOCKDOWN_PATCHES: readonly LockdownPatch[] = Object.freeze([
  {
    controllers: ['kustomize-controller', 'helm-controller', 'notification-controller', 'image-reflector-controller', 'image-automation-controller'],
    arg: '--no-cross-namespace-refs=true',
  },
  { controllers: ['kustomize-controller'], arg: '--no-remote-bases=true' },
  { controllers: ['kustomize-controller', 'helm-controller'], arg: `--default-service-account=${LOCKDOWN_DEFAULT_SERVICE_ACCOUNT}` },
]);

/** The lockdown arguments of one controller, in patch order. */
export function lockdownArgs(controller: string): string[] {
  return FLUX_LOCKDOWN_PATCHES.filter((p) => p.controllers.includes(controller)).map((p) => p.arg);
}

/** A Kubernetes object as plain data. */
export type PlainObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/**
 * The Deployments of the controllers the lockdown patches, exactly as `flux install` at the pinned
 * Flux version creates them (vendored: upstream/flux-v2.9.4-controllers.ts). They are in each
 * cluster's flux-system folder so the patches have something to patch: the root Kustomization then
 * keeps the locked-down arguments, as `flux bootstrap` keeps gotk-components.yaml.
 */
export function fluxControllerDeployments(): PlainObject[] {
  // Parsed once per process (every cluster asks): each caller gets its own copy to change.
  parsedDeployments ??= parseAllDocuments(FLUX_CONTROLLER_DEPLOYMENTS_YAML).map((d) => d.toJSON() as PlainObject);
  return structuredClone(parsedDeployments);
}
let parsedDeployments: PlainObject[] | undefined;

/** The `patches` of clusters/<c>/flux-system/kustomization.yaml, in the upstream form. */
export function lockdownKustomizePatches(): { patch: string; target: { kind: string; name: string } }[] {
  return FLUX_LOCKDOWN_PATCHES.map((p) => ({
    patch: ['- op: add', '  path: /spec/template/spec/containers/0/args/-', `  value: ${p.arg}`, ''].join('\n'),
    target: { kind: 'Deployment', name: p.controllers.length === 1 ? p.controllers[0]! : `(${p.controllers.join('|')})` },
  }));
}
