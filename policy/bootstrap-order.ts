/**
 * Bootstrap-order judge: simulates the first reconcile of a cluster from its offline render
 * (render/types.ts) and reports every deadlock, missing input and CRD race, each with the chain of
 * "X needs Y <- Y comes from Z <- ..." that explains it.
 *
 * What is modelled, and the upstream behaviour it relies on:
 *
 * - Flux Kustomization (kustomize-controller, docs/spec/v1/kustomizations.md "Dependencies"): it is
 *   applied only after every `dependsOn` Kustomization has Ready=True. "Wait": with `spec.wait` the
 *   controller health-checks *all* objects it applied (healthChecks ignored); without it only
 *   `spec.healthChecks`. A Kustomization that waits for itself is skipped by the controller
 *   (kustomization_controller.go "Guard against deadlock (waiting on itself)"). A Kustomization whose
 *   object another Kustomization applies (flux-system applying the layers) exists only once that
 *   parent applied; a waiting parent waits for the child's Ready.
 * - The apply is staged (fluxcd/pkg ssa `ResourceManager.ApplyAllStaged`): CRDs, Namespaces and
 *   ClusterRoles first (waited until established), then the rest. Each stage is dry-run as a whole
 *   before anything in it is applied, so one object whose kind has no CRD (or whose Namespace does
 *   not exist) fails the whole second stage; the definitions of the first stage stay applied. The
 *   failed reconcile is retried every `retryInterval`, so a CRD that appears later from a step that
 *   does not wait on this one is fine; one that can only come after this step is Ready is a deadlock.
 * - Readiness under `wait` follows kstatus: Deployments/StatefulSets/DaemonSets/ReplicaSets/Pods
 *   ready, Jobs complete (CronJobs are Current at once), PVCs bound, HelmReleases and Kustomizations
 *   with Ready=True, and custom resources with a Ready condition (the `readyCondition` kinds of
 *   OPERATOR_PRODUCERS: CNPG Cluster, cert-manager Certificate/Issuer/ClusterIssuer) once their
 *   operator runs and what they reference exists. Other objects are ready once applied.
 * - HelmRelease (helm-controller, docs/spec/v2/helmreleases.md): the object exists once its
 *   Kustomization applied it; `dependsOn` HelmReleases must be Ready before it proceeds. Helm installs
 *   the chart's CRDs first, then the rest; with wait (install.disableWait unset) the release is Ready
 *   only when its workloads are ready and Jobs complete (install.disableWaitForJobs unset), else
 *   right after the install. A chart object whose kind has no CRD yet fails the install ("no matches
 *   for kind"); install.remediation.retries defaults to 0, after which the release is left failed
 *   ("Configuring failure handling"), hence the 'race' finding below. The simulation itself is
 *   optimistic there (the install succeeds once the CRD exists) so the rest of the order still shows.
 *
 * A HelmRelease without wait applied by a Kustomization with `wait: true` is NOT a deadlock when its
 * workload needs something from a later layer: the Kustomization health-checks the HelmRelease
 * object (its Ready condition), not the chart's Deployment, and the release is Ready right after the
 * install; the Deployment starts once the later layer created what it needs (the kubelet retries).
 * With Helm wait the release is Ready only when the Deployment is, which is the Keycloak deadlock.
 *
 * Left out: chart sources (HelmRepository/OCIRepository readiness), valuesFrom and postBuild
 * substituteFrom references, `install.createNamespace` (a chart's own targetNamespace is assumed to
 * exist or be created by Helm), Helm and Flux timeouts (a wait that would eventually succeed is fine),
 * images, scheduling, webhooks, Services a workload only talks to at run time, LoadBalancer
 * addresses, PVC WaitForFirstConsumer binding, Helm's kstatus wait on custom resources in a chart,
 * and `readyExpr` on dependsOn.
 */
import { renderedResource, type ClusterRender, type FluxKustomizationStep, type HelmReleaseStep, type JsonObject, type RenderedObject } from '../render/types';
import type { RawFinding } from './types';

export const BOOTSTRAP_RULE = 'render-bootstrap';

export interface BootstrapProblem {
  readonly kind: 'deadlock' | 'missing' | 'race';
  /** Kustomization name or HelmRelease `<namespace>/<name>`. */
  readonly step: string;
  /** The explanation, one link per entry; the message joins them with ` <- ` ("comes after"). */
  readonly chain: readonly string[];
  readonly message: string;
  /** The rendered object at fault (the workload that waits, the custom object without CRD), if any. */
  readonly object?: RenderedObject;
}

/** An object by identity: API group (no version), kind, namespace ('' when cluster-scoped), name. */
export interface ObjId {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Something an object needs before it can start or become Ready; `optional` refs are dropped. */
export interface ObjRef extends ObjId {
  /** Where in the object, for messages (`env DB_URL`, `volume data`). */
  readonly field: string;
}

/**
 * An operator that makes objects out of a custom object. Produced objects exist once the custom
 * object is applied, the operator runs (the step that installs its CRD applied and its workloads
 * ready) and what the custom object itself needs exists. Add a row to teach the judge an operator.
 */
export interface OperatorProducer {
  readonly group: string;
  readonly kind: string;
  readonly produces: (obj: JsonObject) => readonly ObjId[];
  /** Objects the custom object references that the operator needs to act on it. */
  readonly needs?: (obj: JsonObject) => readonly ObjRef[];
  /** The kind reports a Ready condition, so kstatus (Kustomization wait) waits for the operator. */
  readonly readyCondition: boolean;
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

function isObj(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function rec(value: unknown): JsonObject {
  return isObj(value) ? value : {};
}
function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObj) : [];
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function groupOf(apiVersion: unknown): string {
  const v = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}
/** Built-in (and cert-manager) cluster-scoped kinds: a namespace on them is ignored. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', 'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'cert-manager.io/ClusterIssuer',
]);

function idOf(obj: JsonObject): ObjId {
  const meta = rec(obj.metadata);
  const group = groupOf(obj.apiVersion);
  const kind = String(obj.kind);
  const namespace = CLUSTER_SCOPED.has(`${group}/${kind}`) ? '' : text(meta.namespace) ?? '';
  return { group, kind, namespace, name: String(meta.name) };
}
function keyOf(id: ObjId): string {
  return `${id.group}/${id.kind}|${id.namespace}|${id.name}`;
}
/** `Kind namespace/name` (`Kind name` when cluster-scoped), like render/types.ts objectRef. */
export function showId(id: ObjId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}
function ref(group: string, kind: string, namespace: string, name: string, field: string): ObjRef {
  return { group, kind, namespace, name, field };
}

// ---------------------------------------------------------------------------------------------
// Kinds

/** API groups served by the API server itself (everything else needs a CRD). */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'apiregistration.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io',
  'internal.apiserver.k8s.io', 'storagemigration.k8s.io', 'metrics.k8s.io',
]);

