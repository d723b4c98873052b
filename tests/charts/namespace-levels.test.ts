import { describe, expect, it } from 'vitest';
import { componentNamespaceLevels, podSecurityExemptions } from '../../charts/namespace-levels';
import { loadPlatform, type Cluster } from '../../config/load';
import { ENVIRONMENTS } from '../support/environments';

const platform = loadPlatform(ENVIRONMENTS);
const byName = (name: string) => platform.clusters.find((c) => c.name === name)!;
const withComponent = (cluster: Cluster, component: string, enabled: boolean, version = '1.12.1'): Cluster =>
  ({ ...cluster, components: { ...cluster.components, [component]: { ...(cluster.components as Record<string, object>)[component], enabled, version } } }) as Cluster;

describe('componentNamespaceLevels / podSecurityExemptions', () => {
  it('reads each enabled component\'s namespace level from the Namespace its construct builds', () => {
    const prod = componentNamespaceLevels(byName('do-prod'));
    expect(prod.get('cilium')).toBe('privileged');
    expect(prod.get('cert-manager')).toBe('restricted');
    expect([...prod.values()].every((level) => ['restricted', 'baseline', 'privileged'].includes(level))).toBe(true);
  });

  it('exempts exactly the privileged namespaces of the enabled components (shipped clusters)', () => {
    for (const cluster of platform.clusters.filter((c) => c.vps)) {
      const levels = componentNamespaceLevels(cluster);
      const exempt = podSecurityExemptions(cluster);
      expect(exempt, cluster.name).toEqual([...levels].filter(([, level]) => level === 'privileged').map(([name]) => name));
      // baseline namespaces keep their enforced labels: an exemption would let any pod in.
      for (const [name, level] of levels) if (level !== 'privileged') expect(exempt, `${cluster.name} ${name}`).not.toContain(name);
    }
    // Cilium's namespace is created without labels by the bootstrap HelmChart: it must be exempt where Cilium runs.
    expect(podSecurityExemptions(byName('do-prod'))).toContain('cilium');
  });

  it('follows the components: switching one on adds its privileged namespace, switching it off removes it', () => {
    const staging = byName('hcloud-staging');
    expect(podSecurityExemptions(withComponent(staging, 'longhorn', true))).toContain('longhorn-system');
    expect(podSecurityExemptions(withComponent(staging, 'longhorn', false))).not.toContain('longhorn-system');
    expect(podSecurityExemptions(withComponent(byName('do-prod'), 'cilium', false, '1.18.3'))).not.toContain('cilium');
  });
});
