import type { Cluster } from '../config/load';

/** The layers a cluster is split into; each is its own stack with its own state. */
export type StackLayer = 'network' | 'cluster' | 'iam' | 'dns';

/** The stack that owns the state bucket. */
export const STATE_STACK = 'state';

/** `<cluster>-<layer>`: cluster names are unique across environments, so this is too. */
export function stackName(cluster: Pick<Cluster, 'name'>, layer: StackLayer): string {
  return `${cluster.name}-${layer}`;
}

/** Where a stack keeps its state in the bucket. */
export function stateKey(environment: string, stack: string): string {
  return `${environment}/${stack}.tfstate`;
}
