/**
 * In-cluster addresses of the observability backends, shared by the components that send to or
 * read from them (Grafana data sources, Alloy, the OpenTelemetry collector, Flux notifications).
 */
export const OBSERVABILITY = {
  prometheus: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
  /** Prometheus' Service and port, for its (OAuth2-Proxy protected) route. */
  prometheusService: { name: 'kube-prometheus-stack-prometheus', port: 9090 },
  alertmanager: 'http://kube-prometheus-stack-alertmanager.monitoring.svc:9093',
  grafanaService: 'kube-prometheus-stack-grafana',
  loki: 'http://loki.loki.svc:3100',
  tempoQuery: 'http://tempo.tempo.svc:3200',
  tempoOtlpGrpc: 'tempo.tempo.svc:4317',
  otelCollectorGrpc: 'opentelemetry-collector.opentelemetry.svc:4317',
} as const;

/**
 * Namespaces allowed to reach exposed UIs in the shared bases: Envoy Gateway's proxies (ingress-nginx,
 * opt-in, is opened per cluster by IngressNginxAllowances).
 */
export const INGRESS_NAMESPACES = ['envoy-gateway-system'] as const;
