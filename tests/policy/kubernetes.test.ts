import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../policy/index';
import { check, deployment, dump, gitops, kustomize, OCI_FREE_LB, platform, ruleIds, type Json } from './fixtures';

/** The fixture tree with one change made by `edit`. */
function withTree(edit: (t: Map<string, string>) => void): Finding[] {
  const t = gitops();
  edit(t);
  return check({ gitops: t });
}

/** Rewrites the documents of one file. */
function editDocs(t: Map<string, string>, file: string, edit: (docs: Json[]) => Json[] | void): void {
  const docs = parseAllDocuments(t.get(file)!).map((d) => d.toJS() as Json);
  t.set(file, dump(...(edit(docs) ?? docs)));
}

/** Adds a file to the infrastructure kustomization of cluster dev. */
function addInfra(t: Map<string, string>, name: string, ...objects: Json[]): void {
  t.set(`infrastructure/dev/${name}`, dump(...objects));
  t.set('infrastructure/dev/kustomization.yaml', kustomize(['cert-manager.yaml', 'envoy-gateway.yaml', name]));
}

const helmRelease = (name: string, namespace: string, spec: Json, apiVersion = 'helm.toolkit.fluxcd.io/v2') => ({ apiVersion, kind: 'HelmRelease', metadata: { name, namespace }, spec: { interval: '30m', ...spec } });
const helmRepo = (name: string, namespace: string, url: string) => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name, namespace }, spec: { interval: '1h', url } });
const chart = (name: string, version: string | undefined, repo: string) => ({ chart: { spec: { chart: name, ...(version ? { version } : {}), sourceRef: { kind: 'HelmRepository', name: repo } } } });

describe('flux-api-removed', () => {
  it('fires for every removed Flux API version, naming file, kind, namespace/name and the replacement', () => {
    const removed: [string, string, string][] = [
      ['helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease', 'helm.toolkit.fluxcd.io/v2'],
      ['helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease', 'helm.toolkit.fluxcd.io/v2'],
      ['source.toolkit.fluxcd.io/v1beta1', 'GitRepository', 'source.toolkit.fluxcd.io/v1'],
      ['source.toolkit.fluxcd.io/v1beta2', 'OCIRepository', 'source.toolkit.fluxcd.io/v1'],
      ['kustomize.toolkit.fluxcd.io/v1beta1', 'Kustomization', 'kustomize.toolkit.fluxcd.io/v1'],
      ['kustomize.toolkit.fluxcd.io/v1beta2', 'Kustomization', 'kustomize.toolkit.fluxcd.io/v1'],
      ['notification.toolkit.fluxcd.io/v1beta1', 'Alert', 'notification.toolkit.fluxcd.io/v1beta3'],
      ['notification.toolkit.fluxcd.io/v1beta2', 'Receiver', 'notification.toolkit.fluxcd.io/v1'],
    ];
    for (const [apiVersion, kind, replacement] of removed) {
      const findings = withTree((t) => addInfra(t, 'old.yaml', { apiVersion, kind, metadata: { name: 'old', namespace: 'flux-system' }, spec: {} }));
      const mine = findings.filter((f) => f.rule === 'flux-api-removed');
      expect(mine, apiVersion).toHaveLength(1);
      expect(mine[0]!.message).toContain(`gitops/infrastructure/dev/old.yaml:1: ${apiVersion} ${kind} flux-system/old`);
      expect(mine[0]!.message).toContain(`write it as ${replacement}`);
      expect(mine[0]!.resource).toBe(`gitops/infrastructure/dev/old.yaml:${kind}/flux-system/old`);
    }
  });

  it('is quiet for the current versions (v1, v2, v1beta3 Alert)', () => {
    const findings = withTree((t) => addInfra(t, 'alert.yaml', { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'a', namespace: 'flux-system' }, spec: {} }));
    expect(findings).toEqual([]);
  });
});

