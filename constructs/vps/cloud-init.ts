import { stringify } from 'yaml';
import type { K3sInstallScript } from '../../config/k3s-installers';
import type { AddressDiscovery } from './adapter';
import type { FlannelBackend, K3sCni } from './firewall-rules';
import {
  ADMISSION_CONFIG_PATH,
  AUDIT_LOG_DIR,
  AUDIT_POLICY_PATH,
  KUBE_APISERVER_ARGS,
  KUBE_CONTROLLER_MANAGER_ARGS,
  KUBELET_ARGS,
  KUBELET_SYSCTL_PATH,
  METADATA_FENCE_UNIT,
  METADATA_FENCE_UNIT_PATH,
  metadataFenceRule,
  renderAdmissionConfig,
  renderAuditPolicy,
  renderKubeletSysctls,
  renderMetadataFenceUnit,
} from './hardening';

/** Where the static k3s configuration is written; k3s reads it on start. */
export const K3S_CONFIG_PATH = '/etc/rancher/k3s/config.yaml';
/** The first-boot script cloud-init writes and runs. */
export const K3S_BOOTSTRAP_PATH = '/usr/local/sbin/k3s-bootstrap';
/** Where the bootstrap script saves the install script, checks it and runs it from. */
export const K3S_INSTALL_SCRIPT_PATH = '/root/k3s-install.sh';
/** Bundled components the platform replaces (gitops installs the ingress and the load balancing). */
export const K3S_DISABLED_COMPONENTS = ['traefik', 'servicelb'] as const;
/** k3s applies every manifest in this folder of a server at start and on change (AddOns). */
export const K3S_MANIFESTS_DIR = '/var/lib/rancher/k3s/server/manifests';
/** Namespace k3s' helm-controller watches for HelmChart objects. */
export const K3S_HELM_CHART_NAMESPACE = 'kube-system';
/**
 * With this annotation on a HelmChart, k3s' helm-controller leaves it alone: it neither runs the
 * install Job again nor uninstalls the release when the HelmChart is deleted.
 */
export const K3S_HELM_CHART_UNMANAGED = 'helmcharts.helm.cattle.io/unmanaged';
/** Host packages Longhorn needs: iSCSI for its block devices, the NFSv4 client for RWX volumes. */
export const LONGHORN_PACKAGES = ['open-iscsi', 'nfs-common'] as const;
/** Loads the iSCSI transport module at every boot (Longhorn attaches volumes over iSCSI). */
export const LONGHORN_MODULES_PATH = '/etc/modules-load.d/longhorn.conf';

/**
 * A Helm chart k3s installs at bootstrap from a HelmChart manifest (the CNI: nodes stay NotReady
 * and no pod, Flux included, starts until it runs). The HelmChart's name is the Helm release name
 * and `namespace` its namespace, so that the Flux HelmRelease with the same name and namespace
 * finds the release and adopts it.
 */
