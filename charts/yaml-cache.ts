import { createHash } from 'node:crypto';

/**
 * YAML text of documents, by a digest of the document. Stringifying is a pure function of the
 * document (and of the yaml library, which the persisted form names), and it is the largest single
 * cost of writing gitops/ (about 0.3 s of a synth): most documents are the same from one run to the
 * next, and many are the same across clusters. Synth keeps the entries between runs
 * (cli/yaml-cache-file.ts); this module reads and writes no files.
 */
export class YamlCache {
  private readonly known: Map<string, string>;
  private readonly used = new Map<string, string>();
  private missed = 0;

  /** @param entries what an earlier run stored (`entries()`); trusted as given */
  constructor(entries: Iterable<readonly [string, string]> = []) {
    this.known = new Map(entries);
  }

  /**
   * `render(document)`, or the text an earlier call with an equal document under the same `kind`
   * returned. Documents holding anything but plain data (class instances, Maps, BigInts) are
   * rendered every time: their JSON form would not say everything the YAML says.
   */
  stringify(kind: string, document: unknown, render: (document: unknown) => string): string {
    const key = digest(kind, document);
    if (key === undefined) return render(document);
    let text = this.used.get(key) ?? this.known.get(key);
    if (text === undefined) {
      text = render(document);
      this.missed += 1;
    }
    this.used.set(key, text);
    return text;
  }

  /** Documents rendered (not found) since this cache was made. */
  get misses(): number {
    return this.missed;
  }

  /**
   * The entries used since this cache was made, in first-use order (what the next run needs), then
   * the other entries it was made with (another project folder's, say), until the texts total
   * `maxBytes`.
   */
  entries(maxBytes = Number.POSITIVE_INFINITY): [string, string][] {
    const kept: [string, string][] = [];
    let bytes = 0;
    for (const source of [this.used, this.known]) {
      for (const [key, text] of source) {
        if (source === this.known && this.used.has(key)) continue;
        bytes += key.length + text.length;
        if (bytes > maxBytes) return kept;
        kept.push([key, text]);
      }
    }
    return kept;
  }
}

class NotPlainData extends Error {}

/**
 * A digest of `document` in which two documents agree only when YAML would write them the same:
 * JSON with the cases JSON folds together told apart (undefined, non-finite numbers, -0).
 */
function digest(kind: string, document: unknown): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(document, function (this: unknown, key: string, value: unknown) {
      // `value` has been through toJSON; the original is what YAML sees.
      const original = (this as Record<string, unknown>)[key];
      switch (typeof original) {
        case 'undefined':
          return '\u0000undefined';
        case 'string':
          return original.startsWith('\u0000') ? `\u0000${original}` : original;
        case 'number':
          return Number.isFinite(original) && !Object.is(original, -0) ? original : `\u0000${String(original)}${Object.is(original, -0) ? '-0' : ''}`;
        case 'boolean':
          return original;
        case 'object': {
          if (original === null || Array.isArray(original)) return original;
          const prototype = Object.getPrototypeOf(original);
          if (prototype !== Object.prototype && prototype !== null) throw new NotPlainData();
          return value;
        }
        default:
          throw new NotPlainData();
      }
    });
  } catch (error) {
    if (error instanceof NotPlainData || error instanceof TypeError) return undefined;
    throw error;
  }
  return createHash('sha256').update(kind).update('\u0000').update(json ?? '').digest('base64url');
}
