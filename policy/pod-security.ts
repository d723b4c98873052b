/**
 * The Kubernetes Pod Security Standards as an offline judge: the checks the API server's built-in
 * PodSecurity admission (k8s.io/pod-security-admission) runs for policy version "latest" on
 * Kubernetes 1.34, applied to the pod template of every rendered workload, and a rule adapter that
 * compares each workload with the `pod-security.kubernetes.io/enforce` level of its namespace.
 *
 * Controls carry the upstream check ids. Upstream reports one result per check; here every offending
 * field is a violation of its own, with its path in the object, so a message can point at the line
 * to change. Whether a pod passes is decided exactly as upstream decides it (pod-level defaults,
 * container overrides, the Windows exemptions of the restricted checks, and the restricted checks
 * that replace their baseline counterparts).
 *
 * Not modelled: `pod-security.kubernetes.io/enforce-version` (every namespace is judged at
 * "latest"), exemptions from an AdmissionConfiguration (a cluster without one has none), and the
 * alpha UserNamespacesPodSecurityStandards relaxation for `hostUsers: false` (off by default in 1.34).
 */
import type { PodSecurityLevel } from '../config/pod-security-level';
import type { ClusterRender, RenderedObject } from '../render/types';
import { renderedResource } from '../render/types';
import { isObject, type JsonObject, type RawFinding } from './types';

export interface PodSecurityViolation {
  /** Upstream check id (`hostNamespaces`, `capabilities_restricted`, ...; see `POD_SECURITY_CONTROLS`). */
  readonly control: string;
  /** Path of the offending field in the object, e.g. `spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly path: string;
  readonly message: string;
}

/** Rule id of `podSecurityFindings`. */
export const POD_SECURITY_RULE = 'render-pod-security';

/** Namespace label holding the level the API server enforces on pods. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** Capabilities a baseline container may add (the container runtime's default set). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Sysctls baseline allows (the namespaced, isolated ones; set of policy version 1.32, still current in 1.34). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** SELinux types baseline allows (empty means unset). */
export const SELINUX_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Inline volume sources restricted allows. */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Volume sources restricted forbids, by name, in the order upstream names the first one found. */
const FORBIDDEN_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const GOOD_PROFILE_TYPES = new Set(['RuntimeDefault', 'Localhost']);

// ---------------------------------------------------------------------------------------------
// Pod templates

/** Kinds whose pod template the admission evaluates: the API group, and where the template is. */
const TEMPLATE_AT: Record<string, { readonly group: string; readonly path: readonly string[] }> = {
  Pod: { group: '', path: [] },
  ReplicationController: { group: '', path: ['spec', 'template'] },
  ReplicaSet: { group: 'apps', path: ['spec', 'template'] },
  Deployment: { group: 'apps', path: ['spec', 'template'] },
  StatefulSet: { group: 'apps', path: ['spec', 'template'] },
  DaemonSet: { group: 'apps', path: ['spec', 'template'] },
  Job: { group: 'batch', path: ['spec', 'template'] },
  CronJob: { group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

function groupOfApiVersion(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** `a.b` from a prefix (possibly empty) and a rest. */
function at(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}.${rest}`;
}

/**
 * The pod template of a workload object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob), with the path to it (`''` for a Pod, `spec.template`,
 * `spec.jobTemplate.spec.template`); undefined for other kinds, for a kind of another API group
 * (a CRD that reuses a name), and when the object has no pod spec.
 */
export function podTemplateOf(object: Record<string, unknown>): { metadata: Record<string, unknown>; spec: Record<string, unknown>; path: string } | undefined {
  const where = typeof object.kind === 'string' && Object.hasOwn(TEMPLATE_AT, object.kind) ? TEMPLATE_AT[object.kind] : undefined;
  if (!where) return undefined;
  if (typeof object.apiVersion === 'string' && groupOfApiVersion(object.apiVersion) !== where.group) return undefined;
  let template: unknown = object;
  for (const key of where.path) template = isObject(template) ? template[key] : undefined;
  if (!isObject(template) || !isObject(template.spec)) return undefined;
  return { metadata: isObject(template.metadata) ? template.metadata : {}, spec: template.spec, path: where.path.join('.') };
}

// ---------------------------------------------------------------------------------------------
// The checks

/** A container of the template, with its path and security context. */
interface ContainerView {
  readonly name: string;
  readonly path: string;
  readonly container: JsonObject;
  /** `securityContext`, when set (an explicit null counts as unset, as in the API). */
  readonly sc?: JsonObject;
}

interface PodView {
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  /** Path of the template (`''` for a Pod). */
  readonly base: string;
  /** Path of the pod spec. */
  readonly specPath: string;
  /** `spec.securityContext`, when set. */
  readonly podSc?: JsonObject;
  /** Init containers, containers, then ephemeral containers: the order upstream visits them. */
  readonly containers: readonly ContainerView[];
  /** `spec.os.name: windows`: the restricted checks of Linux-only fields do not apply. */
  readonly windows: boolean;
}

/** Set in the API's sense: present and not null. */
function has(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function objectAt(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function quote(value: unknown): string {
  return JSON.stringify(typeof value === 'string' ? value : String(value));
}

function viewOf(template: { metadata: JsonObject; spec: JsonObject; path: string }): PodView {
  const specPath = at(template.path, 'spec');
  const containers: ContainerView[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(template.spec[field]).forEach((c, i) => {
      const container = objectAt(c) ?? {};
      containers.push({ name: String(container.name ?? `#${i}`), path: `${specPath}.${field}[${i}]`, container, sc: objectAt(container.securityContext) });
    });
  }
  const os = objectAt(template.spec.os);
  return {
    metadata: template.metadata,
    spec: template.spec,
    base: template.path,
    specPath,
    podSc: objectAt(template.spec.securityContext),
    containers,
    windows: os?.name === 'windows',
  };
}

