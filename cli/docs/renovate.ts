import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of a Renovate packageRule the docs and tests evaluate. */
export interface PackageRule {
  readonly description?: string;
  readonly groupName?: string;
  readonly matchDepNames?: readonly string[];
  readonly matchPackageNames?: readonly string[];
  readonly matchDatasources?: readonly string[];
  readonly matchDepTypes?: readonly string[];
  readonly matchManagers?: readonly string[];
  readonly matchFileNames?: readonly string[];
  readonly matchUpdateTypes?: readonly string[];
  readonly enabled?: boolean;
}

/** A dependency as Renovate names it. */
export interface Dependency {
  readonly depName?: string;
  readonly packageName?: string;
  readonly datasource?: string;
  readonly depType?: string;
  readonly manager?: string;
  readonly file?: string;
}

export const RENOVATE_FILE = 'renovate.json';

export function readPackageRules(root: string): PackageRule[] {
  const path = join(root, RENOVATE_FILE);
  if (!existsSync(path)) throw new Error(`the docs name each chart's Renovate group and need ${RENOVATE_FILE} at the project root`);
  return ((JSON.parse(readFileSync(path, 'utf8')) as { packageRules?: PackageRule[] }).packageRules ?? []);
}

/** Renovate's name patterns: exact, `/regex/flags`, or a glob with `*`. */
export function nameMatches(patterns: readonly string[], name: string | undefined): boolean {
  if (name === undefined) return false;
  return patterns.some((p) => {
    const regex = /^\/(.*)\/([a-z]*)$/s.exec(p);
    if (regex) return new RegExp(regex[1]!, regex[2]).test(name);
    if (p.includes('*')) return new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);
    return p === name;
  });
}

/**
 * Whether a packageRule applies to a dependency, as Renovate decides it: every match* condition
 * the rule has must hold (conditions on the update itself, like matchUpdateTypes, count as holding
 * for some update, so only `matches` of the dependency are checked).
 */
export function ruleMatches(rule: PackageRule, dep: Dependency): boolean {
  const checks: boolean[] = [];
  if (rule.matchDepNames) checks.push(nameMatches(rule.matchDepNames, dep.depName));
  if (rule.matchPackageNames) checks.push(nameMatches(rule.matchPackageNames, dep.packageName ?? dep.depName));
  if (rule.matchDatasources) checks.push(dep.datasource !== undefined && rule.matchDatasources.includes(dep.datasource));
  if (rule.matchDepTypes) checks.push(dep.depType !== undefined && rule.matchDepTypes.includes(dep.depType));
  if (rule.matchManagers) checks.push(dep.manager !== undefined && rule.matchManagers.includes(dep.manager));
  if (rule.matchFileNames) checks.push(dep.file !== undefined && nameMatches(rule.matchFileNames.map((g) => g.replace(/\*\*/g, '*')), dep.file));
  return checks.length > 0 && checks.every(Boolean);
}

/** The group a dependency's updates land in (later rules win, as in Renovate). */
export function groupOf(rules: readonly PackageRule[], dep: Dependency): string | undefined {
  let group: string | undefined;
  for (const rule of rules) if (rule.groupName && ruleMatches(rule, dep)) group = rule.groupName;
  return group;
}
