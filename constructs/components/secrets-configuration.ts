import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';
import { SECRETS_PRODUCTS, type SecretsProduct } from './vault';

/** Mount path of the KV version 2 engine applications read from. */
export const KV_MOUNT = 'secret';
/** Auth mount of the Kubernetes auth method. */
export const KUBERNETES_AUTH_MOUNT = 'kubernetes';

/** The server images whose CLI runs the configuration (the chart's appVersion of the pinned chart). */
export const SECRETS_CLI_IMAGES: Readonly<Record<SecretsProduct, string>> = {
  vault: 'docker.io/hashicorp/vault:2.0.4',
  openbao: 'quay.io/openbao/openbao:2.6.2',
};

/** Policy of the configuration token `secrets init` creates: enough to reconcile what this construct declares, nothing else. */
export const CONFIGURE_POLICY_NAME = 'platform-configure';

export function configurePolicy(): string {
  return [
    // Enable the Kubernetes auth method once, then write its config and the roles.
    'path "sys/auth" {\n  capabilities = ["read"]\n}',
    `path "sys/auth/${KUBERNETES_AUTH_MOUNT}" {\n  capabilities = ["create", "update", "sudo"]\n}`,
    `path "auth/${KUBERNETES_AUTH_MOUNT}/config" {\n  capabilities = ["create", "read", "update"]\n}`,
    `path "auth/${KUBERNETES_AUTH_MOUNT}/role/*" {\n  capabilities = ["create", "read", "update", "list"]\n}`,
    // Mount the KV v2 engine once.
    'path "sys/mounts" {\n  capabilities = ["read"]\n}',
    `path "sys/mounts/${KV_MOUNT}" {\n  capabilities = ["create", "update"]\n}`,
    // Only the tenants' policies: the token cannot rewrite its own or any other.
    'path "sys/policies/acl/tenant-*" {\n  capabilities = ["create", "read", "update"]\n}',
    '',
  ].join('\n');
}

export interface SecretsConfigurationProps {
  /** Which server. */
  readonly product: SecretsProduct;
  /** Tenants (namespaces) that get a role and a policy: their service accounts read `secret/<tenant>/*`. */
  readonly tenants: readonly string[];
  /**
   * Cron schedule of the reconciliation (five fields).
   * @default '*∕10 * * * *' (every ten minutes)
   */
  readonly schedule?: string;
  /**
   * Lifetime of the tokens the tenants' service accounts get.
   * @default '1h'
   */
  readonly tokenTtl?: string;
}

/**
 * Declarative configuration of a running Vault or OpenBao, reconciled from git: the Kubernetes auth
 * method (`auth/kubernetes`, the servers' own service account reviews tokens), a KV version 2
 * engine at `secret/`, and per tenant a policy `tenant-<tenant>` (read on `secret/data/<tenant>/*`,
 * list on its metadata) with a role `<tenant>` that any service account of the tenant's namespace
 * logs in with. A ConfigMap holds the policies and the script; a CronJob (Pod Security restricted,
 * no Kubernetes API token, read-only root) runs the server image's own CLI against the active node
 * every ten minutes. Every step is idempotent (enable only what is missing, write what git says).
 *
 * Before `npm run secrets -- init` the servers are uninitialised or sealed and there is no token:
 * each run says so and exits 0, so nothing in the Flux chain waits on a manual step. The token
 * (Secret `<product>-configure-token`, key `token`, made by `secrets init` with the root token) is
 * periodic (24 h) with policy `platform-configure`, and each run renews it.
 */
export class SecretsConfiguration extends Construct {
  /** Name of the Secret holding the configuration token. */
  readonly tokenSecret: string;

