import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KustomizeApp, type KustomizeAppProps } from '../../../constructs/apps';
import { schemaErrors, schemasAvailable, SKIP_MESSAGE } from '../tenancy/schema-validation';
import { restrictedViolations } from './pod-security';

type Manifest = Record<string, any>;

const BASE: KustomizeAppProps = {
  tenant: 'team-a',
  image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
  port: 9898,
  replicas: 2,
  domain: 'staging.example.com',
};

function synth(props: Partial<KustomizeAppProps> = {}, id = 'web'): Manifest[] {
  const chart = Testing.chart();
  new KustomizeApp(chart, id, { ...BASE, ...props });
  return Testing.synth(chart) as Manifest[];
}

const get = (out: Manifest[], kind: string) => out.find((m) => m.kind === kind)!;

describe('KustomizeApp', () => {
  const out = synth();
  const deployment = get(out, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('creates a Deployment and a Service named after the app in the tenant namespace, and no Ingress without ingressClassName', () => {
    expect(out.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['Deployment/team-a/web', 'Service/team-a/web']);
    expect(JSON.stringify(out)).not.toContain('nginx');
  });

  it('adds an Ingress named after the app with an ingressClassName', () => {
    expect(synth({ ingressClassName: 'nginx' }).map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'Deployment/team-a/web',
      'Service/team-a/web',
      'Ingress/team-a/web',
    ]);
  });

  it('selects pods by app.kubernetes.io/name only (no construct-path label)', () => {
    const labels = { 'app.kubernetes.io/name': 'web' };
    expect(deployment.spec.selector).toEqual({ matchLabels: labels });
    expect(deployment.spec.template.metadata.labels).toEqual(labels);
    expect(get(out, 'Service').spec.selector).toEqual(labels);
    expect(JSON.stringify(out)).not.toContain('cdk8s.io/metadata.addr');
  });

  it('runs the pinned image with the requested replicas', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe('ghcr.io/stefanprodan/podinfo:6.9.2');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9898, protocol: 'TCP' }]);
  });

  it('has a Pod Security restricted-compliant security context', () => {
    expect(restrictedViolations(deployment)).toEqual([]);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
  });

  it('the restricted checker flags what Pod Security would reject', () => {
    const bad = structuredClone(deployment);
    const c = bad.spec.template.spec.containers[0];
    delete c.securityContext.seccompProfile;
    delete bad.spec.template.spec.securityContext.seccompProfile;
    c.securityContext.allowPrivilegeEscalation = true;
    c.securityContext.capabilities = { add: ['NET_ADMIN'] };
    bad.spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/' } });
    expect(restrictedViolations(bad)).toEqual([
      'Deployment/web: volume host of type hostPath',
      'Deployment/web/web: allowPrivilegeEscalation is not false',
      'Deployment/web/web: seccompProfile is undefined',
      'Deployment/web/web: capabilities.drop lacks ALL',
      'Deployment/web/web: adds capability NET_ADMIN',
    ]);
  });

  it('gives the read-only container a writable /tmp', () => {
    expect(container.volumeMounts).toEqual([{ name: 'rw-tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'rw-tmp', emptyDir: {} }]);
  });

  it('sets requests and limits (defaults, and per-field overrides)', () => {
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    const custom = get(synth({ resources: { limits: { memory: '1Gi' } } }), 'Deployment').spec.template.spec.containers[0];
    expect(custom.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
  });

  it('probes the port over TCP by default', () => {
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].tcpSocket).toEqual({ port: 'http' });
    }
    expect(container.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 30 });
    expect(container.livenessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3 });
  });

  it('probes over HTTP when healthCheckPath is given', () => {
    const c = get(synth({ healthCheckPath: '/healthz' }), 'Deployment').spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.tcpSocket).toBeUndefined();
  });

  it('exposes the app on Service port 80', () => {
    expect(get(out, 'Service').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 80, targetPort: 9898, protocol: 'TCP' }],
    });
  });

  it('routes <host>.<domain> through the Ingress with cert-manager TLS', () => {
    const ingress = get(synth({ ingressClassName: 'nginx' }), 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'web.staging.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
        },
      ],
      tls: [{ hosts: ['web.staging.example.com'], secretName: 'web-tls' }],
    });
  });

  it('takes host, ingressClassName and clusterIssuer as props', () => {
    const ingress = get(synth({ host: 'www', ingressClassName: 'traefik', clusterIssuer: 'letsencrypt-staging' }), 'Ingress');
    expect(ingress.spec.rules[0].host).toBe('www.staging.example.com');
    expect(ingress.spec.tls).toEqual([{ hosts: ['www.staging.example.com'], secretName: 'web-tls' }]);
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-staging');
  });

  it('passes env (literals and Secret/ConfigMap keys) and envFrom (Secrets and ConfigMaps, in order) to the container', () => {
    const c = get(
      synth({
        env: { B: '2', A: '1', TOKEN: { secretKeyRef: { name: 'web-secrets', key: 'token' } }, MODE: { configMapKeyRef: { name: 'web-config', key: 'mode' } } },
        envFrom: [{ secretRef: { name: 'web-env' } }, { configMapRef: { name: 'web-settings' } }],
      }),
      'Deployment',
    ).spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'mode' } } },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'web-secrets', key: 'token' } } },
    ]);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'web-env' } }, { configMapRef: { name: 'web-settings' } }]);
  });

  it('accepts digests and version tags', () => {
    const digest = `registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}`;
    expect(get(synth({ image: digest }), 'Deployment').spec.template.spec.containers[0].image).toBe(digest);
    for (const image of ['postgres:17.6', 'nginx:1.27.3-alpine', 'ghcr.io/x/y:v1.2.3', `nginx:latest@sha256:${'b'.repeat(64)}`]) {
      expect(() => synth({ image })).not.toThrow();
    }
  });

  it('is deterministic', () => {
    expect(synth()).toEqual(synth());
  });

  describe('validation', () => {
    it.each<[Partial<KustomizeAppProps>, RegExp]>([
      [{ image: 'nginx:latest' }, /KustomizeApp web: image must be pinned: .*got "nginx:latest"/],
      [{ image: 'nginx' }, /KustomizeApp web: image must be pinned.*got "nginx"/],
      [{ image: 'registry.example.com:5000/nginx' }, /image must be pinned.*got "registry.example.com:5000\/nginx"/],
      [{ image: 'nginx:stable' }, /image must be pinned.*got "nginx:stable"/],
      [{ image: 'postgres:17' }, /image must be pinned.*got "postgres:17"/],
      [{ image: 'nginx@sha256:abc' }, /image must be pinned.*got "nginx@sha256:abc"/],
      [{ tenant: '' }, /tenant must be a DNS label.*got ""/],
      [{ name: 'Web' }, /KustomizeApp web: name must be a DNS label.*got "Web"/],
      [{ port: 0 }, /port must be an integer from 1 to 65535, got 0/],
      [{ replicas: 1.5 }, /replicas must be an integer from 0 to 100, got 1.5/],
      [{ domain: 'Example.com' }, /domain must be a lower-case DNS name.*got "Example.com"/],
      [{ host: 'a.b' }, /host must be a DNS label.*got "a.b"/],
      [{ runAsUser: 0 }, /runAsUser must be an integer from 1 to 2147483647, got 0/],
      [{ resources: { requests: { cpu: '2' } } }, /resources.requests.cpu must not exceed resources.limits.cpu \(500m\), got "2"/],
      [{ resources: { limits: { memory: '1GB' } } }, /resources.limits.memory must be a memory quantity.*got "1GB"/],
      [{ healthCheckPath: 'healthz' }, /healthCheckPath must be an absolute HTTP path.*got "healthz"/],
      [{ writablePaths: ['tmp'] }, /writablePaths must hold absolute paths.*got "tmp"/],
      [{ writablePaths: ['/tmp', '/tmp/'] }, /writablePaths must not repeat a path.*got "\/tmp\/"/],
      [{ env: { 'BAD-NAME': 'x' } }, /env keys must be environment variable names.*got "BAD-NAME"/],
      [{ envFrom: [{ secretRef: { name: 'Secret' } }] }, /envFrom\[0\]\.secretRef\.name must be a Secret or ConfigMap name.*got "Secret"/],
      [{ envFrom: [{ secret: 'x' } as never] }, /envFrom\[0\] must be \{ secretRef: \{ name \} \} or \{ configMapRef: \{ name \} \}/],
      [{ env: { A: { secretKeyRef: { name: 's', key: 'a b' } } } }, /env\.A\.secretKeyRef\.key must be a Secret or ConfigMap key.*got "a b"/],
      [{ env: { A: 1 as never } }, /env\.A must be a string, \{ secretKeyRef/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest is valid against the strict Kubernetes 1.31 schemas', () => {
    expect(schemaErrors(out)).toEqual([]);
    expect(schemaErrors(synth({ healthCheckPath: '/healthz', env: { A: '1', B: { secretKeyRef: { name: 's', key: 'b' } } }, envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' } }], writablePaths: ['/tmp', '/cache'] }))).toEqual([]);
  });
  it.runIf(!schemasAvailable)('schema validation skipped', () => {
    console.warn(SKIP_MESSAGE);
  });
});
