import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';
import { OBSERVABILITY } from './observability-endpoints';

export interface OpenTelemetryCollectorProps extends ComponentProps {}

/**
 * An OpenTelemetry collector (contrib image, Deployment) that applications send OTLP to
 * (`opentelemetry-collector.opentelemetry.svc:4317/4318`). Spans go to Tempo, logs to Loki's OTLP
 * endpoint and metrics to Prometheus' remote-write receiver when those are on, each enriched with
 * Kubernetes attributes; anything without a backend goes to the debug exporter.
 */
export class OpenTelemetryCollector extends Construct {
  /** Namespace of the collector. */
  static readonly namespace = 'opentelemetry';
  /** Chart artifact. */
  static readonly repository = 'oci://ghcr.io/open-telemetry/opentelemetry-helm-charts/opentelemetry-collector';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    mode: 'deployment',
    replicaCount: 1,
    image: { repository: 'otel/opentelemetry-collector-contrib' },
    presets: { kubernetesAttributes: { enabled: true } },
    ports: {
      'jaeger-compact': { enabled: false },
      'jaeger-thrift': { enabled: false },
      'jaeger-grpc': { enabled: false },
      zipkin: { enabled: false },
      metrics: { enabled: true },
    },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
  };

  /** Exporters and pipelines for the backends enabled in the cluster. */
  static clusterValues(ctx: ClusterContext): Values {
    const exporters: Values = {};
    const pipeline = (on: boolean, exporter: string, config: Values) => {
      if (on) exporters[exporter] = config;
      return { receivers: ['otlp'], exporters: [on ? exporter : 'debug'] };
    };
    const traces = pipeline(ctx.enabled.has('tempo'), 'otlp/tempo', { endpoint: OBSERVABILITY.tempoOtlpGrpc, tls: { insecure: true } });
    const logs = pipeline(ctx.enabled.has('loki'), 'otlphttp/loki', { endpoint: `${OBSERVABILITY.loki}/otlp` });
    const metrics = pipeline(ctx.enabled.has('kube-prometheus-stack'), 'prometheusremotewrite', {
      endpoint: `${OBSERVABILITY.prometheus}/api/v1/write`,
      resource_to_telemetry_conversion: { enabled: true },
    });
    return {
      config: { exporters, service: { pipelines: { traces, logs, metrics } } },
      serviceMonitor: { enabled: ctx.enabled.has('kube-prometheus-stack') },
    };
  }

  constructor(scope: Construct, id: string, props: OpenTelemetryCollectorProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: OpenTelemetryCollector.namespace,
      repository: OpenTelemetryCollector.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'otlp', peer: { allNamespaces: true }, ports: [{ port: 4317 }, { port: 4318 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8888 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'tempo', peer: { namespace: 'tempo' }, ports: [{ port: 4317 }] },
        { name: 'loki', peer: { namespace: 'loki' }, ports: [{ port: 3100 }] },
        { name: 'prometheus', peer: { namespace: 'monitoring' }, ports: [{ port: 9090 }] },
      ],
      releases: [{ name: 'opentelemetry-collector', defaults: OpenTelemetryCollector.baseValues, values: props.values }],
    });
  }
}
