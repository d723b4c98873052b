import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartRefKind,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecDriftDetectionMode,
  HelmReleaseSpecUpgradeRemediationStrategy,
} from '../../imports/flux-helm-helm.toolkit.fluxcd.io';
import {
  HelmRepository,
  OciRepository,
  OciRepositorySpecLayerSelectorOperation,
} from '../../imports/flux-source-source.toolkit.fluxcd.io';
import { Tenant } from '../tenancy/tenant';
import { checkDnsLabel, checkInt, fail } from '../tenancy/validate';

/** A Helm chart, pinned. Same shape as `chart` of an app in environments/*.yaml. */
export interface HelmAppChart {
  /**
   * Chart repository: `https://` (a classic Helm repository, served by a Flux HelmRepository) or
   * `oci://` (an OCI registry path without the chart name, served by a Flux OCIRepository).
   */
  readonly repository: string;
  /** Chart name in the repository. */
  readonly name: string;
  /** Exact chart version (`1.2.3` or `v1.2.3`); ranges and `latest` throw. */
  readonly version: string;
}

export interface HelmAppProps {
  /** The tenant whose namespace the release is installed into and whose reconciler installs it. */
  readonly tenant: string;
  /**
   * App name: `metadata.name` of the source and the HelmRelease, and the Helm release name.
   * @default - the construct id
   */
  readonly name?: string;
  /** The chart to install. */
  readonly chart: HelmAppChart;
  /** Helm values. @default - the chart's defaults */
  readonly values?: Record<string, unknown>;
  /**
   * ServiceAccount helm-controller impersonates (it must exist in the tenant namespace).
   * @default - the tenant's reconciler, `<tenant>-reconciler` (see `Tenant`)
   */
  readonly serviceAccountName?: string;
  /**
   * How often Flux reconciles the release and checks the source, as `<n>s|m|h` (at least 1m).
   * @default '30m'
   */
  readonly interval?: string;
  /** Install and upgrade retries before Flux gives up (upgrades are rolled back). @default 3 */
  readonly retries?: number;
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const REPOSITORY = /^(https|oci):\/\/[^\s/]+(\/[^\s]*)?$/;
const CHART_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
const INTERVAL = /^(\d+)(s|m|h)$/;
/** Media type of a Helm chart layer in an OCI artifact. */
const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/**
 * The `helm-app` template: a Helm chart installed by Flux into a tenant's namespace (which the
 * `Tenant` construct creates). Creates, all named `<name>` in the tenant namespace:
 *
 * - the source: `HelmRepository` (source.toolkit.fluxcd.io/v1) for an `https://` repository, or
 *   `OCIRepository` (v1) at `<repository>/<chart>` with `ref.tag` = the version for `oci://`;
 * - `HelmRelease` (helm.toolkit.fluxcd.io/v2): the pinned chart (`chart.spec` with `version` and
 *   a HelmRepository `sourceRef`, or `chartRef` to the OCIRepository), `values`, install and
 *   upgrade remediation (`retries`, rollback, `cleanupOnFail`), drift detection on, and the
 *   tenancy fences: `serviceAccountName` (the tenant's reconciler, which can only act in its
 *   namespace) and `targetNamespace`/`storageNamespace` = the tenant namespace.
 */
export class HelmApp extends Construct {
  /** Name of the source and the HelmRelease. */
  readonly name: string;
  /** Kind of the source created: `HelmRepository` or `OCIRepository`. */
  readonly sourceKind: 'HelmRepository' | 'OCIRepository';
  /** The HelmRelease (for escape hatches). */
  readonly release: HelmRelease;

  constructor(scope: Construct, id: string, props: HelmAppProps) {
    super(scope, id);
    const owner = `HelmApp ${id}`;
    const name = checkDnsLabel(owner, 'name', props.name ?? id, 53);
    const namespace = checkDnsLabel(owner, 'tenant', props.tenant);
    const chart = props.chart;
    if (typeof chart !== 'object' || chart === null) fail(owner, 'chart', chart, 'must be { repository, name, version }');
    if (typeof chart.repository !== 'string' || !REPOSITORY.test(chart.repository)) {
      fail(owner, 'chart.repository', chart.repository, 'must be an https:// or oci:// chart repository URL');
    }
    if (typeof chart.name !== 'string' || !CHART_NAME.test(chart.name)) {
      fail(owner, 'chart.name', chart.name, 'must be a chart name (lower-case letters, digits, ".", "_" and "-")');
    }
    if (typeof chart.version !== 'string' || !EXACT_VERSION.test(chart.version)) {
      fail(owner, 'chart.version', chart.version, 'must be an exact version such as 1.2.3 (no ranges, wildcards or "latest")');
    }
    if (props.values !== undefined && (typeof props.values !== 'object' || props.values === null || Array.isArray(props.values))) {
      fail(owner, 'values', props.values, 'must be an object of Helm values');
    }
    const serviceAccountName = checkDnsLabel(owner, 'serviceAccountName', props.serviceAccountName ?? Tenant.reconcilerName(namespace));
    const interval = props.interval ?? '30m';
    const match = INTERVAL.exec(interval);
    const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'] : 0;
    if (seconds < 60) fail(owner, 'interval', interval, 'must be a duration of at least 1m such as 30m or 1h');
    const retries = checkInt(owner, 'retries', props.retries ?? 3, 0, 10);
    this.name = name;

    const metadata = { name, namespace, labels: { 'app.kubernetes.io/name': name } };
    const oci = chart.repository.startsWith('oci://');
    this.sourceKind = oci ? 'OCIRepository' : 'HelmRepository';
    if (oci) {
      new OciRepository(this, 'source', {
        metadata,
        spec: {
          interval,
          url: `${chart.repository.replace(/\/+$/, '')}/${chart.name}`,
          // Helm pushes versions with build metadata with "+" replaced by "_" (OCI tags allow no "+").
          ref: { tag: chart.version.replace(/\+/g, '_') },
          layerSelector: { mediaType: HELM_CHART_LAYER, operation: OciRepositorySpecLayerSelectorOperation.COPY },
        },
      });
    } else {
      new HelmRepository(this, 'source', { metadata, spec: { interval, url: chart.repository } });
    }

    this.release = new HelmRelease(this, 'release', {
      metadata,
      spec: {
        interval,
        releaseName: name,
        targetNamespace: namespace,
        storageNamespace: namespace,
        serviceAccountName,
        ...(oci
          ? { chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name } }
          : {
              chart: {
                spec: {
                  chart: chart.name,
                  version: chart.version,
                  sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name },
                  interval,
                },
              },
            }),
        install: { remediation: { retries } },
        upgrade: {
          cleanupOnFail: true,
          remediation: { retries, remediateLastFailure: true, strategy: HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK },
        },
        rollback: { cleanupOnFail: true },
        driftDetection: { mode: HelmReleaseSpecDriftDetectionMode.ENABLED },
        values: props.values,
      },
    });
  }
}