type CheckFn = (pod: PodView) => Omit<PodSecurityViolation, 'control'>[];

export interface PodSecurityControl {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** Baseline checks this restricted check replaces at the restricted level. */
  readonly replaces?: readonly string[];
  readonly check: CheckFn;
}

/** Pod-level security context first (as `pod`), then each container's, for the fields both may set. */
function scSetters(pod: PodView): { who: string; path: string; sc: JsonObject }[] {
  const out: { who: string; path: string; sc: JsonObject }[] = [];
  if (pod.podSc) out.push({ who: 'pod', path: `${pod.specPath}.securityContext`, sc: pod.podSc });
  for (const c of pod.containers) if (c.sc) out.push({ who: `container ${quote(c.name)}`, path: `${c.path}.securityContext`, sc: c.sc });
  return out;
}

const hostNamespaces: CheckFn = (pod) =>
  ['hostNetwork', 'hostPID', 'hostIPC']
    .filter((field) => pod.spec[field] === true)
    .map((field) => ({ path: `${pod.specPath}.${field}`, message: `${field}=true shares a host namespace with the pod` }));

const privileged: CheckFn = (pod) =>
  pod.containers
    .filter((c) => c.sc?.privileged === true)
    .map((c) => ({ path: `${c.path}.securityContext.privileged`, message: `container ${quote(c.name)} must not set securityContext.privileged=true` }));

const capabilitiesBaseline: CheckFn = (pod) =>
  pod.containers.flatMap((c) => {
    const extra = list(objectAt(c.sc?.capabilities)?.add).filter((cap) => !BASELINE_CAPABILITIES.has(String(cap)));
    return extra.length === 0
      ? []
      : [{ path: `${c.path}.securityContext.capabilities.add`, message: `container ${quote(c.name)} adds ${extra.map(quote).join(', ')}, outside the baseline capability set` }];
  });

const hostPathVolumes: CheckFn = (pod) =>
  list(pod.spec.volumes).flatMap((v, i) =>
    isObject(v) && has(v.hostPath) ? [{ path: `${pod.specPath}.volumes[${i}].hostPath`, message: `volume ${quote(v.name)} is a hostPath volume` }] : [],
  );

