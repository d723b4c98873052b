import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import type { PodSecurityLevel } from '../../config/pod-security-level';
import { PRUNE_DISABLED } from '../flux/defaults';
import { assertDnsLabel } from '../flux/names';

export interface PlatformNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /**
   * Pod Security Admission level enforced (and warned) in the namespace; audit is always restricted.
   * @default restricted
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why the namespace needs less than `restricted`, e.g. "node-exporter uses hostNetwork". Required
   * for `baseline` and `privileged`, so every exception is written down next to it.
   * @default - none; not allowed with restricted
   */
  readonly podSecurityReason?: string;
  /**
   * Extra labels (e.g. istio-injection).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace with Pod Security Admission labels and Flux's prune protection: deleting the
 * component from the tree must not delete the namespace (and every volume in it) by accident.
 * Audit always uses `restricted`, so a relaxed namespace still records what would not pass.
 */
export class PlatformNamespace extends Construct {
  /** The namespace name. */
  public readonly name: string;
  /** The enforced Pod Security level. */
  public readonly podSecurity: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    assertDnsLabel('namespace name', props.name);
    const level = props.podSecurity ?? 'restricted';
    if (level !== 'restricted' && !props.podSecurityReason?.trim()) {
      throw new Error(`namespace ${props.name}: pod security ${level} needs podSecurityReason (say which workload needs it and why)`);
    }
    if (level === 'restricted' && props.podSecurityReason) {
      throw new Error(`namespace ${props.name}: podSecurityReason is only for baseline or privileged namespaces`);
    }
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith('pod-security.kubernetes.io/')) throw new Error(`namespace ${props.name}: set podSecurity instead of the ${key} label`);
    }
    this.name = props.name;
    this.podSecurity = level;
    const annotations: Record<string, string> = { ...PRUNE_DISABLED };
    if (props.podSecurityReason) annotations['platform.cheapk8s.io/pod-security-reason'] = props.podSecurityReason;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        annotations,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });
  }
}
