import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { INGRESS_NODE_PORTS } from '../../../config/cluster-settings';
import type { NetworkAttributes } from '../../../constructs/vps/adapter';
import { DigitalOceanAdapter } from '../../../constructs/vps/digitalocean-adapter';
import { HcloudAdapter } from '../../../constructs/vps/hcloud-adapter';
import { bootstrapChartPath, type BootstrapHelmChart } from '../../../constructs/vps/cloud-init';
import { ANYWHERE } from '../../../constructs/vps/firewall-rules';
import { DEFAULT_INGRESS_LISTENERS, K3sCluster, type K3sClusterProps } from '../../../constructs/vps/k3s-cluster';

type Json = Record<string, any>;
const resolve = (stack: TerraformStack, value: unknown) => Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });

const NETWORK: NetworkAttributes = { networkId: '42', nodesSubnetId: '42-10.0.1.0/24', lbSubnetId: '42-10.0.0.0/24' };
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholder admin@example.com';

function props(overrides: Partial<K3sClusterProps> = {}): K3sClusterProps {
  return {
    adapter: new HcloudAdapter({ location: 'nbg1' }),
    name: 'test',
    network: NETWORK,
    nodeCidr: '10.0.0.0/16',
    nodesSubnet: '10.0.1.0/24',
    adminCidrs: ['198.51.100.0/24'],
    nodePools: { cp: { role: 'control-plane', count: 1, machineType: 'cax11' }, workers: { role: 'worker', count: 2, machineType: 'cax21' } },
    k3sVersion: 'v1.34.1+k3s1',
    sshKeys: { admin: KEY },
    ...overrides,
  };
}

function synth(p: K3sClusterProps): { json: Json; cluster: K3sCluster } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const cluster = new K3sCluster(stack, 'k3s', p);
  return { json: JSON.parse(Testing.synth(stack)) as Json, cluster };
}

/** Parsed k3s config.yaml of a server's user_data. */
function k3sConfig(server: Json): Json {
  const cloudConfig = parseYaml(server.user_data as string) as Json;
  return parseYaml((cloudConfig.write_files as Json[]).find((f) => f.path === '/etc/rancher/k3s/config.yaml')!.content) as Json;
}

const servers = (json: Json, type = 'hcloud_server') => Object.entries(json.resource[type] as Record<string, Json>);
const ports = (firewall: Json) => (firewall.rule as Json[]).map((r) => `${r.protocol}/${r.port ?? '-'}`);
const values = (json: Json, type: string) => Object.values((json.resource[type] ?? {}) as Record<string, Json>);

