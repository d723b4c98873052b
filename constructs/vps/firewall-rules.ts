import type { FirewallRule, NodeRole } from './adapter';

/**
 * Everyone, IPv4 and IPv6. No inbound rule ever opens anything to it (k3sFirewallRules never does;
 * the public reaches the cluster only through the ingress load balancer); DigitalOcean's
 * allow-all outbound rules use it.
 */
export const ANYWHERE: readonly string[] = ['0.0.0.0/0', '::/0'];

/** The k3s flannel backends the constructs support, and the UDP ports they use between nodes. */
export const FLANNEL_BACKENDS = {
  /** VXLAN over the private network (k3s default). */
  vxlan: [{ port: '8472', description: 'flannel VXLAN' }],
  /** Encrypted node-to-node traffic; 51821 carries IPv6. */
  'wireguard-native': [{ port: '51820-51821', description: 'flannel WireGuard' }],
} as const;

export type FlannelBackend = keyof typeof FLANNEL_BACKENDS;

/**
 * The CNI between the nodes: k3s' built-in flannel, or Cilium (k3s started with
 * `flannel-backend: none`, Cilium installed at bootstrap; see cloud-init.ts).
 */
export type K3sCni = 'flannel' | 'cilium';

/**
 * What Cilium needs between the nodes in its default tunnel mode
 * (https://docs.cilium.io/en/stable/operations/system_requirements/#firewall-rules): the VXLAN
 * overlay, the cluster-health probes, and the Hubble server the relay reads every node's flows
 * from. ICMP (health pings) is already open inside the private network.
 */
export const CILIUM_PORTS = [
  { protocol: 'udp', port: '8472', description: 'Cilium VXLAN overlay' },
  { protocol: 'tcp', port: '4240', description: 'Cilium health checks' },
  { protocol: 'tcp', port: '4244', description: 'Hubble server (relay)' },
] as const;

export interface K3sFirewallOptions {
  readonly role: NodeRole;
  /** Office/VPN ranges: SSH, and the Kubernetes API on control-plane nodes. */
  readonly adminCidrs: readonly string[];
  /** The private network the nodes talk over (k3s ports are open to it only). */
  readonly privateCidr: string;
  /** Ignored with `cni: 'cilium'`. */
  readonly flannelBackend: FlannelBackend;
  /** The CNI's node-to-node ports. @default 'flannel' */
  readonly cni?: K3sCni;
  /** Embedded etcd (several control-plane nodes): peers need 2379-2380 between servers. */
  readonly embeddedEtcd: boolean;
  /**
   * Node ports the ingress load balancer forwards to, on the nodes behind it (empty elsewhere).
   * Open to the private network only: the load balancers reach their targets over it (Hetzner
   * with use_private_ip, DigitalOcean inside the VPC), never over the public interfaces.
   */
  readonly ingressNodePorts: readonly number[];
}

/**
 * The inbound rules of one node role. Nothing else is open, and nothing at all to the internet:
 * SSH and the Kubernetes API from the admin ranges, and from the private network only the ingress
 * node ports (on the nodes behind the load balancer), the k3s ports
 * (https://docs.k3s.io/installation/requirements#networking) and the CNI's ports (flannel's
 * backend, or CILIUM_PORTS). Public traffic reaches the cluster only through the ingress load
 * balancer.
 */
export function k3sFirewallRules(options: K3sFirewallOptions): FirewallRule[] {
  const { role, adminCidrs, privateCidr } = options;
  const rules: FirewallRule[] = [];
  for (const port of options.ingressNodePorts) {
    rules.push({ description: `ingress node port ${port} (load balancer)`, protocol: 'tcp', port: String(port), sources: [privateCidr] });
  }
  rules.push({ description: 'SSH from admin networks', protocol: 'tcp', port: '22', sources: adminCidrs });
  if (role === 'control-plane') {
    rules.push({ description: 'Kubernetes API from admin networks', protocol: 'tcp', port: '6443', sources: adminCidrs });
    rules.push({ description: 'Kubernetes API (agents joining)', protocol: 'tcp', port: '6443', sources: [privateCidr] });
    if (options.embeddedEtcd) {
      rules.push({ description: 'etcd between servers', protocol: 'tcp', port: '2379-2380', sources: [privateCidr] });
    }
  }
  rules.push({ description: 'kubelet (metrics, logs, exec)', protocol: 'tcp', port: '10250', sources: [privateCidr] });
  if ((options.cni ?? 'flannel') === 'cilium') {
    for (const { protocol, port, description } of CILIUM_PORTS) rules.push({ description, protocol, port, sources: [privateCidr] });
  } else {
    for (const { port, description } of FLANNEL_BACKENDS[options.flannelBackend]) {
      rules.push({ description, protocol: 'udp', port, sources: [privateCidr] });
    }
  }
  rules.push({ description: 'ICMP inside the private network', protocol: 'icmp', sources: [privateCidr] });
  return rules;
}
