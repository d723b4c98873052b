import { Password } from '@cdktf/provider-random/lib/password';
import ipaddr from 'ipaddr.js';
import { Construct } from 'constructs';
import { contains, isWholeInternet, parseCidr, type CidrRange } from '../../config/cidr';
import { INGRESS_NODE_PORTS } from '../../config/cluster-settings';
import { K3S_INSTALLERS_FILE, k3sInstaller, type K3sInstallScript } from '../../config/k3s-installers';
import type { IngressListener, NetworkAttributes, NodeGroup, NodeRole, ServerAttributes, VpsAdapter } from './adapter';
import { renderK3sCloudInit, type BootstrapHelmChart } from './cloud-init';
import { FLANNEL_BACKENDS, k3sFirewallRules, type FlannelBackend } from './firewall-rules';
import { planK3sNodes, type K3sNodePool, type PlannedNode } from './node-plan';

export interface K3sClusterProps {
  /** The provider the servers run on. */
  readonly adapter: VpsAdapter;
  /** Cluster name: prefix of every resource and host name. */
  readonly name: string;
  /** The private network (from K3sNetwork, usually in another stack). */
  readonly network: NetworkAttributes;
  /** The whole private range: the only source allowed to reach the k3s ports. */
  readonly nodeCidr: string;
  /** The nodes' subnet; the first server gets a fixed address in it where the provider allows. */
  readonly nodesSubnet: string;
  /** Pod network (k3s --cluster-cidr). @default 10.42.0.0/16 */
  readonly podCidr?: string;
  /** Service network (k3s --service-cidr). @default 10.43.0.0/16 */
  readonly serviceCidr?: string;
  /** Sources allowed to SSH and to reach the Kubernetes API; at least one, never the whole internet. */
  readonly adminCidrs: readonly string[];
  /** Node pools by name; an odd number of control-plane nodes in total. */
  readonly nodePools: Readonly<Record<string, K3sNodePool>>;
  /** Exact k3s release (INSTALL_K3S_VERSION), e.g. v1.34.1+k3s1. */
  readonly k3sVersion: string;
  /**
   * The install script every node downloads, checks against its sha256 and runs.
   * @default - the one config/k3s-installers.yaml records for k3sVersion (none recorded: an error)
   */
  readonly installScript?: K3sInstallScript;
  /**
   * Namespaces Pod Security admission exempts besides kube-system: the platform namespaces whose
   * components need `privileged` (charts/namespace-levels.ts derives them from the components).
   * Every other namespace without Pod Security labels of its own is `restricted`.
   * @default - kube-system only
   */
  readonly podSecurityExemptions?: readonly string[];
  /** OpenSSH public keys by name, installed for root; at least one (without keys the clouds mail a root password). */
  readonly sshKeys: Readonly<Record<string, string>>;
  /** Flannel backend between nodes; not with `cilium`. @default 'vxlan' */
  readonly flannelBackend?: FlannelBackend;
  /**
   * Cilium as the CNI instead of flannel: the chart (the one the gitops HelmRelease pins, with its
   * base values) the first server installs at bootstrap and hands over to Flux. The servers start
   * without flannel and k3s' network policy controller, and the firewalls open Cilium's ports
   * (CILIUM_PORTS) instead of flannel's, to the private network only.
   * @default - flannel
   */
  readonly cilium?: BootstrapHelmChart;
  /**
   * Prepare every node for Longhorn (open-iscsi, nfs-common, iscsid, iscsi_tcp).
   * @default false
   */
  readonly longhorn?: boolean;
  /**
   * The ingress load balancer's listeners: each public `port` is forwarded to `nodePort` on the
   * workers (or on the control plane when the cluster has no workers), where the ingress Service's
   * fixed node port receives it. The node ports are opened to the private network only.
   * @default DEFAULT_INGRESS_LISTENERS (80 -> 30080, 443 -> 30443, from INGRESS_NODE_PORTS)
   */
  readonly ingressListeners?: readonly IngressListener[];
  /**
   * Load balancers of their own for services that need a public address apart from the ingress
   * (a tenant's public mail): each forwards its listeners to node ports on the same nodes as the
   * ingress, with the PROXY protocol, so the service behind it learns the client address. Their
   * node ports are opened to the private network only, like the ingress node ports.
   * @default - none
   */
  readonly serviceLoadBalancers?: readonly ServiceLoadBalancer[];
  /** Labels on the resources that take labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A TCP load balancer for one service, beside the ingress load balancer. */
export interface ServiceLoadBalancer {
  /** Key of the load balancer among `serviceLoadBalancers` (a DNS label, e.g. `mail-team-a`); its name is `<cluster>-<key>`. */
  readonly key: string;
  /** What it listens on and the node ports it forwards to. */
  readonly listeners: readonly IngressListener[];
}

/** A server and the plan it was built from. */
export interface K3sNode extends PlannedNode {
  readonly server: ServerAttributes;
}

/** Hetzner's limit of servers in one spread placement group. */
export const SPREAD_GROUP_SIZE = 10;
/** Host offset of the first server's fixed private address in the nodes subnet (below it: gateways, load balancers). */
export const FIRST_SERVER_HOST_OFFSET = 10;
/**
 * 80 -> INGRESS_NODE_PORTS.http, 443 -> INGRESS_NODE_PORTS.https: what the ingress Service of the
 * gitops side expects (config/cluster-settings.ts is the contract between the two).
 */
export const DEFAULT_INGRESS_LISTENERS: readonly IngressListener[] = [
  { port: 80, nodePort: INGRESS_NODE_PORTS.http },
  { port: 443, nodePort: INGRESS_NODE_PORTS.https },
];
/** Kubernetes' default Service node port range (kube-apiserver --service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;
const OPENSSH_KEY = /^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/=]+( [^\n]*)?$/;

/**
 * A k3s cluster on VPS servers, through a provider adapter: one firewall per role (nothing open
 * to the internet: SSH and the API from the admin ranges, the k3s ports and, on the nodes behind
 * the load balancer, the ingress node ports from the private network only), the SSH keys, spread
 * placement where the provider has it, the servers with a cloud-init that installs the pinned
 * k3s, the join tokens (server and agent), and a TCP load balancer whose public IPv4 is the
 * ingress address; it forwards each listener port (80, 443) to the ingress Service's node port
 * over the private network.
 *
 * The first control-plane node initialises the cluster (with `cluster-init` when there are
 * several, for embedded etcd); every other node joins it over the private network. With `cilium`
 * it also installs Cilium at bootstrap and hands the release over to Flux (cloud-init.ts).
 *
 * Servers ignore later changes of user_data, ssh_keys and image (IMMUTABLE_SERVER_ARGUMENTS):
 * changing k3sVersion or a key affects new nodes only, it never rebuilds the cluster; upgrade
 * running nodes in place (system-upgrade-controller) or replace them one at a time.
 */
export class K3sCluster extends Construct {
  /** The ingress load balancer's public IPv4 (token). */
  readonly ingressAddress: string;
  /** Public IPv4 (token) of each of `serviceLoadBalancers`, by key. */
  readonly serviceAddresses: Readonly<Record<string, string>>;
  /** https://<first control-plane public IPv4>:6443 (token). */
  readonly apiEndpoint: string;
  /** Every node, control plane first, in plan order. */
  readonly nodes: readonly K3sNode[];
  /**
   * The server token (k3s `token` on servers): joins servers, and is full admin of the cluster. Its
   * value is in Terraform state twice (this resource and every control-plane node's user_data), so
   * the state bucket must stay private; never put it in a non-sensitive output, nor in an agent.
   */
  readonly token: Password;
  /**
   * The agent token (k3s `agent-token` on every server; an agent's `token`): joins agents only.
   * In state in this resource and in every node's user_data.
   */
  readonly agentToken: Password;

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`K3sCluster ${id}: ${message}`);
    };
    const { adapter } = props;
    if (!K3S_VERSION.test(props.k3sVersion)) fail(`k3sVersion ${props.k3sVersion} must be an exact k3s release such as v1.34.1+k3s1`);
    const installScript = props.installScript ?? k3sInstaller(props.k3sVersion) ?? fail(`no install script is recorded for k3s ${props.k3sVersion} in ${K3S_INSTALLERS_FILE}`);
    const keyNames = Object.keys(props.sshKeys).sort();
    if (keyNames.length === 0) fail('needs at least one SSH key (without one the provider mails a root password)');
    for (const name of keyNames) if (!OPENSSH_KEY.test(props.sshKeys[name]!)) fail(`sshKeys.${name} is not an OpenSSH public key`);
    if (props.adminCidrs.length === 0) fail('needs at least one admin CIDR');
    const cidr = (field: string, value: string): CidrRange => {
      const range = parseCidr(value);
      return typeof range === 'string' ? fail(`${field} ${value} ${range}`) : range;
    };
    const nodeCidr = cidr('nodeCidr', props.nodeCidr);
    const nodesSubnet = cidr('nodesSubnet', props.nodesSubnet);
    if (nodesSubnet.family !== 'ipv4') fail(`nodesSubnet ${props.nodesSubnet} must be IPv4`);
    if (!contains(nodeCidr, nodesSubnet)) fail(`nodesSubnet ${props.nodesSubnet} is not inside nodeCidr ${props.nodeCidr}`);
    const podCidr = props.podCidr ?? '10.42.0.0/16';
    const serviceCidr = props.serviceCidr ?? '10.43.0.0/16';
    cidr('podCidr', podCidr);
    cidr('serviceCidr', serviceCidr);
    for (const admin of props.adminCidrs) {
      const range = cidr('admin CIDR', admin);
      if (isWholeInternet(range)) {
        fail(`admin CIDR ${admin} opens SSH and the Kubernetes API to the whole internet`);
      }
    }
    const flannelBackend = props.flannelBackend ?? 'vxlan';
    if (!(flannelBackend in FLANNEL_BACKENDS)) fail(`unknown flannel backend ${flannelBackend}`);
    const cni = props.cilium ? 'cilium' : 'flannel';
    if (props.cilium && props.flannelBackend) fail('flannelBackend has no meaning with cilium (k3s runs without flannel)');
    const ingressListeners = props.ingressListeners ?? DEFAULT_INGRESS_LISTENERS;
    validateIngressListeners(ingressListeners, fail);
    const serviceLoadBalancers = [...(props.serviceLoadBalancers ?? [])].sort((a, b) => a.key.localeCompare(b.key));
    const nodePortsBehindLoadBalancers = new Set(ingressListeners.map((listener) => listener.nodePort));
    for (const { key, listeners } of serviceLoadBalancers) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(key) || `${props.name}-${key}`.length > 63) {
        fail(`service load balancer key ${key} must be a DNS label that keeps ${props.name}-<key> within 63 characters`);
      }
      validateIngressListeners(listeners, fail);
      for (const { nodePort } of listeners) {
        if (nodePortsBehindLoadBalancers.has(nodePort)) fail(`node port ${nodePort} of service load balancer ${key} is already forwarded by another load balancer`);
        nodePortsBehindLoadBalancers.add(nodePort);
      }
    }
    if (new Set(serviceLoadBalancers.map((lb) => lb.key)).size !== serviceLoadBalancers.length) fail('service load balancer keys must be unique');

    const plan = planK3sNodes(props.name, props.nodePools);
    const servers = plan.filter((node) => node.role === 'control-plane');
    const ingressRole: NodeRole = plan.some((node) => node.role === 'worker') ? 'worker' : 'control-plane';
    const labels = { ...props.labels, cluster: props.name };

    // The join tokens. Terraform state holds them (here and in the user_data of the nodes that
    // use them, the only way to hand them to a new node without a second channel); outputs
    // carrying them are marked sensitive. The server token is full admin of the cluster, so only
    // servers get it; agents join with the agent token, which joins agents and nothing else. The
    // metadata service serves user_data to anything on a node that reaches 169.254.169.254, so
    // every node drops pod traffic to it (cloud-init.ts). Letters and digits only, so they need no
    // quoting in YAML or shell.
    this.token = new Password(this, 'token', { length: 48, special: false });
    this.agentToken = new Password(this, 'agent-token', { length: 48, special: false });

    const groups = new Map<NodeRole, NodeGroup>();
    for (const role of ['control-plane', 'worker'] as const) {
      if (!plan.some((node) => node.role === role)) continue;
      groups.set(
        role,
        adapter.createNodeGroup(this, role, {
          name: `${props.name}-${role}`,
          role,
          labels,
          rules: k3sFirewallRules({
            role,
            adminCidrs: props.adminCidrs,
            privateCidr: props.nodeCidr,
            flannelBackend,
            cni,
            embeddedEtcd: servers.length > 1,
            ingressNodePorts: role === ingressRole ? [...nodePortsBehindLoadBalancers] : [],
          }),
        }),
      );
    }
    const sshKeys = adapter.createSshKeys(this, { name: props.name, keys: props.sshKeys, labels });

    // Spread groups per role, in chunks the provider accepts (none on DigitalOcean).
    const spreadGroups = new Map<string, string | undefined>();
    const spreadGroupOf = (node: PlannedNode, index: number): string | undefined => {
      const key = `${node.role}-${Math.floor(index / SPREAD_GROUP_SIZE) + 1}`;
      if (!spreadGroups.has(key)) {
        spreadGroups.set(key, adapter.createSpreadGroup(this, `spread-${key}`, { name: `${props.name}-${key}`, labels }));
      }
      return spreadGroups.get(key);
    };

    const nodes: K3sNode[] = [];
    let first: ServerAttributes | undefined;
    let joinUrl: string | undefined;
    const roleIndex = new Map<NodeRole, number>();
    for (const node of plan) {
      const index = roleIndex.get(node.role) ?? 0;
      roleIndex.set(node.role, index + 1);
      const isFirst = first === undefined;
      const privateIp = isFirst && adapter.fixedPrivateIps ? hostAddress(nodesSubnet, FIRST_SERVER_HOST_OFFSET, fail) : undefined;
      const isServer = node.role === 'control-plane';
      const userData = renderK3sCloudInit({
        role: isServer ? 'server' : 'agent',
        nodeName: node.name,
        k3sVersion: props.k3sVersion,
        token: isServer ? this.token.result : this.agentToken.result,
        agentToken: isServer ? this.agentToken.result : undefined,
        installScript,
        podSecurityExemptions: isServer ? (props.podSecurityExemptions ?? []) : undefined,
        joinUrl,
        clusterInit: isFirst && servers.length > 1,
        podCidr,
        serviceCidr,
        flannelBackend,
        cni,
        // Only the first server writes the CNI's HelmChart: one install, by the node that starts the cluster.
        cniChart: isFirst ? props.cilium : undefined,
        longhorn: props.longhorn ?? false,
        nodeLabels: node.labels,
        addressDiscovery: adapter.addressDiscovery,
      });
      const server = adapter.createServer(this, node.name, {
        name: node.name,
        machineType: node.machineType,
        group: groups.get(node.role)!,
        network: props.network,
        privateIp,
        spreadGroupId: spreadGroupOf(node, index),
        sshKeys,
        userData,
        dependsOn: first ? [first] : undefined,
      });
      if (isFirst) {
        first = server;
        joinUrl = `https://${server.privateIpv4}:6443`;
      }
      nodes.push({ ...node, server });
    }
    this.nodes = nodes;
    this.apiEndpoint = `https://${first!.publicIpv4}:6443`;
    this.ingressAddress = adapter.createIngress(this, 'ingress', {
      name: `${props.name}-ingress`,
      network: props.network,
      targets: groups.get(ingressRole)!,
      listeners: ingressListeners,
      labels,
    });
    this.serviceAddresses = Object.fromEntries(
      serviceLoadBalancers.map(({ key, listeners }) => [
        key,
        adapter.createIngress(this, key, {
          name: `${props.name}-${key}`,
          network: props.network,
          targets: groups.get(ingressRole)!,
          listeners,
          labels,
          proxyProtocol: true,
        }),
      ]),
    );
  }
}

