import { existsSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { TenantMail, type TenantMailProps } from '../../../constructs/tenancy';
import type { RouteEntry } from '../../../constructs/components/platform-route';
import { restrictedViolations } from './pod-security';
import { schemaErrors, schemaPath, schemasAvailable, SKIP_MESSAGE } from './schema-validation';

type Manifest = Record<string, any>;

const GATEWAY: RouteEntry = { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'envoy-gateway-system', sectionName: 'https' };
const IMAGE = 'docker.io/stalwartlabs/stalwart:v0.16.25';

function synth(props: Partial<TenantMailProps> = {}): Manifest[] {
  const chart = Testing.chart();
  new TenantMail(chart, 'mail', { tenant: 'team-a', domain: 'staging.example.com', image: IMAGE, route: GATEWAY, ...props });
  return Testing.synth(chart) as Manifest[];
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
}

const sts = (manifests: Manifest[]) => find(manifests, 'StatefulSet', 'stalwart').spec;
const container = (manifests: Manifest[]) => sts(manifests).template.spec.containers[0];
const policies = (manifests: Manifest[]) => manifests.filter((m) => m.kind === 'NetworkPolicy');
const SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'stalwart', 'app.kubernetes.io/component': 'mail' } };
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const PUBLIC = { nodePorts: { smtp: 30000, submissions: 30001, submission: 30002, imaps: 30003 }, proxyTrustedNetworks: ['10.0.0.0/16'] };

