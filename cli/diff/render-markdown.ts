import { bumpText, componentLines, environmentName, objectTitle, plural, reachText, resourceText, showValue, STATUS_MARK, groupValues, valueLines } from './format';
import { kindsText } from './rendered';
import type { BlockDiff, Counts, DiffReport, EnvironmentSummary, FileDiff, ObjectDiff, ReleaseValuesDiff, ReviewWarning, ValueChange } from './types';

/** The pull-request workflow finds its earlier comment by this line, and updates it. */
export const COMMENT_MARKER = '<!-- cheapk8s:synth-diff -->';

/** GitHub rejects comments over 65,536 characters; this leaves room for the workflow's own lines. */
export const MARKDOWN_CAP = 60_000;

/** Room kept for the truncation note when deciding what fits. */
const NOTE_RESERVE = 1_500;

const EMPTY = '–';

function counts(c: Counts & { likelyReplace?: number }): string {
  const parts = [c.added && `+${c.added}`, c.removed && `−${c.removed}`, c.changed && `~${c.changed}`].filter(Boolean);
  return parts.length === 0 ? EMPTY : parts.join(' ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function tableRow(summary: EnvironmentSummary): string {
  const notes: string[] = [];
  if (summary.status === 'added') notes.push('new environment');
  if (summary.status === 'removed') notes.push('removed');
  if (summary.clustersAdded.length > 0) notes.push(`new: ${summary.clustersAdded.join(', ')}`);
  if (summary.clustersRemoved.length > 0) notes.push(`removed: ${summary.clustersRemoved.join(', ')}`);
  const replace = summary.resources.likelyReplace + summary.objects.likelyReplace;
  const cells = [
    `**${environmentName(summary)}**${notes.length ? ` (${notes.join('; ')})` : ''}`,
    counts(summary.stacks),
    counts(summary.resources),
    replace > 0 ? `⚠️ ${replace}` : EMPTY,
    counts(summary.objects),
    counts(summary.files),
    summary.chartBumps.length > 0 ? summary.chartBumps.map((b) => bumpText(b, '→')).join('<br>') : EMPTY,
  ];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** A fence longer than any run of backticks in the content, so values cannot close it. */
function fence(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function changeLines(changes: readonly ValueChange[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    const path = c.path === '' ? '(value)' : c.path;
    if (c.likelyReplace) lines.push(`#   ⚠ likely replace (${c.likelyReplace}): ${path}`);
    if ('before' in c) lines.push(`-   ${path} = ${showValue(c.before)}`);
    if ('after' in c) lines.push(`+   ${path} = ${showValue(c.after)}`);
  }
  return lines;
}

/** A `diff` code block per item: `@@` headers for changed ones, +/- for whole additions and removals. */
function itemChunk(title: string, status: BlockDiff['status'], changes: readonly ValueChange[], likelyReplace: boolean): string {
  if (status !== 'changed') return `${STATUS_MARK[status]} ${title}\n`;
  const header = `@@ ${title}${likelyReplace ? ' ⚠ likely replace' : ''} @@`;
  return `${[header, ...changeLines(changes)].join('\n')}\n`;
}

interface Details {
  /** Name used in the truncation note. */
  readonly name: string;
  readonly summary: string;
  /** Lines before the code block (chart bumps). */
  readonly preamble: string;
  readonly chunks: readonly string[];
  /** Shown unfolded (short lists a reviewer should not have to open). */
  readonly open?: boolean;
}

function renderDetails(details: Details, chunks: readonly string[], note = ''): string {
  const body = chunks.join('') + note;
  const f = fence(body);
  const code = body === '' ? '' : `${f}diff\n${body}${f}\n\n`;
  return `<details${details.open ? ' open' : ''}><summary>${details.summary}</summary>\n\n${details.preamble}${code}</details>\n\n`;
}

function stackDetails(report: DiffReport): Details[] {
  return report.terraform.map((stack) => {
    const owner = [stack.environment ?? 'shared', stack.cluster && `cluster ${stack.cluster}`].filter(Boolean).join(', ');
    const resources = stack.resources.added + stack.resources.removed + stack.resources.changed;
    const what =
      stack.status === 'added' ? `new stack, ${plural(stack.resources.added, 'resource')}`
      : stack.status === 'removed' ? `stack removed, ${plural(stack.resources.removed, 'resource')}`
      : resources > 0 ? `resources ${counts(stack.resources)}`
      : `${plural(stack.blocks.length, 'output or setting')} changed`;
    const replace = stack.resources.likelyReplace > 0 ? ` — ⚠️ ${stack.resources.likelyReplace} likely replace` : '';
    return {
      name: `stack ${stack.stack}`,
      summary: `${STATUS_MARK[stack.status]} <code>${stack.stack}</code> (${owner}): ${what}${replace}`,
      preamble: '',
      chunks: stack.blocks.map((b) => itemChunk(b.address, b.status, b.changes, b.likelyReplace)),
    };
  });
}

function objectChunk(o: ObjectDiff): string {
  return itemChunk(`${objectTitle(o.id)} in ${o.file}${reachText(o.clusters)}`, o.status, o.changes, o.likelyReplace);
}

function fileChunk(f: FileDiff): string {
  return itemChunk(`file ${f.file}${reachText(f.clusters)}`, f.status, f.changes, false);
}

function sectionDetails(report: DiffReport): Details[] {
  return report.gitops.map((section) => {
    // Values patches are shown by their effect, under Effective values (a cluster added or removed whole lists them here).
    const shown = (o: ObjectDiff) => !(o.valuesOnly && report.values !== undefined && section.status === 'changed');
    const patches = section.objects.filter((o) => !shown(o)).length;
    const note = patches > 0 ? `- ${plural(patches, 'HelmRelease values change')} (patch files of a tier, or base values): shown merged under Effective values\n\n` : '';
    const owner = section.environment ?? (section.cluster ? 'unknown environment' : 'shared');
    const objects = { added: 0, removed: 0, changed: 0 };
    for (const o of section.objects) objects[o.status]++;
    const parts = [section.objects.length ? `objects ${counts(objects)}` : '', section.files.length ? `files ${section.files.length}` : ''].filter(Boolean);
    const what = section.status === 'added' ? `new, ${plural(section.objects.length, 'object')}` : section.status === 'removed' ? 'removed' : parts.join(', ');
    return {
      name: `${section.section}/`,
      summary: `${STATUS_MARK[section.status]} <code>${section.section}/</code> (${owner}): ${what}`,
      preamble: section.chartBumps.map((b) => `- chart **${bumpText(b, '→')}**${reachText(b.clusters)}\n`).join('') + (section.chartBumps.length && !note ? '\n' : '') + note,
      chunks: [...section.objects.filter(shown).map(objectChunk), ...section.files.map(fileChunk)],
    };
  });
}

/** Lines of one release's values changes. */
function valuesChunk(release: ReleaseValuesDiff): string {
  const lines = release.changes.flatMap((c) => valueLines(release.release, c));
  for (const problem of release.unreadable ?? []) lines.push(`# ${release.release}: ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** Fields shown unfolded; past that a reviewer opens the block. */
const OPEN_VALUES = 40;

/**
 * Per cluster (clusters that get exactly the same changes together), the effective values of each
 * HelmRelease that changes, one line per field (shown unfolded when short); a component turned on
 * gets its own folded block with every value it gets.
 */
function valuesDetails(report: DiffReport): Details[] {
  const details: Details[] = [];
  for (const group of groupValues(report.values ?? [])) {
    const who = group.clusters.map((c) => `<code>${c}</code>`).join(', ');
    const environments = group.environments.length > 0 ? ` (${group.environments.join(', ')})` : '';
    const name = group.clusters.join(', ');
    const changed = group.releases.filter((r) => r.status === 'changed');
    const fields = changed.reduce((n, r) => n + r.changes.length, 0);
    if (changed.length > 0) {
      details.push({
        name: `values of ${name}`,
        summary: `~ ${who}${environments}: ${plural(fields, 'value')} of ${plural(changed.length, 'HelmRelease')}`,
        preamble: '',
        chunks: changed.map(valuesChunk),
        open: fields <= OPEN_VALUES,
      });
    }
    for (const release of group.releases.filter((r) => r.status === 'added')) {
      details.push({
        name: `values of ${release.release} on ${name}`,
        summary: `+ ${who}${environments}: ${plural(release.changes.length, 'value')} of <code>${release.release}</code>, turned on`,
        preamble: '',
        chunks: [valuesChunk(release)],
      });
    }
  }
  return details;
}

/** One collapsed block per HelmRelease whose chart output changes: Deployments, CRDs, RBAC, field by field. */
function renderedDetails(report: DiffReport): Details[] {
  return (report.rendered ?? []).map((release) => {
    const chart =
      release.chart.before && release.chart.after && release.chart.before !== release.chart.after
        ? `chart ${release.chart.before} → ${release.chart.after}`
        : `chart ${release.chart.after ?? release.chart.before}`;
    const what = release.status === 'added' ? 'new release' : release.status === 'removed' ? 'release removed' : kindsText(release.kinds) || 'no object changes';
    const note = release.unrendered ? ` (not rendered on the ${release.unrendered})` : '';
    return {
      name: `helm ${release.cluster}/${release.release}`,
      summary: `${STATUS_MARK[release.status]} <code>${release.cluster}</code> HelmRelease <code>${release.release}</code> (${chart}): ${what}${note}`,
      preamble: '',
      chunks: release.status === 'changed' ? release.objects.map((o) => itemChunk(`${objectTitle(o.id)} from ${o.file}`, o.status, o.changes, o.likelyReplace)) : [],
    };
  });
}

function header(report: DiffReport): string {
  const base = `\`${report.base.ref}\` (${report.base.commit?.slice(0, 12) ?? 'no commit'})`;
  const head = report.head.commit ? `${report.head.ref} (${report.head.commit.slice(0, 12)})` : report.head.ref;
  const lines = [COMMENT_MARKER, '### Synth diff', '', `Base ${base} → ${head}`, ''];
  if (!report.changed) return `${lines.join('\n')}No changes.\n`;
  for (const warning of report.warnings ?? []) lines.push(...warningLines(warning));
  lines.push(
    '| Environment | Stacks | Resources | Likely replace | Objects | Files | Chart bumps |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.environments.map(tableRow),
    '',
  );
  const replaced = report.terraform.flatMap((s) => s.blocks.filter((b) => b.likelyReplace).map((b) => `\`${s.stack}\`: \`${b.address}\` (${[...new Set(b.changes.flatMap((c) => (c.likelyReplace ? [c.likelyReplace] : [])))].join(', ')})`));
  const immutable = report.gitops.flatMap((s) => s.objects.filter((o) => o.likelyReplace).map((o) => `\`${s.section}/\`: ${objectTitle(o.id)}`));
  if (replaced.length + immutable.length > 0) {
    lines.push('⚠️ **Likely replace** — check the plan before merging:', ...[...replaced, ...immutable].slice(0, 20).map((l) => `- ${l}`));
    if (replaced.length + immutable.length > 20) lines.push(`- … and ${replaced.length + immutable.length - 20} more below`);
    lines.push('');
  }
  const components = componentLines(report.components ?? []);
  if (components.length > 0) {
    const body = components.join('\n');
    const f = fence(body);
    lines.push('**Components**', '', `${f}diff`, body, f, '');
  }
  return `${lines.join('\n')}\n`;
}

/** Resources listed in a warning before the rest are only counted. */
const WARNING_RESOURCES = 100;

/** A GitHub alert, loud on purpose, with the resources left folded below it. */
function warningLines(warning: ReviewWarning): string[] {
  const lines = [`> [!${warning.kind === 'cloud-resources-left' ? 'CAUTION' : 'WARNING'}]`, `> ${warning.message.replace(/\n/g, ' ')}`];
  const guarded = (warning.resources ?? []).filter((r) => r.preventDestroy);
  if (guarded.length > 0) lines.push('>', `> prevent_destroy: ${guarded.map((r) => `\`${r.stack}: ${r.address}\``).join(', ')}`);
  lines.push('');
  const resources = warning.resources ?? [];
  if (resources.length > 0) {
    lines.push(`<details><summary>Cloud resources left running by <code>${warning.subject}</code> (${resources.length})</summary>`, '');
    lines.push(...resources.slice(0, WARNING_RESOURCES).map((r) => `- \`${resourceText(r).replace(/`/g, "'")}\``));
    if (resources.length > WARNING_RESOURCES) lines.push(`- … and ${resources.length - WARNING_RESOURCES} more (\`npm run diff -- --format json\` lists them all)`);
    lines.push('', '</details>', '');
  }
  return lines;
}

