/**
 * The RBAC proof: what every tenant identity could do in a cluster, computed from the rendered
 * objects (render/types.ts `ClusterRender`) plus the RBAC that exists without being in the tree
 * (Kubernetes' default roles and Flux's own, policy/data/rbac-defaults.ts), with no cluster.
 *
 * It evaluates Kubernetes RBAC as the API server's authorizer does: Roles and ClusterRoles with
 * apiGroups/resources (and `resource/subresource`, `*`)/verbs/resourceNames, ClusterRoles filled by
 * their aggregationRule's label selectors (to a fixpoint, as the aggregation controller ends up),
 * RoleBindings and ClusterRoleBindings with User, Group and ServiceAccount subjects (a
 * ServiceAccount is also in the groups `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
 * `system:authenticated`).
 *
 * Identities of each tenant namespace (a Namespace labelled `toolkit.fluxcd.io/tenant`):
 * - every Group and User a RoleBinding of the namespace names (the tenant's people);
 * - every ServiceAccount of the namespace in the render, its `default` account included (a tenant
 *   can run a pod as any of them, mint their tokens or impersonate them);
 * - a Kustomization and a HelmRelease created in the namespace without `serviceAccountName`: they
 *   run as the controller's `--default-service-account` in the namespace when the Flux
 *   controllers in the rendered flux-system carry it (the multi-tenancy lockdown), else as the
 *   controller's own account, flux-system/kustomize-controller or helm-controller (cluster-admin).
 *
 * None of them may: write anything in another namespace; create or change cluster-scoped objects
 * (or objects in every namespace); read Secrets of another namespace; hold `bind`, `escalate` or
 * `impersonate` beyond the namespace's own ServiceAccounts; bind a ClusterRole whose rules it does
 * not hold itself (Kubernetes' escalation check, evaluated here for every ClusterRole); widen its
 * own fences (NetworkPolicies, ResourceQuota, LimitRange, the Namespace itself). And Flux must
 * refuse a tenant's references to sources of other namespaces (`--no-cross-namespace-refs`).
 */
import { FLUX_INSTALL_RBAC, KUBERNETES_DEFAULT_ROLES, type LabelSelector, type RbacObject, type RbacRule } from './data/rbac-defaults';
import type { ClusterRender, JsonObject } from '../render/types';
import type { RawFinding } from './types';

export const TENANT_NAMESPACE_LABEL = 'toolkit.fluxcd.io/tenant';
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** Requests that create nothing: they ask the authorizer or authenticator a question. */
const QUERY_RESOURCES = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews', 'localsubjectaccessreviews', 'subjectaccessreviews', 'tokenreviews']);
/** What keeps a tenant in: it may read these in its namespace, never write them. */
const FENCES: readonly { group: string; resource: string; what: string }[] = [
  { group: 'networking.k8s.io', resource: 'networkpolicies', what: 'NetworkPolicies (egress to 169.254.169.254, other namespaces, the nodes)' },
  { group: 'extensions', resource: 'networkpolicies', what: 'NetworkPolicies (extensions)' },
  { group: '', resource: 'resourcequotas', what: 'its ResourceQuota' },
  { group: '', resource: 'limitranges', what: 'its LimitRange' },
  { group: '', resource: 'namespaces', what: 'its Namespace (labels: Pod Security, tenant)' },
];
const FENCE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** A user as the authorizer sees it. */
export interface Identity {
  /** What the identity is, for messages (`group team-a-admins`, `ServiceAccount team-a/default`). */
  readonly label: string;
  readonly user: string;
  readonly groups: readonly string[];
}

