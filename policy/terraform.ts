/**
 * Rules over the synthesized Terraform JSON (`cdktf.out/stacks/<stack>/cdk.tf.json`): the state
 * bucket and backends, network exposure, the OCI Always Free allowance and withdrawn Hetzner types.
 */
import { contains, parseCidr, type CidrRange } from '../config/cidr';
import { parseJsonencode } from './hcl';
import { blocks, isObject, str, type JsonObject, type PolicyCluster, type PolicyPlatform, type RawFinding } from './types';

/** One resource of one stack. */
export interface TfResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: JsonObject;
  /** `<stack>:<type>.<name>`, the waiver id. */
  readonly id: string;
  readonly file: string;
}

export interface TfContext {
  readonly stacks: ReadonlyMap<string, unknown>;
  readonly platform: PolicyPlatform;
  readonly stacksDir: string;
}

export function stackFile(ctx: TfContext, stack: string): string {
  return `${ctx.stacksDir}/stacks/${stack}/cdk.tf.json`;
}

/** Every resource of every stack, in stack, type, name order. */
export function tfResources(ctx: TfContext): TfResource[] {
  const out: TfResource[] = [];
  for (const stack of [...ctx.stacks.keys()].sort()) {
    const json = ctx.stacks.get(stack);
    const resources = isObject(json) && isObject(json.resource) ? json.resource : {};
    for (const type of Object.keys(resources).sort()) {
      const byName = resources[type];
      if (!isObject(byName)) continue;
      for (const name of Object.keys(byName).sort()) {
        const body = byName[name];
        if (isObject(body)) out.push({ stack, type, name, body, id: `${stack}:${type}.${name}`, file: stackFile(ctx, stack) });
      }
    }
  }
  return out;
}

/** How a message names a resource: stack, Terraform address and construct path. */
export function describe(resource: TfResource): string {
  const meta = isObject(resource.body['//']) && isObject(resource.body['//'].metadata) ? resource.body['//'].metadata : {};
  const path = str(meta.path);
  return `stack ${resource.stack}: ${resource.type}.${resource.name}${path ? ` (construct ${path})` : ''}`;
}

/** The cluster a stack belongs to: stacks are named `<cluster>-<part>`; the longest cluster name wins. */
export function clusterOfStack(platform: PolicyPlatform, stack: string): PolicyCluster | undefined {
  return [...platform.clusters]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => stack === c.name || stack.startsWith(`${c.name}-`));
}

// ---------------------------------------------------------------------------------------------
// State bucket and backends

