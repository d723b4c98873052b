import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TENANT_LABEL } from './tenant';
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
  /**
   * The cluster runs ingress-nginx (retired, opt-in): refuse its annotations that add hosts or raw
   * configuration too. Off, the policy does not name ingress-nginx (no controller reads them).
   * @default false
   */
  readonly ingressNginx?: boolean;
}

/** One validation of the policy: a CEL expression that must hold, and what to say when it does not. */
export interface TenantDnsRule {
  readonly expression: string;
  readonly messageExpression: string;
}

/**
 * ingress-nginx annotations that add host names or raw configuration to an Ingress, outside its
 * `rules`: refused for tenants (the snippets are off by default in current ingress-nginx, but the
 * policy does not rely on the controller's settings).
 */
export const INGRESS_NGINX_HOST_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/server-alias',
  'nginx.ingress.kubernetes.io/server-snippet',
  'nginx.ingress.kubernetes.io/configuration-snippet',
] as const;

/** One admission policy: its name, what it matches and its CEL rules. */
export interface TenantPolicy {
  readonly name: string;
  readonly rules: readonly TenantDnsRule[];
}

/**
 * Keeps tenants to their own DNS names where the Gateway listeners cannot: external-dns publishes
 * names from Services and Ingresses (and takes their `target` annotation as the address), and
 * ingress-nginx and cert-manager's ingress-shim act on Ingress hosts, so without this a tenant
 * admin could point `grafana.<domain>` anywhere or get it served. Two `ValidatingAdmissionPolicy`
 * objects (built into Kubernetes, no Kyverno needed) with their bindings refuse, in namespaces
 * labelled `toolkit.fluxcd.io/tenant`:
 *
 * - `<name>` (Services, Ingresses, HTTPRoutes): any `external-dns.alpha.kubernetes.io/*`
 *   annotation but `hostname` and `ttl` (no `target`, no `internal-hostname`, no provider
 *   overrides), and a `hostname` annotation with a name outside `<tenant>.<domain>`;
 * - `<name>-ingress` (Ingresses): a rule without a host or with a host outside
 *   `<tenant>.<domain>`, a TLS host outside it, a default backend (it would catch every host),
 *   and (with `ingressNginx`) the ingress-nginx annotations that add hosts or raw configuration.
 *
 * HTTPRoutes need no host rule: the Gateway admits a tenant's routes only on its own listener.
 */
export class TenantDnsNames extends Construct {
  /** The policies and their CEL rules, in order, for tests and docs. */
  readonly policies: readonly TenantPolicy[];

  constructor(scope: Construct, id: string, props: TenantDnsNamesProps) {
    super(scope, id);
    const owner = `TenantDnsNames ${id}`;
    const domain = checkDnsName(owner, 'domain', props.domain);
    const name = checkDnsLabel(owner, 'name', props.name ?? 'tenant-dns-names', 55);
    const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
    const annotationRules: TenantDnsRule[] = [
      {
        expression: `!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.startsWith('external-dns.alpha.kubernetes.io/') || k in [${list(TENANT_EXTERNAL_DNS_ANNOTATIONS)}])`,
        messageExpression: `'tenants may set only the external-dns annotations ${TENANT_EXTERNAL_DNS_ANNOTATIONS.join(' and ')}'`,
      },
      {
        expression: `!has(object.metadata.annotations) || !('${HOSTNAME_ANNOTATION}' in object.metadata.annotations) || object.metadata.annotations['${HOSTNAME_ANNOTATION}'].split(',').all(h, h.trim().endsWith(variables.suffix))`,
        messageExpression: `'every name in ${HOSTNAME_ANNOTATION} must end in ' + variables.suffix`,
      },
    ];
    const ingressRules: TenantDnsRule[] = [
      {
        expression: `!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && r.host.endsWith(variables.suffix))`,
        messageExpression: `'every rule of a tenant Ingress needs a host ending in ' + variables.suffix`,
      },
      {
        expression: `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, h.endsWith(variables.suffix)))`,
        messageExpression: `'every TLS host of a tenant Ingress must end in ' + variables.suffix`,
      },
      {
        expression: `!has(object.spec.defaultBackend)`,
        messageExpression: `'a tenant Ingress may not have a default backend (it would answer for every host)'`,
      },
    ];
    if (props.ingressNginx === true) {
      ingressRules.push({
        expression: `!has(object.metadata.annotations) || !object.metadata.annotations.exists(k, k in [${list(INGRESS_NGINX_HOST_ANNOTATIONS)}])`,
        messageExpression: `'tenants may not set ${INGRESS_NGINX_HOST_ANNOTATIONS.join(', ')}'`,
      });
    }
    const routeKinds = [
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] },
      { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] },
      { apiGroups: ['gateway.networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['httproutes'] },
    ];
    this.policies = [
      { name, rules: annotationRules },
      { name: `${name}-ingress`, rules: ingressRules },
    ];
    const suffix = [{ name: 'suffix', expression: `'.' + namespaceObject.metadata.name + '.${domain}'` }];
    this.policies.forEach((policy, index) => {
      new ApiObject(this, `policy-${index}`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: policy.name },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] },
            resourceRules: index === 0 ? routeKinds : [routeKinds[1]],
          },
          variables: suffix,
          validations: policy.rules.map((rule) => ({ ...rule, reason: 'Forbidden' })),
        },
      });
      new ApiObject(this, `binding-${index}`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: policy.name },
        spec: { policyName: policy.name, validationActions: ['Deny'] },
      });
    });
  }
}
