import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

export interface RouteRateLimitProps {
  /** Name of the HTTPRoute the limit applies to (the policy takes the same name). */
  readonly route: string;
  /** Namespace of the route. */
  readonly namespace: string;
  /** Requests per minute the route admits. */
  readonly requestsPerMinute: number;
}

/**
 * A rate limit on one HTTPRoute: an Envoy Gateway BackendTrafficPolicy with a local limit (a token
 * bucket in each Envoy replica; no rate-limit service or Redis needed). Requests over the limit get
 * 429 before they reach the application. Local limits cannot count per client address (that needs
 * Envoy Gateway's global rate limiting and its Redis), so the limit is the route's total.
 */
export class RouteRateLimit extends Construct {
  constructor(scope: Construct, id: string, props: RouteRateLimitProps) {
    super(scope, id);
    assertDnsLabel('rate-limited route', props.route);
    assertDnsLabel('rate-limited route namespace', props.namespace);
    if (!Number.isInteger(props.requestsPerMinute) || props.requestsPerMinute < 1) {
      throw new Error(`route ${props.route}: requestsPerMinute must be a positive integer, got ${props.requestsPerMinute}`);
    }
    new ApiObject(this, 'Policy', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: props.route, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: props.route }],
        rateLimit: {
          type: 'Local',
          local: {
            rules: [{ limit: { requests: props.requestsPerMinute, unit: 'Minute' } }],
          },
        },
      },
    });
  }
}
