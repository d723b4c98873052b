import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPlatform } from '../../config/load';
import { COMPONENTS, DefaultsFile, type ComponentName } from '../../config/schema';
import { CATALOGUE } from './catalogue';
import { componentRelations } from './dependencies';
import { renderComponent, renderIndex, type ComponentFacts } from './render';

/** Folder of the generated pages, relative to the repository root. */
export const COMPONENT_DOCS_DIR = 'docs/components';

/**
 * Every generated page, path (relative to the root) -> content. Reads environments/ under
 * `root`; throws ConfigError when it is invalid.
 */
export function generateDocs(root: string): Map<string, string> {
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const defaults = DefaultsFile.parse(parse(readFileSync(join(root, 'environments', 'defaults.yaml'), 'utf8')));
  const base = platform.clusters[0];
  if (!base) throw new Error('the docs need at least one cluster in environments/ to evaluate the component rules on');
  const relations = componentRelations(base);
  const maxWave = Math.max(...COMPONENTS.map((c) => relations[c].wave));
  const waves: ComponentName[][] = Array.from({ length: maxWave + 1 }, (_, i) => COMPONENTS.filter((c) => relations[c].wave === i));
  const facts: ComponentFacts[] = COMPONENTS.map((name) => {
    const settings = defaults.cluster.components?.[name];
    if (!settings?.version) throw new Error(`environments/defaults.yaml pins no version for ${name} (cluster.components.${name}.version)`);
    return {
      name,
      doc: CATALOGUE[name],
      version: settings.version,
      enabledByDefault: settings.enabled === true,
      defaultValues: settings.values as Record<string, unknown> | undefined,
      relations: relations[name],
      waves,
    };
  });
  const files = new Map<string, string>();
  files.set(`${COMPONENT_DOCS_DIR}/README.md`, renderIndex(facts));
  for (const f of facts) files.set(`${COMPONENT_DOCS_DIR}/${f.name}.md`, renderComponent(f));
  return files;
}
