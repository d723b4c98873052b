import { describe, expect, it } from 'vitest';
import { clusterOfStack, DestroyRefused, destroyOrder, formatProtected, planDestroy, protectedResourcesOf, type SynthesizedStack } from '../../cli/destroy/plan';

const stack = (name: string, dependencies: string[] = [], protectedResources: string[] = []): SynthesizedStack => ({
  name,
  dir: `/out/stacks/${name}`,
  dependencies,
  protectedResources,
});

/** Two clusters as synth lays them out: dns reads cluster, cluster reads network; iam stands alone. */
const STACKS = new Map(
  [
    stack('state', [], ['aws_s3_bucket.bucket']),
    stack('a-network'),
    stack('a-cluster', ['a-network']),
    stack('a-iam'),
    stack('a-dns', ['a-cluster'], ['cloudflare_zone.zone']),
    stack('b-network'),
    stack('b-cluster', ['b-network']),
    stack('b-dns', ['b-cluster']),
  ].map((s) => [s.name, s]),
);

describe('destroy plan', () => {
  it('destroys a cluster dependents first: dns, cluster, network, iam', () => {
    expect(planDestroy(STACKS, 'a').steps.map((s) => s.stack)).toEqual(['a-dns', 'a-cluster', 'a-network', 'a-iam']);
    expect(planDestroy(STACKS, 'b').steps.map((s) => s.stack)).toEqual(['b-dns', 'b-cluster', 'b-network']);
  });

  it('follows the dependencies over the layer order when they disagree', () => {
    const odd = [stack('x-iam', ['x-dns']), stack('x-dns'), stack('x-network', [])];
    expect(destroyOrder(odd).map((s) => s.name)).toEqual(['x-network', 'x-iam', 'x-dns']);
  });

  it('never takes the state stack with a cluster; only when it is named', () => {
    const names = [...STACKS.keys()].filter((n) => n !== 'state').map((n) => clusterOfStack(n)!.cluster);
    for (const cluster of new Set(names)) expect(planDestroy(STACKS, cluster).steps.map((s) => s.stack)).not.toContain('state');
    const state = planDestroy(STACKS, 'state');
    expect(state.kind).toBe('stack');
    expect(state.steps.map((s) => s.stack)).toEqual(['state']);
  });

  it('runs init then destroy in each stack folder; --yes adds -auto-approve', () => {
    const plan = planDestroy(STACKS, 'b-dns');
    expect(plan.steps).toEqual([{ stack: 'b-dns', dir: '/out/stacks/b-dns', commands: [['init', '-input=false'], ['destroy']], protectedResources: [] }]);
    expect(planDestroy(STACKS, 'b-dns', { autoApprove: true }).steps[0]!.commands.at(-1)).toEqual(['destroy', '-input=false', '-auto-approve']);
  });

  it('names the stacks outside the selection that read it', () => {
    expect(planDestroy(STACKS, 'a-network').readers).toEqual([{ stack: 'a-cluster', reads: ['a-network'] }]);
    expect(planDestroy(STACKS, 'a').readers).toEqual([]);
  });

  it('blocks on prevent_destroy resources unless they are kept, and then removes them from the state first', () => {
    const blocked = planDestroy(STACKS, 'a');
    expect(blocked.blocked).toEqual([{ stack: 'a-dns', address: 'cloudflare_zone.zone' }]);
    expect(formatProtected(blocked)).toContain('a-dns: cloudflare_zone.zone, a DNS zone');
    expect(formatProtected(blocked)).toContain('--keep-protected');
    const kept = planDestroy(STACKS, 'a', { keepProtected: true });
    expect(kept.blocked).toEqual([]);
    expect(kept.steps[0]!.commands).toEqual([['init', '-input=false'], ['state', 'rm', 'cloudflare_zone.zone'], ['destroy']]);
    expect(formatProtected(planDestroy(STACKS, 'state'))).toContain('the Terraform state bucket');
    expect(formatProtected(planDestroy(STACKS, 'b'))).toBe('');
  });

  it('refuses a name that is neither a stack nor a cluster, listing both', () => {
    expect(() => planDestroy(STACKS, 'c')).toThrow(DestroyRefused);
    expect(() => planDestroy(STACKS, 'c')).toThrow(/clusters: a, b\n {2}stacks: a-cluster, /);
  });

  it('finds prevent_destroy in synthesized Terraform JSON', () => {
    const json = {
      resource: {
        aws_s3_bucket: { bucket: { bucket: 'x', lifecycle: { prevent_destroy: true } } },
        aws_s3_bucket_policy: { policy: { bucket: 'x' } },
        cloudflare_zone: { zone: { name: 'example.com', lifecycle: { prevent_destroy: false } } },
      },
    };
    expect(protectedResourcesOf(json)).toEqual(['aws_s3_bucket.bucket']);
    expect(protectedResourcesOf({})).toEqual([]);
  });
});