/** Flux's own APIs: installed by the bootstrap (the controller doing the reconcile runs on them). */
function isFluxGroup(group: string): boolean {
  return group === 'toolkit.fluxcd.io' || group.endsWith('.toolkit.fluxcd.io');
}
function needsCrd(group: string): boolean {
  return !BUILTIN_GROUPS.has(group) && !isFluxGroup(group);
}

/** First stage of ApplyAllStaged (fluxcd/pkg ssa IsClusterDefinition). */
function isDefinition(id: ObjId): boolean {
  return (id.group === 'apiextensions.k8s.io' && id.kind === 'CustomResourceDefinition')
    || (id.group === '' && id.kind === 'Namespace')
    || (id.group === 'rbac.authorization.k8s.io' && id.kind === 'ClusterRole');
}

const POD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
/** Workloads whose readiness Helm wait and kstatus check (CronJobs are Current at once). */
const WAITED_WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod']);
/** Workloads that make an operator "run". */
const OPERATOR_WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function isWorkload(id: ObjId): boolean {
  return (id.group === '' || id.group === 'apps' || id.group === 'batch') && POD_KINDS.has(id.kind);
}
function isHelmRelease(id: ObjId): boolean {
  return id.group === 'helm.toolkit.fluxcd.io' && id.kind === 'HelmRelease';
}
function isFluxKustomization(id: ObjId): boolean {
  return id.group === 'kustomize.toolkit.fluxcd.io' && id.kind === 'Kustomization';
}

// ---------------------------------------------------------------------------------------------
// What objects reference

function podSpecOf(obj: JsonObject): JsonObject | undefined {
  const kind = String(obj.kind);
  const spec = rec(obj.spec);
  if (kind === 'Pod') return spec;
  const template = rec(kind === 'CronJob' ? rec(rec(spec.jobTemplate).spec).template : spec.template);
  return isObj(template.spec) ? template.spec : undefined;
}

/** Services a string names: `<svc>.<ns>.svc[.cluster.local]` anywhere, or `<scheme>://<svc>:<port>` in `namespace`. */
export function servicesNamedIn(value: unknown, namespace: string): { name: string; namespace: string }[] {
  if (typeof value !== 'string') return [];
  const out: { name: string; namespace: string }[] = [];
  for (const m of value.matchAll(/(?<![-.a-z0-9])([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?(?![-a-z0-9])/g)) out.push({ name: m[1]!, namespace: m[2]! });
  for (const m of value.matchAll(/\b(?:redis|rediss|postgres|postgresql|mysql|amqp|nats|mongodb|http|https|grpc):\/\/(?:[^@/\s]*@)?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):\d+/g)) {
    if (m[1] !== 'localhost') out.push({ name: m[1]!, namespace });
  }
  return out;
}

/** Secrets, ConfigMaps, ServiceAccount, PVCs and StorageClasses a Pod template needs to start. */
export function podRefs(obj: JsonObject): ObjRef[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const ns = text(rec(obj.metadata).namespace) ?? '';
  const out: ObjRef[] = [];
  const secret = (name: unknown, field: string, optional: unknown) => {
    if (text(name) && optional !== true) out.push(ref('', 'Secret', ns, text(name)!, field));
  };
  const configMap = (name: unknown, field: string, optional: unknown) => {
    if (text(name) && optional !== true) out.push(ref('', 'ConfigMap', ns, text(name)!, field));
  };
  const storageClass = (name: unknown, field: string) => {
    if (text(name)) out.push(ref('storage.k8s.io', 'StorageClass', '', text(name)!, field));
  };
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of list(pod[field])) {
      const cname = String(c.name);
      for (const env of list(c.env)) {
        const from = rec(env.valueFrom);
        const s = rec(from.secretKeyRef);
        const m = rec(from.configMapKeyRef);
        secret(s.name, `container ${cname} env ${String(env.name)}`, s.optional);
        configMap(m.name, `container ${cname} env ${String(env.name)}`, m.optional);
      }
      // Services the container dials at start, written as cluster DNS names or URLs in its env
      // and arguments (a session store `redis://sessions.auth.svc:6379`): some programs exit when
      // these are missing (OAuth2-Proxy does for its Redis).
      const strings = [...list(c.env).map((e) => ({ value: e.value, field: `env ${String(e.name)}` })), ...[...(Array.isArray(c.args) ? c.args : []), ...(Array.isArray(c.command) ? c.command : [])].map((value) => ({ value, field: 'args' }))];
      for (const { value, field: where } of strings) {
        for (const service of servicesNamedIn(value, ns)) out.push(ref('', 'Service', service.namespace, service.name, `container ${cname} ${where}`));
      }
      for (const env of list(c.envFrom)) {
        const s = rec(env.secretRef);
        const m = rec(env.configMapRef);
        secret(s.name, `container ${cname} envFrom`, s.optional);
        configMap(m.name, `container ${cname} envFrom`, m.optional);
      }
    }
  }
  for (const volume of list(pod.volumes)) {
    const field = `volume ${String(volume.name)}`;
    const s = rec(volume.secret);
    const m = rec(volume.configMap);
    secret(s.secretName, field, s.optional);
    configMap(m.name, field, m.optional);
    for (const source of list(rec(volume.projected).sources)) {
      const ps = rec(source.secret);
      const pm = rec(source.configMap);
      secret(ps.name, field, ps.optional);
      configMap(pm.name, field, pm.optional);
    }
    const claim = text(rec(volume.persistentVolumeClaim).claimName);
    if (claim) out.push(ref('', 'PersistentVolumeClaim', ns, claim, field));
    storageClass(rec(rec(rec(volume.ephemeral).volumeClaimTemplate).spec).storageClassName, field);
  }
  for (const pull of list(pod.imagePullSecrets)) secret(pull.name, 'imagePullSecrets', false);
  const sa = text(pod.serviceAccountName) ?? text(pod.serviceAccount);
  if (sa && sa !== 'default') out.push(ref('', 'ServiceAccount', ns, sa, 'serviceAccountName'));
  if (String(obj.kind) === 'StatefulSet') {
    for (const vct of list(rec(obj.spec).volumeClaimTemplates)) storageClass(rec(vct.spec).storageClassName, `volumeClaimTemplate ${String(rec(vct.metadata).name)}`);
  }
  return out;
}

/**
 * Secrets a chart makes at install time through a Helm hook Job (Envoy Gateway's certgen writes its
 * TLS Secrets this way): when the release has a `helm.sh/hook` install Job and a Role or ClusterRole
 * of its own that may create Secrets, the Secrets its own workloads mount in their namespace count
 * as made by the release, before its workloads start.
 */
