import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { SynthesizedSide } from '../../cli/diff/compare';
import type { PlatformOutline } from '../../cli/diff/types';
import { ROOT } from '../support/environments';

export type StackJson = Record<string, unknown>;

/** CDKTF's per-block metadata, which the diff must ignore. */
export function meta(path: string): Record<string, unknown> {
  return { '//': { metadata: { path, uniqueId: path.split('/').pop() } } };
}

/** A cdktf.out-like folder: manifest.json and stacks/<name>/cdk.tf.json. */
export function writeCdktfOut(dir: string, stacks: Record<string, StackJson>, dependencies: Record<string, string[]> = {}): void {
  const manifest: Record<string, unknown> = {};
  for (const [name, config] of Object.entries(stacks)) {
    const path = join(dir, 'stacks', name, 'cdk.tf.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(config, null, 2));
    manifest[name] = { name, dependencies: dependencies[name] ?? [], synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: manifest, version: '0.21.0' }, null, 2));
}

/** A gitops-like folder; object lists become multi-document YAML, strings are written as they are. */
export function writeGitopsTree(dir: string, files: Record<string, string | readonly unknown[]>): void {
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : content.map((doc) => stringify(doc)).join('---\n'));
  }
}

/** Mutable on purpose: scenarios copy the base and edit it into the head. */
export interface SideFixture {
  stacks: Record<string, StackJson>;
  gitops: Record<string, string | readonly unknown[]>;
  outline: PlatformOutline;
  dependencies?: Record<string, string[]>;
}

/** Writes one side into a fresh temporary folder; set-valued attributes come from the repository's bindings. */
export function side(fixture: SideFixture, ref: string): SynthesizedSide {
  const dir = mkdtempSync(join(tmpdir(), 'diff-fixture-'));
  writeCdktfOut(join(dir, 'cdktf.out'), fixture.stacks, fixture.dependencies);
  writeGitopsTree(join(dir, 'gitops'), fixture.gitops);
  return {
    side: { ref, commit: ref === 'working tree' ? null : '0123456789abcdef0123456789abcdef01234567' },
    cdktfOut: join(dir, 'cdktf.out'),
    gitops: join(dir, 'gitops'),
    outline: fixture.outline,
    root: ROOT,
  };
}

const TAGS = { cluster: 'demo', environment: 'dev', 'managed-by': 'cdktf' };

export function rule(source: string, port: number): Record<string, unknown> {
  return { protocol: '6', source, tcp_options: { max: port, min: port } };
}

/** The base of most scenarios: a state stack, a network stack and a cluster stack, and a small Flux tree. */
export function baseFixture(): SideFixture {
  return {
    outline: { environments: ['dev', 'prod'], clusters: [{ name: 'demo', environment: 'dev' }, { name: 'live', environment: 'prod' }] },
    dependencies: { 'demo-cluster': ['demo-network'] },
    stacks: {
      state: {
        ...meta('state'),
        resource: { aws_s3_bucket: { 'state-bucket_1': { ...meta('state/state-bucket'), bucket: 'demo-state', lifecycle: { prevent_destroy: true } } } },
        terraform: { backend: { local: { path: 'state.tfstate' } } },
      },
      'demo-network': {
        resource: {
          oci_core_vcn: { vcn_1: { ...meta('demo-network/vcn'), cidr_blocks: ['10.0.0.0/16'], display_name: 'demo', freeform_tags: TAGS } },
          oci_core_subnet: { nodes_1: { ...meta('demo-network/nodes'), cidr_block: '10.0.1.0/24', dns_label: 'nodes', vcn_id: '${oci_core_vcn.vcn_1.id}' } },
          oci_core_security_list: {
            public_1: {
              ...meta('demo-network/public'),
              ingress_security_rules: [rule('0.0.0.0/0', 443), rule('0.0.0.0/0', 80), rule('203.0.113.0/24', 6443)],
              vcn_id: '${oci_core_vcn.vcn_1.id}',
            },
          },
        },
        output: { vcn_id: { value: '${oci_core_vcn.vcn_1.id}' } },
        terraform: { backend: { s3: { bucket: 'demo-state', key: 'dev/demo-network.tfstate' } } },
      },
      'demo-cluster': {
        data: { terraform_remote_state: { network: { backend: 's3', config: { bucket: 'demo-state', key: 'dev/demo-network.tfstate' } } } },
        resource: {
          oci_containerengine_node_pool: {
            'pool-a_1': { ...meta('demo-cluster/pool-a'), name: 'demo-pool-a', node_shape: 'VM.Standard.A1.Flex', node_shape_config: { memory_in_gbs: 12, ocpus: 2 } },
          },
        },
        output: { cluster_id: { value: 'x' } },
        terraform: { backend: { s3: { bucket: 'demo-state', key: 'dev/demo-cluster.tfstate' } } },
      },
    },
    gitops: {
      'clusters/demo/flux-system/gotk-sync.yaml': [
        { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { path: './gitops/clusters/demo', prune: true } },
      ],
      'clusters/demo/flux-system/kustomization.yaml': [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-sync.yaml'] }],
      'clusters/demo/cert-manager.yaml': [
        {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: 'cert-manager', namespace: 'cert-manager' },
          spec: { chart: { spec: { chart: 'cert-manager', version: 'v1.21.1', sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } }, values: { crds: { enabled: true } } },
        },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'jetstack', namespace: 'cert-manager' }, spec: { url: 'https://charts.jetstack.io' } },
      ],
      'clusters/live/flux-system/gotk-sync.yaml': [
        { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { path: './gitops/clusters/live' } },
      ],
      'apps/web/deployment.yaml': [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'team-a' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { spec: { containers: [{ name: 'web', image: 'ghcr.io/example/web:1.0.0' }, { name: 'proxy', image: 'envoy:1.30' }] } },
          },
        },
      ],
      '.sops.yaml': 'creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    age: age1example\n',
    },
  };
}

