import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SOPS-encrypted Secrets users commit under gitops/clusters/<cluster>/secrets/*.sops.yaml (the
 * platform's) and gitops/clusters/<cluster>/apps/secrets/*.sops.yaml (the apps', in tenant
 * namespaces). Synth does not write them (it cannot: they hold ciphertext), so every run carries
 * them into the new tree and lists them in the folder's kustomization.yaml.
 */
export function findEncryptedSecrets(gitopsDir: string): string[] {
  const clusters = join(gitopsDir, 'clusters');
  if (!existsSync(clusters)) return [];
  const found: string[] = [];
  for (const cluster of readdirSync(clusters).sort()) {
    for (const folder of ['apps/secrets', 'secrets']) {
      const dir = join(clusters, cluster, folder);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).sort()) {
        if (file.endsWith('.sops.yaml')) found.push(`clusters/${cluster}/${folder}/${file}`);
      }
    }
  }
  return found;
}

/**
 * `files` with the encrypted files of the previous tree (`previous`, as findEncryptedSecrets listed
 * them) added byte for byte. A secret of a cluster that no longer exists is dropped with its cluster.
 */
export function withEncryptedSecrets(previous: string, files: ReadonlyMap<string, string>, secrets: readonly string[]): Map<string, string | Buffer> {
  const clusters = new Set<string>();
  for (const path of files.keys()) if (path.startsWith('clusters/')) clusters.add(path.split('/', 2)[1]);
  const next = new Map<string, string | Buffer>(files);
  for (const file of secrets) {
    if (clusters.has(file.split('/', 2)[1])) next.set(file, readFileSync(join(previous, file)));
  }
  return next;
}
