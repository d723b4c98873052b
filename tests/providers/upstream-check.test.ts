import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { ROOT } from '../../scripts/generate-providers';
import { compareBlock, toTfBlock } from '../../scripts/check-oci-upstream';

type Block = { attributes?: Record<string, unknown>; block_types?: Record<string, { block: Block }> };

const subset = JSON.parse(readFileSync(path.join(ROOT, 'providers', 'oci.schema.json'), 'utf8'));
const record = JSON.parse(readFileSync(path.join(ROOT, 'providers', 'oci.upstream-check.json'), 'utf8')) as {
  tag: string; commit: string; checked: { kind: string; name: string; upstream: string; checked: string[] }[];
};
const FQPN = 'registry.terraform.io/oracle/oci';

function paths(prefix: string, block: Block): string[] {
  return [
    ...Object.keys(block.attributes ?? {}).map((a) => `${prefix}.${a}`),
    ...Object.entries(block.block_types ?? {}).flatMap(([b, t]) => [`${prefix}.${b}`, ...paths(`${prefix}.${b}`, t.block)]),
  ];
}

describe('providers/oci.upstream-check.json (scripts/check-oci-upstream.ts)', () => {
  it('was made against the upstream release the subset says it follows', () => {
    expect(record.tag).toBe(`v${subset.x_cdktf_subset.followed_versions[FQPN]}`);
    expect(subset.x_cdktf_subset.upstream.tag).toBe(record.tag);
    expect(record.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('covers every attribute and block of the subset (a path added without checking it upstream fails here)', () => {
    const p = subset.provider_schemas[FQPN];
    const want = [
      ...paths('provider', p.provider.block),
      ...Object.entries(p.resource_schemas as Record<string, { block: Block }>).flatMap(([n, s]) => paths(`resource.${n}`, s.block)),
      ...Object.entries(p.data_source_schemas as Record<string, { block: Block }>).flatMap(([n, s]) => paths(`data.${n}`, s.block)),
    ].sort();
    const got = record.checked.flatMap((e) => e.checked).sort();
    expect(got).toEqual(want);
    for (const e of record.checked) expect(e.upstream, `${e.kind} ${e.name}`).toMatch(/^internal\/\S+\.go \w+$/);
  });

  it('the comparison reports a changed type, flag, nesting or missing attribute, and accepts a subset of upstream', () => {
    const upstream = toTfBlock({
      name: { type: 'TypeString', required: true, optional: false, computed: false },
      size: { type: 'TypeInt', required: false, optional: true, computed: true },
      rules: { type: 'TypeList', required: true, optional: false, computed: false, maxItems: 1, elemResource: {
        port: { type: 'TypeInt', required: false, optional: true, computed: false },
      } },
      items: { type: 'TypeList', required: false, optional: false, computed: true, elemResource: {
        a: { type: 'TypeString', required: false, optional: false, computed: true },
        b: { type: 'TypeBool', required: false, optional: false, computed: true },
      } },
    }, { implicitId: true, timeouts: true });
    const ok = {
      attributes: {
        id: { type: 'string', optional: true, computed: true },
        name: { type: 'string', required: true },
        size: { type: 'number', optional: true, computed: true },
        items: { type: ['list', ['object', { a: 'string' }]], computed: true },
      },
      block_types: { rules: { nesting_mode: 'list', max_items: 1, min_items: 1, block: { attributes: { port: { type: 'number', optional: true } } } } },
    };
    const problems: string[] = [];
    const checked: string[] = [];
    compareBlock('resource.x', ok, upstream, checked, problems);
    expect(problems).toEqual([]);
    expect(checked).toContain('resource.x.rules.port');

    const bad = structuredClone(ok) as any;
    bad.attributes.name.type = 'number';
    bad.attributes.size = { type: 'number', optional: true };
    bad.attributes.gone = { type: 'string', optional: true };
    bad.attributes.items.type = ['list', ['object', { c: 'string' }]];
    bad.block_types.rules.nesting_mode = 'set';
    delete bad.block_types.rules.max_items;
    const found: string[] = [];
    compareBlock('resource.x', bad, upstream, [], found);
    expect(found).toEqual([
      'resource.x.gone: not an attribute upstream',
      'resource.x.items: type ["list",["object",{"c":"string"}]], upstream ["list",["object",{"a":"string","b":"bool"}]]',
      'resource.x.name: type "number", upstream "string"',
      'resource.x.size: optional, upstream optional+computed',
      'resource.x.rules: nesting set, upstream list',
      'resource.x.rules: max_items -, upstream 1',
    ]);
  });
});
