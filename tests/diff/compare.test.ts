import { describe, expect, it } from 'vitest';
import { compareTrees } from '../../cli/diff/compare';
import { renderMarkdown } from '../../cli/diff/render-markdown';
import { renderText } from '../../cli/diff/render-text';
import type { DiffReport, StackDiff } from '../../cli/diff/types';
import { baseFixture, clone, meta, rule, side, type SideFixture } from './fixtures';

function diff(edit: (head: SideFixture) => void, base: SideFixture = baseFixture()): DiffReport {
  const head = clone(base);
  edit(head);
  return compareTrees(side(base, 'main'), side(head, 'working tree'));
}

function stack(report: DiffReport, name: string): StackDiff {
  const found = report.terraform.find((s) => s.stack === name);
  if (!found) throw new Error(`no diff for stack ${name}: ${JSON.stringify(report.terraform.map((s) => s.stack))}`);
  return found;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const resources = (f: SideFixture, name: string) => f.stacks[name]!.resource as Resources;

describe('diff: Terraform stacks', () => {
  it('reports nothing for identical trees: "No changes."', () => {
    const report = diff(() => {});
    expect(report.changed).toBe(false);
    expect(report.terraform).toEqual([]);
    expect(report.gitops).toEqual([]);
    expect(report.environments.map((e) => [e.environment, e.status])).toEqual([['dev', 'unchanged'], ['prod', 'unchanged']]);
    expect(renderText(report)).toMatch(/\nNo changes\.\n$/);
    expect(renderMarkdown(report)).toContain('No changes.');
  });

  it('ignores CDKTF metadata, key order and the order of set-valued blocks', () => {
    const report = diff((head) => {
      const network = resources(head, 'demo-network');
      const list = network.oci_core_security_list!.public_1!;
      list.ingress_security_rules = [...(list.ingress_security_rules as unknown[])].reverse();
      Object.assign(list, meta('demo-network/renamed-construct-path'));
      const pool = resources(head, 'demo-cluster').oci_containerengine_node_pool!['pool-a_1']!;
      pool.node_shape_config = { ocpus: 2, memory_in_gbs: 12 };
      head.stacks['demo-cluster']!['//'] = { metadata: { version: '0.21.1' } };
    });
    expect(report.changed).toBe(false);
  });

  it('reports an added resource, a removed one, and added and removed outputs', () => {
    const report = diff((head) => {
      resources(head, 'state').aws_s3_bucket_versioning = { versioning_1: { bucket: 'demo-state', versioning_configuration: { status: 'Enabled' } } };
      delete resources(head, 'demo-network').oci_core_subnet;
      head.stacks['demo-network']!.output = { vcn_cidr: { value: '10.0.0.0/16' } };
    });
    expect(stack(report, 'state')).toMatchObject({ environment: null, status: 'changed', resources: { added: 1, removed: 0, changed: 0 } });
    expect(stack(report, 'state').blocks).toEqual([{ kind: 'resource', address: 'aws_s3_bucket_versioning.versioning_1', status: 'added', changes: [], likelyReplace: false }]);
    const network = stack(report, 'demo-network');
    expect(network).toMatchObject({ environment: 'dev', cluster: 'demo', resources: { added: 0, removed: 1, changed: 0 } });
    expect(network.blocks.map((b) => [b.status, b.address])).toEqual([
      ['removed', 'oci_core_subnet.nodes_1'],
      ['removed', 'output.vcn_id'],
      ['added', 'output.vcn_cidr'],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));
  });

  it('reports a changed attribute with its old and new value, not flagged for replacement', () => {
    const report = diff((head) => {
      (resources(head, 'demo-cluster').oci_containerengine_node_pool!['pool-a_1']!.node_shape_config as Record<string, number>).ocpus = 1;
    });
    expect(report.terraform).toHaveLength(1);
    expect(stack(report, 'demo-cluster').blocks).toEqual([
      {
        kind: 'resource',
        address: 'oci_containerengine_node_pool.pool-a_1',
        status: 'changed',
        changes: [{ path: 'node_shape_config.ocpus', before: 2, after: 1 }],
        likelyReplace: false,
      },
    ]);
    expect(renderText(report)).toContain('~ node_shape_config.ocpus: 2 -> 1');
    expect(report.environments.find((e) => e.environment === 'dev')).toMatchObject({ status: 'changed', stacks: { changed: 1 }, resources: { changed: 1 } });
  });

  it('flags a CIDR change as likely replace', () => {
    const report = diff((head) => {
      resources(head, 'demo-network').oci_core_subnet!.nodes_1!.cidr_block = '10.0.2.0/24';
    });
    const [block] = stack(report, 'demo-network').blocks;
    expect(block).toMatchObject({ address: 'oci_core_subnet.nodes_1', likelyReplace: true });
    expect(block!.changes).toEqual([{ path: 'cidr_block', before: '10.0.1.0/24', after: '10.0.2.0/24', likelyReplace: 'CIDR' }]);
    expect(stack(report, 'demo-network').resources.likelyReplace).toBe(1);
    expect(renderText(report)).toContain('[likely replace: CIDR]');
    expect(renderMarkdown(report)).toContain('⚠ likely replace (CIDR): cidr_block');
  });

  it('says when a likely replacement hits a resource with prevent_destroy', () => {
    const report = diff((head) => {
      resources(head, 'state').aws_s3_bucket!['state-bucket_1']!.bucket = 'renamed-state';
    });
    expect(stack(report, 'state').blocks[0]!.changes[0]!.likelyReplace).toBe('name; prevent_destroy is set, so the plan will fail');
  });

  it('shows a changed element of a set block as one element removed and one added', () => {
    const report = diff((head) => {
      const list = resources(head, 'demo-network').oci_core_security_list!.public_1!;
      list.ingress_security_rules = [rule('0.0.0.0/0', 443), rule('0.0.0.0/0', 80), rule('198.51.100.0/24', 6443)];
    });
    expect(stack(report, 'demo-network').blocks[0]!.changes).toEqual([
      { path: 'ingress_security_rules[]', before: rule('203.0.113.0/24', 6443) },
      { path: 'ingress_security_rules[]', after: rule('198.51.100.0/24', 6443) },
    ]);
  });

  it('reports a new cluster: its stacks, its gitops folder, a new environment', () => {
    const report = diff((head) => {
      head.outline = { environments: [...head.outline.environments, 'qa'], clusters: [...head.outline.clusters, { name: 'demo-qa', environment: 'qa' }] };
      head.stacks['demo-qa-network'] = { resource: { oci_core_vcn: { vcn_1: { cidr_blocks: ['10.9.0.0/16'] } } }, output: { vcn_id: { value: 'x' } } };
      head.gitops['clusters/demo-qa/flux-system/gotk-sync.yaml'] = [
        { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { path: './gitops/clusters/demo-qa' } },
      ];
    });
    // demo-qa-network must not be mistaken for a stack of cluster demo (longest cluster prefix wins).
    expect(stack(report, 'demo-qa-network')).toMatchObject({ status: 'added', environment: 'qa', cluster: 'demo-qa', resources: { added: 1 } });
    expect(report.gitops).toEqual([expect.objectContaining({ section: 'clusters/demo-qa', status: 'added', environment: 'qa', cluster: 'demo-qa' })]);
    const qa = report.environments.find((e) => e.environment === 'qa');
    expect(qa).toMatchObject({ status: 'added', clustersAdded: ['demo-qa'], stacks: { added: 1 }, objects: { added: 1 } });
    expect(renderText(report)).toContain('qa: new environment; new cluster demo-qa');
  });

  it('reports a removed stack under the environment it had', () => {
    const base = baseFixture();
    const report = diff((head) => {
      delete head.stacks['demo-cluster'];
    }, base);
    expect(stack(report, 'demo-cluster')).toMatchObject({ status: 'removed', environment: 'dev', resources: { removed: 1 } });
  });
});

describe('diff: gitops/', () => {
  it('calls out a HelmRelease chart version bump', () => {
    const report = diff((head) => {
      const [release] = head.gitops['clusters/demo/cert-manager.yaml'] as [{ spec: { chart: { spec: { version: string } } } }];
      release.spec.chart.spec.version = 'v1.21.2';
    });
    expect(report.gitops).toHaveLength(1);
    const section = report.gitops[0]!;
    expect(section).toMatchObject({ section: 'clusters/demo', environment: 'dev', cluster: 'demo', status: 'changed' });
    expect(section.chartBumps).toEqual([{ chart: 'cert-manager', release: 'cert-manager/cert-manager', from: 'v1.21.1', to: 'v1.21.2' }]);
    expect(section.objects).toEqual([
      {
        type: 'object',
        id: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager' },
        status: 'changed',
        file: 'clusters/demo/cert-manager.yaml',
        changes: [{ path: 'spec.chart.spec.version', before: 'v1.21.1', after: 'v1.21.2' }],
        likelyReplace: false,
      },
    ]);
    expect(renderText(report)).toContain('chart cert-manager: v1.21.1 -> v1.21.2');
    expect(renderMarkdown(report)).toContain('cert-manager: v1.21.1 → v1.21.2');
  });

  it('names an OCI chart bump after the HelmRelease that uses the OCIRepository', () => {
    const source = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'podinfo', namespace: 'team-a' }, spec: { url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: { tag: '6.9.2' } } };
    const release = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'web', namespace: 'team-a' }, spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo' } } };
    const base = baseFixture();
    base.gitops['apps/web/release.yaml'] = [source, release];
    const report = diff((head) => {
      head.gitops['apps/web/release.yaml'] = [{ ...source, spec: { ...source.spec, ref: { tag: '6.9.3' } } }, release];
    }, base);
    expect(report.gitops[0]).toMatchObject({ section: 'apps', environment: null });
    // No cluster of the fixture applies apps/: the bump reaches none.
    expect(report.gitops[0]!.chartBumps).toEqual([{ chart: 'podinfo', release: 'team-a/web', from: '6.9.2', to: '6.9.3', clusters: [] }]);
    expect(renderText(report)).toContain('chart podinfo (team-a/web): 6.9.2 -> 6.9.3');
  });

  it('says which clusters a change in a shared tree reaches, and counts its chart bump for their environments', () => {
    const base = baseFixture();
    const kustomize = (resources: string[]) => [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }];
    const source = (tag: string) => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'vault', namespace: 'vault' }, spec: { url: 'oci://example.com/charts/vault', ref: { tag } } });
    base.gitops['clusters/live/kustomization.yaml'] = kustomize(['flux-system', 'infrastructure.yaml']);
    base.gitops['clusters/live/infrastructure.yaml'] = [
      { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'infra', namespace: 'flux-system' }, spec: { path: './gitops/clusters/live/infrastructure' } },
    ];
    base.gitops['clusters/live/infrastructure/kustomization.yaml'] = kustomize(['../../../infrastructure/vault']);
    base.gitops['infrastructure/vault/kustomization.yaml'] = kustomize(['source.yaml']);
    base.gitops['infrastructure/vault/source.yaml'] = [source('0.34.1')];
    base.gitops['infrastructure/unused/source.yaml'] = [{ ...source('1.0.0'), metadata: { name: 'unused', namespace: 'vault' } }];
    const report = diff((head) => {
      head.gitops['infrastructure/vault/source.yaml'] = [source('0.34.2')];
      head.gitops['infrastructure/unused/source.yaml'] = [{ ...source('1.0.1'), metadata: { name: 'unused', namespace: 'vault' } }];
    }, base);
    const shared = report.gitops.find((s) => s.section === 'infrastructure')!;
    expect(shared.chartBumps).toEqual([
      { chart: 'vault', release: 'vault/unused', from: '1.0.0', to: '1.0.1', clusters: [] },
      { chart: 'vault', release: 'vault/vault', from: '0.34.1', to: '0.34.2', clusters: ['live'] },
    ]);
    expect(shared.objects.map((o) => [o.id.name, o.clusters])).toEqual([['unused', []], ['vault', ['live']]]);
    expect(report.environments.find((e) => e.environment === 'prod')).toMatchObject({ status: 'changed', chartBumps: [expect.objectContaining({ chart: 'vault', to: '0.34.2' })] });
    expect(report.environments.find((e) => e.environment === 'dev')).toMatchObject({ status: 'unchanged', chartBumps: [] });
    expect(renderText(report)).toContain('in infrastructure/unused/source.yaml (applied by no cluster)');
  });

  it('matches objects by identity, not file, and diffs containers by name', () => {
    const report = diff((head) => {
      const [deployment] = head.gitops['apps/web/deployment.yaml'] as [{ spec: { template: { spec: { containers: { name: string; image: string }[] } } } }];
      const containers = deployment.spec.template.spec.containers;
      containers.reverse();
      containers.find((c) => c.name === 'web')!.image = 'ghcr.io/example/web:1.1.0';
      delete head.gitops['apps/web/deployment.yaml'];
      head.gitops['apps/web/moved.yaml'] = [deployment];
    });
    const [object] = report.gitops[0]!.objects;
    expect(object).toMatchObject({ status: 'changed', file: 'apps/web/moved.yaml', likelyReplace: false });
    expect(object!.changes).toEqual([{ path: 'spec.template.spec.containers[name=web].image', before: 'ghcr.io/example/web:1.0.0', after: 'ghcr.io/example/web:1.1.0' }]);
  });

  it('flags a change to an immutable field (a Deployment selector)', () => {
    const report = diff((head) => {
      const [deployment] = head.gitops['apps/web/deployment.yaml'] as [{ spec: { selector: { matchLabels: Record<string, string> } } }];
      deployment.spec.selector.matchLabels['app.kubernetes.io/name'] = 'web';
    });
    const [object] = report.gitops[0]!.objects;
    expect(object!.changes).toEqual([{ path: 'spec.selector.matchLabels["app.kubernetes.io/name"]', after: 'web', likelyReplace: 'immutable spec.selector' }]);
    expect(report.environments.find((e) => e.environment === null)).toMatchObject({ objects: { changed: 1, likelyReplace: 1 } });
  });

  it('reports objects added and removed, and compares kustomization.yaml and .sops.yaml as files', () => {
    const report = diff((head) => {
      head.gitops['clusters/demo/flux-system/kustomization.yaml'] = [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-sync.yaml', 'gotk-components.yaml'] }];
      head.gitops['.sops.yaml'] = 'creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    age: age1other\n';
      head.gitops['clusters/demo/cert-manager.yaml'] = (head.gitops['clusters/demo/cert-manager.yaml'] as unknown[]).slice(0, 1);
      head.gitops['clusters/demo/issuer.yaml'] = [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' }, spec: { acme: {} } }];
    });
    const demo = report.gitops.find((s) => s.section === 'clusters/demo')!;
    expect(demo.objects.map((o) => [o.status, o.id.kind, o.id.name])).toEqual([
      ['added', 'ClusterIssuer', 'letsencrypt'],
      ['removed', 'HelmRepository', 'jetstack'],
    ]);
    expect(demo.files).toEqual([
      { type: 'file', file: 'clusters/demo/flux-system/kustomization.yaml', status: 'changed', changes: [{ path: 'resources[]', after: 'gotk-components.yaml' }] },
    ]);
    const root = report.gitops.find((s) => s.section === '(root)')!;
    expect(root.files).toEqual([
      { type: 'file', file: '.sops.yaml', status: 'changed', changes: [{ path: 'creation_rules[path_regex=.*\\.sops\\.yaml$].age', before: 'age1example', after: 'age1other' }] },
    ]);
  });
});
