import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';
import type { DiffReport } from './types';

export const FORMATS = ['text', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function render(report: DiffReport, format: Format): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}
