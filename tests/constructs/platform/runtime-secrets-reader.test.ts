import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { describe, expect, it } from 'vitest';
import { SecretsConfiguration, tenantPolicy } from '../../../constructs/components/secrets-configuration';
import { agentInjectorAnnotations } from '../../../constructs/platform/runtime-secrets';
import { podSecurityViolations } from '../../../policy/pod-security';

describe('an application reading a runtime secret with its ServiceAccount', () => {
  it('annotates a restricted pod for the agent injector, with the tenant role the configuration creates and a path its policy reads', () => {
    const annotations = agentInjectorAnnotations({ role: 'team-a', secrets: { web: 'secret/data/team-a/web' }, caSecret: 'secrets-ca' });
    expect(annotations).toEqual({
      'vault.hashicorp.com/agent-inject': 'true',
      'vault.hashicorp.com/role': 'team-a',
      'vault.hashicorp.com/tls-secret': 'secrets-ca',
      'vault.hashicorp.com/ca-cert': '/vault/tls/ca.crt',
      'vault.hashicorp.com/agent-inject-secret-web': 'secret/data/team-a/web',
    });
    // The role and the policy it needs are what SecretsConfiguration writes for tenant team-a.
    const chart = Testing.chart();
    new SecretsConfiguration(chart, 'cfg', { product: 'openbao', tenants: ['team-a'] });
    const map = Testing.synth(chart).find((o) => o.kind === 'ConfigMap')!;
    expect(map.data['configure.sh']).toContain('auth/kubernetes/role/team-a bound_service_account_names=\'*\' bound_service_account_namespaces=team-a token_policies=tenant-team-a');
    expect(tenantPolicy('team-a')).toContain('path "secret/data/team-a/*"');

    // An application pod carrying them: its own ServiceAccount, token mounted, restricted.
    const app = Testing.chart();
    new k8s.KubeServiceAccount(app, 'sa', { metadata: { name: 'web', namespace: 'team-a' } });
    new k8s.KubeDeployment(app, 'web', {
      metadata: { name: 'web', namespace: 'team-a' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations },
          spec: {
            serviceAccountName: 'web',
            automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'web',
                image: 'ghcr.io/example/web:1.0.0',
                command: ['/bin/sh', '-c', 'test -s /vault/secrets/web && exec /app/web'],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
              },
            ],
          },
        },
      },
    });
    const deployment = Testing.synth(app).find((o) => o.kind === 'Deployment')!;
    expect(podSecurityViolations(deployment, 'restricted')).toEqual([]);
    expect(deployment.spec.template.metadata.annotations['vault.hashicorp.com/role']).toBe('team-a');
  });

  it('refuses a path outside the tenant\'s folder, which its role could not read', () => {
    expect(() => agentInjectorAnnotations({ role: 'team-a', secrets: { x: 'secret/data/team-b/x' }, caSecret: 'ca' })).toThrow(/outside secret\/data\/team-a/);
    expect(() => agentInjectorAnnotations({ role: 'team-a', secrets: {}, caSecret: 'ca' })).toThrow(/at least one/);
  });
});