function hookMadeSecrets(objects: readonly RenderedObject[]): { id: ObjId; by: RenderedObject }[] {
  const hookJob = objects.find((r) => String(r.object.kind) === 'Job' && /(^|,)\s*(pre|post)-install/.test(String(rec(rec(r.object.metadata).annotations)['helm.sh/hook'] ?? '')));
  if (!hookJob) return [];
  const createsSecrets = objects.some(
    (r) =>
      (String(r.object.kind) === 'Role' || String(r.object.kind) === 'ClusterRole') &&
      list(r.object.rules).some((rule) => {
        const resources = Array.isArray(rule.resources) ? rule.resources : [];
        const verbs = Array.isArray(rule.verbs) ? rule.verbs : [];
        return (resources.includes('secrets') || resources.includes('*')) && (verbs.includes('create') || verbs.includes('*'));
      }),
  );
  if (!createsSecrets) return [];
  const out: { id: ObjId; by: RenderedObject }[] = [];
  for (const r of objects) {
    if (r === hookJob) continue;
    for (const need of podRefs(r.object)) if (need.group === '' && need.kind === 'Secret') out.push({ id: { group: '', kind: 'Secret', namespace: need.namespace, name: need.name }, by: hookJob });
  }
  return out;
}

/** The table of operators. CNPG: cloudnative-pg.io docs (bootstrap, "Connecting from an application"); cert-manager: Certificate spec.secretName. */
export const OPERATOR_PRODUCERS: readonly OperatorProducer[] = [
  {
    group: 'postgresql.cnpg.io',
    kind: 'Cluster',
    readyCondition: true,
    produces: (obj) => {
      const { namespace, name } = idOf(obj);
      const spec = rec(obj.spec);
      const out: ObjId[] = ['rw', 'ro', 'r'].map((suffix) => ({ group: '', kind: 'Service', namespace, name: `${name}-${suffix}` }));
      // initdb.secret: "If empty a new secret will be created from scratch" (the `<cluster>-app` one).
      if (!text(rec(rec(rec(spec.bootstrap).initdb).secret).name)) out.push({ group: '', kind: 'Secret', namespace, name: `${name}-app` });
      if (spec.enableSuperuserAccess === true && !text(rec(spec.superuserSecret).name)) out.push({ group: '', kind: 'Secret', namespace, name: `${name}-superuser` });
      return out;
    },
    needs: (obj) => {
      const { namespace } = idOf(obj);
      const spec = rec(obj.spec);
      const out: ObjRef[] = [];
      const initdbSecret = text(rec(rec(rec(spec.bootstrap).initdb).secret).name);
      if (initdbSecret) out.push(ref('', 'Secret', namespace, initdbSecret, 'bootstrap.initdb.secret'));
      const superuser = text(rec(spec.superuserSecret).name);
      if (superuser) out.push(ref('', 'Secret', namespace, superuser, 'superuserSecret'));
      const sc = text(rec(spec.storage).storageClass);
      if (sc) out.push(ref('storage.k8s.io', 'StorageClass', '', sc, 'storage.storageClass'));
      return out;
    },
  },
  {
    group: 'cert-manager.io',
    kind: 'Certificate',
    readyCondition: true,
    produces: (obj) => {
      const secretName = text(rec(obj.spec).secretName);
      return secretName ? [{ group: '', kind: 'Secret', namespace: idOf(obj).namespace, name: secretName }] : [];
    },
    needs: (obj) => {
      const issuer = rec(rec(obj.spec).issuerRef);
      const name = text(issuer.name);
      if (!name || (text(issuer.group) ?? 'cert-manager.io') !== 'cert-manager.io') return [];
      const kind = text(issuer.kind) ?? 'Issuer';
      return [ref('cert-manager.io', kind, kind === 'ClusterIssuer' ? '' : idOf(obj).namespace, name, 'issuerRef')];
    },
  },
  ...(['Issuer', 'ClusterIssuer'] as const).map((kind): OperatorProducer => ({
    group: 'cert-manager.io',
    kind,
    readyCondition: true,
    produces: () => [],
    // ClusterIssuer credentials live in cert-manager's --cluster-resource-namespace (default cert-manager).
    needs: (obj) => {
      const ns = kind === 'ClusterIssuer' ? 'cert-manager' : idOf(obj).namespace;
      const spec = rec(obj.spec);
      const out: ObjRef[] = [];
      const ca = text(rec(spec.ca).secretName);
      if (ca) out.push(ref('', 'Secret', ns, ca, 'ca.secretName'));
      for (const solver of list(rec(spec.acme).solvers)) {
        const cf = rec(rec(solver.dns01).cloudflare);
        for (const field of ['apiTokenSecretRef', 'apiKeySecretRef']) {
          const name = text(rec(cf[field]).name);
          if (name) out.push(ref('', 'Secret', ns, name, `acme dns01 cloudflare ${field}`));
        }
      }
      return out;
    },
  })),
  {
    group: 'redis.redis.opstreelabs.in',
    kind: 'Redis',
    readyCondition: false,
    produces: (obj) => {
      const { namespace, name } = idOf(obj);
      return [name, `${name}-headless`].map((n) => ({ group: '', kind: 'Service', namespace, name: n }));
    },
  },
  {
    group: 'bitnami.com',
    kind: 'SealedSecret',
    readyCondition: false,
    produces: (obj) => {
      const { namespace, name } = idOf(obj);
      return [{ group: '', kind: 'Secret', namespace, name }];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The model

type StepType = 'Kustomization' | 'HelmRelease';

interface Step {
  readonly id: string;
  readonly type: StepType;
  readonly ks?: FluxKustomizationStep;
  readonly hr?: HelmReleaseStep;
  readonly objects: readonly RenderedObject[];
  /** Resolved dependsOn step ids. */
  readonly dependsOn: string[];
  /** dependsOn entries naming nothing: the controller reports "dependency not found" and never proceeds. */
  readonly unknownDeps: string[];
  /** Kustomizations whose apply creates this step's object (none: it exists from the start). */
  readonly parents: string[];
  /** The Kustomization of a HelmRelease (for messages). */
  readonly via?: string;
}

interface StepState {
  created: boolean;
  started: boolean;
  /** Kustomization: applied; HelmRelease: installed. */
  applied: boolean;
  ready: boolean;
}

type Source =
  | { readonly type: 'step'; readonly step: string; readonly rendered: RenderedObject; readonly early: boolean }
  | { readonly type: 'operator'; readonly producer: OperatorProducer; readonly cr: RenderedObject; readonly crId: ObjId; readonly crStep: string };

interface CrdProvider {
  readonly step: string;
  readonly rendered: RenderedObject;
  readonly name: string;
}

const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

class Model {
  readonly steps = new Map<string, Step>();
  readonly state = new Map<string, StepState>();
  readonly sources = new Map<string, Source[]>();
  readonly crds = new Map<string, CrdProvider[]>();
  readonly namespaces = new Set<string>(BUILTIN_NAMESPACES);
  readonly problems: BootstrapProblem[] = [];
  readonly order: string[] = [];
  private existsMemo = new Map<string, boolean>();
  private operatorMemo = new Map<string, boolean>();
  /** `kind|namespace|name` -> id of a rendered object, to resolve healthChecks (which carry no group). */
  private readonly byName = new Map<string, ObjId>();

  constructor(readonly render: ClusterRender, readonly producers: readonly OperatorProducer[]) {
    const ksByRef = new Map<string, string>();
    for (const ks of render.kustomizations) {
      ksByRef.set(`${ks.namespace}/${ks.name}`, ks.name);
      // The namespace a Kustomization object lives in exists: Flux runs there (flux-system).
      this.namespaces.add(ks.namespace);
    }
    const hrIds = new Set(render.releases.map((hr) => `${hr.namespace}/${hr.name}`));
    // Which Kustomization applies which Kustomization object.
    const parentsOf = new Map<string, string[]>();
    for (const ks of render.kustomizations) {
      for (const rendered of ks.objects) {
        const id = idOf(rendered.object);
        if (!isFluxKustomization(id)) continue;
        const child = ksByRef.get(`${id.namespace || ks.namespace}/${id.name}`);
        if (child && child !== ks.name) parentsOf.set(child, [...(parentsOf.get(child) ?? []), ks.name]);
      }
    }
    for (const ks of render.kustomizations) {
      const dependsOn: string[] = [];
      const unknownDeps: string[] = [];
      for (const dep of ks.dependsOn) {
        const target = ksByRef.get(`${dep.namespace || ks.namespace}/${dep.name}`);
        const wanted = `${dep.namespace || ks.namespace}/${dep.name}`;
        if (target) dependsOn.push(target);
        else {
          unknownDeps.push(wanted);
          this.problems.push(missing(ks.name, [`${ks.name} dependsOn Kustomization ${wanted}`], `${ks.name} dependsOn Kustomization ${wanted}, which does not exist: ${ks.name} never starts ("dependency not found")`));
        }
      }
      this.addStep({ id: ks.name, type: 'Kustomization', ks, objects: ks.objects, dependsOn, unknownDeps, parents: parentsOf.get(ks.name) ?? [] });
    }
    for (const hr of render.releases) {
      const id = `${hr.namespace}/${hr.name}`;
      const dependsOn: string[] = [];
      const unknownDeps: string[] = [];
      for (const dep of hr.dependsOn) {
        const target = `${dep.namespace || hr.namespace}/${dep.name}`;
        if (hrIds.has(target)) dependsOn.push(target);
        else {
          unknownDeps.push(target);
          this.problems.push(missing(id, [`${id} dependsOn HelmRelease ${target}`], `${id} dependsOn HelmRelease ${target}, which does not exist: ${id} never installs ("dependency not found")`));
        }
      }
      const parents = this.steps.has(hr.kustomization) ? [hr.kustomization] : [];
      if (parents.length === 0) {
        this.problems.push(missing(id, [`${id} is applied by Kustomization ${hr.kustomization}`], `${id} is applied by Kustomization ${hr.kustomization}, which does not exist: the HelmRelease is never created`));
      }
      this.addStep({ id, type: 'HelmRelease', hr, objects: hr.objects, dependsOn, unknownDeps, parents, via: hr.kustomization });
    }
    for (const step of this.steps.values()) {
      for (const rendered of step.objects) {
        const id = idOf(rendered.object);
        // A HelmRelease installs its chart CRDs (and Namespaces) before the templates.
        this.addSource(id, { type: 'step', step: step.id, rendered, early: isDefinition(id) });
        if (!this.byName.has(`${id.kind}|${id.namespace}|${id.name}`)) this.byName.set(`${id.kind}|${id.namespace}|${id.name}`, id);
        if (id.group === 'apiextensions.k8s.io' && id.kind === 'CustomResourceDefinition') {
          const spec = rec(rendered.object.spec);
          const key = `${String(spec.group)}/${String(rec(spec.names).kind)}`;
          this.crds.set(key, [...(this.crds.get(key) ?? []), { step: step.id, rendered, name: id.name }]);
        }
        const producer = this.producerOf(id);
        if (producer) for (const made of producer.produces(rendered.object)) this.addSource(made, { type: 'operator', producer, cr: rendered, crId: id, crStep: step.id });
      }
      if (step.type === 'HelmRelease') for (const made of hookMadeSecrets(step.objects)) this.addSource(made.id, { type: 'step', step: step.id, rendered: made.by, early: false });
    }
  }

  private addStep(step: Step): void {
    this.steps.set(step.id, step);
    this.state.set(step.id, { created: false, started: false, applied: false, ready: false });
  }

  private addSource(id: ObjId, source: Source): void {
    const key = keyOf(id);
    const existing = this.sources.get(key);
    if (existing) existing.push(source);
    else this.sources.set(key, [source]);
  }

  producerOf(id: ObjId): OperatorProducer | undefined {
    return this.producers.find((p) => p.group === id.group && p.kind === id.kind);
  }

  st(id: string): StepState {
    return this.state.get(id)!;
  }

  // ---- what exists before anything is applied

  /** Objects the cluster itself provides, or the bootstrap put there. */
  preexisting(id: ObjId): boolean {
    if (id.group === '' && id.kind === 'Namespace' && this.namespaces.has(id.name)) return true;
    if (id.group === '' && id.kind === 'ServiceAccount' && id.name === 'default') return true;
    if (id.group === '' && id.kind === 'ConfigMap' && id.name === 'kube-root-ca.crt') return true;
    return this.render.bootstrapInputs.some((input) =>
      input.kind === id.kind
      && (input.apiVersion === undefined || groupOf(input.apiVersion) === id.group)
      && (input.namespace === undefined || input.namespace === id.namespace)
      && (input.name === undefined || input.name === id.name));
  }

  /** Could anything ever create the object? (for 'missing') */
  creatable(id: ObjId): boolean {
    return this.preexisting(id) || (this.sources.get(keyOf(id))?.length ?? 0) > 0;
  }

  crdPreexisting(group: string, kind: string): boolean {
    if (!needsCrd(group)) return true;
    const names = (this.crds.get(`${group}/${kind}`) ?? []).map((c) => c.name);
    return this.render.bootstrapInputs.some((input) => input.kind === 'CustomResourceDefinition'
      && (input.name === undefined || names.includes(input.name) || input.name.endsWith(`.${group}`)));
  }

  crdCreatable(group: string, kind: string): boolean {
    return this.crdPreexisting(group, kind) || (this.crds.get(`${group}/${kind}`)?.length ?? 0) > 0;
  }

  // ---- state-dependent predicates (memoized per simulation round)

  resetMemo(): void {
    this.existsMemo = new Map();
    this.operatorMemo = new Map();
  }

  sourceHolds(source: Source, visiting: Set<string>): boolean {
    if (source.type === 'step') {
      const s = this.st(source.step);
      return s.applied || (source.early && s.started);
    }
    return this.exists(source.crId, visiting)
      && this.operatorReady(source.producer)
      && (source.producer.needs?.(source.cr.object) ?? []).every((r) => this.exists(r, visiting));
  }

  exists(id: ObjId, visiting = new Set<string>()): boolean {
    const key = keyOf(id);
    const memo = this.existsMemo.get(key);
    if (memo !== undefined) return memo;
    if (this.preexisting(id)) return true;
    if (visiting.has(key)) return false;
    visiting.add(key);
    const result = (this.sources.get(key) ?? []).some((source) => this.sourceHolds(source, visiting));
    visiting.delete(key);
    this.existsMemo.set(key, result);
    return result;
  }

  crdExists(group: string, kind: string): boolean {
    if (this.crdPreexisting(group, kind)) return true;
    return (this.crds.get(`${group}/${kind}`) ?? []).some((c) => this.exists(idOf(c.rendered.object)));
  }

  /** Steps whose workloads run the operator of a kind: the steps that install its CRD. */
  operatorSteps(producer: OperatorProducer): string[] {
    return [...new Set((this.crds.get(`${producer.group}/${producer.kind}`) ?? []).map((c) => c.step))];
  }

  operatorWorkloads(stepId: string): RenderedObject[] {
    return this.steps.get(stepId)!.objects.filter((r) => {
      const id = idOf(r.object);
      return isWorkload(id) && OPERATOR_WORKLOADS.has(id.kind);
    });
  }

  operatorReady(producer: OperatorProducer): boolean {
    const key = `${producer.group}/${producer.kind}`;
    const memo = this.operatorMemo.get(key);
    if (memo !== undefined) return memo;
    this.operatorMemo.set(key, false); // guard against an operator needing its own output
    const result = this.crdPreexisting(producer.group, producer.kind)
      || this.operatorSteps(producer).some((stepId) => this.st(stepId).applied
        && this.operatorWorkloads(stepId).every((w) => this.unmetNeeds(w.object).length === 0));
    this.operatorMemo.set(key, result);
    return result;
  }

  /** What an object references that does not exist yet (workload refs, PVC class, custom object needs). */
  unmetNeeds(obj: JsonObject): ObjRef[] {
    return this.needsOf(obj).filter((r) => !this.exists(r));
  }

  needsOf(obj: JsonObject): ObjRef[] {
    const id = idOf(obj);
    if (isWorkload(id)) return podRefs(obj);
    if (id.group === '' && id.kind === 'PersistentVolumeClaim') {
      const sc = text(rec(obj.spec).storageClassName);
      return sc ? [ref('storage.k8s.io', 'StorageClass', '', sc, 'storageClassName')] : [];
    }
    return [...(this.producerOf(id)?.needs?.(obj) ?? [])];
  }

  /** kstatus-style readiness of an applied object (Kustomization wait / healthChecks). */
  objectReady(id: ObjId, rendered: RenderedObject | undefined): boolean {
    if (!this.exists(id)) return false;
    if (isHelmRelease(id)) {
      const step = this.steps.get(`${id.namespace}/${id.name}`);
      return step?.type === 'HelmRelease' ? this.st(step.id).ready : true;
    }
    if (isFluxKustomization(id)) {
      const step = this.steps.get(id.name);
      return step?.type === 'Kustomization' ? this.st(step.id).ready : true;
    }
    if (!rendered) return true;
    if (isWorkload(id)) return !WAITED_WORKLOADS.has(id.kind) || this.unmetNeeds(rendered.object).length === 0;
    const producer = this.producerOf(id);
    if (producer?.readyCondition) return this.operatorReady(producer) && this.unmetNeeds(rendered.object).length === 0;
    return this.unmetNeeds(rendered.object).length === 0;
  }

  renderedOf(id: ObjId): RenderedObject | undefined {
    for (const source of this.sources.get(keyOf(id)) ?? []) if (source.type === 'step') return source.rendered;
    return undefined;
  }

  /** What a Kustomization waits for: every applied object with wait, else its healthChecks. */
  waitedBy(ks: FluxKustomizationStep): { id: ObjId; rendered?: RenderedObject }[] {
    if (ks.wait) {
      return ks.objects.map((rendered) => ({ id: idOf(rendered.object), rendered }))
        .filter(({ id }) => !(isFluxKustomization(id) && id.name === ks.name));
    }
    return ks.healthChecks.map((hc) => {
      const id = this.resolveCheck(hc);
      return { id, rendered: this.renderedOf(id) };
    });
  }

  /** A healthChecks entry (kind/name/namespace, no group) as an object id: the group of a rendered object of that name, else Flux's. */
  resolveCheck(hc: { readonly kind: string; readonly name: string; readonly namespace?: string }): ObjId {
    const namespace = hc.namespace ?? '';
    const known = this.byName.get(`${hc.kind}|${namespace}|${hc.name}`);
    if (known) return known;
    const group = hc.kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io' : hc.kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io' : hc.kind === 'Deployment' || hc.kind === 'StatefulSet' || hc.kind === 'DaemonSet' ? 'apps' : '';
    return { group, kind: hc.kind, namespace, name: hc.name };
  }

  /** Objects whose kind has no CRD or whose namespace does not exist (apply/install blockers). */
  applyBlockers(step: Step): { rendered: RenderedObject; id: ObjId; crd?: string; namespace?: string }[] {
    const out: { rendered: RenderedObject; id: ObjId; crd?: string; namespace?: string }[] = [];
    for (const rendered of step.objects) {
      const id = idOf(rendered.object);
      if (isDefinition(id)) continue;
      if (needsCrd(id.group) && !this.crdExists(id.group, id.kind)) out.push({ rendered, id, crd: `${id.group}/${id.kind}` });
      else if (id.namespace && !(step.hr && id.namespace === step.hr.targetNamespace) && !this.exists({ group: '', kind: 'Namespace', namespace: '', name: id.namespace })) {
        out.push({ rendered, id, namespace: id.namespace });
      }
    }
    return out;
  }

  /** Chart workloads Helm wait still waits for. */
  helmUnready(step: Step): RenderedObject[] {
    return step.objects.filter((r) => {
      const id = idOf(r.object);
      return isWorkload(id) && WAITED_WORKLOADS.has(id.kind) && this.unmetNeeds(r.object).length > 0;
    });
  }

  // ---- the fixed point

  simulate(): void {
    for (;;) {
      let changed = false;
      this.resetMemo();
      for (const step of this.steps.values()) {
        const s = this.st(step.id);
        const set = (field: keyof StepState, value: boolean) => {
          if (value && !s[field]) {
            s[field] = true;
            changed = true;
            this.resetMemo();
            if (field === 'ready') this.order.push(step.id);
          }
        };
        if (s.ready) continue;
        if (!s.created) set('created', step.type === 'Kustomization' && step.parents.length === 0 ? true : step.parents.some((p) => this.st(p).applied));
        if (s.created && !s.started) set('started', step.unknownDeps.length === 0 && step.dependsOn.every((d) => this.st(d).ready));
        if (s.started && !s.applied) set('applied', this.applyBlockers(step).length === 0);
        if (!s.applied) continue;
        if (step.ks) set('ready', this.waitedBy(step.ks).every(({ id, rendered }) => this.objectReady(id, rendered)));
        else set('ready', !step.hr!.wait || this.helmUnready(step).length === 0);
      }
      if (!changed) return;
    }
  }
}

function missing(step: string, chain: string[], message: string, object?: RenderedObject): BootstrapProblem {
  return object ? { kind: 'missing', step, chain, message, object } : { kind: 'missing', step, chain, message };
}

// ---------------------------------------------------------------------------------------------
// Static checks: things nothing creates, dependsOn cycles, CRD races

function missingInputs(m: Model): BootstrapProblem[] {
  const out: BootstrapProblem[] = [];
  const seen = new Set<string>();
  const add = (key: string, p: BootstrapProblem) => {
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  const NOTHING = 'no Kustomization or chart applies it, no operator makes it and it is not a bootstrap input';
  for (const step of m.steps.values()) {
    const verb = step.hr ? 'installs' : 'applies';
    for (const rendered of step.objects) {
      const id = idOf(rendered.object);
      if (needsCrd(id.group) && !isDefinition(id) && !m.crdCreatable(id.group, id.kind)) {
        const link = `${step.id} ${verb} ${showId(id)}`;
        add(`crd|${step.id}|${id.group}/${id.kind}`, missing(step.id, [link], `${link}, but nothing installs a CRD for ${id.kind}.${id.group}: the ${step.type === 'HelmRelease' ? 'install' : 'apply'} fails with "no matches for kind ${id.kind}" (add the CRD or its operator, or list it as a bootstrap input)`, rendered));
      }
      if (id.namespace && !(step.hr && id.namespace === step.hr.targetNamespace) && !m.creatable({ group: '', kind: 'Namespace', namespace: '', name: id.namespace })) {
        const link = `${step.id} ${verb} ${showId(id)} into Namespace ${id.namespace}`;
        add(`ns|${step.id}|${id.namespace}`, missing(step.id, [link], `${link}, which nothing creates (${NOTHING})`, rendered));
      }
      for (const r of m.needsOf(rendered.object)) {
        if (m.creatable(r)) continue;
        const link = `${showId(id)} (${step.id}) needs ${showId(r)}`;
        add(`ref|${keyOf(id)}|${keyOf(r)}`, missing(step.id, [link], `${link} (${r.field}) which nothing creates: ${NOTHING}`, rendered));
      }
    }
    if (step.ks && !step.ks.wait) {
      for (const { id } of m.waitedBy(step.ks)) {
        if (m.creatable(id)) continue;
        const link = `${step.id} health-checks ${showId(id)}`;
        add(`hc|${step.id}|${keyOf(id)}`, missing(step.id, [link], `${link}, which nothing creates: ${step.id} never becomes Ready`));
      }
    }
  }
  return out;
}

/** Strongly connected components (Tarjan), in discovery order. */
function sccs(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component.reverse());
    }
  };
  for (const n of nodes) if (!idx.has(n)) connect(n);
  return out;
}

/** Shortest path from `from` to `to` over `edges` restricted to `within` (edges in order). */
function shortestPath<E extends { from: string; to: string }>(from: string, to: string, edges: readonly E[], within: ReadonlySet<string>): E[] | undefined {
  if (from === to) return [];
  const prev = new Map<string, E>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const e of edges) {
      if (e.from !== n || !within.has(e.to) || seen.has(e.to)) continue;
      seen.add(e.to);
      prev.set(e.to, e);
      if (e.to === to) {
        const path: E[] = [];
        for (let cur = to; cur !== from;) {
          const edge = prev.get(cur)!;
          path.unshift(edge);
          cur = edge.from;
        }
        return path;
      }
      queue.push(e.to);
    }
  }
  return undefined;
}