describe('K3sCluster on Hetzner', () => {
  it('builds an HA control plane: the first server initialises etcd, the others join it', () => {
    const { json } = synth(props({ nodePools: { cp: { role: 'control-plane', count: 3, machineType: 'cax31' }, w: { role: 'worker', count: 1, machineType: 'cax21' } } }));
    const all = servers(json);
    expect(all.map(([, s]) => s.name)).toEqual(['test-cp-1', 'test-cp-2', 'test-cp-3', 'test-w-1']);
    const [first, ...rest] = all.map(([, s]) => k3sConfig(s));
    expect(first).toMatchObject({ 'cluster-init': true, disable: ['traefik', 'servicelb'], 'secrets-encryption': true });
    expect(first!.server).toBeUndefined();
    expect(all[0]![1].network).toEqual([{ subnet_id: NETWORK.nodesSubnetId, ip: '10.0.1.10', alias_ips: [] }]);
    for (const config of rest) {
      expect(config.server).toBe('https://10.0.1.10:6443');
      expect(config['cluster-init']).toBeUndefined();
    }
    expect(rest.slice(0, 2).every((c) => c['cluster-cidr'] === '10.42.0.0/16' && c['service-cidr'] === '10.43.0.0/16')).toBe(true);
    const firewalls = Object.values(json.resource.hcloud_firewall as Record<string, Json>);
    const cp = firewalls.find((f) => f.labels.role === 'control-plane')!;
    expect(ports(cp)).toContain('tcp/2379-2380');
    expect((cp.rule as Json[]).find((r) => r.port === '2379-2380')?.source_ips).toEqual(['10.0.0.0/16']);
    expect(ports(firewalls.find((f) => f.labels.role === 'worker')!)).not.toContain('tcp/2379-2380');
  });

  it('has no etcd rule with a single control-plane node', () => {
    const { json } = synth(props());
    expect(Object.values(json.resource.hcloud_firewall as Record<string, Json>).flatMap(ports)).not.toContain('tcp/2379-2380');
  });

  it('puts at most 10 servers in a spread group', () => {
    const { json } = synth(props({ nodePools: { cp: { role: 'control-plane', count: 1, machineType: 'cax11' }, a: { role: 'worker', count: 7, machineType: 'cax21' }, b: { role: 'worker', count: 5, machineType: 'cax21' } } }));
    const members = new Map<string, number>();
    for (const [, server] of servers(json)) members.set(server.placement_group_id, (members.get(server.placement_group_id) ?? 0) + 1);
    expect([...members.values()].sort((x, y) => x - y)).toEqual([1, 2, 10]);
    expect(Object.values(json.resource.hcloud_placement_group as Record<string, Json>).every((g) => g.type === 'spread')).toBe(true);
  });

  it('sends ingress to the control plane when there are no workers', () => {
    const { json } = synth(props({ nodePools: { cp: { role: 'control-plane', count: 1, machineType: 'cax21' } } }));
    const [firewall] = Object.values(json.resource.hcloud_firewall as Record<string, Json>);
    expect(ports(firewall!)).toEqual(expect.arrayContaining(['tcp/30080', 'tcp/30443', 'tcp/6443']));
    expect(ports(firewall!)).not.toContain('tcp/80');
    expect(ports(firewall!)).not.toContain('tcp/443');
    const [target] = Object.values(json.resource.hcloud_load_balancer_target as Record<string, Json>);
    expect(target!.label_selector).toContain('role=control-plane');
  });

  it('writes pool labels as node labels and supports the WireGuard flannel backend', () => {
    const { json } = synth(
      props({
        flannelBackend: 'wireguard-native',
        nodePools: { cp: { role: 'control-plane', count: 1, machineType: 'cax11', labels: { 'example.com/tier': 'system' } }, w: { role: 'worker', count: 1, machineType: 'cax21' } },
      }),
    );
    const [[, first]] = servers(json) as [[string, Json]];
    expect(k3sConfig(first)).toMatchObject({ 'flannel-backend': 'wireguard-native', 'node-label': ['example.com/tier=system'] });
    const rules = Object.values(json.resource.hcloud_firewall as Record<string, Json>).flatMap(ports);
    expect(rules).toContain('udp/51820-51821');
    expect(rules).not.toContain('udp/8472');
  });

  it('forwards 80 and 443 to the ingress node ports, health-checked on the node ports', () => {
    const { json } = synth(props());
    const services = values(json, 'hcloud_load_balancer_service');
    const forwarding = services.map((s) => [s.listen_port, s.destination_port, s.health_check.port]).sort((x, y) => x[0] - y[0]);
    expect(forwarding).toEqual([
      [80, 30080, 30080],
      [443, 30443, 30443],
    ]);
    for (const service of services) expect(service).toMatchObject({ protocol: 'tcp', proxyprotocol: false, health_check: { protocol: 'tcp' } });
    expect(values(json, 'hcloud_load_balancer_target')[0]).toMatchObject({ type: 'label_selector', use_private_ip: true });
  });

  it('defaults to the node ports the ingress Service uses (INGRESS_NODE_PORTS)', () => {
    expect(DEFAULT_INGRESS_LISTENERS).toEqual([
      { port: 80, nodePort: INGRESS_NODE_PORTS.http },
      { port: 443, nodePort: INGRESS_NODE_PORTS.https },
    ]);
  });

  it('opens the node ports on the workers to the private network only, and nothing to the internet', () => {
    const { json } = synth(props());
    const firewalls = values(json, 'hcloud_firewall');
    const rules = firewalls.flatMap((f) => f.rule as Json[]);
    expect(rules.filter((r) => (r.source_ips as string[]).some((s) => ANYWHERE.includes(s)))).toEqual([]);
    const worker = firewalls.find((f) => f.labels.role === 'worker')!;
    const controlPlane = firewalls.find((f) => f.labels.role === 'control-plane')!;
    for (const port of ['30080', '30443']) {
      expect((worker.rule as Json[]).filter((r) => r.port === port)).toEqual([expect.objectContaining({ protocol: 'tcp', direction: 'in', source_ips: ['10.0.0.0/16'] })]);
    }
    expect(ports(controlPlane)).not.toContain('tcp/30080');
    expect(rules.some((r) => r.port === '80' || r.port === '443')).toBe(false);
  });

  it('takes custom listeners', () => {
    const { json } = synth(props({ ingressListeners: [{ port: 8443, nodePort: 31443 }] }));
    expect(values(json, 'hcloud_load_balancer_service').map((s) => [s.listen_port, s.destination_port, s.health_check.port])).toEqual([[8443, 31443, 31443]]);
    const worker = values(json, 'hcloud_firewall').find((f) => f.labels.role === 'worker')!;
    expect((worker.rule as Json[]).find((r) => r.port === '31443')?.source_ips).toEqual(['10.0.0.0/16']);
  });

  it('exposes the API endpoint and ingress address as references', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const cluster = new K3sCluster(stack, 'k3s', props());
    expect(resolve(stack, cluster.apiEndpoint)).toMatch(/^https:\/\/\$\{hcloud_server\.k3s_test-cp-1_[0-9A-F]+\.ipv4_address\}:6443$/);
    expect(resolve(stack, cluster.ingressAddress)).toMatch(/^\$\{hcloud_load_balancer\.k3s_ingress_[0-9A-F]+\.ipv4\}$/);
    expect(cluster.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
  });
});

