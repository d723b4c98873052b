import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Which attributes and blocks of a Terraform resource type are sets (order-free), read from the
 * CDKTF bindings that produced the JSON: every generated binding describes each attribute in
 * `toHclTerraform()` as `{ value, isBlock, type: "set" | "list" | ... }`. That covers the vendored
 * bindings in .gen/providers and the prebuilt @cdktf/provider-* packages alike, so set-valued
 * blocks such as OCI `ingress_security_rules` or DigitalOcean firewall `inbound_rule` are compared
 * order-insensitively without a hand-kept list. Names are per resource type, not per nesting path:
 * a type that used one name for a set in one block and a list in another would be treated as a set
 * in both (none of the providers used here does).
 */
const SET_MARK = 'type: "set"';
const ENTRY_NAME = /([A-Za-z0-9_]+): \{\s*$/;

/**
 * Names of the entries marked `type: "set"`: the `name: {` line a few lines above each mark. A
 * scan from each mark rather than one regular expression over the file: the AWS bindings are
 * megabytes, and a pattern spanning lines backtracks badly on them.
 */
function setNames(text: string): string[] {
  const names: string[] = [];
  for (let at = text.indexOf(SET_MARK); at !== -1; at = text.indexOf(SET_MARK, at + SET_MARK.length)) {
    let end = at;
    for (let line = 0; line < 6; line++) {
      const start = text.lastIndexOf('\n', end - 1);
      if (start === -1) break;
      const match = ENTRY_NAME.exec(text.slice(text.lastIndexOf('\n', start - 1) + 1, start));
      if (match) {
        names.push(match[1]!);
        break;
      }
      end = start;
    }
  }
  return names;
}

/** Meta-arguments that are sets whatever the provider: Terraform orders dependencies itself. */
const ALWAYS_SETS = ['depends_on'];

function bindingFiles(roots: readonly string[], type: string, data: boolean): string[] {
  const [provider, ...rest] = type.split('_');
  if (!provider || rest.length === 0) return [];
  const folder = `${data ? `data-${provider}-` : ''}${rest.join('-')}`;
  return roots.flatMap((root) => [
    join(root, '.gen', 'providers', provider, folder, 'index.ts'),
    join(root, 'node_modules', '@cdktf', `provider-${provider}`, 'lib', folder, 'index.js'),
  ]);
}

/** Large bindings keep their nested block structs in `index-structs/` beside `index`. */
function withStructs(file: string): string[] {
  const structs = join(dirname(file), 'index-structs');
  if (!existsSync(structs)) return [file];
  const extension = file.slice(file.lastIndexOf('.'));
  const parts = readdirSync(structs).filter((f) => f.endsWith(extension) && !f.endsWith(`.d${extension}`)).sort();
  return [file, ...parts.map((f) => join(structs, f))];
}

export class SetAttributes {
  private readonly cache = new Map<string, ReadonlySet<string>>();

  /** @param roots project folders to look for bindings in, first match wins (the working tree, then the base). */
  constructor(private readonly roots: readonly string[]) {}

  /** Names of set-valued attributes and blocks of a resource (or, with `data`, data source) type. */
  of(type: string, data = false): ReadonlySet<string> {
    const key = `${data ? 'data.' : ''}${type}`;
    let names = this.cache.get(key);
    if (!names) {
      const found = new Set(ALWAYS_SETS);
      const file = bindingFiles(this.roots, type, data).find((path) => existsSync(path));
      for (const path of file ? withStructs(file) : []) {
        for (const name of setNames(readFileSync(path, 'utf8'))) found.add(name);
      }
      names = found;
      this.cache.set(key, names);
    }
    return names;
  }
}
