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
  kyverno: {
    title: 'Kyverno',
    summary: 'Policy engine (admission, background, cleanup and reports controllers). Ships the Pod Security Standards as two ClusterPolicies: baseline for every non-privileged namespace, restricted for tenant namespaces.',
    repository: 'https://kyverno.github.io/kyverno/',
    charts: ['kyverno'],
    notes: [
      'Policies audit in dev and staging and enforce in prod; `identity.policyMode` overrides per cluster.',
      'cdk8s.yaml imports the kyverno.io CRDs; keep them on the chart\'s release.',
      'Kyverno 1.18 (chart 3.8.x) supports Kubernetes 1.32-1.34.',
    ],
  },
  velero: {
    title: 'Velero',
    summary: 'Backs up the cluster\'s Kubernetes objects to S3-compatible storage on a schedule (BackupStorageLocation `default` and Schedule `cluster`, from `backups:`).',
    repository: 'https://vmware-tanzu.github.io/helm-charts',
    charts: ['velero'],
    notes: [
      'Needs `backups:` in the cluster config and the `velero-s3-credentials` Secret (key `cloud`, AWS credentials-file format).',
      'Volume data is not snapshotted: databases back themselves up (CloudNativePG).',
    ],
  },
  'cloudnative-pg': {
    title: 'CloudNativePG',
    summary: 'PostgreSQL operator. The `Database` construct creates a `postgresql.cnpg.io/v1` Cluster with WAL archiving and daily base backups to S3-compatible storage (barmanObjectStore).',
    repository: 'https://cloudnative-pg.github.io/charts',
    charts: ['cloudnative-pg'],
    notes: ['No CRD schema is available offline: Cluster and ScheduledBackup are typed in code and skip schema validation.'],
  },
  'redis-operator': {
    title: 'Redis operator',
    summary: 'The OT-CONTAINER-KIT (Opstree) Redis operator. The `Cache` construct creates a standalone `Redis` next to its users.',
    repository: 'https://ot-container-kit.github.io/helm-charts/',
    charts: ['redis-operator'],
    notes: ['OAuth2-Proxy keeps its sessions in a Cache when this operator runs in the cluster.'],
  },
  dex: {
    title: 'Dex',
    summary: 'Federating OpenID Connect provider at `dex.<domain>`; static clients from `identity.dexClients`, state in Kubernetes objects.',
    repository: 'https://charts.dexidp.io',
    charts: ['dex'],
    notes: ['Each static client reads its secret from Secret `dex-client-<id>` (key `clientSecret`). Connectors go in the component values.'],
  },
  'oauth2-proxy': {
    title: 'OAuth2-Proxy',
    summary: 'Login in front of apps without OIDC, at `auth.<domain>`, against Dex (or Keycloak), with a session cookie for the cluster domain.',
    repository: 'https://oauth2-proxy.github.io/manifests',
    charts: ['oauth2-proxy'],
    notes: ['Needs dex or keycloak enabled, and the `oauth2-proxy` Secret (client-id, client-secret, cookie-secret).'],
  },
  keycloak: {
    title: 'Keycloak',
    summary: 'Identity provider with its own user store (codecentric `keycloakx` chart), an alternative to Dex, at `keycloak.<domain>`, on a CloudNativePG database.',
    repository: 'https://codecentric.github.io/helm-charts',
    charts: ['keycloakx'],
    notes: ['Needs cloudnative-pg; the bootstrap admin comes from Secret `keycloak-admin`.'],
  },
  'sealed-secrets': {
    title: 'Sealed Secrets',
    summary: 'Controller that decrypts SealedSecret objects (sealed with `kubeseal`) into Secrets: an alternative to SOPS for secrets in git.',
    repository: 'https://bitnami-labs.github.io/sealed-secrets',
    charts: ['sealed-secrets'],
    notes: ['Use `kubeseal --controller-namespace sealed-secrets --controller-name sealed-secrets-controller`. Back up the sealing key.'],
  },
  longhorn: {
    title: 'Longhorn',
    summary: 'Replicated block storage on the nodes\' disks and the default StorageClass `longhorn`, for k3s clusters on VPS providers.',
    repository: 'https://charts.longhorn.io',
    charts: ['longhorn'],
    notes: ['VPS (k3s) clusters only; OKE clusters get the `oci-block` StorageClass instead.', 'Nodes need open-iscsi; the namespace is privileged.'],
  },
  'tailscale-operator': {
    title: 'Tailscale operator',
    summary: 'Exposes Services to a tailnet and can proxy the Kubernetes API over Tailscale.',
    repository: 'https://pkgs.tailscale.com/helmcharts',
    charts: ['tailscale-operator'],
    notes: ['Needs the `operator-oauth` Secret (client_id, client_secret) of a Tailscale OAuth client.'],
  },
  sablier: {
    title: 'Sablier',
    summary: 'Scales idle workloads to zero and wakes them on the first request (called by the ingress).',
    repository: 'https://sablierapp.github.io/helm-charts',
    charts: ['sablier'],
  },
  cilium: {
    title: 'Cilium',
    summary: 'eBPF CNI with NetworkPolicy enforcement, replacing flannel on k3s clusters.',
    repository: 'https://helm.cilium.io/',
    charts: ['cilium'],
    notes: [
      'k3s clusters only, and only when the servers run with `--flannel-backend=none --disable-network-policy`.',
      'Nodes stay NotReady until a CNI runs: apply Cilium at bootstrap too; Flux then adopts the release.',
    ],
  },
};

/** How Renovate looks the chart up: Helm repository index, or the OCI registry for oci:// charts. */
export function renovateLookup(doc: ComponentDoc): { datasource: 'helm' | 'docker'; depName: string; registryUrl?: string } {
  const chart = doc.tracks ?? doc.charts[0]!;
  if (doc.repository.startsWith('oci://')) return { datasource: 'docker', depName: `${doc.repository.slice('oci://'.length)}/${chart}` };
  return { datasource: 'helm', depName: chart, registryUrl: doc.repository };
}
