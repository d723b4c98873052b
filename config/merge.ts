/**
 * Layer merge used for defaults -> environment -> cluster (and size template -> node pools):
 * - maps (plain objects) merge key by key, recursively, the later layer winning per key;
 * - lists and scalars are replaced whole by the later layer (no concatenation), so a cluster
 *   can shrink a list it inherited;
 * - a key that is absent (or undefined) in a later layer leaves the earlier value alone.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergeLayers<T>(...layers: readonly unknown[]): T {
  let result: unknown = undefined;
  for (const layer of layers) result = mergeTwo(result, layer);
  return result as T;
}

function mergeTwo(base: unknown, override: unknown): unknown {
  if (override === undefined) return clone(base);
  if (isPlainObject(base) && isPlainObject(override)) {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(base)) result[key] = clone(base[key]);
    for (const [key, value] of Object.entries(override)) result[key] = mergeTwo(base[key], value);
    return result;
  }
  return clone(override);
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) result[key] = clone(inner);
    return result;
  }
  return value;
}
