import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INGRESS_NODE_PORTS,
  MAIL_NODE_PORT_BLOCKS,
  PUBLIC_MAIL_PORTS,
  clusterMailNodePorts,
  publicMailNodePorts,
} from '../../config/cluster-settings';
import { NODE_PORT_RANGE } from '../../constructs/vps/k3s-cluster';

describe('publicMailNodePorts', () => {
  it('hands out one block of ports per tenant, in the order given, protocols in PUBLIC_MAIL_PORTS order', () => {
    const ports = publicMailNodePorts(['team-b', 'team-a']);
    expect([...ports.keys()]).toEqual(['team-b', 'team-a']);
    expect(ports.get('team-b')).toEqual({ smtp: 30000, submissions: 30001, submission: 30002, imaps: 30003 });
    expect(ports.get('team-a')).toEqual({ smtp: 30004, submissions: 30005, submission: 30006, imaps: 30007 });
    expect(Object.keys(ports.get('team-a')!)).toEqual(Object.keys(PUBLIC_MAIL_PORTS));
    // A tenant added at the end moves nobody.
    expect(publicMailNodePorts(['team-b', 'team-a', 'team-c']).get('team-a')).toEqual(ports.get('team-a'));
  });

  it('stays in the band Kubernetes keeps for fixed node ports (30000-30085 of the default range), below the ingress ports', () => {
    const all = [...publicMailNodePorts(Array.from({ length: MAIL_NODE_PORT_BLOCKS.tenants }, (_, i) => `t${i}`)).values()].flatMap((b) => Object.values(b));
    expect(Math.min(...all)).toBe(30000);
    expect(Math.max(...all)).toBe(30079);
    expect(Math.max(...all)).toBeLessThan(Math.min(...Object.values(INGRESS_NODE_PORTS)));
  });

  it('reads the tenants with mail.public from a cluster, and no others', () => {
    const ports = clusterMailNodePorts({
      tenants: { quiet: {}, internal: { mail: {} }, off: { mail: { public: false } }, loud: { mail: { public: true } } },
    });
    expect([...ports.keys()]).toEqual(['loud']);
  });

  it('refuses more tenants than it has blocks for', () => {
    const names = Array.from({ length: MAIL_NODE_PORT_BLOCKS.tenants + 1 }, (_, i) => `t${i}`);
    expect(() => publicMailNodePorts(names)).toThrow(`at most ${MAIL_NODE_PORT_BLOCKS.tenants} tenants per cluster can have public mail, got 21`);
  });

  it('never collides: ports unique, inside the node port range, apart from the ingress node ports, for any set of tenants', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: MAIL_NODE_PORT_BLOCKS.tenants }), (names) => {
        const ports = [...publicMailNodePorts(names).values()].flatMap((block) => Object.values(block));
        expect(ports).toHaveLength(names.length * 4);
        expect(new Set(ports).size).toBe(ports.length);
        for (const port of ports) {
          expect(port).toBeGreaterThanOrEqual(NODE_PORT_RANGE.min);
          expect(port).toBeLessThanOrEqual(NODE_PORT_RANGE.max);
          expect(Object.values(INGRESS_NODE_PORTS)).not.toContain(port);
        }
      }),
      { numRuns: 200 },
    );
  });
});