const hostPorts: CheckFn = (pod) =>
  pod.containers.flatMap((c) =>
    list(c.container.ports).flatMap((p, j) =>
      isObject(p) && has(p.hostPort) && Number(p.hostPort) !== 0
        ? [{ path: `${c.path}.ports[${j}].hostPort`, message: `container ${quote(c.name)} uses hostPort ${String(p.hostPort)}` }]
        : [],
    ),
  );

const hostProbesAndHostLifecycle: CheckFn = (pod) =>
  pod.containers.flatMap((c) => {
    const handlers: [string, unknown][] = [
      ['livenessProbe', c.container.livenessProbe],
      ['readinessProbe', c.container.readinessProbe],
      ['startupProbe', c.container.startupProbe],
      ['lifecycle.postStart', objectAt(c.container.lifecycle)?.postStart],
      ['lifecycle.preStop', objectAt(c.container.lifecycle)?.preStop],
    ];
    return handlers.flatMap(([name, handler]) =>
      ['httpGet', 'tcpSocket'].flatMap((kind) => {
        const host = objectAt(objectAt(handler)?.[kind])?.host;
        return typeof host === 'string' && host !== ''
          ? [{ path: `${c.path}.${name}.${kind}.host`, message: `container ${quote(c.name)} points ${name}.${kind} at host ${quote(host)}; probes and lifecycle handlers may only target the pod itself` }]
          : [];
      }),
    );
  });

const appArmorProfile: CheckFn = (pod) => {
  const out = scSetters(pod).flatMap(({ who, path, sc }) => {
    const profile = objectAt(sc.appArmorProfile);
    return profile && !GOOD_PROFILE_TYPES.has(String(profile.type))
      ? [{ path: `${path}.appArmorProfile.type`, message: `${who} must not set AppArmor profile type ${quote(profile.type ?? '')} (only RuntimeDefault or Localhost)` }]
      : [];
  });
  const annotations = objectAt(pod.metadata.annotations) ?? {};
  for (const key of Object.keys(annotations).sort()) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const value = String(annotations[key] ?? '');
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    out.push({ path: `${at(pod.base, 'metadata.annotations')}[${quote(key)}]`, message: `annotation ${key}=${quote(value)} sets a forbidden AppArmor profile (only runtime/default or localhost/*)` });
  }
  return out;
};

const seLinuxOptions: CheckFn = (pod) =>
  scSetters(pod).flatMap(({ who, path, sc }) => {
    const opts = objectAt(sc.seLinuxOptions);
    if (!opts) return [];
    const out: Omit<PodSecurityViolation, 'control'>[] = [];
    const type = typeof opts.type === 'string' ? opts.type : '';
    if (!SELINUX_TYPES.has(type)) out.push({ path: `${path}.seLinuxOptions.type`, message: `${who} sets forbidden SELinux type ${quote(type)}` });
    for (const field of ['user', 'role']) {
      if (typeof opts[field] === 'string' && opts[field] !== '') out.push({ path: `${path}.seLinuxOptions.${field}`, message: `${who} must not set an SELinux ${field}` });
    }
    return out;
  });

const procMount: CheckFn = (pod) =>
  pod.containers
    .filter((c) => has(c.sc?.procMount) && c.sc?.procMount !== 'Default')
    .map((c) => ({ path: `${c.path}.securityContext.procMount`, message: `container ${quote(c.name)} must not set securityContext.procMount to ${quote(c.sc?.procMount)}` }));

/** A seccomp profile that is set and is neither RuntimeDefault nor Localhost. */
function badSeccomp(sc: JsonObject): { type: unknown } | undefined {
  const profile = objectAt(sc.seccompProfile);
  return profile && !GOOD_PROFILE_TYPES.has(String(profile.type)) ? { type: profile.type ?? '' } : undefined;
}

const seccompProfileBaseline: CheckFn = (pod) =>
  scSetters(pod).flatMap(({ who, path, sc }) => {
    const bad = badSeccomp(sc);
    return bad ? [{ path: `${path}.seccompProfile.type`, message: `${who} must not set securityContext.seccompProfile.type to ${quote(bad.type)}` }] : [];
  });

