import type { Cluster, Platform } from '../config/load';
import { CLUSTER_SETTINGS_KEYS } from '../config/cluster-settings';
import { KEYCLOAK_DATABASE } from '../config/platform-databases';
import { APPLICATION_CATALOGUE } from '../config/application-catalogue';
import { DNS_CREDENTIALS } from '../constructs/components/acme-cluster-issuers';
import { CertManager } from '../constructs/components/cert-manager';
import { ExternalDns } from '../constructs/components/external-dns';
import { GRAFANA_ADMIN_SECRET, GRAFANA_OAUTH_SECRET, KubePrometheusStack } from '../constructs/components/kube-prometheus-stack';
import { dexClientSecret, dexConnectorSecret, Dex } from '../constructs/components/dex';
import { Keycloak, KEYCLOAK_ADMIN_SECRET, KEYCLOAK_DB_BACKUP_SECRET } from '../constructs/components/keycloak';
import { OAuth2Proxy, OAUTH2_PROXY_SECRET } from '../constructs/components/oauth2-proxy';
import { TailscaleOperator, TAILSCALE_OAUTH_SECRET } from '../constructs/components/tailscale-operator';
import { Velero, VELERO_CREDENTIALS } from '../constructs/components/velero';
import type { FluxDefaults } from '../constructs/flux/defaults';
import type { ApplicationName } from '../config/schema';
import { applicationOidcSecret } from '../constructs/applications/application-secrets';
import { applicationSecrets } from './applications';
import { keycloakClients } from './components';
import { keycloakClientSecret } from '../constructs/components/keycloak-realm';
import { clusterContext, LAYOUT } from './layout';
import { addFile, documentFile, kustomizationFile, type GitopsFiles } from './render';
import { ALERT_RECEIVERS_SECRET, receiverSecretKey } from '../constructs/components/alertmanager-receivers';

/** Suffix of SOPS-encrypted files; only these may hold a Secret. */
export const ENCRYPTED_SUFFIX = '.sops.yaml';

/** A Secret a cluster expects in git, encrypted. */
export interface ExpectedSecret {
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  readonly usedBy: string;
  /**
   * `apps`: an app's Secret in its tenant namespace, kept in apps/secrets/ and applied with the apps
   * (after the tenant namespaces exist).
   * @default - the platform's secrets/ folder, applied with the controllers
   */
  readonly layer?: 'apps';
}

/** The Secret and key of a Keycloak client's consumer that holds the same client secret. */
function keycloakConsumerSecret(clientId: string): string {
  if (clientId === 'oauth2-proxy') return `${OAuth2Proxy.namespace}/${OAUTH2_PROXY_SECRET.secretName} key client-secret`;
  if (clientId === 'grafana') return `${KubePrometheusStack.namespace}/${GRAFANA_OAUTH_SECRET.secretName} key ${GRAFANA_OAUTH_SECRET.keys[0]}`;
  const app = APPLICATION_CATALOGUE[clientId as ApplicationName];
  if (app) return `${app.namespace}/${applicationOidcSecret(clientId as ApplicationName)} key clientSecret`;
  throw new Error(`Keycloak client ${clientId}: no consumer Secret known`);
}

