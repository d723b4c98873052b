import type { PlatformOutline } from './types';

export interface Owner {
  readonly environment: string | null;
  readonly cluster: string | null;
}

const SHARED: Owner = { environment: null, cluster: null };

/**
 * The cluster and environment a stack belongs to. Stacks are named `<cluster>-<layer>`
 * (stacks/names.ts) and cluster names are unique, so the longest cluster name the stack name
 * starts with is its owner; `state` and anything else belongs to no single environment.
 */
export function stackOwner(stack: string, outline: PlatformOutline): Owner {
  let best: PlatformOutline['clusters'][number] | undefined;
  for (const cluster of outline.clusters) {
    if (stack.startsWith(`${cluster.name}-`) && (!best || cluster.name.length > best.name.length)) best = cluster;
  }
  return best ? { environment: best.environment, cluster: best.name } : SHARED;
}

/** `clusters/<cluster>` folders belong to that cluster's environment; the shared trees to none. */
export function sectionOwner(section: string, outline: PlatformOutline): Owner {
  const match = /^clusters\/(.+)$/.exec(section);
  if (!match) return SHARED;
  const cluster = outline.clusters.find((c) => c.name === match[1]);
  return { environment: cluster?.environment ?? null, cluster: match[1]! };
}
