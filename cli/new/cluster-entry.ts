import { defaultK3sRelease } from '../../config/kubernetes-support';
import { isPlainObject } from '../../config/merge';
import type { NodePool, Provider } from '../../config/schema';
import type { NodeAddresses } from './addresses';
import type { Entry } from './yaml-text';

/** k3s release used when no environment pins one yet: the default of config/kubernetes-support.yaml. */
export const DEFAULT_K3S_VERSION = defaultK3sRelease();

/** Region used when --region is not given: the region the shipped example clusters use. */
export const DEFAULT_REGIONS: Record<Provider, string> = {
  'oci-oke': 'eu-frankfurt-1',
  'hcloud-k3s': 'fsn1',
  'do-k3s': 'fra1',
};

/** Pod and service ranges each provider's Kubernetes uses by default. */
export const POD_SERVICE_CIDRS: Record<Provider, { pod: string; service: string }> = {
  'oci-oke': { pod: '10.244.0.0/16', service: '10.96.0.0/16' },
  'hcloud-k3s': { pod: '10.42.0.0/16', service: '10.43.0.0/16' },
  'do-k3s': { pod: '10.42.0.0/16', service: '10.43.0.0/16' },
};

/** Placeholders that pass the schema and are obviously not real (search for REPLACE). */
export const PLACEHOLDERS = {
  compartmentOcid: 'ocid1.compartment.oc1..aaaaaaaareplacewithyourcompartmentocid',
  tenancyOcid: 'ocid1.tenancy.oc1..aaaaaaaareplacewithyourtenancyocid',
  sshKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIReplaceWithYourOwnPublicKey0000000000000 replace-me@example.com',
} as const;

export interface ClusterEntryInput {
  readonly name: string;
  readonly provider: Provider;
  readonly size: string;
  readonly region: string;
  readonly addresses: NodeAddresses;
  /** defaults.yaml `cluster:` merged with the environment's `clusterDefaults:`. */
  readonly inherited: Record<string, unknown>;
  /** Node pools of sizes.<provider>.<size> in defaults.yaml, for the comment. */
  readonly template: Record<string, NodePool> | undefined;
  /** The k3s release to pin when the environment does not pin one. */
  readonly k3sVersion: string;
  /** The command that wrote the entry, quoted in its comment. */
  readonly command: string;
}

function describePools(template: Record<string, NodePool> | undefined): string {
  if (!template) return 'no template';
  return Object.entries(template)
    .map(([pool, p]) => {
      const shape = p.ocpus !== undefined ? ` (${p.ocpus} OCPU, ${p.memoryGb} GB)` : '';
      return `${pool} ${p.count} x ${p.machineType}${shape}`;
    })
    .join(', ');
}

function inheritedAt(inherited: Record<string, unknown>, section: string, key: string): unknown {
  const value = inherited[section];
  return isPlainObject(value) ? value[key] : undefined;
}

/**
 * The cluster's entry: everything a provider needs that the environment does not already give,
 * placeholders clearly marked, network ranges that are free. Sections the environment's
 * clusterDefaults already set (an oci: profile, vps: keys) are left to it, because a cluster
 * value would replace the inherited one.
 */
export function clusterEntry(input: ClusterEntryInput): Entry {
  const { provider, inherited } = input;
  const cidrs = POD_SERVICE_CIDRS[provider];
  const body: Entry[] = [
    { key: 'provider', value: provider },
    { key: 'region', value: input.region },
    {
      key: 'size',
      value: input.size,
      comment: [`${input.size}: ${describePools(input.template)} (sizes.${provider}.${input.size} in defaults.yaml).`],
    },
  ];
  if (provider === 'oci-oke') {
    const free = input.size === 'small';
    body.push({
      key: 'freeTier',
      value: free,
      comment: [free ? 'small is exactly the Always Free A1 allowance, which is per tenancy: one such cluster per tenancy.' : `${input.size} is larger than the Always Free allowance.`],
    });
    const oci: Entry[] = [];
    const add = (key: string, value: string | boolean, comment?: string[]) => {
      if (inheritedAt(inherited, 'oci', key) === undefined) oci.push({ key, value, comment });
    };
    add('compartmentOcid', PLACEHOLDERS.compartmentOcid, ['REPLACE: the OCIDs of your compartment and tenancy (OCI console: Identity > Compartments, Tenancy details).']);
    add('tenancyOcid', PLACEHOLDERS.tenancyOcid);
    add('configProfile', 'DEFAULT', ['Profile in ~/.oci/config that Terraform signs with (`npm run doctor` checks it).']);
    add('publicEndpoint', true);
    add('cniType', 'FLANNEL_OVERLAY');
    if (oci.length > 0) body.push({ key: 'oci', value: oci });
  } else if (inherited.freeTier === true) {
    body.push({ key: 'freeTier', value: false, comment: ['freeTier applies to OCI only.'] });
  }
  body.push({
    key: 'network',
    value: [
      { key: 'nodeCidr', value: input.addresses.nodeCidr, comment: ['The first 10.X.0.0/16 no other cluster uses (chosen by npm run new).'] },
      { key: 'subnets', value: [{ key: 'public', value: input.addresses.public }, { key: 'nodes', value: input.addresses.nodes }] },
      { key: 'podCidr', value: cidrs.pod, comment: [provider === 'oci-oke' ? 'OKE defaults for pods and services.' : 'k3s defaults for pods and services.'] },
      { key: 'serviceCidr', value: cidrs.service },
    ],
  });
  body.push({
    key: 'dns',
    value: [
      { key: 'provider', value: 'cloudflare', comment: ['REPLACE: your zone; records go under <subdomain>.<zone>. createZone: false uses an existing zone.'] },
      { key: 'zone', value: 'example.com' },
      { key: 'subdomain', value: input.name },
      { key: 'createZone', value: false },
      { key: 'proxied', value: false },
    ],
  });
  if (provider !== 'oci-oke') {
    const vps: Entry[] = [];
    if (inheritedAt(inherited, 'vps', 'k3sVersion') === undefined) {
      vps.push({ key: 'k3sVersion', value: input.k3sVersion, comment: ['Exact k3s release (https://github.com/k3s-io/k3s/releases).'] });
    }
    const keys = inheritedAt(inherited, 'vps', 'sshKeys');
    if (!isPlainObject(keys) || Object.keys(keys).length === 0) {
      vps.push({
        key: 'sshKeys',
        value: [{ key: 'admin', value: PLACEHOLDERS.sshKey }],
        comment: ['REPLACE: your OpenSSH public key(s), by name (cat ~/.ssh/id_ed25519.pub).'],
      });
    }
    if (vps.length > 0) body.push({ key: 'vps', value: vps });
  }
  return {
    key: input.name,
    value: body,
    comment: [`Added by \`${input.command}\`.`, 'Lines marked REPLACE hold placeholders that validate but must be replaced before a deploy.'],
  };
}