describe('K3sCluster with Cilium and Longhorn', () => {
  const CHART: BootstrapHelmChart = {
    releaseName: 'cilium',
    namespace: 'cilium',
    repository: 'https://helm.cilium.io/',
    chart: 'cilium',
    version: '1.18.3',
    values: { kubeProxyReplacement: false },
  };
  const HA = { cp: { role: 'control-plane', count: 3, machineType: 'cax31' }, w: { role: 'worker', count: 2, machineType: 'cax21' } } as const;
  const cloudConfig = (server: Json) => parseYaml(server.user_data as string) as Json;
  const files = (server: Json) => (cloudConfig(server).write_files as Json[]).map((f) => f.path as string);

  it('starts every server without flannel and installs Cilium on the first server only', () => {
    const { json } = synth(props({ cilium: CHART, nodePools: HA }));
    const all = servers(json);
    const controlPlane = all.filter(([, s]) => s.labels.role === 'control-plane');
    expect(controlPlane).toHaveLength(3);
    for (const [, server] of controlPlane) expect(k3sConfig(server)).toMatchObject({ 'flannel-backend': 'none', 'disable-network-policy': true });
    expect(all.map(([, s]) => files(s).includes(bootstrapChartPath(CHART)))).toEqual([true, false, false, false, false]);
    for (const [, server] of all) expect(server.user_data as string).not.toContain('flannel-iface');
    const chart = parseYaml((cloudConfig(all[0]![1]).write_files as Json[]).find((f) => f.path === bootstrapChartPath(CHART))!.content as string) as Json;
    expect(chart.spec).toMatchObject({ chart: 'cilium', version: CHART.version, targetNamespace: 'cilium', bootstrap: true });
  });

  it('opens Cilium ports instead of flannel ones, to the private network only', () => {
    const { json } = synth(props({ cilium: CHART }));
    const firewalls = values(json, 'hcloud_firewall');
    expect(firewalls).toHaveLength(2);
    for (const firewall of firewalls) {
      const rules = firewall.rule as Json[];
      for (const [protocol, port] of [['udp', '8472'], ['tcp', '4240'], ['tcp', '4244']]) {
        expect(rules.filter((r) => r.port === port)).toEqual([expect.objectContaining({ protocol, direction: 'in', source_ips: ['10.0.0.0/16'] })]);
      }
      expect(rules.filter((r) => (r.source_ips as string[]).some((source) => ANYWHERE.includes(source)))).toEqual([]);
    }
    const flannel = values(synth(props()).json, 'hcloud_firewall').flatMap(ports);
    expect(flannel).not.toContain('tcp/4240');
    expect(flannel).not.toContain('tcp/4244');
  });

  it('keeps flannel without cilium', () => {
    const { json } = synth(props());
    for (const [, server] of servers(json)) expect(files(server).some((path) => path.startsWith('/var/lib/rancher/k3s/server/manifests/'))).toBe(false);
    expect(k3sConfig(servers(json)[0]![1])).toMatchObject({ 'flannel-backend': 'vxlan' });
    expect(k3sConfig(servers(json)[0]![1])['disable-network-policy']).toBeUndefined();
  });

  it('prepares every node for Longhorn only when asked', () => {
    const withLonghorn = servers(synth(props({ longhorn: true })).json);
    expect(withLonghorn).toHaveLength(3);
    for (const [, server] of withLonghorn) {
      expect(cloudConfig(server).packages).toEqual(['open-iscsi', 'nfs-common']);
      expect(cloudConfig(server).runcmd[0]).toEqual(['systemctl', 'enable', '--now', 'iscsid']);
    }
    for (const [, server] of servers(synth(props()).json)) expect(cloudConfig(server).packages).toBeUndefined();
  });
});

