import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { SablierTheme } from '../../config/schema';
import { Sablier } from '../components/sablier';
import { assertDnsLabel } from '../flux/names';

export interface ScaleToZeroProps {
  /** Name of the HTTPRoute whose requests wake the application (the policy takes `<route>-scale-to-zero`). */
  readonly route: string;
  /** Namespace of the route and of the application. */
  readonly namespace: string;
  /** Sablier group: the value of the `sablier.group` label on the workloads that sleep and wake together. */
  readonly group: string;
  /** Name shown on the waiting page. */
  readonly displayName: string;
  /**
   * How long after the last request the workloads stay up (a Go duration: 30m, 2h, 90s).
   * @default '30m'
   */
  readonly sessionDuration?: string;
  /**
   * `dynamic`: a waiting page that reloads until the workloads are ready (browsers);
   * `blocking`: the request waits until they are ready, up to `ScaleToZero.blockingTimeout` (API clients).
   * @default 'dynamic'
   */
  readonly strategy?: 'dynamic' | 'blocking';
  /**
   * Waiting-page theme (dynamic only).
   * @default 'ghost'
   */
  readonly theme?: SablierTheme;
}

/**
 * Scale to zero for one routed application: an Envoy Gateway EnvoyExtensionPolicy that runs Sablier's
 * Proxy-Wasm plugin on the application's HTTPRoute. On each request the plugin calls Sablier
 * (`GET /api/strategies/...` with the group) through the Envoy cluster `ScaleToZero.envoyCluster`,
 * which SablierGatewayCluster adds to the gateway; Sablier scales the group's Deployments up and
 * either answers with its waiting page or lets the request through once they are ready.
 *
 * The workloads opt in with `ScaleToZero.labels(group)` on their Deployment and must leave
 * `spec.replicas` out of their manifest: Sablier owns the replica count, and Flux would otherwise
 * set it back to 1 on every reconciliation and wake the application.
 *
 * The plugin is fetched by Envoy Gateway's controller from its GitHub release over HTTPS (no OCI
 * image is published); there is no sha256 pin, so Envoy Gateway does not verify the download.
 */
export class ScaleToZero extends Construct {
  /** Release of sablierapp/sablier-proxywasm-plugin (tag v1.1.0, 2025-11-11). */
  static readonly pluginVersion = '1.1.0';
  /** Where Envoy Gateway downloads the plugin. */
  static readonly pluginUrl = `https://github.com/sablierapp/sablier-proxywasm-plugin/releases/download/v${ScaleToZero.pluginVersion}/sablier-proxywasm-plugin.wasm`;
  /** Name of the Envoy cluster the plugin dispatches its calls to (added by SablierGatewayCluster). */
  static readonly envoyCluster = 'sablier';
  /** How long a blocking request waits for the workloads. */
  static readonly blockingTimeout = '60s';

  /** Labels a Deployment carries to sleep and wake with `group`. */
  static labels(group: string): Record<string, string> {
    return { 'sablier.enable': 'true', 'sablier.group': group };
  }

  constructor(scope: Construct, id: string, props: ScaleToZeroProps) {
    super(scope, id);
    assertDnsLabel('scale-to-zero route', props.route);
    assertDnsLabel('scale-to-zero namespace', props.namespace);
    assertDnsLabel('sablier group', props.group);
    const sessionDuration = props.sessionDuration ?? '30m';
    if (!/^[1-9][0-9]{0,3}(s|m|h)$/.test(sessionDuration)) throw new Error(`route ${props.route}: sessionDuration must be a duration such as 30m, got ${sessionDuration}`);
    const strategy = props.strategy ?? 'dynamic';
    if (strategy === 'blocking' && props.theme !== undefined) throw new Error(`route ${props.route}: a theme applies to the dynamic strategy only`);
    const config = {
      // Authority of the call; the Envoy cluster decides where it goes.
      sablier_url: `${Sablier.serviceName}.${Sablier.namespace}.svc:${Sablier.port}`,
      cluster: ScaleToZero.envoyCluster,
      group: props.group,
      session_duration: sessionDuration,
      ...(strategy === 'dynamic'
        ? { dynamic: { display_name: props.displayName, theme: props.theme ?? 'ghost' } }
        : { blocking: { timeout: ScaleToZero.blockingTimeout } }),
    };
    new ApiObject(this, 'Policy', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyExtensionPolicy',
      metadata: { name: `${props.route}-scale-to-zero`, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: props.route }],
        wasm: [
          {
            name: 'sablier',
            code: { type: 'HTTP', http: { url: ScaleToZero.pluginUrl } },
            config,
            // The module cannot be fetched or loaded: pass requests on (an awake application answers, a sleeping one gets 503) rather than fail the route.
            failOpen: true,
          },
        ],
      },
    });
  }
}
