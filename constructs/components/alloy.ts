import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';
import { OBSERVABILITY } from './observability-endpoints';

export interface AlloyProps extends ComponentProps {}

/**
 * Grafana Alloy as the log collector (Promtail is end-of-life): a DaemonSet where each instance
 * tails the logs of the pods on its own node through the Kubernetes API (`loki.source.kubernetes`,
 * so no hostPath mount) and ships them to Loki with namespace/pod/container/app labels and the
 * cluster name as an external label.
 */
export class Alloy extends Construct {
  /** Namespace of Alloy. */
  static readonly namespace = 'alloy';
  /** Chart repository. */
  static readonly repository = 'https://grafana.github.io/helm-charts';

  /** The Alloy pipeline for one cluster (no `${...}`: Flux substitution must leave it alone). */
  static config(cluster: string): string {
    return [
      'discovery.kubernetes "pods" {',
      '  role = "pod"',
      '  selectors {',
      '    role  = "pod"',
      '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
      '  }',
      '}',
      '',
      'discovery.relabel "pods" {',
      '  targets = discovery.kubernetes.pods.targets',
      '  rule {',
      '    source_labels = ["__meta_kubernetes_namespace"]',
      '    target_label  = "namespace"',
      '  }',
      '  rule {',
      '    source_labels = ["__meta_kubernetes_pod_name"]',
      '    target_label  = "pod"',
      '  }',
      '  rule {',
      '    source_labels = ["__meta_kubernetes_pod_container_name"]',
      '    target_label  = "container"',
      '  }',
      '  rule {',
      '    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]',
      '    target_label  = "app"',
      '  }',
      '}',
      '',
      'loki.source.kubernetes "pods" {',
      '  targets    = discovery.relabel.pods.output',
      '  forward_to = [loki.write.default.receiver]',
      '}',
      '',
      'loki.write "default" {',
      '  endpoint {',
      `    url = "${OBSERVABILITY.loki}/loki/api/v1/push"`,
      '  }',
      `  external_labels = { cluster = "${cluster}" }`,
      '}',
      '',
    ].join('\n');
  }

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    controller: { type: 'daemonset' },
    alloy: {
      configMap: { create: true },
      mounts: { varlog: false, dockercontainers: false },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    },
  };

  /** The pipeline with this cluster's label, and metrics scraping when Prometheus is there. */
  static clusterValues(ctx: ClusterContext): Values {
    return {
      alloy: { configMap: { content: Alloy.config(ctx.name) } },
      serviceMonitor: { enabled: ctx.enabled.has('kube-prometheus-stack') },
    };
  }

  constructor(scope: Construct, id: string, props: AlloyProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Alloy.namespace,
      podSecurity: 'baseline',
      podSecurityReason: 'the Alloy image runs as root by default; restricted is not verified',
      repository: Alloy.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [{ name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 12345 }] }],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'loki', peer: { namespace: 'loki' }, ports: [{ port: 3100 }] },
      ],
      releases: [{ name: 'alloy', chart: 'alloy', defaults: Alloy.baseValues, values: props.values }],
    });
  }
}
