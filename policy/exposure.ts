/**
 * What the platform exposes through its ingress, judged on the offline render (docs/security.md,
 * "Sign-in and admin surfaces"):
 *
 * - render-sso-scope: OAuth2-Proxy's session cookie and post-sign-in redirects stay on platform
 *   hosts. No cookie domain (from `--cookie-domain`, `cookie_domains` in its config file or
 *   `OAUTH2_PROXY_COOKIE_DOMAINS`) may cover the cluster domain or a tenant's domain (tenants serve
 *   `<host>.<tenant>.<domain>`, so `.<domain>` hands the platform session to every tenant app), and
 *   no `whitelist-domain` wildcard may; in a production cluster the proxy must not admit every
 *   email domain (`*`) without an allowed group.
 * - render-grafana-sso: a Grafana that an HTTPRoute or Ingress exposes signs in only through single
 *   sign-on: `[auth] disable_login_form = true`, `[auth.basic] enabled = false`, an OAuth provider
 *   enabled, no anonymous access (grafana.ini as the chart renders it, `GF_*` overrides included).
 * - render-admin-exposure: every route that reaches Vault (chart vault or openbao: UI and API) or
 *   Keycloak's administration (chart keycloakx: `/admin`, the master realm) is fenced by a
 *   SecurityPolicy that admits only the admin ranges (`authorization`, default Deny, Allow rules on
 *   `principal.clientCIDRs` inside `network.adminCidrs`) or requires sign-in (`extAuth`, fail
 *   closed); on ingress-nginx, `whitelist-source-range` or `auth-url`. The route that serves a path
 *   is the one Gateway API picks: the longest matching prefix among the host's routes. And Vault's
 *   listener keeps `unauthenticated_metrics_access` off.
 */
import { contains, parseCidr, type CidrRange } from '../config/cidr';
import type { Platform } from '../config/load';
import { renderedResource, type ClusterRender, type JsonObject, type RenderedObject } from '../render/types';
import type { RawFinding } from './types';

/** What the judges know of a cluster beyond its render (from config). */
export interface ExposureContext {
  /** The cluster domain; default: the platform Gateway's shared listener hostname. */
  readonly domain?: string;
  /** `<tenant>.<domain>` of every tenant; default: the Gateway's other listeners and the tenant Namespaces. */
  readonly tenantDomains?: readonly string[];
  /** `network.adminCidrs`; without them only the shape of a CIDR fence is checked. */
  readonly adminCidrs?: readonly string[];
  /** The environment has `production: true`. */
  readonly production?: boolean;
}

const TENANT_LABEL = 'toolkit.fluxcd.io/tenant';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const meta = (o: JsonObject): JsonObject => (isObject(o.metadata) ? o.metadata : {});
const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function allObjects(render: ClusterRender): RenderedObject[] {
  return [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
}

/** `host` is `domain` or below it. */
function under(host: string, domain: string): boolean {
  const d = domain.replace(/^\*?\./, '').toLowerCase();
  const h = host.toLowerCase();
  return d.length > 0 && (h === d || h.endsWith(`.${d}`));
}

/** The cluster domain and tenant domains: from config when given, else from the Gateway listeners and tenant Namespaces. */
export function clusterDomains(render: ClusterRender, context: ExposureContext = {}): { domain?: string; tenantDomains: string[] } {
  const wildcards: string[] = [];
  for (const { object } of allObjects(render)) {
    if (object.kind !== 'Gateway' || !String(object.apiVersion).startsWith('gateway.networking.k8s.io/')) continue;
    const spec = isObject(object.spec) ? object.spec : {};
    for (const listener of list(spec.listeners)) {
      if (typeof listener.hostname === 'string' && listener.hostname.startsWith('*.')) wildcards.push(listener.hostname.slice(2));
    }
  }
  // The shared listener's hostname is the one every other lies under.
  const derived = wildcards.find((w) => wildcards.every((o) => under(o, w)));
  const domain = context.domain ?? derived;
  const tenants = new Set(context.tenantDomains ?? []);
  if (!context.tenantDomains && domain) {
    for (const w of wildcards) if (w !== domain && under(w, domain)) tenants.add(w);
    for (const { object } of allObjects(render)) {
      const labels = isObject(meta(object).labels) ? (meta(object).labels as JsonObject) : {};
      if (object.kind === 'Namespace' && typeof labels[TENANT_LABEL] === 'string') tenants.add(`${String(meta(object).name)}.${domain}`);
    }
  }
  return { ...(domain ? { domain } : {}), tenantDomains: [...tenants].sort() };
}

// ---------------------------------------------------------------------------------------------
// OAuth2-Proxy

/** `--flag=value` arguments, by flag, every occurrence (comma lists split). */
function flagValues(args: readonly string[], flag: string): string[] | undefined {
  const values = args.filter((a) => a.startsWith(`--${flag}=`)).map((a) => a.slice(flag.length + 3));
  return values.length ? values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean) : undefined;
}

