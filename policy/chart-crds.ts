/**
 * The CustomResourceDefinitions a packaged chart carries, read from its archive without helm: the
 * files under any `crds/` folder (Helm applies those as they are, subcharts' included) and
 * template files whose path mentions `crd` (`templates/crds/crds.yaml`, a `crds` subchart's templates), with the lines that hold only a template action
 * (`{{- if .Values.crds.enabled }}`, `{{- include ... | nindent 4 }}`) dropped. A templated document
 * that still does not parse is left out: its kinds then have no schema in a check that does not
 * render (`npm run check:manifests`); `npm run check` renders the chart and sees them all.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { untar } from '../render/chart-archive';

type JsonObject = Record<string, unknown>;

const cache = new Map<string, JsonObject[]>();

/** The CRDs of the chart archive at `archive` (cached per path). */
export function chartCrds(archive: string): JsonObject[] {
  const known = cache.get(archive);
  if (known) return known;
  const crds: JsonObject[] = [];
  const files = untar(gunzipSync(readFileSync(archive)));
  for (const path of [...files.keys()].sort()) {
    if (!/\.ya?ml$/.test(path)) continue;
    const templated = path.includes('/templates/') && /crd/i.test(path);
    const plain = !path.includes('/templates/') && /(^|\/)crds\//.test(path);
    if (!plain && !templated) continue;
    const text = files.get(path)!.toString('utf8');
    const body = templated ? text.split('\n').filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line)).join('\n') : text;
    for (const doc of parseAllDocuments(body, { logLevel: 'error' })) {
      if (doc.errors.length > 0) continue;
      const value = doc.toJS() as unknown;
      if (typeof value === 'object' && value !== null && (value as JsonObject).kind === 'CustomResourceDefinition') crds.push(value as JsonObject);
    }
  }
  cache.set(archive, crds);
  return crds;
}
