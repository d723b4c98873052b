import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../policy/index';
import { findCredential } from '../../policy/secrets';
import { AGE, check, deployment, dump, ENC, EXTERNAL, gitops, kustomize, platform, ruleIds, stacks, type Json } from './fixtures';

function withTree(edit: (t: Map<string, string>) => void, overrides: Parameters<typeof check>[0] = {}): Finding[] {
  const t = gitops();
  edit(t);
  return check({ gitops: t, ...overrides });
}

function editDocs(t: Map<string, string>, file: string, edit: (docs: Json[]) => Json[] | void): void {
  const docs = parseAllDocuments(t.get(file)!).map((d) => d.toJS() as Json);
  t.set(file, dump(...(edit(docs) ?? docs)));
}

const SECRET = 'clusters/dev/secrets/cloudflare.sops.yaml';

describe('secret-plaintext', () => {
  it('fires for a Secret without sops metadata, with a clear value, or outside a *.sops.yaml file', () => {
    const clear = withTree((t) => editDocs(t, SECRET, ([s]) => {
      delete s!.sops;
      s!.stringData['api-token'] = 'plain';
    }));
    expect(ruleIds(clear)).toEqual(['secret-plaintext']);
    expect(clear[0]!.message).toContain('gitops/clusters/dev/secrets/cloudflare.sops.yaml:1: v1 Secret cert-manager/cloudflare-api-token is a plaintext Secret: it has no sops metadata');
    const oneClear = withTree((t) => editDocs(t, SECRET, ([s]) => {
      s!.stringData.extra = 'plain';
    }));
    expect(oneClear[0]!.message).toContain('stringData.extra is not ENC[...]');
    const wrongFile = withTree((t) => {
      t.set('clusters/dev/secrets/cloudflare.yaml', t.get(SECRET)!);
      t.delete(SECRET);
      t.set('clusters/dev/kustomization.yaml', kustomize(['flux-system', 'infrastructure.yaml', 'tenants.yaml', 'secrets/cloudflare.yaml']));
    });
    expect(ruleIds(wrongFile)).toEqual(['secret-plaintext']);
    expect(wrongFile[0]!.message).toContain('it is in cloudflare.yaml, not a *.sops.yaml file');
  });

  it('is quiet for an encrypted Secret and for *_unencrypted keys', () => {
    const findings = withTree((t) => editDocs(t, SECRET, ([s]) => {
      s!.stringData.note_unencrypted = 'visible on purpose';
    }));
    expect(findings).toEqual([]);
  });
});