/** `key = "x"` or `key = ["x", "y"]` from oauth2_proxy.cfg (TOML). */
function cfgValues(cfg: string, key: string): string[] | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, 'm').exec(cfg);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/"([^"]*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2] ?? '').filter(Boolean);
}

function envValue(container: JsonObject, name: string): string[] | undefined {
  const entry = list(container.env).find((e) => e.name === name && typeof e.value === 'string');
  return entry ? String(entry.value).split(',').map((v) => v.trim()).filter(Boolean) : undefined;
}

function containersOf(object: JsonObject): JsonObject[] {
  const spec = isObject(object.spec) ? object.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const pod = isObject(template.spec) ? template.spec : {};
  return list(pod.containers);
}

export function ssoScopeFindings(render: ClusterRender, context: ExposureContext = {}): RawFinding[] {
  const findings: RawFinding[] = [];
  const { domain, tenantDomains } = clusterDomains(render, context);
  const objects = allObjects(render);
  for (const rendered of objects) {
    const { object } = rendered;
    if (object.kind !== 'Deployment') continue;
    for (const container of containersOf(object)) {
      if (!/(^|\/)oauth2-proxy(:|@|$)/.test(String(container.image ?? ''))) continue;
      const args = strings(container.args);
      // Its config file, when mounted from a ConfigMap of the same namespace.
      const cfg = objects
        .filter((o) => o.object.kind === 'ConfigMap' && meta(o.object).namespace === meta(object).namespace && isObject(o.object.data) && typeof (o.object.data as JsonObject)['oauth2_proxy.cfg'] === 'string')
        .map((o) => String((o.object.data as JsonObject)['oauth2_proxy.cfg']))
        .join('\n');
      const setting = (flag: string, cfgKey: string, env: string) => flagValues(args, flag) ?? envValue(container, env) ?? cfgValues(cfg, cfgKey);
      const resource = renderedResource(render.cluster, rendered);
      const where = `cluster ${render.cluster}: OAuth2-Proxy (Deployment ${String(meta(object).namespace)}/${String(meta(object).name)})`;
      // What a cookie or redirect domain reaches beyond the platform's own hosts.
      const exposes = (value: string): string[] => {
        const tenants = tenantDomains.filter((t) => under(t, value)).map((t) => `*.${t}`);
        if (domain && under(domain, value)) return [`every host under ${domain}${tenants.length ? `, tenant apps included (${tenants.join(', ')})` : ' (and every tenant added later)'}`];
        return tenants;
      };
      for (const cookieDomain of setting('cookie-domain', 'cookie_domains', 'OAUTH2_PROXY_COOKIE_DOMAINS') ?? []) {
        const reached = exposes(cookieDomain);
        if (reached.length === 0) continue;
        findings.push({
          rule: 'render-sso-scope',
          resource,
          message: `${where}: cookie domain ${cookieDomain} sends the platform session cookie to ${reached.join(', ')}: a tenant app receives the session of every platform user who visits it. Leave cookie-domain unset (a host-only cookie on each host the proxy serves)`,
        });
      }
      for (const entry of setting('whitelist-domain', 'whitelist_domains', 'OAUTH2_PROXY_WHITELIST_DOMAINS') ?? []) {
        const host = entry.replace(/:(\d+|\*)$/, '');
        const wildcard = host.startsWith('.') || host.startsWith('*.');
        const reached = wildcard ? exposes(host) : tenantDomains.filter((t) => under(host, t)).map((t) => `*.${t}`);
        if (reached.length === 0) continue;
        findings.push({
          rule: 'render-sso-scope',
          resource,
          message: `${where}: whitelist-domain ${entry} lets sign-in redirect browsers (with their session) to ${reached.join(', ')}; list the exact platform hosts the proxy serves`,
        });
      }
      if (context.production) {
        const emails = setting('email-domain', 'email_domains', 'OAUTH2_PROXY_EMAIL_DOMAINS') ?? [];
        const groups = setting('allowed-group', 'allowed_groups', 'OAUTH2_PROXY_ALLOWED_GROUPS') ?? [];
        if ((emails.length === 0 || emails.includes('*')) && groups.length === 0) {
          findings.push({
            rule: 'render-sso-scope',
            resource,
            message: `${where}: admits every identity the identity provider accepts (email domain ${emails.length ? '*' : 'unset'}, no allowed group) in a production cluster; set identity.allowedEmailDomains or identity.allowedGroups`,
          });
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Routes: who serves which path, and what fences a route

interface Backend {
  readonly namespace: string;
  readonly name: string;
}

interface RouteRule {
  /** The route object. */
  readonly rendered: RenderedObject;
  readonly kind: 'HTTPRoute' | 'Ingress';
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly prefix: string;
  readonly exact: boolean;
  readonly backends: readonly Backend[];
}

function routeRules(objects: readonly RenderedObject[]): RouteRule[] {
  const out: RouteRule[] = [];
  for (const rendered of objects) {
    const { object } = rendered;
    const m = meta(object);
    const namespace = String(m.namespace ?? 'default');
    const name = String(m.name);
    const spec = isObject(object.spec) ? object.spec : {};
    if (object.kind === 'HTTPRoute' && String(object.apiVersion).startsWith('gateway.networking.k8s.io/')) {
      const hosts = strings(spec.hostnames);
      for (const rule of list(spec.rules)) {
        const backends = list(rule.backendRefs)
          .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '')
          .map((b) => ({ namespace: String(b.namespace ?? namespace), name: String(b.name) }));
        const matches = list(rule.matches);
        const paths = matches.length ? matches.map((x) => (isObject(x.path) ? x.path : { type: 'PathPrefix', value: '/' })) : [{ type: 'PathPrefix', value: '/' }];
        for (const host of hosts.length ? hosts : ['*']) {
          for (const path of paths) {
            const type = String((path as JsonObject).type ?? 'PathPrefix');
            if (type !== 'PathPrefix' && type !== 'Exact') continue;
            out.push({ rendered, kind: 'HTTPRoute', namespace, name, host, prefix: String((path as JsonObject).value ?? '/'), exact: type === 'Exact', backends });
          }
        }
      }
    }
    if (object.kind === 'Ingress' && String(object.apiVersion).startsWith('networking.k8s.io/')) {
      for (const rule of list(spec.rules)) {
        const http = isObject(rule.http) ? rule.http : {};
        for (const path of list(http.paths)) {
          const backend = isObject(path.backend) && isObject(path.backend.service) ? path.backend.service : undefined;
          out.push({
            rendered,
            kind: 'Ingress',
            namespace,
            name,
            host: String(rule.host ?? '*'),
            prefix: String(path.path ?? '/'),
            exact: path.pathType === 'Exact',
            backends: backend ? [{ namespace, name: String(backend.name) }] : [],
          });
        }
      }
    }
  }
  return out;
}

/** Gateway API / Ingress prefix matching: element-wise (`/admin` matches `/admin` and `/admin/x`, not `/administrator`). */
function prefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === '') return true;
  const p = prefix.replace(/\/+$/, '');
  return path === p || path.startsWith(`${p}/`);
}

/** The rule that serves `path` on `host` among the rules of that host (exact first, then the longest prefix), per ingress kind. */
function winner(rules: readonly RouteRule[], kind: RouteRule['kind'], host: string, path: string): RouteRule | undefined {
  const candidates = rules.filter((r) => r.kind === kind && r.host === host && (r.exact ? r.prefix === path : prefixMatches(r.prefix, path)));
  return candidates.sort((a, b) => Number(b.exact) - Number(a.exact) || b.prefix.replace(/\/+$/, '').length - a.prefix.replace(/\/+$/, '').length)[0];
}

/** Why a route is not fenced to the admin ranges or sign-in, or undefined when it is. */
function unfenced(rule: RouteRule, objects: readonly RenderedObject[], admin: readonly CidrRange[] | undefined): string | undefined {
  const outside = (cidrs: readonly string[]) =>
    admin === undefined
      ? []
      : cidrs.filter((c) => {
          const range = parseCidr(c);
          return typeof range === 'string' || !admin.some((a) => contains(a, range));
        });
  if (rule.kind === 'Ingress') {
    const annotations = isObject(meta(rule.rendered.object).annotations) ? (meta(rule.rendered.object).annotations as JsonObject) : {};
    if (typeof annotations['nginx.ingress.kubernetes.io/auth-url'] === 'string') return undefined;
    const range = annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] ?? annotations['nginx.ingress.kubernetes.io/allowlist-source-range'];
    if (typeof range !== 'string') return 'no whitelist-source-range of the admin ranges and no auth-url';
    const wide = outside(range.split(',').map((c) => c.trim()).filter(Boolean));
    return wide.length ? `its whitelist-source-range admits ${wide.join(', ')}, outside network.adminCidrs` : undefined;
  }
  const policies = objects.filter(
    ({ object }) =>
      object.kind === 'SecurityPolicy' &&
      String(object.apiVersion).startsWith('gateway.envoyproxy.io/') &&
      String(meta(object).namespace) === rule.namespace &&
      isObject(object.spec) &&
      [...list(object.spec.targetRefs), ...(isObject(object.spec.targetRef) ? [object.spec.targetRef] : [])].some((t) => t.kind === 'HTTPRoute' && t.name === rule.name),
  );
  if (policies.length === 0) return 'no SecurityPolicy targets it';
  const reasons: string[] = [];
  for (const { object } of policies) {
    const spec = object.spec as JsonObject;
    const ext = isObject(spec.extAuth) ? spec.extAuth : undefined;
    if (ext && ext.failOpen !== true) return undefined;
    const authz = isObject(spec.authorization) ? spec.authorization : undefined;
    if (!authz) {
      reasons.push(`SecurityPolicy ${String(meta(object).name)} has neither authorization nor extAuth${ext ? ' (its extAuth fails open)' : ''}`);
      continue;
    }
    if ((authz.defaultAction ?? 'Deny') !== 'Deny') {
      reasons.push(`SecurityPolicy ${String(meta(object).name)} allows by default`);
      continue;
    }
    const allows = list(authz.rules).filter((r) => r.action === 'Allow');
    const open = allows.filter((r) => !isObject(r.principal) || strings(r.principal.clientCIDRs).length === 0);
    if (open.length) {
      reasons.push(`SecurityPolicy ${String(meta(object).name)} has an Allow rule without clientCIDRs (${open.map((r) => String(r.name ?? '?')).join(', ')})`);
      continue;
    }
    const wide = outside(allows.flatMap((r) => strings((r.principal as JsonObject).clientCIDRs)));
    if (wide.length) {
      reasons.push(`SecurityPolicy ${String(meta(object).name)} admits ${wide.join(', ')}, outside network.adminCidrs`);
      continue;
    }
    // Admin ranges only (or, with no Allow rule, nobody).
    return undefined;
  }
  return reasons.join('; ');
}

/** Admin surfaces: the Services of these charts' releases, and the paths that administer. */
const ADMIN_SURFACES: readonly { readonly charts: readonly string[]; readonly what: string; readonly paths: readonly string[] }[] = [
  { charts: ['vault', 'openbao'], what: 'Vault\'s UI and API', paths: ['/', '/ui/', '/v1/sys/metrics'] },
  { charts: ['keycloakx', 'keycloak'], what: 'Keycloak\'s administration', paths: ['/admin/', '/admin/master/console/', '/realms/master/'] },
];

export function adminExposureFindings(render: ClusterRender, context: ExposureContext = {}): RawFinding[] {
  const findings: RawFinding[] = [];
  const objects = allObjects(render);
  const rules = routeRules(objects);
  const admin = context.adminCidrs?.map((c) => parseCidr(c)).filter((r): r is CidrRange => typeof r !== 'string');
  for (const surface of ADMIN_SURFACES) {
    const releases = render.releases.filter((r) => surface.charts.includes(r.chart.name));
    const services = new Set(
      releases.flatMap((r) => r.objects.filter((o) => o.object.kind === 'Service').map((o) => `${String(meta(o.object).namespace ?? r.targetNamespace)}/${String(meta(o.object).name)}`)),
    );
    if (services.size === 0) continue;
    const reaching = rules.filter((r) => r.backends.some((b) => services.has(`${b.namespace}/${b.name}`)));
    const seen = new Set<string>();
    for (const kind of ['HTTPRoute', 'Ingress'] as const) {
      for (const host of new Set(reaching.filter((r) => r.kind === kind).map((r) => r.host))) {
        for (const path of surface.paths) {
          const served = winner(rules, kind, host, path);
          if (!served || !served.backends.some((b) => services.has(`${b.namespace}/${b.name}`))) continue;
          const key = `${kind}/${served.namespace}/${served.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const why = unfenced(served, objects, admin);
          if (why === undefined) continue;
          findings.push({
            rule: 'render-admin-exposure',
            resource: renderedResource(render.cluster, served.rendered),
            message: `cluster ${render.cluster}: ${kind} ${served.namespace}/${served.name} serves ${surface.what} (https://${host}${path}) to any client: ${why}. Admit only network.adminCidrs (a SecurityPolicy authorization with clientCIDRs and defaultAction Deny; PlatformRoute allowedCidrs) or put it behind sign-in`,
          });
        }
      }
    }
  }
  // Vault's metrics need a token.
  for (const release of render.releases.filter((r) => r.chart.name === 'vault' || r.chart.name === 'openbao')) {
    for (const rendered of release.objects.filter((o) => o.object.kind === 'ConfigMap')) {
      const data = isObject(rendered.object.data) ? rendered.object.data : {};
      for (const [key, text] of Object.entries(data)) {
        if (typeof text === 'string' && /unauthenticated_metrics_access\s*=\s*"?true"?/.test(text)) {
          findings.push({
            rule: 'render-admin-exposure',
            resource: renderedResource(render.cluster, rendered),
            message: `cluster ${render.cluster}: Vault's listener (ConfigMap ${String(meta(rendered.object).namespace)}/${String(meta(rendered.object).name)} ${key}) serves /v1/sys/metrics without a token (unauthenticated_metrics_access = true) to everything that reaches it; set it to false and give a scraper a token`,
          });
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Grafana

/** grafana.ini as sections of keys (lower-cased), the way Grafana's go-ini reads it. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = sections.get('')!;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      const name = section[1]!.trim().toLowerCase();
      if (!sections.has(name)) sections.set(name, new Map());
      current = sections.get(name)!;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) value = value.slice(1, -1);
    current.set(line.slice(0, eq).trim().toLowerCase(), value);
  }
  return sections;
}

/** Grafana's `GF_<SECTION>_<KEY>` override of a setting, when the container sets it literally. */
function grafanaEnv(containers: readonly JsonObject[], section: string, key: string): string | undefined {
  const name = `GF_${section.replace(/[.-]/g, '_')}_${key.replace(/[.-]/g, '_')}`.toUpperCase();
  for (const c of containers) {
    const entry = list(c.env).find((e) => e.name === name && typeof e.value === 'string');
    if (entry) return String(entry.value);
  }
  return undefined;
}

const SSO_SECTIONS = ['auth.generic_oauth', 'auth.github', 'auth.gitlab', 'auth.google', 'auth.azuread', 'auth.okta', 'auth.grafana_com'];

export function grafanaSsoFindings(render: ClusterRender): RawFinding[] {
  const findings: RawFinding[] = [];
  const objects = allObjects(render);
  const rules = routeRules(objects);
  for (const release of render.releases) {
    for (const rendered of release.objects) {
      const data = rendered.object.kind === 'ConfigMap' && isObject(rendered.object.data) ? rendered.object.data : undefined;
      if (typeof data?.['grafana.ini'] !== 'string') continue;
      const namespace = String(meta(rendered.object).namespace ?? release.targetNamespace);
      // Grafana's Services and Deployments in the same release (named after it by the chart).
      const services = release.objects.filter((o) => o.object.kind === 'Service' && /grafana/.test(String(meta(o.object).name)) && !/operator|exporter/.test(String(meta(o.object).name)));
      const names = new Set(services.map((o) => `${String(meta(o.object).namespace ?? namespace)}/${String(meta(o.object).name)}`));
      const exposed = rules.filter((r) => r.backends.some((b) => names.has(`${b.namespace}/${b.name}`)));
      if (exposed.length === 0) continue;
      const containers = release.objects
        .filter((o) => o.object.kind === 'Deployment' && /grafana/.test(String(meta(o.object).name)))
        .flatMap((o) => containersOf(o.object))
        .filter((c) => /grafana\/grafana|grafana-oss|grafana-enterprise/.test(String(c.image ?? '')));
      const ini = parseIni(data['grafana.ini']);
      const get = (section: string, key: string) => grafanaEnv(containers, section, key) ?? ini.get(section)?.get(key);
      const isTrue = (value: string | undefined) => value !== undefined && value.toLowerCase() === 'true';
      const problems: string[] = [];
      if (!isTrue(get('auth', 'disable_login_form'))) problems.push('its login form is on ([auth] disable_login_form is not true)');
      // Basic auth is on unless switched off.
      if (get('auth.basic', 'enabled')?.toLowerCase() !== 'false') problems.push('basic auth is on ([auth.basic] enabled is not false)');
      if (!SSO_SECTIONS.some((s) => isTrue(get(s, 'enabled')))) problems.push(`no single sign-on provider is enabled ([auth.generic_oauth] enabled = true or another of ${SSO_SECTIONS.slice(1).join(', ')})`);
      if (isTrue(get('auth.anonymous', 'enabled'))) problems.push('anonymous access is on');
      if (problems.length === 0) continue;
      findings.push({
        rule: 'render-grafana-sso',
        resource: renderedResource(render.cluster, rendered),
        message: `cluster ${render.cluster}: Grafana (ConfigMap ${namespace}/${String(meta(rendered.object).name)}) is exposed by ${[...new Set(exposed.map((r) => `${r.kind} ${r.namespace}/${r.name} (${r.host})`))].join(', ')} but ${problems.join('; ')}: anyone on the internet can try passwords on its local accounts. Sign in through the identity provider only, or do not route it`,
      });
    }
  }
  return findings;
}

/** The three exposure judges over one rendered cluster. */
export function exposureFindings(render: ClusterRender, context: ExposureContext = {}): RawFinding[] {
  return [...ssoScopeFindings(render, context), ...grafanaSsoFindings(render), ...adminExposureFindings(render, context)];
}

/** The exposure context of every cluster of a loaded platform (what `npm run check` passes the judges). */
export function exposureContexts(platform: Platform): Map<string, ExposureContext> {
  return new Map(
    platform.clusters.map((c) => [
      c.name,
      { domain: c.domain, tenantDomains: Object.keys(c.tenants).map((t) => `${t}.${c.domain}`), adminCidrs: c.network.adminCidrs, production: c.production },
    ]),
  );
}
