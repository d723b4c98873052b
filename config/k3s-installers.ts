import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The data file, relative to the repository root (messages name it). */
export const K3S_INSTALLERS_FILE = 'config/k3s-installers.yaml';

/** The k3s install script a release is installed with, checked before it runs. */
export interface K3sInstallScript {
  /** https://raw.githubusercontent.com/k3s-io/k3s/<ref>/install.sh */
  readonly url: string;
  /** sha256 of the script, 64 lower-case hex digits. */
  readonly sha256: string;
}

const RELEASE = /^v\d+\.\d+\.\d+\+k3s\d+$/;
const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** URL of install.sh at a tag or commit of k3s-io/k3s (`+` in a tag is escaped). */
export function installScriptUrl(ref: string): string {
  return `https://raw.githubusercontent.com/k3s-io/k3s/${encodeURIComponent(ref)}/install.sh`;
}

/**
 * Parses the text of config/k3s-installers.yaml: `releases: { <k3s release>: { ref, sha256 } }`.
 * Throws on anything else, so a typo in the file fails every synth instead of booting nodes with a
 * checksum that can never match.
 */
export function parseK3sInstallers(text: string): ReadonlyMap<string, K3sInstallScript> {
  const fail = (message: string): never => {
    throw new Error(`${K3S_INSTALLERS_FILE}: ${message}`);
  };
  const doc = parse(text) as unknown;
  const releases = (doc as { releases?: unknown } | null)?.releases;
  if (typeof releases !== 'object' || releases === null || Array.isArray(releases)) fail('needs a releases: map of k3s release -> { ref, sha256 }');
  const out = new Map<string, K3sInstallScript>();
  for (const [release, entry] of Object.entries(releases as Record<string, unknown>)) {
    if (!RELEASE.test(release)) fail(`${release} is not an exact k3s release such as v1.34.1+k3s1`);
    const { ref, sha256, ...rest } = (entry ?? {}) as Record<string, unknown>;
    if (Object.keys(rest).length > 0) fail(`${release}: unknown keys ${Object.keys(rest).join(', ')} (only ref and sha256)`);
    if (typeof ref !== 'string' || !(RELEASE.test(ref) || COMMIT.test(ref))) fail(`${release}: ref must be a k3s release tag or a full 40-digit commit of k3s-io/k3s`);
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) fail(`${release}: sha256 must be 64 lower-case hex digits`);
    out.set(release, { url: installScriptUrl(ref as string), sha256: sha256 as string });
  }
  return out;
}

let loaded: ReadonlyMap<string, K3sInstallScript> | undefined;

/** Every recorded release (read once per process). */
export function k3sInstallers(): ReadonlyMap<string, K3sInstallScript> {
  loaded ??= parseK3sInstallers(readFileSync(fileURLToPath(new URL('./k3s-installers.yaml', import.meta.url)), 'utf8'));
  return loaded;
}

/** The recorded install script of `release`, or undefined when config/k3s-installers.yaml has none. */
export function k3sInstaller(release: string): K3sInstallScript | undefined {
  return k3sInstallers().get(release);
}
