/** A release number as three integers; pre-release and build suffixes are ignored. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The first `x.y.z` (optionally `v`-prefixed) in a tool's output, e.g. "Terraform v1.11.4". */
export function findVersion(text: string): Version | undefined {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Parses an exact `x.y.z` or `vx.y.z`; throws on anything else (used for our own constants). */
export function parseVersion(text: string): Version {
  const version = /^v?\d+\.\d+\.\d+/.test(text) ? findVersion(text) : undefined;
  if (!version) throw new Error(`not a version: ${JSON.stringify(text)}`);
  return version;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** The lowest version package.json `engines.node` allows (">=20" -> 20.0.0); undefined if not a plain lower bound. */
export function minimumFromEngines(range: string | undefined): Version | undefined {
  const match = range && /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}
