/**
 * Pages outside docs/graphs/ that embed a generated graph between markers: README.md shows the
 * stack graph of docs/graphs/stacks.md. `npm run graph` rewrites each embed with the page it
 * writes, and `--check` reports an embed that differs, so no copy is left to do by hand.
 */
export interface Embed {
  /** The embedding file, relative to the project root. */
  readonly file: string;
  /** The generated page whose Mermaid block it shows, relative to the graph folder. */
  readonly page: string;
  readonly start: string;
  readonly end: string;
}

export const EMBEDS: readonly Embed[] = [{ file: 'README.md', page: 'stacks.md', start: '<!-- stacks-graph:start -->', end: '<!-- stacks-graph:end -->' }];

/** The first Mermaid block of a page, with its fences and final newline. */
export function mermaidBlock(page: string): string | undefined {
  return /```mermaid\n[\s\S]*?```\n/.exec(page)?.[0];
}

/**
 * `text` with the part between the embed's markers replaced by the page's Mermaid block; undefined
 * when the text has no such markers (a project that removed the embed) or the page no block.
 */
export function applyEmbed(text: string, embed: Embed, page: string): string | undefined {
  const block = mermaidBlock(page);
  const start = text.indexOf(embed.start);
  const end = text.indexOf(embed.end, start + embed.start.length);
  if (block === undefined || start < 0 || end < 0) return undefined;
  return `${text.slice(0, start + embed.start.length)}\n${block}${text.slice(end)}`;
}
