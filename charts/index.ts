import { App } from 'cdk8s';
import type { Platform } from '../config/load';
import { FLUX_DEFAULTS, type FluxDefaults } from '../constructs/flux/defaults';
import { addApps } from './apps';
import { addClusterEntry } from './cluster-entry';
import { addInfrastructure } from './infrastructure';
import { LAYOUT, repositoryRoot } from './layout';
import { readme } from './readme';
import { addFile, withYamlCache, type GitopsFiles } from './render';
import { addClusterSecrets, addSopsConfig } from './secrets';
import { YamlCache } from './yaml-cache';

export type { GitopsFiles } from './render';

export interface BuildGitopsOptions {
  /**
   * SOPS-encrypted files already in the tree (paths relative to gitops/, e.g.
   * `clusters/do-prod/secrets/monitoring-grafana-admin.sops.yaml`), listed in each cluster's
   * secrets/kustomization.yaml. The caller reads the tree; charts never read files.
   * @default []
   */
  readonly encryptedSecrets?: readonly string[];
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
  /**
   * YAML text of documents seen before (this run or, as the caller keeps it, earlier runs).
   * @default a new, empty cache
   */
  readonly yamlCache?: YamlCache;
}

/**
 * Synthesizes the Flux tree for every cluster of the platform, as relative path -> content. The
 * result depends only on the platform (and options): same input, byte-identical map, in sorted
 * path order.
 */
export async function buildGitops(platform: Platform, options: BuildGitopsOptions = {}): Promise<GitopsFiles> {
  const defaults = options.defaults ?? FLUX_DEFAULTS;
  const files: GitopsFiles = new Map();
  const app = new App();
  const roots = new Set(platform.clusters.map(repositoryRoot));
  if (roots.size > 1) throw new Error(`every cluster's gitops.path must share one root; found ${[...roots].join(', ')}`);

  withYamlCache(options.yamlCache ?? new YamlCache(), () => {
    addSopsConfig(files, platform);
    addFile(files, LAYOUT.readme, readme(platform, defaults));
    addInfrastructure(files, app, platform, defaults);
    for (const cluster of platform.clusters) {
      addClusterEntry(files, app, cluster, defaults);
      addApps(files, app, cluster, options.encryptedSecrets ?? [], defaults);
      addClusterSecrets(files, cluster, options.encryptedSecrets ?? [], defaults);
    }
  });
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