describe('K3sCluster tokens, install script and Pod Security exemptions', () => {
  const userData = (server: Json) => server.user_data as string;
  const isAgent = (server: Json) => userData(server).includes('INSTALL_K3S_EXEC=agent');
  const passwords = (json: Json) => Object.keys(json.resource.random_password as Record<string, Json>);
  const ref = (id: string) => `\${random_password.${id}.result}`;

  for (const [provider, adapter, type] of [
    ['Hetzner', () => new HcloudAdapter({ location: 'nbg1' }), 'hcloud_server'],
    ['DigitalOcean', () => new DigitalOceanAdapter({ region: 'ams3' }), 'digitalocean_droplet'],
  ] as const) {
    it(`${provider}: no agent's user_data holds the server token; servers carry both, agents join with the agent token`, () => {
      const stack = new TerraformStack(Testing.app(), 'test');
      const cluster = new K3sCluster(stack, 'k3s', props({ adapter: adapter(), nodePools: { cp: { role: 'control-plane', count: 3, machineType: 'cax31' }, w: { role: 'worker', count: 2, machineType: 'cax21' } } }));
      const json = JSON.parse(Testing.synth(stack)) as Json;
      const serverToken = resolve(stack, cluster.token.result) as string;
      const agentToken = resolve(stack, cluster.agentToken.result) as string;
      expect(serverToken).toMatch(/^\$\{random_password\.k3s_token_[0-9A-F]+\.result\}$/);
      expect(agentToken).toMatch(/^\$\{random_password\.k3s_agent-token_[0-9A-F]+\.result\}$/);
      expect(passwords(json).map(ref).sort()).toEqual([agentToken, serverToken].sort());
      for (const body of Object.values(json.resource.random_password as Record<string, Json>)) expect(body).toMatchObject({ length: 48, special: false });
      const nodes = servers(json, type);
      const agents = nodes.filter(([, s]) => isAgent(s));
      expect(agents).toHaveLength(2);
      for (const [id, agent] of agents) {
        // The synthesized Terraform JSON: the server token's reference appears nowhere in an agent.
        expect(userData(agent), id).not.toContain(serverToken);
        expect(k3sConfig(agent).token).toBe(agentToken);
        expect(k3sConfig(agent)['agent-token']).toBeUndefined();
      }
      for (const [id, server] of nodes.filter(([, s]) => !isAgent(s))) {
        expect(k3sConfig(server), id).toMatchObject({ token: serverToken, 'agent-token': agentToken });
      }
    });
  }

  it('downloads the install script config/k3s-installers.yaml records for the release, or refuses a release without one', () => {
    const { json } = synth(props());
    for (const [, server] of servers(json)) {
      const script = (parseYaml(server.user_data as string).write_files as Json[]).find((f) => f.path === '/usr/local/sbin/k3s-bootstrap')!.content as string;
      expect(script).toContain("'https://raw.githubusercontent.com/k3s-io/k3s/019b0afdd830e36f5e4b7a5b237e6a4339e6a6be/install.sh'");
      expect(script).toContain("echo '68ae766b4c4fd2c8032f712cdd346c8f9d1ae60eaeb4736a1155effda44ea23d  /root/k3s-install.sh' | sha256sum -c -");
    }
    expect(() => synth(props({ k3sVersion: 'v1.34.99+k3s1' }))).toThrow(/no install script is recorded for k3s v1.34.99\+k3s1 in config\/k3s-installers.yaml/);
    const sha256 = 'a'.repeat(64);
    const custom = synth(props({ k3sVersion: 'v1.34.99+k3s1', installScript: { url: 'https://raw.githubusercontent.com/k3s-io/k3s/v1.34.99%2Bk3s1/install.sh', sha256 } })).json;
    expect(servers(custom)[0]![1].user_data as string).toContain(`echo '${sha256}  /root/k3s-install.sh'`);
  });

  it('hands the Pod Security exemptions to the servers only', () => {
    const { json } = synth(props({ podSecurityExemptions: ['cilium', 'longhorn-system'] }));
    for (const [, node] of servers(json)) {
      const admission = (parseYaml(node.user_data as string).write_files as Json[]).find((f) => f.path === '/var/lib/rancher/k3s/server/psa.yaml');
      if (isAgent(node)) expect(admission).toBeUndefined();
      else expect((parseYaml(admission!.content as string) as Json).plugins[0].configuration.exemptions.namespaces).toEqual(['cilium', 'kube-system', 'longhorn-system']);
    }
  });
});

