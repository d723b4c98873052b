import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isFailure, RULES, runPolicies } from '../../policy/index';
import { check, deployment, dump, EXTERNAL, gitops, kustomize, platform, ruleIds, stacks } from './fixtures';

describe('policy engine', () => {
  it('gitops-unparsable: fires for a file that is not YAML, quiet otherwise', () => {
    const t = gitops();
    t.set('tenants/dev/broken.yaml', 'kind: [\n');
    const findings = check({ gitops: t });
    expect(ruleIds(findings)).toEqual(['gitops-unparsable']);
    expect(findings[0]!.message).toMatch(/^gitops\/tenants\/dev\/broken\.yaml:\d+: document 1 is not valid YAML/);
    expect(check().filter((f) => f.rule === 'gitops-unparsable')).toEqual([]);
  });

  it('every finding has a known rule, its severity, a resource and a message naming where', () => {
    const s = stacks();
    s.get('state')!.resource.aws_s3_bucket_versioning.versioning.versioning_configuration.status = 'Suspended';
    s.get('staging-cluster')!.resource.hcloud_server.cp.server_type = 'cx22';
    const t = gitops();
    t.set('tenants/dev/web.yaml', dump(deployment({ spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } })));
    const findings = check({ stacks: s, gitops: t });
    expect(ruleIds(findings)).toEqual(['app-workload-resources', 'hcloud-server-type-withdrawn', 'image-unpinned', 'state-bucket-versioning']);
    for (const f of findings) {
      expect(f.severity).toBe(RULES[f.rule as keyof typeof RULES].severity);
      expect(f.resource).not.toBe('');
      expect(f.message).toMatch(/^(stack [a-z-]+: |gitops\/|cluster )/);
      expect(isFailure(f)).toBe(true);
    }
  });

  it('an object two clusters sync is reported once', () => {
    const p = platform();
    (p.clusters[1] as { tenants: Record<string, unknown> }).tenants = { 'team-a': {} };
    const t = gitops();
    t.set('clusters/staging/kustomization.yaml', kustomize(['../dev/tenants.yaml']));
    t.set('tenants/dev/web.yaml', dump(deployment({ spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } })));
    const findings = runPolicies({ stacks: stacks(), gitops: t, platform: p, externalSecrets: EXTERNAL });
    expect(findings.map((f) => f.rule)).toEqual(['app-workload-resources']);
  });

  it('is one pass: 900 objects (about 500 KB of YAML, parsing dominates) in a few seconds at most', () => {
    const t = gitops();
    const objects = Array.from({ length: 300 }, (_, i) => [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'team-a' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'team-a' }, spec: { type: 'ClusterIP', ports: [{ port: 80 }] } },
      deployment({ metadata: { name: `d${i}` } }),
    ]).flat();
    t.set('tenants/dev/many.yaml', objects.map((o) => stringify(o)).join('---\n'));
    t.set('tenants/dev/kustomization.yaml', kustomize(['team-a.yaml', 'web.yaml', 'many.yaml']));
    const started = performance.now();
    const findings = check({ gitops: t });
    const ms = performance.now() - started;
    expect(findings).toEqual([]);
    expect(ms).toBeLessThan(3000);
  });
});
