import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLUX_VERSION } from '../../charts/readme';
import { CLUSTER_SETTINGS_KEYS } from '../../config/cluster-settings';
import { loadPlatform, type Cluster } from '../../config/load';
import { FLUX_DEFAULTS } from '../../constructs/flux/defaults';
import { ageRecipients } from '../../operations/age';
import { NOT_READY_EXIT, runBootstrap, type BootstrapOptions } from '../../operations/bootstrap';
import { LAYER_KUSTOMIZATIONS } from '../../operations/readiness';
import { runStatus } from '../../operations/status';
import { OperationRefused, systemTools } from '../../operations/tools';
import { stackName } from '../../stacks/names';
import { copyEnvironments, edit, ROOT } from '../support/environments';

/** The age specification's test identity (age-encryption.org/v1) and its recipient. */
const AGE_KEY = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
const AGE_RECIPIENT = 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj';
/** The part of the key no log, argument or output may contain. */
const KEY_BODY = AGE_KEY.slice('AGE-SECRET-KEY-1'.length, -6);

const ready = (name: string, namespace: string, labels: Record<string, string> = {}, isReady = true) => ({
  metadata: { name, namespace, labels },
  status: { conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False', message: isReady ? 'Applied revision: main@sha1:abc' : 'health check failed after 5m' }] },
});
const appliedBy = (name: string, namespace = FLUX_DEFAULTS.fluxNamespace) => ({ 'kustomize.toolkit.fluxcd.io/name': name, 'kustomize.toolkit.fluxcd.io/namespace': namespace });

/** What a healthy cluster's Flux reports: every layer, a tenant, and a HelmRelease per layer. */
function fluxObjects(notReadyRelease?: string) {
  const kustomizations = [...Object.values(LAYER_KUSTOMIZATIONS).map((name) => ready(name, FLUX_DEFAULTS.fluxNamespace)), ready('team-x-apps', 'team-x')];
  const helmReleases = [
    ready('cert-manager', 'cert-manager', appliedBy(LAYER_KUSTOMIZATIONS.controllers)),
    ready('vault', 'vault', appliedBy(LAYER_KUSTOMIZATIONS.services), notReadyRelease !== 'vault'),
    ready('web', 'team-x', appliedBy('team-x-apps', 'team-x')),
  ];
  return { kustomizations: { apiVersion: 'v1', kind: 'List', items: kustomizations }, helmReleases: { apiVersion: 'v1', kind: 'List', items: helmReleases } };
}

interface Fakes {
  readonly bin: string;
  /** One line per call: `<tool> <cwd basename> <args>`. */
  readonly calls: () => string[];
  /** Everything any tool received on standard input, in call order. */
  readonly inputs: () => string[];
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Fake kubectl, flux, terraform, ssh and oci on PATH: each records its call (and its standard
 * input) and answers from canned files.
 */
function fakeTools(cluster: Cluster, options: { waitFails?: string; notReadyRelease?: string } = {}): Fakes {
  const bin = mkdtempSync(join(tmpdir(), 'fake-tools-'));
  const log = join(bin, 'calls.log');
  const settings = Object.fromEntries(CLUSTER_SETTINGS_KEYS.map((k) => [k, `${k}-value`]));
  const outputs =
    cluster.provider === 'oci-oke'
      ? { cluster_settings: { value: settings }, kubeconfig_command: { value: 'oci ce cluster create-kubeconfig --cluster-id ocid1.cluster.x --region r --profile p --token-version 2.0.0 --kube-endpoint PUBLIC_ENDPOINT --file $HOME/.kube/config' } }
      : { cluster_settings: { value: settings }, control_plane_public_ips: { value: ['203.0.113.10', '203.0.113.11'] }, api_endpoint: { value: 'https://203.0.113.10:6443' } };
  const flux = fluxObjects(options.notReadyRelease);
  writeFileSync(join(bin, 'outputs.json'), JSON.stringify(outputs));
  writeFileSync(join(bin, 'nodes.json'), JSON.stringify({ items: [{ status: { conditions: [{ type: 'Ready', status: 'True' }] } }] }));
  writeFileSync(join(bin, 'ks.json'), JSON.stringify(flux.kustomizations));
  writeFileSync(join(bin, 'hr.json'), JSON.stringify(flux.helmReleases));
  writeFileSync(join(bin, 'k3s.yaml'), 'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0E=\n    server: https://127.0.0.1:6443\n  name: default\n');
  const record = `n=$(ls "${bin}"/input-* 2>/dev/null | wc -l); echo "$(basename "$0") $(basename "$PWD") $*" >> "${log}"\n`;
  const tools: Record<string, string> = {
    terraform: `case "$*" in "output -json") cat "${bin}/outputs.json";; *) exit 9;; esac`,
    ssh: `cat "${bin}/k3s.yaml"`,
    oci: 'exit 0',
    flux: 'exit 0',
    kubectl: [
      'case "$*" in',
      `  *" -f -"*) cat > "${bin}/input-$n";;`,
      `  *"get nodes"*) cat "${bin}/nodes.json";;`,
      `  *"get kustomizations"*) cat "${bin}/ks.json";;`,
      `  *"get helmreleases"*) cat "${bin}/hr.json";;`,
      options.waitFails ? `  *"wait kustomizations.kustomize.toolkit.fluxcd.io/${options.waitFails} --for=condition=Ready"*) echo "timed out waiting" >&2; exit 1;;` : '',
      '  *) exit 0;;',
      'esac',
    ].join('\n'),
  };
  for (const [tool, body] of Object.entries(tools)) {
    writeFileSync(join(bin, tool), `#!/bin/sh\n${record}${body}\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  return {
    bin,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
    inputs: () => readdirSync(bin).filter((f) => f.startsWith('input-')).sort().map((f) => readFileSync(join(bin, f), 'utf8')),
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  };
}

/** A project copy whose clusters decrypt with the test identity, with the cluster stack folders and the gitops tree. */
function project(): { root: string; clusters: readonly Cluster[]; keyFile: string } {
  const environments = copyEnvironments();
  edit(environments, 'defaults.yaml', [[['cluster', 'sops', 'ageRecipients'], [AGE_RECIPIENT]]]);
  const root = dirname(environments);
  const clusters = loadPlatform(environments).clusters;
  for (const cluster of clusters) {
    mkdirSync(join(root, 'cdktf.out', 'stacks', stackName(cluster, 'cluster')), { recursive: true });
    mkdirSync(join(root, cluster.gitopsPath, 'flux-system'), { recursive: true });
  }
  const keyFile = join(root, 'cluster.agekey');
  writeFileSync(keyFile, `# created: 2026-01-01T00:00:00Z\n# public key: ${AGE_RECIPIENT}\n${AGE_KEY}\n`, { mode: 0o600 });
  return { root, clusters, keyFile };
}

async function bootstrap(options: Omit<BootstrapOptions, 'output' | 'run'>, fakes: Fakes) {
  let stdout = '';
  let stderr = '';
  const code = await runBootstrap({ ...options, run: systemTools(options.root, fakes.env), output: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('age key files', () => {
  it('yield their recipient (the age specification\'s test vector) and refuse anything else', () => {
    expect(ageRecipients(`# public key: ${AGE_RECIPIENT}\n${AGE_KEY}\n`).recipients).toEqual([AGE_RECIPIENT]);
    expect(() => ageRecipients('# nothing\n')).toThrow(/no age identity/);
    expect(() => ageRecipients(AGE_KEY.slice(0, -1) + 'Q')).toThrow(/line 1 is not an age X25519 identity/);
    try {
      ageRecipients(`${AGE_KEY}x`);
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY_BODY);
    }
  });
});

describe('npm run bootstrap against fake tools', () => {
  it('runs the first-day steps in order with their checks, never exposing the age key, and ends ready', async () => {
    const { root, clusters, keyFile } = project();
    for (const provider of ['k3s', 'oke'] as const) {
      const cluster = clusters.find((c) => (c.provider === 'oci-oke') === (provider === 'oke'));
      if (!cluster) continue;
      const fakes = fakeTools(cluster);
      const result = await bootstrap({ root, cluster: cluster.name, ageKeyFile: keyFile, timeout: '5m' }, fakes);
      expect(result.stderr).toBe('');
      expect(result.code, result.stdout).toBe(0);
      const kubeconfig = join(root, '.kube', `${cluster.name}.yaml`);
      const k = `kubectl ${root.split('/').pop()} --kubeconfig ${kubeconfig}`;
      const calls = fakes.calls();
      const firstCalls =
        provider === 'oke'
          ? [`oci ${root.split('/').pop()} ce cluster create-kubeconfig --cluster-id ocid1.cluster.x --region r --profile p --token-version 2.0.0 --kube-endpoint PUBLIC_ENDPOINT --file ${kubeconfig}`]
          : [`ssh ${root.split('/').pop()} -o BatchMode=yes -o StrictHostKeyChecking=accept-new root@203.0.113.10 cat /etc/rancher/k3s/k3s.yaml`];
      const waits = Object.values(LAYER_KUSTOMIZATIONS).flatMap((name) =>
        ['create', 'condition=Ready'].map((c) => `${k} -n flux-system wait kustomizations.kustomize.toolkit.fluxcd.io/${name} --for=${c} --timeout=5m`),
      );
      expect(calls).toEqual([
        `terraform ${stackName(cluster, 'cluster')} output -json`,
        ...firstCalls,
        `${k} get nodes -o json`,
        `flux ${root.split('/').pop()} check --pre --kubeconfig ${kubeconfig}`,
        `flux ${root.split('/').pop()} install --version=${FLUX_VERSION} --namespace=flux-system --network-policy=true --kubeconfig ${kubeconfig}`,
        `flux ${root.split('/').pop()} check --kubeconfig ${kubeconfig}`,
        `${k} apply --server-side --field-manager=cheapk8s-bootstrap --force-conflicts -f -`,
        `${k} apply --server-side --field-manager=cheapk8s-bootstrap --force-conflicts -f -`,
        `${k} apply -k ${join(root, cluster.gitopsPath, 'flux-system')}`,
        ...waits,
        `${k} get kustomizations.kustomize.toolkit.fluxcd.io -A -o json`,
        `${k} get helmreleases.helm.toolkit.fluxcd.io -A -o json`,
      ]);
      // The Secret and the ConfigMap reach kubectl on standard input only.
      const [secret, configMap] = fakes.inputs().map((i) => JSON.parse(i));
      expect(secret.metadata).toEqual({ name: 'sops-age', namespace: 'flux-system' });
      expect(Buffer.from(secret.data['age.agekey'], 'base64').toString()).toContain(AGE_KEY);
      expect(configMap.metadata).toEqual({ name: 'cluster-settings', namespace: 'flux-system' });
      expect(Object.keys(configMap.data)).toEqual([...CLUSTER_SETTINGS_KEYS]);
      for (const text of [result.stdout, result.stderr, ...calls]) expect(text).not.toContain(KEY_BODY);
      // The summary: every group, the tenant's Kustomization and HelmRelease under tenants.
      expect(result.stdout).toMatch(new RegExp(`cluster ${cluster.name}: ready \\(9/9 Flux objects ready\\)`));
      for (const group of ['flux', 'controllers', 'configs', 'services', 'apps', 'tenants']) expect(result.stdout).toMatch(new RegExp(`\\n  ${group} +ready `));
      expect(result.stdout).toMatch(/\n  tenants +ready +Kustomizations 1\/1 ready, HelmReleases 1\/1 ready/);
      if (provider === 'k3s') {
        expect(readFileSync(kubeconfig, 'utf8')).toContain('server: https://203.0.113.10:6443');
        expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
      }
    }
  });

  it('--dry-run prints the steps in order and runs nothing', async () => {
    const { root, clusters } = project();
    const cluster = clusters[0]!;
    const fakes = fakeTools(cluster);
    const result = await bootstrap({ root, cluster: cluster.name, dryRun: true }, fakes);
    expect(result.code).toBe(0);
    expect(fakes.calls()).toEqual([]);
    const titles = [...result.stdout.matchAll(/^(\d)\. (.*)$/gm)].map((m) => m[2]);
    expect(titles).toHaveLength(7);
    expect(titles[0]).toMatch(/^kubeconfig from the outputs of /);
    expect(titles.slice(1, 5).join(' | ')).toMatch(/^Flux .* \| Secret flux-system\/sops-age .* \| ConfigMap flux-system\/cluster-settings .* \| the sync/);
    expect(titles[6]).toMatch(/^readiness summary/);
    expect(result.stdout).toContain(`flux install --version=${FLUX_VERSION}`);
  });

  it('refuses, before touching the cluster, a key file of another cluster, a missing key and an unknown cluster', async () => {
    const { root, clusters } = project();
    const cluster = clusters[0]!;
    const fakes = fakeTools(cluster);
    const other = join(root, 'other.agekey');
    // A valid identity of another recipient (scalar bytes 0x43 instead of the specification's 0x42).
    writeFileSync(other, 'AGE-SECRET-KEY-1GDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDPSST380Y\n');
    const refusal = (options: Partial<BootstrapOptions>) => bootstrap({ root, cluster: cluster.name, ...options }, fakes).then(() => 'ran', (e: Error) => e);
    const wrongKey = await refusal({ ageKeyFile: other });
    expect(wrongKey).toBeInstanceOf(OperationRefused);
    expect(String(wrongKey)).toMatch(/not among .* sops\.ageRecipients/);
    expect(String(await refusal({}))).toMatch(/--age-key <file> is required/);
    expect(String(await refusal({ cluster: 'no-such-cluster', ageKeyFile: other }))).toMatch(/unknown cluster "no-such-cluster"; environments\/ describes /);
    expect(String(await refusal({ ageKeyFile: other, timeout: 'soon' }))).toMatch(/--timeout soon must be a duration/);
    expect(fakes.calls()).toEqual([]);
  });

  it('stops waiting at a layer that does not become ready, prints the summary and exits not-ready', async () => {
    const { root, clusters, keyFile } = project();
    const cluster = clusters[0]!;
    const fakes = fakeTools(cluster, { waitFails: LAYER_KUSTOMIZATIONS.services, notReadyRelease: 'vault' });
    const result = await bootstrap({ root, cluster: cluster.name, ageKeyFile: keyFile }, fakes);
    expect(result.code).toBe(NOT_READY_EXIT);
    expect(fakes.calls().filter((c) => c.includes(' wait ')).at(-1)).toContain(`/${LAYER_KUSTOMIZATIONS.services} --for=condition=Ready`);
    expect(fakes.calls().some((c) => c.includes(`/${LAYER_KUSTOMIZATIONS.apps} `))).toBe(false);
    expect(result.stdout).toMatch(/: NOT READY \(8\/9 Flux objects ready\)/);
    expect(result.stdout).toMatch(/\n  services +NOT READY +Kustomizations 1\/1 ready, HelmReleases 0\/1 ready/);
    expect(result.stdout).toContain('HelmRelease vault/vault: health check failed after 5m');
    expect(result.stderr).toContain(`stopped waiting at ${LAYER_KUSTOMIZATIONS.services} (not ready within 20m)`);
  });
});

describe('npm run status against a fake kubectl', () => {
  it('prints the same summary from the Kustomizations and HelmReleases, with the kubeconfig bootstrap wrote', () => {
    const { root, clusters } = project();
    const cluster = clusters[0]!;
    const fakes = fakeTools(cluster, { notReadyRelease: 'vault' });
    mkdirSync(join(root, '.kube'));
    writeFileSync(join(root, '.kube', `${cluster.name}.yaml`), 'apiVersion: v1\n');
    let stdout = '';
    const code = runStatus({ root, cluster: cluster.name, run: systemTools(root, fakes.env), output: { stdout: (t) => (stdout += t), stderr: () => undefined } });
    expect(code).toBe(NOT_READY_EXIT);
    const kubeconfig = join(root, '.kube', `${cluster.name}.yaml`);
    expect(fakes.calls()).toEqual([
      `kubectl ${root.split('/').pop()} --kubeconfig ${kubeconfig} get kustomizations.kustomize.toolkit.fluxcd.io -A -o json`,
      `kubectl ${root.split('/').pop()} --kubeconfig ${kubeconfig} get helmreleases.helm.toolkit.fluxcd.io -A -o json`,
    ]);
    expect(stdout.split('\n').slice(0, 7).map((l) => l.replace(/ +/g, ' '))).toEqual([
      `cluster ${cluster.name}: NOT READY (8/9 Flux objects ready)`,
      ' flux ready Kustomizations 1/1 ready',
      ' controllers ready Kustomizations 1/1 ready, HelmReleases 1/1 ready',
      ' configs ready Kustomizations 1/1 ready',
      ' services NOT READY Kustomizations 1/1 ready, HelmReleases 0/1 ready',
      ' apps ready Kustomizations 1/1 ready',
      ' tenants ready Kustomizations 1/1 ready, HelmReleases 1/1 ready',
    ]);
  });

  it('runs as npm run status and npm run bootstrap --dry-run (the bundled commands, tools from PATH)', () => {
    const { root, clusters } = project();
    const cluster = clusters[0]!;
    const fakes = fakeTools(cluster);
    const launch = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.mjs'), ...args], { cwd: root, env: fakes.env, encoding: 'utf8' });
    const status = launch(['status', cluster.name]);
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`cluster ${cluster.name}: ready (9/9 Flux objects ready)`);
    const dry = launch(['bootstrap', cluster.name, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^7\. readiness summary/m);
    expect(fakes.calls()).toHaveLength(2);
    const unknown = launch(['status', 'no-such-cluster']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^status: unknown cluster "no-such-cluster"/);
  });
});
