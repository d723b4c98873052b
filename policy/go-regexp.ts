/**
 * CRD patterns are Go (RE2) regular expressions, which the API server evaluates: a leading inline
 * flag group such as `(?i)` becomes a JavaScript flag; a pattern JavaScript cannot compile at all
 * is not checked here (the API server still checks it) rather than failing the whole check.
 */
export const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    let body = pattern;
    let extra = '';
    const inline = /^\(\?([imsU]+)\)/.exec(body);
    if (inline) {
      body = body.slice(inline[0].length);
      for (const f of ['i', 'm', 's']) if (inline[1]!.includes(f)) extra += f;
    }
    try {
      return new RegExp(body, flags + extra);
    } catch {
      return /[\s\S]*/;
    }
  },
  { code: 'new RegExp' },
);