/** True when `value` points at bucket resource `address` (`${aws_s3_bucket.x.id}`) or names `bucketName`. */
function refersTo(value: unknown, bucket: TfResource, bucketName: string): boolean {
  if (value === bucketName) return true;
  return typeof value === 'string' && new RegExp(`\\$\\{\\s*aws_s3_bucket\\.${escape(bucket.name)}\\.(id|bucket)\\s*\\}`).test(value);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function stateRules(ctx: TfContext, resources: readonly TfResource[]): RawFinding[] {
  const findings: RawFinding[] = [];
  const bucketName = ctx.platform.state.bucket;
  const bucket = resources.find((r) => r.type === 'aws_s3_bucket' && r.body.bucket === bucketName);
  if (!bucket) {
    if (ctx.stacks.has('state')) {
      findings.push({
        rule: 'state-bucket-missing',
        resource: 'state:aws_s3_bucket',
        file: stackFile(ctx, 'state'),
        message: `stack state declares no aws_s3_bucket named ${bucketName} (state.bucket in environments/defaults.yaml); the state stack must create the bucket every other stack keeps its state in (constructs/state/state-bucket.ts)`,
      });
    }
    return findings;
  }
  const related = (type: string) => resources.filter((r) => r.type === type && refersTo(r.body.bucket, bucket, bucketName));
  const who = `${describe(bucket)}, the state bucket ${bucketName},`;

  const versioned =
    related('aws_s3_bucket_versioning').some((r) => blocks(r.body.versioning_configuration).some((v) => v.status === 'Enabled')) ||
    blocks(bucket.body.versioning).some((v) => v.enabled === true);
  if (!versioned) {
    findings.push({ rule: 'state-bucket-versioning', resource: bucket.id, file: bucket.file, message: `${who} has no versioning with status Enabled; add an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" so an overwritten or deleted state can be restored` });
  }

  const algorithms = ['AES256', 'aws:kms', 'aws:kms:dsse'];
  const encryptionBlocks = [
    ...related('aws_s3_bucket_server_side_encryption_configuration').map((r) => r.body),
    ...blocks(bucket.body.server_side_encryption_configuration),
  ];
  const encrypted = encryptionBlocks.some((config) =>
    blocks(config.rule).some((rule) => blocks(rule.apply_server_side_encryption_by_default).some((d) => algorithms.includes(str(d.sse_algorithm) ?? ''))),
  );
  if (!encrypted) {
    findings.push({ rule: 'state-bucket-encryption', resource: bucket.id, file: bucket.file, message: `${who} has no default encryption; add an aws_s3_bucket_server_side_encryption_configuration with apply_server_side_encryption_by_default.sse_algorithm AES256 or aws:kms` });
  }

  const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  const blocksFound = related('aws_s3_bucket_public_access_block');
  const complete = blocksFound.some((r) => flags.every((f) => r.body[f] === true));
  if (!complete) {
    const missing = blocksFound.length === 0 ? flags : flags.filter((f) => blocksFound.every((r) => r.body[f] !== true));
    findings.push({
      rule: 'state-bucket-public-access',
      resource: blocksFound[0]?.id ?? bucket.id,
      file: bucket.file,
      message: `${who} ${blocksFound.length === 0 ? 'has no aws_s3_bucket_public_access_block' : `has a public access block with ${missing.join(', ')} not true`}; set all four of ${flags.join(', ')} to true`,
    });
  }

  const policies = related('aws_s3_bucket_policy');
  const tlsOnly = policies.some((p) => policyDeniesInsecureTransport(p.body.policy, ctx.stacks.get(p.stack)));
  if (!tlsOnly) {
    findings.push({
      rule: 'state-bucket-tls-only',
      resource: policies[0]?.id ?? bucket.id,
      file: bucket.file,
      message: `${who} has ${policies.length === 0 ? 'no bucket policy' : 'a bucket policy without a TLS-only statement'}; add a statement Effect Deny, Principal *, Action s3:*, on the bucket ARN and ARN/*, with Condition Bool aws:SecureTransport = "false"`,
    });
  }
  return findings;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * True when a bucket policy (`policy` attribute: JSON text, an object, `${jsonencode(...)}`, or
 * `${data.aws_iam_policy_document.<name>.json}` resolved in `stackJson`) has a statement denying
 * everyone every S3 action when aws:SecureTransport is false.
 */
function policyDeniesInsecureTransport(policy: unknown, stackJson: unknown): boolean {
  if (typeof policy === 'string') {
    const ref = /^\$\{\s*data\.aws_iam_policy_document\.([^.\s]+)\.json\s*\}$/.exec(policy);
    if (ref) return dataPolicyDenies(stackJson, ref[1]!);
  }
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy) as unknown;
    } catch {
      doc = parseJsonencode(policy);
    }
  }
  if (!isObject(doc)) return false;
  return asList(doc.Statement).some((statement) => {
    if (!isObject(statement) || statement.Effect !== 'Deny') return false;
    const principal = statement.Principal;
    const everyone = principal === '*' || (isObject(principal) && asList(principal.AWS).includes('*'));
    const actions = asList(statement.Action);
    const allActions = actions.includes('s3:*') || actions.includes('*');
    const condition = isObject(statement.Condition) && isObject(statement.Condition.Bool) ? statement.Condition.Bool['aws:SecureTransport'] : undefined;
    const insecure = asList(condition).some((v) => v === false || v === 'false');
    return everyone && allActions && insecure;
  });
}

