import { Construct } from 'constructs';
import {
  HelmRepository,
  OciRepository,
  OciRepositorySpecLayerSelectorOperation,
} from '../../imports/flux-source-source.toolkit.fluxcd.io';
import { FLUX_DEFAULTS, type FluxDefaults } from './defaults';
import { assertDnsLabel, assertDuration, assertExactVersion } from './names';

/** Media type of the chart layer in a Helm OCI artifact. */
const HELM_CHART_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export interface ChartSourceProps {
  /** metadata.name; HelmReleases refer to the source by it. */
  readonly name: string;
  /** Namespace of the source (the component's namespace, next to its HelmRelease). */
  readonly namespace: string;
  /**
   * Where the chart comes from: an `https://` Helm repository (a HelmRepository is written, the
   * chart name and version go in the HelmRelease) or the `oci://` address of one chart (an
   * OCIRepository is written, pinned to `version` as its tag, for HelmRelease `chartRef`).
   */
  readonly url: string;
  /**
   * Exact chart version. Required for `oci://` sources, where it is the artifact tag.
   * @default - none; an https:// repository serves every version and the HelmRelease pins one
   */
  readonly version?: string;
  /**
   * How often the source is checked.
   * @default FLUX_DEFAULTS.sourceInterval
   */
  readonly interval?: string;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * Where a HelmRelease gets its chart: a Flux HelmRepository (https) or OCIRepository (oci, with the
 * Helm chart layer selected and the tag pinned). Helm OCI repositories as `HelmRepository type: oci`
 * are in maintenance mode in Flux, so OCI charts always use OCIRepository + `chartRef`.
 */
export class ChartSource extends Construct {
  /** `HelmRepository` or `OCIRepository`. */
  public readonly kind: 'HelmRepository' | 'OCIRepository';
  /** metadata.name of the source object. */
  public readonly name: string;
  /** metadata.namespace of the source object. */
  public readonly namespace: string;
  /** The pinned tag of an OCI source; undefined for https sources. */
  public readonly version?: string;

  constructor(scope: Construct, id: string, props: ChartSourceProps) {
    super(scope, id);
    assertDnsLabel('chart source name', props.name);
    assertDnsLabel('chart source namespace', props.namespace);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    const interval = props.interval ?? defaults.sourceInterval;
    assertDuration('chart source interval', interval);
    this.name = props.name;
    this.namespace = props.namespace;
    const metadata = { name: props.name, namespace: props.namespace };

    if (props.url.startsWith('oci://')) {
      if (props.version === undefined) {
        throw new Error(`chart source ${props.name}: an oci:// source needs version (the exact chart tag)`);
      }
      assertExactVersion(`chart source ${props.name} version`, props.version);
      this.kind = 'OCIRepository';
      this.version = props.version;
      new OciRepository(this, 'Resource', {
        metadata,
        spec: {
          interval,
          url: props.url,
          ref: { tag: props.version },
          layerSelector: { mediaType: HELM_CHART_MEDIA_TYPE, operation: OciRepositorySpecLayerSelectorOperation.COPY },
        },
      });
    } else if (props.url.startsWith('https://')) {
      this.kind = 'HelmRepository';
      new HelmRepository(this, 'Resource', { metadata, spec: { interval, url: props.url } });
    } else {
      throw new Error(`chart source ${props.name}: url must start with https:// or oci://, got ${JSON.stringify(props.url)}`);
    }
  }
}
