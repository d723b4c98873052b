import { pathKeys } from './values';

/**
 * Attribute changes that probably destroy and recreate a resource rather than update it in place.
 * A heuristic for reviewers, not a plan: `terraform plan` has the last word (the pull-request
 * workflow runs it when credentials are configured). Patterns match the attribute path without
 * list positions (`node_source_details.image_id`), and never inside set elements: an element of a
 * set block (a security rule, a firewall rule) changing is an in-place update of its parent.
 */
export interface ReplaceRule {
  readonly pattern: RegExp;
  readonly reason: string;
}

export const TERRAFORM_REPLACE_RULES: readonly ReplaceRule[] = [
  // Names: most providers cannot rename a VCN, bucket, cluster, zone or key in place.
  { pattern: /^(name|bucket|cluster_name|zone)$/, reason: 'name' },
  // Address ranges: VCNs, subnets, Hetzner networks and DO VPCs are recreated for a new range.
  { pattern: /(^|\.)([a-z0-9_]*cidrs?[a-z0-9_]*|ip_range)$/, reason: 'CIDR' },
  // Machine shapes, server types and sizes.
  { pattern: /(^|\.)(shape|node_shape|(server|machine|instance|node|volume)_type)$|^size$/, reason: 'shape/type/size' },
  // Images: servers are rebuilt from a new image.
  { pattern: /(^|\.)(image|image_id|image_name)$/, reason: 'image' },
  // Placement.
  { pattern: /^(region|location|datacenter|network_zone)$/, reason: 'region' },
  { pattern: /(^|\.)availability_domain$/, reason: 'availability domain' },
  { pattern: /(^|\.)dns_label$/, reason: 'dns_label' },
  // cloud-init runs once: Hetzner and DigitalOcean recreate a server whose user_data changes.
  { pattern: /^user_data$/, reason: 'user_data' },
];

/**
 * Kubernetes fields the API server refuses to change: Flux can only apply them by deleting and
 * recreating the object (`kustomize.toolkit.fluxcd.io/force`), which for a StatefulSet or a PVC
 * means downtime or data at risk. Keyed by kind.
 */
export const KUBERNETES_IMMUTABLE_RULES: Readonly<Record<string, readonly ReplaceRule[]>> = {
  Deployment: [{ pattern: /^spec\.selector(\.|$)/, reason: 'immutable spec.selector' }],
  DaemonSet: [{ pattern: /^spec\.selector(\.|$)/, reason: 'immutable spec.selector' }],
  ReplicaSet: [{ pattern: /^spec\.selector(\.|$)/, reason: 'immutable spec.selector' }],
  StatefulSet: [
    { pattern: /^spec\.selector(\.|$)/, reason: 'immutable spec.selector' },
    { pattern: /^spec\.(volumeClaimTemplates|serviceName|podManagementPolicy)(\.|$)/, reason: 'immutable StatefulSet field' },
  ],
  Job: [{ pattern: /^spec\.(selector|template)(\.|$)/, reason: 'immutable Job field' }],
  Service: [{ pattern: /^spec\.clusterIPs?$/, reason: 'immutable spec.clusterIP' }],
  PersistentVolumeClaim: [
    { pattern: /^spec\.(storageClassName|accessModes|volumeName|selector)(\.|$)/, reason: 'immutable PersistentVolumeClaim field' },
  ],
};

/** The reason a change at `path` likely forces a replacement, if one of `rules` matches. */
export function replaceReason(rules: readonly ReplaceRule[], path: string): string | undefined {
  if (path.includes('[]')) return undefined;
  const keys = pathKeys(path).join('.');
  return rules.find((rule) => rule.pattern.test(keys))?.reason;
}
