import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  HELM_CREATE_SECURITY_KEYS,
  HelmApp,
  RESTRICTED_CONTAINER_SECURITY_CONTEXT,
  RESTRICTED_POD_SECURITY_CONTEXT,
  type HelmAppProps,
} from '../../../constructs/apps';
import { schemaErrors, schemasAvailable, SKIP_MESSAGE } from '../tenancy/schema-validation';
import { restrictedViolations } from './pod-security';

type Manifest = Record<string, any>;

const OCI: HelmAppProps['chart'] = { repository: 'oci://ghcr.io/stefanprodan/charts', name: 'podinfo', version: '6.9.2' };
const HTTPS: HelmAppProps['chart'] = { repository: 'https://stefanprodan.github.io/podinfo', name: 'podinfo', version: '6.9.2' };

function synth(props: Partial<HelmAppProps> = {}, id = 'podinfo'): Manifest[] {
  const chart = Testing.chart();
  new HelmApp(chart, id, { tenant: 'team-a', chart: OCI, ...props });
  return Testing.synth(chart) as Manifest[];
}

const release = (out: Manifest[]) => out.find((m) => m.kind === 'HelmRelease')!;

/** The restricted contexts every release starts from, at the `helm create` keys. */
const SECURITY_DEFAULTS = {
  [HELM_CREATE_SECURITY_KEYS.pod]: RESTRICTED_POD_SECURITY_CONTEXT,
  [HELM_CREATE_SECURITY_KEYS.container]: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
};

/** The pod a `helm create` style chart renders from `values` (pod and container securityContext). */
const scaffoldPod = (values: Manifest) => ({
  kind: 'Pod',
  metadata: { name: 'app' },
  spec: {
    ...(values.podSecurityContext ? { securityContext: values.podSecurityContext } : {}),
    containers: [{ name: 'app', image: 'example/app:1.0.0', ...(values.securityContext ? { securityContext: values.securityContext } : {}) }],
  },
});

