/**
 * Small, complete and compliant synthesized output to test the policy rules on: three stacks per
 * provider family and a Flux tree for one OCI Always Free cluster. Each test copies it, breaks one
 * thing, and checks that exactly the expected rule fires.
 */
import { stringify } from 'yaml';
import { runPolicies, type Finding, type PolicyInput, type PolicyPlatform } from '../../policy/index';

export const AGE = 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq';
export const BUCKET = 'tfstate-example';
export const ENC = 'ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]';

export function platform(): PolicyPlatform & { clusters: Record<string, unknown>[] } {
  return {
    state: { bucket: BUCKET, migrated: false },
    clusters: [
      { name: 'dev', provider: 'oci-oke', freeTier: true, network: { nodeCidr: '10.0.0.0/16' }, tenants: { 'team-a': {} }, apps: { web: { tenant: 'team-a' } }, sops: { ageRecipients: [AGE] }, gitopsPath: './gitops/clusters/dev', acme: 'production' },
      { name: 'staging', provider: 'hcloud-k3s', freeTier: false, network: { nodeCidr: '10.1.0.0/16' }, tenants: {}, apps: {}, sops: { ageRecipients: [AGE] }, gitopsPath: './gitops/clusters/staging' },
      { name: 'prod', provider: 'do-k3s', freeTier: false, network: { nodeCidr: '10.2.0.0/16' }, tenants: {}, apps: {}, sops: { ageRecipients: [AGE] }, gitopsPath: './gitops/clusters/prod' },
    ],
  };
}

const s3Backend = (key: string) => ({ s3: { bucket: BUCKET, key, region: 'eu-central-1', encrypt: true, use_lockfile: true } });

export type Json = Record<string, any>;

export function stacks(): Map<string, Json> {
  const ref = '${aws_s3_bucket.bucket.id}';
  return new Map<string, Json>([
    [
      'state',
      {
        terraform: { backend: { local: { path: '../state.tfstate' } } },
        resource: {
          aws_s3_bucket: { bucket: { bucket: BUCKET, lifecycle: { prevent_destroy: true } } },
          aws_s3_bucket_versioning: { versioning: { bucket: ref, versioning_configuration: { status: 'Enabled' } } },
          aws_s3_bucket_server_side_encryption_configuration: { encryption: { bucket: ref, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] } },
          aws_s3_bucket_public_access_block: { pab: { bucket: ref, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
          aws_s3_bucket_policy: {
            tls: {
              bucket: ref,
              policy:
                '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "DenyInsecureTransport", "Effect" = "Deny", "Principal" = "*", "Action" = "s3:*", "Resource" = [aws_s3_bucket.bucket.arn, "${aws_s3_bucket.bucket.arn}/*"], "Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}}]})}',
            },
          },
        },
      },
    ],
    [
      'dev-network',
      {
        terraform: { backend: s3Backend('dev/dev-network.tfstate') },
        resource: {
          oci_core_security_list: {
            public: {
              ingress_security_rules: [
                { protocol: '6', source: '0.0.0.0/0', tcp_options: { min: 443, max: 443 } },
                { protocol: '6', source: '203.0.113.0/24', tcp_options: { min: 6443, max: 6443 } },
                { protocol: '6', source: '10.0.0.0/16', tcp_options: { min: 10250, max: 10250 } },
              ],
            },
            nodes: { ingress_security_rules: [{ protocol: 'all', source: '10.0.0.0/16' }] },
          },
        },
      },
    ],
    [
      'dev-cluster',
      {
        terraform: { backend: s3Backend('dev/dev-cluster.tfstate') },
        resource: {
          oci_containerengine_node_pool: {
            'pool-a': { node_shape: 'VM.Standard.A1.Flex', node_shape_config: { ocpus: 2, memory_in_gbs: 12 }, node_config_details: { size: 1 }, node_source_details: { boot_volume_size_in_gbs: '50' } },
            'pool-b': { node_shape: 'VM.Standard.A1.Flex', node_shape_config: { ocpus: 2, memory_in_gbs: 12 }, node_config_details: { size: 1 }, node_source_details: { boot_volume_size_in_gbs: '50' } },
          },
        },
      },
    ],
    [
      'dev-iam',
      {
        terraform: { backend: s3Backend('dev/dev-iam.tfstate') },
        resource: {
          oci_identity_dynamic_group: {
            nodes: {
              compartment_id: 'ocid1.tenancy.oc1..aaaaaaaaexample',
              name: 'proj-dev-nodes',
              description: 'dev nodes',
              matching_rule: "ALL {instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexample', tag.proj.cluster.value = 'dev'}",
            },
          },
        },
      },
    ],
    [
      'staging-cluster',
      {
        terraform: { backend: s3Backend('staging/staging-cluster.tfstate') },
        resource: {
          hcloud_server: { cp: { server_type: 'cax21', name: 'staging-cp-1' } },
          hcloud_firewall: {
            workers: {
              rule: [
                { direction: 'in', protocol: 'tcp', port: '443', source_ips: ['0.0.0.0/0', '::/0'] },
                { direction: 'in', protocol: 'tcp', port: '22', source_ips: ['203.0.113.0/24'] },
                { direction: 'in', protocol: 'tcp', port: '10250', source_ips: ['10.1.0.0/16'] },
                { direction: 'in', protocol: 'udp', port: '8472', source_ips: ['10.1.0.0/16'] },
                { direction: 'out', protocol: 'tcp', port: 'any', destination_ips: ['0.0.0.0/0'] },
              ],
            },
          },
        },
      },
    ],
    [
      'prod-cluster',
      {
        terraform: { backend: s3Backend('prod/prod-cluster.tfstate') },
        resource: {
          digitalocean_firewall: {
            workers: {
              inbound_rule: [
                { protocol: 'tcp', port_range: '80', source_addresses: ['0.0.0.0/0', '::/0'] },
                { protocol: 'tcp', port_range: '6443', source_addresses: ['203.0.113.0/24'] },
                { protocol: 'tcp', port_range: '10250', source_addresses: ['10.2.0.0/16'] },
                { protocol: 'icmp', source_addresses: ['0.0.0.0/0'] },
              ],
              outbound_rule: [{ protocol: 'tcp', port_range: '1-65535', destination_addresses: ['0.0.0.0/0'] }],
            },
          },
        },
      },
    ],
  ]);
}

const docs = (...objects: unknown[]) => objects.map((o) => stringify(o)).join('---\n');
const kustomization = (resources: string[], extra: Json = {}) => stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...extra });
const fluxKustomization = (name: string, path: string, extra: Json = {}) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system' },
  spec: { interval: '1h', path, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, decryption: { provider: 'sops', secretRef: { name: 'sops-age' } }, ...extra },
});

