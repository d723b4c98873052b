import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  CDK8S_CONFIG,
  CRD_IMPORTS,
  IMPORTS_DIR,
  REPO_ROOT,
  SHARED_CRDS_DIR,
  configImports,
  importFileName,
  sharedCrdGroups,
} from '../../scripts/import-crds.js';
import { CertificateRequest, Certificate, ClusterIssuer, Issuer } from '../../imports/cert-manager-cert-manager.io.js';
import { HelmRelease, HelmReleaseSpecChartRefKind, HelmReleaseV2Beta2 } from '../../imports/flux-helm-helm.toolkit.fluxcd.io.js';
import {
  Kustomization,
  KustomizationSpecSourceRefKind,
  KustomizationV1Beta2,
} from '../../imports/flux-kustomize-kustomize.toolkit.fluxcd.io.js';
import {
  Alert,
  AlertV1Beta3,
  AlertV1Beta3SpecEventSourcesKind,
  Provider,
  ProviderV1Beta3,
  ProviderV1Beta3SpecType,
  Receiver,
  ReceiverV1Beta2,
} from '../../imports/flux-notification-notification.toolkit.fluxcd.io.js';
import {
  Bucket,
  BucketV1Beta2,
  GitRepository,
  GitRepositoryV1Beta2,
  HelmChart,
  HelmChartV1Beta2,
  HelmRepository,
  HelmRepositoryV1Beta2,
  OciRepository,
  OciRepositoryV1Beta2,
} from '../../imports/flux-source-source.toolkit.fluxcd.io.js';
import {
  ClusterPolicy,
  ClusterPolicySpecRulesValidateFailureAction,
  ClusterPolicyV2Beta1,
  Policy,
  PolicyV2Beta1,
} from '../../imports/kyverno-kyverno.io.js';
import { BgpAdvertisement, IpAddressPool, L2Advertisement } from '../../imports/metallb-metallb.io.js';
import {
  PodMonitor,
  PrometheusRule,
  PrometheusRuleSpecGroupsRulesExpr,
  ServiceMonitor,
  ServiceMonitorSpecEndpointsTargetPort,
} from '../../imports/prometheus-operator-monitoring.coreos.com.js';

const hasSharedCrds = existsSync(SHARED_CRDS_DIR);
const sharedCrdsNote = `${relative(REPO_ROOT, SHARED_CRDS_DIR)} not found; skipped`;

interface Case {
  readonly apiVersion: string;
  readonly kind: string;
  readonly make: (chart: Chart) => ApiObject;
}

