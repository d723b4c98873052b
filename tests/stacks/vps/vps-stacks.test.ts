import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Token } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { CLUSTER_SETTINGS_KEYS, INGRESS_NODE_PORTS, PUBLIC_MAIL_PORTS, STORAGE_CLASS, clusterMailNodePorts } from '../../../config/cluster-settings';
import { k3sInstaller } from '../../../config/k3s-installers';
import { loadPlatform, type Cluster, type Platform } from '../../../config/load';
import { Cilium } from '../../../constructs/components/cilium';
import { unknownAttributes } from '../../../providers/schema-check';
import { stateKey } from '../../../stacks/names';
import {
  bindingMismatches,
  blocks,
  hcloudSchema,
  ref,
  remoteRef,
  resourcesOf,
  ROOT,
  strings,
  synthVpsCluster,
  type Block,
  type SynthesizedCluster,
  type TfJson,
} from './support';

const platform: Platform = loadPlatform(join(ROOT, 'environments'));
const vpsClusters = platform.clusters.filter((c) => c.provider === 'hcloud-k3s' || c.provider === 'do-k3s');
const ANYWHERE = ['0.0.0.0/0', '::/0'];
const K3S_PORTS = ['6443', '10250', '8472', '2379-2380', '51820-51821'];
/** Cilium's health checks and Hubble server, on top of VXLAN 8472 (CILIUM_PORTS). */
const CILIUM_ONLY_PORTS = ['4240', '4244'];
const MANIFESTS_DIR = '/var/lib/rancher/k3s/server/manifests/';
/** Load balancer port -> ingress Service node port (the gitops side pins its Service to these). */
const LISTENERS = [
  { port: 80, nodePort: INGRESS_NODE_PORTS.http },
  { port: 443, nodePort: INGRESS_NODE_PORTS.https },
];
const NODE_PORTS = LISTENERS.map((l) => String(l.nodePort));
/** The node ports the tenants' mail load balancers forward to (from the same config the gitops side reads). */
const mailNodePorts = (cluster: Cluster) => [...clusterMailNodePorts(cluster).values()].flatMap((ports) => Object.values(ports).map(String));

/** The one load balancer of `type` with name `name`, as [resource id, body]. */
function loadBalancerNamed(stack: TfJson, type: string, name: string): [string, Block] {
  const found = Object.entries(resourcesOf(stack, type)).filter(([, body]) => body.name === name);
  expect(found.map(([id]) => id), `${type} named ${name}`).toHaveLength(1);
  return found[0] as [string, Block];
}

/** A firewall rule in provider-neutral form. */
interface Rule {
  protocol: string;
  port?: string;
  sources: string[];
}

interface Node {
  id: string;
  body: Block;
  role: 'control-plane' | 'worker';
  userData: string;
}

/** Provider-specific reading of the synthesized cluster stack. */
interface Shape {
  serverType: string;
  firewallType: string;
  rulesOf(firewall: Block): Rule[];
  roleOf(server: Block, json: TfJson): 'control-plane' | 'worker';
  image: string;
  machineTypeOf(server: Block): string;
  providerName: string;
  schemaCheck(json: TfJson): Promise<string[]>;
}

const SHAPES: Record<'hcloud-k3s' | 'do-k3s', Shape> = {
  'hcloud-k3s': {
    serverType: 'hcloud_server',
    firewallType: 'hcloud_firewall',
    rulesOf: (firewall) =>
      blocks(firewall.rule).map((rule) => {
        expect(rule.direction).toBe('in');
        return { protocol: rule.protocol, port: rule.port, sources: rule.source_ips };
      }),
    roleOf: (server) => server.labels.role,
    image: 'ubuntu-24.04',
    machineTypeOf: (server) => server.server_type,
    providerName: 'hcloud',
    schemaCheck: async (json) => unknownAttributes(hcloudSchema(), json),
  },
  'do-k3s': {
    serverType: 'digitalocean_droplet',
    firewallType: 'digitalocean_firewall',
    rulesOf: (firewall) => blocks(firewall.inbound_rule).map((rule) => ({ protocol: rule.protocol, port: rule.port_range, sources: rule.source_addresses })),
    roleOf: (server, json) => {
      const [tag] = server.tags as string[];
      const [id] = Object.entries(resourcesOf(json, 'digitalocean_tag')).find(([tagId]) => tag === ref('digitalocean_tag', tagId, 'name'))!;
      return resourcesOf(json, 'digitalocean_tag')[id]!.name.endsWith('-control-plane') ? 'control-plane' : 'worker';
    },
    image: 'ubuntu-24-04-x64',
    machineTypeOf: (server) => server.size,
    providerName: 'digitalocean',
    schemaCheck: (json) => bindingMismatches(json, 'digitalocean'),
  },
};

