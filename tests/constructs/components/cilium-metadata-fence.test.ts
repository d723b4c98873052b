import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CiliumMetadataFence, CLOUD_METADATA_CIDR } from '../../../constructs/components/cilium-metadata-fence';

describe('CiliumMetadataFence', () => {
  const chart = Testing.chart();
  new CiliumMetadataFence(chart, 'fence');
  const objects = Testing.synth(chart);

  it('is one CiliumClusterwideNetworkPolicy that denies every endpoint egress to 169.254.169.254/32', () => {
    expect(objects).toHaveLength(1);
    const [policy] = objects;
    expect(policy).toMatchObject({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny-cloud-metadata' } });
    expect(CLOUD_METADATA_CIDR).toBe('169.254.169.254/32');
    // Every endpoint: an empty selector (the CRD's oneOf takes endpointSelector or nodeSelector).
    expect(policy.spec.endpointSelector).toEqual({});
    expect(policy.spec.nodeSelector).toBeUndefined();
    expect(policy.spec.egressDeny).toEqual([{ toCIDR: ['169.254.169.254/32'] }]);
    expect(Object.keys(policy.spec).sort()).toEqual(['description', 'egressDeny', 'enableDefaultDeny', 'endpointSelector']);
  });

  it('never puts an endpoint into default-deny: both directions explicitly off, and no allow rules', () => {
    // Cilium 1.15+ defaults enableDefaultDeny to true for every direction a policy has rules in,
    // deny rules included; selecting every endpoint, that would cut all egress of the cluster.
    const [policy] = objects;
    expect(policy.spec.enableDefaultDeny).toEqual({ egress: false, ingress: false });
    expect(policy.spec.egress).toBeUndefined();
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.ingressDeny).toBeUndefined();
  });
});