describe('ingress-nginx-retired', () => {
  it('warns for an ingress-nginx HelmRelease (by chart name or repository)', () => {
    const findings = withTree((t) =>
      addInfra(t, 'nginx.yaml', helmRepo('ingress-nginx', 'ingress-nginx', 'https://kubernetes.github.io/ingress-nginx'), helmRelease('ingress-nginx', 'ingress-nginx', { ...chart('ingress-nginx', '4.15.1', 'ingress-nginx'), values: { controller: { service: { type: 'ClusterIP' } } } })),
    );
    expect(ruleIds(findings)).toEqual(['ingress-nginx-retired']);
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.message).toMatch(/HelmRelease ingress-nginx\/ingress-nginx installs ingress-nginx, retired/);
  });

  it('is quiet for envoy-gateway', () => {
    expect(check().filter((f) => f.rule === 'ingress-nginx-retired')).toEqual([]);
  });
});

describe('promtail-eol', () => {
  it('fires for a promtail HelmRelease, a loki-stack with promtail on, and a promtail image', () => {
    const repo = helmRepo('grafana', 'monitoring', 'https://grafana.github.io/helm-charts');
    const promtail = withTree((t) => addInfra(t, 'p.yaml', repo, helmRelease('promtail', 'monitoring', chart('promtail', '6.17.0', 'grafana'))));
    expect(ruleIds(promtail)).toEqual(['promtail-eol']);
    const stack = withTree((t) => addInfra(t, 'p.yaml', repo, helmRelease('logs', 'monitoring', chart('loki-stack', '2.10.2', 'grafana'))));
    expect(ruleIds(stack)).toEqual(['promtail-eol']);
    const image = withTree((t) => addInfra(t, 'p.yaml', { ...deployment({ metadata: { name: 'agent', namespace: 'monitoring' } }), kind: 'DaemonSet', spec: { ...deployment().spec, template: { spec: { containers: [{ name: 'promtail', image: 'docker.io/grafana/promtail:3.5.1' }] } } } }));
    expect(ruleIds(image)).toEqual(['promtail-eol']);
  });

  it('is quiet for loki-stack with promtail disabled and for alloy', () => {
    const repo = helmRepo('grafana', 'monitoring', 'https://grafana.github.io/helm-charts');
    const findings = withTree((t) => addInfra(t, 'p.yaml', repo, helmRelease('logs', 'monitoring', { ...chart('loki-stack', '2.10.2', 'grafana'), values: { promtail: { enabled: false } } }), helmRelease('alloy', 'monitoring', chart('alloy', '1.4.0', 'grafana'))));
    expect(findings).toEqual([]);
  });
});

describe('helm-chart-unpinned', () => {
  it('fires for a missing version, a range, an OCIRepository semver or missing tag, and a chartRef to nothing', () => {
    const repo = helmRepo('r', 'apps', 'https://example.org/charts');
    const cases: [Json[], RegExp][] = [
      [[repo, helmRelease('a', 'apps', chart('a', undefined, 'r'))], /has no spec\.chart\.spec\.version/],
      [[repo, helmRelease('a', 'apps', chart('a', '>=1.0.0', 'r'))], /">=1\.0\.0", a range or wildcard/],
      [[repo, helmRelease('a', 'apps', chart('a', '1.2.x', 'r'))], /a range or wildcard/],
      [[{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'a', namespace: 'apps' }, spec: { url: 'oci://x/a', ref: { semver: '>=1.0.0' } } }, helmRelease('a', 'apps', { chartRef: { kind: 'OCIRepository', name: 'a' } })], /selects a semver range/],
      [[{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'a', namespace: 'apps' }, spec: { url: 'oci://x/a' } }, helmRelease('a', 'apps', { chartRef: { kind: 'OCIRepository', name: 'a' } })], /no ref\.tag/],
      [[helmRelease('a', 'apps', { chartRef: { kind: 'OCIRepository', name: 'missing' } })], /not in the gitops tree/],
    ];
    for (const [objects, message] of cases) {
      const findings = withTree((t) => addInfra(t, 'a.yaml', ...objects));
      expect(ruleIds(findings)).toEqual(['helm-chart-unpinned']);
      expect(findings[0]!.message).toMatch(message);
      expect(findings[0]!.message).toContain('gitops/infrastructure/dev/a.yaml');
    }
  });

  it('is quiet for exact versions, v-prefixed versions, exact OCI tags and digests', () => {
    const repo = helmRepo('r', 'apps', 'https://example.org/charts');
    const digest = `sha256:${'a'.repeat(64)}`;
    const findings = withTree((t) =>
      addInfra(
        t,
        'a.yaml',
        repo,
        helmRelease('a', 'apps', chart('a', '1.2.3', 'r')),
        helmRelease('b', 'apps', chart('b', 'v2.0.0-rc.1', 'r')),
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'c', namespace: 'apps' }, spec: { url: 'oci://x/c', ref: { digest } } },
        helmRelease('c', 'apps', { chartRef: { kind: 'OCIRepository', name: 'c' } }),
      ),
    );
    expect(findings).toEqual([]);
  });
});