/** The cloud-config, its k3s config file, bootstrap script and the k3s manifests it writes. */
function cloudInit(userData: string): { cloudConfig: Block; config: Block; script: string; manifests: Block[] } {
  expect(userData.startsWith('#cloud-config\n')).toBe(true);
  const cloudConfig = parseYaml(userData) as Block;
  const file = (path: string) => (cloudConfig.write_files as Block[]).find((f) => f.path === path)!;
  return {
    cloudConfig,
    config: parseYaml(file('/etc/rancher/k3s/config.yaml').content) as Block,
    script: file('/usr/local/sbin/k3s-bootstrap').content as string,
    manifests: (cloudConfig.write_files as Block[]).filter((f) => (f.path as string).startsWith(MANIFESTS_DIR)),
  };
}

/** The objects Flux applies for the cluster's infrastructure controllers (the committed gitops/ tree, built by kustomize). */
function fluxControllers(cluster: Cluster): Block[] {
  const dir = join(ROOT, cluster.gitopsPath, 'infrastructure', 'controllers');
  const built = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(built).map((doc) => doc.toJS() as Block);
}

/** Paths in `part` whose value differs from (or is missing in) `whole`. */
function notIn(part: unknown, whole: unknown, path = ''): string[] {
  if (part !== null && typeof part === 'object' && !Array.isArray(part)) {
    const object = whole !== null && typeof whole === 'object' && !Array.isArray(whole) ? (whole as Block) : {};
    return Object.entries(part).flatMap(([key, value]) => notIn(value, object[key], `${path}.${key}`));
  }
  return JSON.stringify(part) === JSON.stringify(whole) ? [] : [path];
}