/** The same test for a `data.aws_iam_policy_document` (HCL-shaped statements). */
function dataPolicyDenies(stackJson: unknown, name: string): boolean {
  const data = isObject(stackJson) && isObject(stackJson.data) && isObject(stackJson.data.aws_iam_policy_document) ? stackJson.data.aws_iam_policy_document : {};
  const doc = data[name];
  if (!isObject(doc)) return false;
  return blocks(doc.statement).some((statement) => {
    if ((statement.effect ?? 'Allow') !== 'Deny') return false;
    const principals = blocks(statement.principals).some((p) => asList(p.identifiers).includes('*'));
    const actions = asList(statement.actions);
    const condition = blocks(statement.condition).some(
      (c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && asList(c.values).some((v) => v === 'false' || v === false),
    );
    return principals && (actions.includes('s3:*') || actions.includes('*')) && condition;
  });
}

export function backendRules(ctx: TfContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const stack of [...ctx.stacks.keys()].sort()) {
    if (stack === 'state' && !ctx.platform.state.migrated) continue;
    const json = ctx.stacks.get(stack);
    const terraform = isObject(json) && isObject(json.terraform) ? json.terraform : {};
    const backend = isObject(terraform.backend) ? terraform.backend : {};
    const kinds = Object.keys(backend);
    const s3 = isObject(backend.s3) ? backend.s3 : undefined;
    const problems: string[] = [];
    if (!s3) problems.push(kinds.length === 0 ? 'has no backend (Terraform would keep local state)' : `uses the ${kinds.join(', ')} backend, not s3`);
    else {
      if (s3.use_lockfile !== true) problems.push('does not set use_lockfile = true (S3 native locking)');
      if (s3.encrypt !== true) problems.push('does not set encrypt = true');
      if (s3.dynamodb_table !== undefined) problems.push('still names a dynamodb_table (deprecated locking; use_lockfile replaces it)');
      if (s3.bucket !== ctx.platform.state.bucket) problems.push(`uses bucket ${JSON.stringify(s3.bucket)}, not the state bucket ${ctx.platform.state.bucket}`);
    }
    if (problems.length > 0) {
      findings.push({
        rule: 'state-backend',
        resource: `${stack}:terraform.backend`,
        file: stackFile(ctx, stack),
        message: `stack ${stack}: terraform.backend ${problems.join('; ')}; every stack${stack === 'state' ? ' (state too, once state.migrated is true)' : ' but state'} uses S3Backend on ${ctx.platform.state.bucket} with encrypt: true and the use_lockfile override (stacks/state-backend.ts)`,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Network exposure

type Protocol = 'tcp' | 'udp' | 'icmp' | 'all' | 'other';

/** One ingress rule of any provider, normalized. */
export interface IngressRule {
  readonly resource: TfResource;
  /** Where in the resource: `ingress_security_rules[2]`, `rule[0]`... */
  readonly where: string;
  readonly protocol: Protocol;
  /** Inclusive port range; undefined = every port. */
  readonly ports?: readonly [number, number];
  /** Source CIDRs (or Terraform references / non-CIDR sources, which are skipped). */
  readonly sources: readonly string[];
  readonly description?: string;
}

const SENSITIVE_PORTS: readonly { protocol: 'tcp' | 'udp'; from: number; to: number; what: string }[] = [
  { protocol: 'tcp', from: 22, to: 22, what: 'SSH 22' },
  { protocol: 'tcp', from: 6443, to: 6443, what: 'the Kubernetes API 6443' },
  { protocol: 'tcp', from: 10250, to: 10250, what: 'kubelet 10250' },
  { protocol: 'tcp', from: 2379, to: 2380, what: 'etcd 2379-2380' },
  { protocol: 'udp', from: 8472, to: 8472, what: 'flannel VXLAN 8472/udp' },
  { protocol: 'tcp', from: 4240, to: 4240, what: 'Cilium health 4240' },
  { protocol: 'tcp', from: 4244, to: 4244, what: 'Hubble 4244' },
  { protocol: 'udp', from: 51820, to: 51821, what: 'WireGuard 51820-51821/udp' },
];

function ociProtocol(value: unknown): Protocol {
  const text = String(value ?? '').toLowerCase();
  if (text === 'all') return 'all';
  if (text === '6' || text === 'tcp') return 'tcp';
  if (text === '17' || text === 'udp') return 'udp';
  if (text === '1' || text === '58' || text === 'icmp') return 'icmp';
  return 'other';
}

function namedProtocol(value: unknown): Protocol {
  const text = String(value ?? '').toLowerCase();
  if (text === '-1' || text === 'all') return 'all';
  if (text === 'tcp' || text === '6') return 'tcp';
  if (text === 'udp' || text === '17') return 'udp';
  if (text === 'icmp' || text === 'icmpv6' || text === '1' || text === '58') return 'icmp';
  return 'other';
}

/** "22", "80-85", "any", "all", "1-65535" or a number; undefined = every port. */
function portRange(value: unknown): readonly [number, number] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return [value, value];
  const text = String(value).trim().toLowerCase();
  if (text === 'any' || text === 'all') return undefined;
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? match[1])];
}

function ociPorts(rule: JsonObject, protocol: Protocol): readonly [number, number] | undefined {
  const options = blocks(protocol === 'udp' ? rule.udp_options : rule.tcp_options)[0];
  if (!options) return undefined;
  const range = blocks(options.destination_port_range)[0] ?? options;
  const min = Number(range.min);
  const max = Number(range.max);
  return Number.isFinite(min) && Number.isFinite(max) ? [min, max] : undefined;
}

export function ingressRules(resources: readonly TfResource[]): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const resource of resources) {
    const body = resource.body;
    switch (resource.type) {
      case 'oci_core_security_list':
        blocks(body.ingress_security_rules).forEach((rule, i) => {
          const protocol = ociProtocol(rule.protocol);
          const sourceType = str(rule.source_type) ?? 'CIDR_BLOCK';
          rules.push({
            resource,
            where: `ingress_security_rules[${i}]`,
            protocol,
            ports: protocol === 'tcp' || protocol === 'udp' ? ociPorts(rule, protocol) : undefined,
            sources: sourceType === 'CIDR_BLOCK' ? [String(rule.source ?? '')] : [`${sourceType}:${String(rule.source ?? '')}`],
            description: str(rule.description),
          });
        });
        break;
      case 'oci_core_network_security_group_security_rule': {
        if (String(body.direction ?? '').toUpperCase() !== 'INGRESS') break;
        const protocol = ociProtocol(body.protocol);
        const sourceType = str(body.source_type) ?? 'CIDR_BLOCK';
        rules.push({
          resource,
          where: 'rule',
          protocol,
          ports: protocol === 'tcp' || protocol === 'udp' ? ociPorts(body, protocol) : undefined,
          sources: sourceType === 'CIDR_BLOCK' ? [String(body.source ?? '')] : [`${sourceType}:${String(body.source ?? '')}`],
          description: str(body.description),
        });
        break;
      }
      case 'hcloud_firewall':
        blocks(body.rule).forEach((rule, i) => {
          if (rule.direction !== 'in') return;
          const protocol = namedProtocol(rule.protocol);
          rules.push({
            resource,
            where: `rule[${i}]`,
            protocol,
            ports: protocol === 'tcp' || protocol === 'udp' ? portRange(rule.port) : undefined,
            sources: Array.isArray(rule.source_ips) ? rule.source_ips.map(String) : [],
            description: str(rule.description),
          });
        });
        break;
      case 'digitalocean_firewall':
        blocks(body.inbound_rule).forEach((rule, i) => {
          const protocol = namedProtocol(rule.protocol);
          rules.push({
            resource,
            where: `inbound_rule[${i}]`,
            protocol,
            ports: protocol === 'tcp' || protocol === 'udp' ? portRange(rule.port_range) : undefined,
            sources: Array.isArray(rule.source_addresses) ? rule.source_addresses.map(String) : [],
          });
        });
        break;
      case 'aws_security_group':
        blocks(body.ingress).forEach((rule, i) => rules.push(awsRule(resource, `ingress[${i}]`, rule)));
        break;
      case 'aws_security_group_rule':
        if (body.type === 'ingress') rules.push(awsRule(resource, 'rule', body));
        break;
      case 'aws_vpc_security_group_ingress_rule': {
        const protocol = namedProtocol(body.ip_protocol);
        rules.push({
          resource,
          where: 'rule',
          protocol,
          ports: protocol === 'tcp' || protocol === 'udp' ? fromTo(body.from_port, body.to_port) : undefined,
          sources: [body.cidr_ipv4, body.cidr_ipv6].filter((s): s is string => typeof s === 'string'),
          description: str(body.description),
        });
        break;
      }
      default:
        break;
    }
  }
  return rules;
}

