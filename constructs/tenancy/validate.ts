/**
 * Input checks shared by the tenancy and app constructs. Each throws an Error whose message names
 * the construct, the prop and the offending value, so a bad environments/*.yaml entry is easy to
 * trace back.
 */

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Throws `<owner>: <prop> <reason>, got <value>`. */
export function fail(owner: string, prop: string, value: unknown, reason: string): never {
  throw new Error(`${owner}: ${prop} ${reason}, got ${JSON.stringify(value)}`);
}

/** A Kubernetes/DNS label: lower-case letters, digits and '-', starting with a letter. */
export function checkDnsLabel(owner: string, prop: string, value: string, maxLength = 63): string {
  if (typeof value !== 'string' || value.length > maxLength || !DNS_LABEL.test(value)) {
    fail(
      owner,
      prop,
      value,
      `must be a DNS label of at most ${maxLength} characters (lower-case letters, digits and "-", starting with a letter)`,
    );
  }
  return value;
}

/** A lower-case DNS name such as `example.com`. */
export function checkDnsName(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !DNS_NAME.test(value)) {
    fail(owner, prop, value, 'must be a lower-case DNS name such as example.com');
  }
  return value;
}

/** An integer in [min, max]. */
export function checkInt(owner: string, prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(owner, prop, value, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