describe('image-unpinned', () => {
  it('fires for latest, a missing tag and a moving tag, in every workload kind', () => {
    for (const [image, message] of [
      ['nginx', /has no tag/],
      ['docker.io/library/nginx:latest', /moving tag latest/],
      ['registry:5000/team/app', /has no tag/],
      ['ghcr.io/x/y:stable', /moving tag stable/],
    ] as const) {
      const findings = withTree((t) => editDocs(t, 'tenants/dev/web.yaml', ([d]) => [deployment({ spec: { template: { spec: { ...d!.spec.template.spec, containers: [{ ...d!.spec.template.spec.containers[0], image }] } } } })]));
      expect(ruleIds(findings), image).toEqual(['image-unpinned']);
      expect(findings[0]!.message).toMatch(message);
      expect(findings[0]!.message).toContain('gitops/tenants/dev/web.yaml:1: apps/v1 Deployment team-a/web containers web');
    }
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'ops' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'b', image: 'alpine:3.22' }] } } } } } };
    const findings = withTree((t) => addInfra(t, 'cron.yaml', cron));
    expect(ruleIds(findings)).toEqual(['image-unpinned']);
    expect(findings[0]!.message).toContain('initContainers init: image busybox has no tag');
  });

  it('is quiet for version tags and digests, including registries with ports', () => {
    const images = ['registry:5000/team/app:1.2', `ghcr.io/x/y@sha256:${'b'.repeat(64)}`, `ghcr.io/x/y:1.0@sha256:${'c'.repeat(64)}`];
    for (const image of images) {
      const findings = withTree((t) => editDocs(t, 'tenants/dev/web.yaml', ([d]) => [deployment({ spec: { template: { spec: { ...d!.spec.template.spec, containers: [{ ...d!.spec.template.spec.containers[0], image }] } } } })]));
      expect(findings, image).toEqual([]);
    }
  });
});

