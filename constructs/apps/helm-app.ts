import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { isPlainObject, mergeLayers } from '../../config/merge';
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
  /**
   * The values keys where the chart takes the pod's and the main container's securityContext; the
   * release gets {@link RESTRICTED_POD_SECURITY_CONTEXT} and
   * {@link RESTRICTED_CONTAINER_SECURITY_CONTEXT} there, under `values` (which win key by key; a
   * `null` removes a default). `false` for a chart whose values have no such keys or use them
   * differently.
   * @default HELM_CREATE_SECURITY_KEYS, the `helm create` scaffold's keys
   */
  readonly securityContextKeys?: SecurityContextKeys | false;
}

/** Where a chart's values take the pod-level and the container-level securityContext. */
export interface SecurityContextKeys {
  /** Values key of the pod's `spec.securityContext`. */
  readonly pod: string;
  /** Values key of the main container's `securityContext`. */
  readonly container: string;
}

/**
 * The keys `helm create` scaffolds (`podSecurityContext` for the pod, `securityContext` for the
 * container), which most charts keep (podinfo among them).
 */
export const HELM_CREATE_SECURITY_KEYS: SecurityContextKeys = { pod: 'podSecurityContext', container: 'securityContext' };

/**
 * What Pod Security `restricted` (the level of every tenant namespace) asks of a pod: non-root,
 * seccomp RuntimeDefault. The uid is numeric, as the kubelet can only verify `runAsNonRoot` for a
 * numeric user (an image with `USER app` would not start otherwise); the same default uid as the
 * kustomize-app and stateful-app templates. Override `runAsUser` for images that expect their own.
 */
export const RESTRICTED_POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
  fsGroup: 65532,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** What `restricted` asks of each container: no privilege escalation, every capability dropped. */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

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
 *
 * Tenant namespaces enforce Pod Security `restricted`, which rejects the pods of most charts as
 * they come (no seccomp profile, capabilities kept, privilege escalation allowed). So the release's
 * values start from restricted pod and container security contexts at the chart's
 * `securityContextKeys` (by default the `helm create` ones), and the app's `values` go on top.
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
    const keys = props.securityContextKeys ?? HELM_CREATE_SECURITY_KEYS;
    if (keys !== false) {
      for (const key of ['pod', 'container'] as const) {
        if (typeof keys[key] !== 'string' || keys[key].trim() === '') fail(owner, `securityContextKeys.${key}`, keys[key], 'must be a values key');
      }
      if (keys.pod === keys.container) fail(owner, 'securityContextKeys.container', keys.container, 'must differ from securityContextKeys.pod');
    }
    const securityDefaults =
      keys === false ? {} : { [keys.pod]: RESTRICTED_POD_SECURITY_CONTEXT, [keys.container]: RESTRICTED_CONTAINER_SECURITY_CONTEXT };
    const values = mergeLayers<Record<string, unknown>>(securityDefaults, props.values ?? {});
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
        values: Object.keys(values).length > 0 ? values : undefined,
      },
    });
    // cdk8s drops nulls when it serializes; Helm reads a null value as "remove this key" (from the
    // chart's defaults, and here from the restricted defaults), so they are patched back in.
    for (const path of nullPaths(values)) this.release.addJsonPatch(JsonPatch.add(`/spec/values${path}`, null));
  }
}

/** JSON pointers of the null values in `values`, at any depth. */
function nullPaths(values: Record<string, unknown>, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const path = `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (value === null) paths.push(path);
    else if (isPlainObject(value)) paths.push(...nullPaths(value, path));
  }
  return paths;
}
