import type { Cluster } from '../../config/load';
import { checkCluster, loadBalancerCount } from '../../config/rules';
import { COMPONENTS, PROVIDERS, type ComponentName, type Provider, type ResolvedCluster } from '../../config/schema';

/** One requirement of a component, as the rule states it, and the components that satisfy it. */
export interface Requirement {
  readonly message: string;
  /** Enabling any one of these satisfies the requirement. */
  readonly oneOf: readonly ComponentName[];
}

export interface ComponentRelations {
  readonly requires: readonly Requirement[];
  readonly neededBy: readonly ComponentName[];
  /** Providers the component is refused on, with the rule's message. */
  readonly refusedOn: readonly { provider: Provider; message: string }[];
  /** Install wave: 0 needs nothing, n needs something of wave n-1. */
  readonly wave: number;
  /** Whether it brings a LoadBalancer Service of its own (counts against OCI's free load balancer). */
  readonly addsLoadBalancer: boolean;
}

/**
 * What config/rules.ts says about each component, found by asking the rules: every cluster
 * check is run on a cluster with only the component (and then one other) enabled. Nothing is
 * copied from rules.ts, so the docs follow it.
 */
export function componentRelations(base: ResolvedCluster | Cluster): Record<ComponentName, ComponentRelations> {
  const withComponents = (enabled: readonly string[], provider: Provider = 'hcloud-k3s'): ResolvedCluster => ({
    ...(base as ResolvedCluster),
    provider,
    // Versions do not matter to these rules (only their findings are read); keep the loaded ones.
    components: Object.fromEntries(COMPONENTS.map((c) => [c, { enabled: enabled.includes(c), version: base.components[c]?.version ?? '' }])),
  });
  const messages = (component: ComponentName, enabled: readonly string[], rule = 'component-requires', provider?: Provider) =>
    checkCluster(withComponents(enabled, provider), 'example')
      .filter((f) => f.rule === rule && f.path[0] === 'components' && f.path[1] === component)
      .map((f) => f.message);

  const requires = new Map<ComponentName, Requirement[]>();
  for (const component of COMPONENTS) {
    const alone = messages(component, [component]);
    requires.set(
      component,
      alone.map((message) => ({
        message,
        oneOf: COMPONENTS.filter((other) => other !== component && !messages(component, [component, other]).includes(message)),
      })),
    );
  }

  const waves = new Map<ComponentName, number>();
  const wave = (component: ComponentName, seen: ReadonlySet<ComponentName> = new Set()): number => {
    if (waves.has(component)) return waves.get(component)!;
    if (seen.has(component)) throw new Error(`components depend on each other in a cycle through ${component}`);
    const next = new Set(seen).add(component);
    const reqs = requires.get(component)!;
    const value = reqs.length === 0 ? 0 : 1 + Math.max(...reqs.map((r) => Math.min(...r.oneOf.map((o) => wave(o, next)))));
    waves.set(component, value);
    return value;
  };

  const ingressBaseline = (component: ComponentName) => (component === 'envoy-gateway' ? 'ingress-nginx' : 'envoy-gateway');
  const result = {} as Record<ComponentName, ComponentRelations>;
  for (const component of COMPONENTS) {
    const other = ingressBaseline(component);
    const addsLoadBalancer = loadBalancerCount(withComponents([component, other])) > loadBalancerCount(withComponents([other]));
    result[component] = {
      requires: requires.get(component)!,
      neededBy: COMPONENTS.filter((c) => requires.get(c)!.some((r) => r.oneOf.includes(component))),
      refusedOn: PROVIDERS.flatMap((provider) => messages(component, [component], 'component-provider', provider).map((message) => ({ provider, message }))),
      wave: wave(component),
      addsLoadBalancer,
    };
  }
  return result;
}
