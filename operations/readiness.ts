/**
 * A cluster's readiness from what Flux reports: its Kustomizations and HelmReleases as
 * `kubectl get <kind> -A -o json` lists them, grouped the way the tree is layered (the root sync,
 * controllers, configs, services, apps, tenants). Pure functions: the commands fetch, this judges.
 */
import { LAYERS } from '../charts/cluster-entry';
import { FLUX_DEFAULTS } from '../constructs/flux/defaults';

/** The groups of the summary, in install order. */
export const READINESS_GROUPS = ['flux', 'controllers', 'configs', 'services', 'apps', 'tenants'] as const;
export type ReadinessGroup = (typeof READINESS_GROUPS)[number];

/** The platform's Flux Kustomizations (in the Flux namespace) by group; each exists on every cluster. */
export const LAYER_KUSTOMIZATIONS: Readonly<Record<Exclude<ReadinessGroup, 'tenants'>, string>> = {
  flux: FLUX_DEFAULTS.gitRepositoryName,
  controllers: LAYERS.controllers,
  configs: LAYERS.configs,
  services: LAYERS.services,
  apps: LAYERS.apps,
};

/** One Flux object's state. */
export interface FluxObjectState {
  readonly kind: 'Kustomization' | 'HelmRelease';
  readonly namespace: string;
  readonly name: string;
  readonly ready: boolean;
  /** The Ready condition's message (or why it is missing). */
  readonly message: string;
}

export interface GroupReadiness {
  readonly group: ReadinessGroup;
  readonly kustomizations: readonly FluxObjectState[];
  readonly helmReleases: readonly FluxObjectState[];
  /** Every object of the group is ready, and a platform layer's Kustomization exists. */
  readonly ready: boolean;
}

export interface Readiness {
  readonly cluster: string;
  readonly groups: readonly GroupReadiness[];
  readonly ready: boolean;
}

type Json = Record<string, any>;

function items(list: unknown, what: string): Json[] {
  const value = (list as Json | null)?.items;
  if (!Array.isArray(value)) throw new Error(`${what}: expected a List with items (kubectl get -o json)`);
  return value as Json[];
}

function state(kind: FluxObjectState['kind'], object: Json): FluxObjectState {
  const namespace = String(object.metadata?.namespace ?? '');
  const name = String(object.metadata?.name ?? '');
  if (object.spec?.suspend === true) return { kind, namespace, name, ready: false, message: 'suspended' };
  const conditions: Json[] = Array.isArray(object.status?.conditions) ? object.status.conditions : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (!ready) return { kind, namespace, name, ready: false, message: 'not reconciled yet (no Ready condition)' };
  return { kind, namespace, name, ready: ready.status === 'True', message: String(ready.message ?? ready.reason ?? '') };
}

/**
 * Judges a cluster from the lists of its Kustomizations and HelmReleases. A HelmRelease belongs to
 * the Kustomization that applied it (kustomize-controller's `kustomize.toolkit.fluxcd.io/name` and
 * `/namespace` labels); Kustomizations outside the Flux namespace, and what they apply, are tenants'.
 */
export function judgeReadiness(cluster: string, kustomizationList: unknown, helmReleaseList: unknown): Readiness {
  const fluxNamespace = FLUX_DEFAULTS.fluxNamespace;
  const byLayer = new Map<string, ReadinessGroup>(Object.entries(LAYER_KUSTOMIZATIONS).map(([group, name]) => [name, group as ReadinessGroup]));
  const groupOf = (namespace: string, name: string): ReadinessGroup | undefined =>
    namespace === fluxNamespace ? byLayer.get(name) : namespace ? 'tenants' : undefined;

  const kustomizations = new Map<ReadinessGroup, FluxObjectState[]>();
  const releases = new Map<ReadinessGroup, FluxObjectState[]>();
  const push = (map: Map<ReadinessGroup, FluxObjectState[]>, group: ReadinessGroup, value: FluxObjectState) => map.set(group, [...(map.get(group) ?? []), value]);

  for (const object of items(kustomizationList, 'kustomizations')) {
    const s = state('Kustomization', object);
    // A Kustomization of the Flux namespace that is no layer (an operator's own) counts with the root sync.
    push(kustomizations, groupOf(s.namespace, s.name) ?? 'flux', s);
  }
  for (const object of items(helmReleaseList, 'helmreleases')) {
    const s = state('HelmRelease', object);
    const labels: Json = object.metadata?.labels ?? {};
    const owner = groupOf(String(labels['kustomize.toolkit.fluxcd.io/namespace'] ?? ''), String(labels['kustomize.toolkit.fluxcd.io/name'] ?? ''));
    // One no Kustomization applied (made by hand) counts with the root sync, like other objects outside the layers.
    push(releases, owner ?? 'flux', s);
  }

  const sort = (list: FluxObjectState[] = []) => [...list].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const groups = READINESS_GROUPS.map((group): GroupReadiness => {
    const ks = sort(kustomizations.get(group));
    const hr = sort(releases.get(group));
    const layerMissing = group !== 'tenants' && !ks.some((k) => k.namespace === fluxNamespace && k.name === LAYER_KUSTOMIZATIONS[group]);
    return { group, kustomizations: ks, helmReleases: hr, ready: !layerMissing && [...ks, ...hr].every((o) => o.ready) };
  });
  return { cluster, groups, ready: groups.every((g) => g.ready) };
}

/** The summary bootstrap ends with and `npm run status` prints. */
export function formatReadiness(readiness: Readiness): string {
  const all = readiness.groups.flatMap((g) => [...g.kustomizations, ...g.helmReleases]);
  const notReady = all.filter((o) => !o.ready);
  const lines = [
    `cluster ${readiness.cluster}: ${readiness.ready ? 'ready' : 'NOT READY'} (${all.length - notReady.length}/${all.length} Flux objects ready)`,
  ];
  for (const g of readiness.groups) {
    const ks = g.kustomizations;
    const layer = g.group === 'tenants' ? undefined : LAYER_KUSTOMIZATIONS[g.group];
    const kText =
      layer !== undefined && !ks.some((k) => k.name === layer)
        ? `Kustomization ${layer} missing`
        : ks.length === 0
          ? 'none'
          : `Kustomizations ${ks.filter((k) => k.ready).length}/${ks.length} ready`;
    const hText = g.helmReleases.length === 0 ? '' : `, HelmReleases ${g.helmReleases.filter((h) => h.ready).length}/${g.helmReleases.length} ready`;
    lines.push(`  ${g.group.padEnd(12)} ${(g.ready ? 'ready' : 'NOT READY').padEnd(10)} ${kText}${hText}`);
  }
  if (notReady.length > 0) {
    lines.push('not ready:');
    for (const o of notReady) lines.push(`  ${o.kind} ${o.namespace}/${o.name}: ${o.message || 'not ready'}`);
  }
  return `${lines.join('\n')}\n`;
}
