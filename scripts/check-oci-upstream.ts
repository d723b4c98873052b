/**
 * Checks providers/oci.schema.json (the hand-curated subset) against the Go schema of an
 * oracle/terraform-provider-oci release, and writes what it checked to providers/oci.upstream-check.json.
 *
 * Usage (needs a git clone of the upstream repository; not run in CI, which has no copy of it):
 *   npx tsx scripts/check-oci-upstream.ts --repo <path to oracle/terraform-provider-oci git dir> [--tag v8.28.0]
 *   (--tag defaults to "v" + x_cdktf_subset.followed_versions of the subset)
 *
 * For the provider block, every resource and every data source of the subset it finds the upstream
 * registration (RegisterResource/RegisterDatasource in internal/service/<service>/register_*.go or
 * internal/provider/provider.go), reads the function's `Schema: map[string]*schema.Schema{...}` literal
 * with a small Go literal parser, converts it the way terraform-plugin-sdk/v2 turns a schema into
 * `terraform providers schema -json` (TypeInt/TypeFloat -> number, Elem &schema.Resource -> a block, or a
 * list(object) attribute when computed-only, MaxItems/MinItems, the implicit optional+computed `id`, a
 * `timeouts` block where Timeouts is set, data-source item schemas all computed) and compares each
 * attribute and block the subset declares: presence, type, required/optional/computed, nesting mode and
 * item limits. It does not check descriptions, and it does not list upstream attributes the subset omits
 * (a subset omits most of them on purpose).
 *
 * Exit 0 with the record written when every checked path agrees; exit 1 with the mismatches otherwise.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUBSET_FILE = path.join(ROOT, 'providers', 'oci.schema.json');
export const RECORD_FILE = path.join(ROOT, 'providers', 'oci.upstream-check.json');
const FQPN = 'registry.terraform.io/oracle/oci';

// ---------------------------------------------------------------------------------------------
// A tolerant reader of Go composite literals: enough for schema.Schema maps.

type Tok = { t: 'id' | 'str' | 'num' | 'p'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { i = src.indexOf('\n', i); if (i < 0) break; continue; }
    if (src.startsWith('/*', i)) { i = src.indexOf('*/', i) + 2; continue; }
    if (c === '"') {
      let j = i + 1; let s = '';
      while (src[j] !== '"') { if (src[j] === '\\') { s += src[j + 1]; j += 2; } else { s += src[j]; j++; } }
      out.push({ t: 'str', v: s }); i = j + 1; continue;
    }
    if (c === '`') { const j = src.indexOf('`', i + 1); out.push({ t: 'str', v: src.slice(i + 1, j) }); i = j + 1; continue; }
    if (c === "'") { const j = src.indexOf("'", i + 2); out.push({ t: 'str', v: src.slice(i + 1, j) }); i = j + 1; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const num = /^[0-9][0-9a-fA-FxX._]*/.exec(src.slice(i, i + 50));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    out.push({ t: 'p', v: c }); i++;
  }
  return out;
}

/** A value: its flat text, and the elements of the last `{...}` literal in it, if any. */
interface GoValue { text: string; elements?: GoElement[] }
interface GoElement { key?: GoValue; value: GoValue }

class GoReader {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  /** Reads one expression up to a top-level `,` `}` `)` `]` or `:` (`:` only when stopAtColon). */
  value(stopAtColon: boolean): GoValue {
    const parts: string[] = [];
    let elements: GoElement[] | undefined;
    while (this.i < this.toks.length) {
      const tok = this.toks[this.i]!;
      if (tok.t === 'p' && (tok.v === ',' || tok.v === '}' || tok.v === ')' || tok.v === ']' || (stopAtColon && tok.v === ':'))) break;
      if (tok.t === 'id' && tok.v === 'func' && this.toks[this.i + 1]?.v === '(') {
        // a function literal (DiffSuppressFunc, StateFunc, ...): skip its signature and body
        let depth = 0;
        while (!(depth === 0 && this.toks[this.i]!.v === '{')) {
          const v = this.toks[this.i]!.v;
          if (v === '(') depth++; else if (v === ')') depth--;
          this.i++;
        }
        depth = 0;
        do {
          const v = this.toks[this.i]!.v;
          if (this.toks[this.i]!.t === 'p' && v === '{') depth++; else if (this.toks[this.i]!.t === 'p' && v === '}') depth--;
          this.i++;
        } while (depth > 0);
        parts.push('func{...}');
        continue;
      }
      if (tok.t === 'p' && tok.v === '{') { this.i++; elements = this.literal(); parts.push('{...}'); continue; }
      if (tok.t === 'p' && (tok.v === '(' || tok.v === '[')) {
        const close = tok.v === '(' ? ')' : ']';
        this.i++;
        const args: string[] = [];
        while (!(this.toks[this.i]!.t === 'p' && this.toks[this.i]!.v === close)) {
          const arg = this.value(false);
          args.push(arg.text);
          if (this.toks[this.i]!.v === ',') this.i++;
        }
        this.i++;
        parts.push(tok.v + args.join(', ') + close);
        continue;
      }
      parts.push(tok.t === 'str' ? JSON.stringify(tok.v) : tok.v);
      this.i++;
    }
    return { text: parts.join(''), ...(elements ? { elements } : {}) };
  }
  /** After `{`: elements until the matching `}`. */
  literal(): GoElement[] {
    const els: GoElement[] = [];
    while (!(this.toks[this.i]!.t === 'p' && this.toks[this.i]!.v === '}')) {
      const first = this.value(true);
      if (this.toks[this.i]!.v === ':') { this.i++; els.push({ key: first, value: this.value(false) }); }
      else els.push({ value: first });
      if (this.toks[this.i]!.v === ',') this.i++;
    }
    this.i++;
    return els;
  }
}

