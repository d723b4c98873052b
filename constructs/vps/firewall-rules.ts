import type { FirewallRule, NodeRole } from './adapter';

/** Everyone, IPv4 and IPv6. Only the ingress ports are ever opened to it. */
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
  /** Ports the ingress controller listens on, on the nodes behind the load balancer: open to everyone. */
  readonly ingressPorts: readonly number[];
}

/**
 * The inbound rules of one node role. Nothing else is open: the ingress ports from anywhere
 * (on the nodes behind the load balancer), SSH and the Kubernetes API from the admin ranges, and the k3s ports
 * (https://docs.k3s.io/installation/requirements#networking) from the private network only.
 */
export function k3sFirewallRules(options: K3sFirewallOptions): FirewallRule[] {
  const { role, adminCidrs, privateCidr } = options;
  const rules: FirewallRule[] = [];
  for (const port of options.ingressPorts) {
    rules.push({ description: `ingress ${port}`, protocol: 'tcp', port: String(port), sources: ANYWHERE });
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
