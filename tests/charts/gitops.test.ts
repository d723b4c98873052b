import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops, type GitopsFiles } from '../../charts/index';
import { CLUSTER_SETTINGS_KEYS } from '../../config/cluster-settings';
import { loadPlatform, type Platform } from '../../config/load';
import { ENVIRONMENTS } from '../support/environments';
import { key, kustomize, objectsIn, parseDocs, treePath, writeTree, type Obj } from './helpers';

const EXACT = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe('buildGitops on the shipped environments', () => {
  let platform: Platform;
  let files: GitopsFiles;
  let root: string;
  /** `kubectl kustomize` output of every folder a Flux Kustomization points at, by tree path. */
  const built = new Map<string, Obj[]>();
  /** Flux Kustomizations that apply this tree (a tenant's apps repository is another source). */
  const fluxKustomizations = () =>
    objectsIn(files).filter(
      ({ obj }) => obj.apiVersion === 'kustomize.toolkit.fluxcd.io/v1' && obj.kind === 'Kustomization' && obj.spec.sourceRef.name === 'flux-system',
    );
  const controllers = (cluster: string) => built.get(`clusters/${cluster}/infrastructure/controllers`)!;
  /** The platform's HelmReleases and sources: the controllers and the services layers. */
  const infrastructure = (cluster: string) => [...controllers(cluster), ...built.get(`clusters/${cluster}/infrastructure/services`)!];
  const release = (cluster: string, name: string) =>
    infrastructure(cluster).find((o) => o.kind === 'HelmRelease' && o.metadata.name === name);

  beforeAll(async () => {
    platform = loadPlatform(ENVIRONMENTS);
    files = await buildGitops(platform);
    root = writeTree(files);
    for (const { obj } of fluxKustomizations()) {
      const dir = treePath(obj.spec.path);
      if (!built.has(dir)) built.set(dir, kustomize(root, dir));
    }
  });

  it('writes flux-system, infrastructure.yaml, apps.yaml and a kustomization.yaml for every cluster', () => {
    expect(platform.clusters.length).toBeGreaterThan(0);
    expect([...new Set([...files.keys()].filter((f) => f.startsWith('clusters/')).map((f) => f.split('/')[1]))].sort()).toEqual(platform.clusters.map((c) => c.name).sort());
    for (const cluster of platform.clusters) {
      const dir = `clusters/${cluster.name}`;
      for (const file of ['flux-system/gotk-sync.yaml', 'flux-system/kustomization.yaml', 'infrastructure.yaml', 'apps.yaml', 'kustomization.yaml']) {
        expect(files.has(`${dir}/${file}`), `${dir}/${file}`).toBe(true);
      }
      expect(parse(files.get(`${dir}/kustomization.yaml`)!).resources).toEqual(['flux-system', 'infrastructure.yaml', 'apps.yaml']);
      expect(parse(files.get(`${dir}/flux-system/kustomization.yaml`)!).resources).toEqual(['gotk-components.yaml', 'gotk-sync.yaml']);
    }
  });

  it('syncs each cluster folder from its repository and branch, and keeps the locked-down controller Deployments', () => {
    for (const cluster of platform.clusters) {
      const [source, sync] = parseDocs(files.get(`clusters/${cluster.name}/flux-system/gotk-sync.yaml`)!);
      expect(source).toMatchObject({ kind: 'GitRepository', metadata: { name: 'flux-system', namespace: 'flux-system' } });
      expect(source!.spec).toMatchObject({ url: cluster.gitops.url, ref: { branch: cluster.gitops.branch }, interval: cluster.gitops.interval });
      expect(sync).toMatchObject({ kind: 'Kustomization', spec: { path: cluster.gitopsPath, prune: true, serviceAccountName: 'kustomize-controller' } });
      // gotk-components.yaml holds only the Deployments the lockdown patches (no CRDs: those come from flux install).
      const components = parseDocs(files.get(`clusters/${cluster.name}/flux-system/gotk-components.yaml`)!);
      expect(components.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/helm-controller', 'Deployment/kustomize-controller', 'Deployment/notification-controller']);
      expect(parse(files.get(`clusters/${cluster.name}/flux-system/kustomization.yaml`)!).patches).toHaveLength(3);
    }
  });

  it('chains infra-controllers -> infra-configs -> infra-services -> apps with prune, wait, timeout, retry, SOPS and cluster-settings', () => {
    for (const cluster of platform.clusters) {
      const layers = new Map(
        [...parseDocs(files.get(`clusters/${cluster.name}/infrastructure.yaml`)!), ...parseDocs(files.get(`clusters/${cluster.name}/apps.yaml`)!)].map((o) => [
          o.metadata.name,
          o,
        ]),
      );
      expect([...layers.keys()]).toEqual(['infra-controllers', 'infra-configs', 'infra-services', 'apps']);
      expect(layers.get('infra-controllers')!.spec.dependsOn).toBeUndefined();
      expect(layers.get('infra-configs')!.spec.dependsOn).toEqual([{ name: 'infra-controllers' }]);
      expect(layers.get('infra-services')!.spec.dependsOn).toEqual([{ name: 'infra-configs' }]);
      expect(layers.get('apps')!.spec.dependsOn).toEqual([{ name: 'infra-services' }]);
      // Both Helm layers get the longer timeout of Helm installs.
      expect(layers.get('infra-services')!.spec.timeout).toBe(layers.get('infra-controllers')!.spec.timeout);
      for (const layer of layers.values()) {
        expect(layer.metadata.namespace).toBe('flux-system');
        expect(layer.spec).toMatchObject({
          prune: true,
          wait: true,
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
          postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-settings', optional: false }] },
        });
        expect(layer.spec.timeout).toMatch(/^\d+m$/);
        expect(layer.spec.retryInterval).toMatch(/^\d+m$/);
        expect(layer.spec.path.startsWith(`${cluster.gitopsPath}/`)).toBe(true);
      }
    }
  });

  it('builds every folder a Flux Kustomization points at with kubectl kustomize', () => {
    const paths = fluxKustomizations().map(({ obj }) => treePath(obj.spec.path));
    expect(paths.length).toBe(platform.clusters.length * 5);
    for (const path of paths) {
      expect(files.has(`${path}/kustomization.yaml`), path).toBe(true);
      expect(built.get(path), path).toBeDefined();
    }
    // The root build holds exactly the entry objects (and the locked-down Flux controllers), not the overlays below it.
    const rootBuild = built.get('clusters/oke-dev')!;
    expect(rootBuild.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/helm-controller',
      'Deployment/kustomize-controller',
      'Deployment/notification-controller',
      'GitRepository/flux-system',
      'Kustomization/apps',
      'Kustomization/flux-system',
      'Kustomization/infra-configs',
      'Kustomization/infra-controllers',
      'Kustomization/infra-services',
    ]);
  });

  it('reproduces the install order in HelmRelease dependsOn', () => {
    for (const cluster of platform.clusters) {
      const releases = infrastructure(cluster.name).filter((o) => o.kind === 'HelmRelease');
      const byName = new Map(releases.map((r) => [r.metadata.name, r]));
      const deps = (name: string) => (byName.get(name)?.spec.dependsOn ?? []).map((d: { name: string }) => d.name).sort();
      expect(deps('cert-manager')).toEqual([]);
      for (const name of ['envoy-gateway', 'ingress-nginx', 'vault', 'istio-base']) {
        if (byName.has(name)) expect(deps(name), `${cluster.name} ${name}`).toContain('cert-manager');
      }
      if (byName.has('istiod')) expect(deps('istiod')).toEqual(['istio-base']);
      if (byName.has('istio-gateway')) expect(deps('istio-gateway')).toEqual(['istiod']);
      expect(deps('external-dns')).toContain('envoy-gateway');
      if (byName.has('alloy')) {
        expect(deps('alloy')).toContain('loki');
        if (byName.has('tempo')) expect(deps('alloy')).toContain('tempo');
      }
      for (const name of ['loki', 'tempo']) if (byName.has(name)) expect(deps(name)).toContain('kube-prometheus-stack');
      if (byName.has('opentelemetry-collector')) expect(deps('opentelemetry-collector')).toContain('cert-manager');

      // Every target exists in the cluster, in the namespace given, and the graph has no cycle.
      const keys = new Set(releases.map((r) => key(r.metadata)));
      for (const r of releases) for (const d of r.spec.dependsOn ?? []) expect(keys.has(key(d)), `${r.metadata.name} -> ${key(d)}`).toBe(true);
      const visiting = new Set<string>();
      const done = new Set<string>();
      const visit = (name: string) => {
        expect(visiting.has(name), `cycle through ${name}`).toBe(false);
        if (done.has(name)) return;
        visiting.add(name);
        for (const d of byName.get(name)!.spec.dependsOn ?? []) visit(d.name);
        visiting.delete(name);
        done.add(name);
      };
      for (const name of byName.keys()) visit(name);
    }
  });

  it('pins an exact chart version on every HelmRelease (directly or through its OCIRepository tag)', () => {
    for (const cluster of platform.clusters) {
      const objects = [...infrastructure(cluster.name), ...built.get(`clusters/${cluster.name}/apps`)!];
      const releases = objects.filter((o) => o.kind === 'HelmRelease');
      expect(releases.length).toBeGreaterThan(0);
      for (const r of releases) {
        if (r.spec.chartRef) {
          const source = objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === r.spec.chartRef.name);
          expect(source, `${r.metadata.name} source`).toBeDefined();
          expect(source!.spec.ref.tag, r.metadata.name).toMatch(EXACT);
        } else {
          expect(r.spec.chart.spec.version, r.metadata.name).toMatch(EXACT);
        }
      }
      // The pinned versions are the configured ones.
      const certManager = objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'cert-manager')!;
      expect(certManager.spec.ref.tag).toBe(cluster.components['cert-manager']!.version);
    }
  });

  it('gives every platform HelmRelease remediation, drift detection and the fleet interval', () => {
    for (const cluster of platform.clusters) {
      for (const r of infrastructure(cluster.name).filter((o) => o.kind === 'HelmRelease')) {
        expect(r.spec.install.remediation.retries, r.metadata.name).toBeGreaterThan(0);
        expect(r.spec.upgrade.remediation).toMatchObject({ strategy: 'rollback', remediateLastFailure: true });
        expect(r.spec.driftDetection.mode).toBe('enabled');
        expect(r.spec.install.crds).toBe('CreateReplace');
      }
    }
  });

  it('layers values base -> environment -> cluster where Flux applies them', () => {
    const values = (cluster: string) => release(cluster, 'kube-prometheus-stack')!.spec.values;
    // dev: cluster tier; prod: environment tier plus a cluster-tier grafana override; staging: base default.
    expect(values('oke-dev').prometheus.prometheusSpec.retention).toBe('3d');
    expect(values('do-prod').prometheus.prometheusSpec.retention).toBe('15d');
    expect(values('do-prod').grafana.replicas).toBe(2);
    expect(values('hcloud-staging').prometheus.prometheusSpec.retention).toBe('7d');
    expect(values('hcloud-staging').grafana.replicas).toBeUndefined();
    // Base values survive the patches; the platform tier adds cluster facts.
    expect(values('do-prod').grafana.admin.existingSecret).toBe('grafana-admin');
    expect(values('do-prod').prometheus.prometheusSpec.externalLabels).toEqual({ cluster: 'do-prod', environment: 'prod' });
    // Each tier is its own patch file, so reviewers see where a value comes from.
    expect(files.has('clusters/do-prod/infrastructure/controllers/kube-prometheus-stack/values-environment.yaml')).toBe(true);
    expect(files.has('clusters/do-prod/infrastructure/controllers/kube-prometheus-stack/values-cluster.yaml')).toBe(true);
    expect(files.has('clusters/oke-dev/infrastructure/controllers/kube-prometheus-stack/values-environment.yaml')).toBe(false);
    expect(files.get('infrastructure/controllers/kube-prometheus-stack/helm-release.yaml')).not.toContain('15d');
  });

  it('wires Grafana to Loki and Tempo where they run', () => {
    const sources = (cluster: string) => (release(cluster, 'kube-prometheus-stack')!.spec.values.grafana.additionalDataSources ?? []).map((d: { uid: string }) => d.uid);
    expect(sources('hcloud-staging')).toEqual(['loki', 'tempo']);
    expect(sources('do-prod')).toEqual(['loki']);
    expect(sources('oke-dev')).toEqual([]);
  });

  it('claims the Terraform-created ingress address per provider', () => {
    const proxy = (cluster: string) =>
      built.get(`clusters/${cluster}/infrastructure/configs`)!.find((o) => o.kind === 'EnvoyProxy')!.spec.provider.kubernetes.envoyService;
    expect(proxy('oke-dev')).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerIP: '${ingress_ip}',
      annotations: {
        'service.beta.kubernetes.io/oci-load-balancer-shape': 'flexible',
        'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min': '10',
        'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '10',
        'service.beta.kubernetes.io/oci-load-balancer-subnet1': '${lb_subnet_id}',
      },
    });
    for (const cluster of ['hcloud-staging', 'do-prod']) {
      // Terraform's cloud load balancer owns the address and forwards to fixed node ports;
      // MetalLB only allocates the address to the Service (no L2 announcement, no speakers).
      expect(proxy(cluster)).toMatchObject({ type: 'LoadBalancer', annotations: { 'metallb.io/loadBalancerIPs': '${ingress_ip}' } });
      expect(proxy(cluster).patch.value.spec.ports.map((p: { nodePort: number }) => p.nodePort)).toEqual([30080, 30443]);
      const configs = built.get(`clusters/${cluster}/infrastructure/configs`)!;
      expect(configs.find((o) => o.kind === 'IPAddressPool')!.spec).toEqual({ addresses: ['${ingress_ip}/32'], autoAssign: false });
      expect(configs.some((o) => o.kind === 'L2Advertisement')).toBe(false);
      expect(release(cluster, 'metallb')!.spec.values.speaker.enabled).toBe(false);
      // Layer 2 only: no frr-k8s DaemonSet (hostNetwork, NET_ADMIN, SYS_ADMIN) in the restricted namespace.
      expect(release(cluster, 'metallb')!.spec.values.frrk8s.enabled).toBe(false);
    }
    expect(built.get('clusters/oke-dev/infrastructure/configs')!.some((o) => o.kind === 'IPAddressPool')).toBe(false);
  });

  it('serves HTTPS for *.<domain> with a DNS-01 certificate from the cluster DNS provider', () => {
    for (const cluster of platform.clusters) {
      const configs = built.get(`clusters/${cluster.name}/infrastructure/configs`)!;
      const gateway = configs.find((o) => o.kind === 'Gateway')!;
      const https = gateway.spec.listeners.find((l: { name: string }) => l.name === 'https');
      expect(https).toMatchObject({ protocol: 'HTTPS', port: 443, hostname: `*.${cluster.domain}` });
      const certificateOf = (listener: { tls: { certificateRefs: { name: string }[] } }) =>
        configs.find((o) => o.kind === 'Certificate' && o.spec.secretName === listener.tls.certificateRefs[0]!.name)!;
      const certificate = certificateOf(https);
      // Tenants answer two labels down (*.<tenant>.<domain>), each on a listener with a certificate of its own.
      const tenantWildcards = Object.keys(cluster.tenants)
        .sort()
        .map((name) => `*.${name}.${cluster.domain}`);
      expect(gateway.spec.listeners.map((l: { hostname: string }) => l.hostname)).toEqual([`*.${cluster.domain}`, `*.${cluster.domain}`, ...tenantWildcards]);
      expect(certificate.spec.dnsNames).toEqual([`*.${cluster.domain}`, cluster.domain]);
      expect(gateway.spec.listeners.slice(2).map((l: any) => certificateOf(l).spec.dnsNames)).toEqual(tenantWildcards.map((w) => [w]));
      // Let's Encrypt production only in the production environment (prod); dev and staging issue from staging.
      const issuer = cluster.environment === 'prod' ? 'letsencrypt-production' : 'letsencrypt-staging';
      expect(cluster.acme).toBe(cluster.environment === 'prod' ? 'production' : 'staging');
      expect(certificate.spec.issuerRef.name).toBe(issuer);
      for (const listener of gateway.spec.listeners.slice(2)) expect(certificateOf(listener).spec.issuerRef.name).toBe(issuer);
      const issuers = configs.filter((o) => o.kind === 'ClusterIssuer' && o.metadata.name.startsWith('letsencrypt-'));
      expect(issuers.map((i) => i.metadata.name)).toEqual([issuer]);
      expect(issuers[0]!.spec.acme.server).toBe(
        issuer === 'letsencrypt-production' ? 'https://acme-v02.api.letsencrypt.org/directory' : 'https://acme-staging-v02.api.letsencrypt.org/directory',
      );
      // Every other certificate of the cluster with a Let's Encrypt issuer names the same one (tenant mail, app Ingresses).
      const everything = [...built.entries()].filter(([dir]) => dir.startsWith(`clusters/${cluster.name}/`)).flatMap(([, objects]) => objects);
      for (const o of everything) {
        const named = o.kind === 'Certificate' ? o.spec.issuerRef.name : o.metadata.annotations?.['cert-manager.io/cluster-issuer'];
        if (typeof named === 'string' && named.startsWith('letsencrypt')) expect(named, `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).toBe(issuer);
      }
      for (const issuer of issuers) {
        const dns01 = issuer.spec.acme.solvers[0].dns01;
        if (cluster.dns.provider === 'cloudflare') expect(dns01.cloudflare.apiTokenSecretRef.name).toBe('cloudflare-api-token');
        else expect(dns01.route53.secretAccessKeySecretRef.name).toBe('route53-credentials');
        expect(issuer.spec.acme.solvers[0].selector.dnsZones).toEqual([cluster.dns.zone]);
      }
    }
  });

  it('scopes external-dns to the cluster domain and owner id', () => {
    for (const cluster of platform.clusters) {
      const values = release(cluster.name, 'external-dns')!.spec.values;
      expect(values).toMatchObject({ domainFilters: [cluster.domain], txtOwnerId: cluster.name, policy: 'upsert-only' });
      expect(values.provider.name).toBe(cluster.dns.provider === 'cloudflare' ? 'cloudflare' : 'aws');
      expect(values.sources).toContain('gateway-httproute');
    }
  });

  it('writes no Secret object, and only cluster-settings variables are substituted', () => {
    const all = objectsIn(files);
    expect(all.filter(({ obj }) => obj.kind === 'Secret')).toEqual([]);
    for (const objects of built.values()) expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const variables = new Set<string>();
    // Objects that keep Flux's substitution off (kustomize.toolkit.fluxcd.io/substitute: disabled) hold
    // placeholders of their own (Keycloak's realm import): Flux leaves them alone.
    for (const content of files.values()) {
      for (const doc of content.split(/^---$/m)) {
        if (/^\s+kustomize\.toolkit\.fluxcd\.io\/substitute: disabled$/m.test(doc)) continue;
        for (const m of doc.matchAll(/\$\{([^}]*)\}/g)) variables.add(m[1]!);
      }
    }
    for (const v of variables) expect(CLUSTER_SETTINGS_KEYS as readonly string[], v).toContain(v);
  });

  it('labels every namespace for Pod Security and protects it from pruning', () => {
    const namespaces = [...built.values()].flat().filter((o) => o.kind === 'Namespace');
    expect(namespaces.length).toBeGreaterThan(10);
    const levels = new Map<string, string>();
    for (const ns of namespaces) {
      const level = ns.metadata.labels?.['pod-security.kubernetes.io/enforce'];
      expect(['restricted', 'baseline', 'privileged'], ns.metadata.name).toContain(level);
      expect(ns.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
      levels.set(ns.metadata.name, level!);
    }
    // Only these platform namespaces are relaxed; tenants are restricted.
    expect(Object.fromEntries([...levels].filter(([, l]) => l !== 'restricted').sort())).toEqual({
      alloy: 'baseline',
      // The CNI: host network, BPF and host mounts on every node.
      cilium: 'privileged',
      'longhorn-system': 'privileged',
      monitoring: 'privileged',
      // The nextcloud image runs Apache as root (the company application's catalogue entry says so).
      nextcloud: 'baseline',
      // The sablier chart has no securityContext values.
      sablier: 'baseline',
      // k3s clusters: the node upgrade Jobs are privileged host pods.
      'system-upgrade': 'privileged',
      tailscale: 'privileged',
      // Velero's node agent reads pod volumes from the node (hostPath) for file-system backups.
      velero: 'privileged',
    });
    expect(levels.get('team-a')).toBe('restricted');
    expect(levels.get('team-b')).toBe('restricted');
  });

  it('puts a default-deny NetworkPolicy with DNS egress in every namespace it creates', () => {
    for (const objects of built.values()) {
      for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns.metadata.name);
        const deny = policies.find((p) => p.metadata.name === 'default-deny');
        expect(deny, ns.metadata.name).toBeDefined();
        expect(deny!.spec.podSelector).toEqual({});
        expect([...deny!.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
        expect(policies.some((p) => p.metadata.name === 'allow-dns'), ns.metadata.name).toBe(true);
      }
    }
  });

  it('writes .sops.yaml rules per cluster for that cluster\'s recipients', () => {
    const rules = parse(files.get('.sops.yaml')!).creation_rules as { path_regex: string; encrypted_regex: string; age: string }[];
    expect(rules.map((r) => r.path_regex)).toEqual(platform.clusters.map((c) => `clusters/${c.name}/.*\\.sops\\.yaml$`));
    for (const [i, cluster] of platform.clusters.entries()) {
      expect(rules[i]!.encrypted_regex).toBe('^(data|stringData)$');
      expect(rules[i]!.age).toBe(cluster.sops.ageRecipients.join(','));
      expect(new RegExp(rules[i]!.path_regex).test(`clusters/${cluster.name}/secrets/x.sops.yaml`)).toBe(true);
    }
    expect(files.get('clusters/do-prod/SECRETS.md')).toContain('route53-credentials');
    expect(files.get('clusters/oke-dev/SECRETS.md')).toContain('cloudflare-api-token');
  });

  it('installs the tenants and apps of each cluster', () => {
    const apps = (cluster: string) => built.get(`clusters/${cluster}/apps`)!;
    const podinfo = apps('oke-dev').find((o) => o.kind === 'HelmRelease')!;
    expect(podinfo.metadata).toMatchObject({ name: 'podinfo', namespace: 'team-a' });
    // The tenant namespace enforces restricted; the chart takes the contexts at the helm create keys.
    expect(podinfo.spec.values).toMatchObject({
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    // Tenant apps and the tenant's own identity provider and mail server answer at
    // <name>.<tenant>.<domain>, attached to the tenant's listener.
    const routes = apps('hcloud-staging').filter((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === 'team-a');
    for (const route of routes) expect(route.spec.parentRefs).toEqual([{ name: 'platform', namespace: 'envoy-gateway-system', sectionName: 'https-team-a' }]);
    expect(routes.find((o) => o.metadata.name === 'web')!.spec.hostnames).toEqual(['web.team-a.staging.example.com']);
    expect(routes.filter((o) => o.metadata.name !== 'web').map((o) => o.spec.hostnames[0])).toEqual([
      'idm.team-a.staging.example.com',
      'mail.team-a.staging.example.com',
    ]);
    expect(apps('do-prod').find((o) => o.kind === 'StatefulSet')!.metadata).toMatchObject({ name: 'ledger', namespace: 'team-b' });
  });

  it('is deterministic: a second build gives the same map, in the same order', async () => {
    const again = await buildGitops(loadPlatform(ENVIRONMENTS));
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, content] of files) expect(again.get(path), path).toBe(content);
    expect([...files.values()].some((c) => /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c))).toBe(false);
  });
});
