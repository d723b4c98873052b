import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops, type GitopsFiles } from '../../charts/index';
import { loadPlatform } from '../../config/load';
import { BARMAN_CLOUD_CHART_VERSION } from '../../constructs/components/cloudnative-pg';
import { copyEnvironments, edit } from '../support/environments';
import { kustomize, parseDocs, writeTree, type Obj } from './helpers';

const resources = (files: GitopsFiles, path: string): string[] => parse(files.get(path)!).resources;

describe('component toggles from config', () => {
  let files: GitopsFiles;
  let controllers: Obj[];
  let devControllers: Obj[];
  let devConfigs: Obj[];
  let devApps: Obj[];
  let warnings: string[];

  beforeAll(async () => {
    // prod: Vault off, a cluster-only cert-manager chart version; dev (off the free tier, where a
    // second ingress controller gets a cloud load balancer): ingress-nginx on next to Envoy Gateway.
    const dir = copyEnvironments();
    edit(dir, 'prod.yaml', [
      [['clusters', 'do-prod', 'components', 'vault', 'enabled'], false],
      [['clusters', 'do-prod', 'components', 'cert-manager', 'version'], 'v1.21.0'],
      [['clusters', 'do-prod', 'components', 'external-dns', 'version'], '1.21.0'],
      [['clusters', 'do-prod', 'components', 'cloudnative-pg', 'version'], '0.28.0'],
    ]);
    edit(dir, 'dev.yaml', [
      [['clusters', 'oke-dev', 'freeTier'], false],
      [['clusters', 'oke-dev', 'components', 'ingress-nginx'], { enabled: true }],
      [['clusters', 'oke-dev', 'apps', 'web'], { template: 'kustomize-app', tenant: 'team-a', image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 }],
    ]);
    const platform = loadPlatform(dir);
    warnings = platform.warnings.map((w) => `${w.rule} ${w.path}`);
    files = await buildGitops(platform);
    const root = writeTree(files);
    controllers = kustomize(root, 'clusters/do-prod/infrastructure/controllers');
    devControllers = kustomize(root, 'clusters/oke-dev/infrastructure/controllers');
    devConfigs = kustomize(root, 'clusters/oke-dev/infrastructure/configs');
    devApps = kustomize(root, 'clusters/oke-dev/apps');
  });

  it('turns ingress-nginx (retired) on only with a warning, and opens the backends and writes Ingresses for it there only', () => {
    expect(warnings).toContain('ingress-nginx-enabled clusters.oke-dev.components.ingress-nginx.enabled');
    expect(warnings.filter((w) => w.startsWith('ingress-nginx-'))).toHaveLength(1);
    // The backends' shared bases open them to Envoy Gateway only; dev's configs overlay adds ingress-nginx.
    const shared = parseDocs(files.get('infrastructure/controllers/sablier/network-policy.yaml')!);
    expect(shared.map((o) => o.metadata.name)).toContain('allow-from-envoy-gateway-system');
    expect(JSON.stringify(shared)).not.toContain('nginx');
    const toNginx = devConfigs
      .filter((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('ingress-nginx'))
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
      .sort();
    // dev's backends: Grafana and Prometheus, Sablier (no default deny here: the bases keep theirs).
    expect(toNginx).toEqual(['monitoring/allow-grafana-from-ingress-nginx', 'monitoring/allow-prometheus-from-ingress-nginx', 'sablier/allow-from-ingress-nginx']);
    const sablierFrom = devConfigs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'sablier' && o.metadata.name === 'allow-from-ingress-nginx')!;
    expect(sablierFrom.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 10000, protocol: 'TCP' }] }],
    });
    // A kustomize-app gets an Ingress of class nginx beside its HTTPRoute.
    const ingress = devApps.find((o) => o.kind === 'Ingress' && o.metadata.name === 'web')!;
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(devApps.some((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web')).toBe(true);
    // The tenant admission policy refuses ingress-nginx's host annotations there.
    expect(JSON.stringify(devApps.filter((o) => o.kind === 'ValidatingAdmissionPolicy'))).toContain('nginx.ingress.kubernetes.io/server-alias');
  });

  it('leaves no trace of ingress-nginx where it is off: no object or field names it', async () => {
    const dir = copyEnvironments();
    const platform = loadPlatform(dir);
    expect(platform.warnings.filter((w) => w.rule.startsWith('ingress-nginx'))).toEqual([]);
    const shipped = await buildGitops(platform);
    const root = writeTree(shipped);
    for (const cluster of ['oke-dev', 'hcloud-staging', 'do-prod']) {
      for (const layer of ['infrastructure/controllers', 'infrastructure/configs', 'infrastructure/services', 'apps']) {
        const objects = kustomize(root, `clusters/${cluster}/${layer}`);
        if (layer !== 'infrastructure/services') expect(objects.length, `${cluster} ${layer}`).toBeGreaterThan(0);
        expect(objects.filter((o) => /nginx/.test(JSON.stringify(o))).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`), `${cluster} ${layer}`).toEqual([]);
      }
    }
    // staging's kustomize-app is attached with its HTTPRoute only.
    const apps = kustomize(root, 'clusters/hcloud-staging/apps');
    expect(apps.some((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web')).toBe(true);
    expect(apps.some((o) => o.kind === 'Ingress')).toBe(false);
    // Not a line of any generated file either.
    expect([...shipped].filter(([, text]) => /nginx/.test(text)).map(([path]) => path)).toEqual([]);
  });

  it('leaves a component disabled in config out of that cluster only', () => {
    const prod = resources(files, 'clusters/do-prod/infrastructure/controllers/kustomization.yaml');
    expect(prod).not.toContain('../../../../infrastructure/controllers/vault');
    expect(resources(files, 'clusters/do-prod/infrastructure/configs/kustomization.yaml')).not.toContain('../../../../infrastructure/configs/vault');
    expect(resources(files, 'clusters/do-prod/infrastructure/services/kustomization.yaml')).not.toContain('../../../../infrastructure/services/vault');
    expect(controllers.some((o) => o.metadata.namespace === 'vault' || o.metadata.name === 'vault')).toBe(false);
    // staging still has its secrets server (OpenBao); dev never had one.
    expect(resources(files, 'clusters/hcloud-staging/infrastructure/controllers/kustomization.yaml')).toContain('../../../../infrastructure/controllers/openbao');
    // Its namespace and source with the controllers, its HelmRelease after the configs (its TLS Secret).
    expect(resources(files, 'clusters/hcloud-staging/infrastructure/services/kustomization.yaml')).toContain('../../../../infrastructure/services/openbao');
    expect(resources(files, 'clusters/oke-dev/infrastructure/controllers/kustomization.yaml')).not.toContain('../../../../infrastructure/controllers/vault');
  });

  it('adds an opt-in component with its shared base and orders external-dns after both ingress controllers', () => {
    expect(files.has('infrastructure/controllers/ingress-nginx/helm-release.yaml')).toBe(true);
    const nginx = devControllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'ingress-nginx')!;
    expect(nginx.spec.dependsOn.map((d: { name: string }) => d.name)).toContain('cert-manager');
    // Envoy Gateway keeps the ingress address; ingress-nginx gets no fixed one.
    expect(nginx.spec.values.controller.service.loadBalancerIP).toBeUndefined();
    const dns = devControllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'external-dns')!;
    expect(dns.spec.dependsOn.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['envoy-gateway', 'ingress-nginx']));
    expect(dns.spec.values.sources).toEqual(['service', 'gateway-httproute', 'ingress']);
  });

  it('issues from the Let\'s Encrypt directory certificates.acme names, over the environment\'s default', async () => {
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', [[['clusters', 'oke-dev', 'certificates'], { acme: 'production' }]]);
    edit(dir, 'prod.yaml', [[['clusters', 'do-prod', 'certificates'], { acme: 'staging' }]]);
    // staging.yaml as shipped: not a production environment, so staging.
    const root = writeTree(await buildGitops(loadPlatform(dir)));
    const issuers = (cluster: string) => {
      const objects = kustomize(root, `clusters/${cluster}/infrastructure/configs`);
      return {
        clusterIssuers: objects.filter((o) => o.kind === 'ClusterIssuer' && o.metadata.name.startsWith('letsencrypt-')).map((o) => o.metadata.name),
        gatewayCertificates: [...new Set(objects.filter((o) => o.kind === 'Certificate' && o.metadata.namespace === 'envoy-gateway-system').map((o) => o.spec.issuerRef.name))],
      };
    };
    expect(issuers('oke-dev')).toEqual({ clusterIssuers: ['letsencrypt-production'], gatewayCertificates: ['letsencrypt-production'] });
    expect(issuers('do-prod')).toEqual({ clusterIssuers: ['letsencrypt-staging'], gatewayCertificates: ['letsencrypt-staging'] });
    expect(issuers('hcloud-staging')).toEqual({ clusterIssuers: ['letsencrypt-staging'], gatewayCertificates: ['letsencrypt-staging'] });
  });

  it('skips shared bases no cluster enables', async () => {
    const shipped = await buildGitops(loadPlatform(copyEnvironments()));
    expect([...shipped.keys()].some((p) => p.startsWith('infrastructure/controllers/ingress-nginx/'))).toBe(false);
  });

  it('patches a cluster-specific chart version over the shared pin (the version most clusters use)', () => {
    const patch = parseDocs(files.get('clusters/do-prod/infrastructure/controllers/cert-manager/source.yaml')!)[0]!;
    expect(patch).toMatchObject({ kind: 'OCIRepository', metadata: { name: 'cert-manager', namespace: 'cert-manager' }, spec: { ref: { tag: 'v1.21.0' } } });
    expect(controllers.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'cert-manager')!.spec.ref.tag).toBe('v1.21.0');
    expect(files.get('infrastructure/controllers/cert-manager/oci-repository.yaml')).toContain('tag: v1.21.1');
    // An https chart repository: the HelmRelease version is patched instead.
    expect(controllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'external-dns')!.spec.chart.spec.version).toBe('1.21.0');
    expect(files.has('clusters/hcloud-staging/infrastructure/controllers/cert-manager/source.yaml')).toBe(false);
    // A companion chart with a pin of its own (CloudNativePG's barman-cloud plugin) keeps it: the
    // cluster's version moves the operator's release only.
    const release = (name: string) => controllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === name)!;
    expect(release('cloudnative-pg').spec.chart.spec.version).toBe('0.28.0');
    expect(release('plugin-barman-cloud').spec.chart.spec.version).toBe(BARMAN_CLOUD_CHART_VERSION);
    // (prod and staging now differ, so one of them carries the operator's version patch; neither the plugin's.)
    expect([...files.keys()].filter((p) => p.endsWith('/cloudnative-pg/cloudnative-pg-version.yaml'))).toHaveLength(1);
    expect([...files.keys()].filter((p) => p.includes('plugin-barman-cloud-version'))).toEqual([]);
  });

  it('lists encrypted secret files that exist in the cluster secrets folder', async () => {
    const withSecret = await buildGitops(loadPlatform(copyEnvironments()), {
      encryptedSecrets: ['clusters/do-prod/secrets/monitoring-grafana-admin.sops.yaml', 'clusters/oke-dev/secrets/nested/x.sops.yaml', 'clusters/do-prod/secrets/notes.yaml'],
    });
    expect(resources(withSecret, 'clusters/do-prod/secrets/kustomization.yaml')).toEqual(['monitoring-grafana-admin.sops.yaml']);
    expect(resources(withSecret, 'clusters/oke-dev/secrets/kustomization.yaml')).toEqual([]);
  });
});
