/** Tenant sizes, smallest first. Same names as the cluster sizes in config/schema.ts. */
export const TENANT_SIZES = ['small', 'medium', 'large'] as const;

/** How much of the cluster a tenant may use. */
export type TenantSize = (typeof TENANT_SIZES)[number];

/** What one tenant size allows. Quantities are Kubernetes quantity strings. */
export interface TenantQuota {
  /** ResourceQuota: sum of CPU and memory requests of all pods in the namespace. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** ResourceQuota: sum of CPU and memory limits of all pods in the namespace. */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** ResourceQuota: number of pods (any phase but Succeeded/Failed). */
  readonly pods: number;
  /** ResourceQuota: number of PersistentVolumeClaims. */
  readonly persistentVolumeClaims: number;
  /** ResourceQuota: total requested storage over all PVCs; also the LimitRange maximum per PVC. */
  readonly storage: string;
  /** LimitRange: requests a container gets when it declares none. */
  readonly containerDefaultRequest: { readonly cpu: string; readonly memory: string };
  /** LimitRange: limits a container gets when it declares none. */
  readonly containerDefaultLimit: { readonly cpu: string; readonly memory: string };
  /** LimitRange: the largest limits one container may declare. */
  readonly containerMax: { readonly cpu: string; readonly memory: string };
}

/**
 * The quota of each tenant size. Every size also gets `services.loadbalancers: 0` and
 * `services.nodeports: 0` (see `Tenant`): tenants are exposed through the shared ingress, never
 * through a paid cloud load balancer or a node port; the one exception is a tenant's public mail,
 * whose four node ports sit behind a load balancer of its own.
 *
 * | size   | requests cpu/mem | limits cpu/mem | pods | PVCs | storage | container default req / limit | container max |
 * |--------|------------------|----------------|------|------|---------|-------------------------------|---------------|
 * | small  | 1 / 2Gi          | 2 / 4Gi        | 20   | 4    | 20Gi    | 50m, 64Mi / 250m, 256Mi       | 1 / 2Gi       |
 * | medium | 2 / 4Gi          | 4 / 8Gi        | 40   | 8    | 50Gi    | 50m, 64Mi / 250m, 256Mi       | 2 / 4Gi       |
 * | large  | 4 / 8Gi          | 8 / 16Gi       | 80   | 16   | 200Gi   | 50m, 64Mi / 250m, 256Mi       | 4 / 8Gi       |
 *
 * Sized for the cheap clusters in environments/defaults.yaml: a small cluster has about 4 vCPU
 * and 8-24 GB of worker memory, so a small tenant can use at most a quarter of its CPU requests.
 */
export const TENANT_QUOTAS: Readonly<Record<TenantSize, TenantQuota>> = {
  small: {
    requests: { cpu: '1', memory: '2Gi' },
    limits: { cpu: '2', memory: '4Gi' },
    pods: 20,
    persistentVolumeClaims: 4,
    storage: '20Gi',
    containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
    containerDefaultLimit: { cpu: '250m', memory: '256Mi' },
    containerMax: { cpu: '1', memory: '2Gi' },
  },
  medium: {
    requests: { cpu: '2', memory: '4Gi' },
    limits: { cpu: '4', memory: '8Gi' },
    pods: 40,
    persistentVolumeClaims: 8,
    storage: '50Gi',
    containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
    containerDefaultLimit: { cpu: '250m', memory: '256Mi' },
    containerMax: { cpu: '2', memory: '4Gi' },
  },
  large: {
    requests: { cpu: '4', memory: '8Gi' },
    limits: { cpu: '8', memory: '16Gi' },
    pods: 80,
    persistentVolumeClaims: 16,
    storage: '200Gi',
    containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
    containerDefaultLimit: { cpu: '250m', memory: '256Mi' },
    containerMax: { cpu: '4', memory: '8Gi' },
  },
};
