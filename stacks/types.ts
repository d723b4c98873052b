import type { TerraformStack } from 'cdktf';

/** What a provider's cluster stacks hand to the DNS stack and the gitops side. */
export interface ClusterStacks {
  /** The stack that owns the cluster (and outputs `cluster_settings`). */
  readonly clusterStack: TerraformStack;
  /**
   * The public IPv4 address the ingress answers on, created by Terraform so DNS can point at it
   * before any Kubernetes Service exists (a token; cross-stack references resolve through state).
   */
  readonly ingressAddress: string;
  /** Public IPv4 (token) of each tenant's mail load balancer, by tenant (tenants with public mail only). */
  readonly mailAddresses: Readonly<Record<string, string>>;
}