export function serviceAccountIdentity(namespace: string, name: string, label = `ServiceAccount ${namespace}/${name}`): Identity {
  return { label, user: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/** One rule an identity holds somewhere, and the binding that gives it. */
export interface HeldRule {
  readonly rule: RbacRule;
  /** `RoleBinding ns/name -> ClusterRole x` or `ClusterRoleBinding name -> ClusterRole x`. */
  readonly via: string;
  /** Namespace of the RoleBinding; undefined for a ClusterRoleBinding (everywhere). */
  readonly namespace?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelsMatch(labels: Readonly<Record<string, string>>, selector: LabelSelector): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Whether `rule` allows one request (group, resource[/subresource], verb, name); resource rules only. */
export function ruleAllows(rule: RbacRule, verb: string, group: string, resource: string, name?: string): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(verb)) return false;
  const groups = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(group)) return false;
  const resources = rule.resources ?? [];
  const [main, sub] = resource.split('/') as [string, string | undefined];
  const resourceOk =
    resources.includes('*') || resources.includes(resource) || (sub !== undefined && (resources.includes(`${main}/*`) || resources.includes(`*/${sub}`)));
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (name !== undefined && names.includes(name));
}

/** A Kubernetes RBAC model of one cluster: roles (aggregated), bindings, and the questions asked of it. */
export class RbacModel {
  readonly clusterRoles = new Map<string, { labels: Record<string, string>; rules: RbacRule[]; aggregation?: readonly LabelSelector[] }>();
  readonly roles = new Map<string, RbacRule[]>();
  readonly bindings: RbacObject[] = [];
  /** How many (rule, request) evaluations were made. */
  rulesEvaluated = 0;