function fromTo(from: unknown, to: unknown): readonly [number, number] | undefined {
  const a = Number(from);
  const b = Number(to ?? from);
  if (!Number.isFinite(a) || !Number.isFinite(b) || (a <= 0 && b >= 65535) || (a === -1 && b === -1)) return undefined;
  return [a, b];
}

function awsRule(resource: TfResource, where: string, rule: JsonObject): IngressRule {
  const protocol = namedProtocol(rule.protocol);
  const sources = [...(Array.isArray(rule.cidr_blocks) ? rule.cidr_blocks : []), ...(Array.isArray(rule.ipv6_cidr_blocks) ? rule.ipv6_cidr_blocks : [])].map(String);
  return { resource, where, protocol, ports: protocol === 'tcp' || protocol === 'udp' ? fromTo(rule.from_port, rule.to_port) : undefined, sources, description: str(rule.description) };
}

function covers(rule: IngressRule, protocol: 'tcp' | 'udp', from: number, to: number): boolean {
  if (rule.protocol !== 'all' && rule.protocol !== protocol) return false;
  if (!rule.ports) return true;
  return rule.ports[0] <= to && from <= rule.ports[1];
}

function cidr(text: string): CidrRange | undefined {
  const parsed = parseCidr(text);
  return typeof parsed === 'string' ? undefined : parsed;
}

