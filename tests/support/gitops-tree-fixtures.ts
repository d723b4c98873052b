/** Small manifests and a temp-dir tree writer shared by the gitops tree tests (tests/policy/gitops-tree, tests/policy/manifests, tests/cli/check-manifests). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Writes `files` (relative path -> content; objects are YAML-stringified, arrays become multi-document files) into a fresh temp dir. */
export function writeTree(files: Record<string, string | object | object[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'gitops-check-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    const text =
      typeof content === 'string' ? content : Array.isArray(content) ? content.map((doc) => stringify(doc)).join('---\n') : stringify(content);
    writeFileSync(full, text);
  }
  return root;
}

/** Removes temp dirs made by {@link writeTree}. */
export function removeTrees(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function kustomization(resources: string[], extra: object = {}): object {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...extra };
}

export function deployment(overrides: { replicas?: unknown; container?: object } = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'ghcr.io/example/web:1.2.3',
              ports: [{ containerPort: 8080 }],
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              ...overrides.container,
            },
          ],
        },
      },
    },
  };
}

export function namespace(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function gitRepository(): object {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: { interval: '1m', url: 'https://github.com/example/platform.git', ref: { branch: 'main' } },
  };
}

export function fluxKustomization(name: string, path: string | undefined, apiVersion = 'kustomize.toolkit.fluxcd.io/v1'): object {
  return {
    apiVersion,
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '10m', ...(path !== undefined ? { path } : {}), prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  };
}

export function helmRepository(): object {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: { interval: '1h', url: 'https://stefanprodan.github.io/podinfo' },
  };
}

/** HelmRelease v2 using `spec.chart.spec`; `version: undefined` leaves the version out. */
export function helmRelease(version: string | undefined, apiVersion = 'helm.toolkit.fluxcd.io/v2'): Record<string, unknown> {
  return {
    apiVersion,
    kind: 'HelmRelease',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: {
      interval: '30m',
      chart: {
        spec: {
          chart: 'podinfo',
          ...(version !== undefined ? { version } : {}),
          sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
          interval: '12h',
        },
      },
      install: { remediation: { retries: 3 } },
      values: { replicaCount: 2 },
    },
  };
}

/** HelmRelease v2 using `spec.chartRef` to an OCIRepository. */
export function helmReleaseChartRef(ociName: string): object {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: ociName, namespace: 'apps' },
    spec: { interval: '30m', chartRef: { kind: 'OCIRepository', name: ociName } },
  };
}

export function ociRepository(name: string, ref: object): object {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name, namespace: 'apps' },
    spec: { interval: '12h', url: `oci://ghcr.io/example/charts/${name}`, ref },
  };
}

/** Fake but well-formed SOPS metadata (age recipient, MAC), as `sops --encrypt` writes it. */
export const FAKE_SOPS = {
  kms: [],
  gcp_kms: [],
  azure_kv: [],
  hc_vault: [],
  age: [
    {
      recipient: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
      enc: '-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBmYWtl\n-----END AGE ENCRYPTED FILE-----\n',
    },
  ],
  lastmodified: '2026-01-01T00:00:00Z',
  mac: 'ENC[AES256_GCM,data:ZmFrZW1hYw==,iv:ZmFrZWl2ZmFrZWl2,tag:ZmFrZXRhZw==,type:str]',
  pgp: [],
  encrypted_regex: '^(data|stringData)$',
  version: '3.9.4',
};

export function sopsSecret(): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'apps' },
    type: 'Opaque',
    data: { password: 'ENC[AES256_GCM,data:c2VjcmV0,iv:aXZpdml2aXZpdml2,tag:dGFndGFn,type:str]' },
    sops: FAKE_SOPS,
  };
}

export function plaintextSecret(): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'apps' },
    type: 'Opaque',
    stringData: { password: 'hunter2' },
  };
}
