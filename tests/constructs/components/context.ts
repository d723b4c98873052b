import type { ComponentName } from '../../../config/schema';
import type { ClusterContext } from '../../../constructs/components/context';

/** A hcloud-k3s cluster `c1` in dev at dev.example.com (Cloudflare, unproxied, admin range 203.0.113.0/24) with `enabled` on. */
export function testContext(enabled: readonly ComponentName[], overrides: Partial<ClusterContext> = {}): ClusterContext {
  return {
    name: 'c1',
    environment: 'dev',
    domain: 'dev.example.com',
    provider: 'hcloud-k3s',
    dns: { provider: 'cloudflare', zone: 'example.com', proxied: false },
    enabled: new Set(enabled),
    // Config always has admin ranges (network.adminCidrs, at least one).
    adminCidrs: ['203.0.113.0/24'],
    ...overrides,
  };
}
