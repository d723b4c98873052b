/** Small helpers for Kubernetes API names and object paths, shared by the schema validator and the gitops tree checks. */

/** Group of kustomize's own config files (`kustomization.yaml`, components): not cluster objects. */
export const KUSTOMIZE_CONFIG_GROUP = 'kustomize.config.k8s.io';

/** Splits `apiVersion` into group (empty for the core group) and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Renders path segments jq-style: `.spec.containers[0].image`, `.metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '.';
  return segments.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
}

/** The segments of a path {@link formatPath} rendered (`.spec.ports[0]["a.b"]` -> `['spec', 'ports', 0, 'a.b']`); `.` -> `[]`. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  for (let m = token.exec(path); m; m = token.exec(path)) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  return out;
}