function dependsOnCycles(m: Model): BootstrapProblem[] {
  const ids = [...m.steps.keys()];
  const edges = ids.flatMap((from) => m.steps.get(from)!.dependsOn.map((to) => ({ from, to })));
  const out: BootstrapProblem[] = [];
  for (const component of sccs(ids, (n) => m.steps.get(n)!.dependsOn)) {
    const first = component[0]!;
    const self = m.steps.get(first)!.dependsOn.includes(first);
    if (component.length < 2 && !self) continue;
    const within = new Set(component);
    const startEdge = edges.find((e) => e.from === first && within.has(e.to))!;
    const cycle = [startEdge, ...(shortestPath(startEdge.to, first, edges, within) ?? [])];
    const chain = cycle.map((e) => `${e.from} dependsOn ${e.to}`);
    out.push({ kind: 'deadlock', step: first, chain, message: `dependsOn cycle: ${chain.join(' <- ')}; none of them ever starts (remove one dependsOn)` });
  }
  return out;
}

/**
 * Steps guaranteed Ready before a step starts (its dependsOn closure, what its Kustomization's
 * dependsOn waited for), and Kustomizations guaranteed applied before (the one applying it and its
 * parents, whose CRDs went in their first stage).
 */
class Guarantees {
  private readyMemo = new Map<string, Set<string>>();
  private startMemo = new Map<string, Set<string>>();

