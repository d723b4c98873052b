import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  bootstrapChartPath,
  K3S_BOOTSTRAP_PATH,
  K3S_CONFIG_PATH,
  K3S_MANIFESTS_DIR,
  LONGHORN_MODULES_PATH,
  renderBootstrapHelmChart,
  renderK3sCloudInit,
  type BootstrapHelmChart,
  type K3sCloudInitOptions,
} from '../../../constructs/vps/cloud-init';

const BASE: K3sCloudInitOptions = {
  role: 'server',
  nodeName: 'n1',
  k3sVersion: 'v1.34.1+k3s1',
  token: 'abc123',
  clusterInit: false,
  podCidr: '10.42.0.0/16',
  serviceCidr: '10.43.0.0/16',
  flannelBackend: 'vxlan',
  nodeLabels: [],
  addressDiscovery: { privateIpv4: 'echo 10.0.1.5', publicIpv4: 'echo 198.51.100.7' },
};

describe('renderK3sCloudInit', () => {
  it('renders a cloud-config that writes a private k3s config and a bootstrap script', () => {
    const userData = renderK3sCloudInit(BASE);
    const cloudConfig = parseYaml(userData) as Record<string, any>;
    const [config, script] = cloudConfig.write_files as Record<string, string>[];
    expect(config).toMatchObject({ path: '/etc/rancher/k3s/config.yaml', permissions: '0600', owner: 'root:root' });
    expect(parseYaml(config!.content)).toEqual({
      token: 'abc123',
      'cluster-cidr': '10.42.0.0/16',
      'service-cidr': '10.43.0.0/16',
      disable: ['traefik', 'servicelb'],
      'flannel-backend': 'vxlan',
      'secrets-encryption': true,
      'write-kubeconfig-mode': '0600',
    });
    expect(script).toMatchObject({ path: '/usr/local/sbin/k3s-bootstrap', permissions: '0700' });
    expect(script!.content).toContain('private_ip=$(echo 10.0.1.5)');
    expect(script!.content).toContain('public_ip=$(echo 198.51.100.7)');
    expect(script!.content).toContain("k3s_version='v1.34.1+k3s1'");
    expect(cloudConfig.runcmd).toEqual([['/usr/local/sbin/k3s-bootstrap']]);
  });

  it('lets an agent join and skips the server-only settings', () => {
    const userData = renderK3sCloudInit({ ...BASE, role: 'agent', joinUrl: 'https://10.0.1.10:6443', nodeLabels: ['a=b'] });
    const config = parseYaml((parseYaml(userData).write_files as Record<string, string>[])[0]!.content);
    expect(config).toEqual({ token: 'abc123', server: 'https://10.0.1.10:6443', 'node-label': ['a=b'] });
    expect(userData).not.toContain('public_ip');
    expect(userData).toContain('INSTALL_K3S_EXEC=agent');
  });

  it('the bootstrap script is valid POSIX sh', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = (parseYaml(renderK3sCloudInit(BASE)).write_files as Record<string, string>[])[1]!.content;
    const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('refuses inconsistent roles and Terraform template sequences', () => {
    expect(() => renderK3sCloudInit({ ...BASE, role: 'agent' })).toThrow(/needs a joinUrl/);
    expect(() => renderK3sCloudInit({ ...BASE, clusterInit: true, joinUrl: 'https://10.0.1.10:6443' })).toThrow(/joins nobody/);
    expect(() => renderK3sCloudInit({ ...BASE, addressDiscovery: { privateIpv4: 'echo ${x}', publicIpv4: 'true' } })).toThrow(/template sequence/);
    expect(() => renderK3sCloudInit({ ...BASE, nodeLabels: ['a=%{b}'] })).toThrow(/template sequence/);
  });
});

describe('renderK3sCloudInit with Cilium and Longhorn', () => {
  type Json = Record<string, any>;
  const CHART: BootstrapHelmChart = {
    releaseName: 'cilium',
    namespace: 'cilium',
    repository: 'https://helm.cilium.io/',
    chart: 'cilium',
    version: '1.18.3',
    values: { kubeProxyReplacement: false, policyCIDRMatchMode: ['nodes'], hubble: { enabled: true } },
  };
  const read = (userData: string) => {
    const cloudConfig = parseYaml(userData) as Json;
    const files = cloudConfig.write_files as Json[];
    const file = (path: string) => files.find((f) => f.path === path);
    return {
      cloudConfig,
      files,
      config: parseYaml(file(K3S_CONFIG_PATH)!.content as string) as Json,
      script: file(K3S_BOOTSTRAP_PATH)!.content as string,
      manifests: files.filter((f) => (f.path as string).startsWith(`${K3S_MANIFESTS_DIR}/`)),
    };
  };

  it('flannel (the default) keeps flannel and k3s network policy, writes no manifest and installs no packages', () => {
    const { cloudConfig, config, script, manifests } = read(renderK3sCloudInit(BASE));
    expect(config['flannel-backend']).toBe('vxlan');
    expect(config['disable-network-policy']).toBeUndefined();
    expect(script).toContain('flannel-iface: "$iface"');
    expect(script).not.toContain('helmcharts.helm.cattle.io/unmanaged');
    expect(manifests).toEqual([]);
    expect(cloudConfig.packages).toBeUndefined();
    expect(cloudConfig.package_update).toBeUndefined();
  });

  it('cilium: servers start without flannel and without the network policy controller; nobody sets flannel-iface', () => {
    const server = read(renderK3sCloudInit({ ...BASE, cni: 'cilium', joinUrl: 'https://10.0.1.10:6443' }));
    expect(server.config['flannel-backend']).toBe('none');
    expect(server.config['disable-network-policy']).toBe(true);
    expect(server.script).not.toContain('flannel-iface');
    expect(server.script).toMatch(/node-ip: "\$private_ip"\ntls-san:/);
    // Only the first server installs the chart.
    expect(server.manifests).toEqual([]);
    const agent = read(renderK3sCloudInit({ ...BASE, role: 'agent', cni: 'cilium', joinUrl: 'https://10.0.1.10:6443' }));
    expect(agent.config).toEqual({ token: 'abc123', server: 'https://10.0.1.10:6443' });
    expect(agent.script).not.toContain('flannel-iface');
  });

  it('cilium: the first server writes a bootstrap HelmChart for the release Flux adopts, with the pinned version and values', () => {
    const { manifests, files } = read(renderK3sCloudInit({ ...BASE, cni: 'cilium', cniChart: CHART }));
    expect(manifests.map((f) => f.path)).toEqual([bootstrapChartPath(CHART)]);
    expect(bootstrapChartPath(CHART)).toBe('/var/lib/rancher/k3s/server/manifests/cilium-bootstrap.yaml');
    expect(manifests[0]).toMatchObject({ owner: 'root:root', permissions: '0600' });
    // Written before the script runs: k3s applies it as soon as the server starts.
    expect(files.findIndex((f) => f.path === bootstrapChartPath(CHART))).toBeLessThan(files.findIndex((f) => f.path === K3S_BOOTSTRAP_PATH));
    const chart = parseYaml(manifests[0]!.content as string) as Json;
    expect(chart).toEqual({
      apiVersion: 'helm.cattle.io/v1',
      kind: 'HelmChart',
      metadata: { name: 'cilium', namespace: 'kube-system' },
      spec: {
        repo: 'https://helm.cilium.io/',
        chart: 'cilium',
        version: CHART.version,
        targetNamespace: 'cilium',
        createNamespace: true,
        bootstrap: true,
        valuesContent: expect.any(String),
      },
    });
    expect(parseYaml(chart.spec.valuesContent as string)).toEqual(CHART.values);
  });

  it('cilium: after installing k3s the first server waits for the install Job, then marks the HelmChart unmanaged', () => {
    const { script } = read(renderK3sCloudInit({ ...BASE, cni: 'cilium', cniChart: CHART }));
    const install = script.indexOf('sh /root/k3s-install.sh');
    const wait = script.indexOf("get job helm-install-cilium -o 'jsonpath={.status.succeeded}'");
    const annotate = script.indexOf('k3s kubectl -n kube-system annotate --overwrite helmchart cilium helmcharts.helm.cattle.io/unmanaged=true');
    expect(install).toBeGreaterThan(0);
    expect(wait).toBeGreaterThan(install);
    expect(annotate).toBeGreaterThan(wait);
    expect(script.trimEnd().endsWith('helmcharts.helm.cattle.io/unmanaged=true')).toBe(true);
  });

  it('the bootstrap script with the hand-over is valid POSIX sh', async () => {
    const { spawnSync } = await import('node:child_process');
    const { script } = read(renderK3sCloudInit({ ...BASE, cni: 'cilium', cniChart: CHART, longhorn: true }));
    const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('longhorn: installs open-iscsi and nfs-common, enables iscsid and loads iscsi_tcp before k3s starts', () => {
    for (const role of ['server', 'agent'] as const) {
      const joinUrl = role === 'agent' ? 'https://10.0.1.10:6443' : undefined;
      const { cloudConfig, files } = read(renderK3sCloudInit({ ...BASE, role, joinUrl, longhorn: true }));
      expect(cloudConfig.package_update).toBe(true);
      expect(cloudConfig.packages).toEqual(['open-iscsi', 'nfs-common']);
      expect(cloudConfig.runcmd).toEqual([['systemctl', 'enable', '--now', 'iscsid'], ['modprobe', 'iscsi_tcp'], [K3S_BOOTSTRAP_PATH]]);
      expect(files.find((f) => f.path === LONGHORN_MODULES_PATH)).toMatchObject({ content: 'iscsi_tcp\n', permissions: '0644' });
    }
    const without = read(renderK3sCloudInit(BASE));
    expect(without.cloudConfig.runcmd).toEqual([[K3S_BOOTSTRAP_PATH]]);
    expect(without.files.some((f) => f.path === LONGHORN_MODULES_PATH)).toBe(false);
    expect(renderK3sCloudInit(BASE)).not.toMatch(/iscsi|nfs-common/);
  });

  it('refuses a CNI chart without cilium, or on any node but the first server', () => {
    expect(() => renderK3sCloudInit({ ...BASE, cniChart: CHART })).toThrow(/only with cni 'cilium'/);
    expect(() => renderK3sCloudInit({ ...BASE, cni: 'cilium', cniChart: CHART, joinUrl: 'https://10.0.1.10:6443' })).toThrow(/only the first server/);
    expect(() => renderK3sCloudInit({ ...BASE, role: 'agent', cni: 'cilium', cniChart: CHART, joinUrl: 'https://10.0.1.10:6443' })).toThrow(/only the first server/);
  });

  it('renderBootstrapHelmChart keeps the release name, namespace and version of the chart it is given', () => {
    const chart = parseYaml(renderBootstrapHelmChart({ ...CHART, releaseName: 'cni', namespace: 'net', version: '9.9.9' })) as Json;
    expect(chart.metadata).toEqual({ name: 'cni', namespace: 'kube-system' });
    expect(chart.spec).toMatchObject({ targetNamespace: 'net', version: '9.9.9' });
  });
});