describe('HelmApp', () => {
  describe('oci:// chart', () => {
    const out = synth({ values: { replicaCount: 1 } });

    it('creates an OCIRepository pinned to the chart version and a HelmRelease, both in the tenant namespace', () => {
      expect(out.map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
        'source.toolkit.fluxcd.io/v1 OCIRepository/team-a/podinfo',
        'helm.toolkit.fluxcd.io/v2 HelmRelease/team-a/podinfo',
      ]);
      expect(out[0]!.spec).toEqual({
        interval: '30m',
        url: 'oci://ghcr.io/stefanprodan/charts/podinfo',
        ref: { tag: '6.9.2' },
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      });
    });

    it('references the OCIRepository through chartRef', () => {
      const spec = release(out).spec;
      expect(spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'podinfo' });
      expect(spec.chart).toBeUndefined();
      expect(spec.values).toEqual({ ...SECURITY_DEFAULTS, replicaCount: 1 });
    });

    it('turns build metadata into an OCI-compatible tag', () => {
      const source = synth({ chart: { ...OCI, version: '1.2.3+build.1' } })[0]!;
      expect(source.spec.ref).toEqual({ tag: '1.2.3_build.1' });
    });
  });

  describe('https:// chart', () => {
    const out = synth({ chart: HTTPS });

    it('creates a HelmRepository and a HelmRelease with the pinned chart version', () => {
      expect(out.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['HelmRepository/podinfo', 'HelmRelease/podinfo']);
      expect(out[0]!.spec).toEqual({ interval: '30m', url: 'https://stefanprodan.github.io/podinfo' });
      expect(release(out).spec.chart).toEqual({
        spec: { chart: 'podinfo', version: '6.9.2', interval: '30m', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
      });
      expect(release(out).spec.chartRef).toBeUndefined();
    });
  });

  it.each([OCI, HTTPS])('fences the release into the tenant (%j)', (chart) => {
    const spec = release(synth({ chart })).spec;
    expect(spec.serviceAccountName).toBe('team-a-reconciler');
    expect(spec.targetNamespace).toBe('team-a');
    expect(spec.storageNamespace).toBe('team-a');
    expect(spec.releaseName).toBe('podinfo');
  });

  it('remediates failed installs and upgrades and detects drift', () => {
    const spec = release(synth()).spec;
    expect(spec.install).toEqual({ remediation: { retries: 3 } });
    expect(spec.upgrade).toEqual({ cleanupOnFail: true, remediation: { retries: 3, remediateLastFailure: true, strategy: 'rollback' } });
    expect(spec.driftDetection).toEqual({ mode: 'enabled' });
    expect(spec.interval).toBe('30m');
  });

  it('takes name, serviceAccountName, interval and retries as props', () => {
    const out = synth({ name: 'info', serviceAccountName: 'deployer', interval: '1h', retries: 5 });
    expect(out.every((m) => m.metadata.name === 'info')).toBe(true);
    const spec = release(out).spec;
    expect(spec.serviceAccountName).toBe('deployer');
    expect(spec.interval).toBe('1h');
    expect(spec.install.remediation.retries).toBe(5);
    expect(spec.chartRef.name).toBe('info');
  });

  it('reports the source kind', () => {
    const chart = Testing.chart();
    expect(new HelmApp(chart, 'a', { tenant: 't', chart: OCI }).sourceKind).toBe('OCIRepository');
    expect(new HelmApp(chart, 'b', { tenant: 't', chart: HTTPS }).sourceKind).toBe('HelmRepository');
  });

  describe('Pod Security restricted by construction', () => {
    it('starts the values from restricted pod and container contexts at the helm create keys', () => {
      const values = release(synth()).spec.values;
      expect(values).toEqual(SECURITY_DEFAULTS);
      // The tenant namespace enforces restricted: a chart that passes these through has a compliant pod.
      expect(restrictedViolations(scaffoldPod(values))).toEqual([]);
      // Without them, the pod of such a chart is rejected.
      expect(restrictedViolations(scaffoldPod({})).length).toBeGreaterThan(0);
    });

    it('runs as a numeric non-root uid, so the kubelet can verify images with a named USER', () => {
      const pod = release(synth()).spec.values[HELM_CREATE_SECURITY_KEYS.pod];
      expect(pod.runAsNonRoot).toBe(true);
      expect(Number.isInteger(pod.runAsUser) && pod.runAsUser > 0).toBe(true);
    });

    it('lets the app values win key by key, and null remove a default', () => {
      const values = release(
        synth({ values: { podSecurityContext: { runAsUser: 1000, fsGroup: null }, securityContext: { readOnlyRootFilesystem: true } } }),
      ).spec.values;
      expect(values.podSecurityContext).toEqual({ ...RESTRICTED_POD_SECURITY_CONTEXT, runAsUser: 1000, fsGroup: null });
      expect(values.securityContext).toEqual({ ...RESTRICTED_CONTAINER_SECURITY_CONTEXT, readOnlyRootFilesystem: true });
      expect(release(synth({ values: { securityContext: null } })).spec.values.securityContext).toBeNull();
    });

    it('puts the contexts at the chart\'s own keys, or nowhere with securityContextKeys false', () => {
      const keys = { pod: 'podSecurityContext', container: 'containerSecurityContext' };
      expect(release(synth({ securityContextKeys: keys })).spec.values).toEqual({
        podSecurityContext: RESTRICTED_POD_SECURITY_CONTEXT,
        containerSecurityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      });
      expect(release(synth({ securityContextKeys: false })).spec.values).toBeUndefined();
      expect(release(synth({ securityContextKeys: false, values: { replicaCount: 2 } })).spec.values).toEqual({ replicaCount: 2 });
    });
  });

  describe('validation', () => {
    it.each<[Partial<HelmAppProps>, RegExp]>([
      [{ chart: { ...OCI, version: '6.x' } }, /HelmApp podinfo: chart.version must be an exact version .*got "6.x"/],
      [{ chart: { ...OCI, version: 'latest' } }, /chart.version must be an exact version.*got "latest"/],
      [{ chart: { ...OCI, version: '^6.9.2' } }, /chart.version must be an exact version.*got "\^6.9.2"/],
      [{ chart: { ...OCI, repository: 'http://charts.example.com' } }, /chart.repository must be an https:\/\/ or oci:\/\/ chart repository URL, got "http:\/\/charts.example.com"/],
      [{ chart: { ...OCI, name: 'Pod Info' } }, /chart.name must be a chart name.*got "Pod Info"/],
      [{ tenant: 'Team A' }, /HelmApp podinfo: tenant must be a DNS label.*got "Team A"/],
      [{ interval: '30s' }, /interval must be a duration of at least 1m.*got "30s"/],
      [{ interval: '5 minutes' }, /interval must be a duration.*got "5 minutes"/],
      [{ retries: -1 }, /retries must be an integer from 0 to 10, got -1/],
      [{ values: [] as unknown as Record<string, unknown> }, /values must be an object of Helm values, got \[\]/],
      [{ securityContextKeys: { pod: '', container: 'securityContext' } }, /securityContextKeys.pod must be a values key, got ""/],
      [{ securityContextKeys: { pod: 'securityContext', container: 'securityContext' } }, /securityContextKeys.container must differ from securityContextKeys.pod/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest is valid against the Flux CRD schemas', () => {
    expect(schemaErrors(synth({ values: { a: { b: 1 } } }))).toEqual([]);
    expect(schemaErrors(synth({ values: { securityContext: null, podSecurityContext: { fsGroup: null } } }))).toEqual([]);
    expect(schemaErrors(synth({ chart: HTTPS }))).toEqual([]);
  });
  it.runIf(!schemasAvailable)('schema validation skipped', () => {
    console.warn(SKIP_MESSAGE);
  });
});