// ---------------------------------------------------------------------------------------------
// Upstream source access

class Upstream {
  private files = new Map<string, string>();
  private consts?: Map<string, string>;
  constructor(readonly repo: string, readonly tag: string) {}
  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.repo, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  }
  file(p: string): string {
    let text = this.files.get(p);
    if (text === undefined) { text = this.git('show', `${this.tag}:${p}`); this.files.set(p, text); }
    return text;
  }
  /** Package directory and function name each resource / data source name is registered with. */
  registrations(kind: 'resource' | 'data'): Map<string, { dir: string; fn: string }> {
    const call = kind === 'resource' ? 'RegisterResource' : 'RegisterDatasource';
    const out = new Map<string, { dir: string; fn: string }>();
    const grep = this.git('grep', '-h', '-E', `${call}\\("oci_`, this.tag, '--', 'internal/service/*/register_*.go');
    const files = this.git('grep', '-l', '-E', `${call}\\("oci_`, this.tag, '--', 'internal/service/*/register_*.go', 'internal/provider/provider.go')
      .trim().split('\n').map((l) => l.replace(`${this.tag}:`, ''));
    void grep;
    for (const f of files) {
      const text = this.file(f);
      const imports = new Map<string, string>();
      for (const m of text.matchAll(/^\s*(\w+)\s+"github\.com\/oracle\/terraform-provider-oci\/(internal\/service\/[\w/]+)"/gm)) imports.set(m[1]!, m[2]!);
      for (const m of text.matchAll(new RegExp(`${call}\\("(oci_\\w+)",\\s*(?:(\\w+)\\.)?(\\w+)\\(\\)\\)`, 'g'))) {
        const dir = m[2] ? imports.get(m[2]) : path.posix.dirname(f);
        if (!dir) throw new Error(`${f}: unknown import ${m[2]}`);
        if (!out.has(m[1]!)) out.set(m[1]!, { dir, fn: m[3]! });
      }
    }
    return out;
  }
  /** The source file in dir that defines func fn. */
  fileDefining(dir: string, fn: string): string {
    const hits = this.git('grep', '-l', '-E', `^func ${fn}\\(`, this.tag, '--', `${dir}/*.go`).trim().split('\n').filter(Boolean)
      .map((l) => l.replace(`${this.tag}:`, '')).filter((f) => !f.endsWith('_test.go'));
    if (hits.length !== 1) throw new Error(`func ${fn} in ${dir}: ${hits.length} definitions`);
    return hits[0]!;
  }
  /** String constants of internal/globalvar (the provider block's attribute names). */
  constant(name: string): string | undefined {
    if (!this.consts) {
      this.consts = new Map();
      const files = this.git('ls-tree', '--name-only', this.tag, 'internal/globalvar/').trim().split('\n');
      for (const f of files) {
        if (!f.endsWith('.go') || f.endsWith('_test.go')) continue;
        for (const m of this.file(f).matchAll(/^\s*(\w+)\s*(?:string\s*)?=\s*"([^"]*)"/gm)) this.consts.set(m[1]!, m[2]!);
      }
    }
    return this.consts.get(name);
  }
}

// ---------------------------------------------------------------------------------------------
// SDKv2 schema -> terraform providers schema -json (the parts the subset uses)

