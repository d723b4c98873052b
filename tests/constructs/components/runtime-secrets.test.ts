import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops } from '../../../charts/index';
import { loadPlatform } from '../../../config/load';
import { ConfigError } from '../../../config/problems';
import { configurePolicy, SecretsConfiguration, SECRETS_CLI_IMAGES, tenantPolicy } from '../../../constructs/components/secrets-configuration';
import { ociKmsSealStanza, SECRETS_PRODUCTS, Vault } from '../../../constructs/components/vault';
import { backedUpVolumes } from '../../../constructs/platform/volume-backup';
import { parseHelmOutput } from '../../../render/helm-template';
import { podSecurityViolations } from '../../../policy/pod-security';
import { copyEnvironments, edit } from '../../support/environments';
import { pinnedComponentVersion } from '../../support/chart-crds';
import { archiveName, chartCacheDir } from '../../../render/chart-cache';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

type Manifest = Record<string, any>;
const seal = {
  keyOcid: 'ocid1.key.oc1.eu-frankfurt-1.abcd1234.efgh5678',
  cryptoEndpoint: 'https://abcd1234-crypto.kms.eu-frankfurt-1.oraclecloud.com',
  managementEndpoint: 'https://abcd1234-management.kms.eu-frankfurt-1.oraclecloud.com',
};

