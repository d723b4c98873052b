import { describe, expect, it } from 'vitest';
import { ANYWHERE, CILIUM_PORTS, k3sFirewallRules, type K3sFirewallOptions } from '../../../constructs/vps/firewall-rules';

const BASE: K3sFirewallOptions = {
  role: 'control-plane',
  adminCidrs: ['198.51.100.0/24'],
  privateCidr: '10.0.0.0/16',
  flannelBackend: 'vxlan',
  embeddedEtcd: false,
  ingressNodePorts: [],
};
const summary = (options: K3sFirewallOptions) => k3sFirewallRules(options).map((r) => `${r.protocol}/${r.port ?? '-'} <- ${r.sources.join(' ')}`);

describe('k3sFirewallRules', () => {
  it('control plane: SSH and API from admins, k3s ports from the private network', () => {
    expect(summary(BASE)).toEqual([
      'tcp/22 <- 198.51.100.0/24',
      'tcp/6443 <- 198.51.100.0/24',
      'tcp/6443 <- 10.0.0.0/16',
      'tcp/10250 <- 10.0.0.0/16',
      'udp/8472 <- 10.0.0.0/16',
      'icmp/- <- 10.0.0.0/16',
    ]);
  });

  it('workers behind the load balancer: ingress node ports from the private network only, no API', () => {
    expect(summary({ ...BASE, role: 'worker', ingressNodePorts: [30080, 30443] })).toEqual([
      'tcp/30080 <- 10.0.0.0/16',
      'tcp/30443 <- 10.0.0.0/16',
      'tcp/22 <- 198.51.100.0/24',
      'tcp/10250 <- 10.0.0.0/16',
      'udp/8472 <- 10.0.0.0/16',
      'icmp/- <- 10.0.0.0/16',
    ]);
  });

  it('opens etcd and WireGuard only when used, and only privately', () => {
    const rules = k3sFirewallRules({ ...BASE, embeddedEtcd: true, flannelBackend: 'wireguard-native' });
    expect(rules.find((r) => r.port === '2379-2380')?.sources).toEqual(['10.0.0.0/16']);
    expect(rules.find((r) => r.port === '51820-51821')).toMatchObject({ protocol: 'udp', sources: ['10.0.0.0/16'] });
    expect(rules.some((r) => r.port === '8472')).toBe(false);
  });

  it('cilium: VXLAN, health and Hubble between the nodes, from the private network only, instead of flannel', () => {
    expect(summary({ ...BASE, cni: 'cilium' })).toEqual([
      'tcp/22 <- 198.51.100.0/24',
      'tcp/6443 <- 198.51.100.0/24',
      'tcp/6443 <- 10.0.0.0/16',
      'tcp/10250 <- 10.0.0.0/16',
      'udp/8472 <- 10.0.0.0/16',
      'tcp/4240 <- 10.0.0.0/16',
      'tcp/4244 <- 10.0.0.0/16',
      'icmp/- <- 10.0.0.0/16',
    ]);
    for (const role of ['control-plane', 'worker'] as const) {
      // The flannel backend does not matter any more: no WireGuard ports with cilium.
      const rules = k3sFirewallRules({ ...BASE, role, cni: 'cilium', flannelBackend: 'wireguard-native' });
      expect(rules.some((r) => r.port === '51820-51821')).toBe(false);
      for (const { protocol, port } of CILIUM_PORTS) {
        expect(rules.filter((r) => r.port === port).map((r) => ({ protocol: r.protocol, sources: r.sources }))).toEqual([{ protocol, sources: ['10.0.0.0/16'] }]);
      }
    }
    expect(summary(BASE)).not.toContain('tcp/4240 <- 10.0.0.0/16');
    expect(summary(BASE)).not.toContain('tcp/4244 <- 10.0.0.0/16');
  });

  it('never opens anything to the internet, and never 80/443 on the nodes', () => {
    for (const role of ['control-plane', 'worker'] as const) {
      for (const [cni, flannelBackend] of [['flannel', 'vxlan'], ['flannel', 'wireguard-native'], ['cilium', 'vxlan']] as const) {
        const rules = k3sFirewallRules({ ...BASE, role, cni, flannelBackend, embeddedEtcd: true, ingressNodePorts: [30080, 30443] });
        expect(rules.filter((r) => r.sources.some((s) => ANYWHERE.includes(s)))).toEqual([]);
        expect(rules.filter((r) => r.port === '80' || r.port === '443')).toEqual([]);
      }
    }
  });
});
