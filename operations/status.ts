import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { defaultKubeconfig, NOT_READY_EXIT } from './bootstrap';
import { findCluster, printOutput, readinessOf, type OperationOutput } from './cluster';
import { formatReadiness } from './readiness';
import { systemTools, type ToolRunner } from './tools';

export interface StatusOptions {
  /** The project root. */
  readonly root: string;
  /** The cluster, by its name in environments/. */
  readonly cluster: string;
  /**
   * The kubeconfig to read the cluster with.
   * @default the one bootstrap wrote (.kube/<cluster>.yaml) when it exists, else kubectl's own (KUBECONFIG, ~/.kube/config)
   */
  readonly kubeconfig?: string;
  /** Runs kubectl. @default the executable on PATH */
  readonly run?: ToolRunner;
  /** @default standard output and standard error */
  readonly output?: OperationOutput;
}

/**
 * `npm run status -- <cluster>`: the readiness summary bootstrap ends with, from the cluster's
 * Kustomizations and HelmReleases. Returns 0 when every layer is ready, NOT_READY_EXIT otherwise.
 */
export function runStatus(options: StatusOptions): number {
  const cluster = findCluster(options.root, options.cluster);
  const fallback = join(options.root, defaultKubeconfig(cluster.name));
  const kubeconfig = options.kubeconfig !== undefined ? (isAbsolute(options.kubeconfig) ? options.kubeconfig : join(options.root, options.kubeconfig)) : existsSync(fallback) ? fallback : undefined;
  const readiness = readinessOf(options.run ?? systemTools(options.root), cluster.name, kubeconfig);
  (options.output ?? printOutput).stdout(formatReadiness(readiness));
  return readiness.ready ? 0 : NOT_READY_EXIT;
}
