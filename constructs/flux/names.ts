/** A HelmRelease or Flux Kustomization by name and namespace, as `dependsOn` lists them. */
export interface ObjectRef {
  /** metadata.name of the object. */
  readonly name: string;
  /** metadata.namespace of the object. */
  readonly namespace: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Throws unless `value` is a DNS label (Kubernetes object and namespace names used here). */
export function assertDnsLabel(what: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw new Error(`${what} must be a DNS label (lower-case letters, digits and "-"), got ${JSON.stringify(value)}`);
  }
}

/** Throws unless `value` is an exact version (1.2.3, v1.2.3, 1.2.3-rc.1), never a range or tag like latest. */
export function assertExactVersion(what: string, value: string): void {
  if (!EXACT_VERSION.test(value)) {
    throw new Error(`${what} must be an exact chart version such as 1.2.3 or v1.2.3, got ${JSON.stringify(value)}; pin it in environments/defaults.yaml`);
  }
}

/** Throws unless `value` is a Flux duration such as 30s, 5m or 1h. */
export function assertDuration(what: string, value: string): void {
  if (!/^(\d+(ms|s|m|h))+$/.test(value)) {
    throw new Error(`${what} must be a duration such as 30s, 5m or 1h, got ${JSON.stringify(value)}`);
  }
}
