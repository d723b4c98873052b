import type { TrafficRule } from '../platform/namespace-network-policies';
import { INGRESS_NAMESPACES } from './context';

/** Ingress allowances for a backend that routes reach: Envoy Gateway's proxies, on `port` (ingress-nginx: IngressNginxAllowances, per cluster). */
export function fromIngress(port: number): TrafficRule[] {
  return INGRESS_NAMESPACES.map((namespace) => ({ name: `from-${namespace}`, peer: { namespace }, ports: [{ port }] }));
}
