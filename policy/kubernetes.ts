/**
 * Rules over the gitops tree's Kubernetes objects: removed Flux APIs, retired or end-of-life
 * components, chart and image pinning, tenant namespace fences, app workload hardening, and the
 * inventory of load balancers each cluster's objects create (for the OCI Always Free rule).
 */
import { parseDocument } from 'yaml';
import { describeObject, groupOf, meta, objectResource, type GitopsModel, type K8sObject } from './gitops';
import type { LoadBalancerUse } from './terraform';
import { isObject, str, type JsonObject, type PolicyPlatform, type RawFinding } from './types';

const REMOVED_FLUX_APIS: Record<string, (kind: string) => string> = {
  'helm.toolkit.fluxcd.io/v2beta1': () => 'helm.toolkit.fluxcd.io/v2',
  'helm.toolkit.fluxcd.io/v2beta2': () => 'helm.toolkit.fluxcd.io/v2',
  'source.toolkit.fluxcd.io/v1beta1': () => 'source.toolkit.fluxcd.io/v1',
  'source.toolkit.fluxcd.io/v1beta2': () => 'source.toolkit.fluxcd.io/v1',
  'kustomize.toolkit.fluxcd.io/v1beta1': () => 'kustomize.toolkit.fluxcd.io/v1',
  'kustomize.toolkit.fluxcd.io/v1beta2': () => 'kustomize.toolkit.fluxcd.io/v1',
  'notification.toolkit.fluxcd.io/v1beta1': (k) => (k === 'Receiver' ? 'notification.toolkit.fluxcd.io/v1' : 'notification.toolkit.fluxcd.io/v1beta3'),
  'notification.toolkit.fluxcd.io/v1beta2': (k) => (k === 'Receiver' ? 'notification.toolkit.fluxcd.io/v1' : 'notification.toolkit.fluxcd.io/v1beta3'),
};

/** Exact SemVer 2.0 (optional leading v), as Helm and Flux take a pinned chart version. */
const EXACT_SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const OCI_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Tags that move by design; an image on one of them is not pinned. */
const MOVING_TAGS = new Set(['latest', 'stable', 'edge', 'main', 'master', 'nightly', 'dev', 'develop', 'head', 'canary']);

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

function isFlux(obj: JsonObject, group: string, kind: string): boolean {
  return groupOf(str(obj.apiVersion) ?? '') === group && obj.kind === kind;
}

const isHelmRelease = (obj: JsonObject) => isFlux(obj, 'helm.toolkit.fluxcd.io', 'HelmRelease');

function spec(obj: JsonObject): JsonObject {
  return isObject(obj.spec) ? obj.spec : {};
}

function finding(rule: string, o: K8sObject, message: string): RawFinding {
  return { rule, resource: objectResource(o), file: o.origin.file, line: o.origin.line, message };
}

/** Finds a Flux source by kind and name (namespace when both sides have one), in `pool`. */
function findSource(pool: readonly K8sObject[], kind: string | undefined, name: string | undefined, namespace: string | undefined): K8sObject | undefined {
  const candidates = pool.filter((o) => o.obj.kind === kind && meta(o.obj).name === name && groupOf(str(o.obj.apiVersion) ?? '') === 'source.toolkit.fluxcd.io');
  return candidates.find((o) => meta(o.obj).namespace === namespace) ?? candidates.find((o) => meta(o.obj).namespace === undefined || namespace === undefined);
}