export interface BootstrapHelmChart {
  /** Helm release name: the HelmChart's name and the name of the HelmRelease that adopts it. */
  readonly releaseName: string;
  /** Namespace of the release (HelmChart targetNamespace), the HelmRelease's namespace. */
  readonly namespace: string;
  /** https:// chart repository. */
  readonly repository: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version, the one the HelmRelease pins. */
  readonly version: string;
  /** Helm values. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface K3sCloudInitOptions {
  /** `server` runs the control plane, `agent` is a worker. */
  readonly role: 'server' | 'agent';
  /** Node name, for the comments. */
  readonly nodeName: string;
  /** Exact k3s release, e.g. v1.34.1+k3s1. */
  readonly k3sVersion: string;
  /**
   * The token this node joins with (a Terraform reference; it ends up in user_data): the server
   * token on servers, the agent token on agents. The server token is full admin of the cluster
   * (https://docs.k3s.io/cli/token#server), so it never goes to an agent.
   */
  readonly token: string;
  /**
   * Servers only: the agent token (`agent-token`, K3S_AGENT_TOKEN), the one secret agents join
   * with. Every server of the cluster must set the same one; it joins agents, never servers.
   */
  readonly agentToken?: string;
  /** The install script to download, check against its recorded sha256 and run (config/k3s-installers.ts). */
  readonly installScript: K3sInstallScript;
  /**
   * Servers only: namespaces Pod Security admission exempts besides kube-system (the platform
   * namespaces whose components need `privileged`). Every other namespace without labels of its
   * own is `restricted`. @default - kube-system only
   */
  readonly podSecurityExemptions?: readonly string[];
  /** https://<first server private IP>:6443; absent only for the first server. */
  readonly joinUrl?: string;
  /** The first server of an embedded-etcd (HA) control plane. */
  readonly clusterInit: boolean;
  /** The pod network (servers: --cluster-cidr; every node drops its traffic to the metadata service). */
  readonly podCidr: string;
  /** Servers: the service network (--service-cidr). */
  readonly serviceCidr: string;
  /** Servers: flannel backend (unused with `cni: 'cilium'`). */
  readonly flannelBackend: FlannelBackend;
  /**
   * The CNI. With 'cilium' the servers start k3s with `flannel-backend: none` and
   * `disable-network-policy: true` (Cilium routes pods and enforces NetworkPolicy) and no node
   * sets `flannel-iface`. @default 'flannel'
   */
  readonly cni?: K3sCni;
  /**
   * The first server of a Cilium cluster only: the CNI chart k3s installs at start, and its
   * hand-over to Flux (see renderK3sCloudInit). @default - none
   */
  readonly cniChart?: BootstrapHelmChart;
  /**
   * Prepare the node for Longhorn: install open-iscsi and nfs-common, enable iscsid, load
   * iscsi_tcp. @default false
   */
  readonly longhorn?: boolean;
  /** Kubernetes node labels, `key=value`. */
  readonly nodeLabels: readonly string[];
  /** Provider-specific commands that print the node's addresses at boot. */
  readonly addressDiscovery: AddressDiscovery;
}

const quote = (value: string) => JSON.stringify(value);

/** Where the first server writes a bootstrap chart's HelmChart manifest. */
export function bootstrapChartPath(chart: BootstrapHelmChart): string {
  return `${K3S_MANIFESTS_DIR}/${chart.releaseName}-bootstrap.yaml`;
}

/**
 * The k3s HelmChart manifest that installs `chart` at bootstrap. `bootstrap: true` makes k3s run
 * the install Job on a control-plane node with host networking, tolerating the not-ready taints,
 * and against the local API server: it must work before any CNI does.
 */
export function renderBootstrapHelmChart(chart: BootstrapHelmChart): string {
  const manifest = {
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChart',
    metadata: { name: chart.releaseName, namespace: K3S_HELM_CHART_NAMESPACE },
    spec: {
      repo: chart.repository,
      chart: chart.chart,
      version: chart.version,
      targetNamespace: chart.namespace,
      createNamespace: true,
      bootstrap: true,
      valuesContent: stringify(chart.values, { lineWidth: 0 }),
    },
  };
  return [
    `# ${chart.chart} ${chart.version} at bootstrap, rendered by constructs/vps/cloud-init.ts. Flux's HelmRelease`,
    `# ${chart.namespace}/${chart.releaseName} adopts the release; k3s-bootstrap then marks this HelmChart unmanaged.`,
    stringify(manifest, { lineWidth: 0 }),
  ].join('\n');
}

