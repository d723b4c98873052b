import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPlatform } from '../../config/load';
import { COMPONENTS, DefaultsFile, type ComponentName } from '../../config/schema';
import { parseWaivers, WAIVERS_FILE } from '../../policy/waivers';
import { CATALOGUE } from './catalogue';
import { componentRelations } from './dependencies';
import { describeGitops, externalSecretsFor, renovateLookup, waiversFor } from './gitops';
import { fallbackDoc, renderComponent, renderIndex, type ComponentFacts } from './render';
import { groupOf, readPackageRules } from './renovate';

/** The component and, for each requirement, the first component that satisfies it, transitively. */
function minimalSet(component: ComponentName, relations: ReturnType<typeof componentRelations>): Set<ComponentName> {
  const set = new Set<ComponentName>();
  const add = (c: ComponentName) => {
    if (set.has(c)) return;
    set.add(c);
    for (const requirement of relations[c].requires) add(requirement.oneOf[0]!);
  };
  add(component);
  return set;
}

/** Folder of the generated pages, relative to the repository root. */
export const COMPONENT_DOCS_DIR = 'docs/components';

/**
 * Every generated page, path (relative to the root) -> content. Reads environments/,
 * policy/waivers.yaml and renovate.json under `root`; throws ConfigError when environments/ is
 * invalid.
 */
export function generateDocs(root: string): Map<string, string> {
  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const defaults = DefaultsFile.parse(parse(readFileSync(join(root, 'environments', 'defaults.yaml'), 'utf8')));
  const base = platform.clusters[0];
  if (!base) throw new Error('the docs need at least one cluster in environments/ to evaluate the component rules on');
  const waiverFile = join(root, WAIVERS_FILE);
  if (!existsSync(waiverFile)) throw new Error(`the docs list each component's waivers and need ${WAIVERS_FILE}`);
  const waivers = parseWaivers(readFileSync(waiverFile, 'utf8'));
  if (waivers.problems.length > 0) throw new Error(`${WAIVERS_FILE} is invalid: ${waivers.problems.map((p) => p.message).join('; ')}`);
  const rules = readPackageRules(root);
  const relations = componentRelations(base);
  const maxWave = Math.max(...COMPONENTS.map((c) => relations[c].wave));
  const waves: ComponentName[][] = Array.from({ length: maxWave + 1 }, (_, i) => COMPONENTS.filter((c) => relations[c].wave === i));
  const facts: ComponentFacts[] = COMPONENTS.map((name) => {
    const settings = defaults.cluster.components?.[name];
    if (!settings?.version) throw new Error(`environments/defaults.yaml pins no version for ${name} (cluster.components.${name}.version)`);
    const gitops = describeGitops(name, settings.version, base, minimalSet(name, relations));
    const doc = CATALOGUE[name] ?? fallbackDoc(name, gitops);
    const lookup = renovateLookup(gitops, doc.tracks);
    return {
      name,
      doc,
      version: settings.version,
      enabledByDefault: settings.enabled === true,
      defaultValues: settings.values as Record<string, unknown> | undefined,
      relations: relations[name],
      waves,
      gitops,
      renovate: { depName: lookup.depName, datasource: lookup.datasource, group: groupOf(rules, lookup) },
      waivers: waiversFor(name, gitops.namespace.name, waivers.waivers),
      externalSecrets: externalSecretsFor(gitops.namespace.name, waivers.externalSecrets),
    };
  });
  const files = new Map<string, string>();
  files.set(`${COMPONENT_DOCS_DIR}/README.md`, renderIndex(facts));
  for (const f of facts) files.set(`${COMPONENT_DOCS_DIR}/${f.name}.md`, renderComponent(f));
  return files;
}
