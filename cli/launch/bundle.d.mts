/** True when the bundle record's inputs all still have the size and mtime they were built from. */
export function isFresh(root: string, recordPath: string): boolean;
/** Path of an up-to-date CommonJS bundle of `entry` (relative to `root`), built when stale. */
export function bundleFor(root: string, entry: string): Promise<string>;
/** The exports of `entry` (relative to `root`), loaded from its bundle. */
export function loadBundled(root: string, entry: string): Promise<Record<string, unknown>>;
/** Removes the bundles built for `root`. */
export function removeBundles(root: string): void;
/** Packages compiled into the bundles (with their dependencies); every other package stays external. */
export const INLINED_PACKAGES: readonly string[];
