import { Construct } from 'constructs';
import { mergeLayers } from '../../config/merge';
import { webhookCaBundles } from '../flux/defaults';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface MetalLbProps extends ComponentProps {
  /**
   * Run the speakers (a hostNetwork DaemonSet with NET_RAW that announces addresses). Not needed
   * when MetalLB only allocates addresses that a cloud load balancer owns (see MetalLbIngressPool).
   * @default true
   */
  readonly speakers?: boolean;
}

/**
 * MetalLB for k3s clusters on VPS providers, where no cloud controller hands out load balancer
 * addresses. Its only pool is the Terraform-created ingress address (see MetalLbIngressPool). k3s'
 * own ServiceLB must be disabled on such clusters (`--disable servicelb`). Without speakers the
 * namespace needs no privileges beyond baseline.
 */
export class MetalLb extends Construct {
  /** Namespace of controller and speakers. */
  static readonly namespace = 'metallb-system';
  /** Chart repository. */
  static readonly repository = 'https://metallb.github.io/metallb';

  /** Values no cluster differs in: L2 only, so no FRR sidecars. */
  static readonly baseValues: Values = {
    crds: { enabled: true },
    speaker: { frr: { enabled: false } },
    controller: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } } },
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
      podSecurity: speakers ? 'privileged' : 'baseline',
      podSecurityReason: speakers
        ? 'MetalLB speakers run with hostNetwork and NET_RAW to answer ARP for the ingress address'
        : 'the MetalLB chart does not set a seccomp profile on the controller (restricted would reject it)',
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
