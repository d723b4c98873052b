import { describe, expect, it } from 'vitest';
import { setIn } from '../../cli/promote/yaml-edit';

const FILE = [
  '# head comment',
  'name: prod',
  'clusterDefaults:',
  '  vps:',
  '    # k3s comment',
  "    k3sVersion: 'v1.36.4+k3s1' # trailing",
  '  components:',
  '    loki: { enabled: true }',
  '    cilium: {}',
  '    tempo:',
  '      enabled: true',
  '# before clusters',
  'clusters:',
  '  c1:',
  '    components:',
  '      loki: { version: 1.0.0 }',
  '',
].join('\n');

describe('promote: setIn edits one value and nothing else', () => {
  it('replaces a scalar in place, keeping its quotes and comments', () => {
    expect(setIn(FILE, ['clusterDefaults', 'vps', 'k3sVersion'], 'v1.36.5+k3s1')).toBe(FILE.replace("'v1.36.4+k3s1'", "'v1.36.5+k3s1'"));
    expect(setIn(FILE, ['clusters', 'c1', 'components', 'loki', 'version'], '1.1.0')).toBe(FILE.replace('version: 1.0.0', 'version: 1.1.0'));
  });

  it('adds a key to a flow map, empty or not', () => {
    expect(setIn(FILE, ['clusterDefaults', 'components', 'loki', 'version'], '2.0.0')).toBe(FILE.replace('loki: { enabled: true }', 'loki: { enabled: true, version: 2.0.0 }'));
    expect(setIn(FILE, ['clusterDefaults', 'components', 'cilium', 'version'], '1.2.0')).toBe(FILE.replace('cilium: {}', 'cilium: { version: 1.2.0 }'));
  });

  it('adds a scalar first in a block map, a new map last (as a flow map where asked)', () => {
    expect(setIn(FILE, ['clusterDefaults', 'components', 'tempo', 'version'], '2.2.4')).toBe(FILE.replace('    tempo:\n', '    tempo:\n      version: 2.2.4\n'));
    expect(setIn(FILE, ['clusterDefaults', 'components', 'dex', 'version'], '0.24.0', { flowLeaf: true })).toBe(
      FILE.replace('      enabled: true\n# before', '      enabled: true\n    dex: { version: 0.24.0 }\n# before'),
    );
    expect(setIn(FILE, ['clusterDefaults', 'tenantServices', 'kanidm', 'image'], 'docker.io/kanidm/server:1.11.2', { flowLeaf: true })).toBe(
      FILE.replace('      enabled: true\n# before', '      enabled: true\n  tenantServices:\n    kanidm: { image: docker.io/kanidm/server:1.11.2 }\n# before'),
    );
  });

  it('writes a new top-level key before the one named, and quotes what would not read back as the same string', () => {
    const bare = 'name: dev\nclusters:\n  c: {}\n';
    expect(setIn(bare, ['clusterDefaults', 'kubernetesVersion'], '1.34.2', { before: 'clusters' })).toBe('name: dev\nclusterDefaults:\n  kubernetesVersion: 1.34.2\nclusters:\n  c: {}\n');
    expect(setIn(bare, ['clusterDefaults', 'x'], '1.30', { before: 'clusters' })).toContain('x: "1.30"');
  });
});
