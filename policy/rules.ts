import type { Severity } from './types';

export interface RuleInfo {
  readonly severity: Severity;
  /** Area, for the summary: terraform, kubernetes, secrets, gitops-tree (the tree checks of policy/gitops-tree.ts) or policy. */
  readonly area: 'terraform' | 'kubernetes' | 'secrets' | 'gitops-tree' | 'policy';
  /** What the rule checks, one sentence (README and `npm run check -- --rules`). */
  readonly checks: string;
}

/**
 * Every rule of the policy pack, by stable id. A waiver must name one of these ids; the ids never
 * change meaning (a changed rule gets a new id).
 */
export const RULES = {
  // Terraform state (cdktf.out/stacks/state and every backend)
  'state-bucket-missing': { severity: 'error', area: 'terraform', checks: 'The state stack declares the S3 bucket named in environments/defaults.yaml state.bucket.' },
  'state-bucket-versioning': { severity: 'error', area: 'terraform', checks: 'The state bucket has versioning Enabled (aws_s3_bucket_versioning or inline versioning).' },
  'state-bucket-encryption': { severity: 'error', area: 'terraform', checks: 'The state bucket has default server-side encryption (AES256 or aws:kms).' },
  'state-bucket-public-access': { severity: 'error', area: 'terraform', checks: 'The state bucket has an aws_s3_bucket_public_access_block with all four flags true.' },
  'state-bucket-tls-only': { severity: 'error', area: 'terraform', checks: 'The state bucket policy denies every request with aws:SecureTransport false.' },
  'state-backend': { severity: 'error', area: 'terraform', checks: 'Every stack except state (and state too once migrated) keeps its state in the S3 backend on the state bucket with use_lockfile true, encrypt true and no DynamoDB table.' },
  // Provider lock files (terraform/locks/, copied into cdktf.out/stacks/<stack>/ by synth)
  'provider-lock': { severity: 'error', area: 'terraform', checks: 'Every provider a stack requires (cdk.tf.json terraform.required_providers) has an entry in the stack\'s .terraform.lock.hcl (committed as terraform/locks/<stack>.terraform.lock.hcl) at a version its constraint allows, with checksums.' },
  'provider-lock-platforms': { severity: 'warning', area: 'terraform', checks: 'Every provider lock entry holds the registry\'s zh: checksums (locked online for every platform), not only the h1: hash of the one platform a filesystem mirror gives.' },
  // Network exposure
  'net-world-open-port': { severity: 'error', area: 'terraform', checks: 'No security list, NSG rule, hcloud or DigitalOcean firewall rule (or AWS security group) opens SSH 22, the API 6443, kubelet 10250, etcd 2379-2380, flannel VXLAN 8472/udp or WireGuard 51820-51821/udp to 0.0.0.0/0 or ::/0.' },
  'net-kubelet-private': { severity: 'error', area: 'terraform', checks: 'Ingress to kubelet 10250 comes only from the cluster network (network.nodeCidr; RFC 1918/ULA ranges when the stack maps to no cluster).' },
  // OCI Always Free
  'oci-free-tier-shape': { severity: 'error', area: 'terraform', checks: 'freeTier clusters: every oci_containerengine_node_pool uses VM.Standard.A1.Flex.' },
  'oci-free-tier-compute': { severity: 'error', area: 'terraform', checks: 'freeTier clusters: node pools total at most 4 OCPUs and 24 GB memory (node_shape_config x node_config_details.size).' },
  'oci-free-tier-storage': { severity: 'error', area: 'terraform', checks: 'freeTier clusters: boot volumes (and oci_core_volume) total at most 200 GB.' },
  'oci-free-tier-load-balancers': { severity: 'error', area: 'terraform', checks: 'freeTier clusters: at most one flexible load balancer (10 Mbps) and one network load balancer, counting Terraform LBs and the LoadBalancer Services the gitops tree creates (see policy/README.md).' },
  // OCI IAM
  'oci-node-group-scope': { severity: 'error', area: 'terraform', checks: 'Every oci_identity_dynamic_group matches ALL {instance.compartment.id = <compartment>, tag.<namespace>.<key>.value = <value>}: the compartment and a defined tag the cluster\'s nodes carry, never a whole compartment.' },
  // Deprecated or retired
  'hcloud-server-type-withdrawn': { severity: 'error', area: 'terraform', checks: 'No hcloud_server uses a withdrawn type (cx22/32/42/52, cpx11/21/31/41/51).' },
  // k3s nodes
  'k3s-agent-server-token': { severity: 'error', area: 'terraform', checks: 'No k3s agent (hcloud_server, digitalocean_droplet) has the server token in its user_data: agents join with the agent token; the server token is admin of the cluster.' },
  'flux-api-removed': { severity: 'error', area: 'kubernetes', checks: 'No object uses a Flux API version removed upstream (helm v2beta1/v2beta2, source and kustomize v1beta1/v1beta2, notification v1beta1/v1beta2).' },
  'ingress-nginx-retired': { severity: 'warning', area: 'kubernetes', checks: 'No HelmRelease installs ingress-nginx (retired March 2026).' },
  'promtail-eol': { severity: 'error', area: 'kubernetes', checks: 'No HelmRelease or workload runs Promtail (end of life; loki-stack counts unless promtail.enabled is false).' },
  // Kubernetes hygiene
  'helm-chart-unpinned': { severity: 'error', area: 'kubernetes', checks: 'Every HelmRelease pins an exact chart version (chart.spec.version, or the exact tag/digest of its chartRef source).' },
  'image-unpinned': { severity: 'error', area: 'kubernetes', checks: 'Every container image of a Deployment/StatefulSet/DaemonSet/Job/CronJob (and Pod/ReplicaSet) has a tag that is not latest (or another moving tag) or a sha256 digest.' },
  'namespace-psa-restricted': { severity: 'error', area: 'kubernetes', checks: 'Every tenant and app namespace exists and is labelled pod-security.kubernetes.io/enforce: restricted.' },
  'namespace-default-deny': { severity: 'error', area: 'kubernetes', checks: 'Every tenant and app namespace has a NetworkPolicy with podSelector {}, policyTypes Ingress and Egress and no allow rules.' },
  'app-workload-non-root': { severity: 'error', area: 'kubernetes', checks: 'Workloads in tenant/app namespaces set runAsNonRoot true (pod or every container) and never runAsUser 0.' },
  'acme-issuer': { severity: 'error', area: 'kubernetes', checks: 'Every Let\'s Encrypt issuer of a cluster asks the directory the cluster issues from (certificates.acme: staging outside production by default), and every Certificate issuerRef and cert-manager.io issuer annotation names an issuer the cluster has.' },
  'app-workload-resources': { severity: 'error', area: 'kubernetes', checks: 'Every container of a workload in a tenant/app namespace has cpu and memory requests and limits.' },
  // Secrets
  'secret-plaintext': { severity: 'error', area: 'secrets', checks: 'Every Secret is SOPS-encrypted (sops metadata, ENC[...] values) in a *.sops.yaml file.' },
  'secret-reference-missing': { severity: 'error', area: 'secrets', checks: 'Every Secret a manifest references exists in the tree (Secret, Certificate secretName or secretGenerator) or is declared external.' },
  'sops-creation-rule': { severity: 'error', area: 'secrets', checks: 'A .sops.yaml creation rule path_regex matches every *.sops.yaml file, and a cluster file\'s rule lists that cluster\'s age recipients.' },
  'credential-in-output': { severity: 'error', area: 'secrets', checks: 'No synthesized file holds a credential-looking string (secretlint recommended patterns: AWS, GCP, private keys, GitHub, Slack, npm, SendGrid, Shopify, OpenAI, Anthropic, Linear, 1Password, basic-auth and database URLs; plus age and DigitalOcean keys).' },
  // The offline render: what Helm and the API server would receive (policy/render-rules.ts)
  'render-chart-missing': { severity: 'error', area: 'kubernetes', checks: 'Every HelmRelease\'s chart (name and pinned version from its HelmRepository or OCIRepository) is in the chart cache (npm run charts:pull fills it).' },
  'render-helm': { severity: 'error', area: 'kubernetes', checks: 'helm template of every HelmRelease succeeds with the merged values (values.schema.json included), the cluster\'s Kubernetes version and API versions.' },
  'render-kustomize': { severity: 'error', area: 'kubernetes', checks: 'kubectl kustomize builds every Flux Kustomization path of every cluster.' },
  'render-values': { severity: 'error', area: 'kubernetes', checks: 'Every valuesFrom a HelmRelease names can be read (or is optional).' },
  'render-schema': { severity: 'error', area: 'kubernetes', checks: 'Every object that would be applied (plain manifests and rendered charts) is valid against the strict schema of its kind: Kubernetes 1.34 built-ins, the CRDs the cluster\'s charts install, Flux\'s CRDs.' },
  'render-no-schema': { severity: 'error', area: 'kubernetes', checks: 'Every object that would be applied has a schema: a built-in kind or a CRD the cluster installs.' },
  'render-pod-security': { severity: 'error', area: 'kubernetes', checks: 'Every pod template (chart output included) meets its namespace\'s pod-security.kubernetes.io/enforce level (the upstream Pod Security Standards, latest).' },
  'render-pod-security-looser': { severity: 'warning', area: 'kubernetes', checks: 'A namespace that enforces less than restricted has a workload (rendered) that needs it; otherwise it should enforce restricted.' },
  'render-bootstrap': { severity: 'error', area: 'kubernetes', checks: 'The first reconcile of every cluster completes: Flux Kustomizations and HelmReleases in dependsOn order with their waits, every Secret/ConfigMap/ServiceAccount/StorageClass/CRD a step needs made earlier or a bootstrap input.' },
  'render-image-tag': { severity: 'error', area: 'kubernetes', checks: 'Every container image of every rendered workload has a tag that is not latest (or a moving tag) or a digest.' },
  'render-flux-lockdown': { severity: 'error', area: 'kubernetes', checks: 'Flux runs locked down for tenants: the rendered flux-system controllers carry the multi-tenancy lockdown arguments (--no-cross-namespace-refs, --no-remote-bases, --default-service-account=default), every Kustomization and HelmRelease names an existing serviceAccountName, and no source reference or Alert event source crosses namespaces.' },
  'render-rbac-tenant': { severity: 'error', area: 'kubernetes', checks: 'RBAC proof (policy/rbac-proof.ts): no tenant identity (its groups, its ServiceAccounts, a Flux object without serviceAccountName) can write outside its namespace, create cluster-scoped objects, read other namespaces\' Secrets, bind a role it does not hold, impersonate beyond its namespace or write its NetworkPolicies, quota, limits or Namespace; Flux refuses its cross-namespace references.' },
  'render-sso-scope': { severity: 'error', area: 'kubernetes', checks: 'OAuth2-Proxy\'s session cookie domain and whitelist-domain cover neither the cluster domain nor a tenant\'s domain (tenants serve <host>.<tenant>.<domain>), and in production it does not admit every email domain without an allowed group.' },
  'render-grafana-sso': { severity: 'error', area: 'kubernetes', checks: 'A Grafana that a route exposes signs in only through single sign-on: login form off, basic auth off, an OAuth provider enabled, no anonymous access (grafana.ini as rendered, GF_* overrides included).' },
  'render-admin-exposure': { severity: 'error', area: 'kubernetes', checks: 'Every route serving Vault (UI and API) or Keycloak\'s administration (/admin, the master realm) admits only network.adminCidrs (SecurityPolicy authorization, default Deny, clientCIDRs; ingress-nginx whitelist-source-range) or requires sign-in; Vault\'s metrics need a token.' },
  'render-volume-backup': { severity: 'error', area: 'kubernetes', checks: 'In a cluster that runs Velero, every pod template (chart output included) that mounts a PersistentVolumeClaim, StatefulSet volumeClaimTemplates included, names each such volume in backup.velero.io/backup-volumes or backup.velero.io/backup-volumes-excludes; CloudNativePG Clusters that archive through barman are covered; and when any volume is opted in, the Velero release renders its node-agent DaemonSet (deployNodeAgent), the only reader of that annotation.' },
  'render-volume-unmounted': { severity: 'warning', area: 'kubernetes', checks: 'Every standalone PersistentVolumeClaim the cluster renders is mounted by a rendered pod template of its namespace (otherwise its data is used and backed up by nothing, or it is a leftover); claims of StatefulSet volumeClaimTemplates and of operators are not rendered and not judged.' },
  'render-value-unread': { severity: 'error', area: 'kubernetes', checks: 'Every value config or a construct sets on a HelmRelease changes the rendered output or equals the chart\'s default (pass-through maps count as read).' },
  // The gitops tree as committed (policy/gitops-tree.ts via policy/manifests.ts): `npm run check:manifests`, and `npm run check` without the schema rules
  'tree-yaml': { severity: 'error', area: 'gitops-tree', checks: 'Every YAML file of the gitops tree parses (every document).' },
  'tree-not-a-resource': { severity: 'error', area: 'gitops-tree', checks: 'Every document of a manifest file is a Kubernetes object (a mapping with apiVersion and kind), and kustomize configuration lives only in kustomization.yaml files.' },
  'tree-schema': { severity: 'error', area: 'gitops-tree', checks: 'Every object of the tree and of its kustomize builds is valid against the strict schema of its kind (policy/object-schemas.ts: Kubernetes 1.34 built-ins, the CRDs the tree ships, the crds/ of the charts its HelmReleases pin, Flux\'s CRDs).' },
  'tree-no-schema': { severity: 'error', area: 'gitops-tree', checks: 'Every object of the tree has a schema: a built-in kind of Kubernetes 1.34 or a kind one of those CRDs defines.' },
  'tree-chart-missing': { severity: 'error', area: 'gitops-tree', checks: 'Every chart version the tree pins (HelmRelease chart.spec, OCIRepository and HelmChart) is in the chart cache, so the CRDs it installs are known.' },
  'tree-kustomize-path': { severity: 'error', area: 'gitops-tree', checks: 'Every Flux Kustomization of the platform repository points at a folder of the tree that has a kustomization.yaml.' },
  'tree-kustomize-build': { severity: 'error', area: 'gitops-tree', checks: 'kubectl kustomize --load-restrictor=LoadRestrictionsNone builds every such folder.' },
  'tree-plaintext-secret': { severity: 'error', area: 'gitops-tree', checks: 'Every Secret (in files and in build output) carries complete SOPS metadata and only ENC[...] values.' },
  'tree-secret-file-name': { severity: 'error', area: 'gitops-tree', checks: 'Every Secret lives in a file named *.sops.yaml.' },
  'tree-deprecated-api': { severity: 'error', area: 'gitops-tree', checks: 'No object uses a Flux API version that is deprecated and removed from current Flux.' },
  'tree-unpinned-chart': { severity: 'error', area: 'gitops-tree', checks: 'Every HelmRelease installs an exact chart version (or an OCI artifact pinned by exact tag or digest).' },
  // The engine itself
  'gitops-unparsable': { severity: 'error', area: 'policy', checks: 'Every gitops file parses as YAML so the rules above can read it.' },
  'waiver-invalid': { severity: 'error', area: 'policy', checks: 'policy/waivers.yaml entries name a known rule, a resource and a non-empty reason.' },
  'waiver-unused': { severity: 'warning', area: 'policy', checks: 'Every waiver matches at least one finding (stale waivers are removed).' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
