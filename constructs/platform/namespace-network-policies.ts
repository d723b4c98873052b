import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

/** Who a rule allows traffic from (ingress) or to (egress). */
export type TrafficPeer =
  /** Pods of one namespace. */
  | { readonly namespace: string }
  /** Pods of every namespace. */
  | { readonly allNamespaces: true }
  /** Addresses outside the pod network (API server, nodes, the internet), minus `except`. */
  | { readonly cidrs: readonly string[]; readonly except?: readonly string[] }
  /** Any source or destination. */
  | { readonly anywhere: true };

/** A TCP or UDP port. */
export interface TrafficPort {
  /** Port number as the pod sees it (after Service translation). */
  readonly port: number;
  /**
   * Protocol.
   * @default TCP
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** One allowance: a named NetworkPolicy opening some ports to or from one peer. */
export interface TrafficRule {
  /** Suffix of the NetworkPolicy name (`allow-<name>`), e.g. `apiserver`, `from-gateway`. */
  readonly name: string;
  /** The other side of the traffic. */
  readonly peer: TrafficPeer;
  /**
   * Ports allowed.
   * @default - every port
   */
  readonly ports?: readonly TrafficPort[];
}

export interface NamespaceNetworkPoliciesProps {
  /** The namespace the policies protect. */
  readonly namespace: string;
  /**
   * Write the namespace's `default-deny` policy. Off only for allowances added to a namespace
   * whose default deny lives elsewhere (e.g. a cluster overlay opening a shared base's namespace).
   * @default true
   */
  readonly defaultDeny?: boolean;
  /**
   * Allow pods of the namespace to talk to each other (raft peers, gossip, sidecars).
   * @default true
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Allow DNS lookups through kube-dns in kube-system.
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * Ingress allowances on top of the default deny.
   * @default []
   */
  readonly ingress?: readonly TrafficRule[];
  /**
   * Egress allowances on top of the default deny.
   * @default []
   */
  readonly egress?: readonly TrafficRule[];
}

/**
 * Default-deny for a namespace (every pod, both directions) plus one NetworkPolicy per allowance,
 * each named for what it opens, so `kubectl get netpol` reads as the namespace's traffic contract.
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    assertDnsLabel('network policy namespace', props.namespace);
    const namespace = props.namespace;
    const seen = new Set<string>();
    const policy = (name: string, spec: k8s.NetworkPolicySpec) => {
      if (seen.has(name)) throw new Error(`namespace ${namespace}: two network policies are named ${name}; give the rules distinct names`);
      seen.add(name);
      assertDnsLabel('network policy name', name);
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace }, spec });
    };

    if (props.defaultDeny ?? true) policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    if (props.allowSameNamespace ?? true) {
      const same = [{ podSelector: {} }];
      policy('allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: same }], egress: [{ to: same }] });
    }
    if (props.allowDns ?? true) {
      policy('allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: byName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [port({ port: 53, protocol: 'UDP' }), port({ port: 53, protocol: 'TCP' })],
          },
        ],
      });
    }
    for (const rule of props.ingress ?? []) {
      policy(`allow-${rule.name}`, {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: peers(rule.peer), ports: rule.ports?.map(port) }],
      });
    }
    for (const rule of props.egress ?? []) {
      policy(`allow-${rule.name}`, {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: peers(rule.peer), ports: rule.ports?.map(port) }],
      });
    }
  }
}

function byName(namespace: string): k8s.LabelSelector {
  return { matchLabels: { 'kubernetes.io/metadata.name': namespace } };
}

function port(p: TrafficPort): k8s.NetworkPolicyPort {
  if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) throw new Error(`network policy port must be 1-65535, got ${p.port}`);
  return { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' };
}

function peers(peer: TrafficPeer): k8s.NetworkPolicyPeer[] | undefined {
  if ('anywhere' in peer) return undefined;
  if ('allNamespaces' in peer) return [{ namespaceSelector: {} }];
  if ('namespace' in peer) {
    assertDnsLabel('network policy peer namespace', peer.namespace);
    return [{ namespaceSelector: byName(peer.namespace) }];
  }
  if (peer.cidrs.length === 0) throw new Error('a cidrs peer needs at least one CIDR');
  return peer.cidrs.map((cidr) => ({ ipBlock: { cidr, except: peer.except?.length ? [...peer.except] : undefined } }));
}
