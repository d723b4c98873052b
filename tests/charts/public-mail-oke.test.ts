import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGitops } from '../../charts/index';
import { loadPlatform, selectPlatform, type Cluster } from '../../config/load';
import { addDnsStack } from '../../stacks/dns/index';
import { addOciStacks } from '../../stacks/oci/index';
import { blocks, named, resourcesOf, type TfJson } from '../constructs/oci/terraform-json';
import { schemaErrors, schemasAvailable } from '../constructs/tenancy/schema-validation';
import { copyEnvironments, edit } from '../support/environments';
import { kustomize, writeTree, type Obj } from './helpers';

/**
 * Public tenant mail on OKE, where the cloud controller makes the load balancer: the shipped dev
 * cluster with team-a's mail public.
 */
describe('public tenant mail on an OKE cluster', () => {
  let cluster: Cluster;
  let apps: Obj[];
  let network: TfJson;
  let dns: TfJson;
  let outdir: string;
  let tree: string;

  beforeAll(async () => {
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', [
      [['clusters', 'oke-dev', 'tenants', 'team-a', 'mail'], { provider: 'stalwart', public: true }],
      // Its two volumes (50 GB each on OCI) and Prometheus' would pass the free tier's 200 GB (rule free-tier-storage).
      [['clusters', 'oke-dev', 'components', 'kube-prometheus-stack'], { enabled: false }],
    ]);
    const platform = loadPlatform(dir);
    rmSync(dir, { recursive: true, force: true });
    cluster = platform.clusters.find((c) => c.name === 'oke-dev')!;
    // The dev environment only: the other clusters' trees add nothing here.
    tree = writeTree(await buildGitops(selectPlatform(platform, 'dev')));
    apps = kustomize(tree, 'clusters/oke-dev/apps');
    outdir = mkdtempSync(join(tmpdir(), 'oke-mail-'));
    const app = new App({ outdir, stackTraces: false });
    addDnsStack(app, platform, cluster, addOciStacks(app, platform, cluster));
    app.synth();
    const read = (stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as TfJson;
    network = read('oke-dev-network');
    dns = read('oke-dev-dns');
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(tree, { recursive: true, force: true });
  });

  const find = (kind: string, name: string) => apps.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === 'team-a')!;

  it('asks the cloud controller for a network load balancer with PROXY protocol v2, published by external-dns', () => {
    const service = find('Service', 'stalwart-public');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.metadata.annotations).toEqual({
      'oci.oraclecloud.com/load-balancer-type': 'nlb',
      'oci-network-load-balancer.oraclecloud.com/subnet': '${lb_subnet_id}',
      'oci-network-load-balancer.oraclecloud.com/security-list-management-mode': 'None',
      'oci-network-load-balancer.oraclecloud.com/is-ppv2-enabled': 'true',
      'oci-network-load-balancer.oraclecloud.com/is-preserve-source': 'false',
      'oci-network-load-balancer.oraclecloud.com/external-ip-only': 'true',
      'external-dns.alpha.kubernetes.io/hostname': `mx.team-a.${cluster.domain}`,
    });
    expect(service.spec.ports.map((p: Obj) => [p.port, p.targetPort, p.nodePort])).toEqual([
      [25, 'smtp-pp', 30000],
      [465, 'submissions-pp', 30001],
      [587, 'submission-pp', 30002],
      [993, 'imaps-pp', 30003],
    ]);
    // The quota admits exactly this Service: one load balancer, its four node ports.
    expect(find('ResourceQuota', 'tenant-quota').spec.hard).toMatchObject({ 'services.loadbalancers': '1', 'services.nodeports': '4' });
    // The proxy listeners trust the public subnet the network load balancer lives in, and only it:
    // VCN-native pods take addresses from the node subnet, flannel pods from the pod network.
    const plan = find('ConfigMap', 'stalwart-setup').data['listeners.ndjson'] as string;
    const listeners = JSON.parse(plan.split('\n')[0]!).value as Record<string, { overrideProxyTrustedNetworks: string[] }>;
    for (const listener of Object.values(listeners)) expect(listener.overrideProxyTrustedNetworks).toEqual([cluster.network.subnets.public]);
    expect(find('NetworkPolicy', 'stalwart-from-load-balancer').spec.ingress[0].from).toEqual([{ ipBlock: { cidr: cluster.network.subnets.public } }]);
    // OKE's nodes are all workers: no scheduling constraint.
    expect(find('StatefulSet', 'stalwart').spec.template.spec.affinity).toBeUndefined();
  });

  it.skipIf(!schemasAvailable)('builds with kustomize into manifests valid against the upstream schemas', () => {
    expect(schemaErrors(apps.filter((o) => o.metadata.namespace === 'team-a' && ['Service', 'ConfigMap', 'ResourceQuota', 'NetworkPolicy', 'StatefulSet'].includes(o.kind)))).toEqual([]);
  });

  it('opens the mail ports, and only those besides 80/443, of the public subnet to the internet', () => {
    const [, list] = named(network, 'oci_core_security_list', 'oke-dev-public');
    const open = blocks(list.ingress_security_rules)
      .filter((r) => r.source === '0.0.0.0/0')
      .map((r) => (r.tcp_options as { min: number; max: number }).min)
      .sort((a, b) => a - b);
    expect(open).toEqual([25, 80, 443, 465, 587, 993]);
  });

  it('publishes the MX record and the tenant wildcard; the exchanger A record is left to external-dns', () => {
    const records = Object.values(resourcesOf(dns, 'cloudflare_dns_record')).map((r) => [r.name, r.type, r.content] as const);
    const tenant = `team-a.${cluster.domain}`;
    expect(records.filter(([name]) => name.includes('team-a'))).toEqual(
      expect.arrayContaining([
        [tenant, 'MX', `mx.${tenant}`],
        [`*.${tenant}`, 'A', expect.any(String)],
      ]),
    );
    expect(records.some(([name]) => name === `mx.${tenant}`)).toBe(false);
    expect(records.filter(([name]) => name.includes('team-a'))).toHaveLength(2);
  });
});