export interface TfAttr { type: unknown; required?: boolean; optional?: boolean; computed?: boolean }
export interface TfBlock { attributes: Record<string, TfAttr>; block_types: Record<string, TfBlockType> }
export interface TfBlockType { nesting_mode: string; block: TfBlock; min_items?: number; max_items?: number }

interface SdkField {
  type: string;
  required: boolean; optional: boolean; computed: boolean;
  maxItems?: number; minItems?: number;
  elemType?: string;
  elemResource?: Record<string, SdkField>;
}

class SchemaReader {
  constructor(readonly up: Upstream) {}

  /** The Schema map of the *schema.Resource that func fn in dir returns. */
  resource(dir: string, fn: string, dataItem = false): { fields: Record<string, SdkField>; timeouts: boolean } {
    const file = this.up.fileDefining(dir, fn);
    const src = this.up.file(file);
    const start = src.search(new RegExp(`^func ${fn}\\(`, 'm'));
    const end = src.indexOf('\n}\n', start);
    const body = src.slice(start, end + 2);
    const toks = tokenize(body);
    const open = toks.findIndex((t, k) => t.v === 'Resource' && toks[k + 1]?.v === '{' && toks[k - 3]?.v === '&');
    if (open < 0) throw new Error(`${file}: ${fn} returns no &schema.Resource{ literal`);
    const reader = new GoReader(toks);
    reader.i = open + 2;
    const els = reader.literal();
    const schemaEl = els.find((e) => e.key?.text === 'Schema');
    if (!schemaEl?.value.elements) throw new Error(`${file}: ${fn} has no Schema map literal (keys: ${els.map((e) => e.key?.text ?? e.value.text.slice(0, 40)).join(" | ")})`);
    const timeouts = els.some((e) => e.key?.text === 'Timeouts');
    return { fields: this.fields(dir, schemaEl.value.elements, dataItem), timeouts };
  }

  private key(k: GoValue): string {
    const s = /^"(.*)"$/.exec(k.text);
    if (s) return JSON.parse(k.text) as string;
    const c = /^globalvar\.(\w+)$/.exec(k.text);
    const v = c ? this.up.constant(c[1]!) : undefined;
    if (v === undefined) throw new Error(`schema key ${k.text} not resolved`);
    return v;
  }

  fields(dir: string, els: GoElement[], dataItem: boolean): Record<string, SdkField> {
    const out: Record<string, SdkField> = {};
    for (const el of els) {
      if (!el.key) continue;
      const name = this.key(el.key);
      let f: SdkField;
      if (el.value.text === 'tfresource.DataSourceFiltersSchema()') {
        f = { type: 'TypeSet', required: false, optional: true, computed: false, elemResource: {
          name: { type: 'TypeString', required: true, optional: false, computed: false },
          values: { type: 'TypeList', required: true, optional: false, computed: false, elemType: 'TypeString' },
          regex: { type: 'TypeBool', required: false, optional: true, computed: false },
        } };
      } else if (el.value.elements) {
        f = this.field(dir, el.value.elements, dataItem);
      } else {
        throw new Error(`${name}: schema value ${el.value.text} not understood`);
      }
      if (dataItem) { f.required = false; f.optional = false; f.computed = true; delete f.maxItems; delete f.minItems; }
      out[name] = f;
    }
    return out;
  }

  private field(dir: string, els: GoElement[], dataItem: boolean): SdkField {
    const get = (k: string) => els.find((e) => e.key?.text === k)?.value;
    const type = get('Type')?.text.replace(/^schema\./, '') ?? '';
    const f: SdkField = {
      type,
      required: get('Required')?.text === 'true',
      optional: get('Optional')?.text === 'true',
      computed: get('Computed')?.text === 'true',
    };
    const max = get('MaxItems'); if (max) f.maxItems = Number(max.text);
    const min = get('MinItems'); if (min) f.minItems = Number(min.text);
    const elem = get('Elem');
    if (elem) {
      const item = /GetDataSourceItemSchema\((\w+)\(\)\)$/.exec(elem.text);
      if (/^schema\.Type\w+$/.test(elem.text)) f.elemType = elem.text.replace(/^schema\./, '');
      else if (/^&schema\.Schema\{/.test(elem.text) && elem.elements) {
        f.elemType = elem.elements.find((e) => e.key?.text === 'Type')!.value.text.replace(/^schema\./, '');
      } else if (/^&schema\.Resource\{/.test(elem.text) && elem.elements) {
        const sch = elem.elements.find((e) => e.key?.text === 'Schema');
        if (!sch?.value.elements) throw new Error(`Elem resource without Schema`);
        f.elemResource = this.fields(dir, sch.value.elements, dataItem);
      } else if (item) {
        const res = this.resource(dir, item[1]!, true).fields;
        res.id ??= { type: 'TypeString', required: false, optional: false, computed: true };
        f.elemResource = res;
      } else {
        const fnRef = /^(\w+)\(\)$/.exec(elem.text);
        if (!fnRef) throw new Error(`Elem ${elem.text} not understood`);
        f.elemResource = this.resource(dir, fnRef[1]!, dataItem).fields;
      }
    }
    return f;
  }
}

const PRIMITIVE: Record<string, string> = { TypeString: 'string', TypeBool: 'bool', TypeInt: 'number', TypeFloat: 'number' };

function ctyType(f: SdkField): unknown {
  if (PRIMITIVE[f.type]) return PRIMITIVE[f.type];
  const coll = { TypeList: 'list', TypeSet: 'set', TypeMap: 'map' }[f.type];
  if (!coll) throw new Error(`type ${f.type} not understood`);
  if (f.elemResource) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.elemResource).sort(([a], [b]) => a.localeCompare(b))) obj[k] = ctyType(v);
    return [coll, ['object', obj]];
  }
  return [coll, PRIMITIVE[f.elemType ?? 'TypeString'] ?? 'string'];
}