/**
 * The cloud-init user_data of one k3s node: a `#cloud-config` that writes the static k3s
 * configuration (0600, it holds the token) and a bootstrap script, then runs the script. The script
 * finds the node's private address and interface (the private NIC can come up after cloud-init
 * starts), appends `node-ip`, `flannel-iface` (flannel only) and (servers) `tls-san` to the
 * configuration, and installs the pinned k3s. Servers disable traefik and servicelb and set the pod
 * and service networks; agents join the first server over the private network.
 *
 * Tokens: servers get the server token (`token`) and the agent token (`agent-token`); agents get
 * only the agent token, as their `token` (https://docs.k3s.io/cli/token#agent). The server token is
 * full admin of the cluster and never reaches an agent's user_data.
 *
 * Install: the script is downloaded from its pinned ref (config/k3s-installers.yaml), checked with
 * `sha256sum -c` against the recorded sha256 and run only when it matches (the node stops with an
 * error otherwise); INSTALL_K3S_VERSION pins the release, whose binary the script checks against the
 * release's sha256sum file.
 *
 * Hardening (hardening.ts, the k3s CIS hardening guide): every node sets `protect-kernel-defaults`
 * with the kernel parameters kubelet expects written to /etc/sysctl.d and loaded before k3s starts,
 * and the guide's kubelet arguments; servers keep `secrets-encryption`, write an audit policy and an
 * admission configuration (Pod Security `restricted` by default, kube-system and
 * `podSecurityExemptions` exempt; EventRateLimit) and pass the guide's API server and controller
 * manager arguments. Every node also drops pod traffic to the cloud metadata service (a systemd
 * unit adds a raw-table iptables rule for the pod network, at every boot, before k3s): the user_data
 * there holds the node's join token.
 *
 * With Cilium (`cni: 'cilium'`) the servers start without flannel and without k3s' network policy
 * controller, so nodes stay NotReady until Cilium runs. The first server (`cniChart`) therefore
 * also writes a HelmChart manifest into k3s' manifests folder, and k3s' helm-controller installs
 * the chart as soon as the API server is up, long before Flux exists. The hand-over to Flux:
 * - the HelmChart's name and target namespace are the HelmRelease's name and namespace, and the
 *   chart version and base values are the ones the HelmRelease pins, so Flux's helm-controller
 *   finds that release in Helm's storage but not in its own history, and upgrades it in place to
 *   the HelmRelease's full values (no uninstall, no gap in pod networking); from then on the
 *   release is Flux's;
 * - k3s' helm-controller must stop acting on the release, or a later k3s upgrade (a new job image
 *   changes its install Job) would re-run `helm upgrade` with the bootstrap version and values and
 *   undo Flux's upgrades. So once k3s' install Job has succeeded, k3s-bootstrap annotates the
 *   HelmChart `helmcharts.helm.cattle.io/unmanaged`: k3s ignores it from then on, and deleting it
 *   uninstalls nothing. (Deleting the HelmChart before that would uninstall the CNI; removing the
 *   manifest file deletes nothing, k3s only re-applies it at start, which keeps the annotation.)
 * The bootstrap values need no `k8sServiceHost`/`k8sServicePort`: with kubeProxyReplacement
 * false, k3s' kube-proxy (in the k3s process, not a pod) serves the `kubernetes` Service on every
 * node before any CNI runs, and the agents and the operator use it from the host network.
 *
 * With `longhorn`, cloud-init installs open-iscsi and nfs-common before the script runs, and
 * iscsid is enabled and iscsi_tcp loaded (now and at every boot).
 *
 * The output is Terraform-interpolated, so the template itself never contains `${` or `%{`
 * (shell variables are written `$name`); only the token and join URL are references.
 */