const MAIL_LB = { key: 'mail-team-a', listeners: [25, 465, 587, 993].map((port, i) => ({ port, nodePort: 30200 + i })) };

describe('K3sCluster service load balancers', () => {
  it('on Hetzner: a load balancer of its own with the PROXY protocol on every listener, targeting the ingress nodes', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const cluster = new K3sCluster(stack, 'k3s', props({ serviceLoadBalancers: [MAIL_LB] }));
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const lbs = Object.entries(json.resource.hcloud_load_balancer as Record<string, Json>);
    expect(lbs.map(([, lb]) => lb.name).sort()).toEqual(['test-ingress', 'test-mail-team-a']);
    const [mailId] = lbs.find(([, lb]) => lb.name === 'test-mail-team-a')!;
    const services = values(json, 'hcloud_load_balancer_service').filter((s) => s.load_balancer_id === `\${hcloud_load_balancer.${mailId}.id}`);
    expect(services.map((s) => [s.listen_port, s.destination_port, s.proxyprotocol, s.health_check.port]).sort((x, y) => x[0] - y[0])).toEqual([
      [25, 30200, true, 30200],
      [465, 30201, true, 30201],
      [587, 30202, true, 30202],
      [993, 30203, true, 30203],
    ]);
    // The ingress listeners keep plain TCP.
    expect(values(json, 'hcloud_load_balancer_service').filter((s) => [80, 443].includes(s.listen_port)).every((s) => s.proxyprotocol === false)).toBe(true);
    const targets = values(json, 'hcloud_load_balancer_target');
    expect(new Set(targets.map((t) => t.label_selector)).size).toBe(1);
    expect(resolve(stack, cluster.serviceAddresses['mail-team-a'])).toBe(`\${hcloud_load_balancer.${mailId}.ipv4}`);
    // Its node ports are open on the workers, to the private network only.
    const worker = values(json, 'hcloud_firewall').find((f) => f.labels.role === 'worker')!;
    for (const port of ['30200', '30201', '30202', '30203']) {
      expect((worker.rule as Json[]).filter((r) => r.port === port)).toEqual([expect.objectContaining({ protocol: 'tcp', source_ips: ['10.0.0.0/16'] })]);
    }
    const controlPlane = values(json, 'hcloud_firewall').find((f) => f.labels.role === 'control-plane')!;
    expect(ports(controlPlane)).not.toContain('tcp/30200');
  });

  it('on DigitalOcean: proxy protocol for the whole (separate) load balancer, the ingress one untouched', () => {
    const { json } = synth(props({ adapter: new DigitalOceanAdapter({ region: 'ams3' }), serviceLoadBalancers: [MAIL_LB] }));
    const lbs = values(json, 'digitalocean_loadbalancer');
    const mail = lbs.find((lb) => lb.name === 'test-mail-team-a')!;
    expect(mail).toMatchObject({ enable_proxy_protocol: true, vpc_uuid: NETWORK.lbSubnetId });
    expect(mail.forwarding_rule.map((r: Json) => [r.entry_port, r.target_port])).toEqual([
      [25, 30200],
      [465, 30201],
      [587, 30202],
      [993, 30203],
    ]);
    expect(lbs.find((lb) => lb.name === 'test-ingress')).toMatchObject({ enable_proxy_protocol: false });
  });
});

