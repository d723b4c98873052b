/**
 * policy/waivers.yaml: accepted findings and Secrets that live outside git, each with a reason.
 *
 * ```yaml
 * waivers:
 *   - rule: net-world-open-port          # a rule id (npm run check -- --rules lists them)
 *     resource: "oke-dev-network:oci_core_security_list.*"   # as findings print it; * = any run
 *     reason: why this is acceptable, and until when
 * externalSecrets:
 *   - name: sops-age                     # Secret name (* allowed)
 *     namespace: flux-system             # default *
 *     cluster: "*"                       # default *
 *     reason: who creates it and why it is not in git
 * ```
 *
 * Unknown keys, unknown rule ids, empty resources and empty reasons are errors (rule
 * `waiver-invalid`); a waiver that matches no finding is reported as `waiver-unused`. The engine's
 * own rules (area `policy`) cannot be waived.
 */
import { LineCounter, parseDocument } from 'yaml';
import { isRuleId, RULES } from './rules';
import { globToRegExp, isObject, type ExternalSecret, type Finding, type RawFinding, type Waiver } from './types';

export const WAIVERS_FILE = 'policy/waivers.yaml';

export interface WaiverFile {
  readonly waivers: Waiver[];
  readonly externalSecrets: ExternalSecret[];
  /** Problems with the file itself (rule waiver-invalid). */
  readonly problems: RawFinding[];
}

const WAIVER_KEYS = ['rule', 'resource', 'reason'];
const EXTERNAL_KEYS = ['name', 'namespace', 'cluster', 'reason'];

export function parseWaivers(text: string, file = WAIVERS_FILE): WaiverFile {
  const result: WaiverFile = { waivers: [], externalSecrets: [], problems: [] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problem = (message: string, path: (string | number)[] = []) => {
    let line: number | undefined;
    // The value's line, or its closest parent's when the key is missing.
    for (let depth = path.length; depth > 0 && line === undefined; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) line = lines.linePos(node.range[0]).line;
    }
    result.problems.push({ rule: 'waiver-invalid', resource: file, file, line, message: `${file}${line ? `:${line}` : ''}: ${message}` });
  };
  if (doc.errors.length > 0) {
    problem(`is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the syntax`);
    return result;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    problem(`cannot be read (${(error as Error).message})`);
    return result;
  }
  if (data === null || data === undefined) return result;
  if (!isObject(data)) {
    problem('must be a mapping with waivers: and externalSecrets: lists');
    return result;
  }
  for (const key of Object.keys(data)) if (key !== 'waivers' && key !== 'externalSecrets') problem(`unknown key "${key}" (expected waivers or externalSecrets)`, [key]);
  const list = (key: string): unknown[] => {
    const value = data[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problem(`${key} must be a list`, [key]);
      return [];
    }
    return value;
  };
  list('waivers').forEach((entry, i) => {
    const at = (field?: string) => (field ? ['waivers', i, field] : ['waivers', i]);
    if (!isObject(entry)) return problem(`waivers[${i}] must be a mapping {rule, resource, reason}`, at());
    let ok = true;
    for (const key of Object.keys(entry)) if (!WAIVER_KEYS.includes(key)) (ok = false), problem(`waivers[${i}]: unknown key "${key}" (expected ${WAIVER_KEYS.join(', ')})`, at(key));
    const rule = typeof entry.rule === 'string' ? entry.rule : '';
    if (!isRuleId(rule)) (ok = false), problem(`waivers[${i}].rule ${JSON.stringify(entry.rule ?? null)} is not a rule id; known: ${Object.keys(RULES).join(', ')}`, at('rule'));
    else if (RULES[rule].area === 'policy') (ok = false), problem(`waivers[${i}].rule ${rule} checks the policy setup itself and cannot be waived`, at('rule'));
    if (typeof entry.resource !== 'string' || entry.resource.trim() === '') (ok = false), problem(`waivers[${i}].resource must name the resource as findings print it (e.g. "state:aws_s3_bucket.x" or "gitops/file.yaml:Kind/ns/name"; * matches any run)`, at('resource'));
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') (ok = false), problem(`waivers[${i}].reason is empty; say why the finding is acceptable`, at('reason'));
    if (ok) result.waivers.push({ rule, resource: String(entry.resource), reason: String(entry.reason).trim() });
  });
  list('externalSecrets').forEach((entry, i) => {
    const at = (field?: string) => (field ? ['externalSecrets', i, field] : ['externalSecrets', i]);
    if (!isObject(entry)) return problem(`externalSecrets[${i}] must be a mapping {name, namespace, cluster, reason}`, at());
    let ok = true;
    for (const key of Object.keys(entry)) if (!EXTERNAL_KEYS.includes(key)) (ok = false), problem(`externalSecrets[${i}]: unknown key "${key}" (expected ${EXTERNAL_KEYS.join(', ')})`, at(key));
    if (typeof entry.name !== 'string' || entry.name.trim() === '') (ok = false), problem(`externalSecrets[${i}].name must be a Secret name`, at('name'));
    for (const key of ['namespace', 'cluster']) {
      if (entry[key] !== undefined && (typeof entry[key] !== 'string' || (entry[key] as string).trim() === '')) (ok = false), problem(`externalSecrets[${i}].${key} must be a non-empty string (or left out for *)`, at(key));
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') (ok = false), problem(`externalSecrets[${i}].reason is empty; say who creates the Secret and why it is not in git`, at('reason'));
    if (ok) {
      result.externalSecrets.push({
        name: String(entry.name),
        namespace: typeof entry.namespace === 'string' ? entry.namespace : '*',
        cluster: typeof entry.cluster === 'string' ? entry.cluster : '*',
        reason: String(entry.reason).trim(),
      });
    }
  });
  return result;
}

/** Marks findings a waiver covers; reports waivers that cover nothing. */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], file = WAIVERS_FILE): Finding[] {
  const compiled = waivers.map((w) => ({ waiver: w, resource: globToRegExp(w.resource), used: false }));
  const out = findings.map((f) => {
    if (RULES[f.rule as keyof typeof RULES]?.area === 'policy') return f;
    const match = compiled.find((c) => c.waiver.rule === f.rule && c.resource.test(f.resource));
    if (!match) return f;
    match.used = true;
    return { ...f, waived: { reason: match.waiver.reason } };
  });
  for (const c of compiled) {
    if (c.used) continue;
    out.push({
      rule: 'waiver-unused',
      severity: RULES['waiver-unused'].severity,
      resource: file,
      file,
      message: `${file}: the waiver for rule ${c.waiver.rule} on ${c.waiver.resource} matches no finding; remove it (the problem is gone or the resource was renamed)`,
    });
  }
  return out;
}
