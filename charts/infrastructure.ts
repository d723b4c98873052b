import { App, Chart } from 'cdk8s';
import type { Cluster, Platform } from '../config/load';
import { COMPONENTS, type ComponentName } from '../config/schema';
import { releaseLayer, releasesOf, type ReleaseName } from '../config/platform-releases';
import type { Values } from '../constructs/components/context';
import { baseDependencies, clusterDependencies } from '../constructs/components/release-dependencies';
import type { FluxDefaults } from '../constructs/flux/defaults';
import { K3sUpgradePlans } from '../constructs/platform/k3s-upgrade-plans';
import { OciBlockStorageClass } from '../constructs/platform/oci-block-storage-class';
import { SystemUpgradeController, SYSTEM_UPGRADE_CONTROLLER_VERSION } from '../constructs/platform/system-upgrade-controller';
import { BLUEPRINTS } from './components';
import { LAYOUT, clusterContext, enabledComponents } from './layout';
import {
  addFile,
  chartManifests,
  comment,
  GENERATED,
  kindFileName,
  filesByKind,
  kustomizationFile,
  manifestsFile,
  relativePath,
  type GitopsFiles,
  type Manifest,
} from './render';

/** What the shared base of one component was built from. */
interface ComponentBase {
  readonly version: string;
  /** Rendered HelmReleases by release name. */
  readonly releases: ReadonlyMap<ReleaseName, Manifest>;
  /** Releases that pin a chart version of their own (a companion chart), which a cluster's `version` does not move. */
  readonly ownVersion: ReadonlySet<ReleaseName>;
  /** The component has a shared configs base. */
  readonly hasSharedConfigs: boolean;
  /** The component has a shared services base (releases installed by infra-services). */
  readonly hasServices: boolean;
}

/** Tiers of a HelmRelease overlay, in the order they are applied (later wins). */
const VALUE_TIERS = [
  { tier: 'platform', note: 'Platform tier: values the construct derives from this cluster (provider, DNS, enabled components).' },
  { tier: 'environment', note: 'Environment tier: components.<c>.values from the environment file\'s clusterDefaults.' },
  { tier: 'cluster', note: 'Cluster tier: components.<c>.values from the cluster\'s own entry in its environment file.' },
] as const;

function chart(app: App, id: string): Chart {
  return new Chart(app, id.replace(/[^A-Za-z0-9-]/g, '-'), { disableResourceNameHashes: true });
}