describe('K3sCluster on DigitalOcean', () => {
  it('joins the first droplet by its assigned private address and has no spread groups', () => {
    const { json } = synth(props({ adapter: new DigitalOceanAdapter({ region: 'ams3' }), nodePools: { cp: { role: 'control-plane', count: 3, machineType: 's-2vcpu-4gb' } } }));
    const all = servers(json, 'digitalocean_droplet');
    const [firstId] = all[0]!;
    expect(k3sConfig(all[0]![1])['cluster-init']).toBe(true);
    for (const [, droplet] of all.slice(1)) {
      expect(k3sConfig(droplet).server).toBe(`https://\${digitalocean_droplet.${firstId}.ipv4_address_private}:6443`);
    }
    expect(json.resource.hcloud_placement_group).toBeUndefined();
    expect(all.every(([, d]) => d.vpc_uuid === NETWORK.nodesSubnetId && d.region === 'ams3')).toBe(true);
  });

  it('forwards 80 and 443 to the ingress node ports and health-checks the HTTPS node port', () => {
    const { json } = synth(props({ adapter: new DigitalOceanAdapter({ region: 'ams3' }) }));
    const [lb] = values(json, 'digitalocean_loadbalancer');
    expect(lb!.forwarding_rule).toEqual([
      { entry_port: 80, entry_protocol: 'tcp', target_port: 30080, target_protocol: 'tcp' },
      { entry_port: 443, entry_protocol: 'tcp', target_port: 30443, target_protocol: 'tcp' },
    ]);
    expect(lb!.healthcheck).toMatchObject({ protocol: 'tcp', port: 30443 });
    expect(lb).toMatchObject({ vpc_uuid: NETWORK.lbSubnetId, enable_proxy_protocol: false });
  });

  it('opens the node ports to the VPC range only, nothing inbound to the internet', () => {
    const { json } = synth(props({ adapter: new DigitalOceanAdapter({ region: 'ams3' }) }));
    const firewalls = values(json, 'digitalocean_firewall');
    const inbound = firewalls.flatMap((f) => f.inbound_rule as Json[]);
    expect(inbound.filter((r) => (r.source_addresses as string[]).some((s) => ANYWHERE.includes(s)))).toEqual([]);
    const worker = firewalls.find((f) => f.name === 'test-worker')!;
    for (const port of ['30080', '30443']) {
      expect((worker.inbound_rule as Json[]).filter((r) => r.port_range === port)).toEqual([{ protocol: 'tcp', port_range: port, source_addresses: ['10.0.0.0/16'] }]);
    }
    expect(inbound.some((r) => r.port_range === '80' || r.port_range === '443')).toBe(false);
  });
});