describe('tenant namespaces', () => {
  it('namespace-psa-restricted: fires for a missing label, a weaker level, and a missing Namespace', () => {
    const baseline = withTree((t) => editDocs(t, 'tenants/dev/team-a.yaml', ([ns, np]) => [{ ...ns, metadata: { ...ns!.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }, np!]));
    expect(ruleIds(baseline)).toEqual(['namespace-psa-restricted']);
    expect(baseline[0]!.message).toContain('gitops/tenants/dev/team-a.yaml:1: v1 Namespace team-a (cluster dev) is a tenant/app namespace labelled pod-security.kubernetes.io/enforce: "baseline"');
    const missing = withTree((t) => editDocs(t, 'tenants/dev/team-a.yaml', ([, np]) => [np!]));
    expect(ruleIds(missing)).toEqual(['namespace-psa-restricted']);
    expect(missing[0]!.resource).toBe('cluster:dev:Namespace/team-a');
  });

  it('namespace-default-deny: fires without a policy, for one that selects some pods, misses Egress, or allows traffic', () => {
    const policies: Json[] = [
      { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'] },
      { podSelector: {}, policyTypes: ['Ingress'] },
      { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] },
    ];
    for (const spec of policies) {
      const findings = withTree((t) => editDocs(t, 'tenants/dev/team-a.yaml', ([ns, np]) => [ns!, { ...np!, spec }]));
      expect(ruleIds(findings), JSON.stringify(spec)).toEqual(['namespace-default-deny']);
    }
    const none = withTree((t) => editDocs(t, 'tenants/dev/team-a.yaml', ([ns]) => [ns!]));
    expect(ruleIds(none)).toEqual(['namespace-default-deny']);
    expect(none[0]!.message).toContain('v1 Namespace team-a (cluster dev) has no default-deny NetworkPolicy');
  });

  it('checks namespaces labelled as a tenant even when the environment does not list them', () => {
    const findings = withTree((t) => addInfra(t, 'team-z.yaml', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-z', labels: { 'toolkit.fluxcd.io/tenant': 'team-z' } } }));
    expect(ruleIds(findings)).toEqual(['namespace-default-deny', 'namespace-psa-restricted']);
  });

  it('is quiet for platform namespaces (cert-manager, envoy-gateway-system) without tenant labels', () => {
    expect(check()).toEqual([]);
  });
});

describe('app workloads', () => {
  it('app-workload-non-root: fires without runAsNonRoot, or with uid 0 on a container', () => {
    const noFlag = withTree((t) => editDocs(t, 'tenants/dev/web.yaml', ([d]) => {
      delete d!.spec.template.spec.securityContext.runAsNonRoot;
    }));
    expect(ruleIds(noFlag)).toEqual(['app-workload-non-root']);
    expect(noFlag[0]!.message).toContain('apps/v1 Deployment team-a/web in tenant namespace team-a: containers web does not set runAsNonRoot: true');
    const root = withTree((t) => editDocs(t, 'tenants/dev/web.yaml', ([d]) => {
      d!.spec.template.spec.containers[0].securityContext.runAsUser = 0;
    }));
    expect(ruleIds(root)).toEqual(['app-workload-non-root']);
    expect(root[0]!.message).toContain('sets runAsUser: 0');
  });

  it('app-workload-resources: fires when a container lacks a request or a limit', () => {
    const findings = withTree((t) => editDocs(t, 'tenants/dev/web.yaml', ([d]) => {
      delete d!.spec.template.spec.containers[0].resources.limits.memory;
      d!.spec.template.spec.initContainers = [{ name: 'migrate', image: 'ghcr.io/x/m:1.0', securityContext: { runAsNonRoot: true } }];
    }));
    expect(ruleIds(findings)).toEqual(['app-workload-resources']);
    expect(findings[0]!.message).toContain('initContainers migrate lacks requests.cpu, requests.memory, limits.cpu, limits.memory; containers web lacks limits.memory');
  });

  it('is quiet for the same workload outside tenant namespaces (platform components are not app templates)', () => {
    const findings = withTree((t) => addInfra(t, 'tool.yaml', deployment({ metadata: { namespace: 'cert-manager' }, spec: { template: { spec: { securityContext: {}, containers: [{ name: 'x', image: 'ghcr.io/x/y:1.0' }] } } } })));
    expect(findings).toEqual([]);
  });

  it('follows kustomize patches: a cluster overlay that drops the limits is caught', () => {
    const findings = withTree((t) => {
      t.set('tenants/dev/kustomization.yaml', kustomize(['team-a.yaml', 'web.yaml'], { patches: [{ target: { kind: 'Deployment', name: 'web' }, patch: stringify([{ op: 'remove', path: '/spec/template/spec/containers/0/resources/limits' }]) }] }));
    });
    expect(ruleIds(findings)).toEqual(['app-workload-resources']);
  });
});

describe('oci-free-tier-load-balancers (gitops)', () => {
  it('is quiet for one Gateway behind a 10 Mbps flexible load balancer', () => {
    expect(check()).toEqual([]);
  });

  it('counts LoadBalancer Services, ingress-nginx values and Gateways', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'apps', annotations: OCI_FREE_LB }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    const two = withTree((t) => addInfra(t, 'svc.yaml', service));
    expect(ruleIds(two)).toEqual(['oci-free-tier-load-balancers']);
    expect(two[0]!.message).toMatch(/2 flexible load balancers \(Always Free: 1\): gitops\/infrastructure\/dev\/svc\.yaml:1: v1 Service apps\/lb; gitops\/infrastructure\/dev\/envoy-gateway\.yaml:\d+: gateway\.networking\.k8s\.io\/v1 Gateway envoy-gateway-system\/public/);
    const nginx = withTree((t) => addInfra(t, 'nginx.yaml', helmRepo('n', 'ingress-nginx', 'https://kubernetes.github.io/ingress-nginx'), helmRelease('ingress-nginx', 'ingress-nginx', chart('ingress-nginx', '4.15.1', 'n'))));
    expect(ruleIds(nginx)).toEqual(['ingress-nginx-retired', 'oci-free-tier-load-balancers']);
    expect(nginx.find((f) => f.rule === 'oci-free-tier-load-balancers')!.message).toContain('chart ingress-nginx, values controller.service');
  });

  it('reads values from valuesFrom ConfigMaps and generic service maps', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grafana-values', namespace: 'monitoring' }, data: { 'values.yaml': stringify({ grafana: { service: { type: 'LoadBalancer' } } }) } };
    const hr = helmRelease('kps', 'monitoring', { ...chart('kube-prometheus-stack', '88.5.3', 'p'), valuesFrom: [{ kind: 'ConfigMap', name: 'grafana-values' }] });
    const findings = withTree((t) => addInfra(t, 'kps.yaml', helmRepo('p', 'monitoring', 'https://prometheus-community.github.io/helm-charts'), cm, hr));
    expect(ruleIds(findings)).toEqual(['oci-free-tier-load-balancers']);
    expect(findings[0]!.message).toMatch(/values grafana\.service\.type: LoadBalancer.*annotation service\.beta\.kubernetes\.io\/oci-load-balancer-shape is missing/);
  });

  it('follows a cluster overlay that patches HelmRelease values from a file (the three-tier values layout)', () => {
    const findings = withTree((t) => {
      addInfra(t, 'kps.yaml', helmRepo('p', 'monitoring', 'https://prometheus-community.github.io/helm-charts'), helmRelease('kps', 'monitoring', chart('kube-prometheus-stack', '88.5.3', 'p')));
      t.set('infrastructure/dev/values-cluster.yaml', dump({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'kps', namespace: 'monitoring' }, spec: { values: { grafana: { service: { type: 'LoadBalancer' } } } } }));
      t.set('infrastructure/dev/kustomization.yaml', kustomize(['cert-manager.yaml', 'envoy-gateway.yaml', 'kps.yaml'], { patches: [{ path: 'values-cluster.yaml' }] }));
    });
    expect(ruleIds(findings)).toEqual(['oci-free-tier-load-balancers']);
    expect(findings[0]!.message).toContain('values grafana.service.type: LoadBalancer');
  });

  it('accepts one flexible and one network load balancer, and ClusterIP services', () => {
    const nlb = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nlb', namespace: 'apps', annotations: { 'oci.oraclecloud.com/load-balancer-type': 'nlb' } }, spec: { type: 'LoadBalancer' } };
    const internal = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { type: 'ClusterIP' } };
    expect(withTree((t) => addInfra(t, 'svc.yaml', nlb, internal))).toEqual([]);
  });

  it('flags a Gateway whose proxy is not the free shape, and is quiet for a paid cluster', () => {
    const edit = (t: Map<string, string>) => editDocs(t, 'infrastructure/dev/envoy-gateway.yaml', (docs) => {
      docs[3]!.spec.provider.kubernetes.envoyService.annotations = { 'service.beta.kubernetes.io/oci-load-balancer-shape': '100Mbps' };
    });
    const findings = withTree(edit);
    expect(ruleIds(findings)).toEqual(['oci-free-tier-load-balancers']);
    expect(findings[0]!.message).toContain('(Always Free needs "flexible")');
    const paid = platform();
    (paid.clusters[0] as { freeTier: boolean }).freeTier = false;
    const t = gitops();
    edit(t);
    expect(check({ gitops: t, platform: paid })).toEqual([]);
  });
});