/** What terraform-plugin-sdk/v2's CoreConfigSchema makes of a Schema map (the parts we compare). */
export function toTfBlock(fields: Record<string, SdkField>, opts: { implicitId: boolean; timeouts: boolean }): TfBlock {
  const block: TfBlock = { attributes: {}, block_types: {} };
  for (const [name, f] of Object.entries(fields)) {
    const nested = f.elemResource && (f.type === 'TypeList' || f.type === 'TypeSet') && !(f.computed && !f.optional && !f.required);
    if (nested) {
      const bt: TfBlockType = {
        nesting_mode: f.type === 'TypeList' ? 'list' : 'set',
        block: toTfBlock(f.elemResource!, { implicitId: false, timeouts: false }),
      };
      // as CoreConfigSchema: a required block needs one item, Optional drops MinItems,
      // computed-only blocks have no limits
      let min = f.required && !f.minItems ? 1 : (f.minItems ?? 0);
      let max = f.maxItems ?? 0;
      if (f.optional) min = 0;
      if (f.computed && !f.optional) { min = 0; max = 0; }
      if (min) bt.min_items = min;
      if (max) bt.max_items = max;
      block.block_types[name] = bt;
    } else {
      const a: TfAttr = { type: ctyType(f) };
      if (f.required) a.required = true;
      if (f.optional) a.optional = true;
      if (f.computed) a.computed = true;
      block.attributes[name] = a;
    }
  }
  if (opts.implicitId && !block.attributes.id) block.attributes.id = { type: 'string', optional: true, computed: true };
  if (opts.timeouts) block.block_types.timeouts = { nesting_mode: 'single', block: { attributes: {
    create: { type: 'string', optional: true }, delete: { type: 'string', optional: true }, update: { type: 'string', optional: true },
  }, block_types: {} } };
  return block;
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface SubsetBlock { attributes?: Record<string, TfAttr & Record<string, unknown>>; block_types?: Record<string, { nesting_mode: string; block: SubsetBlock; min_items?: number; max_items?: number }> }

/** Type equality where the subset's object types may omit upstream object attributes (a subset). */
function typeCovers(upstream: unknown, subset: unknown): boolean {
  if (typeof subset === 'string' || typeof upstream === 'string') return upstream === subset;
  if (!Array.isArray(subset) || !Array.isArray(upstream)) return false;
  if (subset[0] !== upstream[0]) return false;
  if (subset[0] === 'object') {
    const s = subset[1] as Record<string, unknown>; const u = upstream[1] as Record<string, unknown>;
    return Object.entries(s).every(([k, v]) => k in u && typeCovers(u[k], v));
  }
  return typeCovers(upstream[1], subset[1]);
}

function flags(a: { required?: boolean; optional?: boolean; computed?: boolean }): string {
  return ['required', 'optional', 'computed'].filter((k) => a[k as keyof typeof a]).join('+') || 'none';
}

export function compareBlock(prefix: string, subset: SubsetBlock, upstream: TfBlock, checked: string[], problems: string[]): void {
  for (const [name, a] of Object.entries(subset.attributes ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
    const p = `${prefix}.${name}`;
    checked.push(p);
    const u = upstream.attributes[name];
    if (!u) { problems.push(`${p}: not an attribute upstream${upstream.block_types[name] ? ' (a block there)' : ''}`); continue; }
    if (!typeCovers(u.type, a.type)) problems.push(`${p}: type ${JSON.stringify(a.type)}, upstream ${JSON.stringify(u.type)}`);
    if (flags(a) !== flags(u)) problems.push(`${p}: ${flags(a)}, upstream ${flags(u)}`);
  }
  for (const [name, b] of Object.entries(subset.block_types ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
    const p = `${prefix}.${name}`;
    checked.push(p);
    const u = upstream.block_types[name];
    if (!u) { problems.push(`${p}: not a block upstream${upstream.attributes[name] ? ' (an attribute there)' : ''}`); continue; }
    if (b.nesting_mode !== u.nesting_mode) problems.push(`${p}: nesting ${b.nesting_mode}, upstream ${u.nesting_mode}`);
    if ((b.max_items ?? 0) !== (u.max_items ?? 0)) problems.push(`${p}: max_items ${b.max_items ?? '-'}, upstream ${u.max_items ?? '-'}`);
    if ((b.min_items ?? 0) !== (u.min_items ?? 0)) problems.push(`${p}: min_items ${b.min_items ?? '-'}, upstream ${u.min_items ?? '-'}`);
    compareBlock(p, b.block, u.block, checked, problems);
  }
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const args = process.argv.slice(2);
  const arg = (n: string) => { const k = args.indexOf(n); return k >= 0 ? args[k + 1] : undefined; };
  const repo = arg('--repo');
  if (!repo) { console.error('usage: check-oci-upstream.ts --repo <oracle/terraform-provider-oci git dir> [--tag vX.Y.Z]'); process.exit(2); }
  const subsetJson = JSON.parse(readFileSync(SUBSET_FILE, 'utf8'));
  const followed: string = subsetJson.x_cdktf_subset.followed_versions[FQPN];
  const tag = arg('--tag') ?? `v${followed}`;
  const up = new Upstream(repo, tag);
  const commit = up.git('rev-parse', `${tag}^{commit}`).trim();
  const reader = new SchemaReader(up);
  const provider = subsetJson.provider_schemas[FQPN];
  const problems: string[] = [];
  const entries: { kind: string; name: string; upstream: string; checked: string[] }[] = [];

  {
    const checked: string[] = [];
    const src = 'internal/provider/provider.go';
    const toks = tokenize(up.file(src).slice(up.file(src).search(/^func SchemaMap\(/m)));
    const r = new GoReader(toks);
    r.i = toks.findIndex((t, k) => t.v === 'Schema' && toks[k + 1]?.v === '{' && toks.slice(0, k).some((x) => x.v === 'return')) + 2;
    const fields = reader.fields('internal/provider', r.literal(), false);
    compareBlock('provider', provider.provider.block, toTfBlock(fields, { implicitId: false, timeouts: false }), checked, problems);
    entries.push({ kind: 'provider', name: 'oci', upstream: `${src} SchemaMap`, checked });
  }
  for (const [kind, key] of [['resource', 'resource_schemas'], ['data', 'data_source_schemas']] as const) {
    const regs = up.registrations(kind);
    for (const [name, schema] of Object.entries(provider[key] as Record<string, { block: SubsetBlock }>).sort(([a], [b]) => a.localeCompare(b))) {
      const reg = regs.get(name);
      const checked: string[] = [];
      if (!reg) { problems.push(`${kind}.${name}: not registered upstream`); entries.push({ kind, name, upstream: '(missing)', checked }); continue; }
      const { fields, timeouts } = reader.resource(reg.dir, reg.fn);
      const tf = toTfBlock(fields, { implicitId: true, timeouts: kind === 'resource' && timeouts });
      compareBlock(`${kind}.${name}`, schema.block, tf, checked, problems);
      entries.push({ kind, name, upstream: `${up.fileDefining(reg.dir, reg.fn)} ${reg.fn}`, checked });
    }
  }
  if (problems.length) {
    console.error(`providers/oci.schema.json disagrees with oracle/terraform-provider-oci ${tag} in ${problems.length} place(s):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  const record = {
    note: 'Written by scripts/check-oci-upstream.ts: every path of providers/oci.schema.json, checked against the Go schema of the upstream tag (presence, type, required/optional/computed, nesting and item limits). tests/providers holds it equal to the subset.',
    repository: 'oracle/terraform-provider-oci',
    tag,
    commit,
    checked: entries,
  };
  writeFileSync(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`);
  const total = entries.reduce((n, e) => n + e.checked.length, 0);
  console.log(`${entries.length} schemas, ${total} attribute/block paths agree with ${tag} (${commit.slice(0, 12)}); wrote ${path.relative(ROOT, RECORD_FILE)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
