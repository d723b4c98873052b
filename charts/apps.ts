import { App, Chart } from 'cdk8s';
import { clusterMailNodePorts } from '../config/cluster-settings';
import type { Cluster } from '../config/load';
import { HelmApp, KustomizeApp, StatefulApp } from '../constructs/apps';
import { mailLoadBalancerAnnotations, primaryIngress } from '../constructs/components/context';
import { EnvoyGateway } from '../constructs/components/envoy-gateway';
import { IngressNginx } from '../constructs/components/ingress-nginx';
import { PlatformRoute } from '../constructs/components/platform-route';
import { Tenant, TenantAdminRole, TenantAppsRepository, TenantIdentity, TenantDnsNames, TenantMail, TenantMetadataEgress, TenantRouteAccess } from '../constructs/tenancy';
import { FLUX_DEFAULTS, type FluxDefaults } from '../constructs/flux/defaults';
import { addApplications } from './applications';
import { publicIssuer, routeEntry } from './components';
import { LAYOUT, clusterContext } from './layout';
import { addFile, chartManifests, kustomizationFile, manifestsFile, type GitopsFiles } from './render';
import { encryptedFilesIn } from './secrets';

function newChart(app: App, id: string): Chart {
  return new Chart(app, id, { disableResourceNameHashes: true });
}

/**
 * The apps layer of one cluster: one file per tenant (namespace, quota, RBAC, policies) and one
 * per app, built with the tenancy and app-template constructs.
 */
