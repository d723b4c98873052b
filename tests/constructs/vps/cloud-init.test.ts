import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderK3sCloudInit, type K3sCloudInitOptions } from '../../../constructs/vps/cloud-init';

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
