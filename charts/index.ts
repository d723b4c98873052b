import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import type { Cluster, Platform } from '../config/load';

/** The gitops/ tree as relative path -> file content. */
export type GitopsFiles = Map<string, string>;

function syncChart(app: App, cluster: Cluster): Chart {
  const chart = new Chart(app, `${cluster.name}-flux-system`, { disableResourceNameHashes: true });
  new ApiObject(chart, 'source', {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: { interval: cluster.gitops.interval, url: cluster.gitops.url, ref: { branch: cluster.gitops.branch } },
  });
  new ApiObject(chart, 'sync', {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: cluster.gitopsPath,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    },
  });
  return chart;
}

/** Synthesizes the Flux tree for every cluster of the platform. */
export async function buildGitops(platform: Platform): Promise<GitopsFiles> {
  const files: GitopsFiles = new Map();
  const app = new App();
  for (const cluster of platform.clusters) {
    const dir = `clusters/${cluster.name}/flux-system`;
    files.set(`${dir}/gotk-sync.yaml`, Yaml.stringify(...syncChart(app, cluster).toJson()));
    files.set(`${dir}/kustomization.yaml`, Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-sync.yaml'] }));
  }
  return files;
}
