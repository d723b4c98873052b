import { bumpText, componentLines, objectTitle, reachText, resourceText, showValue, STATUS_MARK, summaryLine, groupValues, valueLines } from './format';
import { kindsText } from './rendered';
import type { DiffReport, ValueChange } from './types';

function changeLines(changes: readonly ValueChange[], indent: string): string[] {
  return changes.map((c) => {
    const flag = c.likelyReplace ? `  [likely replace: ${c.likelyReplace}]` : '';
    const path = c.path === '' ? '(value)' : c.path;
    if (!('before' in c)) return `${indent}+ ${path}: ${showValue(c.after)}${flag}`;
    if (!('after' in c)) return `${indent}- ${path}: ${showValue(c.before)}${flag}`;
    return `${indent}~ ${path}: ${showValue(c.before)} -> ${showValue(c.after)}${flag}`;
  });
}

function sideText(report: DiffReport): string {
  const base = `${report.base.ref} (${report.base.commit?.slice(0, 12) ?? 'no commit'})`;
  return `base ${base} -> ${report.head.ref}`;
}

/** For terminals: a summary line per environment, then every change, one per line. */
export function renderText(report: DiffReport): string {
  const lines = [`Synth diff: ${sideText(report)}`];
  if (!report.changed) return `${lines[0]}\nNo changes.\n`;
  for (const warning of report.warnings ?? []) {
    lines.push('', `!!! ${warning.message}`);
    for (const resource of warning.resources ?? []) lines.push(`    ${resourceText(resource)}`);
  }
  lines.push('', ...report.environments.map((s) => summaryLine(s)));
  const components = componentLines(report.components ?? []);
  if (components.length > 0) lines.push('', 'Components', ...components.map((l) => `  ${l}`));
  if ((report.values ?? []).length > 0) lines.push('', 'Effective values (base -> environment -> cluster tiers merged)');
  for (const group of groupValues(report.values ?? [])) {
    lines.push(`  ${group.clusters.join(', ')}${group.environments.length > 0 ? ` (${group.environments.join(', ')})` : ''}`);
    for (const release of group.releases) {
      lines.push(...release.changes.flatMap((c) => valueLines(release.release, c)).map((l) => `    ${l}`));
      for (const problem of release.unreadable ?? []) lines.push(`    # ${release.release}: ${problem}`);
    }
  }

  if (report.terraform.length > 0) lines.push('', 'Terraform');
  for (const stack of report.terraform) {
    const owner = [stack.environment, stack.cluster && `cluster ${stack.cluster}`].filter(Boolean).join(', ') || 'shared';
    const replace = stack.resources.likelyReplace > 0 ? `, ${stack.resources.likelyReplace} likely replace` : '';
    const whole = stack.status === 'added' ? ': new stack' : stack.status === 'removed' ? ': stack removed' : '';
    lines.push(`${STATUS_MARK[stack.status]} stack ${stack.stack} (${owner})${whole}${replace}`);
    for (const block of stack.blocks) {
      lines.push(`  ${STATUS_MARK[block.status]} ${block.address}${block.likelyReplace ? '  [likely replace]' : ''}`);
      lines.push(...changeLines(block.changes, '      '));
    }
  }

  if (report.gitops.length > 0) lines.push('', 'GitOps');
  for (const section of report.gitops) {
    const owner = section.environment ?? (section.cluster ? 'unknown environment' : 'shared');
    const whole = section.status === 'added' ? ': new' : section.status === 'removed' ? ': removed' : '';
    lines.push(`${STATUS_MARK[section.status]} ${section.section}/ (${owner})${whole}`);
    for (const bump of section.chartBumps) lines.push(`  chart ${bumpText(bump)}${reachText(bump.clusters)}`);
    // Values patches are shown by their effect, under Effective values (a cluster added or removed whole lists them here).
    const merged = (o: (typeof section.objects)[number]) => o.valuesOnly === true && report.values !== undefined && section.status === 'changed';
    const patches = section.objects.filter(merged);
    if (patches.length > 0) lines.push(`  ${patches.length} HelmRelease values change${patches.length === 1 ? '' : 's'}: shown merged under Effective values`);
    for (const object of section.objects) {
      if (merged(object)) continue;
      lines.push(`  ${STATUS_MARK[object.status]} ${objectTitle(object.id)} in ${object.file}${reachText(object.clusters)}${object.likelyReplace ? '  [likely replace]' : ''}`);
      lines.push(...changeLines(object.changes, '      '));
    }
    for (const file of section.files) {
      lines.push(`  ${STATUS_MARK[file.status]} file ${file.file}${reachText(file.clusters)}`);
      lines.push(...changeLines(file.changes, '      '));
    }
  }
  if ((report.rendered?.length ?? 0) > 0) lines.push('', 'Rendered charts (helm template of both sides)');
  for (const release of report.rendered ?? []) {
    const chart = release.chart.before && release.chart.after && release.chart.before !== release.chart.after ? ` chart ${release.chart.before} -> ${release.chart.after}` : ` chart ${release.chart.after ?? release.chart.before}`;
    const what = release.status === 'added' ? ': new release' : release.status === 'removed' ? ': release removed' : `: ${kindsText(release.kinds) || 'no object changes'}`;
    lines.push(`${STATUS_MARK[release.status]} helm ${release.cluster}/${release.release}${chart}${what}${release.unrendered ? ` (not rendered on the ${release.unrendered})` : ''}`);
    if (release.status !== 'changed') continue;
    for (const object of release.objects) {
      lines.push(`  ${STATUS_MARK[object.status]} ${objectTitle(object.id)} from ${object.file}${object.likelyReplace ? '  [likely replace]' : ''}`);
      lines.push(...changeLines(object.changes, '      '));
    }
  }
  if (report.renderNote) lines.push('', `Rendered charts: ${report.renderNote}`);
  return `${lines.join('\n')}\n`;
}