  constructor(objects: readonly RbacObject[]) {
    for (const o of objects) {
      if (o.kind === 'ClusterRole') {
        this.clusterRoles.set(o.metadata.name, { labels: { ...(o.metadata.labels ?? {}) }, rules: [...(o.rules ?? [])], aggregation: o.aggregationRule?.clusterRoleSelectors });
      } else if (o.kind === 'Role') {
        this.roles.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, [...(o.rules ?? [])]);
      } else {
        this.bindings.push(o);
      }
    }
    // Aggregation: a ClusterRole with an aggregationRule holds the rules of every ClusterRole its
    // selectors match, to a fixpoint (admin <- edit <- view is two levels deep).
    const sources = new Map<string, RbacRule[]>();
    for (const [name, role] of this.clusterRoles) if (!role.aggregation) sources.set(name, role.rules);
    for (let round = 0, changed = true; changed && round < 20; round++) {
      changed = false;
      for (const [name, role] of this.clusterRoles) {
        if (!role.aggregation) continue;
        const rules: RbacRule[] = [];
        for (const [other, otherRole] of this.clusterRoles) {
          if (other === name || !role.aggregation.some((s) => labelsMatch(otherRole.labels, s))) continue;
          rules.push(...otherRole.rules);
        }
        const key = (r: RbacRule[]) => JSON.stringify(r.map((x) => JSON.stringify(x)).sort());
        const unique = [...new Map(rules.map((r) => [JSON.stringify(r), r])).values()];
        if (key(unique) !== key(role.rules)) {
          role.rules = unique;
          changed = true;
        }
      }
    }
  }

  /** The rules a RoleBinding's or ClusterRoleBinding's roleRef points at. */
  private roleRules(binding: RbacObject): { rules: RbacRule[]; name: string } {
    const ref = binding.roleRef;
    if (!ref) return { rules: [], name: '?' };
    if (ref.kind === 'ClusterRole') return { rules: this.clusterRoles.get(ref.name)?.rules ?? [], name: `ClusterRole ${ref.name}` };
    return { rules: this.roles.get(`${binding.metadata.namespace ?? ''}/${ref.name}`) ?? [], name: `Role ${ref.name}` };
  }

  private subjectMatches(binding: RbacObject, identity: Identity): boolean {
    for (const s of binding.subjects ?? []) {
      if (s.kind === 'User' && s.name === identity.user) return true;
      if (s.kind === 'Group' && identity.groups.includes(s.name)) return true;
      if (s.kind === 'ServiceAccount') {
        // A RoleBinding's ServiceAccount subject without namespace means the binding's own.
        const ns = s.namespace ?? binding.metadata.namespace ?? '';
        if (identity.user === `system:serviceaccount:${ns}:${s.name}`) return true;
      }
    }
    return false;
  }

  /** Every rule the identity holds: in `namespace` (its RoleBindings there) and everywhere (ClusterRoleBindings). */
  held(identity: Identity, namespace?: string): HeldRule[] {
    const out: HeldRule[] = [];
    for (const b of this.bindings) {
      const inScope = b.kind === 'ClusterRoleBinding' || (namespace !== undefined && b.metadata.namespace === namespace);
      if (!inScope || !this.subjectMatches(b, identity)) continue;
      const { rules, name } = this.roleRules(b);
      const via = b.kind === 'ClusterRoleBinding' ? `ClusterRoleBinding ${b.metadata.name} -> ${name}` : `RoleBinding ${b.metadata.namespace}/${b.metadata.name} -> ${name}`;
      for (const rule of rules) out.push({ rule, via, ...(b.kind === 'RoleBinding' ? { namespace: b.metadata.namespace } : {}) });
    }
    return out;
  }

  /** Whether the identity may make one request (namespace undefined: a cluster-scoped request). */
  allows(identity: Identity, verb: string, group: string, resource: string, namespace?: string, name?: string): HeldRule | undefined {
    for (const h of this.held(identity, namespace)) {
      if (namespace === undefined && h.namespace !== undefined) continue;
      this.rulesEvaluated++;
      if (h.rule.resources && ruleAllows(h.rule, verb, group, resource, name)) return h;
    }
    return undefined;
  }

  /**
   * Kubernetes' escalation check for a RoleBinding in `namespace` to ClusterRole `role`: allowed
   * when the identity holds `bind` on it, or when every rule of the role is covered by the
   * identity's own rules in that namespace (a `*` in the role is covered only by a `*`).
   */
  canBind(identity: Identity, role: string, namespace: string): { allowed: boolean; covered: boolean; bind?: HeldRule } {
    const bind = this.allows(identity, 'bind', 'rbac.authorization.k8s.io', 'clusterroles', namespace, role);
    const rules = this.clusterRoles.get(role)?.rules ?? [];
    const held = this.held(identity, namespace).map((h) => h.rule);
    const covered = rules.every((r) => {
      if (r.nonResourceURLs) return held.some((h) => h.nonResourceURLs && h.verbs.some((v) => v === '*' || r.verbs.includes(v)) && (h.nonResourceURLs.includes('*') || r.nonResourceURLs!.every((u) => h.nonResourceURLs!.includes(u))));
      for (const verb of r.verbs) for (const group of r.apiGroups ?? []) for (const resource of r.resources ?? []) {
        const names = r.resourceNames?.length ? r.resourceNames : [undefined];
        for (const n of names) {
          const ok = held.some((h) => {
            this.rulesEvaluated++;
            if (!h.resources) return false;
            if ((verb === '*' && !h.verbs.includes('*')) || (group === '*' && !(h.apiGroups ?? []).includes('*')) || (resource === '*' && !(h.resources ?? []).includes('*'))) return false;
            if (n === undefined && (h.resourceNames?.length ?? 0) > 0) return false;
            return ruleAllows(h, verb, group, resource, n);
          });
          if (!ok) return false;
        }
      }
      return true;
    });
    return { allowed: bind !== undefined || covered, covered, ...(bind ? { bind } : {}) };
  }
}