function isWorld(range: CidrRange): boolean {
  return range.first === 0n && range.last === (range.family === 'ipv4' ? 2n ** 32n - 1n : 2n ** 128n - 1n);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((c) => cidr(c)!);

function ruleLabel(rule: IngressRule): string {
  const ports = rule.ports ? (rule.ports[0] === rule.ports[1] ? `${rule.ports[0]}` : `${rule.ports[0]}-${rule.ports[1]}`) : 'all ports';
  return `${rule.where} (${rule.protocol} ${ports}${rule.description ? `, "${rule.description}"` : ''})`;
}

export function networkRules(ctx: TfContext, resources: readonly TfResource[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const rule of ingressRules(resources)) {
    const world = rule.sources.filter((s) => {
      const range = cidr(s);
      return range !== undefined && isWorld(range);
    });
    if (world.length > 0) {
      const exposed = SENSITIVE_PORTS.filter((p) => covers(rule, p.protocol, p.from, p.to)).map((p) => p.what);
      if (exposed.length > 0) {
        findings.push({
          rule: 'net-world-open-port',
          resource: rule.resource.id,
          file: rule.resource.file,
          message: `${describe(rule.resource)} ${ruleLabel(rule)} opens ${exposed.join(', ')} to ${world.join(' and ')}; allow only network.adminCidrs (SSH, API) or the cluster network (kubelet, etcd, flannel, WireGuard)`,
        });
      }
    }
    if (covers(rule, 'tcp', 10250, 10250)) {
      const cluster = clusterOfStack(ctx.platform, rule.resource.stack);
      const allowed = cluster ? [cidr(cluster.network.nodeCidr)].filter((r): r is CidrRange => r !== undefined) : PRIVATE_RANGES;
      const outside = rule.sources.filter((s) => {
        if (s.includes('${')) return false; // a Terraform reference: unknown until apply
        const range = cidr(s);
        if (range && isWorld(range)) return false; // reported by net-world-open-port
        return !range || !allowed.some((a) => contains(a, range));
      });
      if (outside.length > 0) {
        const network = cluster ? `the cluster network ${cluster.network.nodeCidr} (cluster ${cluster.name} network.nodeCidr)` : 'a private network (RFC 1918 / ULA)';
        findings.push({
          rule: 'net-kubelet-private',
          resource: rule.resource.id,
          file: rule.resource.file,
          message: `${describe(rule.resource)} ${ruleLabel(rule)} lets ${outside.join(', ')} reach kubelet 10250; allow only ${network}`,
        });
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// OCI Always Free (Terraform part; load balancers are combined with the gitops count in index.ts)

export const ALWAYS_FREE = { shape: 'VM.Standard.A1.Flex', ocpus: 4, memoryGb: 24, storageGb: 200, flexibleLbs: 1, networkLbs: 1, flexibleLbMbps: 10 } as const;
/** OKE boot volume when a node pool sets none. */
const DEFAULT_BOOT_VOLUME_GB = 50;

/** A load balancer the cluster will have, from Terraform or from a LoadBalancer Service. */
export interface LoadBalancerUse {
  readonly kind: 'flexible' | 'network';
  /** Who creates it, for messages. */
  readonly source: string;
  /** Why it is not an Always Free one, when it is not (shape, bandwidth). */
  readonly notFree?: string;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export function freeTierClusters(platform: PolicyPlatform): PolicyCluster[] {
  return platform.clusters.filter((c) => c.freeTier && c.provider === 'oci-oke');
}

export function freeTierRules(ctx: TfContext, resources: readonly TfResource[]): { findings: RawFinding[]; loadBalancers: Map<string, LoadBalancerUse[]> } {
  const findings: RawFinding[] = [];
  const loadBalancers = new Map<string, LoadBalancerUse[]>();
  for (const cluster of freeTierClusters(ctx.platform)) {
    const mine = resources.filter((r) => clusterOfStack(ctx.platform, r.stack)?.name === cluster.name);
    const pools = mine.filter((r) => r.type === 'oci_containerengine_node_pool');
    let ocpus = 0;
    let memory = 0;
    let storage = 0;
    const parts: string[] = [];
    const storageParts: string[] = [];
    for (const pool of pools) {
      const shape = str(pool.body.node_shape);
      if (shape !== ALWAYS_FREE.shape) {
        findings.push({ rule: 'oci-free-tier-shape', resource: pool.id, file: pool.file, message: `${describe(pool)} uses shape ${shape ?? '(none)'}; cluster ${cluster.name} has freeTier: true, where only ${ALWAYS_FREE.shape} is free — set machineType: ${ALWAYS_FREE.shape} or freeTier: false` });
      }
      const config = blocks(pool.body.node_shape_config)[0] ?? {};
      const details = blocks(pool.body.node_config_details)[0] ?? {};
      const size = num(details.size);
      const source = blocks(pool.body.node_source_details)[0] ?? {};
      if (size === undefined) {
        findings.push({ rule: 'oci-free-tier-compute', resource: pool.id, file: pool.file, message: `${describe(pool)}: node_config_details.size is not a literal number (${JSON.stringify(details.size)}), so the Always Free allowance of cluster ${cluster.name} cannot be checked; write the node count as a number` });
        continue;
      }
      const poolOcpus = (num(config.ocpus) ?? 0) * size;
      const poolMemory = (num(config.memory_in_gbs) ?? 0) * size;
      const poolStorage = (num(source.boot_volume_size_in_gbs) ?? DEFAULT_BOOT_VOLUME_GB) * size;
      ocpus += poolOcpus;
      memory += poolMemory;
      storage += poolStorage;
      parts.push(`${pool.type}.${pool.name}: ${size} x ${num(config.ocpus) ?? 0} OCPU / ${num(config.memory_in_gbs) ?? 0} GB`);
      storageParts.push(`${pool.type}.${pool.name}: ${size} x ${poolStorage / size} GB`);
    }
    for (const volume of mine.filter((r) => r.type === 'oci_core_volume')) {
      const gb = num(volume.body.size_in_gbs) ?? DEFAULT_BOOT_VOLUME_GB;
      storage += gb;
      storageParts.push(`${volume.type}.${volume.name}: ${gb} GB`);
    }
    const clusterId = `cluster:${cluster.name}`;
    const file = pools[0]?.file;
    if (ocpus > ALWAYS_FREE.ocpus || memory > ALWAYS_FREE.memoryGb) {
      findings.push({
        rule: 'oci-free-tier-compute',
        resource: clusterId,
        file,
        message: `cluster ${cluster.name} (freeTier: true): node pools total ${ocpus} OCPUs and ${memory} GB (${parts.join('; ')}); the Always Free A1 allowance is ${ALWAYS_FREE.ocpus} OCPUs and ${ALWAYS_FREE.memoryGb} GB — shrink nodePools (count, ocpus, memoryGb) or set freeTier: false`,
      });
    }
    if (storage > ALWAYS_FREE.storageGb) {
      findings.push({
        rule: 'oci-free-tier-storage',
        resource: clusterId,
        file,
        message: `cluster ${cluster.name} (freeTier: true): boot and block volumes total ${storage} GB (${storageParts.join('; ')}); Always Free covers ${ALWAYS_FREE.storageGb} GB — lower bootVolumeGb or the node count, or set freeTier: false`,
      });
    }
    const lbs: LoadBalancerUse[] = [];
    for (const lb of mine.filter((r) => r.type === 'oci_load_balancer_load_balancer' || r.type === 'oci_load_balancer')) {
      const shape = str(lb.body.shape);
      const details = blocks(lb.body.shape_details)[0] ?? {};
      const max = num(details.maximum_bandwidth_in_mbps);
      const notFree =
        shape !== 'flexible' ? `shape ${shape ?? '(none)'} is not flexible` : max === undefined || max > ALWAYS_FREE.flexibleLbMbps ? `maximum bandwidth ${max ?? '(unset)'} Mbps exceeds ${ALWAYS_FREE.flexibleLbMbps}` : undefined;
      lbs.push({ kind: 'flexible', source: `${describe(lb)}`, notFree });
    }
    for (const nlb of mine.filter((r) => r.type === 'oci_network_load_balancer_network_load_balancer')) {
      lbs.push({ kind: 'network', source: describe(nlb) });
    }
    loadBalancers.set(cluster.name, lbs);
  }
  return { findings, loadBalancers };
}

// ---------------------------------------------------------------------------------------------
// Withdrawn Hetzner server types

const WITHDRAWN_HCLOUD = /^(cx[2-5]2|cpx[1-5]1)$/;

export function hcloudRules(resources: readonly TfResource[]): RawFinding[] {
  return resources
    .filter((r) => r.type === 'hcloud_server' && WITHDRAWN_HCLOUD.test(str(r.body.server_type) ?? ''))
    .map((r) => ({
      rule: 'hcloud-server-type-withdrawn',
      resource: r.id,
      file: r.file,
      message: `${describe(r)} uses server type ${String(r.body.server_type)}, which Hetzner withdrew; use a current type (cax ARM line, or cx23/cpx22 and newer) in the nodePools machineType`,
    }));
}

// ---------------------------------------------------------------------------------------------
// OCI dynamic groups: who gets the nodes' instance-principal permissions

/** The conditions of an `ALL {...}` matching rule, or undefined for any other form (ANY, a bare condition). */
function allConditions(rule: string): string[] | undefined {
  const match = /^\s*all\s*\{(.*)\}\s*$/is.exec(rule);
  return match ? match[1]!.split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined;
}

const COMPARTMENT_CONDITION = /^(instance|resource)\.compartment\.id\s*=\s*'?ocid1\.(compartment|tenancy)\.[^'\s]+'?$/i;
const TAG_VALUE_CONDITION = /^tag\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.value\s*=\s*'[^']+'$/i;

/**
 * Every `oci_identity_dynamic_group` matches an `ALL {...}` of a compartment and a defined tag with
 * a value: a rule on the compartment alone (or an ANY) takes in every instance there, and with it
 * the permissions of the group's policies.
 */
export function ociDynamicGroupRules(resources: readonly TfResource[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const r of resources.filter((x) => x.type === 'oci_identity_dynamic_group')) {
    const rule = str(r.body.matching_rule) ?? '';
    const conditions = allConditions(rule);
    const problems: string[] = [];
    if (!conditions) problems.push('is not an ALL {...} of conditions');
    else {
      if (!conditions.some((c) => COMPARTMENT_CONDITION.test(c))) problems.push("names no instance.compartment.id = '<compartment OCID>'");
      if (!conditions.some((c) => TAG_VALUE_CONDITION.test(c))) problems.push("names no defined tag with a value (tag.<namespace>.<key>.value = '<value>')");
    }
    if (problems.length > 0) {
      findings.push({
        rule: 'oci-node-group-scope',
        resource: r.id,
        file: r.file,
        message: `${describe(r)}: matching_rule ${JSON.stringify(rule)} ${problems.join(' and ')}, so it takes in instances that are not the cluster's nodes and hands them the group's permissions; match ALL {instance.compartment.id = '<compartment>', tag.<namespace>.<key>.value = '<cluster>'} with the defined tag the node pools carry (constructs/oci/oke-iam.ts)`,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// k3s tokens in user_data

/** Node resources whose user_data the k3s constructs write (constructs/vps). */
const K3S_NODE_TYPES = new Set(['hcloud_server', 'digitalocean_droplet']);
/** A Terraform reference, as cdktf writes it into a string. */
const TF_REFERENCE = /\$\{[^}]+\}/g;

/** The role and the k3s `token:` of one node's cloud-init, when it is a k3s node. */
function k3sNode(userData: string): { role: 'server' | 'agent'; token?: string } | undefined {
  const role = /\bINSTALL_K3S_EXEC=(server|agent)\b/.exec(userData)?.[1] as 'server' | 'agent' | undefined;
  if (!role) return undefined;
  // The config file's first-level `token:` line (cloud-init indents file contents by six spaces).
  const token = /^ {6}token: "([^"\n]*)"$/m.exec(userData)?.[1];
  return { role, token };
}

/**
 * k3s-agent-server-token: no agent's user_data holds the server token. The server token is whatever
 * the servers of the stack join with (their config's `token:`); an agent must join with the agent
 * token (the servers' `agent-token`), and the metadata service serves user_data to the node.
 */
export function k3sTokenRules(resources: readonly TfResource[]): RawFinding[] {
  const findings: RawFinding[] = [];
  const byStack = new Map<string, { resource: TfResource; userData: string; node: NonNullable<ReturnType<typeof k3sNode>> }[]>();
  for (const resource of resources) {
    const userData = str(resource.body.user_data);
    if (!K3S_NODE_TYPES.has(resource.type) || userData === undefined) continue;
    const node = k3sNode(userData);
    if (!node) continue;
    byStack.set(resource.stack, [...(byStack.get(resource.stack) ?? []), { resource, userData, node }]);
  }
  for (const nodes of byStack.values()) {
    const serverTokens = new Set(nodes.filter((n) => n.node.role === 'server' && n.node.token).flatMap((n) => n.node.token!.match(TF_REFERENCE) ?? [n.node.token!]));
    for (const { resource, userData, node } of nodes) {
      if (node.role !== 'agent') continue;
      const leaked = [...serverTokens].filter((token) => userData.includes(token));
      if (leaked.length === 0) continue;
      findings.push({
        rule: 'k3s-agent-server-token',
        resource: resource.id,
        file: resource.file,
        message: `${describe(resource)} is a k3s agent whose user_data holds the server token ${leaked.join(', ')}: whoever holds it is admin of the whole cluster, and the node's metadata service serves user_data; agents join with the agent token (agent-token on every server, the agent's token), see constructs/vps/k3s-cluster.ts`,
      });
    }
  }
  return findings;
}
