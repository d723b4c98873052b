import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  compareMinors,
  defaultK3sRelease,
  KUBERNETES_SUPPORT,
  minorOf,
  newestOkeVersion,
  parseKubernetesSupport,
  type KubernetesSupport,
} from '../../config/kubernetes-support';
import { k3sInstaller } from '../../config/k3s-installers';
import { CATALOGUES, parseCatalogue, type Catalogues } from '../../config/catalogues';
import { loadPlatform, type LoadOptions } from '../../config/load';
import { pinnedImageReason } from '../../config/pinned-image';
import { HCLOUD_NETWORK_ZONES } from '../../constructs/vps/hcloud-adapter';
import { ConfigError, type Problem } from '../../config/problems';
import { COMPONENT_VOLUMES, TENANT_VOLUME_LIMITS } from '../../config/rules';
import { KubePrometheusStack } from '../../constructs/components/kube-prometheus-stack';
import { Loki } from '../../constructs/components/loki';
import { Tempo } from '../../constructs/components/tempo';
import { Vault } from '../../constructs/components/vault';
import { TENANT_QUOTAS, TENANT_SIZES } from '../../constructs/tenancy/sizes';
import { copyEnvironments, edit, ROOT, unusedEnvironmentName } from '../support/environments';

type Edits = Parameters<typeof edit>[2];