  constructor(scope: Construct, id: string, props: SecretsConfigurationProps) {
    super(scope, id);
    const p = SECRETS_PRODUCTS[props.product];
    const namespace = p.name;
    for (const t of props.tenants) assertDnsLabel('SecretsConfiguration tenant', t);
    const schedule = props.schedule ?? '*/10 * * * *';
    if (schedule.trim().split(/\s+/).length !== 5) throw new Error(`SecretsConfiguration: schedule ${JSON.stringify(schedule)} must be a five-field cron expression`);
    const ttl = props.tokenTtl ?? '1h';
    if (!/^\d+[smh]$/.test(ttl)) throw new Error(`SecretsConfiguration: tokenTtl ${JSON.stringify(ttl)} must be a duration like 1h`);
    const name = `${p.name}-configure`;
    this.tokenSecret = `${name}-token`;
    const tenants = [...new Set(props.tenants)].sort();

    const data: Record<string, string> = { 'configure.sh': script(p.cli, tenants, ttl) };
    for (const t of tenants) data[`policy-tenant-${t}.hcl`] = tenantPolicy(t);

    new k8s.KubeServiceAccount(this, 'account', { metadata: { name, namespace }, automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'config', { metadata: { name, namespace }, data });
    const uid = 100;
    new ApiObject(this, 'cronjob', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace },
      spec: {
        schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: 300,
            ttlSecondsAfterFinished: 3600,
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': name } },
              spec: {
                serviceAccountName: name,
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                enableServiceLinks: false,
                securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: 'configure',
                    image: SECRETS_CLI_IMAGES[props.product],
                    imagePullPolicy: 'IfNotPresent',
                    command: ['/bin/sh', '/config/configure.sh'],
                    env: [
                      { name: `${p.envPrefix}_ADDR`, value: `https://${p.name}-active.${namespace}.svc:8200` },
                      { name: `${p.envPrefix}_CACERT`, value: '/tls/ca.crt' },
                      { name: 'HOME', value: '/tmp' },
                    ],
                    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
                    volumeMounts: [
                      { name: 'config', mountPath: '/config', readOnly: true },
                      { name: 'token', mountPath: '/token', readOnly: true },
                      { name: 'ca', mountPath: '/tls', readOnly: true },
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                  },
                ],
                volumes: [
                  { name: 'config', configMap: { name, defaultMode: 0o444 } },
                  // Optional: absent until `secrets init`, when the script has nothing to do.
                  { name: 'token', secret: { secretName: this.tokenSecret, optional: true, defaultMode: 0o440 } },
                  // Only the CA of the listener certificate, not its key.
                  { name: 'ca', secret: { secretName: 'vault-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 } },
                  { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
                ],
              },
            },
          },
        },
      },
    });
  }
}

/** Read on the tenant's KV folder (data and metadata), nothing else. */
export function tenantPolicy(tenant: string): string {
  return (
    `path "${KV_MOUNT}/data/${tenant}/*" {\n  capabilities = ["read"]\n}\n` +
    `path "${KV_MOUNT}/metadata/${tenant}/*" {\n  capabilities = ["read", "list"]\n}\n`
  );
}

function script(cli: string, tenants: readonly string[], ttl: string): string {
  const lines = [
    'set -eu',
    `# Reconciles the server's auth method, KV engine, tenant policies and roles (written by synth; see constructs/components/secrets-configuration.ts).`,
    'if [ ! -s /token/token ]; then',
    `  echo "no configuration token yet (npm run secrets -- init <cluster> creates it); nothing to do"`,
    '  exit 0',
    'fi',
    'rc=0',
    `${cli} status >/dev/null 2>&1 || rc=$?`,
    'if [ "$rc" -ne 0 ]; then',
    `  echo "server sealed, uninitialised or unreachable (${cli} status exit $rc); nothing to do"`,
    '  exit 0',
    'fi',
    `export ${cli === 'bao' ? 'BAO' : 'VAULT'}_TOKEN="$(cat /token/token)"`,
    `${cli} token renew >/dev/null`,
    `if ! ${cli} auth list -format=json | grep -q '"${KUBERNETES_AUTH_MOUNT}/"'; then ${cli} auth enable -path=${KUBERNETES_AUTH_MOUNT} kubernetes; fi`,
    `${cli} write auth/${KUBERNETES_AUTH_MOUNT}/config kubernetes_host=https://kubernetes.default.svc:443 >/dev/null`,
    `if ! ${cli} secrets list -format=json | grep -q '"${KV_MOUNT}/"'; then ${cli} secrets enable -path=${KV_MOUNT} kv-v2; fi`,
    ...tenants.flatMap((t) => [
      `${cli} policy write tenant-${t} /config/policy-tenant-${t}.hcl`,
      `${cli} write auth/${KUBERNETES_AUTH_MOUNT}/role/${t} bound_service_account_names='*' bound_service_account_namespaces=${t} token_policies=tenant-${t} token_ttl=${ttl} >/dev/null`,
    ]),
    `echo "configured: auth/${KUBERNETES_AUTH_MOUNT}, ${KV_MOUNT}/ (kv-v2), ${tenants.length} tenant role(s)"`,
    '',
  ];
  return lines.join('\n');
}
