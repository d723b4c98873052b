import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildGitops } from '../../../charts/index';
import { loadPlatform } from '../../../config/load';
import { ConfigError } from '../../../config/problems';
import { KeycloakRealm, keycloakClientSecret, keycloakClientSecretEnv } from '../../../constructs/components/keycloak-realm';
import { copyEnvironments, edit } from '../../support/environments';

function realmOf(objects: Record<string, any>[]): any {
  const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
  return JSON.parse(configMap.data['platform.json']);
}

describe('KeycloakRealm', () => {
  it('writes the realm import with one confidential client per consumer, a secret placeholder and a groups mapper', () => {
    const chart = Testing.chart();
    new KeycloakRealm(chart, 'realm', {
      namespace: 'keycloak',
      realm: 'platform',
      clients: [
        { id: 'shop', name: 'Shop', redirectUris: ['https://shop.example.org/callback'] },
        { id: 'wiki-app', name: 'Wiki', redirectUris: ['https://wiki.example.org/a', 'https://wiki.example.org/b'] },
      ],
    });
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(1);
    expect(objects[0]!.metadata).toMatchObject({ name: 'keycloak-realm-platform', namespace: 'keycloak', annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } });
    const realm = realmOf(objects);
    expect(realm).toMatchObject({ realm: 'platform', enabled: true });
    expect(realm.clients.map((c: any) => [c.clientId, c.redirectUris, c.secret, c.publicClient])).toEqual([
      ['shop', ['https://shop.example.org/callback'], '${PLATFORM_CLIENT_SHOP_SECRET}', false],
      ['wiki-app', ['https://wiki.example.org/a', 'https://wiki.example.org/b'], '${PLATFORM_CLIENT_WIKI_APP_SECRET}', false],
    ]);
    for (const client of realm.clients) {
      expect(client.protocolMappers).toContainEqual(expect.objectContaining({ protocolMapper: 'oidc-group-membership-mapper', config: expect.objectContaining({ 'claim.name': 'groups', 'full.path': 'false' }) }));
    }
    expect(keycloakClientSecretEnv('wiki-app')).toBe('PLATFORM_CLIENT_WIKI_APP_SECRET');
    expect(keycloakClientSecret('wiki-app')).toBe('keycloak-client-wiki-app');
  });

  it('refuses clients it cannot import', () => {
    const synth = (clients: any[]) => new KeycloakRealm(Testing.chart(), 'realm', { namespace: 'keycloak', realm: 'platform', clients });
    expect(() => synth([{ id: 'Shop', name: 'x', redirectUris: ['https://a.example.org/'] }])).toThrow(/DNS label/);
    expect(() => synth([{ id: 'shop', name: 'x', redirectUris: [] }])).toThrow(/at least one redirect URI/);
    expect(() => synth([{ id: 'shop', name: 'x', redirectUris: ['https://*.example.org/'] }])).toThrow(/exact https/);
    expect(() => synth([{ id: 'shop', name: 'x', redirectUris: ['https://a.example.org/'] }, { id: 'shop', name: 'y', redirectUris: ['https://b.example.org/'] }])).toThrow(/twice/);
  });
});