/** The chart a HelmRelease installs: its name, and where it comes from (repository URL). */
export function chartOf(hr: JsonObject, pool: readonly K8sObject[]): { name?: string; url?: string } {
  const s = spec(hr);
  const namespace = meta(hr).namespace;
  if (isObject(s.chartRef)) {
    const source = findSource(pool, str(s.chartRef.kind), str(s.chartRef.name), str(s.chartRef.namespace) ?? namespace);
    if (!source) return {};
    if (source.obj.kind === 'HelmChart') return { name: str(spec(source.obj).chart) };
    const url = str(spec(source.obj).url);
    return { name: url?.replace(/\/+$/, '').split('/').pop(), url };
  }
  const chartSpec = isObject(s.chart) && isObject(s.chart.spec) ? s.chart.spec : {};
  const sourceRef = isObject(chartSpec.sourceRef) ? chartSpec.sourceRef : {};
  const source = findSource(pool, str(sourceRef.kind), str(sourceRef.name), str(sourceRef.namespace) ?? namespace);
  return { name: str(chartSpec.chart), url: source ? str(spec(source.obj).url) : undefined };
}

/** Why a HelmRelease's chart is not pinned, or undefined. */
function unpinned(hr: JsonObject, pool: readonly K8sObject[]): string | undefined {
  const s = spec(hr);
  const namespace = meta(hr).namespace;
  if (isObject(s.chartRef)) {
    const kind = str(s.chartRef.kind);
    const target = `${kind} ${str(s.chartRef.namespace) ?? namespace ?? ''}/${str(s.chartRef.name)}`;
    const source = findSource(pool, kind, str(s.chartRef.name), str(s.chartRef.namespace) ?? namespace);
    if (!source) return `spec.chartRef points at ${target}, which is not in the gitops tree, so its version cannot be checked; add the source next to the HelmRelease`;
    const sourceSpec = spec(source.obj);
    if (kind === 'HelmChart') return EXACT_SEMVER.test(str(sourceSpec.version) ?? '') ? undefined : `spec.chartRef points at ${target}, whose spec.version ${JSON.stringify(sourceSpec.version ?? null)} is not an exact version; pin one such as 1.2.3`;
    const ref = isObject(sourceSpec.ref) ? sourceSpec.ref : {};
    if (typeof ref.digest === 'string') return OCI_DIGEST.test(ref.digest) ? undefined : `spec.chartRef points at ${target}, whose ref.digest is not a sha256 digest`;
    if (ref.semver !== undefined) return `spec.chartRef points at ${target}, which selects a semver range (ref.semver ${JSON.stringify(ref.semver)}); pin ref.tag to an exact version or ref.digest`;
    if (EXACT_SEMVER.test(str(ref.tag) ?? '')) return undefined;
    return `spec.chartRef points at ${target} with ${ref.tag === undefined ? 'no ref.tag (Flux pulls "latest")' : `ref.tag ${JSON.stringify(ref.tag)}, not an exact version`}; pin ref.tag to an exact version or ref.digest`;
  }
  const chartSpec = isObject(s.chart) && isObject(s.chart.spec) ? s.chart.spec : undefined;
  if (!chartSpec) return 'has neither spec.chart.spec nor spec.chartRef';
  if (chartSpec.version === undefined) return 'has no spec.chart.spec.version, so Flux installs the newest chart; pin an exact version (environments/defaults.yaml components.<name>.version)';
  if (!EXACT_SEMVER.test(String(chartSpec.version))) return `has spec.chart.spec.version ${JSON.stringify(chartSpec.version)}, a range or wildcard; pin an exact version such as 1.2.3`;
  return undefined;
}

/** Containers of a workload (init, regular, ephemeral) with the pod spec they belong to. */
export function podSpecOf(obj: JsonObject): JsonObject | undefined {
  const kind = str(obj.kind) ?? '';
  if (!WORKLOAD_KINDS.has(kind)) return undefined;
  const s = spec(obj);
  if (kind === 'Pod') return s;
  if (kind === 'CronJob') {
    const job = isObject(s.jobTemplate) && isObject(s.jobTemplate.spec) ? s.jobTemplate.spec : {};
    return isObject(job.template) && isObject(job.template.spec) ? job.template.spec : undefined;
  }
  return isObject(s.template) && isObject(s.template.spec) ? s.template.spec : undefined;
}

