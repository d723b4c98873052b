/** Sections of an INI file (~/.oci/config, ~/.aws/credentials): section name -> keys. */
export type Ini = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Parses `[section]` headers and `key = value` lines; `#` and `;` start comments. */
export function parseIni(text: string): Ini {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? new Map<string, string>();
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}
