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
