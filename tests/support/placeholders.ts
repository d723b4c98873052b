import { join } from 'node:path';
import { loadPlatform } from '../../config/load';
import { findPlaceholders, type PlaceholderRule } from '../../config/placeholders';
import { edit } from './environments';

/**
 * A value of one's own for each kind of placeholder (the same placeholder gets the same value). SSH
 * keys differ per place (`where`): one key may be registered once per provider project.
 */
export function ownValue(rule: PlaceholderRule, value: string, where = ''): string {
  switch (rule) {
    case 'placeholder-marker': {
      const tag = where.replace(/[^A-Za-z0-9]/g, '').slice(-40).padStart(40, '0');
      return value.startsWith('ssh-') ? `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnKey${tag} ops@acme.dev` : 'own-client-id';
    }
    case 'placeholder-ocid':
      return value.replace('example', 'acme');
    case 'placeholder-state-bucket':
      return 'acme-terraform-state';
    case 'placeholder-age-recipient':
      return `age1${'x'.repeat(58)}`;
    case 'placeholder-zone':
      return value.replace(/example\.(com|net|org)$/, (_, tld: string) => `acme-${tld}.dev`);
    case 'placeholder-repository':
      return value.replace(/\/example\//, '/acme/');
  }
}

/**
 * Replaces every placeholder `findPlaceholders` reports in a project's environments/ (for all
 * clusters and the state bucket) with a value of one's own, in the file and at the line it names.
 * Returns how many it replaced.
 */
export function replacePlaceholders(root: string): number {
  const dir = join(root, 'environments');
  const platform = loadPlatform(dir, { relativeTo: root });
  const found = findPlaceholders(dir, { clusters: platform.clusters, state: true }, { relativeTo: root });
  for (const problem of found) {
    const file = problem.file.replace(/^environments\//, '');
    const path = layerPath(problem.path, file, platform.clusters.map((c) => c.name));
    edit(dir, file, [[path, ownValue(problem.rule as PlaceholderRule, String(problem.value), `${problem.file}${problem.line}`)]]);
  }
  return found.length;
}

/** The YAML path inside `file` of a reported (cluster) path: defaults.yaml keeps cluster values under cluster:, environments under clusters.<name> or clusterDefaults. */
function layerPath(dotted: string, file: string, clusters: readonly string[]): (string | number)[] {
  const path = dotted.split(/\.|(?=\[)/).map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
  if (path[0] !== 'clusters' || !clusters.includes(String(path[1]))) return path;
  return file.startsWith('defaults.') ? ['cluster', ...path.slice(2)] : path;
}