/**
 * Listener ports must be TCP ports and node ports inside the node port range, all integers, with
 * no port or node port used twice.
 */
function validateIngressListeners(listeners: readonly IngressListener[], fail: (message: string) => never): void {
  if (listeners.length === 0) fail('needs at least one ingress listener');
  const ports = new Set<number>();
  const nodePorts = new Set<number>();
  for (const { port, nodePort } of listeners) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`ingress listener port ${port} is not a TCP port`);
    if (!Number.isInteger(nodePort) || nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max) {
      fail(`ingress node port ${nodePort} is not a node port (an integer from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max})`);
    }
    if (ports.has(port)) fail(`ingress listener port ${port} is used twice`);
    if (nodePorts.has(nodePort)) fail(`ingress node port ${nodePort} is used twice`);
    ports.add(port);
    nodePorts.add(nodePort);
  }
}

/** The address `offset` hosts into an IPv4 subnet. */
function hostAddress(subnet: CidrRange, offset: number, fail: (message: string) => never): string {
  const address = subnet.first + BigInt(offset);
  if (address >= subnet.last) fail(`nodes subnet ${subnet.cidr} is too small for a fixed address at host ${offset}`);
  const bytes = [24n, 16n, 8n, 0n].map((shift) => Number((address >> shift) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
