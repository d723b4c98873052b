import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface IstioProps extends ComponentProps {
  /**
   * Values per chart: `{ base: {...}, istiod: {...}, gateway: {...} }` (the config's
   * `components.istio.values` uses the same three keys).
   * @default {}
   */
  readonly values?: Values;
}

/**
 * Istio in sidecar mode from the three upstream charts, installed in order base (CRDs) -> istiod ->
 * gateway. The Istio gateway is a ClusterIP Service: the edge is the platform ingress (one public
 * address per cluster), which can route to it; switch `gateway.service.type` in values to expose it.
 */
export class Istio extends Construct {
  /** Namespace of istiod and the gateway. */
  static readonly namespace = 'istio-system';
  /** Chart repository. */
  static readonly repository = 'https://istio-release.storage.googleapis.com/charts';

  /** Values no cluster differs in, per chart. */
  static readonly baseValues: { readonly base: Values; readonly istiod: Values; readonly gateway: Values } = {
    base: { defaultRevision: 'default' },
    istiod: {
      // seccompProfile: the one control of restricted the chart's pod misses by default.
      pilot: { autoscaleEnabled: false, replicaCount: 1, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } }, seccompProfile: { type: 'RuntimeDefault' } },
      meshConfig: { accessLogFile: '/dev/stdout', enablePrometheusMerge: true },
    },
    gateway: {
      service: { type: 'ClusterIP' },
      autoscaling: { enabled: false },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      // Replaces the chart's default pod securityContext (the unprivileged-port sysctl, a safe one
      // restricted allows, kept) and adds the seccomp profile restricted asks for.
      securityContext: { seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
    },
  };

  /** Values derived from the cluster: the mesh id and cluster name. */
  static clusterValues(ctx: ClusterContext): { istiod: Values } {
    return { istiod: { global: { meshID: ctx.name, multiCluster: { clusterName: ctx.name } } } };
  }

  constructor(scope: Construct, id: string, props: IstioProps) {
    super(scope, id);
    const values = props.values ?? {};
    for (const key of Object.keys(values)) {
      if (!['base', 'istiod', 'gateway'].includes(key)) {
        throw new Error(`Istio: values keys are the chart names base, istiod and gateway; got ${JSON.stringify(key)}`);
      }
    }
    const pick = (key: string) => values[key] as Values | undefined;
    new HelmComponent(this, 'Component', {
      namespace: Istio.namespace,
      podSecurity: 'restricted',
      repository: Istio.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'xds', peer: { allNamespaces: true }, ports: [{ port: 15012 }, { port: 15010 }] },
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 15017 }] },
        { name: 'gateway', peer: { allNamespaces: true }, ports: [{ port: 80 }, { port: 443 }, { port: 15021 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 15014 }, { port: 15020 }, { port: 15090 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'backends', peer: { allNamespaces: true } },
      ],
      releases: [
        { name: 'istio-base', chart: 'base', defaults: Istio.baseValues.base, values: pick('base') },
        {
          name: 'istiod',
          chart: 'istiod',
          defaults: Istio.baseValues.istiod,
          values: pick('istiod'),
          // istiod flips its validating webhook's failurePolicy to Fail once it is serving.
          driftIgnore: [{ kind: 'ValidatingWebhookConfiguration', paths: ['/webhooks/0/failurePolicy', '/webhooks/1/failurePolicy'] }],
        },
        { name: 'istio-gateway', chart: 'gateway', defaults: Istio.baseValues.gateway, values: pick('gateway') },
      ],
    });
  }
}
