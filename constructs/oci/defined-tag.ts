/**
 * An OCI defined tag: `<namespace>.<key> = <value>`. Unlike free-form tags, defined tags can be
 * named in IAM: a dynamic-group matching rule selects instances by `tag.<namespace>.<key>.value`.
 * The namespace and its key must exist in the tenancy before a resource can carry the tag.
 */
export interface OciDefinedTag {
  /** Tag namespace (no spaces or periods). */
  readonly namespace: string;
  /** Tag key in that namespace (no spaces or periods). */
  readonly key: string;
  /** The value. */
  readonly value: string;
}

/** Namespace and key names: the matching-rule syntax separates them with periods. */
const TAG_NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** Values written into a quoted matching-rule string: no quotes or braces. */
const TAG_VALUE = /^[A-Za-z0-9._:@/-]{1,256}$/;

/** Throws unless the tag can be applied and named in a matching rule. */
export function assertDefinedTag(tag: OciDefinedTag, what: string): void {
  if (!TAG_NAME.test(tag.namespace)) throw new Error(`${what}: tag namespace must be 1-100 letters, digits, "_" or "-", got "${tag.namespace}"`);
  if (!TAG_NAME.test(tag.key)) throw new Error(`${what}: tag key must be 1-100 letters, digits, "_" or "-", got "${tag.key}"`);
  if (!TAG_VALUE.test(tag.value)) throw new Error(`${what}: tag value must be 1-256 letters, digits or ._:@/-, got "${tag.value}"`);
}

/** The `defined_tags` map entry of the tag: `{ "<namespace>.<key>": "<value>" }`. */
export function definedTags(tag: OciDefinedTag): Record<string, string> {
  return { [`${tag.namespace}.${tag.key}`]: tag.value };
}

/** The matching-rule condition that selects resources carrying the tag. */
export function tagCondition(tag: OciDefinedTag): string {
  return `tag.${tag.namespace}.${tag.key}.value = '${tag.value}'`;
}