describe('Vault or OpenBao', () => {
  it('renders the same layout for both products with each one\'s names, paths and CLI environment', () => {
    for (const product of ['vault', 'openbao'] as const) {
      const p = SECRETS_PRODUCTS[product];
      const values = Vault.baseValues(3, product) as any;
      const config: string = values.server.ha.raft.config;
      expect(config).toContain(`path = "${p.home}/data"`);
      expect(config).toContain(`leader_api_addr = "https://${product}-2.${product}-internal:8200"`);
      expect(config).toContain(`tls_cert_file = "${p.home}/userconfig/vault-tls/tls.crt"`);
      expect(values.server.extraEnvironmentVars).toEqual({ [`${p.envPrefix}_CACERT`]: `${p.home}/userconfig/vault-tls/ca.crt` });
      expect(backedUpVolumes(parse(values.server.annotations))).toEqual(['audit', 'data']);
      expect(Vault.dnsNames(product, product)).toContain(`${product}-active.${product}.svc`);
      const chart = Testing.chart();
      new Vault(chart, product, { version: '1.0.0', product });
      const release = Testing.synth(chart).find((o) => o.kind === 'HelmRelease')!;
      expect(release.metadata).toMatchObject({ name: product, namespace: product });
    }
    expect(SECRETS_PRODUCTS.openbao.licence).toBe('MPL-2.0');
    expect(SECRETS_PRODUCTS.vault.licence).toBe('BUSL-1.1');
  });

  it('auto-unseals through OCI KMS with the node\'s instance principal when the cluster gives a key', () => {
    expect(ociKmsSealStanza(seal)).toBe(
      `seal "ocikms" {\n  key_id = "${seal.keyOcid}"\n  crypto_endpoint = "${seal.cryptoEndpoint}"\n  management_endpoint = "${seal.managementEndpoint}"\n  auth_type_api_key = "false"\n}\n`,
    );
    expect(() => ociKmsSealStanza({ ...seal, keyOcid: 'ocid1.vault.oc1..x' })).toThrow(/key OCID/);
    expect(() => ociKmsSealStanza({ ...seal, cryptoEndpoint: 'http://kms.example.com' })).toThrow(/cryptoEndpoint/);
    const ctx = { name: 'c', environment: 'dev', domain: 'd.example.com', provider: 'oci-oke', dns: { provider: 'cloudflare', zone: 'example.com', proxied: false }, enabled: new Set(['openbao']), adminCidrs: [] } as const;
    expect(Vault.clusterValues(ctx as any, 'openbao')).toBeUndefined();
    const values = Vault.clusterValues({ ...ctx, kmsUnseal: seal } as any, 'openbao') as any;
    const config: string = values.server.ha.raft.config;
    expect(config.startsWith((Vault.baseValues(3, 'openbao') as any).server.ha.raft.config)).toBe(true);
    expect(config).toContain('seal "ocikms"');
  });

  it('configures the Kubernetes auth method, KV v2 and a read-only role per tenant from a restricted CronJob', () => {
    const chart = Testing.chart();
    const config = new SecretsConfiguration(chart, 'cfg', { product: 'openbao', tenants: ['team-b', 'team-a', 'team-a'] });
    const objects = Testing.synth(chart) as Manifest[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/openbao/openbao-configure',
      'ConfigMap/openbao/openbao-configure',
      'CronJob/openbao/openbao-configure',
    ]);
    expect(config.tokenSecret).toBe('openbao-configure-token');
    const map = objects[1]!;
    const script: string = map.data['configure.sh'];
    // Idempotent: enable only what is missing, write what git says; exit 0 before init.
    expect(script).toMatch(/if \[ ! -s \/token\/token \]; then\n.*\n  exit 0/);
    expect(script).toContain(`if ! bao auth list -format=json | grep -q '"kubernetes/"'; then bao auth enable -path=kubernetes kubernetes; fi`);
    expect(script).toContain(`if ! bao secrets list -format=json | grep -q '"secret/"'; then bao secrets enable -path=secret kv-v2; fi`);
    expect(script).toContain('bao write auth/kubernetes/role/team-a bound_service_account_names=\'*\' bound_service_account_namespaces=team-a token_policies=tenant-team-a token_ttl=1h');
    expect(script.indexOf('role/team-a')).toBeLessThan(script.indexOf('role/team-b'));
    expect(Object.keys(map.data).sort()).toEqual(['configure.sh', 'policy-tenant-team-a.hcl', 'policy-tenant-team-b.hcl']);
    expect(map.data['policy-tenant-team-a.hcl']).toBe(tenantPolicy('team-a'));
    expect(tenantPolicy('team-a')).not.toMatch(/create|update|delete/);
    // The configuration token may write tenant policies only, never its own.
    expect(configurePolicy()).toContain('path "sys/policies/acl/tenant-*"');
    expect(configurePolicy()).not.toContain('sys/policies/acl/*');

    const cron = objects[2]!;
    const job = { kind: 'Job', metadata: { name: 'j' }, spec: cron.spec.jobTemplate.spec };
    expect(podSecurityViolations(job, 'restricted')).toEqual([]);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].image).toBe(SECRETS_CLI_IMAGES.openbao);
    expect(pod.volumes.find((v: Manifest) => v.name === 'token').secret).toMatchObject({ secretName: 'openbao-configure-token', optional: true });
    // Only the CA of the listener certificate is mounted, not its key.
    expect(pod.volumes.find((v: Manifest) => v.name === 'ca').secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(() => new SecretsConfiguration(Testing.chart(), 'x', { product: 'vault', tenants: [], schedule: 'hourly' })).toThrow(/cron/);
  });

  it('pins the CLI image to the appVersion of the chart the fleet pins', () => {
    // A chart bump (Renovate) must move the CLI image with it: this fails until it does.
    for (const product of ['vault', 'openbao'] as const) {
      const archive = join(chartCacheDir(), archiveName({ name: product, version: pinnedComponentVersion(product) }));
      const chartYaml = parse(execFileSync('tar', ['-xzOf', archive, `${product}/Chart.yaml`], { encoding: 'utf8' }));
      expect(SECRETS_CLI_IMAGES[product], product).toMatch(new RegExp(`:${String(chartYaml.appVersion).replace(/^v/, '').replace(/\./g, '\\.')}$`));
    }
  });

  it('refuses both servers on one cluster, and writes the configuration where one runs', async () => {
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', [[['clusters', 'oke-dev', 'components', 'vault'], { enabled: true }], [['clusters', 'oke-dev', 'components', 'openbao'], { enabled: true }]]);
    let error: unknown;
    try {
      loadPlatform(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.rule)).toContain('secrets-manager-one');

    const ok = copyEnvironments();
    edit(ok, 'dev.yaml', [
      [['clusters', 'oke-dev', 'components', 'openbao'], { enabled: true }],
      [['clusters', 'oke-dev', 'oci', 'kmsUnseal'], seal],
    ]);
    const platform = loadPlatform(ok);
    const files = await buildGitops(platform);
    const configs = [...files.keys()].filter((f) => f.startsWith('clusters/oke-dev/infrastructure/configs/openbao/'));
    expect(configs.map((f) => f.split('/').pop()).sort()).toEqual(expect.arrayContaining(['config-map.yaml', 'cron-job.yaml', 'network-policy.yaml']));
    const egress = parseDocsOf(files.get('clusters/oke-dev/infrastructure/configs/openbao/network-policy.yaml')!);
    expect(egress.map((p) => p.metadata.name).sort()).toEqual(['allow-instance-metadata', 'allow-oci-kms']);
  });

  it('parses chart output that Go\'s YAML parser accepts and js-yaml does not (a flow sequence closed at its key\'s indentation)', () => {
    const text = '---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      command: [\n        "/bin/sh",\n        # a comment\n        "-c",\n      ]\n';
    expect(parseHelmOutput(text)).toEqual([{ source: 'c/templates/s.yaml', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', command: ['/bin/sh', '-c'] }] } } }]);
    expect(() => parseHelmOutput('---\n# Source: x.yaml\na: [b\n')).toThrow(/x\.yaml/);
  });
});

function parseDocsOf(text: string): Manifest[] {
  return text.split(/^---$/m).map((c) => parse(c)).filter(Boolean);
}
