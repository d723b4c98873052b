/**
 * The Pod Security Standards `restricted` profile (which includes `baseline`), as the checks the
 * admission controller runs on a pod spec, written from https://kubernetes.io/docs/concepts/security/pod-security-standards/.
 * Test-only helper: returns one line per violation, empty when the pod would be admitted to a
 * namespace labelled `pod-security.kubernetes.io/enforce: restricted`.
 */

/** Volume types restricted allows. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
/** Sysctls baseline allows (the kubelet's safe set). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];

export function restrictedViolations(podSpec: Record<string, any>): string[] {
  const problems: string[] = [];
  const pod = podSpec.securityContext ?? {};
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers'] as const) {
    if (host === 'hostUsers' ? false : podSpec[host] === true) problems.push(`pod: ${host} must not be true`);
  }
  for (const volume of podSpec.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUMES.includes(type)) problems.push(`volume ${volume.name}: type ${type} is not allowed`);
  }
  for (const sysctl of pod.sysctls ?? []) {
    if (!SAFE_SYSCTLS.includes(sysctl.name)) problems.push(`pod: sysctl ${sysctl.name} is not in the safe set`);
  }
  if (pod.seccompProfile && !SECCOMP_OK.includes(pod.seccompProfile.type)) problems.push(`pod: seccompProfile ${pod.seccompProfile.type}`);
  if (pod.runAsUser === 0) problems.push('pod: runAsUser 0');
  if (pod.seLinuxOptions?.type && !['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(pod.seLinuxOptions.type)) {
    problems.push(`pod: seLinuxOptions.type ${pod.seLinuxOptions.type}`);
  }
  const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
  for (const c of containers) {
    const at = `container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) problems.push(`${at}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
    if (!(sc.runAsNonRoot === true || (pod.runAsNonRoot === true && sc.runAsNonRoot !== false))) problems.push(`${at}: runAsNonRoot must be true`);
    if (sc.runAsUser === 0) problems.push(`${at}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (!seccomp || !SECCOMP_OK.includes(seccomp)) problems.push(`${at}: seccompProfile must be RuntimeDefault or Localhost`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities.drop must include ALL`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') problems.push(`${at}: capability ${cap} may not be added`);
    }
    if (sc.procMount && sc.procMount !== 'Default') problems.push(`${at}: procMount ${sc.procMount}`);
    for (const port of c.ports ?? []) {
      if (port.hostPort) problems.push(`${at}: hostPort ${port.hostPort}`);
    }
    if (sc.appArmorProfile?.type === 'Unconfined') problems.push(`${at}: AppArmor Unconfined`);
  }
  return problems;
}