/** Loads a copy of the shipped environments with `edits` applied to `file`; returns the problems. */
function problems(file: string, edits: Edits, prepare?: (dir: string) => void): Problem[] {
  const dir = copyEnvironments();
  if (edits.length > 0) edit(dir, file, edits);
  prepare?.(dir);
  try {
    loadPlatform(dir, { relativeTo: dirname(dir) });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const oke = (...path: (string | number)[]) => ['clusters', 'oke-dev', ...path];
/** An SSH key that is no placeholder (the cross-cluster rules leave placeholders out). */
const REAL_LOOKING_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmNCr3JXqmLW7ug9pThZMG0vBFCuYUmXUkNcPvAbc admin@example.com';
const hcloud = (...path: (string | number)[]) => ['clusters', 'hcloud-staging', ...path];
const prod = (...path: (string | number)[]) => ['clusters', 'do-prod', ...path];

interface Case {
  rule: string;
  file: string;
  edits: Edits;
  path: string;
  message: string | RegExp;
  prepare?: (dir: string) => void;
}

/** An environment file name the shipped environments/ do not use (a user may have added qa). */
const SPARE = unusedEnvironmentName();

const cases: Record<string, Case> = {
  'CIDR syntax': { rule: 'cidr-syntax', file: 'dev.yaml', edits: [[oke('network', 'podCidr'), '10.300.0.0/16']], path: 'clusters.oke-dev.network.podCidr', message: '10.300.0.0/16 is not a valid CIDR block' },
  'CIDR host bits': { rule: 'cidr-syntax', file: 'dev.yaml', edits: [[oke('network', 'nodeCidr'), '10.0.0.1/16']], path: 'clusters.oke-dev.network.nodeCidr', message: 'has host bits set (the network address is 10.0.0.0/16)' },
  'subnet inside its VCN': { rule: 'subnet-in-network', file: 'dev.yaml', edits: [[oke('network', 'subnets', 'nodes'), '10.1.1.0/24']], path: 'clusters.oke-dev.network.subnets.nodes', message: 'subnet 10.1.1.0/24 is not inside network.nodeCidr 10.0.0.0/16' },
  'subnets do not overlap': { rule: 'cidr-overlap', file: 'dev.yaml', edits: [[oke('network', 'subnets', 'nodes'), '10.0.0.0/23']], path: 'clusters.oke-dev.network.subnets.nodes', message: 'overlaps subnets.public 10.0.0.0/24' },
  'node, pod and service ranges do not overlap': { rule: 'cidr-overlap', file: 'dev.yaml', edits: [[oke('network', 'serviceCidr'), '10.244.128.0/20']], path: 'clusters.oke-dev.network.serviceCidr', message: 'serviceCidr 10.244.128.0/20 overlaps network.podCidr 10.244.0.0/16' },
  'admin access not open to the world': { rule: 'admin-cidr-open', file: 'dev.yaml', edits: [[oke('network', 'adminCidrs'), ['0.0.0.0/0']]], path: 'clusters.oke-dev.network.adminCidrs[0]', message: 'opens the Kubernetes API and SSH to the whole internet' },
  'free tier: only A1.Flex': { rule: 'free-tier-shape', file: 'dev.yaml', edits: [[oke('nodePools', 'pool-a', 'machineType'), 'VM.Standard.E4.Flex']], path: 'clusters.oke-dev.nodePools.pool-a.machineType', message: 'only VM.Standard.A1.Flex is free' },
  'free tier: at most 4 OCPUs': { rule: 'free-tier-ocpus', file: 'dev.yaml', edits: [[oke('nodePools', 'pool-b', 'ocpus'), 3]], path: 'clusters.oke-dev.nodePools', message: 'the node pools total 5 OCPUs; the Always Free limit is 4' },
  'free tier: at most 24 GB': { rule: 'free-tier-memory', file: 'dev.yaml', edits: [[oke('nodePools', 'pool-b', 'memoryGb'), 16]], path: 'clusters.oke-dev.nodePools', message: 'total 28 GB memory; the Always Free limit is 24 GB' },
  'free tier: at most 200 GB of boot and block volumes': { rule: 'free-tier-storage', file: 'dev.yaml', edits: [[oke('nodePools', 'pool-a', 'bootVolumeGb'), 60]], path: 'clusters.oke-dev.nodePools', message: 'takes 210 GB (110 GB of boot volumes, 2 block volumes of 100 GB for Prometheus, Alertmanager, each at least OCI\'s 50 GB) of block storage; the Always Free limit is 200 GB per tenancy' },
  'free tier: at most one load balancer': { rule: 'free-tier-load-balancers', file: 'dev.yaml', edits: [[oke('components', 'ingress-nginx'), { enabled: true }]], path: 'clusters.oke-dev.components', message: 'at most 1 load balancer is free; these components need 2' },
  'one gitops root for all clusters': { rule: 'gitops-root', file: 'staging.yaml', edits: [[hcloud('gitops', 'path'), './deploy/clusters/hcloud-staging']], path: 'clusters.hcloud-staging.gitops.path', message: 'must share one root' },
  'Flux path ends in clusters/<name>': { rule: 'gitops-path', file: 'dev.yaml', edits: [[oke('gitops', 'path'), './deploy/oke-dev']], path: 'clusters.oke-dev.gitops.path', message: 'must end with /clusters/oke-dev' },
  'free tier is for OCI only': { rule: 'free-tier-provider', file: 'staging.yaml', edits: [[hcloud('freeTier'), true]], path: 'clusters.hcloud-staging.freeTier', message: 'freeTier applies to OCI (oci-oke) clusters only' },
  'flex shapes need OCPUs and memory': { rule: 'flex-shape', file: 'dev.yaml', edits: [[oke('nodePools', 'pool-c'), { count: 1, machineType: 'VM.Standard.A1.Flex' }], [oke('nodePools', 'pool-b'), undefined]], path: 'clusters.oke-dev.nodePools.pool-c.ocpus', message: 'a .Flex shape needs ocpus' },
  'DNS zone is a DNS name': { rule: 'schema-invalid_format', file: 'dev.yaml', edits: [[oke('dns', 'zone'), 'Example_Com']], path: 'clusters.oke-dev.dns.zone', message: 'must be a lower-case DNS name' },
  'cluster names are Kubernetes names': { rule: 'schema-invalid_key', file: 'dev.yaml', edits: [[['clusters', 'Oke_Dev'], { provider: 'oci-oke' }]], path: 'clusters.Oke_Dev', message: /DNS label/ },
  'tenant names are Kubernetes names': { rule: 'schema-invalid_key', file: 'dev.yaml', edits: [[oke('tenants', 'Team A'), { size: 'small', group: 'a' }]], path: 'clusters.oke-dev.tenants.Team A', message: /DNS label/ },
  'cluster names unique across environments': { rule: 'cluster-name-unique', file: 'prod.yaml', edits: [[['clusters', 'oke-dev'], { provider: 'do-k3s', region: 'fra1' }]], path: 'clusters.oke-dev', message: 'cluster name oke-dev is already used in environments/dev.yaml' },
  'chart versions pinned exactly': { rule: 'schema-invalid_format', file: 'dev.yaml', edits: [[oke('components', 'cert-manager', 'version'), '^1.21.0']], path: 'clusters.oke-dev.components.cert-manager.version', message: 'must be an exact version' },
  'app chart versions pinned exactly': { rule: 'schema-invalid_format', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'chart', 'version'), 'latest']], path: 'clusters.oke-dev.apps.podinfo.chart.version', message: 'no ranges, wildcards or "latest"' },
  'k3s versions pinned exactly': { rule: 'schema-invalid_format', file: 'staging.yaml', edits: [[['clusterDefaults', 'vps', 'k3sVersion'], 'stable']], path: 'clusterDefaults.vps.k3sVersion', message: 'must be an exact k3s release' },
  'components exist': { rule: 'unknown-key', file: 'dev.yaml', edits: [[oke('components', 'cert-manger'), { enabled: true }]], path: 'clusters.oke-dev.components.cert-manger', message: 'unknown key "cert-manger" (did you mean "cert-manager"?)' },
  'tenants exist': { rule: 'reference-tenant', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'tenant'), 'team-z']], path: 'clusters.oke-dev.apps.podinfo.tenant', message: 'no tenant named team-z in this cluster; known: team-a' },
  'templates exist': { rule: 'reference-template', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'template'), 'helm-chart']], path: 'clusters.oke-dev.apps.podinfo.template', message: 'no app template named helm-chart' },
  'unknown keys are errors': { rule: 'unknown-key', file: 'staging.yaml', edits: [[hcloud('network', 'podCIDR'), '10.42.0.0/16']], path: 'clusters.hcloud-staging.network.podCIDR', message: 'did you mean "podCidr"?' },
  'required fields': { rule: 'required', file: 'staging.yaml', edits: [[hcloud('region'), undefined]], path: 'clusters.hcloud-staging.region', message: 'is required' },
  'provider settings present': { rule: 'provider-settings', file: 'dev.yaml', edits: [[oke('oci'), undefined]], path: 'clusters.oke-dev.oci', message: 'an oci-oke cluster needs an oci: section' },
  'withdrawn Hetzner server types': { rule: 'machine-type-withdrawn', file: 'staging.yaml', edits: [[hcloud('nodePools'), { workers: { machineType: 'cpx21' } }]], path: 'clusters.hcloud-staging.nodePools.workers.machineType', message: 'Hetzner withdrew this server type' },
  'k3s release with a recorded install script': { rule: 'k3s-install-script', file: 'staging.yaml', edits: [[hcloud('vps', 'k3sVersion'), 'v1.34.99+k3s1']], path: 'clusters.hcloud-staging.vps.k3sVersion', message: 'no k3s install script is recorded for v1.34.99+k3s1: add the release with the ref and sha256 of its install.sh to config/k3s-installers.yaml' },
  'k3s control plane quorum': { rule: 'k3s-control-plane', file: 'staging.yaml', edits: [[hcloud('nodePools'), { 'control-plane': { count: 2 } }]], path: 'clusters.hcloud-staging.nodePools', message: 'odd number of control-plane nodes' },
  'component dependencies': { rule: 'component-requires', file: 'dev.yaml', edits: [[oke('components', 'cert-manager', 'enabled'), false]], path: 'clusters.oke-dev.components.envoy-gateway.enabled', message: 'envoy-gateway needs cert-manager enabled' },
  'CloudNativePG needs cert-manager (its barman-cloud plugin)': { rule: 'component-requires', file: 'staging.yaml', edits: [[hcloud('components', 'cert-manager'), { enabled: false }]], path: 'clusters.hcloud-staging.components.cloudnative-pg.enabled', message: 'cloudnative-pg needs cert-manager enabled' },
  'Cilium only on k3s': { rule: 'component-provider', file: 'dev.yaml', edits: [[oke('components', 'cilium'), { enabled: true }]], path: 'clusters.oke-dev.components.cilium.enabled', message: 'OKE sets its CNI with oci.cniType' },
  'OAuth2-Proxy needs an ingress': { rule: 'component-requires', file: 'staging.yaml', edits: [[hcloud('components', 'envoy-gateway'), { enabled: false }]], path: 'clusters.hcloud-staging.components.oauth2-proxy.enabled', message: 'oauth2-proxy needs an ingress controller' },
  'MetalLB only on k3s': { rule: 'component-provider', file: 'dev.yaml', edits: [[oke('components', 'metallb'), { enabled: true }]], path: 'clusters.oke-dev.components.metallb.enabled', message: 'MetalLB is for k3s VPS clusters' },
  'Route53 records cannot be proxied': { rule: 'dns-proxied', file: 'prod.yaml', edits: [[['clusters', 'do-prod', 'dns', 'proxied'], true]], path: 'clusters.do-prod.dns.proxied', message: 'only Cloudflare can proxy records' },
  'one creator per DNS zone': { rule: 'dns-zone-owner', file: 'staging.yaml', edits: [[hcloud('dns', 'createZone'), true]], path: 'clusters.hcloud-staging.dns.createZone', message: 'zone example.com is already created by cluster oke-dev' },
  'app images pinned': { rule: 'image-pinned', file: 'staging.yaml', edits: [[hcloud('apps', 'web', 'image'), 'ghcr.io/stefanprodan/podinfo:latest']], path: 'clusters.hcloud-staging.apps.web.image', message: pinnedImageReason() },
  'workload application images take their construct\'s form': { rule: 'image-pinned', file: 'dev.yaml', edits: [[oke('applications'), { forgejo: { enabled: true, version: '11.0.14' } }]], path: 'clusters.oke-dev.applications.forgejo.version', message: 'forgejo would run the image codeberg.org/forgejo/forgejo:11.0.14, which must be pinned: a tag with a full major.minor.patch version ending in "-rootless"' },
  'a stateful-app takes no Helm values': { rule: 'app-field-not-taken', file: 'prod.yaml', edits: [[prod('apps', 'ledger', 'values'), { auth: { password: 'x' } }]], path: 'clusters.do-prod.apps.ledger.values', message: 'a stateful-app takes no values (it would be ignored; helm-app takes it): configure it with env, envFrom' },
  'a kustomize-app takes no data path': { rule: 'app-field-not-taken', file: 'staging.yaml', edits: [[hcloud('apps', 'web', 'dataMountPath'), '/data']], path: 'clusters.hcloud-staging.apps.web.dataMountPath', message: 'a kustomize-app takes no dataMountPath (it would be ignored; stateful-app takes it)' },
  'a helm-app takes no env': { rule: 'app-field-not-taken', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'env'), { A: '1' }]], path: 'clusters.oke-dev.apps.podinfo.env', message: 'a helm-app takes no env (it would be ignored; kustomize-app and stateful-app take it)' },
  'app env from a Secret names a key': { rule: 'schema-invalid_union', file: 'prod.yaml', edits: [[prod('apps', 'ledger', 'env', 'POSTGRES_PASSWORD'), { secretKeyRef: { name: 'ledger-credentials' } }]], path: 'clusters.do-prod.apps.ledger.env.POSTGRES_PASSWORD', message: /./ },
  'app paths are absolute': { rule: 'schema-invalid_format', file: 'prod.yaml', edits: [[prod('apps', 'ledger', 'writablePaths'), ['tmp']]], path: 'clusters.do-prod.apps.ledger.writablePaths[0]', message: 'must be an absolute path' },
  'app settings per template': { rule: 'app-settings', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'chart'), undefined]], path: 'clusters.oke-dev.apps.podinfo.chart', message: 'a helm-app needs chart:' },
  'tenant services need cert-manager and an ingress': { rule: 'tenant-service-requires', file: 'staging.yaml', edits: [[hcloud('components', 'envoy-gateway'), { enabled: false }]], path: 'clusters.hcloud-staging.tenants.team-a.identity.provider', message: 'identity (kanidm) needs an ingress controller (envoy-gateway or ingress-nginx) enabled for idm.team-a.<domain>' },
  'tenant services not behind the Cloudflare proxy': { rule: 'tenant-service-proxied', file: 'staging.yaml', edits: [[hcloud('dns', 'proxied'), true]], path: 'clusters.hcloud-staging.tenants.team-a.mail.provider', message: 'mail (stalwart) lives at mail.team-a.<domain>, two labels below the cluster domain' },
  'tenant service volumes fit the quota': { rule: 'tenant-quota-storage', file: 'staging.yaml', edits: [[hcloud('tenants', 'team-a', 'mail', 'storageGb'), 49]], path: 'clusters.hcloud-staging.tenants.team-a.size', message: 'identity and mail need 3 volumes of 51 GiB in total; a medium tenant may claim at most 8 volumes and 50 GiB' },
  'apps leave the tenant services their names': { rule: 'tenant-service-name', file: 'staging.yaml', edits: [[hcloud('apps', 'stalwart'), { template: 'kustomize-app', tenant: 'team-a', image: 'ghcr.io/example/mailer:1.2.3', port: 8080 }]], path: 'clusters.hcloud-staging.apps.stalwart', message: 'tenant team-a runs its own stalwart under that name' },
  'tenant identity provider is kanidm': { rule: 'schema-invalid_value', file: 'staging.yaml', edits: [[hcloud('tenants', 'team-a', 'identity', 'provider'), 'keycloak']], path: 'clusters.hcloud-staging.tenants.team-a.identity.provider', message: /kanidm/ },
  'tenant service images pinned': { rule: 'schema-invalid_format', file: 'staging.yaml', edits: [[hcloud('tenants', 'team-a', 'mail', 'image'), 'docker.io/stalwartlabs/stalwart:latest']], path: 'clusters.hcloud-staging.tenants.team-a.mail.image', message: 'with a version tag (at least major.minor, not latest)' },
  'public mail on OKE needs external-dns': { rule: 'tenant-mail-public-requires', file: 'dev.yaml', edits: [[oke('tenants', 'team-a', 'mail'), { provider: 'stalwart', public: true }], [oke('components', 'external-dns'), { enabled: false }]], path: 'clusters.oke-dev.tenants.team-a.mail.public', message: 'public mail on OKE needs external-dns enabled' },
  'free tier: one network load balancer': {
    rule: 'free-tier-network-load-balancers',
    file: 'dev.yaml',
    edits: [
      [oke('tenants', 'team-a', 'mail'), { provider: 'stalwart', public: true }],
      [oke('tenants', 'team-b'), { size: 'small', group: 'b', mail: { provider: 'stalwart', public: true } }],
    ],
    path: 'clusters.oke-dev.tenants.team-b.mail.public',
    message: 'at most 1 network load balancer is free; 2 tenants have public mail',
  },
  'public mail for at most 20 tenants per cluster': {
    rule: 'tenant-mail-public-count',
    file: 'staging.yaml',
    edits: Array.from({ length: 20 }, (_, i) => [hcloud('tenants', `t${String(i).padStart(2, '0')}`), { size: 'small', group: 'g', mail: { provider: 'stalwart', public: true } }] as Edits[number]),
    // team-a (listed first) and t00..t18 fit; the 21st in config order, t19, does not.
    path: 'clusters.hcloud-staging.tenants.t19.mail.public',
    message: '21 tenants have public mail; a cluster has node ports for at most 20',
  },
  'at most 62 tenants (Gateway listeners)': {
    rule: 'tenant-count',
    file: 'staging.yaml',
    edits: Array.from({ length: 62 }, (_, i) => [hcloud('tenants', `t${String(i).padStart(2, '0')}`), { size: 'small', group: 'g' }] as Edits[number]),
    path: 'clusters.hcloud-staging.tenants.team-a',
    message: '63 tenants; a cluster takes at most 62',
  },
  'proxied records within the free edge certificate': { rule: 'dns-proxied-depth', file: 'dev.yaml', edits: [[oke('dns', 'proxied'), true]], path: 'clusters.oke-dev.dns.proxied', message: 'would fail TLS at the edge' },
  'tenant apps not behind the Cloudflare proxy': {
    rule: 'tenant-app-proxied',
    file: 'dev.yaml',
    edits: [
      [oke('dns', 'subdomain'), undefined],
      [oke('dns', 'proxied'), true],
      [oke('apps', 'shop'), { template: 'kustomize-app', tenant: 'team-a', image: 'ghcr.io/example/shop:1.2.3', port: 8080 }],
    ],
    path: 'clusters.oke-dev.apps.shop.template',
    message: 'shop answers at shop.team-a.<domain>, two labels below the cluster domain',
  },
  'mail load balancer names within 63 characters': {
    rule: 'tenant-mail-public-name',
    file: 'staging.yaml',
    edits: [
      [
        ['clusters', 'hcloud-staging-with-a-long-name'],
        {
          provider: 'hcloud-k3s',
          region: 'nbg1',
          size: 'small',
          dns: { provider: 'cloudflare', zone: 'example.com', subdomain: 'long', createZone: false, proxied: false },
          tenants: { 'a-tenant-with-a-much-longer-name': { size: 'medium', group: 'g', mail: { provider: 'stalwart', public: true } } },
        },
      ],
    ],
    path: 'clusters.hcloud-staging-with-a-long-name.tenants.a-tenant-with-a-much-longer-name.mail.public',
    message: 'the providers take at most 63',
  },
  'app hosts leave the tenant services theirs': { rule: 'tenant-app-host', file: 'staging.yaml', edits: [[hcloud('apps', 'web', 'host'), 'mail']], path: 'clusters.hcloud-staging.apps.web.host', message: 'mail.team-a.<domain> is already its mail server of tenant team-a' },
  'app hosts unique per tenant': {
    rule: 'tenant-app-host',
    file: 'staging.yaml',
    edits: [[hcloud('apps', 'web2'), { template: 'kustomize-app', tenant: 'team-a', image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898, host: 'web' }]],
    path: 'clusters.hcloud-staging.apps.web2.host',
    message: 'web.team-a.<domain> is already app web of tenant team-a',
  },
  'Dex needs a connector or the password database': {
    rule: 'dex-no-connectors',
    file: 'prod.yaml',
    edits: [[prod('identity', 'dexConnectors'), undefined]],
    path: 'clusters.do-prod.components.dex.enabled',
    message: 'Dex refuses to start with "no connectors specified"',
  },
  'Dex connectors in one place': {
    rule: 'dex-connectors-twice',
    file: 'prod.yaml',
    edits: [[prod('components', 'dex', 'values'), { config: { connectors: [{ type: 'ldap', id: 'ldap', name: 'LDAP', config: {} }] } }]],
    path: 'clusters.do-prod.components.dex.values.config.connectors',
    message: 'would replace the generated one',
  },
  'GitHub connectors limited to organizations': {
    rule: 'dex-connector-settings',
    file: 'prod.yaml',
    edits: [[prod('identity', 'dexConnectors', 'github', 'orgs'), undefined]],
    path: 'clusters.do-prod.identity.dexConnectors.github.orgs',
    message: 'any GitHub user could sign in',
  },
  'OIDC connectors need an issuer': {
    rule: 'dex-connector-settings',
    file: 'prod.yaml',
    edits: [[prod('identity', 'dexConnectors', 'google'), { type: 'oidc', name: 'Google', clientId: 'example.apps.googleusercontent.com' }]],
    path: 'clusters.do-prod.identity.dexConnectors.google.issuer',
    message: 'an oidc connector needs issuer:',
  },
  'ingress-nginx next to Envoy Gateway gets no address on k3s': {
    rule: 'ingress-nginx-address',
    file: 'prod.yaml',
    edits: [[prod('components', 'ingress-nginx'), { enabled: true }]],
    path: 'clusters.do-prod.components.ingress-nginx.enabled',
    message: 'its LoadBalancer Service stays pending',
  },
  'ingress-nginx with MetalLB would deadlock the bootstrap': {
    rule: 'ingress-nginx-address',
    file: 'prod.yaml',
    edits: [
      [prod('components', 'ingress-nginx'), { enabled: true }],
      [prod('components', 'envoy-gateway'), { enabled: false }],
    ],
    path: 'clusters.do-prod.components.ingress-nginx.enabled',
    message: 'the first bootstrap deadlocks',
  },
  'OCI nodes not in the root compartment': {
    rule: 'oci-compartment-tenancy',
    file: 'dev.yaml',
    edits: [[oke('oci', 'compartmentOcid'), 'ocid1.tenancy.oc1..aaaaaaaaexampletenancy']],
    path: 'clusters.oke-dev.oci.compartmentOcid',
    message: 'is the tenancy (the root compartment)',
  },
  'admin ranges outside the cluster\'s own networks': {
    rule: 'admin-cidr-internal',
    file: 'dev.yaml',
    edits: [[oke('network', 'adminCidrs'), ['203.0.113.0/24', '10.0.1.0/24']]],
    path: 'clusters.oke-dev.network.adminCidrs[1]',
    message: 'overlaps network.nodeCidr 10.0.0.0/16: the ingress sees clients from outside with node addresses',
  },
  'production sign-in never admits any email domain': {
    rule: 'sso-open-to-anyone',
    file: 'prod.yaml',
    edits: [[prod('identity', 'allowedEmailDomains'), ['example.org', '*']]],
    path: 'clusters.do-prod.identity.allowedEmailDomains[1]',
    message: 'admits every address the identity provider accepts to OAuth2-Proxy and Grafana in a production environment',
  },
  'production sign-in restricted by email domain or group': {
    rule: 'sso-open-to-anyone',
    file: 'prod.yaml',
    edits: [[prod('identity', 'allowedGroups'), undefined]],
    path: 'clusters.do-prod.identity.allowedEmailDomains',
    message: 'set identity.allowedEmailDomains',
  },
  'Grafana through Dex needs the grafana client': {
    rule: 'grafana-sso-client',
    file: 'prod.yaml',
    edits: [[prod('identity', 'dexClients', 'grafana'), undefined]],
    path: 'clusters.do-prod.identity.dexClients.grafana',
    message: 'add identity.dexClients.grafana',
  },
  'OCI node tag names without periods': { rule: 'schema-invalid_format', file: 'dev.yaml', edits: [[oke('oci', 'nodeTag'), { namespace: 'cheap.k8s' }]], path: 'clusters.oke-dev.oci.nodeTag.namespace', message: 'no spaces or periods' },
  'ACME directory is staging or production': { rule: 'schema-invalid_value', file: 'dev.yaml', edits: [[oke('certificates', 'acme'), 'prod']], path: 'clusters.oke-dev.certificates.acme', message: /staging|production/ },
  'OCI regions from the catalogue': { rule: 'region-unknown', file: 'dev.yaml', edits: [[oke('region'), 'eu-nowhere-1']], path: 'clusters.oke-dev.region', message: 'eu-nowhere-1 is not an OCI region in config/catalogues/oci.yaml' },
  'OCI regions of the commercial realm': { rule: 'region-realm', file: 'dev.yaml', edits: [[oke('region'), 'us-gov-ashburn-1']], path: 'clusters.oke-dev.region', message: 'belongs to OCI realm' },
  'DigitalOcean regions from the catalogue': { rule: 'region-unknown', file: 'prod.yaml', edits: [[prod('region'), 'fra9']], path: 'clusters.do-prod.region', message: 'fra9 is not a DigitalOcean region in config/catalogues/digitalocean.yaml' },
  'Hetzner locations from the catalogue': { rule: 'region-unknown', file: 'staging.yaml', edits: [[hcloud('region'), 'fsn9']], path: 'clusters.hcloud-staging.region', message: 'a new location needs its network zone added to the catalogue' },
  'Hetzner server types from the catalogue': { rule: 'machine-type-unknown', file: 'staging.yaml', edits: [[hcloud('nodePools'), { workers: { machineType: 'cax99' } }]], path: 'clusters.hcloud-staging.nodePools.workers.machineType', message: 'cax99 is not a Hetzner server type in config/catalogues/hetzner.yaml' },
  'Hetzner ARM types only where sold': { rule: 'machine-type-location', file: 'staging.yaml', edits: [[hcloud('region'), 'ash']], path: 'clusters.hcloud-staging.nodePools.workers.machineType', message: 'cax21 (arm64) is not sold in ash, only in fsn1, nbg1, hel1' },
  'DigitalOcean sizes from the catalogue': { rule: 'machine-type-unknown', file: 'prod.yaml', edits: [[prod('nodePools'), { workers: { machineType: 's-3vcpu-5gb' } }]], path: 'clusters.do-prod.nodePools.workers.machineType', message: 'is not a DigitalOcean droplet size' },
  'OCI shapes from the catalogue': { rule: 'machine-type-unknown', file: 'dev.yaml', edits: [[oke('freeTier'), false], [oke('nodePools', 'pool-a', 'machineType'), 'VM.Standard.Z9.Flex']], path: 'clusters.oke-dev.nodePools.pool-a.machineType', message: 'is not an OCI shape' },
  'OKE versions OKE offers': { rule: 'kubernetes-not-offered', file: 'dev.yaml', edits: [[oke('kubernetesVersion'), '1.99.0']], path: 'clusters.oke-dev.kubernetesVersion', message: 'OKE does not offer Kubernetes 1.99' },
  'OKE patch releases OKE offers': { rule: 'kubernetes-version-unknown', file: 'dev.yaml', edits: [[oke('kubernetesVersion'), `${newestOkeVersion().replace(/\.\d+$/, '')}.99`]], path: 'clusters.oke-dev.kubernetesVersion', message: 'is not known to exist' },
  'admin ranges that together cover the internet': { rule: 'admin-cidr-union', file: 'dev.yaml', edits: [[oke('network', 'adminCidrs'), ['0.0.0.0/1', '128.0.0.0/1']]], path: 'clusters.oke-dev.network.adminCidrs', message: 'together the ranges cover the whole IPv4 internet' },
  'one cluster per zone and subdomain': { rule: 'dns-domain-unique', file: 'staging.yaml', edits: [[hcloud('dns', 'subdomain'), 'dev']], path: 'clusters.hcloud-staging.dns.subdomain', message: 'dev.example.com is already the cluster domain of cluster oke-dev' },
  'a cluster domain is no other cluster\'s tenant domain': { rule: 'dns-domain-unique', file: 'staging.yaml', edits: [[hcloud('dns', 'zone'), 'dev.example.com'], [hcloud('dns', 'subdomain'), 'team-a']], path: 'clusters.hcloud-staging.dns.subdomain', message: "team-a.dev.example.com is already tenant team-a's domain of cluster oke-dev" },
  'one route per platform host': { rule: 'host-unique', file: 'prod.yaml', edits: [[prod('components', 'vault'), { enabled: true }], [prod('subdomains', 'grafana'), 'vault']], path: 'clusters.do-prod.subdomains.grafana', message: 'is already the grafana route' },
  'platform hosts unique across clusters': { rule: 'host-unique', file: 'staging.yaml', edits: [[hcloud('dns', 'subdomain'), 'vault'], [hcloud('dns', 'zone'), 'example.org']], path: 'clusters.hcloud-staging.dns.subdomain', message: 'vault.example.org (the cluster domain) is already the vault route of cluster do-prod' },
  'tenants never take a platform namespace': { rule: 'tenant-namespace', file: 'dev.yaml', edits: [[oke('tenants', 'monitoring'), { size: 'small', group: 'g' }]], path: 'clusters.oke-dev.tenants.monitoring', message: 'the namespace of the platform component kube-prometheus-stack' },
  'tenants never take a company application\'s namespace': { rule: 'tenant-namespace', file: 'dev.yaml', edits: [[oke('tenants', 'nextcloud'), { size: 'small', group: 'g' }]], path: 'clusters.oke-dev.tenants.nextcloud', message: 'the namespace of the company application nextcloud' },
  'tenants never take kube-system': { rule: 'tenant-namespace', file: 'dev.yaml', edits: [[oke('tenants', 'kube-system'), { size: 'small', group: 'g' }]], path: 'clusters.oke-dev.tenants.kube-system', message: 'a Kubernetes or Flux system namespace' },
  'tenants never take flux-system': { rule: 'tenant-namespace', file: 'dev.yaml', edits: [[oke('tenants', 'flux-system'), { size: 'small', group: 'g' }]], path: 'clusters.oke-dev.tenants.flux-system', message: 'a Kubernetes or Flux system namespace' },
  'tenants never take default': { rule: 'tenant-namespace', file: 'dev.yaml', edits: [[oke('tenants', 'default'), { size: 'small', group: 'g' }]], path: 'clusters.oke-dev.tenants.default', message: 'a Kubernetes or Flux system namespace' },
  'tenant groups are no Kubernetes system group': { rule: 'tenant-group-system', file: 'dev.yaml', edits: [[oke('tenants', 'team-a', 'group'), 'system:masters']], path: 'clusters.oke-dev.tenants.team-a.group', message: 'is a Kubernetes system group' },
  'k3s release agrees with a kubernetesVersion given for the cluster': { rule: 'k3s-kubernetes-version', file: 'staging.yaml', edits: [[hcloud('kubernetesVersion'), '1.34.1'], [['clusterDefaults', 'vps', 'k3sVersion'], 'v1.20.0+k3s1']], path: 'clusters.hcloud-staging.vps.k3sVersion', message: 'k3s v1.20.0+k3s1 runs Kubernetes 1.20, but kubernetesVersion 1.34.1 is given' },
  'one free-tier OKE cluster per tenancy': {
    rule: 'free-tier-oke-clusters',
    file: 'dev.yaml',
    edits: [[['clusters', 'oke-dev2'], { provider: 'oci-oke', region: 'eu-frankfurt-1', size: 'small', freeTier: true, oci: { compartmentOcid: 'ocid1.compartment.oc1..aaaaaaaaexamplecompartment', tenancyOcid: 'ocid1.tenancy.oc1..aaaaaaaaexampletenancy', configProfile: 'DEFAULT', publicEndpoint: true, cniType: 'FLANNEL_OVERLAY' }, dns: { provider: 'cloudflare', zone: 'example.com', subdomain: 'dev2', createZone: false, proxied: false } }]],
    path: 'clusters.oke-dev2.freeTier',
    message: 'oke-dev, oke-dev2 are free-tier OKE clusters of one tenancy',
  },
  'one SSH key per provider project': {
    rule: 'ssh-key-project',
    file: 'staging.yaml',
    edits: [
      [['clusterDefaults', 'vps', 'sshKeys', 'admin'], REAL_LOOKING_KEY],
      [['clusters', 'hcloud-staging2'], { provider: 'hcloud-k3s', region: 'nbg1', size: 'small', dns: { provider: 'cloudflare', zone: 'example.com', subdomain: 'staging2', createZone: false, proxied: false } }],
    ],
    path: 'clusters.hcloud-staging2.vps.sshKeys.admin',
    message: 'the same public key is already vps.sshKeys.admin of cluster hcloud-staging in Hetzner Cloud project (default)',
  },
  'Velero schedule is a cron expression': { rule: 'backup-schedule', file: 'prod.yaml', edits: [[prod('backups', 'schedule'), 'every day at 3']], path: 'clusters.do-prod.backups.schedule', message: 'must be a five-field cron expression' },
  'k3s node names fit a host name': { rule: 'node-name-length', file: 'staging.yaml', edits: [[['clusters', 'hcloud-staging-with-a-long-cluster-name'], { provider: 'hcloud-k3s', region: 'nbg1', size: 'small', nodePools: { 'workers-with-a-long-pool-name': { count: 1, machineType: 'cax21' } }, vps: { sshKeys: { admin: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyForTheLongCluster00000000000000000 x' } }, dns: { provider: 'cloudflare', zone: 'example.com', subdomain: 'long', createZone: false, proxied: false } }]], path: 'clusters.hcloud-staging-with-a-long-cluster-name.nodePools.workers-with-a-long-pool-name', message: 'a host name takes at most 63' },
  'SSH key comments without template sequences': { rule: 'ssh-key-comment', file: 'staging.yaml', edits: [[['clusterDefaults', 'vps', 'sshKeys', 'admin'], 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithYourOwnPublicKey000000 ${admin}']], path: 'clusters.hcloud-staging.vps.sshKeys.admin', message: 'contains ${ or %{' },
  'Istio values keyed by chart': { rule: 'istio-values-keys', file: 'staging.yaml', edits: [[hcloud('components', 'istio'), { enabled: true, values: { pilot: { replicaCount: 2 } } }]], path: 'clusters.hcloud-staging.components.istio.values.pilot', message: "Istio's values are keyed by chart" },
  'helm-app chart names Helm accepts': { rule: 'app-chart-name', file: 'dev.yaml', edits: [[oke('apps', 'podinfo', 'chart', 'name'), 'Pod Info']], path: 'clusters.oke-dev.apps.podinfo.chart.name', message: 'must be a Helm chart name' },
  'tenant repositories stay inside the repository': { rule: 'repository-path', file: 'staging.yaml', edits: [[hcloud('tenants', 'team-a', 'appsRepository'), { url: 'https://example.com/apps.git', branch: 'main', path: './../other' }]], path: 'clusters.hcloud-staging.tenants.team-a.appsRepository.path', message: 'no ..' },
  'unlisted names still look like the provider\'s': { rule: 'catalogue-unlisted-format', file: 'prod.yaml', edits: [[prod('region'), 'madrid'], [prod('catalogue'), { allowUnlisted: ['madrid'] }]], path: 'clusters.do-prod.region', message: 'it must look like fra1' },
  'environment files not linked from outside': { rule: 'environment-file', file: 'dev.yaml', edits: [], path: '', message: 'outside the environments folder', prepare: (dir) => { writeFileSync(join(dirname(dir), `${SPARE}.yaml`), `name: ${SPARE}\nclusters: {}\n`); symlinkSync(join(dirname(dir), `${SPARE}.yaml`), join(dir, `${SPARE}.yaml`)); } },
  'OKE takes IPv4 ranges': { rule: 'oke-ipv4', file: 'dev.yaml', edits: [[oke('network', 'serviceCidr'), 'fd00:1::/108']], path: 'clusters.oke-dev.network.serviceCidr', message: 'OKE takes IPv4 pod and service ranges only' },
  'OKE versions without suffixes': { rule: 'kubernetes-version-format', file: 'dev.yaml', edits: [[oke('kubernetesVersion'), `${newestOkeVersion()}+build.1`]], path: 'clusters.oke-dev.kubernetesVersion', message: 'no pre-release or build suffix' },
  'OCI home region from the catalogue': { rule: 'region-unknown', file: 'dev.yaml', edits: [[oke('oci', 'homeRegion'), 'eu-nowhere-1']], path: 'clusters.oke-dev.oci.homeRegion', message: 'eu-nowhere-1 is not an OCI region' },
  'environment files are regular files': { rule: 'environment-file', file: 'dev.yaml', edits: [], path: '', message: 'is not a regular file (a pipe', prepare: (dir) => execFileSync('mkfifo', [join(dir, `${SPARE}.yaml`)]) },
  'application hosts unique across clusters': { rule: 'host-unique', file: 'staging.yaml', edits: [[hcloud('dns', 'zone'), 'example.org'], [hcloud('dns', 'subdomain'), 'cloud']], path: 'clusters.hcloud-staging.dns.subdomain', message: 'cloud.example.org (the cluster domain) is already the application nextcloud of cluster do-prod' },
  // Two clusters at one domain: an application's own subdomain (applications.<name>.subdomain) takes another cluster's platform route.
  'application hosts at their own subdomain unique across clusters': { rule: 'host-unique', file: 'staging.yaml', edits: [[hcloud('dns', 'zone'), 'example.org'], [hcloud('dns', 'subdomain'), undefined], [hcloud('subdomains', 'vault'), 'secrets'], [hcloud('applications', 'homepage', 'subdomain'), 'vault']], path: 'clusters.hcloud-staging.applications.homepage.subdomain', message: 'vault.example.org (the application homepage) is already the vault route of cluster do-prod' },
  'free tier counts the applications\' volumes': { rule: 'free-tier-storage', file: 'dev.yaml', edits: [[oke('components', 'cloudnative-pg'), { enabled: true }], [oke('applications'), { forgejo: { enabled: true, storageGb: 5 } }]], path: 'clusters.oke-dev.nodePools', message: "application forgejo, application forgejo's database 1" },
  'environment name matches its file': { rule: 'environment-name', file: 'dev.yaml', edits: [[['name'], 'development']], path: 'name', message: 'must match the file name (dev)' },
  'empty files': { rule: 'file-empty', file: 'dev.yaml', edits: [], path: '', message: 'the file is empty', prepare: (dir) => writeFileSync(join(dir, 'dev.yaml'), '# nothing here\n') },
  'malformed YAML': { rule: 'yaml-syntax', file: 'dev.yaml', edits: [], path: '', message: 'invalid YAML', prepare: (dir) => writeFileSync(join(dir, 'dev.yaml'), 'name: dev\nclusters: [unclosed\n') },
};

describe('rules', () => {
  for (const [title, c] of Object.entries(cases)) {
    it(`${title} (${c.rule})`, () => {
      const found = problems(c.file, c.edits, c.prepare);
      const match = found.find((p) => p.rule === c.rule && p.path === c.path);
      expect(match, `problems were:\n${found.map((p) => `${p.rule} ${p.path}: ${p.message}`).join('\n')}`).toBeDefined();
      if (typeof c.message === 'string') expect(match!.message).toContain(c.message);
      else expect(match!.message).toMatch(c.message);
      expect(match!.file).toMatch(/^environments\//);
    });
  }

  it('stay quiet on the shipped environments', () => {
    expect(problems('dev.yaml', [])).toEqual([]);
  });

  it('count tenant volumes against the same limits as the Tenant quota', () => {
    for (const size of TENANT_SIZES) {
      expect(TENANT_VOLUME_LIMITS[size], size).toEqual({
        storageGb: Number(TENANT_QUOTAS[size].storage.replace(/Gi$/, '')),
        volumes: TENANT_QUOTAS[size].persistentVolumeClaims,
      });
    }
  });

  it('count the volumes the components claim as the constructs ship them (COMPONENT_VOLUMES)', () => {
    /** Every "<n>Gi" under a storage or size key of a component's values. */
    const claims = (values: unknown, found: number[] = [], key = ''): number[] => {
      if (typeof values === 'string' && /^(storage|size)$/.test(key) && /^\d+Gi$/.test(values)) found.push(Number(values.slice(0, -2)));
      else if (values && typeof values === 'object') for (const [k, v] of Object.entries(values)) claims(v, found, k);
      return found;
    };
    const gb = (name: keyof typeof COMPONENT_VOLUMES) => COMPONENT_VOLUMES[name]!.map((v) => v.gb).sort((a, b) => a - b);
    expect(claims(KubePrometheusStack.baseValues).sort((a, b) => a - b)).toEqual(gb('kube-prometheus-stack'));
    expect(claims(Loki.baseValues)).toEqual(gb('loki'));
    expect(claims(Tempo.baseValues)).toEqual(gb('tempo'));
    // Vault: data and audit volumes per raft peer, three peers (the construct's default).
    expect([...claims(Vault.baseValues(3)), ...claims(Vault.baseValues(3)), ...claims(Vault.baseValues(3))].sort((a, b) => a - b)).toEqual(gb('vault'));
  });

  it('compare no placeholder SSH key or tenancy across clusters (npm run deploy refuses them; new clusters share them)', () => {
    const second = { provider: 'hcloud-k3s', region: 'nbg1', size: 'small', dns: { provider: 'cloudflare', zone: 'example.com', subdomain: 'staging2', createZone: false, proxied: false } };
    expect(problems('staging.yaml', [[['clusters', 'hcloud-staging2'], second]]).map((p) => p.rule)).not.toContain('ssh-key-project');
    // Distinct projects may hold the same key.
    expect(problems('staging.yaml', [[['clusterDefaults', 'vps', 'sshKeys', 'admin'], REAL_LOOKING_KEY], [['clusters', 'hcloud-staging2'], { ...second, vps: { project: 'other' } }]])).toEqual([]);
  });

  it('accept Dex with a connector (shipped prod), or with only the password database', () => {
    expect(problems('prod.yaml', []).filter((p) => p.rule.startsWith('dex-'))).toEqual([]);
    expect(
      problems('prod.yaml', [
        [prod('identity', 'dexConnectors'), undefined],
        [prod('components', 'dex', 'values'), { config: { enablePasswordDB: true } }],
      ]),
    ).toEqual([]);
    // Connectors written raw in the values count too, and Dex switched off needs none.
    expect(
      problems('prod.yaml', [
        [prod('identity', 'dexConnectors'), undefined],
        [prod('components', 'dex', 'values'), { config: { connectors: [{ type: 'ldap', id: 'ldap', name: 'LDAP', config: {} }] } }],
      ]),
    ).toEqual([]);
    expect(
      problems('staging.yaml', [[hcloud('components', 'dex'), { enabled: true }]])
        .filter((p) => p.rule.startsWith('dex-'))
        .map((p) => `${p.rule} ${p.path}`),
    ).toEqual(['dex-no-connectors clusters.hcloud-staging.components.dex.enabled']);
  });

  it('accept ingress-nginx as the only ingress on k3s without MetalLB, and next to Envoy Gateway on OKE', () => {
    expect(
      problems('prod.yaml', [
        [prod('components', 'ingress-nginx'), { enabled: true }],
        [prod('components', 'envoy-gateway'), { enabled: false }],
        [prod('components', 'metallb'), { enabled: false }],
      ]),
    ).toEqual([]);
    expect(problems('dev.yaml', [[oke('components', 'ingress-nginx'), { enabled: true }], [oke('freeTier'), false]])).toEqual([]);
  });

  it('refuse a tenancy OCID as the compartment with file, line, path and value, and accept it with oci.allowTenancyCompartment', () => {
    const tenancy = 'ocid1.tenancy.oc1..aaaaaaaaexampletenancy';
    const found = problems('dev.yaml', [[oke('oci', 'compartmentOcid'), tenancy]]);
    expect(found).toEqual([expect.objectContaining({ rule: 'oci-compartment-tenancy', file: 'environments/dev.yaml', path: 'clusters.oke-dev.oci.compartmentOcid', value: tenancy })]);
    expect(found[0]!.line).toBe(11);
    expect(found[0]!.message).toContain('oci.allowTenancyCompartment: true');
    expect(problems('dev.yaml', [[oke('oci', 'compartmentOcid'), tenancy], [oke('oci', 'allowTenancyCompartment'), true]])).toEqual([]);
    // The switch alone changes nothing for a cluster in a compartment of its own.
    expect(problems('dev.yaml', [[oke('oci', 'allowTenancyCompartment'), true]])).toEqual([]);
  });

  it('refuse "*" as the email domain of production sign-in with file, line, path and value; accept it elsewhere, and a production cluster restricted by domain', () => {
    const found = problems('prod.yaml', [[prod('identity', 'allowedEmailDomains'), ['*']]]);
    expect(found).toEqual([expect.objectContaining({ rule: 'sso-open-to-anyone', file: 'environments/prod.yaml', path: 'clusters.do-prod.identity.allowedEmailDomains[0]', value: '*' })]);
    expect(found[0]!.line).toBeGreaterThan(1);
    // Outside production "*" (or nothing) is the default.
    expect(problems('staging.yaml', [[hcloud('identity'), { allowedEmailDomains: ['*'] }]])).toEqual([]);
    expect(problems('staging.yaml', [])).toEqual([]);
    // An email domain alone restricts production too; so does a cluster without sign-in.
    expect(problems('prod.yaml', [[prod('identity', 'allowedGroups'), undefined], [prod('identity', 'allowedEmailDomains'), ['example.org']]])).toEqual([]);
    expect(
      problems('prod.yaml', [
        [prod('identity', 'allowedGroups'), undefined],
        [prod('components', 'oauth2-proxy'), { enabled: false }],
        [prod('components', 'dex'), { enabled: false }],
        // (its company applications sign in through those two)
        [prod('applications'), undefined],
      ]),
    ).toEqual([]);
  });

  it('refuse group names that would break out of Grafana\'s role expression', () => {
    const found = problems('prod.yaml', [[prod('identity', 'adminGroups'), ["x') || true || ('"]]]);
    expect(found.map((p) => p.path)).toEqual(['clusters.do-prod.identity.adminGroups[0]']);
  });

  it('accept Cilium on a k3s cluster (the VPS stacks start k3s without flannel and install it)', () => {
    expect(problems('staging.yaml', [[hcloud('components', 'cilium'), { enabled: true }]])).toEqual([]);
  });
});

describe('rule kubernetes-end-of-life: versions against config/kubernetes-support.yaml, on an injected day', () => {
  /** The day `offset` days from `date` (YYYY-MM-DD), at noon UTC. */
  const day = (date: string, offset: number) => new Date(Date.parse(`${date}T12:00:00Z`) + offset * 86_400_000);
  /** Loads the shipped environments with `edits` on `day`: errors (ConfigError) and warnings. */
  function judge(file: string, edits: Edits, today: Date, kubernetesSupport?: KubernetesSupport) {
    const dir = copyEnvironments();
    if (edits.length > 0) edit(dir, file, edits);
    try {
      const platform = loadPlatform(dir, { relativeTo: dirname(dir), today, kubernetesSupport });
      return { errors: [] as Problem[], warnings: [...platform.warnings] };
    } catch (error) {
      // Only this rule's findings: a release the table names may have no install script recorded
      // (rule k3s-install-script, config/k3s-installers.yaml), which is not what is tested here.
      if (error instanceof ConfigError) return { errors: error.problems.filter((p) => p.rule.startsWith('kubernetes-')), warnings: [...error.warnings] };
      throw error;
    }
  }
  const rules = (found: readonly Problem[]) => found.map((p) => `${p.rule} ${p.path}`);
  // The upstream minor that ends first, its k3s release, and the newest one: read from the table, not named here.
  const [oldest] = [...KUBERNETES_SUPPORT.upstream].sort((a, b) => a.endOfLife.localeCompare(b.endOfLife));
  const newestMinor = [...KUBERNETES_SUPPORT.upstream].sort((a, b) => compareMinors(a.minor, b.minor)).at(-1)!.minor;
  const k3sPin = (version: string): Edits => [[['clusterDefaults', 'vps', 'k3sVersion'], version]];
  const STAGING_K3S = 'clusters.hcloud-staging.vps.k3sVersion';
  const pinLine = readFileSync(join(ROOT, 'environments', 'staging.yaml'), 'utf8').split('\n').findIndex((l) => /^\s+k3sVersion:/.test(l)) + 1;
  const onOke = (found: readonly Problem[]) => rules(found).filter((r) => r.startsWith('kubernetes-') && r.includes('.oke-dev.'));

  it('refuses a k3s release from its minor\'s upstream end of life on, naming file, line, table and newer releases', () => {
    for (const offset of [0, 1, 30]) {
      const { errors } = judge('staging.yaml', k3sPin(oldest!.k3s), day(oldest!.endOfLife, offset));
      expect(rules(errors), `${offset} days after`).toEqual([`kubernetes-end-of-life ${STAGING_K3S}`]);
      expect(errors[0]).toMatchObject({ file: 'environments/staging.yaml', line: pinLine, value: oldest!.k3s });
      expect(errors[0]!.message).toContain(`Kubernetes ${oldest!.minor} is past upstream end of life since ${oldest!.endOfLife}`);
      expect(errors[0]!.message).toContain('config/kubernetes-support.yaml');
      expect(errors[0]!.message).toContain(defaultK3sRelease());
    }
  });

  it('warns from 60 days before the end of life, counting the days, and still loads the cluster', () => {
    for (const [offset, left] of [[-1, '1 day'], [-30, '30 days'], [-60, '60 days']] as const) {
      const { errors, warnings } = judge('staging.yaml', k3sPin(oldest!.k3s), day(oldest!.endOfLife, offset));
      expect(errors).toEqual([]);
      expect(rules(warnings), `${offset}`).toEqual([`kubernetes-end-of-life-soon ${STAGING_K3S}`]);
      expect(warnings[0]!.message).toContain(`reaches upstream end of life on ${oldest!.endOfLife}, in ${left}`);
    }
    expect(judge('staging.yaml', k3sPin(oldest!.k3s), day(oldest!.endOfLife, -61))).toEqual({ errors: [], warnings: [] });
  });

  it('judges a day by its UTC date, whatever the hour', () => {
    const lastMinute = new Date(Date.parse(`${oldest!.endOfLife}T00:00:00Z`) - 60_000);
    expect(rules(judge('staging.yaml', k3sPin(oldest!.k3s), lastMinute).warnings)).toEqual([`kubernetes-end-of-life-soon ${STAGING_K3S}`]);
    const firstMinute = new Date(Date.parse(`${oldest!.endOfLife}T00:00:00Z`));
    expect(rules(judge('staging.yaml', k3sPin(oldest!.k3s), firstMinute).errors)).toEqual([`kubernetes-end-of-life ${STAGING_K3S}`]);
  });

  it('refuses a minor older than the table and warns on one newer than it', () => {
    const [major, minor] = newestMinor.split('.').map(Number) as [number, number];
    const today = day(oldest!.released, 0);
    expect(rules(judge('staging.yaml', k3sPin(`v${major}.${minor - 10}.1+k3s1`), today).errors)).toEqual([`kubernetes-end-of-life ${STAGING_K3S}`]);
    const newer = judge('staging.yaml', k3sPin(`v${major}.${minor + 1}.0+k3s1`), today);
    expect(newer.errors).toEqual([]);
    expect(rules(newer.warnings)).toEqual([`kubernetes-support-unknown ${STAGING_K3S}`]);
  });

  it('judges OKE by the versions OKE offers, not by upstream: an offered minor past upstream end of life passes, an upstream-current one OKE lacks fails', () => {
    const offered = KUBERNETES_SUPPORT.oke[0]!;
    const afterEveryUpstreamEnd = day([...KUBERNETES_SUPPORT.upstream].map((r) => r.endOfLife).sort().at(-1)!, 1);
    if (offered.endOfSupport === null) {
      // (The k3s clusters are long out of support by then; only oke-dev is looked at.)
      const { errors, warnings } = judge('defaults.yaml', [[['cluster', 'kubernetesVersion'], offered.newest]], afterEveryUpstreamEnd);
      expect(onOke([...errors, ...warnings])).toEqual([]);
    }
    const lacking = KUBERNETES_SUPPORT.upstream.find((r) => !KUBERNETES_SUPPORT.oke.some((o) => o.minor === r.minor));
    if (lacking) {
      const { errors } = judge('defaults.yaml', [[['cluster', 'kubernetesVersion'], `${lacking.minor}.1`]], day(lacking.released, 1));
      expect(onOke(errors)).toEqual(['kubernetes-not-offered clusters.oke-dev.kubernetesVersion']);
      expect(errors[0]).toMatchObject({ file: 'environments/defaults.yaml' });
      expect(errors[0]!.message).toContain(`move to ${newestOkeVersion()}, the newest version OKE offers`);
    }
    // The k3s clusters' kubernetesVersion (inherited from defaults.yaml) is not theirs: nothing else fired.
  });

  it('applies OKE\'s own end of support once the table has one', () => {
    const support: KubernetesSupport = {
      ...KUBERNETES_SUPPORT,
      // The k3s clusters stay supported meanwhile, so their errors do not hide oke-dev's warning.
      upstream: KUBERNETES_SUPPORT.upstream.map((row) => ({ ...row, endOfLife: '2099-01-01' })),
      oke: [
        { minor: '1.40', newest: '1.40.3', released: null, endOfSupport: '2030-03-01', source: 'test' },
        { minor: '1.41', newest: '1.41.0', released: null, endOfSupport: null, source: 'test' },
      ],
    };
    const pin: Edits = [[['cluster', 'kubernetesVersion'], '1.40.1']];
    expect(onOke(judge('defaults.yaml', pin, day('2030-03-01', 0), support).errors)).toEqual(['kubernetes-end-of-life clusters.oke-dev.kubernetesVersion']);
    const soon = judge('defaults.yaml', pin, day('2030-03-01', -10), support);
    expect(soon.errors).toEqual([]);
    expect(onOke(soon.warnings)).toEqual(['kubernetes-end-of-life-soon clusters.oke-dev.kubernetesVersion']);
    expect(soon.warnings.find((w) => w.path.includes('oke-dev'))!.message).toContain('reaches OKE end of support on 2030-03-01, in 10 days');
    expect(soon.warnings.find((w) => w.path.includes('oke-dev'))!.message).toContain('move to 1.41.0, the newest version OKE offers');
  });

  it('stays quiet on the shipped environments today', () => {
    expect(judge('dev.yaml', [], new Date())).toEqual({ errors: [], warnings: [] });
  });
});

describe('provider catalogues (config/catalogues/*.yaml)', () => {
  function load(file: string, edits: Edits, options: Omit<LoadOptions, 'relativeTo'> = {}) {
    const dir = copyEnvironments();
    if (edits.length > 0) edit(dir, file, edits);
    try {
      const platform = loadPlatform(dir, { relativeTo: dirname(dir), ...options });
      return { errors: [] as Problem[], warnings: [...platform.warnings] };
    } catch (error) {
      if (error instanceof ConfigError) return { errors: [...error.problems], warnings: [...error.warnings] };
      throw error;
    }
  }

  it('accept a region or machine type the catalogue lacks when catalogue.allowUnlisted names it, with a warning naming the catalogue', () => {
    const { errors, warnings } = load('prod.yaml', [
      [prod('region'), 'mad1'],
      [prod('nodePools'), { workers: { machineType: 's-3vcpu-5gb' } }],
      [prod('catalogue'), { allowUnlisted: ['mad1', 's-3vcpu-5gb'] }],
    ]);
    expect(errors).toEqual([]);
    const unlisted = warnings.filter((w) => w.rule === 'catalogue-unlisted');
    expect(unlisted.map((w) => `${w.path} ${String(w.value)}`)).toEqual(['clusters.do-prod.region mad1', 'clusters.do-prod.nodePools.workers.machineType s-3vcpu-5gb']);
    expect(unlisted[0]).toMatchObject({ file: 'environments/prod.yaml' });
    expect(unlisted[0]!.message).toContain('config/catalogues/digitalocean.yaml');
    // A Hetzner location stays refused: its network zone comes from the catalogue.
    expect(load('staging.yaml', [[hcloud('region'), 'fsn9'], [hcloud('catalogue'), { allowUnlisted: ['fsn9'] }]]).errors.map((p) => p.rule)).toContain('region-unknown');
  });

  it('warn once per source when a source the cluster uses is older than staleAfterDays, and never on a fresh one', () => {
    const stale: Catalogues = { ...CATALOGUES, 'do-k3s': parseCatalogue(readFileSync(join(ROOT, 'config', 'catalogues', 'digitalocean.yaml'), 'utf8').replace(/^staleAfterDays: \d+/m, 'staleAfterDays: 1'), 'config/catalogues/digitalocean.yaml') };
    const today = new Date(Date.parse('2026-12-07T12:00:00Z') + 30 * 86_400_000);
    const { warnings } = load('prod.yaml', [], { catalogues: stale, today });
    const found = warnings.filter((w) => w.rule === 'catalogue-stale');
    expect(found.map((w) => w.path).sort()).toEqual(['clusters.do-prod.nodePools.control-plane.machineType', 'clusters.do-prod.region']);
    expect(found[0]!.message).toMatch(/more than 1 days ago/);
    expect(load('prod.yaml', [], { today: new Date('2026-12-08T00:00:00Z') }).warnings.filter((w) => w.rule === 'catalogue-stale')).toEqual([]);
  });

  it('refuse a catalogue entry without a known source, and a machine type sold in a location the file does not list', () => {
    const base = readFileSync(join(ROOT, 'config', 'catalogues', 'hetzner.yaml'), 'utf8');
    expect(() => parseCatalogue(base.replace('cax11: { arch: arm64, locations: [fsn1, nbg1, hel1], source: hcloud-notes }', 'cax11: { arch: arm64, locations: [fsn1], source: nowhere }'), 'x.yaml')).toThrow('machineTypes.cax11: source nowhere is not under sources');
    expect(() => parseCatalogue(base.replace('cax11: { arch: arm64, locations: [fsn1, nbg1, hel1]', 'cax11: { arch: arm64, locations: [fsn1, zzz1]'), 'x.yaml')).toThrow('location zzz1 is not listed');
  });

  it('list every region, location and machine type the shipped environments use, each with a dated source', () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const entry of [...catalogue.regions.values(), ...catalogue.machineTypes.values()]) {
        expect(entry.source.what.length).toBeGreaterThan(10);
        expect(entry.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    const platform = loadPlatform(copyEnvironments());
    for (const cluster of platform.clusters) {
      expect(CATALOGUES[cluster.provider].regions.has(cluster.region), cluster.name).toBe(true);
      for (const pool of Object.values(cluster.nodePools)) expect(CATALOGUES[cluster.provider].machineTypes.has(pool.machineType), pool.machineType).toBe(true);
    }
  });

  it('agree with the Hetzner adapter on every location\'s network zone', () => {
    for (const [location, entry] of CATALOGUES['hcloud-k3s'].regions) expect(HCLOUD_NETWORK_ZONES[location], location).toBe(entry.networkZone);
  });
});

describe('config/kubernetes-support.yaml', () => {
  it('holds a default k3s release of a supported minor and the newest OKE version as defaults.yaml\'s', () => {
    expect(minorOf(defaultK3sRelease())).toBe(KUBERNETES_SUPPORT.k3sDefault.minor);
    // New k3s clusters get the default release, so its install script must be recorded.
    expect(k3sInstaller(defaultK3sRelease())).toBeDefined();
    expect(KUBERNETES_SUPPORT.upstream.map((r) => r.minor)).toContain(KUBERNETES_SUPPORT.k3sDefault.minor);
    const defaults = loadPlatform(copyEnvironments()).clusters.find((c) => c.provider === 'oci-oke')!;
    expect(defaults.kubernetesVersion).toBe(newestOkeVersion());
  });

  it('names a source for every row', () => {
    for (const row of [...KUBERNETES_SUPPORT.upstream, ...KUBERNETES_SUPPORT.oke]) expect(row.source, row.minor).toMatch(/\S/);
    for (const row of KUBERNETES_SUPPORT.upstream) expect(row.k3sSource, row.minor).toMatch(/\S/);
  });

  it('refuses a table that contradicts itself', () => {
    const text = readFileSync(join(ROOT, 'config', 'kubernetes-support.yaml'), 'utf8');
    expect(() => parseKubernetesSupport(text)).not.toThrow();
    const broken = (change: (doc: Record<string, any>) => void) => {
      const doc = parse(text) as Record<string, any>;
      change(doc);
      return () => parseKubernetesSupport(stringify(doc));
    };
    expect(broken((d) => (d.upstream[0].k3s = 'v1.20.1+k3s1'))).toThrow(/is not a .* release/);
    expect(broken((d) => d.upstream.push(d.upstream[0]))).toThrow(/listed twice/);
    expect(broken((d) => (d.k3sDefault.minor = '1.99'))).toThrow(/k3sDefault: minor 1.99 is not under upstream/);
    expect(broken((d) => (d.upstream[0].endOfLife = '28.06.2027'))).toThrow(/must be a date/);
    expect(broken((d) => (d.oke[0].newest = '1.20.1'))).toThrow(/is not a .* version/);
  });

  it('reads minors from k3s releases and OKE versions', () => {
    expect(minorOf('v1.36.4+k3s1')).toBe('1.36');
    expect(minorOf('1.34.2')).toBe('1.34');
    expect(minorOf('v1.34.2')).toBe('1.34');
    expect(minorOf('stable')).toBeUndefined();
    expect(['1.10', '1.9', '1.36'].sort(compareMinors)).toEqual(['1.9', '1.10', '1.36']);
  });
});