describe.each(vpsClusters.map((cluster) => [cluster.name, cluster] as const))('VPS stacks of the shipped %s cluster', (name, cluster: Cluster) => {
  const shape = SHAPES[cluster.provider as 'hcloud-k3s' | 'do-k3s'];
  let synth: SynthesizedCluster;
  let network: TfJson;
  let stack: TfJson;
  let nodes: Node[];
  /** The random_password resources of the server token and the agent token. */
  let tokenIds: { server: string; agent: string };

  beforeAll(() => {
    synth = synthVpsCluster(platform, cluster);
    network = synth.json[`${name}-network`]!;
    stack = synth.json[`${name}-cluster`]!;
    const passwords = Object.keys(resourcesOf(stack, 'random_password'));
    tokenIds = { server: passwords.find((id) => id.startsWith('k3s_token_'))!, agent: passwords.find((id) => id.startsWith('k3s_agent-token_'))! };
    nodes = Object.entries(resourcesOf(stack, shape.serverType)).map(([id, body]) => ({
      id,
      body,
      role: shape.roleOf(body, stack),
      userData: body.user_data as string,
    }));
  });
  afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

  it('returns the cluster stack and its ingress address as a token', () => {
    expect(synth.stacks.clusterStack.node.id).toBe(`${name}-cluster`);
    expect(Token.isUnresolved(synth.stacks.ingressAddress)).toBe(true);
  });

  it('keeps each stack in the state bucket under its own key with the S3 lock file', () => {
    for (const layer of ['network', 'cluster']) {
      const id = `${name}-${layer}`;
      expect(synth.json[id]!.terraform.backend).toEqual({
        s3: { bucket: platform.state.bucket, key: stateKey(cluster.environment, id), region: platform.state.region, encrypt: true, use_lockfile: true },
      });
    }
  });

  it('configures the providers without credentials', () => {
    expect(network.provider).toEqual({ [shape.providerName]: [{}] });
    expect(stack.provider).toEqual({ [shape.providerName]: [{}], random: [{}] });
  });

  it('uses only attributes the provider schema knows', async () => {
    expect(await shape.schemaCheck(network)).toEqual([]);
    expect(await shape.schemaCheck(stack)).toEqual([]);
  });

  it('creates the private network from network.nodeCidr', () => {
    if (cluster.provider === 'hcloud-k3s') {
      const [[networkId, net]] = Object.entries(resourcesOf(network, 'hcloud_network')) as [[string, Block]];
      expect(net.ip_range).toBe(cluster.network.nodeCidr);
      const subnets = Object.values(resourcesOf(network, 'hcloud_network_subnet'));
      expect(subnets.map((s) => s.ip_range).sort()).toEqual([cluster.network.subnets.nodes, cluster.network.subnets.public].sort());
      for (const subnet of subnets) {
        expect(subnet).toMatchObject({ type: 'cloud', network_zone: 'eu-central', network_id: ref('hcloud_network', networkId) });
      }
    } else {
      const [vpc] = Object.values(resourcesOf(network, 'digitalocean_vpc'));
      expect(vpc).toMatchObject({ ip_range: cluster.network.nodeCidr, region: cluster.region });
    }
  });

  it('opens nothing to the internet: SSH and the API to the admin ranges, node ports and k3s ports to the private network', () => {
    const firewalls = Object.values(resourcesOf(stack, shape.firewallType));
    expect(firewalls).toHaveLength(2);
    const admin = [...cluster.network.adminCidrs].sort();
    const rules = firewalls.flatMap(shape.rulesOf);
    expect(rules.length).toBeGreaterThan(0);
    // No inbound rule at all from the internet; the public reaches the nodes only through the LB.
    expect(rules.filter((r) => r.sources.some((s) => ANYWHERE.includes(s)))).toEqual([]);
    for (const rule of rules) {
      const sources = [...rule.sources].sort();
      if (rule.port === '22') {
        expect(sources).toEqual(admin);
      } else if (rule.port === '6443') {
        expect([admin, [cluster.network.nodeCidr]]).toContainEqual(sources);
      } else if ([...NODE_PORTS, ...mailNodePorts(cluster)].includes(rule.port ?? '')) {
        expect(rule.protocol).toBe('tcp');
        expect(sources).toEqual([cluster.network.nodeCidr]);
      } else {
        const cniPorts = cluster.components.cilium?.enabled ? CILIUM_ONLY_PORTS : [];
        expect(K3S_PORTS.includes(rule.port ?? '') || cniPorts.includes(rule.port ?? '') || rule.protocol === 'icmp').toBe(true);
        expect(sources).toEqual([cluster.network.nodeCidr]);
      }
    }
    // Every admin-only port is really there, and nothing but admins reach SSH.
    expect(rules.filter((r) => r.port === '22').every((r) => [...r.sources].sort().join() === admin.join())).toBe(true);
    expect(rules.some((r) => r.port === '6443' && [...r.sources].sort().join() === admin.join())).toBe(true);
    for (const port of ['10250', '8472']) expect(rules.some((r) => r.port === port)).toBe(true);
    // Nothing listens on 80/443 on the nodes (servicelb is off): those are the LB's ports only.
    expect(rules.some((r) => r.port === '80' || r.port === '443')).toBe(false);
    // The workers (the LB targets) have the ingress node ports, the control plane has not; workers have no API.
    for (const firewall of firewalls) {
      const ports = shape.rulesOf(firewall).map((r) => r.port);
      const isWorker = JSON.stringify(firewall).includes('-worker');
      for (const port of [...NODE_PORTS, ...mailNodePorts(cluster)]) expect(ports.includes(port)).toBe(isWorker);
      expect(ports.includes('6443')).toBe(!isWorker);
    }
  });

  it('attaches the role firewall to every server at creation', () => {
    for (const node of nodes) {
      if (cluster.provider === 'hcloud-k3s') {
        const [firewallId] = Object.entries(resourcesOf(stack, 'hcloud_firewall')).find(([, f]) => f.labels.role === node.role)!;
        expect(node.body.firewall_ids).toEqual([ref('hcloud_firewall', firewallId)]);
      } else {
        const firewall = Object.values(resourcesOf(stack, 'digitalocean_firewall')).find((f) => f.name.endsWith(`-${node.role}`))!;
        expect(firewall.tags).toEqual(node.body.tags);
      }
    }
  });

  it('creates the servers of each pool with its role, type and image', () => {
    for (const role of ['control-plane', 'worker'] as const) {
      const pools = Object.values(cluster.nodePools).filter((p) => p.role === role);
      const expected = pools.flatMap((p) => Array.from({ length: p.count }, () => p.machineType)).sort();
      expect(nodes.filter((n) => n.role === role).map((n) => shape.machineTypeOf(n.body)).sort()).toEqual(expected);
    }
    for (const node of nodes) {
      expect(node.body.image).toBe(shape.image);
      // A version bump or a new key must not rebuild a running cluster in one apply.
      expect(node.body.lifecycle).toEqual({ ignore_changes: ['user_data', 'ssh_keys', 'image'] });
      expect(node.body[cluster.provider === 'hcloud-k3s' ? 'location' : 'region']).toBe(cluster.region);
      if (cluster.provider === 'hcloud-k3s') expect(shape.machineTypeOf(node.body)).toMatch(/^cax\d+$/);
    }
  });

  it('installs the SSH keys from vps.sshKeys', () => {
    const keyType = cluster.provider === 'hcloud-k3s' ? 'hcloud_ssh_key' : 'digitalocean_ssh_key';
    const keys = resourcesOf(stack, keyType);
    expect(Object.values(keys).map((k) => k.public_key).sort()).toEqual(Object.values(cluster.vps!.sshKeys).sort());
    const attribute = cluster.provider === 'hcloud-k3s' ? 'id' : 'fingerprint';
    for (const node of nodes) expect(node.body.ssh_keys).toEqual(Object.keys(keys).map((id) => ref(keyType, id, attribute)));
  });

  it('spreads the servers where the provider can', () => {
    const groups = resourcesOf(stack, 'hcloud_placement_group');
    if (cluster.provider === 'hcloud-k3s') {
      expect(Object.values(groups).every((g) => g.type === 'spread')).toBe(true);
      for (const node of nodes) expect(Object.keys(groups).map((id) => ref('hcloud_placement_group', id))).toContain(node.body.placement_group_id);
    } else {
      expect(groups).toEqual({});
    }
  });

  it('installs the pinned k3s with the configured networks, without traefik and servicelb', () => {
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const { cloudConfig, config, script } = cloudInit(node.userData);
      expect(cloudConfig.ssh_pwauth).toBe(false);
      const longhorn = cluster.components.longhorn?.enabled === true;
      expect(cloudConfig.runcmd).toEqual([...(longhorn ? [['systemctl', 'enable', '--now', 'iscsid'], ['modprobe', 'iscsi_tcp']] : []), ['/usr/local/sbin/k3s-bootstrap']]);
      expect(script).toContain(`k3s_version='${cluster.vps!.k3sVersion}'`);
      expect(script).toContain('INSTALL_K3S_VERSION="$k3s_version"');
      const installer = k3sInstaller(cluster.vps!.k3sVersion)!;
      expect(script).not.toContain('get.k3s.io');
      expect(script).toContain(`curl -sfL --retry 10 --retry-connrefused '${installer.url}' -o /root/k3s-install.sh`);
      expect(script).toContain(`if ! echo '${installer.sha256}  /root/k3s-install.sh' | sha256sum -c -; then`);
      expect(script).toContain(`INSTALL_K3S_EXEC=${node.role === 'control-plane' ? 'server' : 'agent'}`);
      expect(script).toMatch(/node-ip: "\$private_ip"/);
      expect(config.token).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
      // Servers join with the server token and hold the agent token; agents join with the agent token only.
      const [serverToken, agentToken] = [ref('random_password', tokenIds.server, 'result'), ref('random_password', tokenIds.agent, 'result')];
      if (node.role === 'control-plane') expect(config).toMatchObject({ token: serverToken, 'agent-token': agentToken });
      else expect(config.token).toBe(agentToken);
      if (node.role === 'worker') expect(node.userData).not.toContain(serverToken);
      if (node.role === 'control-plane') {
        expect(config).toMatchObject({
          'cluster-cidr': cluster.network.podCidr,
          'service-cidr': cluster.network.serviceCidr,
          disable: ['traefik', 'servicelb'],
        });
        expect(script).toMatch(/tls-san:\n {2}- "\$public_ip"/);
      } else {
        expect(config['cluster-cidr']).toBeUndefined();
      }
      // Only the token and the first server's address are Terraform references.
      const references = node.userData.match(/\$\{[^}]*\}/g) ?? [];
      for (const reference of references) expect(reference).toMatch(/^\$\{(random_password\.[^.]+\.result|digitalocean_droplet\.[^.]+\.ipv4_address_private)\}$/);
      expect(node.userData).not.toContain('%{');
    }
  });

  it('runs the CNI the config chooses: flannel, or Cilium with k3s started without flannel and its network policy controller', () => {
    const cilium = cluster.components.cilium?.enabled === true;
    const servers = nodes.filter((n) => n.role === 'control-plane');
    expect(servers.length).toBeGreaterThan(0);
    for (const node of servers) {
      const { config } = cloudInit(node.userData);
      expect(config['flannel-backend']).toBe(cilium ? 'none' : 'vxlan');
      expect(config['disable-network-policy']).toBe(cilium ? true : undefined);
    }
    for (const node of nodes) expect(cloudInit(node.userData).script.includes('flannel-iface')).toBe(!cilium);
    const rules = Object.values(resourcesOf(stack, shape.firewallType)).flatMap(shape.rulesOf);
    for (const port of CILIUM_ONLY_PORTS) {
      const open = rules.filter((r) => r.port === port);
      expect(open.length > 0).toBe(cilium);
      for (const rule of open) expect(rule).toEqual({ protocol: 'tcp', port, sources: [cluster.network.nodeCidr] });
    }
  });

  it('installs Cilium at bootstrap on the first server only, as the release the gitops HelmRelease adopts', () => {
    const withChart = nodes.filter((n) => cloudInit(n.userData).manifests.length > 0);
    if (!cluster.components.cilium?.enabled) {
      expect(withChart).toEqual([]);
      return;
    }
    const [first] = nodes.filter((n) => cloudInit(n.userData).config.server === undefined);
    expect(withChart).toEqual([first]);
    const { manifests, script } = cloudInit(first!.userData);
    expect(manifests.map((m) => m.path)).toEqual([`${MANIFESTS_DIR}cilium-bootstrap.yaml`]);
    const chart = parseYaml(manifests[0]!.content as string) as Block;
    expect(chart).toMatchObject({ apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', metadata: { namespace: 'kube-system' }, spec: { bootstrap: true } });
    expect(script).toContain(`annotate --overwrite helmchart ${chart.metadata.name} helmcharts.helm.cattle.io/unmanaged=true`);

    // What Flux applies for this cluster: the same release, chart, repository and version.
    const objects = fluxControllers(cluster);
    const release = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name === chart.metadata.name)!;
    expect(release, `no HelmRelease ${chart.metadata.name} in ${cluster.gitopsPath}`).toBeDefined();
    expect(release.metadata.namespace).toBe(chart.spec.targetNamespace);
    expect(release.spec.releaseName ?? release.metadata.name).toBe(chart.metadata.name);
    expect(release.spec.targetNamespace).toBeUndefined();
    expect(release.spec.storageNamespace).toBeUndefined();
    expect(release.spec.chart.spec.chart).toBe(chart.spec.chart);
    expect(chart.spec.version).toBe(release.spec.chart.spec.version);
    expect(chart.spec.version).toBe(cluster.components.cilium.version);
    const source = objects.find((o) => o.kind === 'HelmRepository' && o.metadata.name === release.spec.chart.spec.sourceRef.name && o.metadata.namespace === release.metadata.namespace)!;
    expect(source.spec.url).toBe(chart.spec.repo);
    // Bootstrap values are the base values, and Flux's first upgrade keeps every one of them.
    const bootstrapValues = parseYaml(chart.spec.valuesContent as string) as Block;
    expect(bootstrapValues).toEqual(Cilium.baseValues);
    expect(notIn(bootstrapValues, release.spec.values)).toEqual([]);
  });

  it('prepares the nodes for Longhorn exactly when Longhorn is enabled', () => {
    const longhorn = cluster.components.longhorn?.enabled === true;
    for (const node of nodes) {
      const { cloudConfig } = cloudInit(node.userData);
      expect(cloudConfig.packages).toEqual(longhorn ? ['open-iscsi', 'nfs-common'] : undefined);
      expect(node.userData.includes('iscsid')).toBe(longhorn);
    }
  });

  it('lets every other node join the first server over the private network', () => {
    const initial = nodes.filter((n) => cloudInit(n.userData).config.server === undefined);
    expect(initial).toHaveLength(1);
    const [first] = initial;
    const others = nodes.filter((n) => n !== first);
    expect(first!.role).toBe('control-plane');
    expect(first!.body.name).toBe(`${name}-${Object.keys(cluster.nodePools).filter((p) => cluster.nodePools[p]!.role === 'control-plane').sort()[0]}-1`);
    const firstConfig = cloudInit(first!.userData).config;
    expect(firstConfig.server).toBeUndefined();
    const servers = nodes.filter((n) => n.role === 'control-plane').length;
    expect(firstConfig['cluster-init']).toBe(servers > 1 ? true : undefined);
    const privateIp =
      cluster.provider === 'hcloud-k3s' ? (first!.body.network as Block[])[0]!.ip : ref('digitalocean_droplet', first!.id, 'ipv4_address_private');
    if (cluster.provider === 'hcloud-k3s') {
      // The first server takes the tenth address of the nodes subnet (10.0.1.0/24 -> 10.0.1.10).
      expect(privateIp).toBe(`${cluster.network.subnets.nodes.split('/')[0]!.split('.').slice(0, 3).join('.')}.10`);
      expect((first!.body.network as Block[])[0]!.subnet_id).toBe(remoteRef(network, stack, ref('hcloud_network_subnet', Object.entries(resourcesOf(network, 'hcloud_network_subnet')).find(([, s]) => s.ip_range === cluster.network.subnets.nodes)![0])));
    }
    expect(others.length).toBeGreaterThan(0);
    for (const node of others) {
      expect(cloudInit(node.userData).config.server).toBe(`https://${privateIp}:6443`);
      expect(node.body.depends_on).toEqual([`${shape.serverType}.${first!.id}`]);
    }
  });

  it('puts a TCP pass-through load balancer in front of the workers, forwarding 80/443 to the ingress node ports', () => {
    const workers = nodes.filter((n) => n.role === 'worker');
    if (cluster.provider === 'hcloud-k3s') {
      const [lbId, lb] = loadBalancerNamed(stack, 'hcloud_load_balancer', `${cluster.name}-ingress`);
      expect(lb).toMatchObject({ load_balancer_type: 'lb11', location: cluster.region });
      const services = Object.values(resourcesOf(stack, 'hcloud_load_balancer_service')).filter((s) => s.load_balancer_id === ref('hcloud_load_balancer', lbId));
      expect(services.map((s) => ({ port: s.listen_port, nodePort: s.destination_port })).sort((a, b) => a.port - b.port)).toEqual(LISTENERS);
      for (const service of services) {
        expect(service).toMatchObject({ protocol: 'tcp', proxyprotocol: false, load_balancer_id: ref('hcloud_load_balancer', lbId) });
        expect(blocks(service.health_check)[0]).toMatchObject({ protocol: 'tcp', port: service.destination_port });
      }
      const [target] = Object.values(resourcesOf(stack, 'hcloud_load_balancer_target')).filter((t) => t.load_balancer_id === ref('hcloud_load_balancer', lbId));
      expect(target).toMatchObject({ type: 'label_selector', use_private_ip: true });
      const selector = Object.fromEntries((target!.label_selector as string).split(',').map((pair) => pair.split('=')));
      for (const node of nodes) {
        const selected = Object.entries(selector).every(([key, value]) => node.body.labels[key] === value);
        expect(selected).toBe(node.role === 'worker');
      }
      const [attachment] = Object.values(resourcesOf(stack, 'hcloud_load_balancer_network')).filter((a) => a.load_balancer_id === ref('hcloud_load_balancer', lbId));
      const lbSubnet = Object.entries(resourcesOf(network, 'hcloud_network_subnet')).find(([, s]) => s.ip_range === cluster.network.subnets.public)![0];
      expect(attachment!.subnet_id).toBe(remoteRef(network, stack, ref('hcloud_network_subnet', lbSubnet)));
    } else {
      const [, lb] = loadBalancerNamed(stack, 'digitalocean_loadbalancer', `${cluster.name}-ingress`);
      expect(lb).toMatchObject({ region: cluster.region, enable_proxy_protocol: false, droplet_tag: workers[0]!.body.tags[0] });
      expect(blocks(lb!.forwarding_rule)).toEqual(
        LISTENERS.map(({ port, nodePort }) => ({ entry_port: port, entry_protocol: 'tcp', target_port: nodePort, target_protocol: 'tcp' })),
      );
      expect(blocks(lb!.healthcheck)[0]).toMatchObject({ protocol: 'tcp', port: INGRESS_NODE_PORTS.https });
      expect(lb!.vpc_uuid).toBe(remoteRef(network, stack, ref('digitalocean_vpc', Object.keys(resourcesOf(network, 'digitalocean_vpc'))[0]!)));
    }
  });

  // Clusters with a tenant's public mail (the shipped staging and prod clusters; a new cluster has none).
  it.skipIf(clusterMailNodePorts(cluster).size === 0)('gives each tenant with public mail a load balancer of its own: 25/465/587/993 to its node ports, with the PROXY protocol', () => {
    const tenants = clusterMailNodePorts(cluster);
    expect(tenants.size).toBeGreaterThan(0);
    const outputs = stack.output as Record<string, { value: Record<string, string> }>;
    expect(Object.keys(outputs.mail_ips!.value)).toEqual([...tenants.keys()]);
    for (const [tenant, nodePorts] of tenants) {
      const listeners = (Object.keys(PUBLIC_MAIL_PORTS) as (keyof typeof PUBLIC_MAIL_PORTS)[]).map((protocol) => ({
        port: PUBLIC_MAIL_PORTS[protocol],
        nodePort: nodePorts[protocol],
      }));
      expect(listeners.map((l) => l.port)).toEqual([25, 465, 587, 993]);
      // The other side of the contract: the committed tenant manifests' stalwart-public Service.
      const tenantFile = readFileSync(join(ROOT, cluster.gitopsPath, 'apps', 'tenants', `${tenant}.yaml`), 'utf8');
      const publicService = parseAllDocuments(tenantFile)
        .map((doc) => doc.toJS() as Block)
        .find((m) => m.kind === 'Service' && m.metadata.name === 'stalwart-public')!;
      expect(publicService.spec.ports.map((p: Block) => ({ port: p.port, nodePort: p.nodePort }))).toEqual(listeners);
      const workerTag = nodes.find((n) => n.role === 'worker')!.body;
      if (cluster.provider === 'hcloud-k3s') {
        const [lbId, lb] = loadBalancerNamed(stack, 'hcloud_load_balancer', `${cluster.name}-mail-${tenant}`);
        expect(lb).toMatchObject({ load_balancer_type: 'lb11', location: cluster.region });
        expect(outputs.mail_ips!.value[tenant]).toBe(ref('hcloud_load_balancer', lbId, 'ipv4'));
        const services = Object.values(resourcesOf(stack, 'hcloud_load_balancer_service')).filter((s) => s.load_balancer_id === ref('hcloud_load_balancer', lbId));
        expect(services.map((s) => ({ port: s.listen_port, nodePort: s.destination_port })).sort((a, b) => a.port - b.port)).toEqual(listeners);
        for (const service of services) expect(service).toMatchObject({ protocol: 'tcp', proxyprotocol: true });
        const targets = Object.values(resourcesOf(stack, 'hcloud_load_balancer_target')).filter((t) => t.load_balancer_id === ref('hcloud_load_balancer', lbId));
        expect(targets).toEqual([expect.objectContaining({ type: 'label_selector', use_private_ip: true, label_selector: expect.stringContaining('role=worker') })]);
      } else {
        const [lbId, lb] = loadBalancerNamed(stack, 'digitalocean_loadbalancer', `${cluster.name}-mail-${tenant}`);
        expect(lb).toMatchObject({ region: cluster.region, enable_proxy_protocol: true, droplet_tag: workerTag.tags[0] });
        expect(outputs.mail_ips!.value[tenant]).toBe(ref('digitalocean_loadbalancer', lbId, 'ip'));
        expect(blocks(lb.forwarding_rule)).toEqual(
          listeners.map(({ port, nodePort }) => ({ entry_port: port, entry_protocol: 'tcp', target_port: nodePort, target_protocol: 'tcp' })),
        );
      }
    }
  });

  it('outputs the API endpoint, the addresses, a sensitive token and cluster_settings', () => {
    const outputs = stack.output as Record<string, { value: any; sensitive?: boolean }>;
    const first = nodes.find((n) => cloudInit(n.userData).config.server === undefined);
    const publicIp = ref(shape.serverType, first!.id, 'ipv4_address');
    expect(outputs.api_endpoint!.value).toBe(`https://${publicIp}:6443`);
    const lbAddress =
      cluster.provider === 'hcloud-k3s'
        ? ref('hcloud_load_balancer', loadBalancerNamed(stack, 'hcloud_load_balancer', `${cluster.name}-ingress`)[0], 'ipv4')
        : ref('digitalocean_loadbalancer', loadBalancerNamed(stack, 'digitalocean_loadbalancer', `${cluster.name}-ingress`)[0], 'ip');
    expect(outputs.ingress_ip!.value).toBe(lbAddress);
    expect(outputs.control_plane_public_ips!.value).toContain(publicIp);
    expect(outputs.worker_private_ips!.value).toHaveLength(nodes.filter((n) => n.role === 'worker').length);
    expect(outputs.k3s_token!.sensitive).toBe(true);
    expect(outputs.k3s_agent_token!.sensitive).toBe(true);
    expect(outputs.k3s_token!.value).not.toBe(outputs.k3s_agent_token!.value);
    // Nothing else carries a token.
    for (const [outputName, output] of Object.entries(outputs)) {
      if (outputName !== 'k3s_token' && outputName !== 'k3s_agent_token') expect(JSON.stringify(output.value)).not.toContain('random_password');
    }

    const settings = outputs.cluster_settings!.value as Record<string, string>;
    expect(Object.keys(settings).sort()).toEqual([...CLUSTER_SETTINGS_KEYS].sort());
    const lbSubnet =
      cluster.provider === 'hcloud-k3s'
        ? ref('hcloud_network_subnet', Object.entries(resourcesOf(network, 'hcloud_network_subnet')).find(([, s]) => s.ip_range === cluster.network.subnets.public)![0])
        : ref('digitalocean_vpc', Object.keys(resourcesOf(network, 'digitalocean_vpc'))[0]!);
    expect(settings).toEqual({
      cluster_name: cluster.name,
      environment: cluster.environment,
      domain: cluster.domain,
      region: cluster.region,
      ingress_ip: lbAddress,
      lb_subnet_id: remoteRef(network, stack, lbSubnet),
      storage_class: STORAGE_CLASS[cluster.provider],
    });
  });

  it('writes no credentials', () => {
    for (const json of [network, stack]) {
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/"(token|api_token|access_key|secret_key)":/);
      expect(strings(json).some((s) => /^[A-Za-z0-9]{64}$/.test(s))).toBe(false);
    }
  });
});

