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

export interface K3sFirewallOptions {
  readonly role: NodeRole;
  /** Office/VPN ranges: SSH, and the Kubernetes API on control-plane nodes. */
  readonly adminCidrs: readonly string[];
  /** The private network the nodes talk over (k3s ports are open to it only). */
  readonly privateCidr: string;
  readonly flannelBackend: FlannelBackend;
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
 * node ports (on the nodes behind the load balancer) and the k3s ports
 * (https://docs.k3s.io/installation/requirements#networking). Public traffic reaches the cluster
 * only through the ingress load balancer.
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
  for (const { port, description } of FLANNEL_BACKENDS[options.flannelBackend]) {
    rules.push({ description, protocol: 'udp', port, sources: [privateCidr] });
  }
  rules.push({ description: 'ICMP inside the private network', protocol: 'icmp', sources: [privateCidr] });
  return rules;
}