const sysctls: CheckFn = (pod) =>
  list(pod.podSc?.sysctls).flatMap((s, i) => {
    const name = isObject(s) ? s.name : undefined;
    return SAFE_SYSCTLS.has(String(name)) ? [] : [{ path: `${pod.specPath}.securityContext.sysctls[${i}].name`, message: `sysctl ${quote(name ?? '')} is not in the safe set` }];
  });

const windowsHostProcess: CheckFn = (pod) =>
  scSetters(pod)
    .filter(({ sc }) => objectAt(sc.windowsOptions)?.hostProcess === true)
    .map(({ who, path }) => ({ path: `${path}.windowsOptions.hostProcess`, message: `${who} must not set securityContext.windowsOptions.hostProcess=true` }));

const restrictedVolumes: CheckFn = (pod) =>
  list(pod.spec.volumes).flatMap((v, i) => {
    const volume = objectAt(v) ?? {};
    if (RESTRICTED_VOLUME_SOURCES.some((source) => has(volume[source]))) return [];
    const type = FORBIDDEN_VOLUME_SOURCES.find((source) => has(volume[source]));
    return [
      {
        path: type ? `${pod.specPath}.volumes[${i}].${type}` : `${pod.specPath}.volumes[${i}]`,
        message: `volume ${quote(volume.name ?? '')} uses restricted volume type ${quote(type ?? 'unknown')} (allowed: ${RESTRICTED_VOLUME_SOURCES.join(', ')})`,
      },
    ];
  });

const allowPrivilegeEscalation: CheckFn = (pod) =>
  pod.windows
    ? []
    : pod.containers
        .filter((c) => c.sc?.allowPrivilegeEscalation !== false)
        .map((c) => ({ path: `${c.path}.securityContext.allowPrivilegeEscalation`, message: `container ${quote(c.name)} must set securityContext.allowPrivilegeEscalation=false` }));

