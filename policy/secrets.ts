/**
 * Secret rules: no plaintext Secret in gitops/, every referenced Secret exists or is declared
 * external, SOPS creation rules cover the secret files, and no credential-looking string anywhere
 * in the synthesized output.
 */
import { posix } from 'node:path';
import { describeObject, groupOf, meta, objectResource, SOPS_CONFIG, type GitopsModel, type K8sObject } from './gitops';
import { podSpecOf } from './kubernetes';
import { globToRegExp, isObject, str, type ExternalSecret, type JsonObject, type PolicyPlatform, type RawFinding } from './types';

const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:[\s\S]*\]$/;
export const SECRET_FILE_SUFFIX = '.sops.yaml';
/** Annotation on a referencing object naming Secrets that exist outside git (comma-separated). */
export const EXTERNAL_SECRETS_ANNOTATION = 'policy.cheapk8s.io/external-secrets';
/** Namespace cert-manager keeps ClusterIssuer credentials in (its --cluster-resource-namespace default). */
const CERT_MANAGER_NAMESPACE = 'cert-manager';

function finding(rule: string, o: K8sObject, message: string): RawFinding {
  return { rule, resource: objectResource(o), file: o.origin.file, line: o.origin.line, message };
}

function spec(obj: JsonObject): JsonObject {
  return isObject(obj.spec) ? obj.spec : {};
}

// ---------------------------------------------------------------------------------------------
// Plaintext Secrets

