import { describe, expect, it } from 'vitest';
import { renderK3sCloudInit } from '../../constructs/vps/cloud-init';
import type { Finding } from '../../policy/index';
import { BUCKET, check, platform, ruleIds, stacks, type Json } from './fixtures';

/** The fixture stacks with one change made by `edit`. */
function withStacks(edit: (s: Map<string, Json>) => void): Finding[] {
  const s = stacks();
  edit(s);
  return check({ stacks: s });
}

const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('state bucket', () => {
  it('is quiet for a versioned, encrypted, private, TLS-only bucket (jsonencode policy as cdktf writes it)', () => {
    expect(check()).toEqual([]);
  });

  it('state-bucket-missing: fires when the state stack has no bucket named state.bucket', () => {
    const findings = withStacks((s) => (s.get('state')!.resource.aws_s3_bucket.bucket.bucket = 'other-bucket'));
    expect(ruleIds(findings)).toEqual(['state-bucket-missing']);
    expect(findings[0]!.message).toContain(BUCKET);
  });

  it('state-bucket-missing: quiet when there is no state stack (a narrowed synth)', () => {
    expect(ruleIds(withStacks((s) => s.delete('state')))).toEqual([]);
  });

  it('state-bucket-versioning: fires for Suspended versioning and for none', () => {
    const suspended = withStacks((s) => (s.get('state')!.resource.aws_s3_bucket_versioning.versioning.versioning_configuration.status = 'Suspended'));
    expect(ruleIds(suspended)).toEqual(['state-bucket-versioning']);
    expect(suspended[0]!.resource).toBe('state:aws_s3_bucket.bucket');
    expect(suspended[0]!.message).toMatch(/stack state: aws_s3_bucket\.bucket.*versioning_configuration\.status = "Enabled"/);
    expect(ruleIds(withStacks((s) => delete s.get('state')!.resource.aws_s3_bucket_versioning))).toEqual(['state-bucket-versioning']);
  });

  it('state-bucket-versioning: quiet for inline versioning on the bucket (older provider style)', () => {
    const findings = withStacks((s) => {
      delete s.get('state')!.resource.aws_s3_bucket_versioning;
      s.get('state')!.resource.aws_s3_bucket.bucket.versioning = [{ enabled: true }];
    });
    expect(ruleIds(findings)).toEqual([]);
  });

  it('state-bucket-encryption: fires without default encryption, quiet with aws:kms', () => {
    expect(ruleIds(withStacks((s) => delete s.get('state')!.resource.aws_s3_bucket_server_side_encryption_configuration))).toEqual(['state-bucket-encryption']);
    const kms = withStacks((s) => (s.get('state')!.resource.aws_s3_bucket_server_side_encryption_configuration.encryption.rule[0].apply_server_side_encryption_by_default = { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-central-1:111122223333:key/abc' }));
    expect(ruleIds(kms)).toEqual([]);
  });

  it('state-bucket-public-access: fires when any one of the four flags is not true', () => {
    for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
      const findings = withStacks((s) => (s.get('state')!.resource.aws_s3_bucket_public_access_block.pab[flag] = false));
      expect(ruleIds(findings)).toEqual(['state-bucket-public-access']);
      expect(findings[0]!.message).toContain(flag);
      expect(findings[0]!.resource).toBe('state:aws_s3_bucket_public_access_block.pab');
    }
    expect(ruleIds(withStacks((s) => delete s.get('state')!.resource.aws_s3_bucket_public_access_block))).toEqual(['state-bucket-public-access']);
  });

  it('state-bucket-tls-only: fires without a policy, or when the Deny lacks the SecureTransport condition', () => {
    expect(ruleIds(withStacks((s) => delete s.get('state')!.resource.aws_s3_bucket_policy))).toEqual(['state-bucket-tls-only']);
    const allow = withStacks((s) => {
      const p = s.get('state')!.resource.aws_s3_bucket_policy.tls;
      p.policy = p.policy.replace('"Effect" = "Deny"', '"Effect" = "Allow"');
    });
    expect(ruleIds(allow)).toEqual(['state-bucket-tls-only']);
    const trueCondition = withStacks((s) => {
      const p = s.get('state')!.resource.aws_s3_bucket_policy.tls;
      p.policy = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    });
    expect(ruleIds(trueCondition)).toEqual(['state-bucket-tls-only']);
  });

  it('state-bucket-tls-only: quiet for a JSON policy and for an aws_iam_policy_document', () => {
    const json = withStacks((s) => {
      s.get('state')!.resource.aws_s3_bucket_policy.tls.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:*'], Resource: ['arn:aws:s3:::x', 'arn:aws:s3:::x/*'], Condition: { Bool: { 'aws:SecureTransport': false } } }] });
    });
    expect(ruleIds(json)).toEqual([]);
    const data = withStacks((s) => {
      const state = s.get('state')!;
      state.resource.aws_s3_bucket_policy.tls.policy = '${data.aws_iam_policy_document.tls.json}';
      state.data = { aws_iam_policy_document: { tls: { statement: [{ effect: 'Deny', actions: ['s3:*'], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }] } } };
    });
    expect(ruleIds(data)).toEqual([]);
  });
});

describe('state-backend', () => {
  it('fires for a stack without use_lockfile, without encrypt, with a DynamoDB table, or on another backend', () => {
    const cases: [(b: Json) => void, RegExp][] = [
      [(b) => delete b.s3.use_lockfile, /use_lockfile/],
      [(b) => (b.s3.encrypt = false), /encrypt = true/],
      [(b) => (b.s3.dynamodb_table = 'locks'), /dynamodb_table/],
      [(b) => (b.s3.bucket = 'elsewhere'), /bucket "elsewhere"/],
      [(b) => (delete b.s3, (b.local = { path: 'x' })), /local backend, not s3/],
    ];
    for (const [edit, message] of cases) {
      const findings = withStacks((s) => edit(s.get('dev-network')!.terraform.backend));
      expect(ruleIds(findings)).toEqual(['state-backend']);
      expect(findings[0]!.resource).toBe('dev-network:terraform.backend');
      expect(findings[0]!.message).toMatch(message);
    }
    expect(ruleIds(withStacks((s) => delete s.get('dev-cluster')!.terraform))).toEqual(['state-backend']);
  });

  it('is quiet for the state stack on local state while bootstrapping, and checks it once migrated', () => {
    expect(only(check(), 'state-backend')).toEqual([]);
    const migrated = { ...platform(), state: { bucket: BUCKET, migrated: true } };
    const findings = check({ platform: migrated });
    expect(findings.map((f) => f.resource)).toEqual(['state:terraform.backend']);
  });
});

describe('net-world-open-port', () => {
  it('fires for each provider when SSH, the API, kubelet, etcd, VXLAN or WireGuard is open to the world', () => {
    const cases: [string, (s: Map<string, Json>) => void, RegExp][] = [
      ['oci security list 22', (s) => s.get('dev-network')!.resource.oci_core_security_list.public.ingress_security_rules.push({ protocol: '6', source: '0.0.0.0/0', tcp_options: { min: 22, max: 22 } }), /SSH 22 to 0\.0\.0\.0\/0/],
      ['oci all protocols', (s) => s.get('dev-network')!.resource.oci_core_security_list.nodes.ingress_security_rules.push({ protocol: 'all', source: '::/0' }), /SSH 22.*the Kubernetes API 6443.*kubelet 10250.*etcd 2379-2380.*flannel VXLAN.*Cilium health 4240.*Hubble 4244.*WireGuard/],
      ['oci NSG rule', (s) => (s.get('dev-network')!.resource.oci_core_network_security_group_security_rule = { api: { direction: 'INGRESS', protocol: '6', source: '0.0.0.0/0', source_type: 'CIDR_BLOCK', tcp_options: { destination_port_range: { min: 6443, max: 6443 } } } }), /the Kubernetes API 6443/],
      ['hcloud port range', (s) => s.get('staging-cluster')!.resource.hcloud_firewall.workers.rule.push({ direction: 'in', protocol: 'tcp', port: '2000-3000', source_ips: ['0.0.0.0/0'] }), /etcd 2379-2380/],
      ['hcloud any udp', (s) => s.get('staging-cluster')!.resource.hcloud_firewall.workers.rule.push({ direction: 'in', protocol: 'udp', port: 'any', source_ips: ['::/0'] }), /flannel VXLAN 8472\/udp, WireGuard 51820-51821\/udp to ::\/0/],
      ['digitalocean 10250', (s) => s.get('prod-cluster')!.resource.digitalocean_firewall.workers.inbound_rule.push({ protocol: 'tcp', port_range: '10250', source_addresses: ['0.0.0.0/0'] }), /kubelet 10250/],
      ['digitalocean cilium ports', (s) => s.get('prod-cluster')!.resource.digitalocean_firewall.workers.inbound_rule.push({ protocol: 'tcp', port_range: '4240-4244', source_addresses: ['0.0.0.0/0'] }), /Cilium health 4240, Hubble 4244 to 0\.0\.0\.0\/0/],
      ['digitalocean all ports', (s) => s.get('prod-cluster')!.resource.digitalocean_firewall.workers.inbound_rule.push({ protocol: 'tcp', port_range: 'all', source_addresses: ['0.0.0.0/0'] }), /SSH 22/],
      ['aws security group', (s) => (s.get('prod-cluster')!.resource.aws_security_group = { sg: { ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] } }), /SSH 22/],
    ];
    for (const [name, edit, message] of cases) {
      const findings = only(withStacks(edit), 'net-world-open-port');
      expect(findings, name).toHaveLength(1);
      expect(findings[0]!.message, name).toMatch(message);
      expect(findings[0]!.message, name).toMatch(/^stack [a-z-]+: [a-z_]+\.[a-z-]+ /);
    }
  });

  it('is quiet for 80/443 from the world, world egress, ICMP, and admin-only SSH/API', () => {
    expect(only(check(), 'net-world-open-port')).toEqual([]);
    const https = withStacks((s) => s.get('staging-cluster')!.resource.hcloud_firewall.workers.rule.push({ direction: 'in', protocol: 'tcp', port: '80-443', source_ips: ['0.0.0.0/0'] }));
    expect(only(https, 'net-world-open-port')).toEqual([]);
  });
});

describe('net-kubelet-private', () => {
  it('fires when 10250 is reachable from outside the cluster network', () => {
    const findings = withStacks((s) => s.get('staging-cluster')!.resource.hcloud_firewall.workers.rule.push({ direction: 'in', protocol: 'tcp', port: '10250', source_ips: ['203.0.113.0/24'] }));
    expect(ruleIds(findings)).toEqual(['net-kubelet-private']);
    expect(findings[0]!.message).toContain('10.1.0.0/16 (cluster staging network.nodeCidr)');
    const otherCluster = withStacks((s) => (s.get('prod-cluster')!.resource.digitalocean_firewall.workers.inbound_rule[2].source_addresses = ['10.1.0.0/16']));
    expect(ruleIds(otherCluster)).toEqual(['net-kubelet-private']);
  });

  it('falls back to private ranges for a stack of no known cluster, and ignores Terraform references', () => {
    const unknown = withStacks((s) => s.set('misc-network', { terraform: stacks().get('dev-network')!.terraform, resource: { hcloud_firewall: { f: { rule: [{ direction: 'in', protocol: 'tcp', port: '10250', source_ips: ['192.168.0.0/24', '${hcloud_network.x.ip_range}'] }] } } } }));
    expect(ruleIds(unknown)).toEqual([]);
    const publicSource = withStacks((s) => s.set('misc-network', { terraform: stacks().get('dev-network')!.terraform, resource: { hcloud_firewall: { f: { rule: [{ direction: 'in', protocol: 'tcp', port: '10250', source_ips: ['198.51.100.0/24'] }] } } } }));
    expect(ruleIds(publicSource)).toEqual(['net-kubelet-private']);
  });
});

describe('OCI Always Free', () => {
  it('oci-free-tier-shape: fires for a non-A1 pool in a freeTier cluster, quiet when freeTier is off', () => {
    const edit = (s: Map<string, Json>) => (s.get('dev-cluster')!.resource.oci_containerengine_node_pool['pool-b'].node_shape = 'VM.Standard.E4.Flex');
    const findings = withStacks(edit);
    expect(ruleIds(findings)).toEqual(['oci-free-tier-shape']);
    expect(findings[0]!.resource).toBe('dev-cluster:oci_containerengine_node_pool.pool-b');
    const paid = platform();
    (paid.clusters[0] as { freeTier: boolean }).freeTier = false;
    const s = stacks();
    edit(s);
    expect(check({ stacks: s, platform: paid })).toEqual([]);
  });

  it('oci-free-tier-compute: fires above 4 OCPUs or 24 GB (shape config times node count)', () => {
    const more = withStacks((s) => (s.get('dev-cluster')!.resource.oci_containerengine_node_pool['pool-b'].node_config_details.size = 2));
    expect(ruleIds(more)).toEqual(['oci-free-tier-compute']);
    expect(more[0]!.message).toContain('6 OCPUs and 36 GB');
    const memory = withStacks((s) => (s.get('dev-cluster')!.resource.oci_containerengine_node_pool['pool-b'].node_shape_config.memory_in_gbs = 13));
    expect(ruleIds(memory)).toEqual(['oci-free-tier-compute']);
    expect(memory[0]!.resource).toBe('cluster:dev');
  });

  it('oci-free-tier-storage: fires above 200 GB of boot and block volumes', () => {
    const findings = withStacks((s) => (s.get('dev-cluster')!.resource.oci_containerengine_node_pool['pool-a'].node_source_details.boot_volume_size_in_gbs = '151'));
    expect(ruleIds(findings)).toEqual(['oci-free-tier-storage']);
    expect(findings[0]!.message).toContain('201 GB');
    const volume = withStacks((s) => (s.get('dev-cluster')!.resource.oci_core_volume = { data: { size_in_gbs: '101' } }));
    expect(ruleIds(volume)).toEqual(['oci-free-tier-storage']);
  });

  it('oci-free-tier-load-balancers: counts Terraform load balancers', () => {
    const nlbs = withStacks((s) => (s.get('dev-cluster')!.resource.oci_network_load_balancer_network_load_balancer = { a: {}, b: {} }));
    expect(ruleIds(nlbs)).toEqual(['oci-free-tier-load-balancers']);
    expect(nlbs[0]!.message).toContain('2 network load balancers');
    const oneNlb = withStacks((s) => (s.get('dev-cluster')!.resource.oci_network_load_balancer_network_load_balancer = { a: {} }));
    expect(ruleIds(oneNlb)).toEqual([]);
    const wideLb = withStacks((s) => (s.get('dev-cluster')!.resource.oci_load_balancer_load_balancer = { lb: { shape: 'flexible', shape_details: { minimum_bandwidth_in_mbps: 10, maximum_bandwidth_in_mbps: 100 } } }));
    expect(ruleIds(wideLb)).toEqual(['oci-free-tier-load-balancers']);
    expect(wideLb[0]!.message).toMatch(/2 flexible load balancers.*maximum bandwidth 100 Mbps exceeds 10/);
  });
});

describe('hcloud-server-type-withdrawn', () => {
  it('fires for cx22 and cpx31, quiet for cax21 and cx23', () => {
    for (const type of ['cx22', 'cx52', 'cpx11', 'cpx31', 'cpx51']) {
      const findings = withStacks((s) => (s.get('staging-cluster')!.resource.hcloud_server.cp.server_type = type));
      expect(ruleIds(findings), type).toEqual(['hcloud-server-type-withdrawn']);
      expect(findings[0]!.message).toContain(`stack staging-cluster: hcloud_server.cp uses server type ${type}`);
    }
    for (const type of ['cax21', 'cx23', 'cpx22', 'ccx13']) {
      expect(ruleIds(withStacks((s) => (s.get('staging-cluster')!.resource.hcloud_server.cp.server_type = type))), type).toEqual([]);
    }
  });
});

describe('oci-node-group-scope', () => {
  const withRule = (rule: string) => withStacks((s) => (s.get('dev-iam')!.resource.oci_identity_dynamic_group.nodes.matching_rule = rule));

  it('is quiet for ALL of the compartment and a defined tag with a value (the fixture, as OkeIam writes it)', () => {
    expect(only(check(), 'oci-node-group-scope')).toEqual([]);
    expect(only(withRule("all { tag.proj.cluster.value = 'dev' , instance.compartment.id = 'ocid1.tenancy.oc1..aaaaaaaaexample' }"), 'oci-node-group-scope')).toEqual([]);
  });

  it.each([
    ['the compartment alone', "ALL {instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexample'}", /names no defined tag with a value/],
    ['a bare compartment condition', "instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexample'", /is not an ALL/],
    ['ANY of compartment and tag', "ANY {instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexample', tag.proj.cluster.value = 'dev'}", /is not an ALL/],
    ['a tag without a value', "ALL {instance.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaexample', tag.proj.cluster.value}", /names no defined tag with a value/],
    ['the tag alone', "ALL {tag.proj.cluster.value = 'dev'}", /names no instance\.compartment\.id/],
  ])('fires for %s', (_, rule, message) => {
    const findings = withRule(rule);
    expect(ruleIds(findings)).toEqual(['oci-node-group-scope']);
    expect(findings[0]!.resource).toBe('dev-iam:oci_identity_dynamic_group.nodes');
    expect(findings[0]!.file).toBe('cdktf.out/stacks/dev-iam/cdk.tf.json');
    expect(findings[0]!.message).toMatch(message);
  });
});

describe('k3s-agent-server-token', () => {
  const server = '${random_password.k3s_token_1.result}';
  const agent = '${random_password.k3s_agent-token_2.result}';
  // Rendered with placeholders (the renderer refuses raw Terraform templates), then given the
  // references cdktf writes into the synthesized JSON.
  const PLACEHOLDERS: Record<string, string> = { SERVERTOKEN: server, AGENTTOKEN: agent };
  const node = (role: 'server' | 'agent', token: string, extra: Record<string, unknown> = {}) =>
    render(role, token === server ? 'SERVERTOKEN' : 'AGENTTOKEN', extra).replace(/SERVERTOKEN|AGENTTOKEN/g, (m) => PLACEHOLDERS[m]!);
  const render = (role: 'server' | 'agent', token: string, extra: Record<string, unknown>) =>
    renderK3sCloudInit({
      role,
      nodeName: `n-${role}`,
      k3sVersion: 'v1.34.1+k3s1',
      token,
      agentToken: role === 'server' ? 'AGENTTOKEN' : undefined,
      installScript: { url: 'https://raw.githubusercontent.com/k3s-io/k3s/019b0afdd830e36f5e4b7a5b237e6a4339e6a6be/install.sh', sha256: 'a'.repeat(64) },
      joinUrl: role === 'agent' ? 'https://10.0.1.10:6443' : undefined,
      clusterInit: false,
      podCidr: '10.42.0.0/16',
      serviceCidr: '10.43.0.0/16',
      flannelBackend: 'vxlan',
      nodeLabels: [],
      addressDiscovery: { privateIpv4: 'echo 10.0.1.5', publicIpv4: 'echo 198.51.100.7' },
      ...extra,
    });
  const withNodes = (nodes: Record<string, string>, type = 'hcloud_server', stack = 'staging-cluster') =>
    withStacks((s) => {
      const resources = s.get(stack)!.resource;
      resources[type] = Object.fromEntries(Object.entries(nodes).map(([name, userData]) => [name, { server_type: 'cax21', name, user_data: userData }]));
    });

  it('is quiet when agents join with the agent token (what K3sCluster writes)', () => {
    expect(only(withNodes({ cp: node('server', server), w1: node('agent', agent), w2: node('agent', agent) }), 'k3s-agent-server-token')).toEqual([]);
    expect(only(withNodes({ cp: node('server', server), w1: node('agent', agent) }, 'digitalocean_droplet', 'prod-cluster'), 'k3s-agent-server-token')).toEqual([]);
  });

  it('fires for an agent whose user_data holds the reference the servers join with, on Hetzner and DigitalOcean', () => {
    const findings = only(withNodes({ cp: node('server', server), w1: node('agent', server), w2: node('agent', agent) }), 'k3s-agent-server-token');
    expect(findings.map((f) => f.resource)).toEqual(['staging-cluster:hcloud_server.w1']);
    expect(findings[0]!.message).toContain(`stack staging-cluster: hcloud_server.w1 is a k3s agent whose user_data holds the server token ${server}`);
    expect(findings[0]!.severity).toBe('error');
    const droplets = only(withNodes({ cp: node('server', server), w1: node('agent', server) }, 'digitalocean_droplet', 'prod-cluster'), 'k3s-agent-server-token');
    expect(droplets.map((f) => f.resource)).toEqual(['prod-cluster:digitalocean_droplet.w1']);
  });

  it('fires when the server token hides elsewhere in an agent (a label, a comment), not only in its token', () => {
    const sneaky = node('agent', agent, { nodeLabels: ['leak=SERVERTOKEN'] });
    expect(only(withNodes({ cp: node('server', server), w1: sneaky }), 'k3s-agent-server-token').map((f) => f.resource)).toEqual(['staging-cluster:hcloud_server.w1']);
  });

  it('ignores servers without k3s cloud-init and stacks without servers', () => {
    expect(only(withNodes({ plain: '#cloud-config\nruncmd: []\n' }), 'k3s-agent-server-token')).toEqual([]);
    expect(only(check(), 'k3s-agent-server-token')).toEqual([]);
  });
});
