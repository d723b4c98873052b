import { stringify } from 'yaml';

/**
 * The parts of the k3s CIS hardening guide (https://docs.k3s.io/security/hardening-guide) that fit
 * a small cluster, as data: cloud-init.ts writes them into every node's configuration, and
 * docs/security.md has the table of what is on and off, and why.
 */

/** Where the guide keeps the server's hardening files. */
export const K3S_SERVER_DIR = '/var/lib/rancher/k3s/server';
/** kube-apiserver --admission-control-config-file: PodSecurity defaults and exemptions, EventRateLimit. */
export const ADMISSION_CONFIG_PATH = `${K3S_SERVER_DIR}/psa.yaml`;
/** kube-apiserver --audit-policy-file. */
export const AUDIT_POLICY_PATH = `${K3S_SERVER_DIR}/audit.yaml`;
/** Created 0700 before k3s starts (the API server does not create it). */
export const AUDIT_LOG_DIR = `${K3S_SERVER_DIR}/logs`;
export const AUDIT_LOG_PATH = `${AUDIT_LOG_DIR}/audit.log`;
/** Audit log rotation: days kept, files kept, MB per file (at most about 1 GB of audit log per server). */
export const AUDIT_LOG_ROTATION = { maxAgeDays: 30, maxBackups: 10, maxSizeMb: 100 } as const;

/** Written on every node and loaded before k3s starts; systemd-sysctl applies it at every boot after. */
export const KUBELET_SYSCTL_PATH = '/etc/sysctl.d/90-kubelet.conf';
/**
 * The kernel parameters kubelet checks when protect-kernel-defaults is set (kubelet's
 * setupKernelTunables: it exits when any differs): the guide's four plus the two key quotas, which
 * the distribution usually has right already but which would stop kubelet if it did not.
 */
export const KUBELET_SYSCTLS = {
  'vm.panic_on_oom': 0,
  'vm.overcommit_memory': 1,
  'kernel.panic': 10,
  'kernel.panic_on_oops': 1,
  'kernel.keys.root_maxkeys': 1000000,
  'kernel.keys.root_maxbytes': 25000000,
} as const;

/** TLS cipher suites kubelet serves with (the guide's list: ECDHE with AES-GCM or ChaCha20 only). */
export const KUBELET_TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
] as const;

/** Most processes (threads included) one pod may run: a fork bomb stays inside its pod. */
export const POD_MAX_PIDS = 4096;

/** kubelet-arg on every node (servers run a kubelet too). */
export const KUBELET_ARGS: readonly string[] = [
  'streaming-connection-idle-timeout=5m',
  'make-iptables-util-chains=true',
  'event-qps=50',
  `pod-max-pids=${POD_MAX_PIDS}`,
  `tls-cipher-suites=${KUBELET_TLS_CIPHER_SUITES.join(',')}`,
];

/** kube-apiserver-arg on servers. */
export const KUBE_APISERVER_ARGS: readonly string[] = [
  'enable-admission-plugins=NodeRestriction,EventRateLimit',
  `admission-control-config-file=${ADMISSION_CONFIG_PATH}`,
  `audit-log-path=${AUDIT_LOG_PATH}`,
  `audit-policy-file=${AUDIT_POLICY_PATH}`,
  `audit-log-maxage=${AUDIT_LOG_ROTATION.maxAgeDays}`,
  `audit-log-maxbackup=${AUDIT_LOG_ROTATION.maxBackups}`,
  `audit-log-maxsize=${AUDIT_LOG_ROTATION.maxSizeMb}`,
  'service-account-extend-token-expiration=false',
];

/** kube-controller-manager-arg on servers. */
export const KUBE_CONTROLLER_MANAGER_ARGS: readonly string[] = ['terminated-pod-gc-threshold=100'];

/**
 * Namespaces exempt from Pod Security admission whatever the platform decides: k3s runs its own
 * pods (CoreDNS, metrics-server, the local-path helper pods, the helm-controller install Jobs, the
 * bootstrap CNI install) there, unlabelled, before anything could label the namespace.
 */