export function plaintextSecretRules(raw: readonly K8sObject[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const o of raw) {
    if (o.obj.kind !== 'Secret' || groupOf(str(o.obj.apiVersion) ?? '') !== '') continue;
    const problems: string[] = [];
    if (!o.origin.rel.endsWith(SECRET_FILE_SUFFIX)) problems.push(`it is in ${posix.basename(o.origin.rel)}, not a *${SECRET_FILE_SUFFIX} file`);
    const sops = o.obj.sops;
    if (!isObject(sops)) problems.push('it has no sops metadata (it was never encrypted)');
    else {
      if (typeof sops.mac !== 'string' || sops.mac === '') problems.push('its sops metadata has no mac');
      const suffix = str(sops.unencrypted_suffix) ?? '_unencrypted';
      for (const field of ['data', 'stringData']) {
        const values = o.obj[field];
        if (!isObject(values)) continue;
        const clear = Object.entries(values).filter(([key, value]) => !key.endsWith(suffix) && !(typeof value === 'string' && SOPS_VALUE.test(value)));
        if (clear.length > 0) problems.push(`${field}.${clear.map(([k]) => k).join(', ')} ${clear.length === 1 ? 'is' : 'are'} not ENC[...]`);
      }
    }
    if (problems.length > 0) {
      findings.push(finding('secret-plaintext', o, `${describeObject(o)} is a plaintext Secret: ${problems.join('; ')}; write it to <name>${SECRET_FILE_SUFFIX} and encrypt it with \`sops --encrypt --in-place\` (the .sops.yaml creation rules pick the cluster's age key)`));
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Secret references

interface SecretRef {
  readonly name: string;
  readonly namespace?: string;
  /** Where in the object, for the message. */
  readonly field: string;
}

/** Keys under a cert-manager issuer that name Secrets cert-manager creates itself (not references). */
const GENERATED_ISSUER_KEYS = new Set(['privateKeySecretRef']);

function walkSecretRefs(value: unknown, path: string, out: { name: string; field: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkSecretRefs(v, `${path}[${i}]`, out));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (/SecretRef$/.test(key) && !GENERATED_ISSUER_KEYS.has(key) && isObject(inner) && typeof inner.name === 'string') out.push({ name: inner.name, field: `${path}.${key}` });
      else walkSecretRefs(inner, `${path}.${key}`, out);
    }
  }
}

/** Secrets an object needs to exist before it works. */
export function secretReferences(obj: JsonObject): SecretRef[] {
  const refs: SecretRef[] = [];
  const kind = str(obj.kind) ?? '';
  const group = groupOf(str(obj.apiVersion) ?? '');
  const namespace = meta(obj).namespace;
  const s = spec(obj);
  const add = (name: unknown, field: string, ns = namespace) => {
    if (typeof name === 'string' && name !== '') refs.push({ name, namespace: ns, field });
  };
  const ref = (value: unknown) => (isObject(value) ? value.name : undefined);
  if (group.endsWith('toolkit.fluxcd.io')) {
    for (const key of ['secretRef', 'certSecretRef', 'proxySecretRef']) add(ref(s[key]), `spec.${key}`);
    if (isObject(s.verify)) add(ref(s.verify.secretRef), 'spec.verify.secretRef');
    if (isObject(s.decryption)) add(ref(s.decryption.secretRef), 'spec.decryption.secretRef');
    if (isObject(s.kubeConfig)) add(ref(s.kubeConfig.secretRef), 'spec.kubeConfig.secretRef');
    const from = kind === 'HelmRelease' ? s.valuesFrom : isObject(s.postBuild) ? s.postBuild.substituteFrom : undefined;
    const field = kind === 'HelmRelease' ? 'spec.valuesFrom' : 'spec.postBuild.substituteFrom';
    if (Array.isArray(from)) from.forEach((f, i) => isObject(f) && f.kind === 'Secret' && f.optional !== true && add(f.name, `${field}[${i}]`));
  }
  if (group === 'cert-manager.io' && (kind === 'Issuer' || kind === 'ClusterIssuer')) {
    const found: { name: string; field: string }[] = [];
    walkSecretRefs(s, 'spec', found);
    const ns = kind === 'ClusterIssuer' ? CERT_MANAGER_NAMESPACE : namespace;
    for (const f of found) add(f.name, f.field, ns);
    if (isObject(s.ca)) add(s.ca.secretName, 'spec.ca.secretName', ns);
  }
  const pod = podSpecOf(obj);
  if (pod) {
    for (const field of ['initContainers', 'containers']) {
      const containers = Array.isArray(pod[field]) ? (pod[field] as unknown[]) : [];
      containers.forEach((c, ci) => {
        if (!isObject(c)) return;
        (Array.isArray(c.env) ? c.env : []).forEach((e, ei) => {
          const keyRef = isObject(e) && isObject(e.valueFrom) && isObject(e.valueFrom.secretKeyRef) ? e.valueFrom.secretKeyRef : undefined;
          if (keyRef && keyRef.optional !== true) add(keyRef.name, `${field}[${ci}].env[${ei}].valueFrom.secretKeyRef`);
        });
        (Array.isArray(c.envFrom) ? c.envFrom : []).forEach((e, ei) => {
          if (isObject(e) && isObject(e.secretRef) && e.secretRef.optional !== true) add(e.secretRef.name, `${field}[${ci}].envFrom[${ei}].secretRef`);
        });
      });
    }
    (Array.isArray(pod.volumes) ? pod.volumes : []).forEach((v, vi) => {
      if (!isObject(v)) return;
      if (isObject(v.secret) && v.secret.optional !== true) add(v.secret.secretName, `volumes[${vi}].secret`);
      const sources = isObject(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
      sources.forEach((p, pi) => isObject(p) && isObject(p.secret) && p.secret.optional !== true && add(p.secret.name, `volumes[${vi}].projected.sources[${pi}].secret`));
    });
    (Array.isArray(pod.imagePullSecrets) ? pod.imagePullSecrets : []).forEach((p, pi) => add(ref(p), `imagePullSecrets[${pi}]`));
  }
  if (kind === 'Ingress' && group === 'networking.k8s.io' && !hasCertManagerAnnotation(obj)) {
    (Array.isArray(s.tls) ? s.tls : []).forEach((t, i) => isObject(t) && add(t.secretName, `spec.tls[${i}].secretName`));
  }
  if (kind === 'Gateway' && group === 'gateway.networking.k8s.io' && !hasCertManagerAnnotation(obj)) {
    (Array.isArray(s.listeners) ? s.listeners : []).forEach((l, li) => {
      const certs = isObject(l) && isObject(l.tls) && Array.isArray(l.tls.certificateRefs) ? l.tls.certificateRefs : [];
      certs.forEach((c, ci) => isObject(c) && (c.kind ?? 'Secret') === 'Secret' && add(c.name, `spec.listeners[${li}].tls.certificateRefs[${ci}]`, str(c.namespace) ?? namespace));
    });
  }
  return refs;
}

function hasCertManagerAnnotation(obj: JsonObject): boolean {
  return Object.keys(meta(obj).annotations).some((k) => k === 'cert-manager.io/cluster-issuer' || k === 'cert-manager.io/issuer');
}

/**
 * Secrets that exist once the objects are applied: Secrets (incl. secretGenerator), Certificate and
 * cert-manager-annotated Ingress/Gateway outputs, and the owner login `<name>-app` CloudNativePG
 * generates for a Cluster that bootstraps its own database (initdb without a secret of its own).
 */
function producedSecrets(objects: readonly K8sObject[]): { name: string; namespace?: string }[] {
  const out: { name: string; namespace?: string }[] = [];
  for (const o of objects) {
    const m = meta(o.obj);
    const s = spec(o.obj);
    const group = groupOf(str(o.obj.apiVersion) ?? '');
    if (o.obj.kind === 'Secret' && group === '' && m.name) out.push({ name: m.name, namespace: m.namespace });
    if (o.obj.kind === 'Certificate' && group === 'cert-manager.io' && typeof s.secretName === 'string') out.push({ name: s.secretName, namespace: m.namespace });
    if (o.obj.kind === 'Cluster' && group === 'postgresql.cnpg.io' && m.name) {
      const initdb = isObject(s.bootstrap) && isObject(s.bootstrap.initdb) ? s.bootstrap.initdb : undefined;
      if (initdb && !isObject(initdb.secret)) out.push({ name: `${m.name}-app`, namespace: m.namespace });
    }
    if (hasCertManagerAnnotation(o.obj)) {
      for (const t of Array.isArray(s.tls) ? s.tls : []) if (isObject(t) && typeof t.secretName === 'string') out.push({ name: t.secretName, namespace: m.namespace });
      for (const l of Array.isArray(s.listeners) ? s.listeners : []) {
        const certs = isObject(l) && isObject(l.tls) && Array.isArray(l.tls.certificateRefs) ? l.tls.certificateRefs : [];
        for (const c of certs) if (isObject(c) && typeof c.name === 'string') out.push({ name: c.name, namespace: str(c.namespace) ?? m.namespace });
      }
    }
  }
  return out;
}

export function secretReferenceRules(model: GitopsModel, external: readonly ExternalSecret[]): RawFinding[] {
  const findings: RawFinding[] = [];
  const scopes: { cluster?: string; objects: readonly K8sObject[] }[] = [...model.clusters].map(([cluster, objects]) => ({ cluster, objects }));
  scopes.push({ objects: model.unreached });
  const externals = external.map((e) => ({ name: globToRegExp(e.name), namespace: globToRegExp(e.namespace), cluster: globToRegExp(e.cluster) }));
  for (const { cluster, objects } of scopes) {
    const produced = producedSecrets(objects);
    for (const o of objects) {
      const declared = String(meta(o.obj).annotations[EXTERNAL_SECRETS_ANNOTATION] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const ref of secretReferences(o.obj)) {
        const exists = produced.some((p) => p.name === ref.name && (p.namespace === undefined || ref.namespace === undefined || p.namespace === ref.namespace));
        if (exists || declared.includes(ref.name)) continue;
        const isExternal = externals.some((e) => e.name.test(ref.name) && e.namespace.test(ref.namespace ?? '') && e.cluster.test(cluster ?? ''));
        if (isExternal) continue;
        const where = cluster ? ` for cluster ${cluster}` : '';
        findings.push(
          finding(
            'secret-reference-missing',
            o,
            `${describeObject(o)} ${ref.field} references Secret ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}, which is not in the gitops tree${where}; add it as a SOPS-encrypted *${SECRET_FILE_SUFFIX} file, or declare it external (policy/waivers.yaml externalSecrets, or the ${EXTERNAL_SECRETS_ANNOTATION} annotation) with who creates it`,
          ),
        );
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// SOPS creation rules

interface CreationRule {
  readonly pathRegex?: RegExp;
  readonly recipients: readonly string[];
  readonly index: number;
}

function recipientsOf(rule: JsonObject): string[] {
  const split = (v: unknown) => (typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.map(String) : []).map((s) => s.trim()).filter(Boolean);
  const groups = Array.isArray(rule.key_groups) ? rule.key_groups : [];
  return [...split(rule.age), ...groups.flatMap((g) => (isObject(g) ? split(g.age) : []))];
}

export function sopsRules(model: GitopsModel, platform: PolicyPlatform): RawFinding[] {
  const findings: RawFinding[] = [];
  const configs = new Map<string, CreationRule[]>();
  for (const [rel, docs] of model.byFile) {
    if (posix.basename(rel) !== SOPS_CONFIG) continue;
    const file = `${model.gitopsDir}/${rel}`;
    const doc = docs[0]?.value;
    const rules = isObject(doc) && Array.isArray(doc.creation_rules) ? doc.creation_rules : undefined;
    if (!rules) {
      findings.push({ rule: 'sops-creation-rule', resource: file, file, message: `${file} has no creation_rules list; SOPS would not know which age keys encrypt the secret files` });
      configs.set(posix.dirname(rel), []);
      continue;
    }
    const parsed: CreationRule[] = [];
    rules.forEach((rule, index) => {
      if (!isObject(rule)) return;
      let pathRegex: RegExp | undefined;
      if (typeof rule.path_regex === 'string') {
        try {
          pathRegex = new RegExp(rule.path_regex);
        } catch (error) {
          findings.push({ rule: 'sops-creation-rule', resource: file, file, message: `${file} creation_rules[${index}].path_regex ${JSON.stringify(rule.path_regex)} is not a valid regular expression (${(error as Error).message})` });
          return;
        }
      }
      parsed.push({ pathRegex, recipients: recipientsOf(rule), index });
    });
    configs.set(posix.dirname(rel), parsed);
  }
  for (const rel of [...model.files.keys()].sort()) {
    const name = posix.basename(rel);
    if (!name.endsWith(SECRET_FILE_SUFFIX) || name === SOPS_CONFIG) continue;
    const file = `${model.gitopsDir}/${rel}`;
    // SOPS looks for .sops.yaml from the working folder upwards; the nearest one above the file is the one used.
    let dir = posix.dirname(rel);
    let configDir: string | undefined;
    for (;;) {
      if (configs.has(dir)) {
        configDir = dir;
        break;
      }
      if (dir === '.' || dir === '') break;
      dir = posix.dirname(dir);
    }
    if (configDir === undefined) {
      findings.push({ rule: 'sops-creation-rule', resource: file, file, message: `${file} is a secret file but no ${SOPS_CONFIG} in gitops/ or above it (inside the tree) has creation rules for it; write ${model.gitopsDir}/${SOPS_CONFIG} with a creation rule per cluster` });
      continue;
    }
    const relToConfig = configDir === '.' ? rel : posix.relative(configDir, rel);
    const candidates = [relToConfig, `${model.gitopsDir}/${rel}`];
    const rules = configs.get(configDir)!;
    const rule = rules.find((r) => !r.pathRegex || candidates.some((c) => r.pathRegex!.test(c)));
    const configFile = `${model.gitopsDir}/${configDir === '.' ? '' : `${configDir}/`}${SOPS_CONFIG}`;
    if (!rule) {
      findings.push({ rule: 'sops-creation-rule', resource: file, file, message: `${file}: no creation rule path_regex in ${configFile} matches ${candidates.join(' or ')}; add a rule whose path_regex matches it (e.g. ^clusters/<cluster>/.*\\.sops\\.yaml$)` });
      continue;
    }
    const cluster = /^clusters\/([^/]+)\//.exec(rel)?.[1];
    const expected = platform.clusters.find((c) => c.name === cluster)?.sops?.ageRecipients ?? [];
    const missing = expected.filter((r) => !rule.recipients.includes(r));
    if (missing.length > 0) {
      findings.push({ rule: 'sops-creation-rule', resource: file, file, message: `${file}: the first matching creation rule (${configFile} creation_rules[${rule.index}]) does not encrypt for cluster ${cluster}'s age recipients ${missing.join(', ')}, so the cluster could not decrypt it; list the cluster's sops.ageRecipients in that rule's age` });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Credential-looking strings (patterns after secretlint's recommended preset, written from the
// token formats the vendors document; plus age and DigitalOcean keys)

interface Pattern {
  readonly what: string;
  readonly re: RegExp;
  /** Capture group holding a password that placeholders may fill. */
  readonly password?: number;
}

export const CREDENTIAL_PATTERNS: readonly Pattern[] = [
  { what: 'a private key', re: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/ },
  { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b/ },
  { what: 'an AWS secret access key', re: /aws_?secret_?access_?key["'\s]*[:=]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/i },
  { what: 'a GCP API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { what: 'a GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/ },
  { what: 'a GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/ },
  { what: 'a Slack token', re: /\bxox[aboprse]-[0-9A-Za-z-]{10,}/ },
  { what: 'a Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/ },
  { what: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'an npm auth token', re: /_authToken\s*=\s*(?!\$\{)[A-Za-z0-9+/=_-]{16,}/ },
  { what: 'a SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { what: 'a Shopify token', re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/ },
  { what: 'an OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}/ },
  { what: 'an Anthropic API key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/ },
  { what: 'a Linear API key', re: /\blin_api_[A-Za-z0-9]{40}\b/ },
  { what: 'a 1Password service account token', re: /\bops_eyJ[A-Za-z0-9+/=_-]{60,}/ },
  { what: 'an age secret key', re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/ },
  { what: 'a DigitalOcean token', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/ },
  { what: 'a database URL with a password', re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/[^\s:/@"']+:([^\s@/"']+)@/i, password: 1 },
  { what: 'a URL with a user and password (basic auth)', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'${}]+:([^\s@/"']+)@[^\s/"'@]+/i, password: 1 },
];

/** Templating placeholders stand for a value supplied later; they are not credentials. */
function isPlaceholder(password: string): boolean {
  return /\$\{|\{\{|\$\(|^<.*>$|^\*+$|^\$[A-Z_]+$/.test(password);
}

/** The first credential pattern `text` matches, with a redacted excerpt. */
export function findCredential(text: string): { what: string; excerpt: string } | undefined {
  for (const pattern of CREDENTIAL_PATTERNS) {
    const match = pattern.re.exec(text);
    if (!match) continue;
    if (pattern.password !== undefined && isPlaceholder(match[pattern.password] ?? '')) continue;
    const found = match[0];
    return { what: pattern.what, excerpt: `${found.slice(0, Math.min(8, Math.floor(found.length / 3)))}…` };
  }
  return undefined;
}

const FIX = 'never put credentials into environments/ or the generators; pass them at deploy time (provider environment variables) or as SOPS-encrypted Secrets';

export function credentialRules(model: GitopsModel, stacks: ReadonlyMap<string, unknown>, stacksDir: string): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const [rel, text] of [...model.files].sort(([a], [b]) => a.localeCompare(b))) {
    const file = `${model.gitopsDir}/${rel}`;
    text.split('\n').forEach((line, i) => {
      const hit = findCredential(line);
      if (hit) findings.push({ rule: 'credential-in-output', resource: file, file, line: i + 1, message: `${file}:${i + 1} contains what looks like ${hit.what} (${hit.excerpt}); ${FIX}` });
    });
  }
  for (const stack of [...stacks.keys()].sort()) {
    const file = `${stacksDir}/stacks/${stack}/cdk.tf.json`;
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        const hit = findCredential(value);
        const address = /^resource\.([^.[]+)\.([^.[]+)/.exec(path);
        const resource = address ? `${stack}:${address[1]}.${address[2]}` : `${stack}:${path}`;
        if (hit) findings.push({ rule: 'credential-in-output', resource, file, message: `stack ${stack}: ${path} in ${file} contains what looks like ${hit.what} (${hit.excerpt}); ${FIX}` });
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(stacks.get(stack), '');
  }
  return findings;
}
