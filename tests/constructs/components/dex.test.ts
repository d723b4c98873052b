import { describe, expect, it } from 'vitest';
import { Dex } from '../../../constructs/components/dex';
import { testContext } from './context';

describe('Dex', () => {
  it('writes no connector when none is configured (config rule dex-no-connectors refuses such a cluster)', () => {
    const values = Dex.clusterValues(testContext(['dex'])) as any;
    expect(values.config.connectors).toBeUndefined();
    expect(values.envVars).toEqual([]);
  });

  it('gives Dex its upstream connectors, each client secret read from a Secret through an environment variable', () => {
    const values = Dex.clusterValues(
      testContext(['dex'], {
        dexClients: { grafana: { name: 'Grafana', redirectUris: ['https://grafana.dev.example.com/login/generic_oauth'] } },
        dexConnectors: {
          github: { type: 'github', name: 'GitHub', clientId: 'gh-client', orgs: [{ name: 'example', teams: ['platform'] }] },
          'google-workspace': { type: 'oidc', name: 'Google', clientId: 'g-client', issuer: 'https://accounts.google.com' },
        },
      }),
    ) as any;
    expect(values.config.connectors).toEqual([
      {
        type: 'github',
        id: 'github',
        name: 'GitHub',
        config: {
          clientID: 'gh-client',
          // Dex expands $NAME from its environment (Flux substitutes only ${...}).
          clientSecret: '$DEX_CONNECTOR_GITHUB_CLIENT_SECRET',
          redirectURI: 'https://dex.dev.example.com/callback',
          orgs: [{ name: 'example', teams: ['platform'] }],
          teamNameField: 'slug',
        },
      },
      {
        type: 'oidc',
        id: 'google-workspace',
        name: 'Google',
        config: {
          clientID: 'g-client',
          clientSecret: '$DEX_CONNECTOR_GOOGLE_WORKSPACE_CLIENT_SECRET',
          redirectURI: 'https://dex.dev.example.com/callback',
          issuer: 'https://accounts.google.com',
          scopes: ['openid', 'profile', 'email'],
          getUserInfo: true,
        },
      },
    ]);
    // The static clients' secrets stay, the connectors' follow.
    expect(values.envVars).toEqual([
      { name: 'DEX_CLIENT_GRAFANA_SECRET', valueFrom: { secretKeyRef: { name: 'dex-client-grafana', key: 'clientSecret' } } },
      { name: 'DEX_CONNECTOR_GITHUB_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'dex-connector-github', key: 'clientSecret' } } },
      { name: 'DEX_CONNECTOR_GOOGLE_WORKSPACE_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'dex-connector-google-workspace', key: 'clientSecret' } } },
    ]);
  });

  it('refuses connector ids that are not DNS labels', () => {
    expect(() => Dex.clusterValues(testContext(['dex'], { dexConnectors: { GitHub: { type: 'github', name: 'GitHub', clientId: 'x', orgs: [{ name: 'o' }] } } }))).toThrow(
      /connector id "GitHub" must be a DNS label/,
    );
  });
});