const capabilitiesRestricted: CheckFn = (pod) =>
  pod.windows
    ? []
    : pod.containers.flatMap((c) => {
        const caps = objectAt(c.sc?.capabilities);
        const out: Omit<PodSecurityViolation, 'control'>[] = [];
        if (!list(caps?.drop).includes('ALL')) out.push({ path: `${c.path}.securityContext.capabilities.drop`, message: `container ${quote(c.name)} must set securityContext.capabilities.drop=["ALL"]` });
        const extra = list(caps?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
        if (extra.length > 0) out.push({ path: `${c.path}.securityContext.capabilities.add`, message: `container ${quote(c.name)} may add only "NET_BIND_SERVICE", not ${extra.map(quote).join(', ')}` });
        return out;
      });

/**
 * A field the pod may set for every container and each container may override, which restricted
 * requires to hold a good value: explicit bad values anywhere fail first; only when there are none,
 * containers that leave it unset without a good pod-level value fail.
 */
function requiredWithPodDefault(
  pod: PodView,
  field: string,
  /** Path of the field to fix below `securityContext` (`seccompProfile.type`). */
  fixPath: string,
  isGood: (value: unknown) => boolean,
  explicitBad: (who: string, value: unknown) => string,
  implicitBad: (who: string) => string,
): Omit<PodSecurityViolation, 'control'>[] {
  const explicit: Omit<PodSecurityViolation, 'control'>[] = [];
  let podGood = false;
  if (pod.podSc && has(pod.podSc[field])) {
    if (isGood(pod.podSc[field])) podGood = true;
    else explicit.push({ path: `${pod.specPath}.securityContext.${fixPath}`, message: explicitBad('pod', pod.podSc[field]) });
  }
  const implicit: Omit<PodSecurityViolation, 'control'>[] = [];
  for (const c of pod.containers) {
    const value = c.sc?.[field];
    if (has(value)) {
      if (!isGood(value)) explicit.push({ path: `${c.path}.securityContext.${fixPath}`, message: explicitBad(`container ${quote(c.name)}`, value) });
    } else if (!podGood) {
      implicit.push({ path: `${c.path}.securityContext.${fixPath}`, message: implicitBad(`container ${quote(c.name)}`) });
    }
  }
  return explicit.length > 0 ? explicit : implicit;
}

const runAsNonRoot: CheckFn = (pod) =>
  requiredWithPodDefault(
    pod,
    'runAsNonRoot',
    'runAsNonRoot',
    (value) => value === true,
    (who) => `${who} must not set securityContext.runAsNonRoot=false`,
    (who) => `pod or ${who} must set securityContext.runAsNonRoot=true`,
  );

const runAsUser: CheckFn = (pod) =>
  scSetters(pod)
    .filter(({ sc }) => sc.runAsUser === 0)
    .map(({ who, path }) => ({ path: `${path}.runAsUser`, message: `${who} must not set runAsUser=0` }));

const seccompProfileRestricted: CheckFn = (pod) =>
  pod.windows
    ? []
    : requiredWithPodDefault(
        pod,
        'seccompProfile',
        'seccompProfile.type',
        (value) => isObject(value) && GOOD_PROFILE_TYPES.has(String(value.type)),
        (who, value) => `${who} must not set securityContext.seccompProfile.type to ${quote((isObject(value) ? value.type : undefined) ?? '')}`,
        (who) => `pod or ${who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      );

/** Every control of policy version "latest" (1.34), baseline first, each level in upstream's (byte-wise id) order. */
export const POD_SECURITY_CONTROLS: readonly PodSecurityControl[] = [
  { id: 'appArmorProfile', level: 'baseline', check: appArmorProfile },
  { id: 'capabilities_baseline', level: 'baseline', check: capabilitiesBaseline },
  { id: 'hostNamespaces', level: 'baseline', check: hostNamespaces },
  { id: 'hostPathVolumes', level: 'baseline', check: hostPathVolumes },
  { id: 'hostPorts', level: 'baseline', check: hostPorts },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', check: hostProbesAndHostLifecycle },
  { id: 'privileged', level: 'baseline', check: privileged },
  { id: 'procMount', level: 'baseline', check: procMount },
  { id: 'seLinuxOptions', level: 'baseline', check: seLinuxOptions },
  { id: 'seccompProfile_baseline', level: 'baseline', check: seccompProfileBaseline },
  { id: 'sysctls', level: 'baseline', check: sysctls },
  { id: 'windowsHostProcess', level: 'baseline', check: windowsHostProcess },
  { id: 'allowPrivilegeEscalation', level: 'restricted', check: allowPrivilegeEscalation },
  { id: 'capabilities_restricted', level: 'restricted', replaces: ['capabilities_baseline'], check: capabilitiesRestricted },
  { id: 'restrictedVolumes', level: 'restricted', replaces: ['hostPathVolumes'], check: restrictedVolumes },
  { id: 'runAsNonRoot', level: 'restricted', check: runAsNonRoot },
  { id: 'runAsUser', level: 'restricted', check: runAsUser },
  { id: 'seccompProfile_restricted', level: 'restricted', replaces: ['seccompProfile_baseline'], check: seccompProfileRestricted },
];

function controlsFor(level: PodSecurityLevel): PodSecurityControl[] {
  if (level === 'privileged') return [];
  if (level === 'baseline') return POD_SECURITY_CONTROLS.filter((c) => c.level === 'baseline');
  const replaced = new Set(POD_SECURITY_CONTROLS.flatMap((c) => c.replaces ?? []));
  return POD_SECURITY_CONTROLS.filter((c) => !replaced.has(c.id));
}

/** Every violation of `level` by the object's pod template (empty for privileged or non-workload kinds). */
export function podSecurityViolations(object: Record<string, unknown>, level: PodSecurityLevel): PodSecurityViolation[] {
  const template = podTemplateOf(object);
  if (!template || level === 'privileged') return [];
  const pod = viewOf(template);
  return controlsFor(level).flatMap((control) => control.check(pod).map((v) => ({ control: control.id, ...v })));
}

// ---------------------------------------------------------------------------------------------
// Namespaces and the rule adapter

const LEVEL_RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/**
 * The enforce level of a Namespace object from its `pod-security.kubernetes.io/enforce` label:
 * `privileged` when the namespace or the label is missing (the API server's default with no
 * admission configuration), and `restricted` for a value that is not a level (upstream fails closed).
 */
export function namespaceEnforceLevel(namespace: Record<string, unknown> | undefined): PodSecurityLevel {
  const labels = objectAt(objectAt(namespace?.metadata)?.labels);
  if (!labels || !has(labels[ENFORCE_LABEL])) return 'privileged';
  const value = labels[ENFORCE_LABEL];
  return value === 'privileged' || value === 'baseline' || value === 'restricted' ? value : 'restricted';
}

function allObjects(render: ClusterRender): RenderedObject[] {
  return [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
}

function nameOf(object: JsonObject): string | undefined {
  const name = objectAt(object.metadata)?.name;
  return typeof name === 'string' ? name : undefined;
}

function namespaceOf(object: JsonObject): string | undefined {
  const ns = objectAt(object.metadata)?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/**
 * Policy-rule adapter: for a ClusterRender, every workload object whose namespace's enforce level it
 * violates, one finding per object naming each control and path. A workload whose namespace is not
 * among the rendered objects is left to the rule that checks namespaces exist. A namespace rendered
 * more than once counts at its strictest level.
 */
export function podSecurityFindings(render: ClusterRender): RawFinding[] {
  const objects = allObjects(render);
  const levels = new Map<string, PodSecurityLevel>();
  for (const { object } of objects) {
    if (object.kind !== 'Namespace' || (typeof object.apiVersion === 'string' && object.apiVersion !== 'v1')) continue;
    const name = nameOf(object);
    if (name === undefined) continue;
    const level = namespaceEnforceLevel(object);
    const seen = levels.get(name);
    if (seen === undefined || LEVEL_RANK[level] > LEVEL_RANK[seen]) levels.set(name, level);
  }

  const findings: RawFinding[] = [];
  for (const rendered of objects) {
    const ns = namespaceOf(rendered.object);
    const level = ns === undefined ? undefined : levels.get(ns);
    if (level === undefined || level === 'privileged') continue;
    const violations = podSecurityViolations(rendered.object, level);
    if (violations.length === 0) continue;
    const details = violations.map((v) => `${v.control}: ${v.message} at ${v.path}`).join('; ');
    const file = rendered.origin.file;
    findings.push({
      rule: POD_SECURITY_RULE,
      resource: renderedResource(render.cluster, rendered),
      ...(file.startsWith('helm:') ? {} : { file }),
      message: `${String(rendered.object.kind)} ${ns}/${nameOf(rendered.object) ?? '?'} (${file}) violates Pod Security "${level}" of namespace ${ns}: ${details}`,
    });
  }
  return findings;
}

/**
 * Namespaces that enforce less than `restricted` although every pod the cluster would run there
 * already meets `restricted` (rule render-pod-security-looser, a warning): the looser level is
 * then a reason nobody measured. Namespaces without pods are left alone.
 */
export function looserThanNeededFindings(render: ClusterRender): RawFinding[] {
  const objects = allObjects(render);
  const namespaces = new Map<string, PodSecurityLevel>();
  for (const { object } of objects) {
    if (object.kind !== 'Namespace') continue;
    const name = nameOf(object);
    if (name !== undefined) namespaces.set(name, namespaceEnforceLevel(object));
  }
  const pods = new Map<string, { total: number; failing: number }>();
  for (const { object } of objects) {
    const ns = namespaceOf(object);
    if (ns === undefined || !podTemplateOf(object)) continue;
    const entry = pods.get(ns) ?? { total: 0, failing: 0 };
    entry.total++;
    if (podSecurityViolations(object, 'restricted').length > 0) entry.failing++;
    pods.set(ns, entry);
  }
  const findings: RawFinding[] = [];
  for (const [ns, level] of [...namespaces].sort(([a], [b]) => a.localeCompare(b))) {
    const entry = pods.get(ns);
    if (level === 'restricted' || !entry || entry.total === 0 || entry.failing > 0) continue;
    findings.push({
      rule: 'render-pod-security-looser',
      resource: `${render.cluster}:Namespace/${ns}`,
      message: `cluster ${render.cluster}: namespace ${ns} enforces Pod Security "${level}", but all ${entry.total} workloads rendered there meet "restricted": enforce restricted, or say on the component's docs page which pod needs more`,
    });
  }
  return findings;
}
