/**
 * A test-only checker of Pod Security Standards "restricted" (plus baseline) for the pod
 * templates of synthesized workloads. It mirrors the admission rules that matter for our
 * templates; returns one line per violation.
 */

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

export function podSpecOf(manifest: any): any | undefined {
  if (WORKLOAD_KINDS.has(manifest.kind)) return manifest.spec?.template?.spec;
  if (manifest.kind === 'Pod') return manifest.spec;
  return undefined;
}

export function restrictedViolations(manifest: any): string[] {
  const spec = podSpecOf(manifest);
  if (!spec) return [];
  const id = `${manifest.kind}/${manifest.metadata?.name}`;
  const out: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[flag]) out.push(`${id}: ${flag}`);
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !ALLOWED_VOLUME_TYPES.has(type)) out.push(`${id}: volume ${volume.name} of type ${type}`);
  }
  if (pod.runAsUser === 0) out.push(`${id}: pod runAsUser 0`);
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) out.push(`${id}: pod seccomp ${podSeccomp}`);

  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const c = `${id}/${container.name}`;
    const sc = container.securityContext ?? {};
    if (sc.privileged) out.push(`${c}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c}: allowPrivilegeEscalation is not false`);
    if (!(sc.runAsNonRoot ?? pod.runAsNonRoot)) out.push(`${c}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) out.push(`${c}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) out.push(`${c}: seccompProfile is ${seccomp}`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push(`${c}: capabilities.drop lacks ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${c}: adds capability ${cap}`);
    for (const port of container.ports ?? []) if (port.hostPort) out.push(`${c}: hostPort ${port.hostPort}`);
  }
  return out;
}