describe('acme-issuer', () => {
  const PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
  const STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';
  const issuer = (name: string, server: string) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name },
    spec: { acme: { server, privateKeySecretRef: { name: `${name}-account` }, solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } } }] } },
  });
  const certificate = (issuerRef: Json) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'wildcard', namespace: 'envoy-gateway-system' },
    spec: { secretName: 'wildcard-tls', dnsNames: ['*.dev.example.com'], issuerRef },
  });
  const ingress = (annotations: Json) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'team-a', annotations },
    spec: { rules: [{ host: 'web.team-a.dev.example.com' }], tls: [{ hosts: ['web.team-a.dev.example.com'], secretName: 'web-tls' }] },
  });
  /** Cluster dev issuing from `acme`, with `objects` added to its infrastructure. */
  const judge = (acme: 'staging' | 'production' | undefined, ...objects: Json[]) => {
    const p = platform();
    (p.clusters[0] as Record<string, unknown>).acme = acme;
    const t = gitops();
    if (objects.length > 0) addInfra(t, 'certificates.yaml', ...objects);
    return check({ gitops: t, platform: p }).filter((f) => f.rule === 'acme-issuer');
  };

  it('is quiet when the issuers and every reference follow the cluster\'s directory', () => {
    expect(judge('production', certificate({ kind: 'ClusterIssuer', name: 'letsencrypt', group: 'cert-manager.io' }), ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt' }))).toEqual([]);
    // A staging cluster with only a staging issuer, and an issuer of another group (not judged).
    const staging = gitops();
    editDocs(staging, 'infrastructure/dev/cert-manager.yaml', (docs) => docs.map((d) => (d.kind === 'ClusterIssuer' ? issuer('letsencrypt-staging', STAGING) : d)));
    addInfra(staging, 'certificates.yaml', certificate({ kind: 'ClusterIssuer', name: 'letsencrypt-staging' }), certificate({ kind: 'GoogleCASClusterIssuer', group: 'cas-issuer.jetstack.io', name: 'cas' }));
    const p = platform();
    (p.clusters[0] as Record<string, unknown>).acme = 'staging';
    expect(check({ gitops: staging, platform: p }).filter((f) => f.rule === 'acme-issuer')).toEqual([]);
  });

  it('fires for a production issuer in a cluster that issues from staging, and for the certificates that name it', () => {
    const findings = judge('staging', certificate({ kind: 'ClusterIssuer', name: 'letsencrypt' }));
    expect(findings.map((f) => f.resource).sort()).toEqual([
      'gitops/infrastructure/dev/cert-manager.yaml:ClusterIssuer/letsencrypt',
      'gitops/infrastructure/dev/certificates.yaml:Certificate/envoy-gateway-system/wildcard',
    ]);
    expect(findings.find((f) => f.resource.endsWith('ClusterIssuer/letsencrypt'))!.message).toContain("asks Let's Encrypt production for certificates, but cluster dev issues from Let's Encrypt staging (certificates.acme");
    expect(findings.find((f) => f.resource.endsWith('wildcard'))!.message).toContain('takes its certificate from ClusterIssuer letsencrypt (Let\'s Encrypt production) in its spec.issuerRef');
  });

  it('fires for a staging issuer in a production cluster, naming the production one to use', () => {
    const findings = judge('production', issuer('letsencrypt-staging', STAGING), ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt-staging' }));
    expect(findings.map((f) => f.resource).sort()).toEqual([
      'gitops/infrastructure/dev/certificates.yaml:ClusterIssuer/letsencrypt-staging',
      'gitops/infrastructure/dev/certificates.yaml:Ingress/team-a/web',
    ]);
    for (const f of findings) expect(f.message).toContain('use ClusterIssuer letsencrypt');
  });

  it('fires for a reference to an issuer the cluster does not have (annotation or issuerRef, cluster-wide or namespaced)', () => {
    const findings = judge(
      'production',
      ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt-production' }),
      certificate({ kind: 'Issuer', name: 'local' }),
    );
    expect(findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('names ClusterIssuer letsencrypt-production in its annotation cert-manager.io/cluster-issuer, which cluster dev does not have'),
        expect.stringContaining('names Issuer envoy-gateway-system/local in its spec.issuerRef, which cluster dev does not have'),
      ]),
    );
    expect(findings).toHaveLength(2);
  });

  it('checks references without a directory to compare when the cluster names none', () => {
    expect(judge(undefined, issuer('letsencrypt-staging', STAGING))).toEqual([]);
    expect(judge(undefined, issuer('letsencrypt-production', PRODUCTION))).toEqual([]);
    expect(judge(undefined, certificate({ kind: 'ClusterIssuer', name: 'nope' })).map((f) => f.rule)).toEqual(['acme-issuer']);
  });
});
