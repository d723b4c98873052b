import { describe, expect, it } from 'vitest';
import { compareTrees } from '../../cli/diff/compare';
import { COMMENT_MARKER, MARKDOWN_CAP, renderMarkdown } from '../../cli/diff/render-markdown';
import type { DiffReport } from '../../cli/diff/types';
import { baseFixture, clone, side, type SideFixture } from './fixtures';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** One of everything: a changed attribute, a likely replacement, an added resource, a chart bump, a new cluster. */
function mixedReport(): DiffReport {
  const base = baseFixture();
  const head = clone(base);
  const cluster = head.stacks['demo-cluster']!.resource as Resources;
  (cluster.oci_containerengine_node_pool!['pool-a_1']!.node_shape_config as Record<string, number>).ocpus = 1;
  const network = head.stacks['demo-network']!.resource as Resources;
  network.oci_core_subnet!.nodes_1!.cidr_block = '10.0.2.0/24';
  (head.stacks.state!.resource as Resources).aws_s3_bucket_versioning = { versioning_1: { bucket: 'demo-state' } };
  const [release] = head.gitops['clusters/demo/cert-manager.yaml'] as [{ spec: { chart: { spec: { version: string } } } }];
  release.spec.chart.spec.version = 'v1.21.2';
  head.outline = { environments: [...head.outline.environments, 'qa'], clusters: [...head.outline.clusters, { name: 'demo-qa', environment: 'qa' }] };
  head.stacks['demo-qa-network'] = { resource: { oci_core_vcn: { vcn_1: { cidr_blocks: ['10.9.0.0/16'] } } } };
  head.gitops['clusters/demo-qa/flux-system/gotk-sync.yaml'] = [
    { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { path: './gitops/clusters/demo-qa' } },
  ];
  return compareTrees(side(base, 'main'), side(head, 'working tree'));
}

/** `count` stacks of `resources` node pools each, every pool's OCPUs changed. */
function hugeReport(count: number, resources: number): DiffReport {
  const stacks = (ocpus: number): SideFixture['stacks'] =>
    Object.fromEntries(
      Array.from({ length: count }, (_, s) => [
        `big-${s}-cluster`,
        {
          resource: {
            oci_containerengine_node_pool: Object.fromEntries(
              Array.from({ length: resources }, (_, r) => [`pool-${r}`, { name: `pool-${r}`, node_shape_config: { ocpus, memory_in_gbs: 12 } }]),
            ),
          },
        },
      ]),
    );
  const outline = { environments: ['big'], clusters: Array.from({ length: count }, (_, s) => ({ name: `big-${s}`, environment: 'big' })) };
  return compareTrees(side({ stacks: stacks(2), gitops: {}, outline }, 'main'), side({ stacks: stacks(1), gitops: {}, outline }, 'working tree'));
}

describe('diff: Markdown for a pull-request comment', () => {
  it('renders the summary table and one <details> per stack and cluster (snapshot)', async () => {
    const markdown = renderMarkdown(mixedReport());
    expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/report.md');
  });

  it('stays under the cap and says what it left out', () => {
    const report = hugeReport(6, 400);
    const full = renderMarkdown(report, Number.MAX_SAFE_INTEGER);
    expect(full.length).toBeGreaterThan(MARKDOWN_CAP);
    expect(full).not.toContain('Truncated');

    const markdown = renderMarkdown(report);
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_CAP);
    expect(markdown).toContain('| **big** | ~6 | ~2400 |');
    expect(markdown).toMatch(/> ⚠️ \*\*Truncated\*\* to fit a pull-request comment \(60,000 characters\): stack big-\d-cluster shown in part; left out: (stack big-\d-cluster(, )?)+\./);
    // Every <details> that was opened is closed, and every code block too.
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
    expect((markdown.match(/^`{3,}/gm)?.length ?? 0) % 2).toBe(0);
  });

  it('truncates inside the first stack that does not fit', () => {
    const markdown = renderMarkdown(hugeReport(1, 200), 8_000);
    expect(markdown.length).toBeLessThanOrEqual(8_000);
    expect(markdown).toMatch(/… \d+ more items truncated\n/);
    expect(markdown).toContain('stack big-0-cluster shown in part');
  });
});
