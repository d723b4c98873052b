/**
 * Pod-template annotations that make Vault's or OpenBao's agent injector (both charts ship the same
 * injector, annotation prefix `vault.hashicorp.com`) log the pod in with its own ServiceAccount token
 * (Kubernetes auth, role = the tenant: SecretsConfiguration makes one per tenant namespace) and write
 * each KV v2 secret to `/vault/secrets/<file>` before the app starts, then keep it fresh.
 *
 * The pod must mount its ServiceAccount token (`automountServiceAccountToken: true`), and the agent
 * must trust the server's certificate: `caSecret` names a Secret of the pod's namespace with `ca.crt`
 * (the internal CA's; docs/operations.md, runtime secrets).
 */
export interface AgentInjectorOptions {
  /** Role to log in with (the tenant name). */
  readonly role: string;
  /** File name under /vault/secrets -> KV v2 path, e.g. `{ web: 'secret/data/team-a/web' }`. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Secret (in the pod's namespace) with the server's CA as `ca.crt`. */
  readonly caSecret: string;
  /**
   * Only the init container (secrets written once at start), no sidecar.
   * @default false
   */
  readonly preOnly?: boolean;
}

const PREFIX = 'vault.hashicorp.com';
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function agentInjectorAnnotations(options: AgentInjectorOptions): Record<string, string> {
  if (!LABEL.test(options.role)) throw new Error(`agentInjectorAnnotations: role ${JSON.stringify(options.role)} is not a tenant name`);
  if (!LABEL.test(options.caSecret)) throw new Error(`agentInjectorAnnotations: caSecret ${JSON.stringify(options.caSecret)} is not a Secret name`);
  const files = Object.keys(options.secrets).sort();
  if (files.length === 0) throw new Error('agentInjectorAnnotations: name at least one secret');
  const annotations: Record<string, string> = {
    [`${PREFIX}/agent-inject`]: 'true',
    [`${PREFIX}/role`]: options.role,
    [`${PREFIX}/tls-secret`]: options.caSecret,
    [`${PREFIX}/ca-cert`]: `/vault/tls/ca.crt`,
    ...(options.preOnly ? { [`${PREFIX}/agent-pre-populate-only`]: 'true' } : {}),
  };
  for (const file of files) {
    const path = options.secrets[file]!;
    if (!LABEL.test(file)) throw new Error(`agentInjectorAnnotations: file ${JSON.stringify(file)} must be a lower-case name`);
    // Only the tenant's own folder: the role's policy reads secret/data/<tenant>/* and nothing else.
    if (!path.startsWith(`secret/data/${options.role}/`)) throw new Error(`agentInjectorAnnotations: ${path} is outside secret/data/${options.role}/, which role ${options.role} cannot read`);
    annotations[`${PREFIX}/agent-inject-secret-${file}`] = path;
  }
  return annotations;
}