export function renderK3sCloudInit(options: K3sCloudInitOptions): string {
  if (options.role === 'agent' && !options.joinUrl) throw new Error(`${options.nodeName}: an agent needs a joinUrl`);
  if (options.role === 'server' && !options.agentToken) throw new Error(`${options.nodeName}: a server needs the agent token (agent-token)`);
  if (options.role === 'agent' && options.agentToken) throw new Error(`${options.nodeName}: an agent joins with the agent token as its token; it takes no agent-token`);
  if (options.agentToken !== undefined && options.agentToken === options.token) throw new Error(`${options.nodeName}: the agent token must differ from the server token`);
  if (options.role === 'agent' && options.podSecurityExemptions) throw new Error(`${options.nodeName}: Pod Security exemptions are a server setting`);
  if (!/^https:\/\/raw\.githubusercontent\.com\/k3s-io\/k3s\/[^/\s']+\/install\.sh$/.test(options.installScript.url)) {
    throw new Error(`${options.nodeName}: the install script must come from raw.githubusercontent.com/k3s-io/k3s/<ref>/install.sh, not ${options.installScript.url}`);
  }
  if (!/^[0-9a-f]{64}$/.test(options.installScript.sha256)) throw new Error(`${options.nodeName}: the install script's sha256 must be 64 lower-case hex digits`);
  if (options.clusterInit && options.joinUrl) throw new Error(`${options.nodeName}: the cluster-init server joins nobody`);
  const server = options.role === 'server';
  const cni = options.cni ?? 'flannel';
  const chart = options.cniChart;
  if (chart) {
    if (cni !== 'cilium') throw new Error(`${options.nodeName}: a CNI chart is installed only with cni 'cilium'`);
    if (!server || options.joinUrl) throw new Error(`${options.nodeName}: only the first server installs the CNI chart`);
  }
  const flannel = cni === 'flannel';
  const appended = [
    'node-ip',
    ...(flannel ? ['flannel-iface'] : []),
    ...(server ? ['tls-san'] : []),
  ];

  const list = (key: string, values: readonly string[]) => [`${key}:`, ...values.map((value) => `  - ${quote(value)}`)];
  const config: string[] = [
    `# k3s ${options.role} ${options.nodeName}. k3s-bootstrap appends ${appended.slice(0, -1).join(', ')}${appended.length > 1 ? ' and ' : ''}${appended.at(-1)} at first boot.`,
    `token: ${quote(options.token)}`,
  ];
  if (server) config.push(`agent-token: ${quote(options.agentToken!)}`);
  if (options.joinUrl) config.push(`server: ${quote(options.joinUrl)}`);
  if (server) {
    if (options.clusterInit) config.push('cluster-init: true');
    config.push(
      `cluster-cidr: ${quote(options.podCidr)}`,
      `service-cidr: ${quote(options.serviceCidr)}`,
      ...list('disable', K3S_DISABLED_COMPONENTS),
      // Cilium is the CNI and enforces NetworkPolicy: no flannel, no kube-router policy controller.
      ...(flannel ? [`flannel-backend: ${quote(options.flannelBackend)}`] : ['flannel-backend: "none"', 'disable-network-policy: true']),
      'secrets-encryption: true',
      'write-kubeconfig-mode: "0600"',
      ...list('kube-apiserver-arg', KUBE_APISERVER_ARGS),
      ...list('kube-controller-manager-arg', KUBE_CONTROLLER_MANAGER_ARGS),
    );
  }
  config.push('protect-kernel-defaults: true', ...list('kubelet-arg', KUBELET_ARGS));
  if (options.nodeLabels.length > 0) {
    config.push('node-label:', ...options.nodeLabels.map((label) => `  - ${quote(label)}`));
  }

  const handOver = chart
    ? [
        `# Hand ${chart.releaseName} over to Flux: once k3s' helm-controller has installed it, it must never run`,
        '# its install Job again (a k3s upgrade would re-apply the bootstrap version and values over',
        "# Flux's). Wait up to 20 minutes for that Job, then mark the HelmChart unmanaged.",
        'tries=0',
        `until [ "$(k3s kubectl -n ${K3S_HELM_CHART_NAMESPACE} get job helm-install-${chart.releaseName} -o 'jsonpath={.status.succeeded}' 2>/dev/null)" = 1 ]; do`,
        '  tries=$((tries + 1))',
        `  if [ "$tries" -ge 120 ]; then echo "k3s-bootstrap: ${chart.releaseName} is not installed; once it is, run: k3s kubectl -n ${K3S_HELM_CHART_NAMESPACE} annotate helmchart ${chart.releaseName} ${K3S_HELM_CHART_UNMANAGED}=true" >&2; exit 1; fi`,
        '  sleep 10',
        'done',
        `k3s kubectl -n ${K3S_HELM_CHART_NAMESPACE} annotate --overwrite helmchart ${chart.releaseName} ${K3S_HELM_CHART_UNMANAGED}=true`,
      ]
    : [];

  const script: string[] = [
    '#!/bin/sh',
    `# First boot of k3s ${options.role} ${options.nodeName}: find the addresses, finish the config, install k3s.`,
    'set -eu',
    `k3s_version='${options.k3sVersion}'`,
    `private_ip=$(${options.addressDiscovery.privateIpv4})`,
    ...(server ? [`public_ip=$(${options.addressDiscovery.publicIpv4})`] : []),
    `[ -n "$private_ip" ]${server ? ' && [ -n "$public_ip" ]' : ''} || { echo "k3s-bootstrap: no address from the metadata service" >&2; exit 1; }`,
    '# Wait up to 5 minutes for the private address to be configured, and find its interface.',
    'tries=0',
    'while :; do',
    `  iface=$(ip -o -4 addr show | awk -v ip="$private_ip" 'index($4, ip "/") == 1 { print $2; exit }')`,
    '  [ -n "$iface" ] && break',
    '  tries=$((tries + 1))',
    '  if [ "$tries" -ge 60 ]; then echo "k3s-bootstrap: $private_ip is on no interface" >&2; exit 1; fi',
    '  sleep 5',
    'done',
    `cat >> ${K3S_CONFIG_PATH} <<EOF`,
    'node-ip: "$private_ip"',
    ...(flannel ? ['flannel-iface: "$iface"'] : []),
    ...(server ? ['tls-san:', '  - "$public_ip"'] : []),
    'EOF',
    '# protect-kernel-defaults: kubelet refuses to start unless these kernel parameters are set.',
    `sysctl -p ${KUBELET_SYSCTL_PATH}`,
    '# Pods must never reach the metadata service: its user_data holds this node\'s join token.',
    'systemctl daemon-reload',
    `systemctl enable --now ${METADATA_FENCE_UNIT}`,
    `iptables -t raw -C ${metadataFenceRule(options.podCidr)}`,
    ...(server ? ['# The API server writes its audit log here (the guide: create it, private, before k3s starts).', `mkdir -p -m 700 ${AUDIT_LOG_DIR}`] : []),
    '# The install script, pinned to a ref and checked against its recorded sha256 before it runs as root.',
    `curl -sfL --retry 10 --retry-connrefused '${options.installScript.url}' -o ${K3S_INSTALL_SCRIPT_PATH}`,
    `if ! echo '${options.installScript.sha256}  ${K3S_INSTALL_SCRIPT_PATH}' | sha256sum -c -; then`,
    `  echo "k3s-bootstrap: ${options.installScript.url} does not match the sha256 recorded in config/k3s-installers.yaml; not running it" >&2`,
    '  exit 1',
    'fi',
    '# The script installs exactly this release and checks the binary against the release\'s sha256sum file.',
    `INSTALL_K3S_VERSION="$k3s_version" INSTALL_K3S_EXEC=${options.role} sh ${K3S_INSTALL_SCRIPT_PATH}`,
    ...handOver,
  ];

  const block = (lines: readonly string[]) => lines.map((line) => `      ${line}`).join('\n');
  const file = (path: string, permissions: string, content: readonly string[]) => [
    `  - path: ${path}`,
    '    owner: root:root',
    `    permissions: "${permissions}"`,
    '    content: |',
    block(content),
  ];
  const longhorn = options.longhorn === true;
  const userData = [
    '#cloud-config',
    `# k3s ${options.role} ${options.nodeName}, rendered by constructs/vps/cloud-init.ts.`,
    'ssh_pwauth: false',
    // Longhorn's host prerequisites; cloud-init installs packages before runcmd runs.
    ...(longhorn ? ['package_update: true', 'packages:', ...LONGHORN_PACKAGES.map((name) => `  - ${name}`)] : []),
    'write_files:',
    ...file(K3S_CONFIG_PATH, '0600', config),
    ...file(KUBELET_SYSCTL_PATH, '0644', renderKubeletSysctls()),
    ...file(METADATA_FENCE_UNIT_PATH, '0644', renderMetadataFenceUnit(options.podCidr)),
    ...(server
      ? [
          ...file(ADMISSION_CONFIG_PATH, '0600', renderAdmissionConfig(options.podSecurityExemptions ?? []).trimEnd().split('\n')),
          ...file(AUDIT_POLICY_PATH, '0600', renderAuditPolicy().trimEnd().split('\n')),
        ]
      : []),
    ...(chart ? file(bootstrapChartPath(chart), '0600', renderBootstrapHelmChart(chart).trimEnd().split('\n')) : []),
    ...(longhorn ? file(LONGHORN_MODULES_PATH, '0644', ['iscsi_tcp']) : []),
    ...file(K3S_BOOTSTRAP_PATH, '0700', script),
    'runcmd:',
    ...(longhorn ? ['  - [systemctl, enable, --now, iscsid]', '  - [modprobe, iscsi_tcp]'] : []),
    `  - [${K3S_BOOTSTRAP_PATH}]`,
    '',
  ].join('\n');

  // cdktf tokens render as ${TfToken[...]}; any other ${ or %{ would be a Terraform template.
  if (/\$\{(?!TfToken\[)|%\{/.test(userData)) {
    throw new Error(`${options.nodeName}: cloud-init would contain a Terraform template sequence (\${ or %{)`);
  }
  return userData;
}
