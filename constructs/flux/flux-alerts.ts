import { Construct } from 'constructs';
import {
  AlertV1Beta3,
  AlertV1Beta3SpecEventSeverity,
  AlertV1Beta3SpecEventSourcesKind,
  ProviderV1Beta3,
  ProviderV1Beta3SpecType,
} from '../../imports/flux-notification-notification.toolkit.fluxcd.io';
import { FLUX_DEFAULTS, type FluxDefaults } from './defaults';

export interface FluxAlertsProps {
  /**
   * Alertmanager API address that receives Flux events as alerts, e.g.
   * http://alertmanager.monitoring.svc:9093/api/v2/alerts/.
   */
  readonly alertmanagerUrl: string;
  /** Cluster name, attached to every event so one Alertmanager can tell fleets apart. */
  readonly cluster: string;
  /**
   * Lowest event severity forwarded.
   * @default error
   */
  readonly severity?: 'info' | 'error';
  /**
   * Namespaces besides flux-system whose Flux objects (HelmReleases, sources) are alerted on: each
   * gets a Provider and an Alert of its own, since locked-down Flux refuses cross-namespace event
   * sources.
   * @default [] (flux-system only)
   */
  readonly namespaces?: readonly string[];
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * Flux notifications (notification.toolkit.fluxcd.io/v1beta3): in flux-system and in each of
 * `namespaces`, a Provider of type `alertmanager` pointing at the in-cluster Alertmanager and an
 * Alert forwarding failures of every Kustomization, HelmRelease and source of that namespace. Needs no secret, so it is safe to ship in every cluster with Alertmanager.
 */
export class FluxAlerts extends Construct {
  constructor(scope: Construct, id: string, props: FluxAlertsProps) {
    super(scope, id);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    if (!/^https?:\/\/\S+$/.test(props.alertmanagerUrl)) {
      throw new Error(`alertmanagerUrl must be an http(s) URL, got ${JSON.stringify(props.alertmanagerUrl)}`);
    }
    // Under Flux's multi-tenancy lockdown (--no-cross-namespace-refs) notification-controller
    // hands an event only to Alerts of the involved object's namespace: one Provider and Alert
    // in every namespace that holds Flux objects.
    const namespaces = [...new Set([defaults.fluxNamespace, ...(props.namespaces ?? [])])].sort();
    for (const namespace of namespaces) {
      const id = namespace === defaults.fluxNamespace ? '' : `-${namespace}`;
      new ProviderV1Beta3(this, `Provider${id}`, {
        metadata: { name: 'alertmanager', namespace },
        spec: { type: ProviderV1Beta3SpecType.ALERTMANAGER, address: props.alertmanagerUrl },
      });
      const every = (kind: AlertV1Beta3SpecEventSourcesKind) => ({ kind, name: '*' });
      new AlertV1Beta3(this, `Alert${id}`, {
        metadata: { name: 'platform', namespace },
        spec: {
          providerRef: { name: 'alertmanager' },
          eventSeverity: props.severity === 'info' ? AlertV1Beta3SpecEventSeverity.INFO : AlertV1Beta3SpecEventSeverity.ERROR,
          eventMetadata: { cluster: props.cluster },
          eventSources: [
            every(AlertV1Beta3SpecEventSourcesKind.KUSTOMIZATION),
            every(AlertV1Beta3SpecEventSourcesKind.HELM_RELEASE),
            every(AlertV1Beta3SpecEventSourcesKind.GIT_REPOSITORY),
            every(AlertV1Beta3SpecEventSourcesKind.HELM_REPOSITORY),
            every(AlertV1Beta3SpecEventSourcesKind.OCI_REPOSITORY),
          ],
        },
      });
    }
  }
}