describe('VPS stack synthesis', () => {
  it('is deterministic', () => {
    const cluster = vpsClusters[0]!;
    const a = synthVpsCluster(platform, cluster);
    const b = synthVpsCluster(platform, cluster);
    try {
      expect(a.json).toEqual(b.json);
    } finally {
      rmSync(a.outdir, { recursive: true, force: true });
      rmSync(b.outdir, { recursive: true, force: true });
    }
  });

  it('covers both VPS providers with the shipped environments', () => {
    expect([...new Set(vpsClusters.map((c) => c.provider))].sort()).toEqual(['do-k3s', 'hcloud-k3s']);
    // and a tenant's public mail on each, which the stacks turn into a load balancer.
    for (const provider of ['do-k3s', 'hcloud-k3s']) expect(vpsClusters.some((c) => c.provider === provider && clusterMailNodePorts(c).size > 0), provider).toBe(true);
  });

  it('covers both CNIs with the shipped environments (Cilium on do-prod)', () => {
    expect(vpsClusters.filter((c) => c.components.cilium?.enabled).map((c) => c.name)).toEqual(['do-prod']);
    expect(vpsClusters.some((c) => !c.components.cilium?.enabled)).toBe(true);
  });
});

describe('the attribute checks themselves', () => {
  const cluster = (provider: string) => vpsClusters.find((c) => c.provider === provider)!;

  it('bindingMismatches flags attributes the DigitalOcean binding does not know, nested ones included', async () => {
    const synth = synthVpsCluster(platform, cluster('do-k3s'));
    try {
      const json = structuredClone(synth.json[`${cluster('do-k3s').name}-cluster`]!);
      const [dropletId, droplet] = Object.entries(resourcesOf(json, 'digitalocean_droplet'))[0]!;
      droplet.made_up = 'x';
      const [firewallId, firewall] = Object.entries(resourcesOf(json, 'digitalocean_firewall'))[0]!;
      firewall.inbound_rule[0].source_ports = '22';
      expect(await bindingMismatches(json, 'digitalocean')).toEqual([
        `resource.digitalocean_droplet.${dropletId}.made_up`,
        `resource.digitalocean_firewall.${firewallId}.inbound_rule[0].source_ports`,
      ]);
    } finally {
      rmSync(synth.outdir, { recursive: true, force: true });
    }
  });

  it('unknownAttributes flags attributes the hcloud schema does not know', () => {
    const synth = synthVpsCluster(platform, cluster('hcloud-k3s'));
    try {
      const json = structuredClone(synth.json[`${cluster('hcloud-k3s').name}-cluster`]!);
      const [serverId, server] = Object.entries(resourcesOf(json, 'hcloud_server'))[0]!;
      server.datacenter_id = 1;
      expect(unknownAttributes(hcloudSchema(), json)).toEqual([`resource.hcloud_server.${serverId}.datacenter_id`]);
    } finally {
      rmSync(synth.outdir, { recursive: true, force: true });
    }
  });
});
