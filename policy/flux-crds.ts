/**
 * The CustomResourceDefinitions `flux install` creates (policy/flux-crds/, copied from the
 * controllers at the release FLUX_VERSION installs): the schemas of Flux's own kinds, which no chart
 * in the tree installs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

let cached: Record<string, unknown>[] | undefined;

export function fluxCrds(): Record<string, unknown>[] {
  if (cached) return cached;
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'flux-crds');
  cached = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => loadAll(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[])
    .filter((o) => o && o.kind === 'CustomResourceDefinition');
  return cached;
}