/** One case per kind the platform uses, with a minimal valid spec, at the apiVersion we must use. */
const USED_KINDS: Record<string, Case> = {
  HelmRelease: {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    make: (chart) =>
      new HelmRelease(chart, 'hr', {
        metadata: { name: 'podinfo', namespace: 'flux-system' },
        spec: {
          interval: '10m',
          chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name: 'podinfo' },
        },
      }),
  },
  Kustomization: {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    make: (chart) =>
      new Kustomization(chart, 'ks', {
        metadata: { name: 'apps', namespace: 'flux-system' },
        spec: {
          interval: '10m',
          prune: true,
          path: './gitops/apps',
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: 'flux-system' },
        },
      }),
  },
  GitRepository: {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    make: (chart) =>
      new GitRepository(chart, 'git', {
        metadata: { name: 'flux-system', namespace: 'flux-system' },
        spec: { interval: '1m', url: 'https://github.com/example/repo', ref: { branch: 'main' } },
      }),
  },
  HelmRepository: {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    make: (chart) =>
      new HelmRepository(chart, 'helmrepo', {
        metadata: { name: 'jetstack', namespace: 'flux-system' },
        spec: { interval: '1h', url: 'https://charts.jetstack.io' },
      }),
  },
  OCIRepository: {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    make: (chart) =>
      new OciRepository(chart, 'oci', {
        metadata: { name: 'podinfo', namespace: 'flux-system' },
        spec: { interval: '10m', url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: { semver: '6.x' } },
      }),
  },
  Alert: {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Alert',
    make: (chart) =>
      new AlertV1Beta3(chart, 'alert', {
        metadata: { name: 'on-call', namespace: 'flux-system' },
        spec: {
          providerRef: { name: 'slack' },
          eventSources: [{ kind: AlertV1Beta3SpecEventSourcesKind.KUSTOMIZATION, name: '*' }],
        },
      }),
  },
  Provider: {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    make: (chart) =>
      new ProviderV1Beta3(chart, 'provider', {
        metadata: { name: 'slack', namespace: 'flux-system' },
        spec: { type: ProviderV1Beta3SpecType.SLACK, secretRef: { name: 'slack-webhook' } },
      }),
  },
  Certificate: {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    make: (chart) =>
      new Certificate(chart, 'cert', {
        metadata: { name: 'wildcard', namespace: 'ingress' },
        spec: {
          secretName: 'wildcard-tls',
          dnsNames: ['*.example.com'],
          issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' },
        },
      }),
  },
  Issuer: {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    make: (chart) =>
      new Issuer(chart, 'issuer', { metadata: { name: 'selfsigned', namespace: 'ingress' }, spec: { selfSigned: {} } }),
  },
  ClusterIssuer: {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    make: (chart) =>
      new ClusterIssuer(chart, 'clusterissuer', {
        metadata: { name: 'letsencrypt' },
        spec: {
          acme: {
            server: 'https://acme-v02.api.letsencrypt.org/directory',
            privateKeySecretRef: { name: 'letsencrypt-account' },
            solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
          },
        },
      }),
  },
  IPAddressPool: {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    make: (chart) =>
      new IpAddressPool(chart, 'pool', {
        metadata: { name: 'default', namespace: 'metallb-system' },
        spec: { addresses: ['192.168.1.240-192.168.1.250'] },
      }),
  },
  L2Advertisement: {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    make: (chart) =>
      new L2Advertisement(chart, 'l2', {
        metadata: { name: 'default', namespace: 'metallb-system' },
        spec: { ipAddressPools: ['default'] },
      }),
  },
  ServiceMonitor: {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    make: (chart) =>
      new ServiceMonitor(chart, 'sm', {
        metadata: { name: 'app', namespace: 'monitoring' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          endpoints: [{ port: 'metrics', interval: '30s' }],
        },
      }),
  },
  PodMonitor: {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    make: (chart) =>
      new PodMonitor(chart, 'pm', {
        metadata: { name: 'app', namespace: 'monitoring' },
        spec: { selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'metrics' }] },
      }),
  },
  PrometheusRule: {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    make: (chart) =>
      new PrometheusRule(chart, 'rule', {
        metadata: { name: 'app', namespace: 'monitoring' },
        spec: {
          groups: [
            {
              name: 'app',
              rules: [{ alert: 'AppDown', expr: PrometheusRuleSpecGroupsRulesExpr.fromString('up == 0'), for: '5m' }],
            },
          ],
        },
      }),
  },
  ClusterPolicy: {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    make: (chart) =>
      new ClusterPolicy(chart, 'cpol', {
        metadata: { name: 'require-labels' },
        spec: {
          background: true,
          rules: [
            {
              name: 'require-team-label',
              match: { any: [{ resources: { kinds: ['Pod'] } }] },
              validate: {
                failureAction: ClusterPolicySpecRulesValidateFailureAction.AUDIT,
                message: 'label "team" is required',
                pattern: { metadata: { labels: { team: '?*' } } },
              },
            },
          ],
        },
      }),
  },
};

function synthOne(make: (chart: Chart) => ApiObject): Record<string, any> {
  const chart = Testing.chart();
  make(chart);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0]!;
}

describe('generated CRD bindings: kinds we use', () => {
  it.each(Object.entries(USED_KINDS))('%s synthesizes with the expected apiVersion and kind', (_name, c) => {
    const manifest = synthOne(c.make);
    expect(manifest.apiVersion).toBe(c.apiVersion);
    expect(manifest.kind).toBe(c.kind);
    expect(manifest.spec).toBeTypeOf('object');
  });

  it('maps camelCase props back to the CRD field names', () => {
    const cert = synthOne(
      (chart) =>
        new Certificate(chart, 'ca', {
          spec: { isCa: true, secretName: 'ca', issuerRef: { name: 'selfsigned' } },
        }),
    );
    expect(cert.spec).toEqual({ isCA: true, secretName: 'ca', issuerRef: { name: 'selfsigned' } });
  });

  it('renders int-or-string fields as plain values', () => {
    const sm = synthOne(
      (chart) =>
        new ServiceMonitor(chart, 'sm', {
          spec: {
            selector: {},
            endpoints: [{ targetPort: ServiceMonitorSpecEndpointsTargetPort.fromNumber(9090) }],
          },
        }),
    );
    expect(sm.spec.endpoints).toEqual([{ targetPort: 9090 }]);
    const rule = synthOne(USED_KINDS.PrometheusRule!.make);
    expect(rule.spec.groups[0].rules[0].expr).toBe('up == 0');
  });
});