/** A deep copy to edit for the head side. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

const KUSTOMIZE = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

/** A kustomization.yaml. */
export function kustomization(resources: string[], patches: string[] = []): unknown[] {
  return [{ ...KUSTOMIZE, resources, ...(patches.length > 0 ? { patches: patches.map((path) => ({ path })) } : {}) }];
}

/** A shared HelmRelease of the platform tier, as synth writes it in infrastructure/controllers/<name>. */
export function sharedRelease(name: string, namespace: string, version: string, values: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace },
    spec: { chart: { spec: { chart: name, version, sourceRef: { kind: 'HelmRepository', name } } }, interval: '30m', values },
  };
}

/** A values patch of one tier (clusters/<cluster>/infrastructure/controllers/<name>/values-<tier>.yaml). */
export function valuesPatch(name: string, namespace: string, values: Record<string, unknown>): unknown[] {
  return [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace }, spec: { values } }];
}

/**
 * The layout synth writes, small: clusters demo (dev) and live (prod), each with a Flux
 * Kustomization for its controllers folder, which lists the shared bases it enables and patches
 * them per tier; shared bases for cert-manager, loki and vault; a DNS stack per cluster.
 */
export function platformFixture(): SideFixture {
  const fluxKs = (cluster: string) => [
    { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { path: `./gitops/clusters/${cluster}`, prune: true } },
  ];
  const infra = (cluster: string) => [
    { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'infra-controllers', namespace: 'flux-system' }, spec: { path: `./gitops/clusters/${cluster}/infrastructure/controllers`, prune: true } },
  ];
  const gitops: SideFixture['gitops'] = {
    '.sops.yaml': 'creation_rules:\n  - path_regex: clusters/demo/.*\\.sops\\.yaml$\n    age: age1demo\n  - path_regex: clusters/live/.*\\.sops\\.yaml$\n    age: age1live\n',
  };
  for (const [name, namespace, version, values] of [
    ['cert-manager', 'cert-manager', 'v1.21.1', { crds: { enabled: true } }],
    ['loki', 'loki', '6.46.0', { loki: { limits_config: { retention_period: '168h' } }, singleBinary: { replicas: 1 } }],
    ['vault', 'vault', '0.34.1', { server: { ha: { enabled: false } } }],
  ] as const) {
    gitops[`infrastructure/controllers/${name}/kustomization.yaml`] = kustomization(['helm-release.yaml']);
    gitops[`infrastructure/controllers/${name}/helm-release.yaml`] = [sharedRelease(name, namespace, version, values)];
  }
  for (const cluster of ['demo', 'live']) {
    gitops[`clusters/${cluster}/kustomization.yaml`] = kustomization(['flux-system', 'infrastructure.yaml']);
    gitops[`clusters/${cluster}/flux-system/kustomization.yaml`] = kustomization(['gotk-sync.yaml']);
    gitops[`clusters/${cluster}/flux-system/gotk-sync.yaml`] = fluxKs(cluster);
    gitops[`clusters/${cluster}/infrastructure.yaml`] = infra(cluster);
    gitops[`clusters/${cluster}/infrastructure/controllers/loki/values-environment.yaml`] = valuesPatch('loki', 'loki', { singleBinary: { replicas: 2 } });
    gitops[`clusters/${cluster}/infrastructure/controllers/kustomization.yaml`] = kustomization(
      ['../../../../infrastructure/controllers/cert-manager', '../../../../infrastructure/controllers/loki'],
      ['loki/values-environment.yaml'],
    );
  }
  const dns = (cluster: string, zone: string) => ({
    resource: {
      cloudflare_zone: { dns_zone_1: { ...meta(`${cluster}-dns/dns/zone`), name: zone, type: 'full', lifecycle: { prevent_destroy: true } } },
      cloudflare_dns_record: { dns_apex_1: { ...meta(`${cluster}-dns/dns/apex`), name: `${cluster}.${zone}`, type: 'A', content: '192.0.2.1', zone_id: '${cloudflare_zone.dns_zone_1.id}' } },
    },
    provider: { cloudflare: [{}] },
  });
  return {
    outline: { environments: ['dev', 'prod'], clusters: [{ name: 'demo', environment: 'dev' }, { name: 'live', environment: 'prod' }] },
    stacks: {
      state: { resource: { aws_s3_bucket: { 'state-bucket_1': { bucket: 'demo-state', lifecycle: { prevent_destroy: true } } } } },
      'demo-cluster': { resource: { hcloud_server: { 'server-1_1': { name: 'demo-server-1', server_type: 'cx22' } }, hcloud_network: { net_1: { name: 'demo', ip_range: '10.0.0.0/16' } } } },
      'demo-dns': dns('demo', 'example.com'),
      'live-cluster': {
        resource: {
          hcloud_server: { 'server-1_1': { name: 'live-server-1', server_type: 'cx32' }, 'server-2_1': { name: 'live-server-2', server_type: 'cx32' } },
          hcloud_volume: { data_1: { name: 'live-data', size: 50, lifecycle: { prevent_destroy: true } } },
        },
      },
      'live-dns': dns('live', 'example.org'),
    },
    gitops,
  };
}
