import type { ComponentName } from '../../config/schema';

/**
 * The hand-written part of each component page: what it is and where its chart comes from.
 * Versions, defaults, dependencies and load-balancer effects are read from environments/ and
 * config/ when the pages are generated (npm run docs), so they cannot go stale.
 *
 * `baseValues`, `dependsOn`, `networkPolicy` and `waivers` describe what the gitops tree does; while they are
 * undefined the page says so in a marked "pending" section.
 */
export interface ComponentDoc {
  /** Display name. */
  readonly title: string;
  /** What it deploys, in a sentence or two. */
  readonly summary: string;
  /** Chart repository: an https:// Helm repository or the oci:// prefix the chart lives under. */
  readonly repository: string;
  /** Chart names installed from that repository, at the one pinned version. */
  readonly charts: readonly string[];
  /** The chart Renovate follows (default: the first). */
  readonly tracks?: string;
  /** Renovate group the version is updated with (renovate.json packageRules). */
  readonly group?: string;
  /** Things worth knowing before enabling it. */
  readonly notes?: readonly string[];
  /** Base Helm values set in code (the first layer), once the gitops side exists. */
  readonly baseValues?: readonly string[];
  /** The Flux `dependsOn` of its HelmRelease(s) as the gitops tree writes it. */
  readonly dependsOn?: readonly string[];
  /** NetworkPolicy allowances of its namespace (beyond default deny, DNS and same-namespace). */
  readonly networkPolicy?: readonly string[];
  /** Policy waivers (Pod Security / Kyverno exceptions) it needs, and why. */
  readonly waivers?: readonly string[];
}