describe('TenantMail', () => {
  const manifests = synth();
  const exposed = synth({ publicService: PUBLIC });

  it('creates exactly the expected objects, all in the tenant namespace, and no Secret', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Certificate/stalwart-tls',
      'Service/stalwart',
      'StatefulSet/stalwart',
      'NetworkPolicy/stalwart-from-ingress',
      'NetworkPolicy/stalwart-egress',
      'HTTPRoute/stalwart',
    ]);
    for (const m of [...manifests, ...exposed]) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe('team-a');
    expect([...manifests, ...exposed, ...synth({ adminSecretName: 'stalwart-admin' })].some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('runs the pinned stalwartlabs/stalwart image, one replica', () => {
    expect(sts(manifests).replicas).toBe(1);
    expect(sts(manifests).template.spec.containers.map((c: any) => c.image)).toEqual(['docker.io/stalwartlabs/stalwart:v0.16.25']);
  });

  it('serves its web administration at mail.<tenant>.<domain> through the platform route, on the HTTP port', () => {
    expect(TenantMail.hostname('team-a', 'staging.example.com')).toBe('mail.team-a.staging.example.com');
    const route = find(manifests, 'HTTPRoute', 'stalwart').spec;
    expect(route.hostnames).toEqual(['mail.team-a.staging.example.com']);
    expect(route.rules).toEqual([{ backendRefs: [{ name: 'stalwart', port: 8080 }] }]);
    expect(container(manifests).env).toEqual([{ name: 'STALWART_PUBLIC_URL', value: 'https://mail.team-a.staging.example.com' }]);
    const nginx = find(synth({ route: { kind: 'ingress', className: 'nginx' } }), 'Ingress', 'stalwart');
    expect(nginx.spec.rules[0].host).toBe('mail.team-a.staging.example.com');
  });

  it('gets a public certificate for its host name, mounted read-only for the mail protocols', () => {
    const cert = find(manifests, 'Certificate', 'stalwart-tls').spec;
    expect(cert).toEqual({
      secretName: 'stalwart-tls',
      dnsNames: ['mail.team-a.staging.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-production' },
    });
    expect(sts(manifests).template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'stalwart-tls', defaultMode: 0o440 } });
    expect(container(manifests).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/tls', readOnly: true });
    expect(find(exposed, 'Certificate', 'stalwart-tls').spec.dnsNames).toEqual(['mail.team-a.staging.example.com', 'mx.team-a.staging.example.com']);
  });

  it('has a Service for SMTP 25, submissions 465, submission 587, IMAPS 993, HTTPS 443 and HTTP 8080', () => {
    const service = find(manifests, 'Service', 'stalwart').spec;
    expect(service.type).toBe('ClusterIP');
    expect(service.selector).toEqual(SELECTOR.matchLabels);
    expect(service.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['smtp', 25, 'smtp'],
      ['submissions', 465, 'submissions'],
      ['submission', 587, 'submission'],
      ['imaps', 993, 'imaps'],
      ['https', 443, 'https'],
      ['http', 8080, 'http'],
    ]);
    expect(container(manifests).ports.map((p: any) => p.containerPort)).toEqual([25, 465, 587, 993, 443, 8080]);
  });

  it('keeps configuration and data on retained volumes, the data volume sized from storageGb (default 5 GiB)', () => {
    const spec = sts(manifests);
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const sizes = (m: Manifest[]) => sts(m).volumeClaimTemplates.map((c: any) => [c.metadata.name, c.spec.resources.requests.storage]);
    expect(sizes(manifests)).toEqual([
      ['config', '1Gi'],
      ['data', '5Gi'],
    ]);
    expect(sizes(synth({ storageGb: 10 }))).toEqual([
      ['config', '1Gi'],
      ['data', '10Gi'],
    ]);
    for (const claim of spec.volumeClaimTemplates) expect(claim.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(container(manifests).volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/stalwart' },
      { name: 'data', mountPath: '/var/lib/stalwart' },
      { name: 'tls', mountPath: '/tls', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  it('passes Pod Security restricted: non-root, no escalation, only NET_BIND_SERVICE added back, safe sysctl', () => {
    const pod = sts(manifests).template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 2000,
      runAsGroup: 2000,
      fsGroup: 2000,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
    });
    expect(pod.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 2000,
      runAsGroup: 2000,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    // Anything beyond NET_BIND_SERVICE would not be admitted.
    const widened = { ...pod, containers: [{ ...pod.containers[0], securityContext: { ...pod.containers[0].securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'NET_ADMIN'] } } }] };
    expect(restrictedViolations(widened)).toEqual(['container stalwart: capability NET_ADMIN may not be added']);
  });

  it('network: HTTP 8080 from the ingress proxies, SMTP 25, relay 465/587 and HTTPS 443 out to public addresses, nothing from the internet', () => {
    expect(policies(manifests).map((p) => p.metadata.name)).toEqual(['stalwart-from-ingress', 'stalwart-egress']);
    expect(find(manifests, 'NetworkPolicy', 'stalwart-from-ingress').spec).toEqual({
      podSelector: SELECTOR,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(find(manifests, 'NetworkPolicy', 'stalwart-egress').spec).toEqual({
      podSelector: SELECTOR,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE, '169.254.0.0/16'] } }],
          ports: [
            { protocol: 'TCP', port: 25 },
            { protocol: 'TCP', port: 465 },
            { protocol: 'TCP', port: 587 },
            { protocol: 'TCP', port: 443 },
          ],
        },
      ],
    });
    expect(policies(manifests).some((p) => (p.spec.ingress ?? []).some((rule: any) => (rule.from ?? []).some((peer: any) => peer.ipBlock)))).toBe(false);
  });

  it('exposed: a NodePort Service from the mail ports to PROXY protocol listeners, open to the load balancer, and no other port', () => {
    const service = find(exposed, 'Service', 'stalwart-public');
    expect(service.metadata.annotations).toBeUndefined();
    expect(service.spec.type).toBe('NodePort');
    // Local: the connection keeps the load balancer's address, never a node's or the pod network's.
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.selector).toEqual(SELECTOR.matchLabels);
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.nodePort])).toEqual([
      ['smtp', 25, 'smtp-pp', 30000],
      ['submissions', 465, 'submissions-pp', 30001],
      ['submission', 587, 'submission-pp', 30002],
      ['imaps', 993, 'imaps-pp', 30003],
    ]);
    // The proxy listeners are extra container ports; the plain ones stay for clients in the cluster.
    expect(container(exposed).ports.map((p: any) => [p.name, p.containerPort])).toEqual([
      ['smtp', 25],
      ['submissions', 465],
      ['submission', 587],
      ['imaps', 993],
      ['https', 443],
      ['http', 8080],
      ['smtp-pp', 10025],
      ['submissions-pp', 10465],
      ['submission-pp', 10587],
      ['imaps-pp', 10993],
    ]);
    expect(find(exposed, 'Service', 'stalwart').spec.ports.map((p: any) => p.port)).toEqual([25, 465, 587, 993, 443, 8080]);
    expect(find(exposed, 'NetworkPolicy', 'stalwart-from-load-balancer').spec).toEqual({
      podSelector: SELECTOR,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [10025, 10465, 10587, 10993].map((port) => ({ protocol: 'TCP', port })) }],
    });
    // Scheduling: anywhere by default; off the control plane when the load balancer targets workers only.
    expect(sts(exposed).template.spec.affinity).toBeUndefined();
    expect(sts(synth({ publicService: { ...PUBLIC, workerNodesOnly: true } })).template.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] }],
        },
      },
    });
    for (const name of ['stalwart-public', 'stalwart-setup', 'stalwart-from-load-balancer']) {
      expect(manifests.some((m) => m.metadata.name === name), name).toBe(false);
    }
  });

  it('exposed through a cloud load balancer: a LoadBalancer Service with the given annotations, published by external-dns as mx.', () => {
    const annotations = { 'oci.oraclecloud.com/load-balancer-type': 'nlb', 'oci-network-load-balancer.oraclecloud.com/is-ppv2-enabled': 'true' };
    const out = synth({ publicService: { ...PUBLIC, loadBalancerAnnotations: annotations } });
    const service = find(out, 'Service', 'stalwart-public');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.metadata.annotations).toEqual({ ...annotations, 'external-dns.alpha.kubernetes.io/hostname': 'mx.team-a.staging.example.com' });
    expect(service.spec.ports.map((p: any) => [p.port, p.targetPort, p.nodePort])).toEqual(
      find(exposed, 'Service', 'stalwart-public').spec.ports.map((p: any) => [p.port, p.targetPort, p.nodePort]),
    );
  });

  it('exposed: the setup plan creates the four proxy listeners, trusting PROXY headers from the given networks only', () => {
    const plan = find(exposed, 'ConfigMap', 'stalwart-setup').data['listeners.ndjson'] as string;
    expect(plan.endsWith('\n')).toBe(true);
    const operations = plan.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(operations.map((op) => [op['@type'], op.object])).toEqual([
      ['upsert', 'NetworkListener'],
      ['update', 'SystemSettings'],
    ]);
    expect(operations[0].matchOn).toEqual(['name']);
    const listeners = operations[0].value;
    expect(Object.keys(listeners)).toEqual(['smtp-pp', 'submissions-pp', 'submission-pp', 'imaps-pp']);
    expect(Object.values(listeners).map((l: any) => [l.name, l.protocol, l.bind, l.tlsImplicit])).toEqual([
      ['smtp-pp', 'smtp', ['[::]:10025'], false],
      ['submissions-pp', 'smtp', ['[::]:10465'], true],
      ['submission-pp', 'smtp', ['[::]:10587'], false],
      ['imaps-pp', 'imap', ['[::]:10993'], true],
    ]);
    for (const listener of Object.values(listeners) as any[]) expect(listener.overrideProxyTrustedNetworks).toEqual(['10.0.0.0/16']);
    // Every bind port is a container port the public Service targets.
    const targets = new Map(container(exposed).ports.map((p: any) => [p.name, p.containerPort]));
    for (const port of find(exposed, 'Service', 'stalwart-public').spec.ports) {
      expect(Object.values(listeners).map((l: any) => l.bind[0])).toContain(`[::]:${targets.get(port.targetPort)}`);
    }
    expect(operations[1].value).toEqual({ defaultHostname: 'mx.team-a.staging.example.com' });
  });

  it('takes the bootstrap administrator from an existing Secret, optionally, and says so for the secret check', () => {
    const out = synth({ adminSecretName: 'stalwart-admin' });
    expect(container(out).env).toContainEqual({
      name: 'STALWART_RECOVERY_ADMIN',
      valueFrom: { secretKeyRef: { name: 'stalwart-admin', key: 'recovery-admin', optional: true } },
    });
    expect(find(out, 'StatefulSet', 'stalwart').metadata.annotations).toEqual({ 'policy.cheapk8s.io/external-secrets': 'stalwart-admin' });
    expect(find(manifests, 'StatefulSet', 'stalwart').metadata.annotations).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(synth()).toEqual(synth());
  });

  describe('validation', () => {
    it.each<[Partial<TenantMailProps>, RegExp]>([
      [{ tenant: 'a'.repeat(53) }, /TenantMail mail: tenant must be a DNS label of at most 52 characters/],
      [{ domain: 'localhost_' }, /TenantMail mail: domain must be a lower-case DNS name/],
      [{ image: 'docker.io/stalwartlabs/stalwart:latest' }, /TenantMail mail: image must be pinned/],
      [{ storageGb: 1.5 }, /storageGb must be an integer from 1 to 16384, got 1.5/],
      [{ adminSecretName: 'Admin Secret' }, /adminSecretName must be a DNS label.*got "Admin Secret"/],
      [{ publicService: { ...PUBLIC, nodePorts: { ...PUBLIC.nodePorts, imaps: 993 } } }, /publicService.nodePorts.imaps must be a node port.*got 993/],
      [{ publicService: { ...PUBLIC, nodePorts: { ...PUBLIC.nodePorts, imaps: 30000 } } }, /publicService.nodePorts.imaps is already used by another protocol/],
      [{ publicService: { ...PUBLIC, proxyTrustedNetworks: [] } }, /publicService.proxyTrustedNetworks must list the networks/],
      [{ publicService: { ...PUBLIC, proxyTrustedNetworks: ['10.0.0.0/33'] } }, /publicService.proxyTrustedNetworks must be a CIDR/],
      [{ publicService: { ...PUBLIC, proxyTrustedNetworks: ['0.0.0.0/0'] } }, /must not trust PROXY headers from everyone/],
      [{ publicService: { ...PUBLIC, loadBalancerAnnotations: { 'bad key!': 'x' } } }, /publicService.loadBalancerAnnotations must map annotation keys to string values/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest with an upstream schema is valid against it', () => {
    const checked = [...manifests, ...exposed.filter((m) => ['stalwart-public', 'stalwart-setup', 'stalwart-from-load-balancer'].includes(m.metadata.name))].filter((m) =>
      existsSync(schemaPath(m.apiVersion, m.kind)),
    );
    expect(checked.map((m) => m.kind)).toEqual(['Certificate', 'Service', 'StatefulSet', 'NetworkPolicy', 'NetworkPolicy', 'Service', 'ConfigMap', 'NetworkPolicy']);
    expect(schemaErrors(checked)).toEqual([]);
  });
  it.skipIf(schemasAvailable)(SKIP_MESSAGE, () => {});
});