export const OCI_FREE_LB = {
  'service.beta.kubernetes.io/oci-load-balancer-shape': 'flexible',
  'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min': '10',
  'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '10',
};

export function deployment(overrides: Json = {}): Json {
  const base: Json = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team-a' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65532 },
          containers: [
            {
              name: 'web',
              image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false },
            },
          ],
        },
      },
    },
  };
  return merge(base, overrides);
}

function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' ? merge(base[k], v) : v;
  return out;
}

/** The compliant tree of cluster dev (paths relative to gitops/). */
export function gitops(): Map<string, string> {
  return new Map<string, string>([
    ['.sops.yaml', stringify({ creation_rules: [{ path_regex: '^clusters/dev/.*\\.sops\\.yaml$', encrypted_regex: '^(data|stringData)$', age: AGE }] })],
    ['clusters/dev/kustomization.yaml', kustomization(['flux-system', 'infrastructure.yaml', 'tenants.yaml', 'secrets/cloudflare.sops.yaml'])],
    ['clusters/dev/flux-system/kustomization.yaml', kustomization(['gotk-sync.yaml'])],
    [
      'clusters/dev/flux-system/gotk-sync.yaml',
      docs(
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { interval: '1m', url: 'https://github.com/example/platform.git', ref: { branch: 'main' } } },
        fluxKustomization('flux-system', './gitops/clusters/dev'),
      ),
    ],
    ['clusters/dev/infrastructure.yaml', docs(fluxKustomization('infrastructure', './gitops/infrastructure/dev'))],
    ['clusters/dev/tenants.yaml', docs(fluxKustomization('tenants', './gitops/tenants/dev'))],
    [
      'clusters/dev/secrets/cloudflare.sops.yaml',
      docs({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cloudflare-api-token', namespace: 'cert-manager' },
        type: 'Opaque',
        stringData: { 'api-token': ENC },
        sops: { age: [{ recipient: AGE, enc: '-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n' }], mac: ENC, version: '3.10.2' },
      }),
    ],
    ['infrastructure/dev/kustomization.yaml', kustomization(['cert-manager.yaml', 'envoy-gateway.yaml'])],
    [
      'infrastructure/dev/cert-manager.yaml',
      docs(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cert-manager' } },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'jetstack', namespace: 'cert-manager' }, spec: { interval: '1h', url: 'https://charts.jetstack.io' } },
        {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: 'cert-manager', namespace: 'cert-manager' },
          spec: { interval: '30m', chart: { spec: { chart: 'cert-manager', version: 'v1.21.1', sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } }, values: { crds: { enabled: true } } },
        },
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'ClusterIssuer',
          metadata: { name: 'letsencrypt' },
          spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'letsencrypt-account' }, solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } } }] } },
        },
      ),
    ],
    [
      'infrastructure/dev/envoy-gateway.yaml',
      docs(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'envoy-gateway-system' } },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'envoy-gateway', namespace: 'envoy-gateway-system' }, spec: { interval: '1h', url: 'oci://docker.io/envoyproxy/gateway-helm', ref: { tag: 'v1.6.0' } } },
        { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'envoy-gateway', namespace: 'envoy-gateway-system' }, spec: { interval: '30m', chartRef: { kind: 'OCIRepository', name: 'envoy-gateway' } } },
        { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: { name: 'oci-free', namespace: 'envoy-gateway-system' }, spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'LoadBalancer', annotations: OCI_FREE_LB } } } } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'envoy' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'oci-free', namespace: 'envoy-gateway-system' } } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'envoy-gateway-system' }, spec: { gatewayClassName: 'envoy', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
      ),
    ],
    ['tenants/dev/kustomization.yaml', kustomization(['team-a.yaml', 'web.yaml'])],
    [
      'tenants/dev/team-a.yaml',
      docs(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'toolkit.fluxcd.io/tenant': 'team-a' } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'team-a' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      ),
    ],
    ['tenants/dev/web.yaml', docs(deployment())],
  ]);
}

export const dump = docs;
export const kustomize = kustomization;
export { fluxKustomization };

/** Flux's decryption key: created by bootstrap, never in git. */
export const EXTERNAL = [{ name: 'sops-age', namespace: 'flux-system', cluster: '*', reason: 'created by flux bootstrap from the age private key' }];

export function check(overrides: Partial<PolicyInput> = {}): Finding[] {
  return runPolicies({ stacks: stacks(), gitops: gitops(), platform: platform(), externalSecrets: EXTERNAL, ...overrides });
}

/** Rule ids of the failing (or all, with `all`) findings. */
export function ruleIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}
