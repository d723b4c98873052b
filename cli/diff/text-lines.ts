import type { ValueChange } from './types';

/** Line changes of a text file: lines that appear fewer or more times, with their line numbers. */
export function textChanges(before: string, after: string): ValueChange[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const count = new Map<string, number>();
  for (const line of a) count.set(line, (count.get(line) ?? 0) + 1);
  for (const line of b) count.set(line, (count.get(line) ?? 0) - 1);
  const changes: ValueChange[] = [];
  const removed = new Map(count);
  a.forEach((line, i) => {
    if ((removed.get(line) ?? 0) > 0) {
      removed.set(line, removed.get(line)! - 1);
      changes.push({ path: `line ${i + 1}`, before: line });
    }
  });
  const added = new Map([...count].map(([line, n]) => [line, -n]));
  b.forEach((line, i) => {
    if ((added.get(line) ?? 0) > 0) {
      added.set(line, added.get(line)! - 1);
      changes.push({ path: `line ${i + 1}`, after: line });
    }
  });
  return changes;
}
