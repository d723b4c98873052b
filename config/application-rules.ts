import { APPLICATION_CATALOGUE } from './application-catalogue';
import { isPinnedImage, pinnedImageReason } from './pinned-image';
import type { Finding } from './rules';
import { APPLICATIONS, type ResolvedCluster } from './schema';

/**
 * The company applications of a cluster (`applications:`):
 * - `application-requires`: an enabled application needs the components of its catalogue entry
 *   (CloudNativePG for its database, the Redis operator for its cache, OAuth2-Proxy when its route
 *   sits behind it), an ingress (Envoy Gateway or ingress-nginx) and cert-manager, and an identity
 *   provider (Dex or Keycloak) when it signs users in itself;
 * - `application-settings`: `database` on an application without one, and a subdomain another
 *   application or a platform service of the cluster already uses;
 * - `image-pinned`: the image a workload application runs (its catalogue image with `version` as the
 *   tag) must take the form its construct checks (checkPinnedImage with the catalogue's `pin`, e.g.
 *   Forgejo's full version ending in -rootless);
 * - `application-scale-to-zero`: `scaleToZero.enabled` needs the sablier and envoy-gateway components
 *   (the Wasm filter is an Envoy Gateway policy) and an application whose catalogue entry allows it;
 * - `tenant-namespace`: a tenant named like the namespace of an enabled application (its group would
 *   become admin of the application's namespace).
 */
export function checkApplications(cluster: ResolvedCluster): Finding[] {
  const findings: Finding[] = [];
  const enabled = (name: string) => cluster.components[name as keyof typeof cluster.components]?.enabled === true;
  const hosts = new Map<string, string>(Object.entries(cluster.subdomains).map(([service, label]) => [label, `the platform service ${service}`]));
  for (const app of APPLICATIONS) {
    const settings = cluster.applications?.[app];
    if (!settings?.enabled) continue;
    const info = APPLICATION_CATALOGUE[app];
    const at = (...path: (string | number)[]) => ['applications', app, ...path];
    for (const component of info.requires) {
      if (!enabled(component)) findings.push({ path: at('enabled'), value: true, rule: 'application-requires', message: `${app} needs ${component} enabled` });
    }
    if (!enabled('envoy-gateway') && !enabled('ingress-nginx')) {
      findings.push({ path: at('enabled'), value: true, rule: 'application-requires', message: `${app} needs an ingress controller (envoy-gateway or ingress-nginx) enabled: it is served at https://<subdomain>.<domain>` });
    }
    if (info.signIn === 'oidc' && !enabled('dex') && !enabled('keycloak')) {
      findings.push({ path: at('enabled'), value: true, rule: 'application-requires', message: `${app} signs users in with OpenID Connect and needs an identity provider (dex or keycloak) enabled` });
    }
    if (info.source.kind === 'workload') {
      const image = `${info.source.image}:${settings.version}`;
      if (!isPinnedImage(image, info.source.pin)) {
        findings.push({ path: at('version'), value: settings.version, rule: 'image-pinned', message: `${app} would run the image ${image}, which ${pinnedImageReason(info.source.pin)}` });
      }
    }
    if (settings.database && !info.database) {
      findings.push({ path: at('database'), value: settings.database, rule: 'application-settings', message: `${app} uses no PostgreSQL database; remove database` });
    }
    if (settings.scaleToZero?.enabled) {
      const where = at('scaleToZero', 'enabled');
      if (!info.scaleToZero.supported) {
        findings.push({ path: where, value: true, rule: 'application-scale-to-zero', message: `${app} cannot scale to zero: ${info.scaleToZero.reason}` });
      } else {
        for (const component of ['sablier', 'envoy-gateway'] as const) {
          if (!enabled(component)) findings.push({ path: where, value: true, rule: 'application-scale-to-zero', message: `${app}: scaleToZero needs ${component} enabled (Sablier starts it; Envoy Gateway's Wasm filter asks Sablier)` });
        }
      }
    }
    const label = settings.subdomain ?? info.subdomain;
    const taken = hosts.get(label);
    if (taken) findings.push({ path: at('subdomain'), value: label, rule: 'application-settings', message: `${app}: subdomain ${label} is already used by ${taken}` });
    hosts.set(label, `the application ${app}`);
    if (cluster.tenants[info.namespace]) {
      findings.push({
        path: ['tenants', info.namespace],
        value: info.namespace,
        rule: 'tenant-namespace',
        message: `${info.namespace} is the namespace of the company application ${app}; a tenant's namespace is its name, and its group would become admin there: choose another tenant name`,
      });
    }
  }
  return findings;
}
