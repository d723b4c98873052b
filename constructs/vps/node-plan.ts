import type { NodeRole } from './adapter';

/** One pool of identical nodes, as the cluster description gives it. */
export interface K3sNodePool {
  /** Runs the k3s server (control plane) or the agent (worker). */
  readonly role: NodeRole;
  /** Number of nodes, at least 1. */
  readonly count: number;
  /** hcloud server type / DO droplet size. */
  readonly machineType: string;
  /** Kubernetes node labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface PlannedNode {
  /** `<cluster>-<pool>-<n>`, n from 1: host name and resource name. */
  readonly name: string;
  readonly pool: string;
  readonly role: NodeRole;
  readonly machineType: string;
  /** `key=value` Kubernetes labels. */
  readonly labels: readonly string[];
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Kubernetes label key (optional DNS prefix) and value. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Expands pools into nodes in a stable order: control-plane pools first, then workers, each
 * sorted by pool name. The first node is the one that initialises the cluster and that every
 * other node joins.
 */
export function planK3sNodes(cluster: string, pools: Readonly<Record<string, K3sNodePool>>): PlannedNode[] {
  const nodes: PlannedNode[] = [];
  const order = (role: NodeRole) =>
    Object.keys(pools)
      .filter((pool) => pools[pool]!.role === role)
      .sort();
  for (const pool of [...order('control-plane'), ...order('worker')]) {
    const spec = pools[pool]!;
    if (!Number.isInteger(spec.count) || spec.count < 1) {
      throw new Error(`${cluster}: node pool ${pool} needs a positive whole count, got ${spec.count}`);
    }
    const labels = Object.entries(spec.labels ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => {
        if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
          throw new Error(`${cluster}: node pool ${pool} has an invalid Kubernetes label ${key}=${value}`);
        }
        return `${key}=${value}`;
      });
    for (let i = 1; i <= spec.count; i++) {
      const name = `${cluster}-${pool}-${i}`;
      if (!HOSTNAME.test(name)) {
        throw new Error(`${cluster}: node name ${name} is not a valid host name (at most 63 lower-case letters, digits and "-")`);
      }
      nodes.push({ name, pool, role: spec.role, machineType: spec.machineType, labels });
    }
  }
  const servers = nodes.filter((node) => node.role === 'control-plane').length;
  if (servers === 0 || servers % 2 === 0) {
    throw new Error(`${cluster}: k3s needs an odd number of control-plane nodes (1, 3, ...), got ${servers}`);
  }
  return nodes;
}
