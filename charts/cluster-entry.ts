import { App, Chart } from 'cdk8s';
import type { Cluster } from '../config/load';
import type { FluxDefaults } from '../constructs/flux/defaults';
import { FluxKustomization } from '../constructs/flux/flux-kustomization';
import { fluxControllerDeployments, lockdownKustomizePatches } from '../constructs/flux/flux-lockdown';
import { FluxSync } from '../constructs/flux/flux-sync';
import { FLUX_VERSION } from './readme';
import { LAYOUT, repositoryRoot } from './layout';
import { addFile, chartManifests, documentFile, kustomizationFile, manifestsFile, type GitopsFiles, type Manifest } from './render';

/**
 * Names of the four Flux Kustomizations every cluster has, in dependency order (each waits for the
 * one before it, `wait: true`):
 * - infra-controllers: HelmReleases of operators and controllers (and the SOPS Secrets);
 * - infra-configs: custom resources of those controllers (issuers, gateways, databases, caches);
 * - infra-services: HelmReleases whose workloads need objects of infra-configs (Keycloak and its
 *   database, OAuth2-Proxy and its session store, Vault and its certificate); in infra-controllers
 *   they would deadlock the bootstrap, since infra-configs waits for infra-controllers;
 * - apps: tenants and applications.
 */
export const LAYERS = { controllers: 'infra-controllers', configs: 'infra-configs', services: 'infra-services', apps: 'apps' } as const;

/** The layer the tenants and apps wait for: the last infrastructure layer. */
export const PLATFORM_READY = LAYERS.services;

/**
 * A cluster's entry folder: flux-system (the sync objects `flux bootstrap` would write to
 * gotk-sync.yaml; the controllers come from `flux install`), infrastructure.yaml (controllers ->
 * configs -> services), apps.yaml (apps after services) and the kustomization.yaml the root
 * Kustomization builds.
 */
export function addClusterEntry(files: GitopsFiles, app: App, cluster: Cluster, defaults: FluxDefaults): void {
  const root = repositoryRoot(cluster);
  const id = cluster.name;
  const entry = LAYOUT.cluster(cluster.name);

  const sync = new Chart(app, `${id}-flux-system`, { disableResourceNameHashes: true });
  new FluxSync(sync, 'sync', {
    url: cluster.gitops.url,
    branch: cluster.gitops.branch,
    path: cluster.gitopsPath,
    interval: cluster.gitops.interval,
    defaults,
  });
  addFile(
    files,
    `${LAYOUT.fluxSystem(cluster.name)}/gotk-sync.yaml`,
    manifestsFile(chartManifests(sync), 'Flux sync: the Git source and the root Kustomization applying this cluster\'s folder.', 'The controllers are installed with `flux install` (see gitops/README.md), not kept here.'),
  );
  addFile(
    files,
    `${LAYOUT.fluxSystem(cluster.name)}/gotk-components.yaml`,
    manifestsFile(
      fluxControllerDeployments() as Manifest[],
      `The Flux ${FLUX_VERSION} controller Deployments the multi-tenancy lockdown patches (kustomization.yaml), as \`flux install\` creates them.`,
      'CRDs, RBAC, Services and NetworkPolicies come from `flux install` (see gitops/README.md); these three are kept here so the',
      'root Kustomization keeps their locked-down arguments (constructs/flux/flux-lockdown.ts).',
    ),
  );
  addFile(
    files,
    `${LAYOUT.fluxSystem(cluster.name)}/kustomization.yaml`,
    documentFile(
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['gotk-components.yaml', 'gotk-sync.yaml'],
        patches: lockdownKustomizePatches(),
      },
      'Flux multi-tenancy lockdown (fluxcd.io/flux/installation/configuration/multitenancy): no cross-namespace references, no',
      'remote kustomize bases, and Kustomizations/HelmReleases without serviceAccountName run as their namespace\'s `default`',
      'ServiceAccount (no rights) instead of cluster-admin. Platform Kustomizations and HelmReleases name their account.',
    ),
  );

  const infra = new Chart(app, `${id}-infrastructure`, { disableResourceNameHashes: true });
  new FluxKustomization(infra, 'controllers', {
    name: LAYERS.controllers,
    path: `${root}/${LAYOUT.controllers(cluster.name)}`,
    timeout: defaults.controllersTimeout,
    defaults,
  });
  new FluxKustomization(infra, 'configs', {
    name: LAYERS.configs,
    path: `${root}/${LAYOUT.configs(cluster.name)}`,
    dependsOn: [LAYERS.controllers],
    defaults,
  });
  new FluxKustomization(infra, 'services', {
    name: LAYERS.services,
    path: `${root}/${LAYOUT.services(cluster.name)}`,
    dependsOn: [LAYERS.configs],
    // Helm releases, like the controllers: their installs take longer than plain objects.
    timeout: defaults.controllersTimeout,
    defaults,
  });
  addFile(
    files,
    `${entry}/infrastructure.yaml`,
    manifestsFile(
      chartManifests(infra),
      'Infrastructure: controllers (Helm releases, CRDs) first, then the configs that need them, then the services',
      '(Helm releases) whose workloads need those configs: a database, a cache, a certificate.',
    ),
  );

  const apps = new Chart(app, `${id}-apps`, { disableResourceNameHashes: true });
  new FluxKustomization(apps, 'apps', {
    name: LAYERS.apps,
    path: `${root}/${LAYOUT.apps(cluster.name)}`,
    dependsOn: [PLATFORM_READY],
    interval: defaults.appsInterval,
    defaults,
  });
  addFile(files, `${entry}/apps.yaml`, manifestsFile(chartManifests(apps), 'Tenants and applications, once the infrastructure is ready.'));

  addFile(
    files,
    `${entry}/kustomization.yaml`,
    kustomizationFile({
      resources: ['flux-system', 'infrastructure.yaml', 'apps.yaml'],
      header: ['What the root Kustomization (flux-system) applies; the layers below are applied by the Kustomizations it creates.'],
    }),
  );
}