/**
 * For a pull-request comment: summary table, then one collapsed `<details>` per stack and per
 * gitops section, capped at `cap` characters. What does not fit is named in a note at the end.
 */
export function renderMarkdown(report: DiffReport, cap = MARKDOWN_CAP): string {
  const top = header(report);
  if (!report.changed) return top;
  const groups: [string, Details[]][] = [
    ['#### Terraform\n\n', stackDetails(report)],
    ['#### Effective values (base → environment → cluster tiers merged, as helm-controller merges them)\n\n', valuesDetails(report)],
    ['#### GitOps\n\n', sectionDetails(report)],
    ['#### Rendered charts (helm template of both sides)\n\n', renderedDetails(report)],
  ];
  let out = report.renderNote ? `${top}> Rendered charts: ${report.renderNote}\n\n` : top;
  const omitted: string[] = [];
  const cut: string[] = [];
  const budget = cap - NOTE_RESERVE;
  for (const [heading, list] of groups) {
    if (list.length === 0) continue;
    if (out.length + heading.length < budget) out += heading;
    for (const details of list) {
      const whole = renderDetails(details, details.chunks);
      if (omitted.length === 0 && out.length + whole.length <= budget) {
        out += whole;
        continue;
      }
      // The first section that does not fit is shown as far as it fits; the rest are only named.
      if (omitted.length === 0 && cut.length === 0) {
        const kept: string[] = [];
        let size = renderDetails(details, [], '… truncated\n').length;
        for (const chunk of details.chunks) {
          if (out.length + size + chunk.length > budget) break;
          kept.push(chunk);
          size += chunk.length;
        }
        if (kept.length > 0) {
          const more = details.chunks.length - kept.length;
          out += renderDetails(details, kept, `… ${more} more item${more === 1 ? '' : 's'} truncated\n`);
          cut.push(details.name);
          continue;
        }
      }
      omitted.push(details.name);
    }
  }
  if (cut.length + omitted.length > 0) {
    const named = omitted.slice(0, 30).join(', ') + (omitted.length > 30 ? ` and ${omitted.length - 30} more` : '');
    const parts = [cut.length ? `${cut.join(', ')} shown in part` : '', omitted.length ? `left out: ${named}` : ''].filter(Boolean);
    out += `> ⚠️ **Truncated** to fit a pull-request comment (${cap.toLocaleString('en-US')} characters): ${parts.join('; ')}. Run \`npm run diff\` locally, or see the \`diff.json\` artifact of this run, for everything.\n`;
  }
  return out.length <= cap ? out : `${out.slice(0, cap - 40)}\n\n> ⚠️ Truncated at ${cap} characters.\n`;
}
