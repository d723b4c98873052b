import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TENANT_LABEL } from './tenant';
import { checkDnsLabel } from './validate';

/**
 * IPv4 link-local: the cloud metadata service (169.254.169.254) lives here. A tenant's egress
 * ipBlock may reach the internet only with this range in its `except` list.
 */
export const LINK_LOCAL_RANGE = '169.254.0.0/16';

export interface TenantMetadataEgressProps {
  /**
   * Name of the ValidatingAdmissionPolicy and its binding.
   * @default 'tenant-metadata-egress'
   */
  readonly name?: string;
}

/** One validation of the policy: a CEL expression that must hold, and what to say when it does not. */
export interface TenantEgressRule {
  readonly expression: string;
  readonly message: string;
}

// CEL over one IPv4 CIDR string `c` ("a.b.c.d/n"), standard CEL and the strings library only (no
// bindings, no IP library), so the API server and the tests (cel-js) run the very same text.
// 169.254/16 is 43518 (169 * 256 + 254) in the top 16 bits; POW[n] = 2^(16 - n) for n <= 16.
const POW = `[${Array.from({ length: 17 }, (_, n) => 2 ** (16 - n)).join(', ')}]`;
const prefix = (c: string) => `int(${c}.split('/')[1])`;
const top16 = (c: string) => `(int(${c}.split('/')[0].split('.')[0]) * 256 + int(${c}.split('/')[0].split('.')[1]))`;
/** `c` contains all of 169.254.0.0/16. */
const coversLinkLocal = (c: string) => `(${prefix(c)} <= 16 && ${top16(c)} / ${POW}[${prefix(c)}] == 43518 / ${POW}[${prefix(c)}])`;
/** `c` has at least one address in 169.254.0.0/16. */
const touchesLinkLocal = (c: string) => `(${prefix(c)} >= 16 ? ${top16(c)} == 43518 : ${coversLinkLocal(c)})`;
const isIpv6 = (c: string) => `${c}.contains(':')`;
/** Every ipBlock of every egress peer satisfies `check` (a CEL predicate over the ipBlock expression it is given). */
const everyEgressBlock = (check: (block: string) => string) =>
  `!has(object.spec.egress) || object.spec.egress.all(r, !has(r.to) || r.to.all(p, !has(p.ipBlock) || ${check('p.ipBlock')}))`;

/**
 * Keeps tenants from opening the cloud metadata service to their pods. A node's user_data there
 * holds its k3s join token, and a tenant admin may write NetworkPolicies in its namespace: on a
 * cluster without Cilium (whose CiliumClusterwideNetworkPolicy denies the address whatever a
 * NetworkPolicy allows) nothing cluster-wide stops an allow rule. A `ValidatingAdmissionPolicy`
 * (with its Deny binding) on NetworkPolicies in namespaces labelled `toolkit.fluxcd.io/tenant`
 * refuses:
 *
 * - an egress rule without `to` (or with an empty one): it allows every address;
 * - an IPv4 `ipBlock` with any address in 169.254.0.0/16, unless it is wider than that range
 *   and one of its `except` entries covers the whole of it: `0.0.0.0/0` must say
 *   `except: [169.254.0.0/16, ...]`;
 * - an IPv6 `ipBlock` written with an embedded IPv4 address (`::ffff:169.254.169.254/128`, or any
 *   `::ffff:` block), which some enforcers read as IPv4.
 *
 * The platform's own tenant policies pass it (allow-dns and allow-same-namespace name pods;
 * Stalwart's internet egress excepts the range). The nodes drop pod traffic to the metadata
 * service as well (constructs/vps/hardening.ts), so this fence is one of two.
 */
export class TenantMetadataEgress extends Construct {
  /** The CEL rules, in order, for tests and docs. */
  readonly rules: readonly TenantEgressRule[];
  /** The policy's name. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: TenantMetadataEgressProps = {}) {
    super(scope, id);
    this.name = checkDnsLabel(`TenantMetadataEgress ${id}`, 'name', props.name ?? 'tenant-metadata-egress', 55);
    this.rules = [
      {
        expression: `!has(object.spec.egress) || object.spec.egress.all(r, has(r.to) && size(r.to) > 0)`,
        message: `every egress rule of a tenant NetworkPolicy must list its destinations (to:): a rule without them allows every address, the cloud metadata service included; for the internet use ipBlock {cidr: 0.0.0.0/0, except: [${LINK_LOCAL_RANGE}]}`,
      },
      {
        expression: everyEgressBlock(
          (b) => `${isIpv6(`${b}.cidr`)} || !${touchesLinkLocal(`${b}.cidr`)} || (${prefix(`${b}.cidr`)} < 16 && has(${b}.except) && ${b}.except.exists(e, !${isIpv6('e')} && ${coversLinkLocal('e')}))`,
        ),
        message: `a tenant NetworkPolicy may not allow egress to link-local ${LINK_LOCAL_RANGE} (the cloud metadata service 169.254.169.254 serves the nodes' join tokens): an ipBlock that includes it must list ${LINK_LOCAL_RANGE} (or a range around it) in except`,
      },
      {
        expression: everyEgressBlock((b) => `!${isIpv6(`${b}.cidr`)} || !(${b}.cidr.contains('.') || ${b}.cidr.lowerAscii().startsWith('::ffff:'))`),
        message: 'a tenant NetworkPolicy may not name IPv4 addresses in IPv6 form (::ffff:a.b.c.d) in an egress ipBlock; write the IPv4 block',
      },
    ];
    new ApiObject(this, 'policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] },
          resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['networkpolicies'] }],
        },
        validations: this.rules.map((rule) => ({ expression: rule.expression, message: rule.message, reason: 'Forbidden' })),
      },
    });
    new ApiObject(this, 'binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.name },
      spec: { policyName: this.name, validationActions: ['Deny'] },
    });
  }
}