/** The RBAC objects of a render, as RbacObject. */
export function renderedRbac(render: ClusterRender): RbacObject[] {
  const out: RbacObject[] = [];
  for (const o of allObjects(render)) {
    if (!['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(String(o.kind)) || !String(o.apiVersion).startsWith('rbac.authorization.k8s.io/')) continue;
    out.push(o as unknown as RbacObject);
  }
  return out;
}

function allObjects(render: ClusterRender): JsonObject[] {
  return [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)].map((o) => o.object);
}

function meta(o: JsonObject): JsonObject {
  return isObject(o.metadata) ? o.metadata : {};
}

/** What the Flux controllers in the rendered flux-system run with (flux install's defaults when absent). */
export interface FluxControllerSettings {
  /** `--default-service-account` of kustomize-controller and helm-controller (undefined: their own account). */
  readonly defaultServiceAccount: { readonly kustomize?: string; readonly helm?: string };
  /** Controllers that refuse cross-namespace references. */
  readonly noCrossNamespaceRefs: ReadonlySet<string>;
  readonly noRemoteBases: boolean;
  /** Whether the controllers' Deployments are in the render at all. */
  readonly inTree: boolean;
}

export function fluxControllerSettings(render: ClusterRender, fluxNamespace = 'flux-system'): FluxControllerSettings {
  const args = new Map<string, string[]>();
  for (const o of allObjects(render)) {
    const m = meta(o);
    if (o.kind !== 'Deployment' || m.namespace !== fluxNamespace) continue;
    const spec = isObject(o.spec) && isObject(o.spec.template) && isObject(o.spec.template.spec) ? o.spec.template.spec : {};
    const manager = (Array.isArray(spec.containers) ? spec.containers.filter(isObject) : []).find((c) => c.name === 'manager');
    if (manager) args.set(String(m.name), (Array.isArray(manager.args) ? manager.args : []).map(String));
  }
  const flag = (controller: string, name: string): string | undefined => {
    const found = (args.get(controller) ?? []).filter((a) => a === `--${name}` || a.startsWith(`--${name}=`)).at(-1);
    if (found === undefined) return undefined;
    return found.includes('=') ? found.slice(found.indexOf('=') + 1) : 'true';
  };
  const noCross = new Set([...args.keys()].filter((c) => flag(c, 'no-cross-namespace-refs') === 'true'));
  return {
    defaultServiceAccount: { kustomize: flag('kustomize-controller', 'default-service-account') || undefined, helm: flag('helm-controller', 'default-service-account') || undefined },
    noCrossNamespaceRefs: noCross,
    noRemoteBases: flag('kustomize-controller', 'no-remote-bases') === 'true',
    inTree: args.has('kustomize-controller') || args.has('helm-controller'),
  };
}

/** One tenant identity and where it comes from. */
export interface TenantIdentity extends Identity {
  readonly tenant: string;
}

/** Every identity of every tenant namespace (see the module comment). */
export function tenantIdentities(render: ClusterRender, settings: FluxControllerSettings, rbac: readonly RbacObject[], fluxNamespace = 'flux-system'): TenantIdentity[] {
  const objects = allObjects(render);
  const tenants = objects
    .filter((o) => o.kind === 'Namespace' && isObject(meta(o).labels) && typeof (meta(o).labels as JsonObject)[TENANT_NAMESPACE_LABEL] === 'string')
    .map((o) => String(meta(o).name));
  const out: TenantIdentity[] = [];
  for (const tenant of [...new Set(tenants)].sort()) {
    const seen = new Set<string>();
    const push = (identity: Identity) => {
      if (seen.has(identity.label)) return;
      seen.add(identity.label);
      out.push({ ...identity, tenant });
    };
    for (const b of rbac) {
      if (b.kind !== 'RoleBinding' || b.metadata.namespace !== tenant) continue;
      for (const s of b.subjects ?? []) {
        if (s.kind === 'Group' && !s.name.startsWith('system:')) push({ label: `group ${s.name}`, user: `member-of:${s.name}`, groups: [s.name, 'system:authenticated'] });
        if (s.kind === 'User' && !s.name.startsWith('system:')) push({ label: `user ${s.name}`, user: s.name, groups: ['system:authenticated'] });
      }
    }
    const accounts = new Set(['default']);
    for (const o of objects) if (o.kind === 'ServiceAccount' && meta(o).namespace === tenant) accounts.add(String(meta(o).name));
    for (const name of [...accounts].sort()) push(serviceAccountIdentity(tenant, name));
    const fluxDefault = (controller: 'kustomize' | 'helm', kind: string) => {
      const fallback = settings.defaultServiceAccount[controller];
      return fallback
        ? serviceAccountIdentity(tenant, fallback, `a ${kind} without serviceAccountName (runs as ServiceAccount ${tenant}/${fallback})`)
        : serviceAccountIdentity(fluxNamespace, `${controller}-controller`, `a ${kind} without serviceAccountName (runs as ${controller}-controller's own account, ${fluxNamespace}/${controller}-controller)`);
    };
    push(fluxDefault('kustomize', 'Kustomization'));
    push(fluxDefault('helm', 'HelmRelease'));
  }
  return out;
}

/** What the proof found, with its numbers. */
export interface RbacProofResult {
  readonly findings: RawFinding[];
  readonly tenants: number;
  readonly identities: number;
  readonly clusterRoles: number;
  readonly bindings: number;
  readonly rulesEvaluated: number;
}

export interface RbacProofOptions {
  /** RBAC that exists without being in the tree. Default: Flux's (flux install) and Kubernetes' default roles. */
  readonly builtIn?: readonly RbacObject[];
  readonly fluxNamespace?: string;
}

function describeRule(rule: RbacRule): string {
  const names = rule.resourceNames?.length ? ` named ${rule.resourceNames.join(',')}` : '';
  return `${rule.verbs.join(',')} ${(rule.resources ?? rule.nonResourceURLs ?? []).join(',')}${rule.apiGroups ? ` (${rule.apiGroups.map((g) => g || 'core').join(',')})` : ''}${names}`;
}

/** Runs the proof over one rendered cluster. */
export function rbacProof(render: ClusterRender, options: RbacProofOptions = {}): RbacProofResult {
  const fluxNamespace = options.fluxNamespace ?? 'flux-system';
  const rendered = renderedRbac(render);
  const model = new RbacModel([...(options.builtIn ?? [...KUBERNETES_DEFAULT_ROLES, ...FLUX_INSTALL_RBAC]), ...rendered]);
  const settings = fluxControllerSettings(render, fluxNamespace);
  const identities = tenantIdentities(render, settings, rendered, fluxNamespace);
  const findings: RawFinding[] = [];
  const namespaces = new Set<string>(['default', 'kube-system', fluxNamespace]);
  for (const o of allObjects(render)) {
    const m = meta(o);
    if (o.kind === 'Namespace') namespaces.add(String(m.name));
    else if (typeof m.namespace === 'string') namespaces.add(m.namespace);
  }
  const add = (identity: TenantIdentity, what: string, message: string) =>
    findings.push({
      rule: 'render-rbac-tenant',
      resource: `${render.cluster}:rbac:${identity.tenant}:${identity.label.replace(/ \(.*$/, '')}:${what}`,
      message: `cluster ${render.cluster}, tenant ${identity.tenant}: ${identity.label} ${message}`,
    });

  for (const identity of identities) {
    const own = identity.tenant;
    // Everywhere at once (ClusterRoleBindings): cluster-scoped objects, or every namespace.
    for (const h of model.held(identity).filter((x) => x.namespace === undefined && x.rule.resources)) {
      model.rulesEvaluated++;
      const writes = h.rule.verbs.filter((v) => !READ_VERBS.has(v));
      const resources = (h.rule.resources ?? []).filter((r) => !QUERY_RESOURCES.has(r));
      if (writes.length > 0 && resources.length > 0) {
        add(identity, `cluster-write:${h.via.replace(/ -> .*$/, '')}`, `can ${describeRule({ ...h.rule, verbs: writes, resources })} cluster-wide (cluster-scoped objects and every namespace) through ${h.via}`);
      }
      else if (ruleAllows(h.rule, 'get', '', 'secrets') || ruleAllows(h.rule, 'list', '', 'secrets')) add(identity, `cluster-secrets:${h.via.replace(/ -> .*$/, '')}`, `can read Secrets of every namespace through ${h.via}`);
    }
    // Other namespaces, through RoleBindings there.
    for (const ns of [...namespaces].sort()) {
      if (ns === own) continue;
      for (const h of model.held(identity, ns).filter((x) => x.namespace === ns && x.rule.resources)) {
        model.rulesEvaluated++;
        const writes = h.rule.verbs.filter((v) => !READ_VERBS.has(v));
        const binding = h.via.replace(/ -> .*$/, '').replace(/^(\w+) [^/]+\//, '$1/');
        if (writes.length > 0) add(identity, `write:${ns}:${binding}`, `can ${describeRule(h.rule)} in namespace ${ns} through ${h.via}`);
        else if (ruleAllows(h.rule, 'get', '', 'secrets') || ruleAllows(h.rule, 'list', '', 'secrets')) add(identity, `secrets:${ns}:${binding}`, `can read Secrets of namespace ${ns} through ${h.via}`);
      }
    }
    // Its own fences.
    for (const fence of FENCES) {
      for (const verb of FENCE_VERBS) {
        const h = model.allows(identity, verb, fence.group, fence.resource, own, fence.resource === 'namespaces' ? own : undefined);
        if (h) {
          add(identity, `fence:${fence.resource}`, `can ${verb} ${fence.what} in its namespace through ${h.via}`);
          break;
        }
      }
    }
    // Escalation verbs: bind/escalate on roles, impersonating anyone but the namespace's accounts.
    for (const [verb, resource] of [['bind', 'clusterroles'], ['bind', 'roles'], ['escalate', 'clusterroles'], ['escalate', 'roles'], ['impersonate', 'users'], ['impersonate', 'groups'], ['impersonate', 'uids'], ['impersonate', 'userextras/scopes']] as const) {
      const group = verb === 'impersonate' ? (resource.startsWith('userextras') ? 'authentication.k8s.io' : '') : 'rbac.authorization.k8s.io';
      const h = model.allows(identity, verb, group, resource, own);
      if (h) add(identity, `${verb}:${resource}`, `holds ${verb} on ${resource} through ${h.via}`);
    }
    // The escalation check itself: which ClusterRoles could it bind in its namespace?
    const mayCreateBinding = model.allows(identity, 'create', 'rbac.authorization.k8s.io', 'rolebindings', own);
    if (mayCreateBinding) {
      for (const role of [...model.clusterRoles.keys()].sort()) {
        const result = model.canBind(identity, role, own);
        if (result.allowed && !result.covered) add(identity, `bind-role:${role}`, `can bind ClusterRole ${role}, whose rules it does not hold, in its namespace (bind through ${result.bind?.via})`);
      }
    }
  }

  // Flux must refuse a tenant's references to other namespaces' sources (the platform's Git repository among them).
  const tenants = [...new Set(identities.map((i) => i.tenant))];
  for (const controller of ['kustomize-controller', 'helm-controller', 'notification-controller']) {
    if (tenants.length > 0 && !settings.noCrossNamespaceRefs.has(controller)) {
      findings.push({
        rule: 'render-rbac-tenant',
        resource: `${render.cluster}:rbac:flux:${controller}:cross-namespace-refs`,
        message: `cluster ${render.cluster}: ${controller} ${settings.inTree ? 'runs' : 'is not in the tree, so it runs as flux install leaves it,'} without --no-cross-namespace-refs=true: a tenant's Flux objects may use sources (or events) of other namespaces, flux-system's Git repository included; add the multi-tenancy lockdown (constructs/flux/flux-lockdown.ts)`,
      });
    }
  }

  return {
    findings,
    tenants: tenants.length,
    identities: identities.length,
    clusterRoles: model.clusterRoles.size,
    bindings: model.bindings.length,
    rulesEvaluated: model.rulesEvaluated,
  };
}

/** The findings of {@link rbacProof} (the judge `judgeRender` runs). */
export function rbacProofFindings(render: ClusterRender): RawFinding[] {
  return rbacProof(render).findings;
}