export const ALWAYS_EXEMPT_NAMESPACES = ['kube-system'] as const;

/**
 * The admission configuration of the API server: Pod Security with `restricted` as the default
 * for every namespace without its own labels (enforce, audit and warn), exempting `exemptions`
 * (plus kube-system) entirely; and EventRateLimit, which the guide enables, with limits that stop a
 * flood of Events from one namespace or from everyone without touching normal traffic.
 */
export function renderAdmissionConfig(exemptions: readonly string[]): string {
  const namespaces = [...new Set([...ALWAYS_EXEMPT_NAMESPACES, ...exemptions])].sort();
  for (const name of namespaces) {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new Error(`Pod Security exemption ${name} is not a namespace name`);
  }
  return stringify(
    {
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AdmissionConfiguration',
      plugins: [
        {
          name: 'PodSecurity',
          configuration: {
            apiVersion: 'pod-security.admission.config.k8s.io/v1',
            kind: 'PodSecurityConfiguration',
            defaults: {
              enforce: 'restricted',
              'enforce-version': 'latest',
              audit: 'restricted',
              'audit-version': 'latest',
              warn: 'restricted',
              'warn-version': 'latest',
            },
            exemptions: { usernames: [], runtimeClasses: [], namespaces },
          },
        },
        {
          name: 'EventRateLimit',
          configuration: {
            apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
            kind: 'Configuration',
            limits: [
              { type: 'Server', qps: 5000, burst: 20000 },
              { type: 'Namespace', qps: 50, burst: 100, cacheSize: 2000 },
            ],
          },
        },
      ],
    },
    { lineWidth: 0 },
  );
}

/**
 * The audit policy: who did what to which object, never a request or response body (Secrets and
 * tokens stay out of the log). Left out as noise: health and version probes, Events, and the
 * constant lease renewals of controllers and kubelets.
 */
export function renderAuditPolicy(): string {
  return stringify(
    {
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages: ['RequestReceived'],
      rules: [
        { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'] },
        { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
        { level: 'None', verbs: ['get', 'update'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
        { level: 'Metadata' },
      ],
    },
    { lineWidth: 0 },
  );
}

/** The kubelet sysctl file: `key=value` lines. */
export function renderKubeletSysctls(): string[] {
  return Object.entries(KUBELET_SYSCTLS).map(([key, value]) => `${key}=${value}`);
}

/** The cloud metadata service of Hetzner Cloud and DigitalOcean (and most clouds). */
export const METADATA_ADDRESS = '169.254.169.254';
/** systemd unit that drops pod traffic to the metadata service on every boot, before k3s starts. */
export const METADATA_FENCE_UNIT = 'k3s-metadata-fence.service';
export const METADATA_FENCE_UNIT_PATH = `/etc/systemd/system/${METADATA_FENCE_UNIT}`;

/** The iptables rule of the fence: in raw PREROUTING, before any chain k3s, flannel, kube-router or Cilium manage. */
export function metadataFenceRule(podCidr: string): string {
  return `PREROUTING -s ${podCidr} -d ${METADATA_ADDRESS}/32 -j DROP`;
}

/**
 * The unit: a oneshot that adds the rule unless it is there (`-C`), ordered before the k3s
 * services. Pods' packets enter the host from their veth (flannel's bridge, Cilium's lxc devices)
 * with the pod address as source, before any masquerading, so raw PREROUTING sees them all; the
 * nodes' own processes and host-network pods (node addresses) are untouched.
 */
export function renderMetadataFenceUnit(podCidr: string): string[] {
  const rule = metadataFenceRule(podCidr);
  return [
    '[Unit]',
    `Description=Drop pod traffic to the cloud metadata service (${METADATA_ADDRESS}): its user_data holds the k3s join token`,
    'Before=k3s.service k3s-agent.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=/bin/sh -c 'iptables -t raw -C ${rule} 2>/dev/null || iptables -t raw -I ${rule}'`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
}
