import type { AddressDiscovery } from './adapter';
import type { FlannelBackend } from './firewall-rules';

/** Where the static k3s configuration is written; k3s reads it on start. */
export const K3S_CONFIG_PATH = '/etc/rancher/k3s/config.yaml';
/** The first-boot script cloud-init writes and runs. */
export const K3S_BOOTSTRAP_PATH = '/usr/local/sbin/k3s-bootstrap';
/** The k3s install script; INSTALL_K3S_VERSION pins what it installs. */
export const K3S_INSTALL_URL = 'https://get.k3s.io';
/** Bundled components the platform replaces (gitops installs the ingress and the load balancing). */
export const K3S_DISABLED_COMPONENTS = ['traefik', 'servicelb'] as const;

export interface K3sCloudInitOptions {
  /** `server` runs the control plane, `agent` is a worker. */
  readonly role: 'server' | 'agent';
  /** Node name, for the comments. */
  readonly nodeName: string;
  /** Exact k3s release, e.g. v1.34.1+k3s1. */
  readonly k3sVersion: string;
  /** The cluster join token (a Terraform reference; it ends up in user_data). */
  readonly token: string;
  /** https://<first server private IP>:6443; absent only for the first server. */
  readonly joinUrl?: string;
  /** The first server of an embedded-etcd (HA) control plane. */
  readonly clusterInit: boolean;
  /** Servers: the pod network (--cluster-cidr). */
  readonly podCidr: string;
  /** Servers: the service network (--service-cidr). */
  readonly serviceCidr: string;
  /** Servers: flannel backend. */
  readonly flannelBackend: FlannelBackend;
  /** Kubernetes node labels, `key=value`. */
  readonly nodeLabels: readonly string[];
  /** Provider-specific commands that print the node's addresses at boot. */
  readonly addressDiscovery: AddressDiscovery;
}

const quote = (value: string) => JSON.stringify(value);

/**
 * The cloud-init user_data of one k3s node: a `#cloud-config` that writes the static k3s
 * configuration (0600, it holds the token) and a bootstrap script, then runs the script. The script
 * finds the node's private address and interface (the private NIC can come up after cloud-init
 * starts), appends `node-ip`, `flannel-iface` and (servers) `tls-san` to the configuration, and
 * installs the pinned k3s with the get.k3s.io script. Servers disable traefik and servicelb and set
 * the pod and service networks; agents join the first server over the private network.
 *
 * The output is Terraform-interpolated, so the template itself never contains `${` or `%{`
 * (shell variables are written `$name`); only the token and join URL are references.
 */
export function renderK3sCloudInit(options: K3sCloudInitOptions): string {
  if (options.role === 'agent' && !options.joinUrl) throw new Error(`${options.nodeName}: an agent needs a joinUrl`);
  if (options.clusterInit && options.joinUrl) throw new Error(`${options.nodeName}: the cluster-init server joins nobody`);
  const server = options.role === 'server';

  const config: string[] = [
    `# k3s ${options.role} ${options.nodeName}. k3s-bootstrap appends ${server ? 'node-ip, flannel-iface and tls-san' : 'node-ip and flannel-iface'} at first boot.`,
    `token: ${quote(options.token)}`,
  ];
  if (options.joinUrl) config.push(`server: ${quote(options.joinUrl)}`);
  if (server) {
    if (options.clusterInit) config.push('cluster-init: true');
    config.push(
      `cluster-cidr: ${quote(options.podCidr)}`,
      `service-cidr: ${quote(options.serviceCidr)}`,
      'disable:',
      ...K3S_DISABLED_COMPONENTS.map((component) => `  - ${quote(component)}`),
      `flannel-backend: ${quote(options.flannelBackend)}`,
      'secrets-encryption: true',
      'write-kubeconfig-mode: "0600"',
    );
  }
  if (options.nodeLabels.length > 0) {
    config.push('node-label:', ...options.nodeLabels.map((label) => `  - ${quote(label)}`));
  }

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
    'flannel-iface: "$iface"',
    ...(server ? ['tls-san:', '  - "$public_ip"'] : []),
    'EOF',
    '# The installer fetches exactly this release and checks the binary against its sha256sum file.',
    `curl -sfL --retry 10 --retry-connrefused ${K3S_INSTALL_URL} -o /root/k3s-install.sh`,
    `INSTALL_K3S_VERSION="$k3s_version" INSTALL_K3S_EXEC=${options.role} sh /root/k3s-install.sh`,
  ];

  const block = (lines: readonly string[]) => lines.map((line) => `      ${line}`).join('\n');
  const userData = [
    '#cloud-config',
    `# k3s ${options.role} ${options.nodeName}, rendered by constructs/vps/cloud-init.ts.`,
    'ssh_pwauth: false',
    'write_files:',
    `  - path: ${K3S_CONFIG_PATH}`,
    '    owner: root:root',
    '    permissions: "0600"',
    '    content: |',
    block(config),
    `  - path: ${K3S_BOOTSTRAP_PATH}`,
    '    owner: root:root',
    '    permissions: "0700"',
    '    content: |',
    block(script),
    'runcmd:',
    `  - [${K3S_BOOTSTRAP_PATH}]`,
    '',
  ].join('\n');

  // cdktf tokens render as ${TfToken[...]}; any other ${ or %{ would be a Terraform template.
  if (/\$\{(?!TfToken\[)|%\{/.test(userData)) {
    throw new Error(`${options.nodeName}: cloud-init would contain a Terraform template sequence (\${ or %{)`);
  }
  return userData;
}