  constructor(private readonly m: Model) {}

  /** Steps Ready whenever `id` is Ready (itself included). */
  readyClosure(id: string): Set<string> {
    const memo = this.readyMemo.get(id);
    if (memo) return memo;
    const out = new Set<string>([id]);
    this.readyMemo.set(id, out); // cycles: partial answer
    for (const s of this.startedBefore(id)) out.add(s);
    const step = this.m.steps.get(id)!;
    if (step.ks) {
      for (const { id: w } of this.m.waitedBy(step.ks)) {
        const target = isHelmRelease(w) ? `${w.namespace}/${w.name}` : isFluxKustomization(w) ? w.name : undefined;
        if (target && target !== id && this.m.steps.has(target)) for (const s of this.readyClosure(target)) out.add(s);
      }
    }
    return out;
  }

  /** Steps Ready whenever `id` has started. */
  startedBefore(id: string): Set<string> {
    const memo = this.startMemo.get(id);
    if (memo) return memo;
    const out = new Set<string>();
    this.startMemo.set(id, out);
    const step = this.m.steps.get(id)!;
    for (const d of step.dependsOn) for (const s of this.readyClosure(d)) out.add(s);
    // Created by a parent's apply, which needed the parent started (any parent will do: intersect).
    const fromParents = step.parents.map((p) => this.startedBefore(p));
    if (fromParents.length > 0) for (const s of fromParents[0]!) if (fromParents.every((set) => set.has(s))) out.add(s);
    return out;
  }