describe('secret-reference-missing', () => {
  it('fires for each kind of reference to a Secret that is nowhere in the tree', () => {
    const cases: [Json, RegExp][] = [
      [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'a', namespace: 'apps' }, spec: { chart: { spec: { chart: 'a', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'r' } } }, valuesFrom: [{ kind: 'Secret', name: 'a-values' }] } }, /spec\.valuesFrom\[0\] references Secret apps\/a-values/],
      [{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'private', namespace: 'flux-system' }, spec: { url: 'ssh://git@github.com/x/y', secretRef: { name: 'deploy-key' } } }, /spec\.secretRef references Secret flux-system\/deploy-key/],
      [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'r53' }, spec: { acme: { privateKeySecretRef: { name: 'generated' }, solvers: [{ dns01: { route53: { region: 'eu-central-1', secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret' } } } }] } } }, /spec\.acme\.solvers\[0\]\.dns01\.route53\.secretAccessKeySecretRef references Secret cert-manager\/route53-credentials/],
      [deployment({ metadata: { namespace: 'apps' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'x/y:1.0', envFrom: [{ secretRef: { name: 'db' } }], env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'pw', key: 'p' } } }] }], volumes: [{ name: 'v', secret: { secretName: 'certs' } }] } } } }), /envFrom\[0\]\.secretRef references Secret apps\/db/],
      [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k', namespace: 'flux-system' }, spec: { path: './elsewhere', sourceRef: { kind: 'GitRepository', name: 'x' }, decryption: { provider: 'sops', secretRef: { name: 'other-key' } } } }, /spec\.decryption\.secretRef references Secret flux-system\/other-key/],
    ];
    for (const [object, message] of cases) {
      const findings = withTree((t) => {
        t.set('infrastructure/dev/extra.yaml', dump(object));
        t.set('infrastructure/dev/kustomization.yaml', kustomize(['cert-manager.yaml', 'envoy-gateway.yaml', 'extra.yaml']));
      });
      const mine = findings.filter((f) => f.rule === 'secret-reference-missing');
      expect(mine.length, String(message)).toBeGreaterThan(0);
      expect(mine.map((f) => f.message).join('\n')).toMatch(message);
      expect(mine[0]!.message).toContain('for cluster dev');
    }
  });

  it('fires for Flux decryption without the sops-age declaration', () => {
    const findings = check({ externalSecrets: [] });
    expect(ruleIds(findings)).toEqual(['secret-reference-missing']);
    expect(findings.every((f) => f.message.includes('spec.decryption.secretRef references Secret flux-system/sops-age'))).toBe(true);
  });

  it('is quiet for Secrets in the tree, secretGenerator, cert-manager outputs, the annotation and external declarations', () => {
    expect(check()).toEqual([]);
    const object = deployment({
      metadata: { namespace: 'team-a', annotations: { 'policy.cheapk8s.io/external-secrets': 'vault-token' } },
      spec: {
        template: {
          spec: {
            containers: [{ ...deployment().spec.template.spec.containers[0], envFrom: [{ secretRef: { name: 'generated' } }, { secretRef: { name: 'vault-token' } }, { secretRef: { name: 'web-tls' } }, { secretRef: { name: 'app-db' } }, { secretRef: { name: 'opt', optional: true } }] }],
          },
        },
      },
    });
    const findings = withTree(
      (t) => {
        t.set('tenants/dev/web.yaml', dump(object, { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'team-a' }, spec: { secretName: 'web-tls', issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } } }));
        t.set('tenants/dev/kustomization.yaml', kustomize(['team-a.yaml', 'web.yaml'], { secretGenerator: [{ name: 'generated', namespace: 'team-a', files: ['x=web.yaml'] }] }));
      },
      { externalSecrets: [...EXTERNAL, { name: 'app-*', namespace: 'team-a', cluster: 'dev', reason: 'created by the CloudNativePG operator' }] },
    );
    expect(findings).toEqual([]);
  });
});

describe('sops-creation-rule', () => {
  it('fires when no creation rule matches a secret file, when .sops.yaml is missing, and for a bad regex', () => {
    const unmatched = withTree((t) => t.set('.sops.yaml', stringify({ creation_rules: [{ path_regex: '^clusters/prod/.*\\.sops\\.yaml$', age: AGE }] })));
    expect(ruleIds(unmatched)).toEqual(['sops-creation-rule']);
    expect(unmatched[0]!.message).toContain('gitops/clusters/dev/secrets/cloudflare.sops.yaml: no creation rule path_regex in gitops/.sops.yaml matches clusters/dev/secrets/cloudflare.sops.yaml');
    const none = withTree((t) => t.delete('.sops.yaml'));
    expect(ruleIds(none)).toEqual(['sops-creation-rule']);
    const bad = withTree((t) => t.set('.sops.yaml', stringify({ creation_rules: [{ path_regex: '([', age: AGE }, { path_regex: '\\.sops\\.yaml$', age: AGE }] })));
    expect(ruleIds(bad)).toEqual(['sops-creation-rule']);
    expect(bad[0]!.message).toContain('is not a valid regular expression');
  });

  it("fires when the matching rule does not encrypt for the cluster's age recipients", () => {
    const other = 'age1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
    const findings = withTree((t) => t.set('.sops.yaml', stringify({ creation_rules: [{ path_regex: '\\.sops\\.yaml$', age: other }] })));
    expect(ruleIds(findings)).toEqual(['sops-creation-rule']);
    expect(findings[0]!.message).toContain(`does not encrypt for cluster dev's age recipients ${AGE}`);
  });

  it('is quiet for a repository-root style path_regex and key_groups', () => {
    const findings = withTree((t) => t.set('.sops.yaml', stringify({ creation_rules: [{ path_regex: '^gitops/clusters/dev/.*\\.sops\\.yaml$', key_groups: [{ age: [AGE] }] }] })));
    expect(findings).toEqual([]);
  });
});

