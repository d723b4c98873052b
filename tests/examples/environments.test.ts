import { describe, expect, it } from 'vitest';
import { loadPlatform } from '../../config/load';
import { COMPONENTS } from '../../config/schema';
import { ENVIRONMENTS } from '../support/environments';

describe('the shipped environments', () => {
  const platform = loadPlatform(ENVIRONMENTS);

  /**
   * ingress-nginx is retired upstream (March 2026): it stays for clusters that run it (the policy
   * `ingress-nginx-retired` warns), but the examples do not start new clusters on it. The
   * toggle tests render it (tests/charts/toggles.test.ts).
   */
  const NOT_SHIPPED = ['ingress-nginx'];

  it('exercise every catalogue component in at least one cluster', () => {
    const enabled = new Set(platform.clusters.flatMap((cluster) => COMPONENTS.filter((name) => cluster.components[name]?.enabled === true)));
    expect(COMPONENTS.filter((name) => !enabled.has(name) && !NOT_SHIPPED.includes(name))).toEqual([]);
  });

  it('exercise the tenant options: an apps repository handoff, an identity provider and a mail server', () => {
    const tenants = platform.clusters.flatMap((cluster) => Object.values(cluster.tenants));
    expect(tenants.some((t) => t.identity !== undefined)).toBe(true);
    expect(tenants.some((t) => t.mail !== undefined)).toBe(true);
    expect(tenants.some((t) => t.appsRepository !== undefined)).toBe(true);
  });
});