/** The Secrets the enabled components reference by name. */
export function expectedSecrets(cluster: Cluster): ExpectedSecret[] {
  const on = (c: keyof Cluster['components']) => cluster.components[c]?.enabled === true;
  const dns = DNS_CREDENTIALS[cluster.dns.provider];
  const secrets: ExpectedSecret[] = [];
  if (on('cert-manager')) {
    secrets.push({ namespace: CertManager.namespace, name: dns.secretName, keys: dns.keys, usedBy: 'ClusterIssuers letsencrypt-staging/-production (DNS-01)' });
  }
  if (on('external-dns')) {
    secrets.push({ namespace: ExternalDns.namespace, name: dns.secretName, keys: dns.keys, usedBy: 'external-dns' });
  }
  if (on('kube-prometheus-stack')) {
    const sso = KubePrometheusStack.grafanaSignIn(clusterContext(cluster)) !== undefined;
    secrets.push({
      namespace: KubePrometheusStack.namespace,
      name: GRAFANA_ADMIN_SECRET.secretName,
      keys: GRAFANA_ADMIN_SECRET.keys,
      usedBy: sso ? 'Grafana\'s built-in admin, break-glass only (login form off: docs/security.md)' : 'Grafana admin login',
    });
    if (sso) {
      const idp = on('dex') ? 'the Dex static client grafana (same value as dex-client-grafana)' : 'the Keycloak client grafana of realm platform (same value as keycloak/keycloak-client-grafana)';
      secrets.push({ namespace: KubePrometheusStack.namespace, name: GRAFANA_OAUTH_SECRET.secretName, keys: GRAFANA_OAUTH_SECRET.keys, usedBy: `Grafana single sign-on: the client secret of ${idp}` });
    }
  }
  if (on('kube-prometheus-stack') && cluster.alerting && Object.keys(cluster.alerting.receivers).length) {
    const receivers = Object.entries(cluster.alerting.receivers).sort(([a], [b]) => (a < b ? -1 : 1));
    secrets.push({
      namespace: KubePrometheusStack.namespace,
      name: ALERT_RECEIVERS_SECRET,
      keys: receivers.map(([name, r]) => receiverSecretKey(name, r)),
      usedBy: `Alertmanager receivers ${receivers.map(([name, r]) => `${name} (${r.type === 'email' ? 'SMTP password' : `${r.type} URL`})`).join(', ')}`,
    });
  }
  if (on('velero')) {
    secrets.push({ namespace: Velero.namespace, name: VELERO_CREDENTIALS.secretName, keys: VELERO_CREDENTIALS.keys, usedBy: 'Velero BackupStorageLocation (S3 credentials file)' });
  }
  if (on('dex')) {
    const applicationClients = new Set((clusterContext(cluster).applications ?? []).map((a) => a.name as string));
    for (const id of Object.keys(clusterContext(cluster).dexClients ?? {}).sort()) {
      const usedBy = applicationClients.has(id) ? `Dex static client ${id} (same value as ${id}/${applicationOidcSecret(id as ApplicationName)})` : `Dex static client ${id}`;
      secrets.push({ namespace: Dex.namespace, name: dexClientSecret(id), keys: ['clientSecret'], usedBy });
    }
    for (const [id, connector] of Object.entries(cluster.identity?.dexConnectors ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      secrets.push({
        namespace: Dex.namespace,
        name: dexConnectorSecret(id),
        keys: ['clientSecret'],
        usedBy: `Dex connector ${id}: the client secret of the ${connector.type === 'github' ? 'GitHub OAuth app' : 'OIDC client'} ${connector.clientId}`,
      });
    }
  }
  if (on('oauth2-proxy')) {
    const keycloak = keycloakClients(clusterContext(cluster)).some((c) => c.id === 'oauth2-proxy');
    const usedBy = keycloak
      ? 'OAuth2-Proxy OIDC client and cookie (client-id oauth2-proxy, the Keycloak client of realm platform; client-secret the same value as keycloak/keycloak-client-oauth2-proxy)'
      : 'OAuth2-Proxy OIDC client and cookie';
    secrets.push({ namespace: OAuth2Proxy.namespace, name: OAUTH2_PROXY_SECRET.secretName, keys: OAUTH2_PROXY_SECRET.keys, usedBy });
  }
  if (on('keycloak')) {
    secrets.push({ namespace: Keycloak.namespace, name: KEYCLOAK_ADMIN_SECRET.secretName, keys: KEYCLOAK_ADMIN_SECRET.keys, usedBy: 'Keycloak bootstrap admin' });
    // The secret of each client of the imported platform realm: the same value as the consumer's own Secret.
    for (const client of keycloakClients(clusterContext(cluster))) {
      secrets.push({ namespace: Keycloak.namespace, name: keycloakClientSecret(client.id), keys: ['clientSecret'], usedBy: `Keycloak client ${client.id} of realm platform (same value as ${keycloakConsumerSecret(client.id)})` });
    }
    if (cluster.backups) {
      secrets.push({ namespace: Keycloak.namespace, name: KEYCLOAK_DB_BACKUP_SECRET.secretName, keys: KEYCLOAK_DB_BACKUP_SECRET.keys, usedBy: `${KEYCLOAK_DATABASE.name} backups (barman-cloud ObjectStore ${KEYCLOAK_DATABASE.name}-store)` });
    }
  }
  if (on('tailscale-operator')) {
    secrets.push({ namespace: TailscaleOperator.namespace, name: TAILSCALE_OAUTH_SECRET.secretName, keys: TAILSCALE_OAUTH_SECRET.keys, usedBy: 'Tailscale operator OAuth client' });
  }
  return [...secrets, ...appSecrets(cluster), ...applicationSecrets(cluster)];
}

/** The Secrets apps name in env (secretKeyRef) and envFrom (secretRef), one entry per Secret with the keys they read. */
function appSecrets(cluster: Cluster): ExpectedSecret[] {
  const found = new Map<string, { namespace: string; name: string; keys: Set<string>; users: string[] }>();
  const use = (namespace: string, name: string, key: string | undefined, user: string) => {
    const id = `${namespace}/${name}`;
    const entry = found.get(id) ?? { namespace, name, keys: new Set<string>(), users: [] };
    if (key !== undefined) entry.keys.add(key);
    entry.users.push(user);
    found.set(id, entry);
  };
  for (const [appName, app] of Object.entries(cluster.apps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [variable, value] of Object.entries(app.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (typeof value === 'object' && 'secretKeyRef' in value) use(app.tenant, value.secretKeyRef.name, value.secretKeyRef.key, `app ${appName} (env ${variable})`);
    }
    for (const source of app.envFrom ?? []) {
      if ('secretRef' in source) use(app.tenant, source.secretRef.name, undefined, `app ${appName} (envFrom: every key becomes a variable)`);
    }
  }
  return [...found.values()]
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({ namespace: s.namespace, name: s.name, keys: [...s.keys].sort(), usedBy: s.users.join(', '), layer: 'apps' as const }));
}

/** The file an expected Secret is kept in. */
export function secretFile(cluster: Cluster, secret: ExpectedSecret): string {
  const dir = secret.layer === 'apps' ? LAYOUT.appSecrets(cluster.name) : LAYOUT.secrets(cluster.name);
  return `${dir}/${secret.namespace}-${secret.name}${ENCRYPTED_SUFFIX}`;
}

/** The encrypted files present in `dir` itself (paths relative to gitops/ in, file names out), sorted. */
export function encryptedFilesIn(dir: string, encrypted: readonly string[]): string[] {
  return encrypted
    .filter((path) => path.startsWith(`${dir}/`) && path.endsWith(ENCRYPTED_SUFFIX) && !path.slice(dir.length + 1).includes('/'))
    .map((path) => path.slice(dir.length + 1))
    .sort();
}

/** `.sops.yaml`: one creation rule per cluster, encrypting only data/stringData for its age recipients. */
export function addSopsConfig(files: GitopsFiles, platform: Platform): void {
  addFile(
    files,
    LAYOUT.sopsConfig,
    documentFile(
      {
        creation_rules: platform.clusters.map((cluster) => ({
          path_regex: `clusters/${cluster.name}/.*\\.sops\\.yaml$`,
          encrypted_regex: '^(data|stringData)$',
          age: cluster.sops.ageRecipients.join(','),
        })),
      },
      'SOPS creation rules: run sops from the gitops/ folder so it finds this file.',
      'Each cluster\'s secrets are encrypted for that cluster\'s age recipients only (sops.ageRecipients).',
    ),
  );
}

/**
 * The secrets folder of a cluster (listing the encrypted files that exist, passed in by the
 * caller because constructs and charts do not read the tree) and SECRETS.md, the list of what the
 * cluster expects and how to create it.
 */
export function addClusterSecrets(files: GitopsFiles, cluster: Cluster, encrypted: readonly string[], defaults: FluxDefaults): void {
  const dir = LAYOUT.secrets(cluster.name);
  const present = encryptedFilesIn(dir, encrypted);
  addFile(
    files,
    `${dir}/kustomization.yaml`,
    kustomizationFile({
      resources: present,
      header: [`SOPS-encrypted Secrets of cluster ${cluster.name}, applied (decrypted by Flux) with the controllers. See ../SECRETS.md.`],
    }),
  );

  const expected = expectedSecrets(cluster);
  const lines = [
    `# Secrets of cluster ${cluster.name}`,
    '',
    'Generated by `npm run synth`; do not edit. Nothing secret is ever written in plain text to gitops/.',
    '',
    '## Created by hand at bootstrap (never in git)',
    '',
    '| namespace | kind | name | contents |',
    '|---|---|---|---|',
    `| ${defaults.fluxNamespace} | Secret | ${defaults.sopsSecretName} | \`age.agekey\`: the cluster's age private key (its public key is in sops.ageRecipients) |`,
    `| ${defaults.fluxNamespace} | ConfigMap | ${defaults.clusterSettingsName} | ${CLUSTER_SETTINGS_KEYS.map((k) => `\`${k}\``).join(', ')} (Terraform output \`cluster_settings\`) |`,
    '',
    '## Kept in git, SOPS-encrypted',
    '',
    expected.length ? '| file | namespace | name | keys | used by |' : 'None: no enabled component references a Secret.',
    ...(expected.length ? ['|---|---|---|---|---|'] : []),
    ...expected.map((s) => `| \`${secretFile(cluster, s).slice(LAYOUT.cluster(cluster.name).length + 1)}\` | ${s.namespace} | ${s.name} | ${s.keys.map((k) => `\`${k}\``).join(', ')} | ${s.usedBy} |`),
    '',
    'Create one (from the gitops/ folder, so sops finds .sops.yaml):',
    '',
    '```sh',
    ...(expected.length
      ? [
          `kubectl create secret generic ${expected[0]!.name} -n ${expected[0]!.namespace} \\`,
          ...expected[0]!.keys.map((k) => `  --from-literal=${k}=... \\`),
          `  --dry-run=client -o yaml > ${secretFile(cluster, expected[0]!)}`,
          `sops --encrypt --in-place ${secretFile(cluster, expected[0]!)}`,
        ]
      : ['kubectl create secret generic NAME -n NAMESPACE --from-literal=key=... --dry-run=client -o yaml > clusters/' + cluster.name + '/secrets/NAMESPACE-NAME.sops.yaml', 'sops --encrypt --in-place clusters/' + cluster.name + '/secrets/NAMESPACE-NAME.sops.yaml']),
    '```',
    '',
    `Encrypted files in \`secrets/\` are listed in \`secrets/kustomization.yaml\` by the next synth and applied by the`,
    '`infra-controllers` Kustomization, which decrypts them with the `sops-age` key. Until a Secret exists, the',
    'component that needs it stays unready (and the layers after it wait).',
    ...(expected.some((s) => s.layer === 'apps')
      ? [
          'The apps\' Secrets (in tenant namespaces) go to `apps/secrets/` instead: the next synth lists them in',
          '`apps/kustomization.yaml` and the `apps` Kustomization applies them after the tenant namespaces exist.',
        ]
      : []),
    '',
  ];
  addFile(files, `${LAYOUT.cluster(cluster.name)}/SECRETS.md`, lines.join('\n'));
}