describe('credential-in-output', () => {
  const samples: [string, string][] = [
    ['private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['RSA private key', '-----BEGIN RSA PRIVATE KEY-----'],
    ['AWS access key id', `AKIA${'Q'.repeat(16)}`],
    ['AWS secret', `aws_secret_access_key = ${'a'.repeat(20)}/${'B'.repeat(19)}`],
    ['GCP API key', `AIza${'x'.repeat(35)}`],
    ['GitHub token', `ghp_${'a1'.repeat(18)}`],
    ['GitHub fine-grained', `github_pat_${'A'.repeat(82)}`],
    ['Slack token', 'xoxb-123456789012-abcdefghijkl'],
    ['Slack webhook', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['npm token', `npm_${'z'.repeat(36)}`],
    ['npmrc', `//registry.npmjs.org/:_authToken=${'f'.repeat(36)}`],
    ['SendGrid', `SG.${'a'.repeat(22)}.${'b'.repeat(43)}`],
    ['Shopify', `shpat_${'a'.repeat(32)}`],
    ['OpenAI', `sk-proj-${'a'.repeat(20)}T3BlbkFJ${'b'.repeat(20)}`],
    ['Anthropic', `sk-ant-api03-${'a'.repeat(93)}AA`],
    ['Linear', `lin_api_${'a'.repeat(40)}`],
    ['1Password', `ops_eyJ${'a'.repeat(80)}`],
    ['age secret key', `AGE-SECRET-KEY-1${'Q'.repeat(58)}`],
    ['DigitalOcean', `dop_v1_${'a'.repeat(64)}`],
    ['postgres URL', 'postgres://app:s3cret@db.internal:5432/app'],
    ['basic auth', 'https://admin:hunter2@grafana.example.com/'],
  ];

  it('recognizes every pattern', () => {
    for (const [name, text] of samples) expect(findCredential(`value: ${text}`), name).toBeDefined();
  });

  it('fires in a gitops file (file and line) and in a stack (stack and Terraform address)', () => {
    const inTree = withTree((t) => editDocs(t, 'infrastructure/dev/cert-manager.yaml', (docs) => {
      docs[2]!.spec.values.webhookUrl = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    }));
    expect(ruleIds(inTree)).toEqual(['credential-in-output']);
    expect(inTree[0]!.message).toMatch(/^gitops\/infrastructure\/dev\/cert-manager\.yaml:\d+ contains what looks like a Slack webhook URL \(https:\/\/…\)/);
    const s = stacks();
    s.get('staging-cluster')!.resource.hcloud_server.cp.user_data = `#cloud-config\ntoken: ghp_${'a1'.repeat(18)}\n`;
    const inStack = check({ stacks: s });
    expect(ruleIds(inStack)).toEqual(['credential-in-output']);
    expect(inStack[0]!.resource).toBe('staging-cluster:hcloud_server.cp');
    expect(inStack[0]!.message).toContain('stack staging-cluster: resource.hcloud_server.cp.user_data');
    expect(inStack[0]!.message).not.toContain('a1a1a1a1a1');
  });

  it('is quiet for SOPS values, public keys, Terraform references, placeholders and ordinary URLs', () => {
    for (const text of [
      ENC,
      AGE,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithYourOwnPublicKey000000 admin@example.com',
      'token: "${random_password.k3s_token.result}"',
      'postgres://app:${DB_PASSWORD}@db:5432/app',
      'https://user:{{ .Values.password }}@host/',
      'ocid1.tenancy.oc1..aaaaaaaaexampletenancy',
      'https://github.com/example/platform.git',
      '-----BEGIN AGE ENCRYPTED FILE-----',
      '-----BEGIN PUBLIC KEY-----',
      'git@github.com:example/platform.git',
    ]) {
      expect(findCredential(text), text).toBeUndefined();
    }
    expect(check().filter((f) => f.rule === 'credential-in-output')).toEqual([]);
  });
});

it('every tenant secret check runs against the right cluster only', () => {
  // A Secret in another cluster's folder does not satisfy a reference in cluster dev.
  const findings = withTree((t) => {
    t.set('clusters/prod/kustomization.yaml', kustomize(['db.sops.yaml']));
    t.set('clusters/prod/db.sops.yaml', dump({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team-a' }, stringData: { p: ENC }, sops: { mac: ENC, age: [{ recipient: AGE }] } }));
    t.set('.sops.yaml', stringify({ creation_rules: [{ path_regex: '\\.sops\\.yaml$', age: AGE }] }));
    editDocs(t, 'tenants/dev/web.yaml', ([d]) => {
      d!.spec.template.spec.containers[0].envFrom = [{ secretRef: { name: 'db' } }];
    });
  });
  expect(ruleIds(findings)).toEqual(['secret-reference-missing']);
  expect(findings[0]!.message).toContain('Secret team-a/db, which is not in the gitops tree for cluster dev');
  void platform;
});
