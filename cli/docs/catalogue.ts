import type { ComponentName } from '../../config/schema';

/**
 * The hand-written part of each component page: what the component is for and what to know
 * before enabling it. Everything else on the page is read from code when the pages are generated
 * (npm run docs): the chart, its source and pinned version, the namespace, the base values, the
 * values the platform derives per cluster, the Flux `dependsOn`, the NetworkPolicies, the Secrets
 * it reads, and the waivers in policy/waivers.yaml. A component without an entry here still gets
 * a page (with a one-line summary made from its chart), so new components are never undocumented.
 */
export interface ComponentDoc {
  /** Display name. */
  readonly title: string;
  /** What it deploys, in a sentence or two. */
  readonly summary: string;
  /**
   * The release whose chart Renovate follows when a component installs several at one version
   * (default: the first release).
   */
  readonly tracks?: string;
  /** Things worth knowing before enabling it. */
  readonly notes?: readonly string[];
}

export const CATALOGUE: Readonly<Partial<Record<ComponentName, ComponentDoc>>> = {
  'cert-manager': {
    title: 'cert-manager',
    summary: 'Issues and renews TLS certificates (Certificate, Issuer and ClusterIssuer resources, e.g. Let\'s Encrypt) and injects CA bundles into webhooks. Installs its controller, webhook, cainjector and CRDs.',
    notes: [
      'Chart versions carry a leading `v` (v1.21.1).',
      'cdk8s.yaml imports the cert-manager CRDs of a release; keep that URL on the same release as the chart (Renovate groups both as `cert-manager`).',
      'Installed from the OCI artifact on quay.io; the same chart is also served from the Helm repository https://charts.jetstack.io.',
      'Each cluster gets one ACME ClusterIssuer: `letsencrypt-production` in production environments (`production: true`), `letsencrypt-staging` (untrusted certificates, generous rate limits) elsewhere; `certificates.acme` overrides per cluster, and every public certificate of the cluster names that issuer (policy rule `acme-issuer`).',
    ],
  },
  'envoy-gateway': {
    title: 'Envoy Gateway',
    summary: 'A Gateway API implementation: a controller that turns Gateway and HTTPRoute resources into Envoy proxies behind a LoadBalancer Service. The default ingress controller.',
    notes: [
      'Published only as an OCI artifact (Flux OCIRepository + HelmRelease chartRef).',
      'Replaces ingress-nginx, which is retired upstream.',
      'The chart installs the Gateway API CRDs (experimental channel, the Gateway API release its `crds` sub-chart bundles) and the Gateway API safe-upgrades ValidatingAdmissionPolicy, which refuses Gateway API CRDs older than v1.5 and standard-channel CRDs over experimental ones: do not install the Gateway API CRDs another way. A chart upgrade replaces the CRDs before the controller (CRDs `CreateReplace`).',
    ],
  },
  'ingress-nginx': {
    title: 'ingress-nginx',
    summary: 'The NGINX Ingress controller for Ingress resources, behind a LoadBalancer Service.',
    notes: [
      'Retired upstream: best-effort maintenance ended in March 2026. Disabled by default; use envoy-gateway for new clusters.',
      'On k3s it must be the only ingress controller and run without MetalLB (rule `ingress-nginx-address`): Helm waits for its LoadBalancer Service\'s address, which next to Envoy Gateway nothing gives and with MetalLB comes from a pool of `infra-configs`, applied only after `infra-controllers` is ready. Alone without MetalLB it serves the fixed ingress node ports behind the cloud load balancer.',
    ],
  },
  'external-dns': {
    title: 'ExternalDNS',
    summary: 'Creates and updates the DNS records of the cluster\'s ingress (Cloudflare or Route53, as the cluster\'s `dns.provider` says) from Gateway, Ingress and Service resources.',
    notes: [
      'The Terraform DNS stack (`<cluster>-dns`) already points the cluster domain and its wildcard at the ingress address; ExternalDNS manages the records of hosts beyond that.',
      'It needs a DNS API credential inside the cluster: a SOPS-encrypted Secret, never a plaintext one in gitops/.',
    ],
  },
  vault: {
    title: 'Vault',
    summary: 'HashiCorp Vault: a secrets store with its agent injector.',
    notes: [
      'Vault starts uninitialised and sealed: `npm run secrets -- init <cluster> --keys-file <file>` initialises and unseals it and creates the token of the `vault-configure` CronJob (Kubernetes auth, KV v2 at `secret/`, a role per tenant); keep the keys file out of the repository ([operations.md](../operations.md#runtime-secrets-openbao-or-vault)). Vault is BSL 1.1 licensed: new clusters should enable `openbao` instead (one of the two).',
      '`https://vault.<domain>` (UI and API) admits only `network.adminCidrs`: a SecurityPolicy on its route denies every other client. The ingress sees client addresses only where the load balancer passes them on, which none of the providers here does yet, so from outside it answers nobody; use `kubectl -n vault port-forward svc/vault-active 8200` (the Kubernetes API itself admits only the admin ranges). Applications reach Vault at its Service inside the cluster ([security.md](../security.md#sign-in-and-admin-surfaces)).',
      'Its metrics (`/v1/sys/metrics`) need a Vault token (`unauthenticated_metrics_access = false`) and are not scraped: a token exists only after `vault operator init`. To scrape, create a policy with `read` on `sys/metrics` and a token for it, keep the token as a SOPS Secret in `monitoring`, and add a ServiceMonitor with `authorization.credentials` naming it.',
    ],
  },
  openbao: {
    title: 'OpenBao',
    summary: 'OpenBao: the open-source (MPL-2.0) fork of Vault, a secrets store with the same API, chart layout and agent injector; the default for new clusters (enable one of openbao and vault).',
    notes: [
      'It starts uninitialised and sealed: `npm run secrets -- init <cluster> --keys-file <file>` initialises it through `kubectl exec`, writes the unseal keys and root token to that file only, unseals every server (or, with `oci.kmsUnseal`, lets OCI KMS do it) and creates the configuration token ([operations.md](../operations.md#runtime-secrets-openbao-or-vault)).',
      'A CronJob in its namespace (`openbao-configure`) reconciles the Kubernetes auth method, a KV v2 engine at `secret/` and per tenant a policy and role: the service accounts of namespace `<tenant>` read `secret/<tenant>/*`.',
      '`https://vault.<domain>` (UI and API) admits only `network.adminCidrs`, like Vault\'s route; use `kubectl -n openbao port-forward svc/openbao-active 8200` otherwise.',
      'Its raft volume (`data`) is in Velero\'s file-system backups (encrypted by the server; useless without the unseal keys or the KMS key).',
    ],
  },
  metallb: {
    title: 'MetalLB',
    summary: 'A load-balancer implementation for clusters without a cloud load balancer: hands LoadBalancer Services addresses from a pool. Here it only allocates the ingress address to the ingress Service; the Hetzner or DigitalOcean load balancer Terraform creates owns that address, so the speakers are off and nothing is announced.',
    notes: [
      'cdk8s.yaml imports the MetalLB CRDs from the release\'s manifests; keep that URL on the chart\'s release.',
      'Announcing addresses yourself (L2 or BGP) on cloud VPS networks needs addresses the provider routes to the nodes (floating or reserved IPs), and the speakers switched back on (`MetalLb` `speakers: true`). The speaker DaemonSet runs with hostNetwork and adds NET_RAW to answer ARP, which baseline forbids, so the namespace then enforces `privileged` (the construct sets it, with that reason).',
      'Layer 2 only: the chart\'s bundled frr-k8s (on by default: a hostNetwork DaemonSet with NET_ADMIN, NET_RAW and SYS_ADMIN) and the speaker\'s FRR mode are off; BGP would need them back, and a `privileged` namespace.',
    ],
  },
  istio: {
    title: 'Istio',
    summary: 'Service mesh: the `base` chart (CRDs), `istiod` (control plane) and `gateway` (an ingress gateway with its own LoadBalancer Service), all at one version.',
    tracks: 'istiod',
    notes: [
      'Install order inside the component: base, then istiod, then gateway.',
      'Its `values` are keyed by chart: `components.istio.values.base`, `.istiod` and `.gateway` go to the matching release; any other key is an error.',
    ],
  },
  'kube-prometheus-stack': {
    title: 'kube-prometheus-stack',
    summary: 'Prometheus Operator with Prometheus, Alertmanager, Grafana, node-exporter and kube-state-metrics, plus default dashboards and alert rules.',
    notes: [
      'Grafana is public at `grafana.<domain>` only with single sign-on against the platform identity provider (Dex, else Keycloak\'s `platform` realm) with the client `grafana`: its login form and basic auth are off, `identity.allowedEmailDomains` and `allowedGroups` say who may sign in, members of `identity.adminGroups` become Admin and everyone else Viewer. Its client secret comes from the Secret `grafana-oauth` (key `client-secret`; the same value as `dex-client-grafana` for Dex, `keycloak/keycloak-client-grafana` for Keycloak). Without an identity provider Grafana is not routed (`kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80`).',
      'The `grafana-admin` Secret stays: Grafana creates its built-in admin from it at first start, for break-glass only ([security.md](../security.md#sign-in-and-admin-surfaces)).','cdk8s.yaml imports the prometheus-operator CRDs (ServiceMonitor, PrometheusRule, ...) of a release; Renovate groups it with the chart.'],
  },
  loki: {
    title: 'Loki',
    summary: 'Log storage and query (LogQL), a Grafana data source.',
    notes: ['The open-source chart moved to the grafana-community repository in March 2026; the copy in grafana/loki targets Grafana Enterprise Logs.'],
  },
  alloy: {
    title: 'Grafana Alloy',
    summary: 'The telemetry collector that ships logs (and metrics or traces) to Loki and the other backends; the successor of Promtail.',
    notes: ['Promtail reached end of life on 2026-03-02; Alloy replaces it.'],
  },
  tempo: {
    title: 'Tempo',
    summary: 'Distributed-tracing backend (single-binary chart), a Grafana data source.',
    notes: ['Moved from grafana/helm-charts to the grafana-community repository in 2026.'],
  },
  'opentelemetry-collector': {
    title: 'OpenTelemetry Collector',
    summary: 'Receives, processes and exports traces, metrics and logs (OTLP), e.g. traces to Tempo.',
  },
  kyverno: {
    title: 'Kyverno',
    summary: 'Policy engine (admission, background, cleanup and reports controllers). Ships the Pod Security Standards as two ClusterPolicies: baseline for every non-privileged namespace, restricted for tenant namespaces.',
    notes: [
      'Policies enforce in production environments (`production: true`, prod here) and audit elsewhere; `identity.policyMode` overrides per cluster.',
      'cdk8s.yaml imports the kyverno.io CRDs; keep them on the chart\'s release.',
      'Kyverno 1.19 (chart 3.9.x) supports Kubernetes 1.33-1.35 (kyverno.io compatibility matrix). Since 1.19 the kyverno.io policy kinds (ClusterPolicy, used for the Pod Security policies here) are deprecated in favour of the policies.kyverno.io CEL kinds; they still work.',
    ],
  },
  velero: {
    title: 'Velero',
    summary: 'Backs up the cluster\'s Kubernetes objects to S3-compatible storage on a schedule (BackupStorageLocation `default` and Schedule `cluster`, from `backups:`).',
    notes: [
      'Needs `backups:` in the cluster config and the `velero-s3-credentials` Secret (key `cloud`, AWS credentials-file format).',
      'Volume data is not snapshotted: databases back themselves up (CloudNativePG).',
    ],
  },
  'cloudnative-pg': {
    title: 'CloudNativePG',
    summary: 'PostgreSQL operator and its barman-cloud plugin. The `Database` construct creates a `postgresql.cnpg.io/v1` Cluster with WAL archiving and daily base backups to S3-compatible storage through the plugin (a `barmancloud.cnpg.io/v1` ObjectStore, the Cluster\'s `spec.plugins`, a ScheduledBackup with `method: plugin`).',
    notes: [
      'The barman-cloud plugin (chart `plugin-barman-cloud`) runs next to the operator in `cnpg-system`, where the operator discovers it by its Service; its chart issues the TLS certificates of that link with cert-manager, so the component needs cert-manager. It replaces the operator\'s in-tree `barmanObjectStore`, which CloudNativePG 1.31 removes.',
      'The plugin\'s chart version is pinned in code (`BARMAN_CLOUD_CHART_VERSION` in constructs/components/cloudnative-pg.ts), not by `version:` here; Renovate updates it in its own pull requests. `components.cloudnative-pg.values` go to the operator\'s release.',
      'The plugin adds a sidecar to each database instance pod that runs barman-cloud; the S3 settings, the credentials Secret reference and the retention live in the ObjectStore next to the Cluster.',
      'The gitops tree check has no vendored schema for Cluster, ScheduledBackup and ObjectStore (typed in code); `npm run check` validates them against the CRDs the two charts install.',
    ],
  },
  'redis-operator': {
    title: 'Redis operator',
    summary: 'The OT-CONTAINER-KIT (Opstree) Redis operator. The `Cache` construct creates a standalone `Redis` next to its users.',
    notes: ['OAuth2-Proxy keeps its sessions in a Cache when this operator runs in the cluster.'],
  },
  dex: {
    title: 'Dex',
    summary: 'Federating OpenID Connect provider at `dex.<domain>`; static clients from `identity.dexClients`, upstream logins from `identity.dexConnectors`, state in Kubernetes objects.',
    notes: [
      'Each static client reads its secret from Secret `dex-client-<id>` (key `clientSecret`).',
      'The platform\'s own clients get their callbacks added: `oauth2-proxy` one per host it guards (`https://<host>/oauth2/callback`), `grafana` `https://grafana.<domain>/login/generic_oauth`. Grafana signs in through the client `grafana` (rule `grafana-sso-client` wants it in `identity.dexClients`) and redeems codes at Dex\'s Service inside the cluster.',
      'Dex refuses to start without a connector ("no connectors specified"), so config needs one (rule `dex-no-connectors`): `identity.dexConnectors.<id>` with `type: github` (and `orgs`, else any GitHub user could sign in) or `type: oidc` (and `issuer`), whose client secret Dex reads from Secret `dex-connector-<id>` (key `clientSecret`) through `$DEX_CONNECTOR_<ID>_CLIENT_SECRET`. Other connector types go raw in `components.dex.values.config.connectors` (not both). The callback to register upstream is `https://dex.<domain>/callback`.',
    ],
  },
  'oauth2-proxy': {
    title: 'OAuth2-Proxy',
    summary: 'Login in front of platform UIs without a login of their own (Prometheus), at `auth.<domain>`, against Dex (or Keycloak), with a host-only session cookie on each host it guards.',
    notes: [
      'Needs dex or keycloak enabled, and the `oauth2-proxy` Secret (client-id, client-secret, cookie-secret).',
      'The session cookie (`__Host-oauth2-proxy`) has no domain: tenants serve `<host>.<tenant>.<domain>`, so a cookie for `.<domain>` would reach every tenant app. Each guarded host signs in on its own name (`https://<host>/oauth2/callback`, which Dex adds to its `oauth2-proxy` client and Keycloak\'s realm import to its own), and `whitelist-domain` lists those exact hosts. Who may sign in: `identity.allowedEmailDomains` and `identity.allowedGroups` (a production environment must set one, rule `sso-open-to-anyone`).',
      'The chart\'s own Redis sub-chart stays off (it is `redis-ha` since chart 8, configured under `redis-ha:` rather than `redis:` since chart 10): sessions go to the platform\'s Redis (a Cache of the Redis operator) when redis-operator is enabled, else into the cookie.',
    ],
  },
  keycloak: {
    title: 'Keycloak',
    summary: 'Identity provider with its own user store (codecentric `keycloakx` chart), an alternative to Dex, at `keycloak.<domain>`, on a CloudNativePG database.',
    notes: [
      'Needs cloudnative-pg; the bootstrap admin comes from Secret `keycloak-admin`.',
      'The administration (`/admin`: console and REST API; `/realms/master`: where administrators sign in) has a route of its own (`keycloak-admin`) that admits only `network.adminCidrs`; the rest (the `platform` realm\'s sign-in and OIDC endpoints) stays public. Where the ingress does not see client addresses (no provider here passes them on yet) the admin route answers nobody from outside: use Keycloak\'s admin CLI in its pod (`kcadm.sh`, [security.md](../security.md#sign-in-and-admin-surfaces)).',
      'Where Keycloak is the cluster\'s identity provider (Dex is not enabled), the realm `platform` and its clients are declarative: synth writes the import file `platform.json` into the ConfigMap `keycloak-realm-platform` (configs layer, Flux substitution off), mounted at `/opt/keycloak/data/import`, and Keycloak starts with `--import-realm`. One confidential client per consumer the cluster runs: `oauth2-proxy` (redirect URIs `https://<host>/oauth2/callback` of `auth` and every guarded host; the `oauth2-proxy` Secret\'s `client-id` must be `oauth2-proxy`), `grafana` (`https://grafana.<domain>/login/generic_oauth`) and each company application that signs in itself (`forgejo`, `nextcloud`: their redirect URIs from config), each with a group-membership mapper (claim `groups`, group names without path). A client\'s secret in the file is the placeholder `${PLATFORM_CLIENT_<ID>_SECRET}`, an environment variable read from the SOPS Secret `keycloak/keycloak-client-<id>` (key `clientSecret`), which holds the same value as the consumer\'s own Secret (SECRETS.md names both).',
      'Keycloak imports the realm only when it does not exist: later changes (a new application, another host, a rotated secret) are not re-imported into a running realm. Apply them in the admin console or with `kcadm.sh` in the pod (`kcadm.sh create clients -r platform -f client.json`, taking the client from `platform.json`; `kcadm.sh update clients/<uuid> -r platform -s \'redirectUris=[...]\'`), or, for a realm with nothing to keep, delete the realm and restart Keycloak (`kubectl -n keycloak rollout restart statefulset keycloak-keycloakx`) so it imports the current file.',
    ],
  },
  'sealed-secrets': {
    title: 'Sealed Secrets',
    summary: 'Controller that decrypts SealedSecret objects (sealed with `kubeseal`) into Secrets: an alternative to SOPS for secrets in git.',
    notes: ['Use `kubeseal --controller-namespace sealed-secrets --controller-name sealed-secrets-controller`. Back up the sealing key.'],
  },
  longhorn: {
    title: 'Longhorn',
    summary: 'Replicated block storage on the nodes\' disks and the default StorageClass `longhorn`, for k3s clusters on VPS providers.',
    notes: ['VPS (k3s) clusters only; OKE clusters get the `oci-block` StorageClass instead.', 'Nodes need open-iscsi; the namespace is privileged.'],
  },
  'tailscale-operator': {
    title: 'Tailscale operator',
    summary: 'Exposes Services to a tailnet and can proxy the Kubernetes API over Tailscale.',
    notes: ['Needs the `operator-oauth` Secret (client_id, client_secret) of a Tailscale OAuth client.'],
  },
  sablier: {
    title: 'Sablier',
    summary: 'Scales idle workloads to zero and wakes them on the first request (called by the ingress).',
    notes: [
      'Company applications opt in with `applications.<name>.scaleToZero` (Forgejo and LiteLLM; Mattermost, Nextcloud and Homepage refuse it, docs/applications/). Each gets an EnvoyExtensionPolicy on its HTTPRoute that runs Sablier\'s Proxy-Wasm plugin (sablierapp/sablier-proxywasm-plugin v1.1.0, downloaded by Envoy Gateway\'s controller from the GitHub release, no sha256 pin: the project publishes no OCI image and no digest could be checked offline).',
      'The plugin calls Sablier through an Envoy cluster named `sablier`. Envoy Gateway makes clusters only for route backends, so the gateway\'s namespace gets an EnvoyPatchPolicy `sablier-cluster` that adds it (STRICT_DNS to `sablier.sablier.svc.cluster.local:10000`), Envoy Gateway\'s configuration gets `extensionApis.enableEnvoyPatchPolicy: true` (platform values), and `envoy-gateway-system` may reach HTTPS outside the cluster (the plugin download). The proxies reach Sablier on 10000 (its namespace admits the ingress namespace).',
      'The chart\'s ClusterRole lets Sablier get, list, watch, patch and update deployments, statefulsets and their scale subresource in every namespace, so no per-namespace RBAC is needed; it needs the API server only.',
    ],
  },
  cilium: {
    title: 'Cilium',
    summary: 'eBPF CNI with NetworkPolicy enforcement, replacing flannel on k3s clusters.',
    notes: [
      'k3s clusters only (hcloud-k3s, do-k3s): the VPS stacks then start k3s with `flannel-backend: none` and `disable-network-policy: true`, and open VXLAN 8472/udp, health 4240/tcp and Hubble 4244/tcp between nodes only.',
      'Nodes stay NotReady until a CNI runs, so the first server installs Cilium at bootstrap through a k3s HelmChart (same release, chart version and base values), marks it unmanaged once installed, and Flux adopts the release.',
      'Cilium supports upgrades (and rollbacks) between consecutive minor releases only, from the newest patch of the running minor: a cluster that runs an older minor than the pin steps through each minor in between first (`version:` on the cluster entry, one minor per Flux upgrade). New clusters install the pin directly.',
    ],
  },
};