export const CATALOGUE: Readonly<Record<ComponentName, ComponentDoc>> = {
  'cert-manager': {
    title: 'cert-manager',
    summary: 'Issues and renews TLS certificates (Certificate, Issuer and ClusterIssuer resources, e.g. Let\'s Encrypt) and injects CA bundles into webhooks. Installs its controller, webhook, cainjector and CRDs.',
    repository: 'https://charts.jetstack.io',
    charts: ['cert-manager'],
    group: 'cert-manager',
    notes: [
      'Chart versions carry a leading `v` (v1.21.1).',
      'cdk8s.yaml imports the cert-manager CRDs of a release; keep that URL on the same release as the chart (Renovate groups both as `cert-manager`).',
      'The chart is also published as `oci://quay.io/jetstack/charts/cert-manager`.',
    ],
  },
  'envoy-gateway': {
    title: 'Envoy Gateway',
    summary: 'A Gateway API implementation: a controller that turns Gateway and HTTPRoute resources into Envoy proxies behind a LoadBalancer Service. The default ingress controller.',
    repository: 'oci://docker.io/envoyproxy',
    charts: ['gateway-helm'],
    group: 'ingress',
    notes: ['Published only as an OCI artifact (Flux OCIRepository + HelmRelease chartRef).', 'Replaces ingress-nginx, which is retired upstream.'],
  },
  'ingress-nginx': {
    title: 'ingress-nginx',
    summary: 'The NGINX Ingress controller for Ingress resources, behind a LoadBalancer Service.',
    repository: 'https://kubernetes.github.io/ingress-nginx',
    charts: ['ingress-nginx'],
    group: 'ingress',
    notes: ['Retired upstream: best-effort maintenance ended in March 2026. Disabled by default; use envoy-gateway for new clusters.'],
  },
  'external-dns': {
    title: 'ExternalDNS',
    summary: 'Creates and updates the DNS records of the cluster\'s ingress (Cloudflare or Route53, as the cluster\'s `dns.provider` says) from Gateway, Ingress and Service resources.',
    repository: 'https://kubernetes-sigs.github.io/external-dns/',
    charts: ['external-dns'],
    notes: [
      'The Terraform DNS stack (`<cluster>-dns`) already points the cluster domain and its wildcard at the ingress address; ExternalDNS manages the records of hosts beyond that.',
      'It needs a DNS API credential inside the cluster: a SOPS-encrypted Secret, never a plaintext one in gitops/.',
    ],
  },
  vault: {
    title: 'Vault',
    summary: 'HashiCorp Vault: a secrets store with its agent injector.',
    repository: 'https://helm.releases.hashicorp.com',
    charts: ['vault'],
    notes: ['Vault starts sealed: initialise and unseal it after the first install, and keep the unseal keys out of the repository.'],
  },
  metallb: {
    title: 'MetalLB',
    summary: 'A load-balancer implementation for clusters without a cloud load balancer: gives LoadBalancer Services addresses from a pool and announces them (L2 or BGP).',
    repository: 'https://metallb.github.io/metallb',
    charts: ['metallb'],
    notes: [
      'cdk8s.yaml imports the MetalLB CRDs from the release\'s manifests; keep that URL on the chart\'s release.',
      'L2 announcements on cloud VPS networks need addresses the provider routes to the nodes (floating or reserved IPs).',
    ],
  },
  istio: {
    title: 'Istio',
    summary: 'Service mesh: the `base` chart (CRDs), `istiod` (control plane) and `gateway` (an ingress gateway with its own LoadBalancer Service), all at one version.',
    repository: 'https://istio-release.storage.googleapis.com/charts',
    charts: ['base', 'istiod', 'gateway'],
    tracks: 'istiod',
    notes: ['Install order inside the component: base, then istiod, then gateway.'],
  },
  'kube-prometheus-stack': {
    title: 'kube-prometheus-stack',
    summary: 'Prometheus Operator with Prometheus, Alertmanager, Grafana, node-exporter and kube-state-metrics, plus default dashboards and alert rules.',
    repository: 'https://prometheus-community.github.io/helm-charts',
    charts: ['kube-prometheus-stack'],
    group: 'observability',
    notes: ['cdk8s.yaml imports the prometheus-operator CRDs (ServiceMonitor, PrometheusRule, ...) of a release; Renovate groups it with the chart.'],
  },
  loki: {
    title: 'Loki',
    summary: 'Log storage and query (LogQL), a Grafana data source.',
    repository: 'https://grafana-community.github.io/helm-charts',
    charts: ['loki'],
    group: 'observability',
    notes: ['The open-source chart moved to the grafana-community repository in March 2026; the copy in grafana/loki targets Grafana Enterprise Logs.'],
  },
  alloy: {
    title: 'Grafana Alloy',
    summary: 'The telemetry collector that ships logs (and metrics or traces) to Loki and the other backends; the successor of Promtail.',
    repository: 'https://grafana.github.io/helm-charts',
    charts: ['alloy'],
    group: 'observability',
    notes: ['Promtail reached end of life on 2026-03-02; Alloy replaces it.'],
  },
  tempo: {
    title: 'Tempo',
    summary: 'Distributed-tracing backend (single-binary chart), a Grafana data source.',
    repository: 'https://grafana-community.github.io/helm-charts',
    charts: ['tempo'],
    group: 'observability',
    notes: ['Moved from grafana/helm-charts to the grafana-community repository in 2026.'],
  },
  'opentelemetry-collector': {
    title: 'OpenTelemetry Collector',
    summary: 'Receives, processes and exports traces, metrics and logs (OTLP), e.g. traces to Tempo.',
    repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
    charts: ['opentelemetry-collector'],
    group: 'observability',
  },
};

/** How Renovate looks the chart up: Helm repository index, or the OCI registry for oci:// charts. */
export function renovateLookup(doc: ComponentDoc): { datasource: 'helm' | 'docker'; depName: string; registryUrl?: string } {
  const chart = doc.tracks ?? doc.charts[0]!;
  if (doc.repository.startsWith('oci://')) return { datasource: 'docker', depName: `${doc.repository.slice('oci://'.length)}/${chart}` };
  return { datasource: 'helm', depName: chart, registryUrl: doc.repository };
}