describe('the platform realm from config (Keycloak as identity provider)', () => {
  /**
   * A copy of the environments where one cluster (the first that loads with these settings) runs
   * Keycloak instead of Dex, OAuth2-Proxy, Grafana, Forgejo at a subdomain of its own and Nextcloud.
   */
  function keycloakCluster(): { dir: string; cluster: string; domain: string } {
    const base = copyEnvironments();
    for (const file of readdirSync(base).filter((f) => f.endsWith('.yaml') && f !== 'defaults.yaml').sort()) {
      for (const cluster of Object.keys(parse(readFileSync(join(base, file), 'utf8'))?.clusters ?? {})) {
        const dir = copyEnvironments();
        const at = (...path: string[]) => ['clusters', cluster, ...path];
        edit(dir, file, [
          [at('components', 'dex'), { enabled: false }],
          ...['keycloak', 'cloudnative-pg', 'redis-operator', 'oauth2-proxy', 'kube-prometheus-stack'].map((c): [string[], unknown] => [at('components', c), { enabled: true }]),
          [at('applications'), { forgejo: { enabled: true, subdomain: 'code' }, nextcloud: { enabled: true } }],
        ]);
        try {
          const platform = loadPlatform(dir);
          return { dir, cluster, domain: platform.clusters.find((c) => c.name === cluster)!.domain };
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
        }
      }
    }
    throw new Error('no cluster of the environments loads with Keycloak, OAuth2-Proxy, Grafana, Forgejo and Nextcloud');
  }

  it('imports each consumer as a client with its redirect URIs, its secret placeholder read from the right Secret key, listed in SECRETS.md, and no literal secret', async () => {
    const { dir, cluster, domain } = keycloakCluster();
    const files = await buildGitops(loadPlatform(dir));
    const folder = [...files.keys()].find((f) => f.endsWith(`/${cluster}/SECRETS.md`))!.replace(/SECRETS\.md$/, '');
    const objects = [...files.entries()]
      .filter(([f]) => f.startsWith(folder) && f.endsWith('.yaml'))
      .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS()))
      .filter(Boolean);
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'keycloak-realm-platform')!;
    expect(configMap.metadata.namespace).toBe('keycloak');
    const realm = JSON.parse(configMap.data['platform.json']);
    const byId = Object.fromEntries(realm.clients.map((c: any) => [c.clientId, c]));
    expect(Object.keys(byId).sort()).toEqual(['forgejo', 'grafana', 'nextcloud', 'oauth2-proxy']);
    expect(byId.forgejo.redirectUris).toEqual([`https://code.${domain}/user/oauth2/sso/callback`]);
    expect(byId.nextcloud.redirectUris).toEqual([expect.stringMatching(new RegExp(`^https://cloud\\.${domain.replace(/\./g, '\\.')}/`))]);
    expect(byId.grafana.redirectUris).toEqual([`https://grafana.${domain}/login/generic_oauth`]);
    expect(byId['oauth2-proxy'].redirectUris).toContain(`https://auth.${domain}/oauth2/callback`);

    // Keycloak's values: every placeholder is an env var read from keycloak-client-<id>, key clientSecret.
    const values = [...files.entries()].find(([f]) => f.startsWith(folder) && f.endsWith('services/keycloak/values-platform.yaml'))![1];
    const env = parse(parse(values).spec.values.extraEnv) as any[];
    for (const [id, client] of Object.entries<any>(byId)) {
      const name = /^\$\{([A-Z0-9_]+)\}$/.exec(client.secret)![1];
      expect(env.find((e) => e.name === name), id).toEqual({ name, valueFrom: { secretKeyRef: { name: `keycloak-client-${id}`, key: 'clientSecret' } } });
    }
    // The base release starts Keycloak with --import-realm and mounts the ConfigMap at the import folder.
    const release = parse(files.get('infrastructure/services/keycloak/helm-release.yaml') ?? [...files.entries()].find(([f]) => f.endsWith('infrastructure/services/keycloak/helm-release.yaml'))![1]);
    expect(release.spec.values.command).toContain('--import-realm');
    expect(parse(release.spec.values.extraVolumes)).toEqual([{ name: 'realm-import', configMap: { name: 'keycloak-realm-platform' } }]);
    expect(parse(release.spec.values.extraVolumeMounts)).toEqual([{ name: 'realm-import', mountPath: '/opt/keycloak/data/import', readOnly: true }]);

    // SECRETS.md lists each Keycloak-side Secret beside the consumer's with the same value.
    const secrets = files.get(`${folder}SECRETS.md`)!;
    const consumer: Record<string, string> = {
      forgejo: 'forgejo/forgejo-oidc key clientSecret',
      nextcloud: 'nextcloud/nextcloud-oidc key clientSecret',
      grafana: 'monitoring/grafana-oauth key client-secret',
      'oauth2-proxy': 'oauth2-proxy/oauth2-proxy key client-secret',
    };
    for (const [id, other] of Object.entries(consumer)) {
      expect(secrets).toMatch(new RegExp(`\\| keycloak \\| keycloak-client-${id} \\| \`clientSecret\` \\| .*same value as ${other.replace(/\//g, '\\/')}`));
    }
    // No secret value in git: every client secret is a placeholder, and nothing else carries one.
    expect(realm.clients.every((c: any) => /^\$\{PLATFORM_CLIENT_[A-Z0-9_]+_SECRET\}$/.test(c.secret))).toBe(true);
    expect(configMap.data['platform.json']).not.toMatch(/"(password|credentials|value)"/);
  });

  it('leaves the realm without clients where Dex is the identity provider', async () => {
    const { dir, cluster } = keycloakCluster();
    // Dex back on beside Keycloak: the consumers sign in through Dex.
    const file = readdirSync(dir).find((f) => f !== 'defaults.yaml' && f.endsWith('.yaml') && (parse(readFileSync(join(dir, f), 'utf8'))?.clusters ?? {})[cluster])!;
    edit(dir, file, [[['clusters', cluster, 'components', 'dex'], { enabled: true }]]);
    const files = await buildGitops(loadPlatform(dir));
    const text = [...files.entries()].find(([f]) => f.includes(`/${cluster}/`) && f.endsWith('configs/keycloak/config-map.yaml'))![1];
    expect(JSON.parse(parse(text).data['platform.json']).clients).toEqual([]);
  });
});
