import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ChartSource } from '../../../constructs/flux/chart-source';
import { FLUX_DEFAULTS } from '../../../constructs/flux/defaults';
import { FluxAlerts } from '../../../constructs/flux/flux-alerts';
import { FluxKustomization } from '../../../constructs/flux/flux-kustomization';
import { FluxSync } from '../../../constructs/flux/flux-sync';
import { PlatformHelmRelease } from '../../../constructs/flux/platform-helm-release';

describe('ChartSource', () => {
  it('writes an OCIRepository pinned to the tag, selecting the Helm chart layer, for oci:// charts', () => {
    const chart = Testing.chart();
    const source = new ChartSource(chart, 's', { name: 'cert-manager', namespace: 'cert-manager', url: 'oci://quay.io/jetstack/charts/cert-manager', version: 'v1.21.1' });
    const [obj] = Testing.synth(chart);
    expect(source.kind).toBe('OCIRepository');
    expect(obj).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      spec: { ref: { tag: 'v1.21.1' }, layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' }, interval: '1h' },
    });
  });

  it('writes a HelmRepository for https:// repositories', () => {
    const chart = Testing.chart();
    new ChartSource(chart, 's', { name: 'vault', namespace: 'vault', url: 'https://helm.releases.hashicorp.com' });
    expect(Testing.synth(chart)[0]).toMatchObject({ kind: 'HelmRepository', spec: { url: 'https://helm.releases.hashicorp.com' } });
  });

  it('fails for an oci:// source without an exact version, and for other schemes', () => {
    expect(() => new ChartSource(Testing.chart(), 's', { name: 'a', namespace: 'b', url: 'oci://x/y' })).toThrow(/needs version/);
    expect(() => new ChartSource(Testing.chart(), 's', { name: 'a', namespace: 'b', url: 'oci://x/y', version: '1.x' })).toThrow(/exact chart version/);
    expect(() => new ChartSource(Testing.chart(), 's', { name: 'a', namespace: 'b', url: 'http://x' })).toThrow(/https:\/\/ or oci:\/\//);
  });
});

describe('PlatformHelmRelease', () => {
  const make = (props: Partial<ConstructorParameters<typeof PlatformHelmRelease>[2]> = {}) => {
    const chart = Testing.chart();
    const source = new ChartSource(chart, 'source', { name: 'repo', namespace: 'ns', url: 'https://charts.example.com' });
    new PlatformHelmRelease(chart, 'r', { name: 'app', namespace: 'ns', source, chart: 'app', version: '1.2.3', ...props });
    return Testing.synth(chart).find((o) => o.kind === 'HelmRelease')!;
  };

  it('applies the fleet release policy from FLUX_DEFAULTS', () => {
    const release = make({ dependsOn: [{ name: 'z', namespace: 'b' }, { name: 'a', namespace: 'a' }] });
    expect(release.spec).toMatchObject({
      interval: FLUX_DEFAULTS.helmReleaseInterval,
      timeout: FLUX_DEFAULTS.helmTimeout,
      maxHistory: FLUX_DEFAULTS.maxHistory,
      chart: { spec: { chart: 'app', version: '1.2.3', sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'ns' } } },
      install: { crds: 'CreateReplace', remediation: { retries: FLUX_DEFAULTS.installRetries } },
      upgrade: { crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries: FLUX_DEFAULTS.upgradeRetries, strategy: 'rollback' } },
      driftDetection: { mode: 'enabled' },
      values: {},
    });
    expect(release.spec.dependsOn).toEqual([{ name: 'a', namespace: 'a' }, { name: 'z', namespace: 'b' }]);
    expect(release.spec.install.disableWait).toBeUndefined();
  });

  it('skips the readiness wait only when asked', () => {
    const release = make({ skipReadinessWait: true });
    expect(release.spec.install.disableWait).toBe(true);
    expect(release.spec.upgrade.disableWait).toBe(true);
  });

  it('uses chartRef for an OCI source and fails when the versions disagree', () => {
    const chart = Testing.chart();
    const source = new ChartSource(chart, 'source', { name: 'x', namespace: 'ns', url: 'oci://r/x', version: '2.0.0' });
    new PlatformHelmRelease(chart, 'r', { name: 'x', namespace: 'ns', source, version: '2.0.0' });
    expect(Testing.synth(chart).find((o) => o.kind === 'HelmRelease')!.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'x', namespace: 'ns' });
    expect(() => new PlatformHelmRelease(chart, 'r2', { name: 'y', namespace: 'ns', source, version: '2.0.1' })).toThrow(/differs from its OCI source tag/);
  });

  it('fails for ranges, self-dependencies and a missing chart name', () => {
    expect(() => make({ version: '^1.2.0' })).toThrow(/exact chart version/);
    expect(() => make({ dependsOn: [{ name: 'app', namespace: 'ns' }] })).toThrow(/cannot depend on itself/);
    expect(() => make({ chart: undefined })).toThrow(/needs chart/);
  });
});

describe('FluxKustomization', () => {
  it('prunes, waits, decrypts with sops-age and substitutes the required cluster-settings by default', () => {
    const chart = Testing.chart();
    new FluxKustomization(chart, 'k', { name: 'infra-configs', path: './gitops/clusters/x/infrastructure/configs', dependsOn: ['infra-controllers'] });
    expect(Testing.synth(chart)[0]).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      metadata: { name: 'infra-configs', namespace: 'flux-system' },
      spec: {
        prune: true,
        wait: true,
        timeout: '5m',
        retryInterval: '2m',
        dependsOn: [{ name: 'infra-controllers' }],
        decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
        postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-settings', optional: false }] },
      },
    });
  });

  it('requires health checks when not waiting, and a ./ path', () => {
    expect(() => new FluxKustomization(Testing.chart(), 'k', { name: 'a', path: './x', wait: false })).toThrow(/healthChecks/);
    expect(() => new FluxKustomization(Testing.chart(), 'k', { name: 'a', path: 'x' })).toThrow(/starting with \.\//);
    expect(() => new FluxKustomization(Testing.chart(), 'k', { name: 'a', path: './x', dependsOn: ['a'] })).toThrow(/itself/);
  });
});

describe('FluxSync and FluxAlerts', () => {
  it('writes the flux-system GitRepository and root Kustomization', () => {
    const chart = Testing.chart();
    new FluxSync(chart, 's', { url: 'https://github.com/example/platform.git', branch: 'main', path: './gitops/clusters/a', interval: '1m' });
    const [source, root] = Testing.synth(chart);
    expect(source).toMatchObject({ kind: 'GitRepository', metadata: { name: 'flux-system' }, spec: { ref: { branch: 'main' } } });
    expect(root).toMatchObject({ kind: 'Kustomization', metadata: { name: 'flux-system' }, spec: { path: './gitops/clusters/a', prune: true } });
    expect(() => new FluxSync(Testing.chart(), 's', { url: 'git@x:y', branch: 'main', path: './a', interval: '1m' })).toThrow(/https/);
  });

  it('forwards Flux errors to Alertmanager with notification v1beta3', () => {
    const chart = Testing.chart();
    new FluxAlerts(chart, 'a', { alertmanagerUrl: 'http://am:9093/api/v2/alerts/', cluster: 'c' });
    const [provider, alert] = Testing.synth(chart);
    expect(provider).toMatchObject({ apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', spec: { type: 'alertmanager' } });
    expect(alert).toMatchObject({ apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', spec: { eventSeverity: 'error', eventMetadata: { cluster: 'c' } } });
  });
});
