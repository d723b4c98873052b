import { describe, expect, it } from 'vitest';
import { DEFAULT_K3S_VERSION } from '../../cli/new/cluster-entry';
import { loadPlatform } from '../../config/load';
import { installScriptUrl, k3sInstaller, k3sInstallers, K3S_INSTALLERS_FILE, parseK3sInstallers } from '../../config/k3s-installers';
import { ENVIRONMENTS } from '../support/environments';

const SHA = '68ae766b4c4fd2c8032f712cdd346c8f9d1ae60eaeb4736a1155effda44ea23d';
const COMMIT = '019b0afdd830e36f5e4b7a5b237e6a4339e6a6be';

describe('config/k3s-installers.yaml', () => {
  it('records an install script for the k3s release of every shipped VPS cluster', () => {
    const versions = new Set(loadPlatform(ENVIRONMENTS).clusters.flatMap((c) => (c.vps ? [c.vps.k3sVersion] : [])));
    expect(versions.size).toBeGreaterThan(0);
    for (const version of versions) expect(k3sInstaller(version), version).toBeDefined();
    // ... and for the release `npm run new` scaffolds.
    expect(k3sInstaller(DEFAULT_K3S_VERSION), DEFAULT_K3S_VERSION).toBeDefined();
  });

  it('pins v1.34.1+k3s1 to install.sh at k3s-io/k3s commit 019b0afd and its sha256', () => {
    expect(k3sInstaller('v1.34.1+k3s1')).toEqual({ url: `https://raw.githubusercontent.com/k3s-io/k3s/${COMMIT}/install.sh`, sha256: SHA });
    expect(k3sInstaller('v1.34.99+k3s1')).toBeUndefined();
    for (const script of k3sInstallers().values()) expect(script.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/k3s-io\/k3s\/[^/]+\/install\.sh$/);
  });

  it('escapes the + of a release tag in the URL', () => {
    expect(installScriptUrl('v1.34.2+k3s1')).toBe('https://raw.githubusercontent.com/k3s-io/k3s/v1.34.2%2Bk3s1/install.sh');
    expect(parseK3sInstallers(`releases:\n  v1.34.2+k3s1:\n    ref: v1.34.2+k3s1\n    sha256: ${SHA}\n`).get('v1.34.2+k3s1')!.url).toBe(installScriptUrl('v1.34.2+k3s1'));
  });

  it.each([
    ['no releases map', 'other: 1\n', /needs a releases: map/],
    ['a moving release', `releases:\n  latest:\n    ref: ${COMMIT}\n    sha256: ${SHA}\n`, /latest is not an exact k3s release/],
    ['a branch as ref', `releases:\n  v1.34.1+k3s1:\n    ref: master\n    sha256: ${SHA}\n`, /ref must be a k3s release tag or a full 40-digit commit/],
    ['a short commit', `releases:\n  v1.34.1+k3s1:\n    ref: 019b0afd\n    sha256: ${SHA}\n`, /ref must be/],
    ['a malformed sha256', `releases:\n  v1.34.1+k3s1:\n    ref: ${COMMIT}\n    sha256: ${SHA.toUpperCase()}\n`, /sha256 must be 64 lower-case hex digits/],
    ['no sha256', `releases:\n  v1.34.1+k3s1:\n    ref: ${COMMIT}\n`, /sha256 must be/],
    ['an unknown key', `releases:\n  v1.34.1+k3s1:\n    ref: ${COMMIT}\n    sha256: ${SHA}\n    url: https://get.k3s.io\n`, /unknown keys url/],
  ])('refuses %s, naming the file', (_, text, message) => {
    expect(() => parseK3sInstallers(text)).toThrow(message);
    expect(() => parseK3sInstallers(text)).toThrow(K3S_INSTALLERS_FILE);
  });
});