function containersOf(pod: JsonObject): { container: JsonObject; field: string }[] {
  const out: { container: JsonObject; field: string }[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = pod[field];
    if (Array.isArray(list)) for (const c of list) if (isObject(c)) out.push({ container: c, field });
  }
  return out;
}

/** Why an image reference is not pinned, or undefined. */
export function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return `image ${image} has no tag (it means latest)`;
  const tag = image.slice(colon + 1);
  if (MOVING_TAGS.has(tag.toLowerCase())) return `image ${image} uses the moving tag ${tag}`;
  return undefined;
}

/** Per-object rules over the documents as written. */
export function objectRules(raw: readonly K8sObject[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const o of raw) {
    const apiVersion = str(o.obj.apiVersion) ?? '';
    const kind = str(o.obj.kind) ?? '';
    const replacement = REMOVED_FLUX_APIS[apiVersion]?.(kind);
    if (replacement) {
      findings.push(finding('flux-api-removed', o, `${describeObject(o)} uses ${apiVersion}, which current Flux no longer serves; write it as ${replacement} (check the field changes in the Flux upgrade notes)`));
    }
    if (isHelmRelease(o.obj)) {
      const reason = unpinned(o.obj, raw);
      if (reason) findings.push(finding('helm-chart-unpinned', o, `${describeObject(o)} ${reason}`));
      const chart = chartOf(o.obj, raw);
      const values = isObject(spec(o.obj).values) ? (spec(o.obj).values as JsonObject) : {};
      if (chart.name === 'ingress-nginx' || /kubernetes\.github\.io\/ingress-nginx/.test(chart.url ?? '')) {
        findings.push(finding('ingress-nginx-retired', o, `${describeObject(o)} installs ingress-nginx, retired upstream in March 2026 (no more fixes, security ones included); move its routes to envoy-gateway (Gateway API) and disable components.ingress-nginx`));
      }
      if (chart.name === 'promtail') {
        findings.push(finding('promtail-eol', o, `${describeObject(o)} installs Promtail, which is end of life; collect logs with Grafana Alloy (components.alloy) instead`));
      } else if (chart.name === 'loki-stack') {
        const promtail = isObject(values.promtail) ? values.promtail : {};
        if (promtail.enabled !== false) findings.push(finding('promtail-eol', o, `${describeObject(o)} installs loki-stack, which runs Promtail (end of life) unless promtail.enabled is false; use the loki chart with Grafana Alloy instead`));
      }
    }
    const pod = podSpecOf(o.obj);
    if (pod) {
      for (const { container, field } of containersOf(pod)) {
        const image = container.image;
        const problem = imageProblem(image);
        const where = `${field} ${str(container.name) ?? '(unnamed)'}`;
        if (problem) findings.push(finding('image-unpinned', o, `${describeObject(o)} ${where}: ${problem}; pin a version tag or a digest (name@sha256:...)`));
        if (typeof image === 'string' && /(^|\/)promtail([:@]|$)/.test(image)) {
          findings.push(finding('promtail-eol', o, `${describeObject(o)} ${where} runs ${image}: Promtail is end of life; use Grafana Alloy`));
        }
        if (typeof image === 'string' && /ingress-nginx\/controller([:@]|$)/.test(image)) {
          findings.push(finding('ingress-nginx-retired', o, `${describeObject(o)} ${where} runs ${image}: ingress-nginx is retired; use envoy-gateway`));
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Tenant and app namespaces

const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';
const TENANT_LABEL = 'toolkit.fluxcd.io/tenant';

function isDefaultDeny(np: JsonObject): boolean {
  const s = spec(np);
  const selector = isObject(s.podSelector) ? s.podSelector : undefined;
  const selectsAll = selector !== undefined && Object.values(selector).every((v) => v === undefined || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0));
  const types = Array.isArray(s.policyTypes) ? s.policyTypes : [];
  const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && empty(s.ingress) && empty(s.egress);
}

/** Tenant and app namespaces of a cluster: its tenants, its apps' tenants, and namespaces labelled as a tenant's. */
function tenantNamespaces(platform: PolicyPlatform, cluster: string | undefined, objects: readonly K8sObject[]): Set<string> {
  const names = new Set<string>();
  for (const c of platform.clusters) {
    if (cluster !== undefined && c.name !== cluster) continue;
    for (const t of Object.keys(c.tenants)) names.add(t);
    for (const app of Object.values(c.apps)) names.add(app.tenant);
  }
  for (const o of objects) if (o.obj.kind === 'Namespace' && meta(o.obj).labels[TENANT_LABEL] !== undefined && meta(o.obj).name) names.add(meta(o.obj).name!);
  return names;
}

export function namespaceRules(model: GitopsModel, platform: PolicyPlatform): RawFinding[] {
  const findings: RawFinding[] = [];
  const scopes: { cluster?: string; objects: readonly K8sObject[] }[] = [...model.clusters].map(([cluster, objects]) => ({ cluster, objects }));
  // Files no cluster reaches: only the tenant Namespaces found there (by label) are checked.
  scopes.push({ objects: model.unreached });
  for (const { cluster, objects } of scopes) {
    const tenants = cluster !== undefined ? tenantNamespaces(platform, cluster, objects) : tenantNamespaces({ ...platform, clusters: [] }, undefined, objects);
    for (const name of [...tenants].sort()) {
      const namespaces = objects.filter((o) => o.obj.kind === 'Namespace' && meta(o.obj).name === name);
      const where = cluster ? `cluster ${cluster}` : 'files no cluster syncs';
      if (namespaces.length === 0) {
        findings.push({ rule: 'namespace-psa-restricted', resource: `cluster:${cluster}:Namespace/${name}`, message: `${where}: tenant/app namespace ${name} has no Namespace object in the gitops tree, so nothing labels it pod-security.kubernetes.io/enforce: restricted; render the tenant (constructs/tenancy Tenant) into gitops/ for this cluster` });
      }
      for (const ns of namespaces) {
        const value = meta(ns.obj).labels[PSA_ENFORCE];
        if (value !== 'restricted') {
          findings.push(finding('namespace-psa-restricted', ns, `${describeObject(ns)} (${where}) is a tenant/app namespace labelled ${PSA_ENFORCE}: ${value === undefined ? '(missing)' : JSON.stringify(value)}; label it ${PSA_ENFORCE}: restricted`));
        }
      }
      const denies = objects.some((o) => o.obj.kind === 'NetworkPolicy' && meta(o.obj).namespace === name && isDefaultDeny(o.obj));
      if (!denies && (namespaces.length > 0 || cluster !== undefined)) {
        const first = namespaces[0];
        const message = `${first ? describeObject(first) : `namespace ${name}`} (${where}) has no default-deny NetworkPolicy; add one in namespace ${name} with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow what the tenant needs (constructs/tenancy TenantNetworkPolicies)`;
        findings.push(first ? finding('namespace-default-deny', first, message) : { rule: 'namespace-default-deny', resource: `cluster:${cluster}:Namespace/${name}`, message });
      }
    }
  }
  return findings;
}

/** The namespace an object lands in (tenant HelmReleases set targetNamespace). */
function namespaceOf(o: K8sObject): string | undefined {
  return meta(o.obj).namespace;
}

export function appWorkloadRules(model: GitopsModel, platform: PolicyPlatform): RawFinding[] {
  const findings: RawFinding[] = [];
  const scopes: { cluster?: string; objects: readonly K8sObject[] }[] = [...model.clusters].map(([cluster, objects]) => ({ cluster, objects }));
  scopes.push({ objects: model.unreached });
  for (const { cluster, objects } of scopes) {
    const tenants = tenantNamespaces(platform, cluster, objects);
    for (const o of objects) {
      const pod = podSpecOf(o.obj);
      const namespace = namespaceOf(o);
      if (!pod || namespace === undefined || !tenants.has(namespace)) continue;
      const podContext = isObject(pod.securityContext) ? pod.securityContext : {};
      const containers = containersOf(pod).filter((c) => c.field !== 'ephemeralContainers');
      const rootProblems: string[] = [];
      if (podContext.runAsUser === 0) rootProblems.push('pod securityContext.runAsUser is 0');
      for (const { container, field } of containers) {
        const sc = isObject(container.securityContext) ? container.securityContext : {};
        const name = `${field} ${str(container.name) ?? '(unnamed)'}`;
        if ((sc.runAsNonRoot ?? podContext.runAsNonRoot) !== true) rootProblems.push(`${name} does not set runAsNonRoot: true`);
        if (sc.runAsUser === 0) rootProblems.push(`${name} sets runAsUser: 0`);
      }
      if (rootProblems.length > 0) {
        findings.push(finding('app-workload-non-root', o, `${describeObject(o)} in tenant namespace ${namespace}: ${rootProblems.join('; ')}; run as a non-root uid with runAsNonRoot: true (constructs/apps hardenedPodTemplate)`));
      }
      const missing: string[] = [];
      for (const { container, field } of containers) {
        const resources = isObject(container.resources) ? container.resources : {};
        const gaps: string[] = [];
        for (const part of ['requests', 'limits']) {
          const values = isObject(resources[part]) ? (resources[part] as JsonObject) : {};
          for (const kind of ['cpu', 'memory']) if (values[kind] === undefined || values[kind] === null || values[kind] === '') gaps.push(`${part}.${kind}`);
        }
        if (gaps.length > 0) missing.push(`${field} ${str(container.name) ?? '(unnamed)'} lacks ${gaps.join(', ')}`);
      }
      if (missing.length > 0) {
        findings.push(finding('app-workload-resources', o, `${describeObject(o)} in tenant namespace ${namespace}: ${missing.join('; ')}; set cpu and memory requests and limits on every container (the app's resources:)`));
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Load balancers a cluster's objects create (OCI Always Free)

const OCI_LB_TYPE = 'oci.oraclecloud.com/load-balancer-type';
const OCI_SHAPE = 'service.beta.kubernetes.io/oci-load-balancer-shape';
const OCI_FLEX_MAX = 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max';

/** One LoadBalancer Service described by its annotations. */
function serviceLb(annotations: JsonObject, source: string): LoadBalancerUse {
  if (String(annotations[OCI_LB_TYPE] ?? '').toLowerCase() === 'nlb') return { kind: 'network', source };
  const shape = str(annotations[OCI_SHAPE]);
  const max = Number.parseInt(String(annotations[OCI_FLEX_MAX] ?? ''), 10);
  let notFree: string | undefined;
  if (shape !== 'flexible') notFree = `annotation ${OCI_SHAPE} is ${shape === undefined ? 'missing' : JSON.stringify(shape)} (Always Free needs "flexible")`;
  else if (!Number.isFinite(max) || max > 10) notFree = `annotation ${OCI_FLEX_MAX} is ${annotations[OCI_FLEX_MAX] === undefined ? 'missing' : JSON.stringify(annotations[OCI_FLEX_MAX])} (Always Free needs "10")`;
  return { kind: 'flexible', source, notFree };
}

function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A HelmRelease's effective values: valuesFrom ConfigMaps/Secrets in the tree (in order), then spec.values. */
export function helmValues(hr: JsonObject, pool: readonly K8sObject[]): JsonObject {
  let values: JsonObject = {};
  const namespace = meta(hr).namespace;
  for (const ref of Array.isArray(spec(hr).valuesFrom) ? (spec(hr).valuesFrom as unknown[]) : []) {
    if (!isObject(ref) || ref.targetPath !== undefined) continue;
    const source = pool.find((o) => o.obj.kind === ref.kind && meta(o.obj).name === ref.name && (meta(o.obj).namespace ?? namespace) === namespace);
    const data = source && isObject(source.obj.data) ? source.obj.data : source && isObject(source.obj.stringData) ? source.obj.stringData : undefined;
    const text = data ? data[str(ref.valuesKey) ?? 'values.yaml'] : undefined;
    if (typeof text !== 'string') continue;
    try {
      const parsed = parseDocument(text).toJS({ maxAliasCount: 100 }) as unknown;
      if (isObject(parsed)) values = deepMerge(values, parsed);
    } catch {
      // unparsable values are the schema checks' business
    }
  }
  return isObject(spec(hr).values) ? deepMerge(values, spec(hr).values as JsonObject) : values;
}

function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isObject(value) && isObject(base[key]) ? deepMerge(base[key] as JsonObject, value) : value;
  return out;
}

/** Known charts whose defaults create a LoadBalancer Service: where its settings live in the values. */
const CHART_SERVICES: Record<string, { path: string[]; defaultType: string; enabledKey?: string }[]> = {
  'ingress-nginx': [
    { path: ['controller', 'service'], defaultType: 'LoadBalancer', enabledKey: 'enabled' },
    { path: ['controller', 'service', 'internal'], defaultType: 'none' },
  ],
  gateway: [{ path: ['service'], defaultType: 'LoadBalancer' }],
  traefik: [{ path: ['service'], defaultType: 'LoadBalancer', enabledKey: 'enabled' }],
};

/** Every map under a `service` key (depth <= 8) whose type is LoadBalancer, with its path. */
function genericServices(values: unknown, path: string[] = [], out: { path: string[]; service: JsonObject }[] = []): { path: string[]; service: JsonObject }[] {
  if (!isObject(values) || path.length > 8) return out;
  for (const [key, value] of Object.entries(values)) {
    if (!isObject(value)) continue;
    if (/service$/i.test(key) && value.type === 'LoadBalancer') out.push({ path: [...path, key], service: value });
    genericServices(value, [...path, key], out);
  }
  return out;
}

/**
 * The load balancers a cluster's objects create (see policy/README.md "Load balancers"):
 * Services of type LoadBalancer; HelmRelease values of ingress-nginx, the Istio gateway chart and
 * traefik (their Service defaults to LoadBalancer) and any `*service` map with type LoadBalancer;
 * Gateway API Gateways (one proxy Service each, or one per class with mergeGateways), typed by
 * their EnvoyProxy.
 */
export function loadBalancerInventory(objects: readonly K8sObject[]): LoadBalancerUse[] {
  const lbs: LoadBalancerUse[] = [];
  for (const o of objects) {
    const s = spec(o.obj);
    if (o.obj.kind === 'Service' && groupOf(str(o.obj.apiVersion) ?? '') === '' && s.type === 'LoadBalancer') {
      lbs.push(serviceLb(meta(o.obj).annotations, describeObject(o)));
    }
    if (isHelmRelease(o.obj)) {
      const chart = chartOf(o.obj, objects).name ?? '';
      const values = helmValues(o.obj, objects);
      const known = CHART_SERVICES[chart] ?? [];
      const covered = new Set<string>();
      for (const entry of known) {
        const settings = getPath(values, entry.path);
        const service = isObject(settings) ? settings : {};
        covered.add(entry.path.join('.'));
        if (entry.enabledKey && service[entry.enabledKey] === false) continue;
        const type = str(service.type) ?? (entry.path.at(-1) === 'internal' ? (service.enabled === true ? 'LoadBalancer' : 'none') : entry.defaultType);
        if (type !== 'LoadBalancer') continue;
        const annotations = isObject(service.annotations) ? service.annotations : {};
        lbs.push(serviceLb(annotations, `${describeObject(o)} (chart ${chart}, values ${entry.path.join('.')})`));
      }
      for (const { path, service } of genericServices(values)) {
        if (covered.has(path.join('.'))) continue;
        lbs.push(serviceLb(isObject(service.annotations) ? service.annotations : {}, `${describeObject(o)} (values ${path.join('.')}.type: LoadBalancer)`));
      }
    }
  }
  // Gateway API: each Gateway gets a proxy Service (Envoy Gateway, Istio), LoadBalancer unless its EnvoyProxy says otherwise.
  const merged = new Set<string>();
  for (const o of objects) {
    if (o.obj.kind !== 'Gateway' || groupOf(str(o.obj.apiVersion) ?? '') !== 'gateway.networking.k8s.io') continue;
    const s = spec(o.obj);
    const className = str(s.gatewayClassName);
    const gatewayClass = objects.find((c) => c.obj.kind === 'GatewayClass' && meta(c.obj).name === className);
    const refs = [isObject(s.infrastructure) ? s.infrastructure.parametersRef : undefined, gatewayClass ? spec(gatewayClass.obj).parametersRef : undefined];
    let proxy: JsonObject | undefined;
    for (const ref of refs) {
      if (!isObject(ref) || ref.kind !== 'EnvoyProxy') continue;
      const ns = str(ref.namespace) ?? meta(o.obj).namespace;
      const found = objects.find((p) => p.obj.kind === 'EnvoyProxy' && meta(p.obj).name === ref.name && (meta(p.obj).namespace ?? ns) === ns);
      if (found) {
        proxy = found.obj;
        break;
      }
    }
    const proxySpec = proxy ? spec(proxy) : {};
    const service = getPath(proxySpec, ['provider', 'kubernetes', 'envoyService']);
    const serviceSettings = isObject(service) ? service : {};
    if ((str(serviceSettings.type) ?? 'LoadBalancer') !== 'LoadBalancer') continue;
    if (proxySpec.mergeGateways === true) {
      if (merged.has(className ?? '')) continue;
      merged.add(className ?? '');
    }
    const infraAnnotations = isObject(s.infrastructure) && isObject(s.infrastructure.annotations) ? s.infrastructure.annotations : {};
    const annotations = { ...(isObject(serviceSettings.annotations) ? serviceSettings.annotations : {}), ...infraAnnotations };
    lbs.push(serviceLb(annotations, `${describeObject(o)} (Gateway proxy Service${proxySpec.mergeGateways === true ? `, merged for class ${className}` : ''})`));
  }
  return lbs;
}


// ---------------------------------------------------------------------------------------------
// ACME issuers: which Let's Encrypt directory a cluster's public certificates come from

/** Let's Encrypt's ACME directories (as constructs/components/acme-cluster-issuers.ts writes them). */
const LETS_ENCRYPT_DIRECTORIES: Readonly<Record<string, 'staging' | 'production'>> = {
  'https://acme-staging-v02.api.letsencrypt.org/directory': 'staging',
  'https://acme-v02.api.letsencrypt.org/directory': 'production',
};

const isCertManager = (obj: JsonObject) => groupOf(str(obj.apiVersion) ?? '') === 'cert-manager.io';

/** The Let's Encrypt directory an issuer asks, or undefined (not ACME, or another CA). */
function letsEncryptDirectory(issuer: JsonObject): 'staging' | 'production' | undefined {
  const acme = isObject(spec(issuer).acme) ? (spec(issuer).acme as JsonObject) : {};
  const server = str(acme.server)?.replace(/\/+$/, '');
  return server === undefined ? undefined : LETS_ENCRYPT_DIRECTORIES[server];
}

/** The cert-manager issuers an object names: a Certificate's issuerRef, the cert-manager.io annotations of an Ingress or Gateway. */
function issuerReferences(obj: JsonObject): { kind: 'ClusterIssuer' | 'Issuer'; name: string; via: string }[] {
  const refs: { kind: 'ClusterIssuer' | 'Issuer'; name: string; via: string }[] = [];
  if (isCertManager(obj) && obj.kind === 'Certificate' && isObject(spec(obj).issuerRef)) {
    const ref = spec(obj).issuerRef as JsonObject;
    const group = str(ref.group) ?? 'cert-manager.io';
    const kind = str(ref.kind) ?? 'Issuer';
    // Issuers of other groups are external issuers (step-ca, Google CAS, ...): not ours to judge.
    if (group === 'cert-manager.io' && (kind === 'ClusterIssuer' || kind === 'Issuer') && str(ref.name)) refs.push({ kind, name: str(ref.name)!, via: 'spec.issuerRef' });
  }
  const annotations = meta(obj).annotations;
  for (const [annotation, kind] of [
    ['cert-manager.io/cluster-issuer', 'ClusterIssuer'],
    ['cert-manager.io/issuer', 'Issuer'],
  ] as const) {
    const name = str(annotations[annotation]);
    if (name) refs.push({ kind, name, via: `annotation ${annotation}` });
  }
  return refs;
}

/**
 * Per cluster: every Let's Encrypt issuer asks the directory the cluster issues from (PolicyCluster
 * `acme`: staging outside production), and every Certificate issuerRef and cert-manager.io issuer
 * annotation names an issuer the cluster has. A staging cluster thus neither holds a production
 * issuer nor points a certificate at one.
 */
export function acmeIssuerRules(model: GitopsModel, platform: PolicyPlatform): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const [cluster, objects] of model.clusters) {
    const wanted = platform.clusters.find((c) => c.name === cluster)?.acme;
    const issuers = objects.filter((o) => isCertManager(o.obj) && (o.obj.kind === 'ClusterIssuer' || o.obj.kind === 'Issuer'));
    const wantedIssuer = issuers.find((o) => o.obj.kind === 'ClusterIssuer' && letsEncryptDirectory(o.obj) === wanted);
    const hint = wanted
      ? ` (certificates.acme, default: production only in environments with production: true); use ${wantedIssuer ? `ClusterIssuer ${meta(wantedIssuer.obj).name}` : `a ClusterIssuer of Let's Encrypt ${wanted}`}`
      : '';
    if (wanted) {
      for (const o of issuers) {
        const directory = letsEncryptDirectory(o.obj);
        if (directory !== undefined && directory !== wanted) {
          findings.push(finding('acme-issuer', o, `${describeObject(o)} (cluster ${cluster}) asks Let's Encrypt ${directory} for certificates, but cluster ${cluster} issues from Let's Encrypt ${wanted}${hint}`));
        }
      }
    }
    for (const o of objects) {
      for (const ref of issuerReferences(o.obj)) {
        const namespace = meta(o.obj).namespace;
        const target = issuers.find((i) => i.obj.kind === ref.kind && meta(i.obj).name === ref.name && (ref.kind === 'ClusterIssuer' || meta(i.obj).namespace === namespace));
        if (!target) {
          findings.push(finding('acme-issuer', o, `${describeObject(o)} (cluster ${cluster}) names ${ref.kind} ${ref.kind === 'Issuer' && namespace ? `${namespace}/` : ''}${ref.name} in its ${ref.via}, which cluster ${cluster} does not have, so cert-manager never issues the certificate${hint}`));
        } else if (wanted && letsEncryptDirectory(target.obj) !== undefined && letsEncryptDirectory(target.obj) !== wanted) {
          findings.push(finding('acme-issuer', o, `${describeObject(o)} (cluster ${cluster}) takes its certificate from ${ref.kind} ${ref.name} (Let's Encrypt ${letsEncryptDirectory(target.obj)}) in its ${ref.via}, but cluster ${cluster} issues from Let's Encrypt ${wanted}${hint}`));
        }
      }
    }
  }
  return findings;
}
