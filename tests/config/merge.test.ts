import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../config/merge';

describe('mergeLayers', () => {
  it('merges maps key by key, the later layer winning', () => {
    expect(mergeLayers({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 4, e: 5 } })).toEqual({ a: 1, b: { c: 2, d: 4, e: 5 } });
  });

  it('replaces lists whole instead of concatenating them', () => {
    expect(mergeLayers({ cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }, { cidrs: ['203.0.113.0/24'] })).toEqual({ cidrs: ['203.0.113.0/24'] });
  });

  it('leaves earlier values alone when a later layer omits the key', () => {
    expect(mergeLayers({ a: 1 }, undefined, { b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it('does not share objects with its inputs', () => {
    const base = { nested: { list: [1] } };
    const merged = mergeLayers<typeof base>(base, {});
    merged.nested.list.push(2);
    expect(base.nested.list).toEqual([1]);
  });
});
