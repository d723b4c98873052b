import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ApplicationNamespace } from '../../../constructs/applications/application-namespace';
import { Forgejo } from '../../../constructs/applications/forgejo';
import { RouteRateLimit } from '../../../constructs/applications/route-rate-limit';
import { pinnedImageReason } from '../../../config/pinned-image';

const base = {
  namespace: 'git',
  image: 'codeberg.org/forgejo/forgejo:11.0.14-rootless',
  hostname: 'git.corp.test',
  database: { host: 'git-db-rw', secret: 'git-db-app' },
  securitySecret: 'git-keys',
};

describe('Forgejo', () => {
  it('runs the rootless image restricted over its database, without SSH, with probes and a volume', () => {
    const chart = Testing.chart();
    new Forgejo(chart, 'f', { ...base, storageGb: 3 });
    const objs = Testing.synth(chart);
    const deployment = objs.find((o) => o.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    expect(pod.initContainers ?? []).toEqual([]);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/api/healthz', port: 3000 });
    expect(c.env).toContainEqual({ name: 'FORGEJO__server__DISABLE_SSH', value: 'true' });
    expect(c.env).toContainEqual({ name: 'FORGEJO__database__HOST', value: 'git-db-rw:5432' });
    expect(c.env).toContainEqual({ name: 'FORGEJO__security__SECRET_KEY', valueFrom: { secretKeyRef: { name: 'git-keys', key: 'SECRET_KEY' } } });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(objs.find((o) => o.kind === 'PersistentVolumeClaim')!.spec.resources.requests.storage).toBe('3Gi');
    expect(objs.find((o) => o.kind === 'Service')!.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 3000 }]);
  });

  it('adds the OAuth2 source with the client it is given', () => {
    const chart = Testing.chart();
    new Forgejo(chart, 'f', { ...base, signIn: { issuer: 'https://id.corp.test/', clientId: 'git-client', clientSecret: 'git-oidc', displayName: 'Corp' } });
    const init = Testing.synth(chart).find((o) => o.kind === 'Deployment')!.spec.template.spec.initContainers[0];
    expect(init.env).toContainEqual({ name: 'OIDC_CLIENT_ID', value: 'git-client' });
    expect(init.env).toContainEqual({ name: 'OIDC_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'git-oidc', key: 'clientSecret' } } });
    expect(init.env).toContainEqual({ name: 'OIDC_DISCOVERY_URL', value: 'https://id.corp.test/.well-known/openid-configuration' });
    // Flux substitutes ${...} in what it applies: the script must hold none.
    expect(init.command[2]).not.toMatch(/\$\{/);
  });

  it('refuses a moving tag, a root image and a bad host', () => {
    expect(() => new Forgejo(Testing.chart(), 'f', { ...base, image: 'codeberg.org/forgejo/forgejo:latest' })).toThrow(`Forgejo f: image ${pinnedImageReason(Forgejo.imagePin)}, got "codeberg.org/forgejo/forgejo:latest"`);
    expect(() => new Forgejo(Testing.chart(), 'f', { ...base, image: 'codeberg.org/forgejo/forgejo:11.0.14' })).toThrow(/image must be pinned: .*ending in "-rootless"/);
    expect(() => new Forgejo(Testing.chart(), 'f', { ...base, hostname: 'Git' })).toThrow(/hostname/);
  });
});

describe('ApplicationNamespace and RouteRateLimit', () => {
  it('binds the reconciler to admin in the namespace only, and needs a reason below restricted', () => {
    const objs = Testing.synth(((c) => (new ApplicationNamespace(c, 'n', { name: 'app' }), c))(Testing.chart()));
    expect(objs.find((o) => o.kind === 'RoleBinding')).toMatchObject({ metadata: { namespace: 'app' }, roleRef: { kind: 'ClusterRole', name: 'admin' } });
    expect(objs.some((o) => o.kind === 'ClusterRoleBinding')).toBe(false);
    expect(objs.find((o) => o.kind === 'Namespace')!.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(() => new ApplicationNamespace(Testing.chart(), 'n', { name: 'app', podSecurity: 'baseline' })).toThrow();
  });

  it('limits a route in total per minute', () => {
    const objs = Testing.synth(((c) => (new RouteRateLimit(c, 'r', { route: 'web', namespace: 'app', requestsPerMinute: 10 }), c))(Testing.chart()));
    expect(objs[0]).toMatchObject({ kind: 'BackendTrafficPolicy', spec: { targetRefs: [{ kind: 'HTTPRoute', name: 'web' }], rateLimit: { type: 'Local', local: { rules: [{ limit: { requests: 10, unit: 'Minute' } }] } } } });
    expect(() => new RouteRateLimit(Testing.chart(), 'r', { route: 'web', namespace: 'app', requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
  });
});
