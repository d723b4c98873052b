import type { Cluster } from '../config/load';
import { APPLICATIONS, COMPONENTS, type ApplicationName, type ComponentName } from '../config/schema';
import { applicationHostname } from '../config/application-catalogue';
import { applicationOidcClients } from '../constructs/applications/oidc-clients';
import type { ClusterContext } from '../constructs/components/context';

/**
 * Where things go in gitops/ (the flux2-kustomize-helm-example layout, with every per-cluster
 * overlay under clusters/<cluster>/ so one cluster's folder is self-contained):
 *
 *   .sops.yaml                                      creation rules per cluster
 *   infrastructure/controllers/<component>/         shared base: namespace, policies, source, HelmRelease
 *   infrastructure/configs/<component>/             shared base: objects that need the controllers' CRDs
 *   infrastructure/services/<component>/            shared base: HelmReleases that need the configs (databases, caches)
 *   infrastructure/controllers/system-upgrade/      shared base of k3s clusters: the system-upgrade-controller
 *   clusters/<cluster>/kustomization.yaml           what the root Kustomization applies
 *   clusters/<cluster>/flux-system/                 GitRepository + root Kustomization (gotk-sync.yaml)
 *   clusters/<cluster>/infrastructure.yaml          Flux Kustomizations infra-controllers -> infra-configs -> infra-services
 *   clusters/<cluster>/apps.yaml                    Flux Kustomization apps (after infra-services)
 *   clusters/<cluster>/infrastructure/controllers/  overlay: enabled bases + value tiers as patches
 *   clusters/<cluster>/infrastructure/configs/      overlay: enabled config bases + cluster objects
 *   clusters/<cluster>/infrastructure/services/     overlay: enabled service bases + value tiers as patches
 *   clusters/<cluster>/apps/                        tenants and apps
 *   clusters/<cluster>/apps/secrets/                SOPS-encrypted Secrets of the apps (*.sops.yaml, in tenant namespaces)
 *   clusters/<cluster>/secrets/                     SOPS-encrypted Secrets (*.sops.yaml)
 */
export const LAYOUT = {
  sopsConfig: '.sops.yaml',
  readme: 'README.md',
  controllerBase: (component: string) => `infrastructure/controllers/${component}`,
  configBase: (component: string) => `infrastructure/configs/${component}`,
  serviceBase: (component: string) => `infrastructure/services/${component}`,
  systemUpgradeBase: 'infrastructure/controllers/system-upgrade',
  cluster: (cluster: string) => `clusters/${cluster}`,
  fluxSystem: (cluster: string) => `clusters/${cluster}/flux-system`,
  controllers: (cluster: string) => `clusters/${cluster}/infrastructure/controllers`,
  configs: (cluster: string) => `clusters/${cluster}/infrastructure/configs`,
  services: (cluster: string) => `clusters/${cluster}/infrastructure/services`,
  apps: (cluster: string) => `clusters/${cluster}/apps`,
  secrets: (cluster: string) => `clusters/${cluster}/secrets`,
  appSecrets: (cluster: string) => `clusters/${cluster}/apps/secrets`,
} as const;

/**
 * The repository path of the gitops/ root as Flux sees it, from the cluster's sync path, which must
 * be `<root>/clusters/<cluster>` (the default is ./gitops/clusters/<cluster>).
 */
export function repositoryRoot(cluster: Cluster): string {
  const suffix = `/clusters/${cluster.name}`;
  const path = cluster.gitopsPath.replace(/\/+$/, '');
  if (!path.endsWith(suffix) || path.length === suffix.length) {
    throw new Error(
      `cluster ${cluster.name}: gitops.path ${cluster.gitopsPath} must end with ${suffix} (the tree is written as gitops/clusters/<cluster>); remove gitops.path to use ./gitops${suffix}`,
    );
  }
  return path.slice(0, -suffix.length);
}

/** Components switched on in a cluster, in the canonical COMPONENTS order. */
export function enabledComponents(cluster: Cluster): ComponentName[] {
  return COMPONENTS.filter((c) => cluster.components[c]?.enabled === true);
}

/** Company applications switched on in a cluster, in the canonical APPLICATIONS order. */
export function enabledApplications(cluster: Cluster): ApplicationName[] {
  return APPLICATIONS.filter((a) => cluster.applications?.[a]?.enabled === true);
}

/** What components may know about a cluster. */
export function clusterContext(cluster: Cluster): ClusterContext {
  const applications = enabledApplications(cluster).map((name) => {
    const settings = cluster.applications?.[name];
    const sleep = settings?.scaleToZero;
    return {
      name,
      hostname: applicationHostname(name, cluster.domain, settings?.subdomain),
      ...(sleep?.enabled ? { scaleToZero: { sessionDuration: sleep.sessionDuration, strategy: sleep.strategy, theme: sleep.theme } } : {}),
    };
  });
  const enabled = new Set(enabledComponents(cluster));
  // Applications that speak OpenID Connect are static clients of Dex (Keycloak: a client made in its realm).
  const applicationClients = enabled.has('dex') ? applicationOidcClients(applications) : {};
  const dexClients = { ...applicationClients, ...(cluster.identity?.dexClients ?? {}) };
  return {
    name: cluster.name,
    environment: cluster.environment,
    production: cluster.production,
    acme: cluster.acme,
    domain: cluster.domain,
    provider: cluster.provider,
    dns: { provider: cluster.dns.provider, zone: cluster.dns.zone, proxied: cluster.dns.proxied },
    enabled,
    subdomains: cluster.subdomains,
    tenants: Object.keys(cluster.tenants).sort(),
    tenantDomains: Object.keys(cluster.tenants)
      .sort()
      .map((name) => `${name}.${cluster.domain}`),
    backups: cluster.backups,
    kmsUnseal: cluster.oci?.kmsUnseal,
    alertReceivers: cluster.alerting?.receivers,
    policyMode: cluster.identity?.policyMode,
    dexClients: Object.keys(dexClients).length > 0 ? dexClients : cluster.identity?.dexClients,
    dexConnectors: cluster.identity?.dexConnectors,
    adminCidrs: cluster.network.adminCidrs,
    signIn: {
      allowedEmailDomains: cluster.identity?.allowedEmailDomains,
      allowedGroups: cluster.identity?.allowedGroups,
      adminGroups: cluster.identity?.adminGroups,
    },
    applications: applications.length > 0 ? applications : undefined,
  };
}