describe('K3sCluster validation', () => {
  const cases: [string, Partial<K3sClusterProps>, RegExp][] = [
    ['no SSH key', { sshKeys: {} }, /at least one SSH key/],
    ['a malformed SSH key', { sshKeys: { admin: 'not a key' } }, /not an OpenSSH public key/],
    ['SSH open to the world', { adminCidrs: ['0.0.0.0/0'] }, /whole internet/],
    ['SSH open to the IPv6 world', { adminCidrs: ['::/0'] }, /whole internet/],
    ['no admin CIDR', { adminCidrs: [] }, /at least one admin CIDR/],
    ['a moving k3s version', { k3sVersion: 'latest' }, /exact k3s release/],
    ['an even control plane', { nodePools: { cp: { role: 'control-plane', count: 2, machineType: 'cax11' } } }, /odd number of control-plane/],
    ['no control plane', { nodePools: { w: { role: 'worker', count: 2, machineType: 'cax11' } } }, /odd number of control-plane/],
    ['a nodes subnet outside the network', { nodesSubnet: '192.168.0.0/24' }, /not inside nodeCidr/],
    ['a subnet too small for the fixed address', { nodesSubnet: '10.0.1.0/29' }, /too small/],
    ['no ingress listener', { ingressListeners: [] }, /at least one ingress listener/],
    ['a bad listener port', { ingressListeners: [{ port: 0, nodePort: 30080 }] }, /listener port 0 is not a TCP port/],
    ['a fractional listener port', { ingressListeners: [{ port: 80.5, nodePort: 30080 }] }, /listener port 80.5 is not a TCP port/],
    ['a node port below the range', { ingressListeners: [{ port: 80, nodePort: 80 }] }, /node port 80 is not a node port/],
    ['a node port above the range', { ingressListeners: [{ port: 80, nodePort: 32768 }] }, /node port 32768 is not a node port/],
    ['a fractional node port', { ingressListeners: [{ port: 80, nodePort: 30080.5 }] }, /node port 30080.5 is not a node port/],
    ['a listener port used twice', { ingressListeners: [{ port: 443, nodePort: 30080 }, { port: 443, nodePort: 30443 }] }, /listener port 443 is used twice/],
    ['a node port used twice', { ingressListeners: [{ port: 80, nodePort: 30443 }, { port: 443, nodePort: 30443 }] }, /node port 30443 is used twice/],
    ['a service load balancer on an ingress node port', { serviceLoadBalancers: [{ key: 'mail-a', listeners: [{ port: 25, nodePort: 30443 }] }] }, /node port 30443 of service load balancer mail-a is already forwarded/],
    ['two service load balancers on one node port', { serviceLoadBalancers: [MAIL_LB, { ...MAIL_LB, key: 'mail-b' }] }, /node port 30200 of service load balancer mail-team-a is already forwarded/],
    ['a service load balancer key twice', { serviceLoadBalancers: [MAIL_LB, { key: 'mail-team-a', listeners: [{ port: 25, nodePort: 30300 }] }] }, /service load balancer keys must be unique/],
    ['a service load balancer key that is no DNS label', { serviceLoadBalancers: [{ ...MAIL_LB, key: 'Mail_A' }] }, /service load balancer key Mail_A must be a DNS label/],
    ['a service load balancer without listeners', { serviceLoadBalancers: [{ key: 'mail-a', listeners: [] }] }, /at least one ingress listener/],
    ['an over-long node name', { name: 'a'.repeat(40), nodePools: { ['p'.repeat(30)]: { role: 'control-plane', count: 1, machineType: 'cax11' } } }, /not a valid host name/],
    ['a bad node label', { nodePools: { cp: { role: 'control-plane', count: 1, machineType: 'cax11', labels: { 'bad key!': 'x' } } } }, /invalid Kubernetes label/],
    ['a flannel backend with cilium', { flannelBackend: 'wireguard-native', cilium: { releaseName: 'cilium', namespace: 'cilium', repository: 'https://helm.cilium.io/', chart: 'cilium', version: '1.18.3', values: {} } }, /flannelBackend has no meaning with cilium/],
  ];
  it.each(cases)('rejects %s', (_, overrides, message) => {
    expect(() => synth(props(overrides))).toThrow(message);
  });
});
