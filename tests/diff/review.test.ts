import { describe, expect, it } from 'vitest';
import { compareTrees } from '../../cli/diff/compare';
import { effectiveReleases } from '../../cli/diff/effective';
import { readGitops } from '../../cli/diff/manifests';
import { renderMarkdown } from '../../cli/diff/render-markdown';
import { renderText } from '../../cli/diff/render-text';
import type { DiffReport } from '../../cli/diff/types';
import { clone, kustomization, platformFixture, side, valuesPatch, type SideFixture } from './fixtures';

/** The report of `edit` applied to a copy of `base` (the platform fixture unless given). */
function diff(edit: (head: SideFixture) => void, base: SideFixture = platformFixture()): DiffReport {
  const head = clone(base);
  edit(head);
  return compareTrees(side(base, 'main'), side(head, 'working tree'));
}

function lines(text: string): string[] {
  return text.split('\n');
}

const CONTROLLERS = (cluster: string) => `clusters/${cluster}/infrastructure/controllers`;
const SHARED = (name: string) => `../../../../infrastructure/controllers/${name}`;

describe('diff for reviewers: components per cluster', () => {
  it('reads "enable vault on a cluster" as one line, and the kustomization insertion as one entry added', () => {
    // Inserted before loki, the way synth orders components: not a rewrite of loki's index.
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('live')}/kustomization.yaml`] = kustomization([SHARED('cert-manager'), SHARED('vault'), SHARED('loki')], ['loki/values-environment.yaml']);
    });
    expect(report.components).toEqual([
      { cluster: 'live', environment: 'prod', status: 'changed', changes: [{ release: 'vault/vault', name: 'vault', chart: 'vault', status: 'added', to: '0.34.1' }] },
    ]);
    const text = lines(renderText(report));
    expect(text).toContain('  + vault 0.34.1 enabled on live');
    expect(text).toContain(`      + resources[]: "${SHARED('vault')}"`);
    expect(text.filter((l) => l.includes('resources'))).toHaveLength(1);
    // Its values are the ones it gets, field by field.
    expect(text).toContain('    + vault/vault: .server.ha.enabled: false');
    const markdown = lines(renderMarkdown(report));
    expect(markdown).toContain('+ vault 0.34.1 enabled on live');
    expect(markdown.indexOf('**Components**')).toBeLessThan(markdown.indexOf('#### Terraform') === -1 ? Infinity : markdown.indexOf('#### Terraform'));
  });

  it('reads a component turned off and a chart version bump per cluster', () => {
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('demo')}/kustomization.yaml`] = kustomization([SHARED('cert-manager')]);
      head.gitops['infrastructure/controllers/cert-manager/helm-release.yaml'] = (head.gitops['infrastructure/controllers/cert-manager/helm-release.yaml'] as Record<string, any>[]).map((r) => {
        const copy = structuredClone(r);
        copy.spec.chart.spec.version = 'v1.21.2';
        return copy;
      });
    });
    const text = lines(renderText(report));
    // The same bump on both clusters: one line naming both.
    expect(text.filter((l) => / on (demo|live)/.test(l))).toEqual(['  ~ cert-manager v1.21.1 -> v1.21.2 on demo, live', '  - loki 6.46.0 disabled on demo']);
    // A component turned off shows no values: they go with it.
    expect(report.values?.filter((v) => v.release === 'loki/loki')).toEqual([]);
  });

  it('reads a component of plain manifests (no chart) by its shared folder, and a chart component once', () => {
    const base = platformFixture();
    base.gitops['infrastructure/controllers/system-upgrade/kustomization.yaml'] = kustomization(['deployment.yaml']);
    base.gitops['infrastructure/controllers/system-upgrade/deployment.yaml'] = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'system-upgrade-controller', namespace: 'system-upgrade' }, spec: {} }];
    base.gitops['infrastructure/configs/vault/kustomization.yaml'] = kustomization(['policy.yaml']);
    base.gitops['infrastructure/configs/vault/policy.yaml'] = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vault-policy', namespace: 'vault' }, data: {} }];
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('live')}/kustomization.yaml`] = kustomization(
        [SHARED('cert-manager'), SHARED('loki'), SHARED('system-upgrade'), SHARED('vault'), '../../../../infrastructure/configs/vault'],
        ['loki/values-environment.yaml'],
      );
    }, base);
    const text = lines(renderText(report));
    expect(text.filter((l) => / (enabled|disabled) on /.test(l))).toEqual(['  + system-upgrade (manifests) enabled on live', '  + vault 0.34.1 enabled on live']);
    expect(report.components![0]!.changes[0]).toEqual({ release: 'infrastructure/controllers/system-upgrade', name: 'system-upgrade', chart: 'system-upgrade', manifests: 'infrastructure/controllers/system-upgrade', status: 'added' });
  });

  it('lists a new cluster on one line with its components', () => {
    const base = platformFixture();
    const report = diff((head) => {
      head.outline = { ...head.outline, clusters: [...head.outline.clusters, { name: 'extra', environment: 'prod' }] };
      for (const [file, content] of Object.entries(base.gitops)) {
        if (file.startsWith('clusters/live/')) head.gitops[file.replace('clusters/live/', 'clusters/extra/').replace('/live/', '/extra/')] = JSON.parse(JSON.stringify(content).replaceAll('clusters/live', 'clusters/extra'));
      }
    }, base);
    expect(lines(renderText(report))).toContain('  + new cluster extra with 2 components: cert-manager v1.21.1, loki 6.46.0');
    // A new cluster's values are not listed one by one.
    expect(report.values).toEqual([]);
  });
});

describe('diff for reviewers: effective values', () => {
  it('shows a first values override as the values it sets, and not as a patch file', () => {
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('demo')}/loki/values-cluster.yaml`] = valuesPatch('loki', 'loki', { loki: { limits_config: { retention_period: '336h', max_query_series: 5000 } } });
      head.gitops[`${CONTROLLERS('demo')}/kustomization.yaml`] = kustomization([SHARED('cert-manager'), SHARED('loki')], ['loki/values-environment.yaml', 'loki/values-cluster.yaml']);
    });
    expect(report.values).toEqual([
      {
        cluster: 'demo',
        environment: 'dev',
        release: 'loki/loki',
        status: 'changed',
        changes: [
          { path: 'loki.limits_config.max_query_series', after: 5000 },
          { path: 'loki.limits_config.retention_period', before: '168h', after: '336h' },
        ],
      },
    ]);
    const text = lines(renderText(report));
    expect(text).toContain('    ~ loki/loki: .loki.limits_config.retention_period: 168h -> 336h');
    expect(text).toContain('    + loki/loki: .loki.limits_config.max_query_series: 5000');
    expect(text).toContain('  1 HelmRelease values change: shown merged under Effective values');
    expect(text.some((l) => l.includes('HelmRelease loki/loki') && l.includes('values-cluster.yaml'))).toBe(false);
    // The kustomization's patches: one entry added, by path.
    expect(text).toContain('      + patches[path=loki/values-cluster.yaml]: {"path":"loki/values-cluster.yaml"}');
    const markdown = renderMarkdown(report);
    expect(lines(markdown)).toContain('~ loki/loki: .loki.limits_config.retention_period: 168h -> 336h');
    expect(markdown).toContain('<details open><summary>~ <code>demo</code> (dev): 2 values of 1 HelmRelease</summary>');
    expect(markdown).not.toContain('values-cluster.yaml (helm.toolkit');
  });

  it('shows a multi-line text value (a config file in values) by the lines it changes', () => {
    const config = (retention: string) => `auth_enabled: false\nlimits_config:\n  retention_period: ${retention}\n  max_streams: 100\n`;
    const base = platformFixture();
    base.gitops[`${CONTROLLERS('demo')}/loki/values-environment.yaml`] = valuesPatch('loki', 'loki', { singleBinary: { replicas: 2 }, configText: config('168h') });
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('demo')}/loki/values-environment.yaml`] = valuesPatch('loki', 'loki', { singleBinary: { replicas: 2 }, configText: config('336h'), extraText: 'a\nb' });
    }, base);
    const text = lines(renderText(report));
    const at = text.indexOf('    ~ loki/loki: .configText: text, 2 lines changed');
    expect(text.slice(at, at + 6)).toEqual([
      '    ~ loki/loki: .configText: text, 2 lines changed',
      '    -     retention_period: 168h',
      '    +     retention_period: 336h',
      '    + loki/loki: .extraText: text of 2 lines',
      '    +   a',
      '    +   b',
    ]);
    expect(lines(renderMarkdown(report))).toContain('-     retention_period: 168h');
  });

  it('merges the tiers in order: a base value shadowed by a later tier does not change what the cluster gets', () => {
    const report = diff((head) => {
      // singleBinary.replicas: base 1 -> 3, but the environment tier sets 2 for both clusters.
      head.gitops['infrastructure/controllers/loki/helm-release.yaml'] = (head.gitops['infrastructure/controllers/loki/helm-release.yaml'] as Record<string, any>[]).map((r) => {
        const copy = structuredClone(r);
        copy.spec.values.singleBinary.replicas = 3;
        copy.spec.values.loki.limits_config.retention_period = '72h';
        return copy;
      });
    });
    expect(report.values?.map((v) => [v.cluster, v.release, v.changes])).toEqual([
      ['demo', 'loki/loki', [{ path: 'loki.limits_config.retention_period', before: '168h', after: '72h' }]],
      ['live', 'loki/loki', [{ path: 'loki.limits_config.retention_period', before: '168h', after: '72h' }]],
    ]);
    // The same change on both clusters reads once, with the clusters it reaches.
    const text = lines(renderText(report));
    const at = text.indexOf('  demo, live (dev, prod)');
    expect(text.slice(at, at + 3)).toEqual(['  demo, live (dev, prod)', '    ~ loki/loki: .loki.limits_config.retention_period: 168h -> 72h', '']);
    expect(renderMarkdown(report)).toContain('<details open><summary>~ <code>demo</code>, <code>live</code> (dev, prod): 1 value of 1 HelmRelease</summary>');
  });

  it('merges valuesFrom ConfigMaps in order, then spec.values, as helm-controller does', () => {
    const base = platformFixture();
    const configMap = (name: string, text: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'loki' }, data: { 'values.yaml': text } });
    base.gitops[`${CONTROLLERS('demo')}/loki/values-from.yaml`] = valuesPatch('loki', 'loki', {});
    (base.gitops[`${CONTROLLERS('demo')}/loki/values-from.yaml`] as Record<string, any>[])[0]!.spec = {
      valuesFrom: [
        { kind: 'ConfigMap', name: 'first' },
        { kind: 'ConfigMap', name: 'second' },
      ],
    };
    base.gitops[`${CONTROLLERS('demo')}/loki/config-maps.yaml`] = [configMap('first', 'gateway:\n  replicas: 1\n'), configMap('second', 'gateway:\n  replicas: 2\n')];
    base.gitops[`${CONTROLLERS('demo')}/kustomization.yaml`] = kustomization(
      [SHARED('cert-manager'), SHARED('loki'), 'loki/config-maps.yaml'],
      ['loki/values-environment.yaml', 'loki/values-from.yaml'],
    );
    const releases = effectiveReleases(readGitops(side(base, 'main').gitops));
    expect(releases.get('demo')!.get('loki/loki')!.values).toMatchObject({ gateway: { replicas: 2 }, singleBinary: { replicas: 2 } });
    const report = diff((head) => {
      head.gitops[`${CONTROLLERS('demo')}/loki/config-maps.yaml`] = [configMap('first', 'gateway:\n  replicas: 1\n'), configMap('second', 'gateway:\n  replicas: 3\n')];
    }, base);
    expect(lines(renderText(report))).toContain('    ~ loki/loki: .gateway.replicas: 2 -> 3');
  });
});

describe('diff for reviewers: lists compared by identity', () => {
  it('reads a new .sops.yaml creation rule inserted first as one rule added', () => {
    const report = diff((head) => {
      head.gitops['.sops.yaml'] = `creation_rules:\n  - path_regex: clusters/extra/.*\\.sops\\.yaml$\n    age: age1extra\n${(head.gitops['.sops.yaml'] as string).split('\n').slice(1).join('\n')}`;
    });
    const root = report.gitops.find((s) => s.section === '(root)')!;
    expect(root.files[0]!.changes).toEqual([{ path: 'creation_rules[path_regex=clusters/extra/.*\\.sops\\.yaml$]', after: { path_regex: 'clusters/extra/.*\\.sops\\.yaml$', age: 'age1extra' } }]);
    expect(lines(renderText(report))).toContain('      + creation_rules[path_regex=clusters/extra/.*\\.sops\\.yaml$]: {"path_regex":"clusters/extra/.*\\\\.sops\\\\.yaml$","age":"age1extra"}');
  });

  it('says when the order of creation rules changes (the first match wins)', () => {
    const report = diff((head) => {
      const [, first, firstAge, second, secondAge] = (head.gitops['.sops.yaml'] as string).split('\n');
      head.gitops['.sops.yaml'] = ['creation_rules:', second, secondAge, first, firstAge, ''].join('\n');
    });
    expect(report.gitops[0]!.files[0]!.changes).toEqual([
      { path: 'creation_rules (order)', before: ['path_regex=clusters/demo/.*\\.sops\\.yaml$', 'path_regex=clusters/live/.*\\.sops\\.yaml$'], after: ['path_regex=clusters/live/.*\\.sops\\.yaml$', 'path_regex=clusters/demo/.*\\.sops\\.yaml$'] },
    ]);
  });

  it('matches entries of other lists by name (a stacks list)', () => {
    const base = platformFixture();
    base.gitops['stacks.json'] = JSON.stringify({ stacks: [{ name: 'demo-cluster', layer: 'cluster' }, { name: 'demo-dns', layer: 'dns' }] });
    const report = diff((head) => {
      head.gitops['stacks.json'] = JSON.stringify({ stacks: [{ name: 'demo-network', layer: 'network' }, { name: 'demo-cluster', layer: 'cluster' }, { name: 'demo-dns', layer: 'edge' }] });
    }, base);
    expect(report.gitops[0]!.files[0]!.changes).toEqual([
      { path: 'stacks[name=demo-dns].layer', before: 'dns', after: 'edge' },
      { path: 'stacks[name=demo-network]', after: { name: 'demo-network', layer: 'network' } },
    ]);
  });
});

describe('diff for reviewers: removed clusters and stacks, DNS moves', () => {
  it('warns loudly that a removed cluster leaves its cloud resources running, and names the destroy command', () => {
    const report = diff((head) => {
      head.outline = { environments: ['dev', 'prod'], clusters: [{ name: 'demo', environment: 'dev' }] };
      delete head.stacks['live-cluster'];
      delete head.stacks['live-dns'];
      for (const file of Object.keys(head.gitops)) if (file.startsWith('clusters/live/')) delete head.gitops[file];
    });
    expect(report.warnings).toHaveLength(1);
    const [warning] = report.warnings!;
    expect(warning).toMatchObject({ kind: 'cloud-resources-left', subject: 'live', command: 'npm run destroy -- live --from 0123456789ab' });
    expect(warning!.resources!.map((r) => [r.stack, r.address, r.name, r.preventDestroy])).toEqual([
      ['live-cluster', 'hcloud_server.server-1_1', 'live-server-1', false],
      ['live-cluster', 'hcloud_server.server-2_1', 'live-server-2', false],
      ['live-cluster', 'hcloud_volume.data_1', 'live-data', true],
      ['live-dns', 'cloudflare_dns_record.dns_apex_1', 'live.example.org', false],
      ['live-dns', 'cloudflare_zone.dns_zone_1', 'example.org', true],
    ]);
    const text = lines(renderText(report));
    expect(text).toContain(
      '!!! Cluster live (stacks live-cluster, live-dns) is removed, but its cloud resources keep running (and costing) until they are destroyed: 5 resources in 2 stacks. ' +
        '2 have prevent_destroy: the destroy stops on them unless --keep-protected leaves them in the cloud, no longer managed. ' +
        'Destroy them with `npm run destroy -- live --from 0123456789ab` (before or after the merge; --dry-run first shows the plan).',
    );
    expect(text).toContain('    live-cluster: hcloud_volume.data_1 (name "live-data") — prevent_destroy');
    expect(text).toContain('  - cluster live removed with its 2 components: cert-manager v1.21.1, loki 6.46.0');
    const markdown = lines(renderMarkdown(report));
    // Above the summary table.
    expect(markdown.indexOf('> [!CAUTION]')).toBeGreaterThan(0);
    expect(markdown.indexOf('> [!CAUTION]')).toBeLessThan(markdown.findIndex((l) => l.startsWith('| Environment')));
    expect(markdown).toContain('> prevent_destroy: `live-cluster: hcloud_volume.data_1`, `live-dns: cloudflare_zone.dns_zone_1`');
    expect(markdown).toContain('- `live-cluster: hcloud_server.server-1_1 (name "live-server-1")`');
  });

  it('warns about a stack removed from a cluster that stays, with the stack destroy command', () => {
    const report = diff((head) => {
      delete head.stacks['demo-dns'];
    });
    expect(report.warnings?.map((w) => [w.subject, w.command, w.resources?.length])).toEqual([['demo-dns', 'npm run destroy -- demo-dns --from 0123456789ab', 2]]);
    expect(renderText(report)).toContain('!!! Stack demo-dns is removed, but its cloud resources keep running');
  });

  it('says what an OKE cluster made itself is in no Terraform state', () => {
    const base = platformFixture();
    base.stacks['demo-cluster'] = { resource: { oci_containerengine_cluster: { oke_1: { name: 'demo' } } } };
    const report = diff((head) => {
      delete head.stacks['demo-cluster'];
    }, base);
    expect(report.warnings![0]!.message).toContain('Load balancers and block volumes the cluster made itself are in no Terraform state: delete its LoadBalancer Services and PersistentVolumeClaims first.');
  });

  it('warns about delegation when a cluster moves to another DNS provider or zone', () => {
    const report = diff((head) => {
      head.stacks['live-dns'] = {
        resource: {
          aws_route53_zone: { dns_zone_1: { name: 'example.org', lifecycle: { prevent_destroy: true } } },
          aws_route53_record: { dns_apex_1: { name: 'live.example.org', type: 'A', records: ['192.0.2.1'], zone_id: '${aws_route53_zone.dns_zone_1.zone_id}' } },
        },
      };
      (head.stacks['demo-dns']!.resource as any).cloudflare_zone.dns_zone_1.name = 'example.net';
    });
    expect(report.warnings?.map((w) => [w.kind, w.subject])).toEqual([
      ['dns-delegation', 'demo'],
      ['dns-delegation', 'live'],
    ]);
    const text = renderText(report);
    expect(text).toContain("!!! DNS of cluster live moves from cloudflare zone example.org to route53 zone example.org: the names resolve through it only once the registrar's NS records for the zone point at its provider's name servers (delegation).");
    expect(text).toContain('!!! DNS of cluster demo moves from cloudflare zone example.com to cloudflare zone example.net');
    expect(renderMarkdown(report)).toContain('> [!WARNING]\n> DNS of cluster live moves');
  });

  it('warns about delegation when a cluster now creates its zone (a new cluster, or one that looked it up before)', () => {
    const base = platformFixture();
    base.stacks['demo-dns'] = { data: { cloudflare_zone: { dns_zone_1: { filter: { name: 'example.com' } } } } };
    const report = diff((head) => {
      head.stacks['demo-dns'] = platformFixture().stacks['demo-dns']!;
      head.outline = { ...head.outline, clusters: [...head.outline.clusters, { name: 'extra', environment: 'prod' }] };
      head.stacks['extra-dns'] = { resource: { aws_route53_zone: { zone_1: { name: 'extra.example.net.' } } } };
    }, base);
    expect(report.warnings?.map((w) => w.message)).toEqual([
      "Cluster demo now creates cloudflare zone example.com: the names resolve through it only once the registrar's NS records for the zone point at its provider's name servers (delegation). Set them at the registrar once the zone exists.",
      "Cluster extra now creates route53 zone extra.example.net: the names resolve through it only once the registrar's NS records for the zone point at its provider's name servers (delegation). Set them at the registrar once the zone exists.",
    ]);
  });

  it('says nothing about DNS or destroying when neither moves', () => {
    const report = diff((head) => {
      (head.stacks['live-dns']!.resource as any).cloudflare_dns_record.dns_apex_1.content = '192.0.2.2';
    });
    expect(report.changed).toBe(true);
    expect(report.warnings).toEqual([]);
  });
});

describe('diff for reviewers: the pull-request comment', () => {
  it('renders a cluster removed, a component enabled and a first values override (snapshot)', async () => {
    const report = diff((head) => {
      head.outline = { environments: ['dev', 'prod'], clusters: [{ name: 'live', environment: 'prod' }] };
      delete head.stacks['demo-cluster'];
      delete head.stacks['demo-dns'];
      for (const file of Object.keys(head.gitops)) if (file.startsWith('clusters/demo/')) delete head.gitops[file];
      head.gitops[`${CONTROLLERS('live')}/kustomization.yaml`] = kustomization(
        [SHARED('cert-manager'), SHARED('vault'), SHARED('loki')],
        ['loki/values-environment.yaml', 'loki/values-cluster.yaml'],
      );
      head.gitops[`${CONTROLLERS('live')}/loki/values-cluster.yaml`] = valuesPatch('loki', 'loki', { loki: { limits_config: { retention_period: '336h' } } });
    });
    await expect(renderMarkdown(report)).toMatchFileSnapshot('./__snapshots__/review.md');
    await expect(renderText(report)).toMatchFileSnapshot('./__snapshots__/review.txt');
  });
});
