/**
 * Reads the object literal inside a Terraform `${jsonencode({...})}` expression (what cdktf's
 * `Fn.jsonencode` writes) into plain JSON values, so a bucket policy written that way can be
 * checked like a JSON one. Supported: strings (escapes; `${...}` kept as text), numbers, true,
 * false, null, `{ key = value, ... }` / `{ key: value }`, `[ ... ]`, and bare traversals such as
 * `aws_s3_bucket.state.arn`, which become the string `${aws_s3_bucket.state.arn}`. Anything else
 * (function calls, operators) makes it return undefined.
 */
export function parseJsonencode(text: string): unknown {
  const match = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(text.trim());
  if (!match) return undefined;
  const parser = new Parser(match[1]!);
  try {
    const value = parser.value();
    parser.skip();
    return parser.done() ? value : undefined;
  } catch {
    return undefined;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  skip(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private peek(): string {
    this.skip();
    return this.text[this.at] ?? '';
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new Error(`expected ${char} at ${this.at}`);
    this.at++;
  }

  value(): unknown {
    const char = this.peek();
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    const bare = /^[A-Za-z0-9_.\-[\]*]+/.exec(this.text.slice(this.at));
    if (!bare) throw new Error(`unexpected ${char} at ${this.at}`);
    this.at += bare[0].length;
    const word = bare[0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
    if (this.peek() === '(') throw new Error('function calls are not supported');
    return `\${${word}}`;
  }

  private object(): Record<string, unknown> {
    this.expect('{');
    const result: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      const key = this.peek() === '"' ? this.string() : this.identifier();
      const sep = this.peek();
      if (sep !== '=' && sep !== ':') throw new Error(`expected = at ${this.at}`);
      this.at++;
      result[key] = this.value();
      if (this.peek() === ',') this.at++;
    }
    this.at++;
    return result;
  }

  private array(): unknown[] {
    this.expect('[');
    const result: unknown[] = [];
    while (this.peek() !== ']') {
      result.push(this.value());
      if (this.peek() === ',') this.at++;
    }
    this.at++;
    return result;
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.at));
    if (!match) throw new Error(`expected a key at ${this.at}`);
    this.at += match[0].length;
    return match[0];
  }

  private string(): string {
    this.expect('"');
    let out = '';
    let depth = 0;
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (depth === 0 && char === '"') {
        this.at++;
        return out;
      }
      if (char === '\\') {
        const next = this.text[this.at + 1] ?? '';
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        out += escapes[next] ?? next;
        this.at += 2;
        continue;
      }
      if (char === '$' && this.text[this.at + 1] === '{') {
        depth++;
        out += '${';
        this.at += 2;
        continue;
      }
      if (depth > 0 && char === '}') depth--;
      out += char;
      this.at++;
    }
    throw new Error('unterminated string');
  }
}
