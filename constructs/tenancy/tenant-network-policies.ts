import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkDnsLabel } from './validate';

export interface TenantNetworkPoliciesProps {
  /** The namespace the policies live in and protect. */
  readonly namespace: string;
  /**
   * Namespace of the ingress controller (or Gateway API proxies) allowed to reach every pod of
   * the tenant, on any port.
   * @default 'envoy-gateway-system'
   */
  readonly ingressNamespace?: string;
  /**
   * Namespace of the monitoring stack (Prometheus) allowed to scrape every pod of the tenant, on
   * any port.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
}

/**
 * Network isolation of one tenant namespace: a default-deny policy for ingress and egress, then
 * one policy per allowance, each named for what it allows:
 *
 * - `default-deny`: every pod, both directions, no rule.
 * - `allow-dns`: egress to CoreDNS (`k8s-app: kube-dns` in `kube-system`) on UDP and TCP 53.
 * - `allow-same-namespace`: ingress from and egress to pods of the same namespace.
 * - `allow-from-ingress`: ingress from the ingress controller namespace.
 * - `allow-from-monitoring`: ingress from the monitoring namespace.
 *
 * Egress to the internet or other namespaces stays denied. Namespaces are matched by their
 * immutable `kubernetes.io/metadata.name` label, so no label has to be added to them. Policies
 * are only enforced when the CNI implements them (k3s: yes, built in; OKE with flannel: no).
 */
export class TenantNetworkPolicies extends Construct {
  /** Names of the NetworkPolicies created, in creation order. */
  readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string, props: TenantNetworkPoliciesProps) {
    super(scope, id);
    const owner = `TenantNetworkPolicies ${id}`;
    const namespace = checkDnsLabel(owner, 'namespace', props.namespace);
    const ingressNamespace = checkDnsLabel(owner, 'ingressNamespace', props.ingressNamespace ?? 'envoy-gateway-system');
    const monitoringNamespace = checkDnsLabel(owner, 'monitoringNamespace', props.monitoringNamespace ?? 'monitoring');

    const policy = (name: string, traffic: Pick<kplus.NetworkPolicyProps, 'ingress' | 'egress'> = {}) =>
      new kplus.NetworkPolicy(this, name, { metadata: { name, namespace }, ...traffic });
    const namespacePeer = (peerId: string, name: string) =>
      kplus.Namespaces.select(this, peerId, { names: [name] });

    policy('default-deny', {
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });

    const dns = policy('allow-dns');
    dns.addEgressRule(
      kplus.Pods.select(this, 'kube-dns', {
        labels: { 'k8s-app': 'kube-dns' },
        namespaces: namespacePeer('kube-system', 'kube-system'),
      }),
      [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)],
    );

    const sameNamespace = policy('allow-same-namespace');
    const samePods = kplus.Pods.all(this, 'same-namespace-pods');
    sameNamespace.addIngressRule(samePods);
    sameNamespace.addEgressRule(samePods);

    policy('allow-from-ingress').addIngressRule(namespacePeer('ingress-namespace', ingressNamespace));
    policy('allow-from-monitoring').addIngressRule(namespacePeer('monitoring-namespace', monitoringNamespace));

    this.policyNames = ['default-deny', 'allow-dns', 'allow-same-namespace', 'allow-from-ingress', 'allow-from-monitoring'];
  }
}
