import { join } from 'node:path';
import { loadPlatform, type Cluster } from '../config/load';
import { judgeReadiness, type Readiness } from './readiness';
import { must, OperationRefused, type ToolRunner } from './tools';

/** Where an operation writes its steps and results. */
export interface OperationOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const printOutput: OperationOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A cluster of the project's environment files, or OperationRefused naming the ones there are. */
export function findCluster(root: string, name: string): Cluster {
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const cluster = platform.clusters.find((c) => c.name === name);
  if (!cluster) {
    const known = platform.clusters.map((c) => c.name).sort();
    throw new OperationRefused(`unknown cluster ${JSON.stringify(name)}; environments/ describes ${known.join(', ')}`);
  }
  return cluster;
}

/** Fetches the cluster's Kustomizations and HelmReleases with kubectl and judges them. */
export function readinessOf(run: ToolRunner, cluster: string, kubeconfig: string | undefined): Readiness {
  const get = (resource: string) =>
    JSON.parse(must(run, { tool: 'kubectl', args: [...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), 'get', resource, '-A', '-o', 'json'] }, `the ${resource.split('.')[0]}`)) as unknown;
  return judgeReadiness(cluster, get('kustomizations.kustomize.toolkit.fluxcd.io'), get('helmreleases.helm.toolkit.fluxcd.io'));
}