  /** Kustomizations that applied (at least their CRDs) before `id` exists. */
  appliedBefore(id: string): Set<string> {
    const out = new Set<string>();
    const walk = (s: string) => {
      for (const p of this.m.steps.get(s)!.parents) {
        if (out.has(p)) continue;
        out.add(p);
        walk(p);
      }
    };
    walk(id);
    return out;
  }
}

function crdRaces(m: Model): BootstrapProblem[] {
  const g = new Guarantees(m);
  const out: BootstrapProblem[] = [];
  const seen = new Set<string>();
  for (const step of m.steps.values()) {
    if (!step.hr) continue;
    let ready: Set<string> | undefined;
    let applied: Set<string> | undefined;
    for (const rendered of step.objects) {
      const id = idOf(rendered.object);
      if (isDefinition(id) || !needsCrd(id.group) || m.crdPreexisting(id.group, id.kind)) continue;
      const providers = m.crds.get(`${id.group}/${id.kind}`) ?? [];
      if (providers.length === 0) continue; // reported as missing
      if (providers.some((p) => p.step === step.id)) continue;
      const readyFirst = (ready ??= g.startedBefore(step.id));
      const appliedFirst = (applied ??= g.appliedBefore(step.id));
      const safe = providers.some((p) => readyFirst.has(p.step) || (m.steps.get(p.step)!.type === 'Kustomization' && appliedFirst.has(p.step)));
      if (safe) continue;
      const provider = providers[0]!;
      const key = `${step.id}|${id.group}/${id.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const chain = [`${step.id} installs ${showId(id)}`, `CRD ${provider.name} (${provider.step})`];
      const fix = m.steps.get(provider.step)!.type === 'HelmRelease'
        ? `add dependsOn ${provider.step} to ${step.id}`
        : `apply ${provider.step} before ${step.via} (dependsOn)`;
      out.push({
        kind: 'race',
        step: step.id,
        chain,
        object: rendered,
        message: `CRD race: ${step.id} (HelmRelease in ${step.via}) installs ${showId(id)}, whose CRD ${provider.name} comes from ${provider.step}, which is neither in its dependsOn chain nor guaranteed Ready before it (an earlier Kustomization that waits for it): the install can run first, fail with "no matches for kind ${id.kind}" and stay failed once the remediation retries run out; ${fix}`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Why stuck steps are stuck: a graph of unmet conditions, its loops are the deadlocks

interface Edge {
  readonly from: string;
  readonly to: string;
  /** One link of the chain; `append` labels complete the previous link (`(infra-configs)`). */
  readonly label: string;
  readonly append?: boolean;
  /** A concrete need (an object, a CRD, a namespace): where a deadlock is reported from. */
  readonly root?: boolean;
  readonly dependsOn?: boolean;
  readonly object?: RenderedObject;
}

const STEP = 'step:';
const OBJ = 'obj:';
const CRD = 'crd:';
const OP = 'op:';

class Blockers {
  readonly edges: Edge[] = [];
  private readonly seen = new Set<string>();
  private readonly objIds = new Map<string, ObjId>();

  constructor(private readonly m: Model) {}

  explore(node: string): void {
    const pending = [node];
    while (pending.length > 0) {
      const n = pending.shift()!;
      if (this.seen.has(n)) continue;
      this.seen.add(n);
      const out = this.explain(n);
      this.edges.push(...out);
      for (const e of out) pending.push(e.to);
    }
  }

  private objNode(id: ObjId): string {
    const key = keyOf(id);
    this.objIds.set(key, id);
    return OBJ + key;
  }

  private explain(node: string): Edge[] {
    if (node.startsWith(STEP)) return this.explainStep(this.m.steps.get(node.slice(STEP.length))!);
    if (node.startsWith(OBJ)) return this.explainObject(node, this.objIds.get(node.slice(OBJ.length))!);
    if (node.startsWith(CRD)) return this.explainCrd(node);
    return this.explainOperator(node);
  }

  private stepLabel(step: Step): string {
    return step.hr ? `${step.id} (HelmRelease in ${step.via}${step.hr.wait ? ', waits' : ''})` : step.id;
  }

  private explainStep(step: Step): Edge[] {
    const m = this.m;
    const s = m.st(step.id);
    const from = STEP + step.id;
    if (!s.created) return step.parents.map((p) => ({ from, to: STEP + p, label: `${step.id} is applied by ${p}` }));
    if (!s.started) {
      return step.dependsOn.filter((d) => !m.st(d).ready).map((d) => ({ from, to: STEP + d, label: `${step.id} dependsOn ${d}`, dependsOn: true }));
    }
    const verb = step.hr ? 'installs' : 'applies';
    if (!s.applied) {
      const out: Edge[] = [];
      const crds = new Set<string>();
      for (const b of m.applyBlockers(step)) {
        if (b.crd) {
          if (crds.has(b.crd)) continue;
          crds.add(b.crd);
          out.push({ from, to: CRD + b.crd, label: `${step.id} ${verb} ${showId(b.id)}, a kind whose CRD is not installed`, root: true, object: b.rendered });
        } else {
          out.push({ from, to: this.objNode({ group: '', kind: 'Namespace', namespace: '', name: b.namespace! }), label: `${step.id} ${verb} ${showId(b.id)} into Namespace ${b.namespace}`, root: true, object: b.rendered });
        }
      }
      return out;
    }
    if (step.hr) {
      return m.helmUnready(step).flatMap((w) => m.unmetNeeds(w.object).map((r) => ({ from, to: this.objNode(r), label: `${this.stepLabel(step)} needs ${showId(r)}`, root: true, object: w })));
    }
    const out: Edge[] = [];
    for (const { id, rendered } of m.waitedBy(step.ks!)) {
      if (!m.objectReady(id, rendered)) out.push(...this.readyEdges(from, `${step.id} waits for `, id, rendered));
    }
    return out;
  }

  /** Why an object a step waits for is not Ready. */
  private readyEdges(from: string, prefix: string, id: ObjId, rendered: RenderedObject | undefined): Edge[] {
    const m = this.m;
    if (!m.exists(id)) return [{ from, to: this.objNode(id), label: `${prefix}${showId(id)}` }];
    if (isHelmRelease(id)) return [{ from, to: `${STEP}${id.namespace}/${id.name}`, label: `${prefix}${id.namespace}/${id.name}` }];
    if (isFluxKustomization(id)) return [{ from, to: STEP + id.name, label: `${prefix}${id.name}` }];
    if (!rendered) return [];
    const unmet = m.unmetNeeds(rendered.object);
    if (unmet.length > 0) return unmet.map((r) => ({ from, to: this.objNode(r), label: `${prefix}${showId(id)} which needs ${showId(r)}`, root: true, object: rendered }));
    const producer = m.producerOf(id);
    if (producer?.readyCondition && !m.operatorReady(producer)) {
      return [{ from, to: OP + `${producer.group}/${producer.kind}`, label: `${prefix}${showId(id)}, Ready only once its operator (${this.operatorName(producer)}) runs` }];
    }
    return [];
  }

  private operatorName(producer: OperatorProducer): string {
    return this.m.operatorSteps(producer).join(' or ') || `the ${producer.kind} operator`;
  }

  /** Why an object does not exist: who would make it. */
  private explainObject(from: string, id: ObjId): Edge[] {
    const m = this.m;
    const out: Edge[] = [];
    for (const source of m.sources.get(keyOf(id)) ?? []) {
      if (source.type === 'step') {
        out.push({ from, to: STEP + source.step, label: ` (${source.step})`, append: true });
        continue;
      }
      const cr = source.crId;
      const where = ` (${source.crStep})`;
      if (!m.exists(cr)) out.push({ from, to: this.objNode(cr), label: showId(cr) });
      else if (!m.operatorReady(source.producer)) {
        out.push({ from, to: OP + `${source.producer.group}/${source.producer.kind}`, label: `${showId(cr)}${where} waits for its operator ${this.operatorName(source.producer)}` });
      } else {
        for (const r of (source.producer.needs?.(source.cr.object) ?? []).filter((n) => !m.exists(n))) {
          out.push({ from, to: this.objNode(r), label: `${showId(cr)}${where} needs ${showId(r)}`, root: true, object: source.cr });
        }
      }
    }
    return out;
  }

  private explainCrd(from: string): Edge[] {
    const key = from.slice(CRD.length);
    return (this.m.crds.get(key) ?? []).map((c) => ({ from, to: STEP + c.step, label: `CRD ${c.name} (${c.step})` }));
  }

  private explainOperator(from: string): Edge[] {
    const m = this.m;
    const key = from.slice(OP.length);
    const producer = m.producers.find((p) => `${p.group}/${p.kind}` === key)!;
    const out: Edge[] = [];
    for (const stepId of m.operatorSteps(producer)) {
      if (!m.st(stepId).applied) {
        out.push({ from, to: STEP + stepId, label: '' });
        continue;
      }
      for (const w of m.operatorWorkloads(stepId)) {
        for (const r of m.unmetNeeds(w.object)) out.push({ from, to: this.objNode(r), label: `${showId(idOf(w.object))} (${stepId}) needs ${showId(r)}`, root: true, object: w });
      }
    }
    return out;
  }
}

function chainOf(edges: readonly Edge[]): string[] {
  const chain: string[] = [];
  for (const e of edges) {
    if (e.label === '') continue;
    if (e.append && chain.length > 0) chain[chain.length - 1] += e.label;
    else chain.push(e.label.trim());
  }
  return chain;
}

function deadlocks(m: Model): BootstrapProblem[] {
  const b = new Blockers(m);
  for (const step of m.steps.values()) if (!m.st(step.id).ready) b.explore(STEP + step.id);
  const nodes = [...new Set(b.edges.flatMap((e) => [e.from, e.to]))];
  const out: BootstrapProblem[] = [];
  const seen = new Set<string>();
  const outgoing = new Map<string, Edge[]>();
  for (const e of b.edges) {
    const list = outgoing.get(e.from);
    if (list) list.push(e);
    else outgoing.set(e.from, [e]);
  }
  for (const component of sccs(nodes, (n) => (outgoing.get(n) ?? []).map((e) => e.to))) {
    const within = new Set(component);
    const internal = component.flatMap((n) => (outgoing.get(n) ?? []).filter((e) => within.has(e.to)));
    if (internal.length === 0) continue; // no loop (a lone node without a self-edge)
    const roots = internal.filter((e) => e.root);
    if (roots.length === 0 && internal.every((e) => e.dependsOn)) continue; // reported as a dependsOn cycle
    const starts = roots.length > 0 ? roots : [internal[0]!];
    for (const start of starts) {
      const rest = shortestPath(start.to, start.from, internal, within);
      if (!rest) continue;
      const chain = chainOf([start, ...rest]);
      const message = chain.join(' <- ');
      if (seen.has(message)) continue;
      seen.add(message);
      const stepNode = [start, ...rest].map((e) => e.from).find((n) => n.startsWith(STEP))!;
      const step = stepNode.slice(STEP.length);
      const problem: BootstrapProblem = {
        kind: 'deadlock',
        step,
        chain,
        message: `deadlock: ${message}. Nothing in this loop can become Ready first; make the needed object in a step that does not wait for ${step}, or stop waiting for it (Kustomization wait/healthChecks, HelmRelease install.disableWait)`,
        ...(start.object ? { object: start.object } : {}),
      };
      out.push(problem);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Simulates the first reconcile: `order` lists the steps (Kustomization names, HelmReleases as
 * `<namespace>/<name>`) in the order they become Ready; every step not in it is stuck, and
 * `problems` says why (deadlocks with their loop, missing inputs, CRD races).
 */
export function simulateBootstrap(render: ClusterRender, producers: readonly OperatorProducer[] = OPERATOR_PRODUCERS): { order: string[]; problems: BootstrapProblem[] } {
  const m = new Model(render, producers);
  m.simulate();
  const problems = [...m.problems, ...missingInputs(m), ...dependsOnCycles(m), ...deadlocks(m), ...crdRaces(m)];
  return { order: [...m.order], problems };
}

/** The problems as policy findings (rule `render-bootstrap`). */
export function bootstrapFindings(render: ClusterRender): RawFinding[] {
  return simulateBootstrap(render).problems.map((p) => {
    const finding: RawFinding = {
      rule: BOOTSTRAP_RULE,
      resource: p.object ? renderedResource(render.cluster, p.object) : `${render.cluster}:bootstrap:${p.step}`,
      message: p.message,
    };
    // Chart output has a `helm:` origin, not a repository file.
    return p.object && !p.object.origin.release ? { ...finding, file: p.object.origin.file } : finding;
  });
}