/** The version most clusters use (ties: the first cluster's), so the base is right for most. */
function baseVersion(component: ComponentName, clusters: readonly Cluster[]): string {
  const counts = new Map<string, number>();
  for (const cluster of clusters) {
    const version = cluster.components[component]!.version;
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  let best = clusters[0]!.components[component]!.version;
  for (const [version, count] of counts) if (count > counts.get(best)!) best = version;
  return best;
}

/** The defaults.yaml values of a component: the same for every cluster by construction. */
function fleetValues(component: ComponentName, clusters: readonly Cluster[]): Values | undefined {
  const first = clusters[0]!.valueLayers[component]?.defaults;
  for (const cluster of clusters) {
    if (JSON.stringify(cluster.valueLayers[component]?.defaults) !== JSON.stringify(first)) {
      throw new Error(`${component}: defaults-tier values differ between clusters ${clusters[0]!.name} and ${cluster.name}`);
    }
  }
  return first;
}

function writeFolder(files: GitopsFiles, dir: string, manifests: readonly Manifest[], header: string[]): string[] {
  const names: string[] = [];
  for (const [name, list] of filesByKind(manifests)) {
    addFile(files, `${dir}/${name}`, manifestsFile(list, ...header));
    names.push(name);
  }
  return names.sort();
}

/** The chart version a rendered HelmRelease installs: its chart spec's, or the tag of the OCIRepository it refers to. */
function chartVersion(release: Manifest, manifests: readonly Manifest[]): string | undefined {
  const spec = release.spec as Record<string, any>;
  if (!spec.chartRef) return spec.chart?.spec?.version;
  const source = manifests.find((m) => m.kind === spec.chartRef.kind && m.metadata?.name === spec.chartRef.name);
  return (source?.spec as Record<string, any> | undefined)?.ref?.tag;
}

/** Builds the shared bases of every component some cluster enables. */
function addBases(files: GitopsFiles, app: App, platform: Platform, defaults: FluxDefaults): Map<ComponentName, ComponentBase> {
  const bases = new Map<ComponentName, ComponentBase>();
  for (const component of COMPONENTS) {
    const clusters = platform.clusters.filter((c) => c.components[component]?.enabled === true);
    if (clusters.length === 0) continue;
    const blueprint = BLUEPRINTS[component];
    const version = baseVersion(component, clusters);

    const controllers = chart(app, `controllers-${component}`);
    blueprint.controllers(controllers, { version, values: fleetValues(component, clusters), defaults });
    const manifests = chartManifests(controllers);
    // Releases that need objects of the configs layer go to a services base of their own; the
    // namespace, its NetworkPolicies and the chart source stay with the controllers, so the
    // configs layer can create its objects (a database, a cache) in the namespace first.
    const isService = (m: Manifest) => m.kind === 'HelmRelease' && releaseLayer(m.metadata!.name as ReleaseName) === 'services';
    const services = manifests.filter(isService);
    const dir = LAYOUT.controllerBase(component);
    const names = writeFolder(
      files,
      dir,
      manifests.filter((m) => !isService(m)),
      services.length === manifests.filter((m) => m.kind === 'HelmRelease').length
        ? [
            `Shared base of ${component} for every cluster that enables it: namespace, NetworkPolicies and chart source.`,
            `Its HelmRelease is in ${LAYOUT.serviceBase(component)}, applied by infra-services once the configs it needs exist.`,
          ]
        : [
            `Shared base of ${component} for every cluster that enables it; clusters patch it in clusters/<cluster>/infrastructure/controllers.`,
            'Values here: construct defaults merged with components.' + component + '.values from environments/defaults.yaml.',
          ],
    );
    addFile(files, `${dir}/kustomization.yaml`, kustomizationFile({ resources: names }));
    const releases = new Map<ReleaseName, Manifest>();
    for (const m of manifests) if (m.kind === 'HelmRelease') releases.set(m.metadata!.name as ReleaseName, m);
    const ownVersion = new Set<ReleaseName>();
    for (const [name, m] of releases) if (chartVersion(m, manifests) !== version) ownVersion.add(name);
    if (services.length > 0) {
      const serviceDir = LAYOUT.serviceBase(component);
      const serviceNames = writeFolder(files, serviceDir, services, [
        `Shared services base of ${component}: applied by infra-services, after infra-configs (its workloads need objects of the configs layer).`,
        `Clusters patch it in clusters/<cluster>/infrastructure/services. Values here: construct defaults merged with components.${component}.values from environments/defaults.yaml.`,
      ]);
      addFile(files, `${serviceDir}/kustomization.yaml`, kustomizationFile({ resources: serviceNames }));
    }

    let hasSharedConfigs = false;
    if (blueprint.sharedConfigs) {
      const configs = chart(app, `configs-${component}`);
      blueprint.sharedConfigs(configs);
      const configDir = LAYOUT.configBase(component);
      const configNames = writeFolder(files, configDir, chartManifests(configs), [
        `Shared configs of ${component}: applied by infra-configs, after the controllers (and their CRDs) are ready.`,
      ]);
      addFile(files, `${configDir}/kustomization.yaml`, kustomizationFile({ resources: configNames }));
      hasSharedConfigs = true;
    }
    bases.set(component, { version, releases, ownVersion, hasSharedConfigs, hasServices: services.length > 0 });
  }
  return bases;
}

/** The k3s release a cluster's nodes run, for k3s clusters (OKE upgrades its nodes through node pools). */
function k3sVersionOf(cluster: Cluster): string | undefined {
  return cluster.provider === 'oci-oke' ? undefined : cluster.vps?.k3sVersion;
}

/** The shared base of the system-upgrade-controller, for every k3s cluster (vendored release manifests). */
function addSystemUpgradeBase(files: GitopsFiles, app: App): void {
  const controller = chart(app, 'controllers-system-upgrade');
  // The CRD is written as the release ships it: no parse and re-serialisation of 70 kB on every synth.
  new SystemUpgradeController(controller, 'system-upgrade', { crd: false });
  const dir = LAYOUT.systemUpgradeBase;
  const names = writeFolder(files, dir, chartManifests(controller), [
    `rancher/system-upgrade-controller ${SYSTEM_UPGRADE_CONTROLLER_VERSION} for every k3s cluster: its release manifests (constructs/platform/upstream/),`,
    'the Plan CRD and a privileged namespace. Each cluster\'s Plans (its k3sVersion) are in clusters/<cluster>/infrastructure/configs/system-upgrade.',
  ]);
  const crd = kindFileName('CustomResourceDefinition');
  if (names.includes(crd)) throw new Error(`${dir}/${crd} would be written twice`);
  addFile(
    files,
    `${dir}/${crd}`,
    `${GENERATED}\n${comment(`The Plan CRD: crd.yaml of rancher/system-upgrade-controller ${SYSTEM_UPGRADE_CONTROLLER_VERSION}, unchanged.`)}\n${SystemUpgradeController.crdYaml}`,
  );
  addFile(files, `${dir}/kustomization.yaml`, kustomizationFile({ resources: [...names, crd].sort() }));
}

function helmReleasePatch(release: Manifest, spec: Record<string, unknown>): Manifest {
  return {
    apiVersion: release.apiVersion,
    kind: 'HelmRelease',
    metadata: { name: release.metadata!.name, namespace: release.metadata!.namespace },
    spec,
  };
}

/** One patch file of a release overlay. */
interface ReleasePatch {
  readonly file: string;
  readonly manifests: Manifest[];
  readonly header: string;
  /** Patches the chart source (an OCIRepository), which stays in the controllers base. */
  readonly onSource?: boolean;
}

/** Patches that move a release of this cluster away from the shared base. */
function releasePatches(
  cluster: Cluster,
  component: ComponentName,
  release: ReleaseName,
  base: ComponentBase,
): ReleasePatch[] {
  const manifest = base.releases.get(release);
  if (!manifest) throw new Error(`no HelmRelease ${release} in the ${component} base`);
  const spec = manifest.spec as Record<string, any>;
  const out: ReleasePatch[] = [];

  const version = cluster.components[component]!.version;
  if (version !== base.version && !base.ownVersion.has(release)) {
    if (spec.chartRef) {
      out.push({
        file: 'source',
        onSource: true,
        header: `Chart version ${version} for this cluster (the shared base pins ${base.version}).`,
        manifests: [
          {
            apiVersion: 'source.toolkit.fluxcd.io/v1',
            kind: 'OCIRepository',
            metadata: { name: spec.chartRef.name, namespace: spec.chartRef.namespace },
            spec: { ref: { tag: version } },
          },
        ],
      });
    } else {
      out.push({
        file: 'version',
        header: `Chart version ${version} for this cluster (the shared base pins ${base.version}).`,
        manifests: [helmReleasePatch(manifest, { chart: { spec: { version } } })],
      });
    }
  }

  const ctx = clusterContext(cluster);
  const wanted = clusterDependencies(release, ctx.enabled);
  const baseline = baseDependencies(release);
  if (JSON.stringify(wanted) !== JSON.stringify(baseline)) {
    out.push({
      file: 'depends-on',
      header: 'Install order in this cluster: the shared dependencies plus the optional components enabled here.',
      manifests: [helmReleasePatch(manifest, { dependsOn: wanted.map((d) => ({ name: d.name, namespace: d.namespace })) })],
    });
  }

  const blueprint = BLUEPRINTS[component];
  const layers = cluster.valueLayers[component];
  const tiers: Record<(typeof VALUE_TIERS)[number]['tier'], Values | undefined> = {
    platform: blueprint.clusterValues(ctx)[release],
    environment: blueprint.releaseValues(layers?.environment)[release],
    cluster: blueprint.releaseValues(layers?.cluster)[release],
  };
  for (const { tier, note } of VALUE_TIERS) {
    const values = tiers[tier];
    if (!values || Object.keys(values).length === 0) continue;
    out.push({ file: `values-${tier}`, header: note.replace('<c>', component), manifests: [helmReleasePatch(manifest, { values })] });
  }
  return out;
}

/**
 * The patches of one cluster's releases that belong in the overlay of `layer`: the HelmRelease
 * patches of the releases installed from that layer, and every chart-source patch in the
 * controllers overlay (the sources live in the controllers bases).
 */
function layerPatches(
  files: GitopsFiles,
  dir: string,
  cluster: Cluster,
  component: ComponentName,
  base: ComponentBase,
  layer: 'controllers' | 'services',
): string[] {
  const patches: string[] = [];
  const releases = releasesOf(component);
  for (const release of releases) {
    const prefix = releases.length > 1 ? `${release}-` : '';
    for (const patch of releasePatches(cluster, component, release, base)) {
      const wanted = patch.onSource ? 'controllers' : releaseLayer(release);
      if (wanted !== layer) continue;
      const path = `${component}/${prefix}${patch.file}.yaml`;
      addFile(files, `${dir}/${path}`, manifestsFile(patch.manifests, patch.header));
      patches.push(path);
    }
  }
  return patches;
}

const PATCH_ORDER_NOTE = [
  'Patches apply in order: version, depends-on, then values platform -> environment -> cluster (later wins;',
  'maps merge key by key, lists are replaced, null removes a key - the same rules as Helm values).',
];

/** The controllers overlay of one cluster: enabled bases, the secrets folder and the value tiers. */
function addControllersOverlay(files: GitopsFiles, cluster: Cluster, bases: ReadonlyMap<ComponentName, ComponentBase>): void {
  const dir = LAYOUT.controllers(cluster.name);
  const resources: string[] = [];
  const patches: string[] = [];
  for (const component of enabledComponents(cluster)) {
    resources.push(relativePath(dir, LAYOUT.controllerBase(component)));
    patches.push(...layerPatches(files, dir, cluster, component, bases.get(component)!, 'controllers'));
  }
  if (k3sVersionOf(cluster)) resources.push(relativePath(dir, LAYOUT.systemUpgradeBase));
  resources.push(relativePath(dir, LAYOUT.secrets(cluster.name)));
  addFile(
    files,
    `${dir}/kustomization.yaml`,
    kustomizationFile({
      resources,
      patches,
      header: [`Controllers of cluster ${cluster.name}: only the components enabled in its config.`, ...PATCH_ORDER_NOTE],
    }),
  );
}

/**
 * The services overlay of one cluster: the HelmReleases whose workloads need objects of the
 * configs layer (applied by infra-services, after infra-configs), with their value tiers. Written
 * for every cluster, empty when none is enabled, so every cluster has the same chain of layers.
 */
function addServicesOverlay(files: GitopsFiles, cluster: Cluster, bases: ReadonlyMap<ComponentName, ComponentBase>): void {
  const dir = LAYOUT.services(cluster.name);
  const resources: string[] = [];
  const patches: string[] = [];
  for (const component of enabledComponents(cluster)) {
    const base = bases.get(component)!;
    if (!base.hasServices) continue;
    resources.push(relativePath(dir, LAYOUT.serviceBase(component)));
    patches.push(...layerPatches(files, dir, cluster, component, base, 'services'));
  }
  addFile(
    files,
    `${dir}/kustomization.yaml`,
    kustomizationFile({
      resources,
      patches,
      header: [
        `Services of cluster ${cluster.name}: platform releases whose workloads need objects of infra-configs (a database,`,
        'a cache, a certificate), so they are installed after it. Their namespaces and chart sources are in the controllers.',
        ...PATCH_ORDER_NOTE,
      ],
    }),
  );
}

/** The configs overlay of one cluster: enabled shared configs plus the cluster's own objects. */
function addConfigsOverlay(files: GitopsFiles, app: App, cluster: Cluster, bases: ReadonlyMap<ComponentName, ComponentBase>): void {
  const dir = LAYOUT.configs(cluster.name);
  const resources: string[] = [];
  const ctx = clusterContext(cluster);
  for (const component of enabledComponents(cluster)) {
    if (bases.get(component)!.hasSharedConfigs) resources.push(relativePath(dir, LAYOUT.configBase(component)));
    const blueprint = BLUEPRINTS[component];
    if (!blueprint.clusterConfigs) continue;
    const configs = chart(app, `${cluster.name}-configs-${component}`);
    blueprint.clusterConfigs(configs, ctx);
    const manifests = chartManifests(configs);
    if (manifests.length === 0) continue;
    for (const name of writeFolder(files, `${dir}/${component}`, manifests, [`${component} objects specific to cluster ${cluster.name}.`])) {
      resources.push(`${component}/${name}`);
    }
  }
  // OKE: a StorageClass for OCI block volumes through the cloud's CSI driver (k3s clusters use Longhorn).
  if (ctx.provider === 'oci-oke') {
    const storage = chart(app, `${cluster.name}-configs-storage`);
    new OciBlockStorageClass(storage, 'oci-block', {});
    for (const name of writeFolder(files, `${dir}/storage`, chartManifests(storage), [`Storage classes of cluster ${cluster.name} (OCI block volumes).`])) {
      resources.push(`storage/${name}`);
    }
  }
  // k3s: the node upgrade Plans (servers, then agents) at the cluster's k3sVersion, after the controller and its CRD.
  const k3sVersion = k3sVersionOf(cluster);
  if (k3sVersion) {
    const upgrades = chart(app, `${cluster.name}-configs-system-upgrade`);
    new K3sUpgradePlans(upgrades, 'k3s', { k3sVersion });
    for (const name of writeFolder(files, `${dir}/system-upgrade`, chartManifests(upgrades), [
      `k3s node upgrades of cluster ${cluster.name}: every node moves to ${k3sVersion} (vps.k3sVersion), servers first, one node at a time.`,
    ])) {
      resources.push(`system-upgrade/${name}`);
    }
  }
  addFile(
    files,
    `${dir}/kustomization.yaml`,
    kustomizationFile({
      resources,
      header: [
        `Configs of cluster ${cluster.name}: custom resources that need the controllers' CRDs and webhooks, and the objects`,
        '(databases, caches, certificates, routes) the services of infra-services need before they start.',
      ],
    }),
  );
}

/** Shared bases plus every cluster's controllers, configs and services overlays. */
export function addInfrastructure(files: GitopsFiles, app: App, platform: Platform, defaults: FluxDefaults): void {
  const bases = addBases(files, app, platform, defaults);
  if (platform.clusters.some((c) => k3sVersionOf(c) !== undefined)) addSystemUpgradeBase(files, app);
  for (const cluster of platform.clusters) {
    addControllersOverlay(files, cluster, bases);
    addConfigsOverlay(files, app, cluster, bases);
    addServicesOverlay(files, cluster, bases);
  }
}
