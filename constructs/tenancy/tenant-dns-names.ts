import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TENANT_LABEL } from '../components/platform-gateway';
import { checkDnsLabel, checkDnsName } from './validate';

/** external-dns annotations a tenant may set: the names to publish (fenced below) and their TTL. */
export const TENANT_EXTERNAL_DNS_ANNOTATIONS = ['external-dns.alpha.kubernetes.io/hostname', 'external-dns.alpha.kubernetes.io/ttl'] as const;
const HOSTNAME_ANNOTATION = TENANT_EXTERNAL_DNS_ANNOTATIONS[0];

export interface TenantDnsNamesProps {
  /** The cluster domain: a tenant may publish names under `<tenant>.<domain>` only. */
  readonly domain: string;
  /**
   * Name of the ValidatingAdmissionPolicy and its binding.
   * @default 'tenant-dns-names'
   */
  readonly name?: string;
}

/** One validation of the policy: a CEL expression that must hold, and what to say when it does not. */
export interface TenantDnsRule {
  readonly expression: string;
  readonly messageExpression: string;
}

/**
 * Keeps tenants to their own DNS names where the Gateway listeners cannot: external-dns publishes
 * names from Services and Ingresses (and takes their `target` annotation as the address), so
 * without this a tenant admin could point `grafana.<domain>` anywhere. A
 * `ValidatingAdmissionPolicy` (built into Kubernetes, no Kyverno needed) and its binding refuse,
 * in namespaces labelled `toolkit.fluxcd.io/tenant`:
 *
 * - any `external-dns.alpha.kubernetes.io/*` annotation but `hostname` and `ttl` (no `target`,
 *   no `internal-hostname`, no provider overrides) on Services, Ingresses and HTTPRoutes;
 * - a `hostname` annotation with a name outside `<tenant>.<domain>`;
 * - an Ingress rule without a host or with a host outside `<tenant>.<domain>`, or a default
 *   backend (it would catch every host).
 *
 * HTTPRoutes need no host rule: the Gateway admits a tenant's routes only on its own listener.
 */
export class TenantDnsNames extends Construct {
  /** The CEL rules, in order, for tests and docs. */
  readonly rules: readonly TenantDnsRule[];
  /** Name of the policy and the binding. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: TenantDnsNamesProps) {
    super(scope, id);
    const owner = `TenantDnsNames ${id}`;
    const domain = checkDnsName(owner, 'domain', props.domain);
    this.name = checkDnsLabel(owner, 'name', props.name ?? 'tenant-dns-names');
    const allowed = TENANT_EXTERNAL_DNS_ANNOTATIONS.map((a) => `'${a}'`).join(', ');
    this.rules = [
      {
        expression: `!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.startsWith('external-dns.alpha.kubernetes.io/') || k in [${allowed}])`,
        messageExpression: `'tenants may set only the external-dns annotations ${TENANT_EXTERNAL_DNS_ANNOTATIONS.join(' and ')}'`,
      },
      {
        expression: `!has(object.metadata.annotations) || !('${HOSTNAME_ANNOTATION}' in object.metadata.annotations) || object.metadata.annotations['${HOSTNAME_ANNOTATION}'].split(',').all(h, h.trim().endsWith(variables.suffix))`,
        messageExpression: `'every name in ${HOSTNAME_ANNOTATION} must end in ' + variables.suffix`,
      },
      {
        expression: `object.kind != 'Ingress' || (!has(object.spec.defaultBackend) && (!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && r.host.endsWith(variables.suffix))))`,
        messageExpression: `'an Ingress of a tenant needs a host ending in ' + variables.suffix + ' on every rule, and no default backend'`,
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
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] },
            { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] },
            { apiGroups: ['gateway.networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['httproutes'] },
          ],
        },
        // Guards (has(...) ||) instead of a defaulted variable: both sides of a CEL conditional must
        // have one type, and an empty map literal is not map(string, string).
        variables: [{ name: 'suffix', expression: `'.' + namespaceObject.metadata.name + '.${domain}'` }],
        validations: this.rules.map((rule) => ({ ...rule, reason: 'Forbidden' })),
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
