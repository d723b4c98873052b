import { describe, expect, it } from 'vitest';
import { judgeReadiness, LAYER_KUSTOMIZATIONS, READINESS_GROUPS } from '../../operations/readiness';

const list = (items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', items });
const kustomization = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace },
  status: { conditions: [{ type: 'Ready', status: 'True', message: 'Applied' }] },
  ...extra,
});

describe('judgeReadiness', () => {
  const layers = Object.values(LAYER_KUSTOMIZATIONS).map((name) => kustomization(name, 'flux-system'));

  it('is ready only when every layer exists and every object is ready', () => {
    expect(judgeReadiness('c', list(layers), list([])).ready).toBe(true);
    const missing = judgeReadiness('c', list(layers.filter((k) => k.metadata.name !== LAYER_KUSTOMIZATIONS.apps)), list([]));
    expect(missing.ready).toBe(false);
    expect(missing.groups.find((g) => g.group === 'apps')!.ready).toBe(false);
    expect(missing.groups.map((g) => g.group)).toEqual([...READINESS_GROUPS]);
  });

  it('counts a suspended or unreconciled object as not ready, and refuses what is not a kubectl List', () => {
    const suspended = judgeReadiness('c', list([...layers.slice(1), kustomization(layers[0]!.metadata.name, 'flux-system', { spec: { suspend: true } })]), list([]));
    expect(suspended.groups[0]!.kustomizations[0]!.message).toBe('suspended');
    const fresh = judgeReadiness('c', list([...layers, { metadata: { name: 'apps', namespace: 'team-x' } }]), list([]));
    expect(fresh.groups.find((g) => g.group === 'tenants')!.kustomizations[0]).toMatchObject({ ready: false, message: 'not reconciled yet (no Ready condition)' });
    expect(() => judgeReadiness('c', {}, list([]))).toThrow(/expected a List/);
  });
});
