import { Construct } from 'constructs';
import { mergeLayers } from '../../config/merge';
import { webhookCaBundles } from '../flux/defaults';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface MetalLbProps extends ComponentProps {
  /**
   * Run the speakers (a hostNetwork DaemonSet with NET_RAW that announces addresses; the namespace
   * then enforces `privileged` instead of `restricted`). Not needed when MetalLB only allocates
   * addresses that a cloud load balancer owns (see MetalLbIngressPool).
   * @default true
   */
  readonly speakers?: boolean;
}

/**
 * MetalLB for k3s clusters on VPS providers, where no cloud controller hands out load balancer
 * addresses. Its only pool is the Terraform-created ingress address (see MetalLbIngressPool). k3s'
 * own ServiceLB must be disabled on such clusters (`--disable servicelb`).
 *
 * Layer 2 only: no BGP backend, so neither the bundled frr-k8s (on by default in the chart: a
 * hostNetwork DaemonSet with NET_ADMIN, NET_RAW and SYS_ADMIN, plus a hostNetwork status cleaner)
 * nor the speaker's FRR sidecars. Pod Security: the speaker DaemonSet runs with hostNetwork and
 * adds NET_RAW, both outside baseline, so with speakers the namespace is `privileged`; without
 * them only the controller runs, which meets `restricted` (the chart's non-root pod context plus
 * the seccomp profile set here).
 */
export class MetalLb extends Construct {
  /** Namespace of controller and speakers. */
  static readonly namespace = 'metallb-system';
  /** Chart repository. */
  static readonly repository = 'https://metallb.github.io/metallb';

  /** Values no cluster differs in: L2 only (no frr-k8s, no FRR sidecars), a restricted controller. */
  static readonly baseValues: Values = {
    crds: { enabled: true },
    frrk8s: { enabled: false },
    speaker: { frr: { enabled: false } },
    controller: {
      // The pod context (merged over the chart's runAsNonRoot, uid and fsGroup 65534); the
      // container already drops ALL capabilities and disallows privilege escalation.
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    },
  };

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: MetalLbProps) {
    super(scope, id);
    const speakers = props.speakers ?? true;
    new HelmComponent(this, 'Component', {
      namespace: MetalLb.namespace,
      podSecurity: speakers ? 'privileged' : 'restricted',
      podSecurityReason: speakers
        ? 'the MetalLB speakers answer ARP for the pool addresses from the host network: hostNetwork and the NET_RAW capability, which baseline forbids'
        : undefined,
      repository: MetalLb.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 9443 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 7472 }] },
      ],
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [
        {
          name: 'metallb',
          chart: 'metallb',
          defaults: speakers ? MetalLb.baseValues : mergeLayers<Values>(MetalLb.baseValues, { speaker: { enabled: false } }),
          values: props.values,
          // The controller patches the CA bundle into each of its (many) validating webhooks.
          driftIgnore: [{ kind: 'ValidatingWebhookConfiguration', paths: webhookCaBundles(4, 11) }],
        },
      ],
    });
  }
}
