import type { ComponentName } from '../../../config/schema';
import type { ClusterContext } from '../../../constructs/components/context';

/** A hcloud-k3s cluster `c1` in dev at dev.example.com (Cloudflare, unproxied) with `enabled` on. */
export function testContext(enabled: readonly ComponentName[], overrides: Partial<ClusterContext> = {}): ClusterContext {
  return {
    name: 'c1',
    environment: 'dev',
    domain: 'dev.example.com',
    provider: 'hcloud-k3s',
    dns: { provider: 'cloudflare', zone: 'example.com', proxied: false },
    enabled: new Set(enabled),
    ...overrides,
  };
}
