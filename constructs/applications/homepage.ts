import { Construct } from 'constructs';
import { APPLICATION_CATALOGUE } from '../../config/application-catalogue';
import { mergeLayers } from '../../config/merge';
import type { Values } from '../components/context';
import { ChartSource } from '../flux/chart-source';
import { FLUX_DEFAULTS, type FluxDefaults } from '../flux/defaults';
import { PlatformHelmRelease } from '../flux/platform-helm-release';

/** One link on the start page. */
export interface HomepageLink {
  /** Name shown. */
  readonly name: string;
  /** https:// URL. */
  readonly href: string;
  /** One line under the name. */
  readonly description: string;
}

/** A titled group of links. */
export interface HomepageGroup {
  /** Group title. */
  readonly title: string;
  /** Its links, in order. */
  readonly links: readonly HomepageLink[];
}

export interface HomepageProps {
  /** Namespace (made by ApplicationNamespace). */
  readonly namespace: string;
  /** Exact version of the homepage chart. */
  readonly version: string;
  /** Public host name the start page answers on (Homepage refuses other Host headers). */
  readonly hostname: string;
  /** Groups of links: the platform's services and the cluster's applications. */
  readonly groups: readonly HomepageGroup[];
  /**
   * Title of the page.
   * @default 'Homepage'
   */
  readonly title?: string;
  /**
   * Helm values from config, merged over this construct's.
   * @default {}
   */
  readonly values?: Values;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * Homepage, the start page, from the jameswynn/homepage chart: its services page lists the groups
 * given (generated from config by charts/), bookmarks and widgets off, Kubernetes discovery off (no
 * cluster role), non-root (uid 1000) without privilege escalation or capabilities; the chart puts an
 * emptyDir under /app/config, where Homepage copies its default custom.css/js at start, and its Next.js
 * cache is on an emptyDir. The root filesystem stays writable: Homepage's image does not document
 * which other paths it writes.
 */
export class Homepage extends Construct {
  /** Release (and Service) name. */
  static readonly release = 'homepage';
  /** The image the chart's appVersion names, pinned here. */
  static readonly image = 'ghcr.io/gethomepage/homepage:v1.2.0';

  constructor(scope: Construct, id: string, props: HomepageProps) {
    super(scope, id);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) throw new Error(`Homepage: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    for (const group of props.groups) {
      for (const link of group.links) {
        if (!link.href.startsWith('https://')) throw new Error(`Homepage: link ${link.name} must be https://, got ${link.href}`);
      }
    }
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    const services = props.groups
      .filter((g) => g.links.length > 0)
      .map((g) => ({ [g.title]: g.links.map((l) => ({ [l.name]: { href: l.href, description: l.description } })) }));
    const base: Values = {
      image: { repository: Homepage.image.split(':')[0], tag: Homepage.image.split(':')[1] },
      enableRbac: false,
      serviceAccount: { create: false },
      config: {
        bookmarks: [],
        services,
        widgets: [],
        kubernetes: { mode: 'disable' },
        settingsString: `title: ${JSON.stringify(props.title ?? 'Homepage')}\nheaderStyle: boxed\n`,
      },
      env: [{ name: 'HOMEPAGE_ALLOWED_HOSTS', value: props.hostname }],
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '10m', memory: APPLICATION_CATALOGUE.homepage.memory.request }, limits: { memory: APPLICATION_CATALOGUE.homepage.memory.limit } },
      persistence: {
        logs: { enabled: true, type: 'emptyDir', mountPath: '/app/config/logs' },
        cache: { enabled: true, type: 'emptyDir', mountPath: '/app/.next/cache' },
      },
    };
    const source = new ChartSource(this, 'Source', { name: Homepage.release, namespace: props.namespace, url: APPLICATION_CATALOGUE.homepage.source.kind === 'chart' ? APPLICATION_CATALOGUE.homepage.source.repository : '', defaults });
    new PlatformHelmRelease(this, 'Release', {
      name: Homepage.release,
      namespace: props.namespace,
      source,
      chart: 'homepage',
      version: props.version,
      values: mergeLayers<Values>(base, props.values ?? {}),
      defaults,
    });
  }
}
