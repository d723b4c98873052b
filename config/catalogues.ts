import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Provider } from './schema';

/**
 * The provider catalogues (config/catalogues/*.yaml): the regions or locations, and the machine types
 * with their CPU architecture and where each is sold, of every provider, each entry with its source
 * and the source's date. config/rules.ts judges every cluster's region and node pools against them.
 * The Kubernetes versions each provider offers are in config/kubernetes-support.yaml.
 */

/** The catalogue file of each provider, relative to the repository root (messages name it). */
export const CATALOGUE_FILES: Readonly<Record<Provider, string>> = {
  'oci-oke': 'config/catalogues/oci.yaml',
  'hcloud-k3s': 'config/catalogues/hetzner.yaml',
  'do-k3s': 'config/catalogues/digitalocean.yaml',
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD (quoted)' });
const arch = z.enum(['arm64', 'amd64']);

const CatalogueFile = z.strictObject({
  staleAfterDays: z.number().int().min(1).max(3650),
  sources: z.record(z.string(), z.strictObject({ what: z.string().min(1), date })),
  regions: z
    .record(z.string(), z.strictObject({ source: z.string(), realm: z.string().optional() }))
    .optional(),
  locations: z
    .record(z.string(), z.strictObject({ source: z.string(), networkZone: z.string().min(1) }))
    .optional(),
  machineTypes: z.record(
    z.string(),
    z.strictObject({
      arch,
      flex: z.boolean().optional(),
      locations: z.union([z.literal('all'), z.array(z.string()).min(1)]).optional(),
      source: z.string(),
    }),
  ),
});

/** Where an entry comes from and when it was read. */
export interface CatalogueSource {
  readonly id: string;
  readonly what: string;
  readonly date: string;
}

export interface CatalogueRegion {
  readonly source: CatalogueSource;
  /** OCI: the realm (oc1 is the commercial one). */
  readonly realm?: string;
  /** Hetzner: the network zone of the location. */
  readonly networkZone?: string;
}

export interface CatalogueMachineType {
  readonly arch: 'arm64' | 'amd64';
  /** OCI: a flexible shape (ocpus and memoryGb per node). */
  readonly flex: boolean;
  /** Regions or locations that sell it; `all` when every listed one does. */
  readonly locations: 'all' | readonly string[];
  readonly source: CatalogueSource;
}

/** One provider's catalogue. */
export interface ProviderCatalogue {
  readonly file: string;
  /** A source older than this many days draws the warning catalogue-stale. */
  readonly staleAfterDays: number;
  readonly regions: ReadonlyMap<string, CatalogueRegion>;
  readonly machineTypes: ReadonlyMap<string, CatalogueMachineType>;
}

export type Catalogues = Readonly<Record<Provider, ProviderCatalogue>>;

/** Parses and checks one catalogue file's text; throws naming the file and every problem. */
export function parseCatalogue(text: string, file: string): ProviderCatalogue {
  const result = CatalogueFile.safeParse(parse(text));
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  const data = result.data;
  const problems: string[] = [];
  const source = (id: string, where: string): CatalogueSource => {
    const found = data.sources[id];
    if (!found) problems.push(`${where}: source ${id} is not under sources`);
    return { id, what: found?.what ?? '', date: found?.date ?? '1970-01-01' };
  };
  if ((data.regions === undefined) === (data.locations === undefined)) problems.push('give exactly one of regions: or locations:');
  const regions = new Map<string, CatalogueRegion>();
  for (const [name, entry] of Object.entries(data.regions ?? {})) regions.set(name, { source: source(entry.source, `regions.${name}`), realm: entry.realm });
  for (const [name, entry] of Object.entries(data.locations ?? {})) {
    regions.set(name, { source: source(entry.source, `locations.${name}`), networkZone: entry.networkZone });
  }
  const machineTypes = new Map<string, CatalogueMachineType>();
  for (const [name, entry] of Object.entries(data.machineTypes)) {
    const locations = entry.locations ?? 'all';
    if (locations !== 'all') {
      for (const location of locations) if (!regions.has(location)) problems.push(`machineTypes.${name}: location ${location} is not listed`);
    }
    machineTypes.set(name, { arch: entry.arch, flex: entry.flex ?? false, locations, source: source(entry.source, `machineTypes.${name}`) });
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return { file, staleAfterDays: data.staleAfterDays, regions, machineTypes };
}

const read = (name: string) => readFileSync(new URL(`./catalogues/${name}`, import.meta.url), 'utf8');

/** The shipped catalogues, read once. */
export const CATALOGUES: Catalogues = {
  'oci-oke': parseCatalogue(read('oci.yaml'), CATALOGUE_FILES['oci-oke']),
  'hcloud-k3s': parseCatalogue(read('hetzner.yaml'), CATALOGUE_FILES['hcloud-k3s']),
  'do-k3s': parseCatalogue(read('digitalocean.yaml'), CATALOGUE_FILES['do-k3s']),
};

/** Whole days from a YYYY-MM-DD date to `today` (UTC). */
export function daysSince(text: string, today: Date): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.floor((todayUtc - Date.UTC(y, m - 1, d)) / 86_400_000);
}
