/**
 * The shipped example's company applications (not the tool: tests/charts/applications.test.ts is),
 * checked where the cluster receives them: `kubectl kustomize` of do-prod's apps path and the
 * offline render (render/) of its HelmReleases from the chart cache.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlatform, type Platform } from '../../config/load';
import { APPLICATIONS } from '../../config/schema';
import { APPLICATION_CATALOGUE } from '../../config/application-catalogue';
import { chartCacheDir } from '../../render/chart-cache';
import { renderClusters, type RenderResult } from '../../render/render';
import { renderTools } from '../../render/tools';
import { kustomize } from '../charts/helpers';
import { ROOT } from '../support/environments';

const CLUSTER = 'do-prod';

describe('do-prod\'s company applications, as the cluster receives them', () => {
  let platform: Platform;
  let result: RenderResult;
  let objects: any[];
  let domain: string;
  const find = (kind: string, namespace: string | undefined, name: string) =>
    objects.find((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace) && o.metadata.name === name);
  const dexConfig = () => Buffer.from(find('Secret', 'dex', 'dex').data['config.yaml'], 'base64').toString('utf8');
  const env = (container: { env?: { name: string; value?: string; valueFrom?: unknown }[] }) =>
    Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

  beforeAll(async () => {
    platform = loadPlatform(join(ROOT, 'environments'), { relativeTo: ROOT });
    domain = platform.clusters.find((c) => c.name === CLUSTER)!.domain;
    result = await renderClusters({ root: ROOT, platform, tools: await renderTools(), chartCache: chartCacheDir(undefined, ROOT), clusters: [CLUSTER] });
    expect(result.problems).toEqual([]);
    const c = result.clusters.find((x) => x.cluster === CLUSTER)!;
    objects = [...c.kustomizations.flatMap((k) => k.objects), ...c.releases.flatMap((r) => r.objects)].map((o) => o.object as any);
  });

  it('kubectl kustomize of the apps path has the five applications, a CloudNativePG Cluster each that needs one and the five routes', () => {
    const apps = kustomize(join(ROOT, 'gitops'), `clusters/${CLUSTER}/apps`);
    for (const name of APPLICATIONS) {
      const info = APPLICATION_CATALOGUE[name];
      expect(apps.some((o) => o.kind === 'Namespace' && o.metadata.name === info.namespace), name).toBe(true);
      expect(apps.some((o) => (o.kind === 'HelmRelease' || o.kind === 'Deployment') && o.metadata.namespace === info.namespace), name).toBe(true);
      if (info.database) expect(apps.find((o) => o.kind === 'Cluster' && o.metadata.namespace === info.namespace)!.spec.instances, name).toBe(2);
      if (info.cache) expect(apps.some((o) => o.kind === 'Redis' && o.metadata.namespace === info.namespace), name).toBe(true);
    }
    const hosts = apps.filter((o) => o.kind === 'HTTPRoute').flatMap((o) => o.spec.hostnames);
    for (const label of ['chat', 'cloud', 'git', 'home', 'ai']) expect(hosts).toContain(`${label}.${domain}`);
  });

  it.each([
    ['forgejo', 'forgejo', ['data']],
    ['mattermost', 'mattermost-mattermost-team-edition', ['mattermost-data', 'mattermost-plugins']],
    ['nextcloud', 'nextcloud', ['nextcloud-main']],
  ])('%s: Velero\'s file-system backup covers its volumes, and each of them is a claim', (namespace, name, volumes) => {
    const pod = find('Deployment', namespace, name).spec.template;
    expect(pod.metadata.annotations['backup.velero.io/backup-volumes'].split(',')).toEqual(volumes);
    for (const volume of volumes) expect(pod.spec.volumes.find((v: { name: string }) => v.name === volume).persistentVolumeClaim, volume).toBeDefined();
  });

  it('gives each application a client at Dex: its own (Nextcloud, Forgejo) or its host at OAuth2-Proxy\'s', () => {
    const config = dexConfig();
    expect(config).toContain(`https://cloud.${domain}/apps/user_oidc/code`);
    expect(config).toContain(`https://git.${domain}/user/oauth2/sso/callback`);
    for (const label of ['chat', 'home', 'ai']) expect(config).toContain(`https://${label}.${domain}/oauth2/callback`);
    const dex = find('Deployment', 'dex', 'dex').spec.template.spec.containers[0];
    for (const id of ['NEXTCLOUD', 'FORGEJO', 'OAUTH2_PROXY']) expect(env(dex)[`DEX_CLIENT_${id}_SECRET`]).toEqual({ secretKeyRef: { name: `dex-client-${id.toLowerCase().replace('_', '-')}`, key: 'clientSecret' } });
  });

  it('Nextcloud: the rendered Deployment reads its client secret and the hook registers client nextcloud', () => {
    const pod = find('Deployment', 'nextcloud', 'nextcloud').spec.template.spec;
    expect(env(pod.containers[0]).OIDC_CLIENT_SECRET).toEqual({ secretKeyRef: { name: 'nextcloud-oidc', key: 'clientSecret' } });
    const hooks = find('ConfigMap', 'nextcloud', 'nextcloud-hooks');
    expect(hooks.data['before-starting.sh']).toContain(`--clientid=nextcloud --clientsecret="$OIDC_CLIENT_SECRET" --discoveryuri=https://dex.${domain}/.well-known/openid-configuration`);
  });

  it('Forgejo: the rendered Deployment creates its OAuth2 source with client forgejo and its secret', () => {
    const init = find('Deployment', 'forgejo', 'forgejo').spec.template.spec.initContainers[0];
    expect(env(init)).toMatchObject({ OIDC_CLIENT_ID: 'forgejo', OIDC_CLIENT_SECRET: { secretKeyRef: { name: 'forgejo-oidc', key: 'clientSecret' } }, OIDC_DISCOVERY_URL: `https://dex.${domain}/.well-known/openid-configuration` });
  });

  it.each([
    ['mattermost', 'chat', 'mattermost-mattermost-team-edition'],
    ['homepage', 'home', 'homepage'],
    ['litellm', 'ai', 'litellm'],
  ])('%s: behind OAuth2-Proxy (client oauth2-proxy, its secret, the host accepted) and its route guarded', (app, label, deployment) => {
    const host = `${label}.${domain}`;
    const proxy = find('Deployment', 'oauth2-proxy', 'oauth2-proxy').spec.template.spec.containers[0];
    expect(proxy.args.find((a: string) => a.startsWith('--whitelist-domain=')).split('=')[1].split(',')).toContain(host);
    expect(env(proxy).OAUTH2_PROXY_CLIENT_ID).toEqual({ secretKeyRef: { name: 'oauth2-proxy', key: 'client-id' } });
    expect(find('SecurityPolicy', app, app).spec.extAuth.http.backendRefs[0]).toMatchObject({ name: 'oauth2-proxy', namespace: 'oauth2-proxy' });
    expect(find('Deployment', app, deployment)).toBeDefined();
  });
});