describe('generated CRD bindings: class -> apiVersion', () => {
  // cdk8s gives the plain name to the FIRST version listed in the CRD, not the
  // storage version. For Alert and Provider that is the deprecated v1beta2.
  const table: Array<[string, { GVK: { apiVersion: string; kind: string } }, string, string]> = [
    ['HelmRelease', HelmRelease, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
    ['HelmReleaseV2Beta2', HelmReleaseV2Beta2, 'helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease'],
    ['Kustomization', Kustomization, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
    ['KustomizationV1Beta2', KustomizationV1Beta2, 'kustomize.toolkit.fluxcd.io/v1beta2', 'Kustomization'],
    ['GitRepository', GitRepository, 'source.toolkit.fluxcd.io/v1', 'GitRepository'],
    ['GitRepositoryV1Beta2', GitRepositoryV1Beta2, 'source.toolkit.fluxcd.io/v1beta2', 'GitRepository'],
    ['HelmRepository', HelmRepository, 'source.toolkit.fluxcd.io/v1', 'HelmRepository'],
    ['HelmRepositoryV1Beta2', HelmRepositoryV1Beta2, 'source.toolkit.fluxcd.io/v1beta2', 'HelmRepository'],
    ['OciRepository', OciRepository, 'source.toolkit.fluxcd.io/v1', 'OCIRepository'],
    ['OciRepositoryV1Beta2', OciRepositoryV1Beta2, 'source.toolkit.fluxcd.io/v1beta2', 'OCIRepository'],
    ['HelmChart', HelmChart, 'source.toolkit.fluxcd.io/v1', 'HelmChart'],
    ['HelmChartV1Beta2', HelmChartV1Beta2, 'source.toolkit.fluxcd.io/v1beta2', 'HelmChart'],
    ['Bucket', Bucket, 'source.toolkit.fluxcd.io/v1', 'Bucket'],
    ['BucketV1Beta2', BucketV1Beta2, 'source.toolkit.fluxcd.io/v1beta2', 'Bucket'],
    ['Alert', Alert, 'notification.toolkit.fluxcd.io/v1beta2', 'Alert'],
    ['AlertV1Beta3', AlertV1Beta3, 'notification.toolkit.fluxcd.io/v1beta3', 'Alert'],
    ['Provider', Provider, 'notification.toolkit.fluxcd.io/v1beta2', 'Provider'],
    ['ProviderV1Beta3', ProviderV1Beta3, 'notification.toolkit.fluxcd.io/v1beta3', 'Provider'],
    ['Receiver', Receiver, 'notification.toolkit.fluxcd.io/v1', 'Receiver'],
    ['ReceiverV1Beta2', ReceiverV1Beta2, 'notification.toolkit.fluxcd.io/v1beta2', 'Receiver'],
    ['Certificate', Certificate, 'cert-manager.io/v1', 'Certificate'],
    ['CertificateRequest', CertificateRequest, 'cert-manager.io/v1', 'CertificateRequest'],
    ['Issuer', Issuer, 'cert-manager.io/v1', 'Issuer'],
    ['ClusterIssuer', ClusterIssuer, 'cert-manager.io/v1', 'ClusterIssuer'],
    ['IpAddressPool', IpAddressPool, 'metallb.io/v1beta1', 'IPAddressPool'],
    ['L2Advertisement', L2Advertisement, 'metallb.io/v1beta1', 'L2Advertisement'],
    ['BgpAdvertisement', BgpAdvertisement, 'metallb.io/v1beta1', 'BGPAdvertisement'],
    ['ServiceMonitor', ServiceMonitor, 'monitoring.coreos.com/v1', 'ServiceMonitor'],
    ['PodMonitor', PodMonitor, 'monitoring.coreos.com/v1', 'PodMonitor'],
    ['PrometheusRule', PrometheusRule, 'monitoring.coreos.com/v1', 'PrometheusRule'],
    ['ClusterPolicy', ClusterPolicy, 'kyverno.io/v1', 'ClusterPolicy'],
    ['ClusterPolicyV2Beta1', ClusterPolicyV2Beta1, 'kyverno.io/v2beta1', 'ClusterPolicy'],
    ['Policy', Policy, 'kyverno.io/v1', 'Policy'],
    ['PolicyV2Beta1', PolicyV2Beta1, 'kyverno.io/v2beta1', 'Policy'],
  ];
  it.each(table)('%s is %s %s', (_name, cls, apiVersion, kind) => {
    expect(cls.GVK).toEqual({ apiVersion, kind });
  });
});

describe('cdk8s.yaml imports and ../shared/crds', () => {
  it('cdk8s.yaml is a typescript app with one named import per CRD_IMPORTS entry', () => {
    const config = parseYaml(readFileSync(CDK8S_CONFIG, 'utf8')) as Record<string, unknown>;
    expect(config.language).toBe('typescript');
    expect(config.app).toBe('node cli/launch.mjs cdk8s-app');
    const entries = configImports();
    const names = entries.map(([name]) => name);
    expect(names.every((name) => /^[a-z0-9-]+$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(CRD_IMPORTS.map((entry) => entry.name).sort());
    for (const [, source] of entries) expect(source).toMatch(/^https:\/\//);
  });

  it('every CRD_IMPORTS entry has its generated file in imports/', () => {
    for (const entry of CRD_IMPORTS) {
      expect(existsSync(join(IMPORTS_DIR, importFileName(entry.name, entry.group))), entry.name).toBe(true);
    }
  });

  it('names one cdk8s.yaml entry per CRD group in ../shared/crds, at the README release', (ctx) => {
    if (!hasSharedCrds) ctx.skip(sharedCrdsNote);
    const groups = sharedCrdGroups();
    expect(groups.length).toBeGreaterThan(0);
    const configured = new Map(configImports());
    const readme = readFileSync(join(SHARED_CRDS_DIR, 'README.md'), 'utf8');
    const tags = new Map([...readme.matchAll(/^\|\s*([\w.-]+\/[\w.-]+)\s*\|\s*(v[\w.+-]+)\s*\|/gm)].map((m) => [m[1]!, m[2]!]));
    for (const group of groups) {
      const entries = CRD_IMPORTS.filter((entry) => entry.group === group);
      expect(entries, `entries for ${group}`).toHaveLength(1);
      const entry = entries[0]!;
      const url = configured.get(entry.name);
      expect(url, `cdk8s.yaml entry ${entry.name}`).toBeDefined();
      const tag = tags.get(entry.upstream);
      expect(tag, `README tag for ${entry.upstream}`).toBeDefined();
      expect(url).toContain(`/${entry.upstream}/`);
      expect(url!.split('/')).toContain(tag);
    }
    expect(configured.size).toBe(groups.length);
  });

  it('imports/ has a class for every kind and version in ../shared/crds', (ctx) => {
    if (!hasSharedCrds) ctx.skip(sharedCrdsNote);
    for (const entry of CRD_IMPORTS) {
      const generated = readFileSync(join(IMPORTS_DIR, importFileName(entry.name, entry.group)), 'utf8');
      const dir = join(SHARED_CRDS_DIR, entry.group);
      for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
        for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
          const crd = doc.toJS() as { spec: { group: string; names: { kind: string }; versions: Array<{ name: string }> } };
          expect(crd.spec.group, file).toBe(entry.group);
          for (const version of crd.spec.versions) {
            const gvk = `apiVersion: '${crd.spec.group}/${version.name}',\n    kind: '${crd.spec.names.kind}',`;
            expect(generated.includes(gvk), `${file} ${version.name} in ${importFileName(entry.name, entry.group)}`).toBe(true);
          }
        }
      }
    }
  });
});
