import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './environments';
import { archiveName, chartCacheDir } from '../../render/chart-cache';
import { createObjectSchemaValidator, type ObjectSchemaValidator } from '../../policy/object-schemas';

type Json = Record<string, unknown>;

/**
 * The CustomResourceDefinitions a cached chart archive carries (its `crds/` folder and any
 * `templates/**\/crds*.yaml`), parsed with the template guards (`{{- if ... }}` lines) dropped.
 * Reads the chart cache the render uses (CHEAPK8S_CHART_CACHE or .charts/); throws when the chart is absent.
 */
export function chartCrds(name: string, version: string): Json[] {
  const archive = join(chartCacheDir(), archiveName({ name, version }));
  if (!existsSync(archive)) throw new Error(`chart ${name} ${version} is not in the chart cache (${archive}); run npm run charts:pull`);
  const files = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.ya?ml$/.test(f) && (/(^|\/)crds\//.test(f) || /\/templates\/.*crds?[^/]*\.ya?ml$/.test(f)));
  const crds: Json[] = [];
  for (const file of files) {
    const text = execFileSync('tar', ['-xzOf', archive, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      .split('\n')
      .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
      .join('\n');
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS() as Json | null;
      if (value && value.kind === 'CustomResourceDefinition') crds.push(value);
    }
  }
  return crds;
}

/** A schema validator knowing the CRDs of the given cached charts. */
export function validatorFor(...charts: [name: string, version: string][]): ObjectSchemaValidator {
  return createObjectSchemaValidator({ crds: charts.flatMap(([n, v]) => chartCrds(n, v)) });
}

/** The chart version environments/defaults.yaml pins for a component (the fleet's pin, not a sample value). */
export function pinnedComponentVersion(component: string): string {
  const defaults = parse(readFileSync(join(ROOT, 'environments', 'defaults.yaml'), 'utf8')) as { cluster: { components: Record<string, { version: string }> } };
  const pin = defaults.cluster.components[component];
  if (!pin) throw new Error(`environments/defaults.yaml pins no ${component}`);
  return pin.version;
}

/** The text of every file of a cached chart archive (subcharts included), joined: for looking names up. */
export function chartText(name: string, version: string): string {
  const archive = join(chartCacheDir(), archiveName({ name, version }));
  if (!existsSync(archive)) throw new Error(`chart ${name} ${version} is not in the chart cache (${archive}); run npm run charts:pull`);
  return execFileSync('tar', ['-xzOf', archive], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}
