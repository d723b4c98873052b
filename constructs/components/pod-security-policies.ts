import { Construct } from 'constructs';
import {
  ClusterPolicy,
  ClusterPolicySpecRulesValidateFailureAction,
  ClusterPolicySpecRulesValidatePodSecurityLevel,
  ClusterPolicySpecRulesValidatePodSecurityVersion,
} from '../../imports/kyverno-kyverno.io';

export interface PodSecurityPoliciesProps {
  /**
   * What a violation does: `audit` reports it (PolicyReports), `enforce` rejects the pod.
   */
  readonly mode: 'audit' | 'enforce';
  /**
   * Namespaces left out of both policies (system namespaces without Pod Security labels).
   * @default ['kube-system', 'kube-public', 'kube-node-lease', 'flux-system']
   */
  readonly excludedNamespaces?: readonly string[];
}

/** Label every tenant namespace carries (see Tenant). */
const TENANT_LABEL = 'toolkit.fluxcd.io/tenant';
/** Pod Security Admission label whose `privileged` value marks a namespace that is allowed more. */
const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * The Pod Security Standards as two Kyverno ClusterPolicies (validate + podSecurity), on top of
 * Pod Security Admission so violations show up in PolicyReports (audit) or are refused (enforce):
 *
 * - `pss-baseline`: every namespace except the system ones and those whose Pod Security label is
 *   `privileged` (they document why: MetalLB speakers, Longhorn, Cilium);
 * - `pss-restricted`: tenant namespaces (label `toolkit.fluxcd.io/tenant`).
 */
export class PodSecurityPolicies extends Construct {
  /** Names of the policies. */
  static readonly names = { baseline: 'pss-baseline', restricted: 'pss-restricted' } as const;

  constructor(scope: Construct, id: string, props: PodSecurityPoliciesProps) {
    super(scope, id);
    if (props.mode !== 'audit' && props.mode !== 'enforce') {
      throw new Error(`PodSecurityPolicies: mode must be audit or enforce, got ${JSON.stringify(props.mode)}`);
    }
    const excluded = [...(props.excludedNamespaces ?? ['kube-system', 'kube-public', 'kube-node-lease', 'flux-system'])].sort();
    const failureAction =
      props.mode === 'enforce' ? ClusterPolicySpecRulesValidateFailureAction.ENFORCE : ClusterPolicySpecRulesValidateFailureAction.AUDIT;
    const policy = (name: string, level: ClusterPolicySpecRulesValidatePodSecurityLevel, namespaceSelector: Record<string, unknown>, title: string) =>
      new ClusterPolicy(this, name, {
        metadata: {
          name,
          annotations: {
            'policies.kyverno.io/title': title,
            'policies.kyverno.io/category': 'Pod Security Standards',
            'policies.kyverno.io/subject': 'Pod',
          },
        },
        spec: {
          background: true,
          rules: [
            {
              name: level,
              match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: namespaceSelector as any } }] },
              exclude: { any: [{ resources: { namespaces: excluded } }] },
              validate: {
                failureAction,
                podSecurity: { level, version: ClusterPolicySpecRulesValidatePodSecurityVersion.LATEST },
              },
            },
          ],
        },
      });
    policy(
      PodSecurityPolicies.names.baseline,
      ClusterPolicySpecRulesValidatePodSecurityLevel.BASELINE,
      { matchExpressions: [{ key: PSA_ENFORCE, operator: 'NotIn', values: ['privileged'] }] },
      'Pod Security Standards: baseline',
    );
    policy(
      PodSecurityPolicies.names.restricted,
      ClusterPolicySpecRulesValidatePodSecurityLevel.RESTRICTED,
      { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] },
      'Pod Security Standards: restricted (tenants)',
    );
  }
}