export function addApps(files: GitopsFiles, app: App, cluster: Cluster, encrypted: readonly string[] = [], defaults: FluxDefaults = FLUX_DEFAULTS): void {
  const dir = LAYOUT.apps(cluster.name);
  const ctx = clusterContext(cluster);
  const ingress = primaryIngress(ctx);
  const ingressNamespace = ingress === 'ingress-nginx' ? IngressNginx.namespace : EnvoyGateway.namespace;
  const resources: string[] = [];
  const publicMail = clusterMailNodePorts(cluster);
  const mailLoadBalancer = mailLoadBalancerAnnotations(ctx);

  for (const [name, tenant] of Object.entries(cluster.tenants).sort(([a], [b]) => a.localeCompare(b))) {
    const chart = newChart(app, `${cluster.name}-tenant-${name}`);
    const mailNodePorts = publicMail.get(name);
    new Tenant(chart, name, {
      name,
      size: tenant.size,
      group: tenant.group,
      ingressNamespace,
      monitoringNamespace: 'monitoring',
      nodePorts: mailNodePorts ? Object.keys(mailNodePorts).length : 0,
      loadBalancers: mailNodePorts && mailLoadBalancer ? 1 : 0,
    });
    if (tenant.appsRepository) {
      // Handoff: the tenant's own repository, applied as the tenant's reconciler into its namespace only.
      new TenantAppsRepository(chart, `${name}-apps`, { tenant: name, ...tenant.appsRepository });
    }
    // The tenant's own identity provider and mail server (config rules guarantee cert-manager and an ingress).
    const route = routeEntry(ctx, name);
    if (tenant.identity) {
      new TenantIdentity(chart, `${name}-identity`, {
        tenant: name,
        domain: cluster.domain,
        image: tenant.identity.image ?? cluster.tenantServices.kanidm.image,
        storageGb: tenant.identity.storageGb,
        route,
        ingressNamespace,
        trustedProxyCidrs: [cluster.network.podCidr],
      });
    }
    if (tenant.mail) {
      new TenantMail(chart, `${name}-mail`, {
        tenant: name,
        domain: cluster.domain,
        image: tenant.mail.image ?? cluster.tenantServices.stalwart.image,
        storageGb: tenant.mail.storageGb,
        route,
        ingressNamespace,
        adminSecretName: tenant.mail.adminSecretName,
        clusterIssuer: publicIssuer(ctx),
        // The tenant's mail load balancer connects from its private address: in the public (load
        // balancer) subnet on Hetzner and OCI, somewhere in the VPC on DigitalOcean (no subnets
        // there). Never a range pods live in (OKE's VCN-native pods use the node subnet).
        publicService: mailNodePorts && {
          nodePorts: mailNodePorts,
          proxyTrustedNetworks: [cluster.provider === 'do-k3s' ? cluster.network.nodeCidr : cluster.network.subnets.public],
          loadBalancerAnnotations: mailLoadBalancer,
          workerNodesOnly: cluster.provider !== 'oci-oke' && Object.values(cluster.nodePools).some((pool) => pool.role === 'worker'),
        },
      });
    }
    addFile(files, `${dir}/tenants/${name}.yaml`, manifestsFile(chartManifests(chart), `Tenant ${name} (size ${tenant.size}).`));
    resources.push(`tenants/${name}.yaml`);
  }

  // Cluster-wide pieces of tenancy, in files of their own next to the tenants.
  const tenancyFile = (file: string, header: string, build: (chart: Chart) => void) => {
    const chart = newChart(app, `${cluster.name}-tenant-${file}`);
    build(chart);
    addFile(files, `${dir}/tenants/_${file}.yaml`, manifestsFile(chartManifests(chart), header));
    resources.push(`tenants/_${file}.yaml`);
  };
  if (Object.keys(cluster.tenants).length > 0) {
    // The role tenants hold in their namespace: admin without NetworkPolicy writes (their fences), plus Flux objects.
    tenancyFile('tenant-admin', 'The role every tenant holds in its namespace: Kubernetes admin without NetworkPolicy writes, plus Flux objects and HTTPRoutes.', (chart) => new TenantAdminRole(chart, 'tenant-admin'));
    // Tenants publish DNS names under their own domain only (external-dns reads their Services and Ingresses).
    tenancyFile('dns-names', 'What tenants may publish in DNS: names under <tenant>.<domain> only.', (chart) => new TenantDnsNames(chart, 'dns-names', { domain: cluster.domain, ingressNginx: ctx.enabled.has('ingress-nginx') }));
    // Tenants may not open the cloud metadata service in a NetworkPolicy (a second fence: their role cannot write NetworkPolicies at all).
    tenancyFile('metadata-egress', 'What tenant NetworkPolicies may not allow: egress to link-local 169.254.0.0/16 (the cloud metadata service).', (chart) => new TenantMetadataEgress(chart, 'metadata-egress'));
    // Tenants may write HTTPRoutes (on their own Gateway listener) as well as Ingresses.
    if (ctx.enabled.has('envoy-gateway')) {
      tenancyFile('route-access', 'HTTPRoutes for every tenant namespace admin (aggregated into the tenant-admin ClusterRole).', (chart) => new TenantRouteAccess(chart, 'route-access'));
    }
  }

  // The apps' SOPS-encrypted Secrets (SECRETS.md), applied with the apps once the tenant namespaces exist.
  resources.push(...encryptedFilesIn(LAYOUT.appSecrets(cluster.name), encrypted).map((file) => `secrets/${file}`));

  // What kustomize-app and stateful-app take alike (config rule app-field-not-taken refuses the rest).
  const workload = (name: string, spec: Cluster['apps'][string]) => ({
    tenant: spec.tenant,
    name,
    image: spec.image!,
    replicas: spec.replicas,
    env: spec.env,
    envFrom: spec.envFrom,
    writablePaths: spec.writablePaths,
    runAsUser: spec.runAsUser,
    runAsGroup: spec.runAsGroup,
    fsGroup: spec.fsGroup,
    healthCheckPath: spec.healthCheckPath,
  });
  for (const [name, spec] of Object.entries(cluster.apps).sort(([a], [b]) => a.localeCompare(b))) {
    const chart = newChart(app, `${cluster.name}-app-${name}`);
    switch (spec.template) {
      case 'helm-app':
        new HelmApp(chart, name, { tenant: spec.tenant, name, chart: spec.chart!, values: spec.values });
        break;
      case 'kustomize-app': {
        const web = new KustomizeApp(chart, name, {
          ...workload(name, spec),
          port: spec.port,
          host: spec.host,
          // Tenant apps answer under their tenant's domain, the only names its listener accepts.
          domain: `${spec.tenant}.${cluster.domain}`,
          // An Ingress only where ingress-nginx (retired, opt-in) serves it; otherwise nothing names it.
          ingressClassName: ctx.enabled.has('ingress-nginx') ? IngressNginx.className : undefined,
          clusterIssuer: publicIssuer(ctx),
        });
        // Envoy Gateway does not serve Ingress objects: attach the app to the platform Gateway too.
        const entry = routeEntry(ctx, spec.tenant);
        if (entry?.kind === 'gateway') {
          new PlatformRoute(chart, `${name}-route`, { name, namespace: spec.tenant, hostname: web.hostname, service: web.name, port: 80, entry });
        }
        break;
      }
      case 'stateful-app':
        new StatefulApp(chart, name, {
          ...workload(name, spec),
          port: spec.port!,
          storageGb: spec.storageGb,
          dataMountPath: spec.dataMountPath,
        });
        break;
      default:
        throw new Error(`app ${name}: unknown template ${spec.template}`);
    }
    addFile(files, `${dir}/${name}.yaml`, manifestsFile(chartManifests(chart), `App ${name} (${spec.template}) of tenant ${spec.tenant}.`));
    resources.push(`${name}.yaml`);
  }

  // The company applications: namespace, data, application and route each (their Secrets are in secrets/ below).
  resources.push(...addApplications(files, app, cluster, defaults));

  addFile(
    files,
    `${dir}/kustomization.yaml`,
    kustomizationFile({ resources, header: [`Tenants, apps and company applications of cluster ${cluster.name}, applied after the infrastructure.`] }),
  );
}
