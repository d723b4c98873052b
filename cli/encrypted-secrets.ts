import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Copies the encrypted files from the previous tree into the next one, byte for byte. */
export function carryEncryptedSecrets(previous: string, next: string, files: readonly string[]): void {
  for (const file of files) {
    const target = join(next, file);
    // A secret of a cluster that no longer exists is dropped with its cluster.
    if (!existsSync(join(next, file.split('/').slice(0, 2).join('/')))) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(previous, file), target);
  }
}
