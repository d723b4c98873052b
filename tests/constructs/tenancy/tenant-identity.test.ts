import { existsSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantIdentity, type TenantIdentityProps } from '../../../constructs/tenancy';
import type { RouteEntry } from '../../../constructs/components/platform-route';
import { restrictedViolations } from './pod-security';
import { schemaErrors, schemaPath, schemasAvailable, SKIP_MESSAGE } from './schema-validation';

type Manifest = Record<string, any>;

const GATEWAY: RouteEntry = { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'envoy-gateway-system', sectionName: 'https' };
const IMAGE = 'docker.io/kanidm/server:1.11.2';

function synth(props: Partial<TenantIdentityProps> = {}): Manifest[] {
  const chart = Testing.chart();
  new TenantIdentity(chart, 'identity', { tenant: 'team-a', domain: 'staging.example.com', image: IMAGE, route: GATEWAY, ...props });
  return Testing.synth(chart) as Manifest[];
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
}

const pod = (manifests: Manifest[]) => find(manifests, 'StatefulSet', 'kanidm').spec.template.spec;
const toml = (manifests: Manifest[]) => find(manifests, 'ConfigMap', 'kanidm-config').data['server.toml'] as string;

describe('TenantIdentity', () => {
  const manifests = synth();

  it('creates exactly the expected objects, all in the tenant namespace, and no Secret', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ConfigMap/kanidm-config',
      'Certificate/kanidm-tls',
      'Service/kanidm',
      'StatefulSet/kanidm',
      'NetworkPolicy/kanidm-from-ingress',
      'HTTPRoute/kanidm',
      'BackendTLSPolicy/kanidm',
    ]);
    for (const m of manifests) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe('team-a');
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('runs the pinned kanidm/server image, one replica', () => {
    const sts = find(manifests, 'StatefulSet', 'kanidm');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['docker.io/kanidm/server:1.11.2']);
    expect(synth({ image: 'docker.io/kanidm/server@sha256:' + 'a'.repeat(64) }).find((m) => m.kind === 'StatefulSet')!.spec.template.spec.containers[0].image).toMatch(/@sha256:a{64}$/);
  });

  it('answers on idm.<tenant>.<domain>: route, WebAuthn domain and origin', () => {
    expect(TenantIdentity.hostname('team-a', 'staging.example.com')).toBe('idm.team-a.staging.example.com');
    const route = find(manifests, 'HTTPRoute', 'kanidm');
    expect(route.spec.hostnames).toEqual(['idm.team-a.staging.example.com']);
    expect(route.spec.parentRefs).toEqual([{ name: 'platform', namespace: 'envoy-gateway-system', sectionName: 'https' }]);
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: 'kanidm', port: 8443 }] }]);
    expect(toml(manifests)).toContain('domain = "idm.team-a.staging.example.com"\n');
    expect(toml(manifests)).toContain('origin = "https://idm.team-a.staging.example.com"\n');
    expect(toml(synth({ tenant: 'blue', domain: 'example.org' }))).toContain('origin = "https://idm.blue.example.org"\n');
  });

  it('writes a version 2 server.toml: HTTPS on 8443 with the mounted key pair, database and backups on the volume', () => {
    const text = toml(manifests);
    for (const line of ['version = "2"', 'bindaddress = "0.0.0.0:8443"', 'db_path = "/data/kanidm.db"', 'tls_chain = "/tls/tls.crt"', 'tls_key = "/tls/tls.key"', '[online_backup]', 'path = "/data/backups/"']) {
      expect(text).toContain(`${line}\n`);
    }
    // Without trusted proxies the forwarded-for header is ignored (v2 default: none).
    expect(text).not.toContain('http_client_address_info');
    const trusted = toml(synth({ trustedProxyCidrs: ['10.42.0.0/16'] }));
    expect(trusted).toContain('[http_client_address_info]\nx-forward-for = ["10.42.0.0/16"]\n');
    const container = pod(manifests).containers[0];
    expect(container.env).toEqual([{ name: 'KANIDM_CONFIG', value: '/config/server.toml' }]);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'tls', mountPath: '/tls', readOnly: true },
    ]);
    // A config change rolls the pod.
    const checksum = (m: Manifest[]) => find(m, 'StatefulSet', 'kanidm').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(synth({ trustedProxyCidrs: ['10.42.0.0/16'] }))).not.toBe(checksum(manifests));
  });

  it('serves TLS itself with a cert-manager certificate mounted from its Secret, which the route verifies', () => {
    const cert = find(manifests, 'Certificate', 'kanidm-tls').spec;
    expect(cert.secretName).toBe('kanidm-tls');
    expect(cert.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'platform-internal-ca' });
    expect(cert.dnsNames).toEqual(['kanidm.team-a.svc', 'kanidm.team-a.svc.cluster.local', 'kanidm', 'idm.team-a.staging.example.com']);
    expect(pod(manifests).volumes).toContainEqual({ name: 'tls', secret: { secretName: 'kanidm-tls', defaultMode: 0o440 } });
    const backend = find(manifests, 'BackendTLSPolicy', 'kanidm').spec;
    expect(backend.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'kanidm' }]);
    expect(backend.validation).toEqual({ caCertificateRefs: [{ group: '', kind: 'Secret', name: 'kanidm-tls' }], hostname: 'kanidm.team-a.svc' });
    expect(find(synth({ clusterIssuer: 'tenant-ca' }), 'Certificate', 'kanidm-tls').spec.issuerRef.name).toBe('tenant-ca');
  });

  it('probes /status over HTTPS on the server port', () => {
    const container = pod(manifests).containers[0];
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].httpGet).toEqual({ path: '/status', port: 'https', scheme: 'HTTPS' });
    }
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    expect(find(manifests, 'Service', 'kanidm').spec.ports).toEqual([{ name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' }]);
  });

  it('keeps its data on a retained volume sized from storageGb (default 1 GiB)', () => {
    const sts = find(manifests, 'StatefulSet', 'kanidm').spec;
    expect(sts.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.volumeClaimTemplates).toHaveLength(1);
    const claim = sts.volumeClaimTemplates[0];
    expect(claim.metadata.name).toBe('data');
    expect(claim.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
    const sized = find(synth({ storageGb: 3, storageClassName: 'longhorn' }), 'StatefulSet', 'kanidm').spec.volumeClaimTemplates[0].spec;
    expect(sized.resources.requests.storage).toBe('3Gi');
    expect(sized.storageClassName).toBe('longhorn');
  });

  it('passes Pod Security restricted, explicitly', () => {
    const spec = pod(manifests);
    expect(restrictedViolations(spec)).toEqual([]);
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 389,
      runAsGroup: 389,
      fsGroup: 389,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 389,
      runAsGroup: 389,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    // The checker is not vacuous.
    expect(restrictedViolations({ ...spec, containers: [{ ...spec.containers[0], securityContext: { ...spec.containers[0].securityContext, allowPrivilegeEscalation: true } }] })).toEqual([
      'container kanidm: allowPrivilegeEscalation must be false',
    ]);
  });

  it('admits only the ingress proxies, on TCP 8443 only', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0]!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kanidm', 'app.kubernetes.io/component': 'identity' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ protocol: 'TCP', port: 8443 }] }],
    });
    const nginx = synth({ ingressNamespace: 'ingress-nginx', route: { kind: 'ingress', className: 'nginx' } });
    expect(find(nginx, 'NetworkPolicy', 'kanidm-from-ingress').spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
    // ingress-nginx re-encrypts to the server and verifies it the same way.
    const ingress = find(nginx, 'Ingress', 'kanidm');
    expect(ingress.spec.rules[0].host).toBe('idm.team-a.staging.example.com');
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
      'nginx.ingress.kubernetes.io/proxy-ssl-secret': 'team-a/kanidm-tls',
      'nginx.ingress.kubernetes.io/proxy-ssl-name': 'kanidm.team-a.svc',
    });
  });

  it('makes no route without a route entry', () => {
    const kinds = synth({ route: undefined }).map((m) => m.kind);
    expect(kinds).not.toContain('HTTPRoute');
    expect(kinds).not.toContain('Ingress');
  });

  it('is deterministic', () => {
    expect(synth()).toEqual(synth());
  });

  describe('validation', () => {
    it.each<[Partial<TenantIdentityProps>, RegExp]>([
      [{ tenant: 'Team_A' }, /TenantIdentity identity: tenant must be a DNS label.*got "Team_A"/],
      [{ domain: 'Example.COM' }, /TenantIdentity identity: domain must be a lower-case DNS name.*got "Example.COM"/],
      [{ image: 'docker.io/kanidm/server:latest' }, /TenantIdentity identity: image must be pinned/],
      [{ image: 'kanidm/server' }, /image must be pinned/],
      [{ storageGb: 0 }, /storageGb must be an integer from 1 to 16384, got 0/],
      [{ trustedProxyCidrs: ['10.42.0.0'] }, /trustedProxyCidrs must list CIDR blocks.*got "10.42.0.0"/],
      [{ ingressNamespace: 'Bad NS' }, /ingressNamespace must be a DNS label.*got "Bad NS"/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest with an upstream schema is valid against it', () => {
    const checked = manifests.filter((m) => existsSync(schemaPath(m.apiVersion, m.kind)));
    expect(checked.map((m) => m.kind)).toEqual(['ConfigMap', 'Certificate', 'Service', 'StatefulSet', 'NetworkPolicy']);
    expect(schemaErrors(checked)).toEqual([]);
  });
  it.skipIf(schemasAvailable)(SKIP_MESSAGE, () => {});
});
