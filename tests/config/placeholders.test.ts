import { mkdtempSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlatform } from '../../config/load';
import { findPlaceholders, placeholderRule, PLACEHOLDER_RULES, scanFile } from '../../config/placeholders';
import { copyEnvironments, edit, ENVIRONMENTS } from '../support/environments';
import { replacePlaceholders } from '../support/placeholders';

describe('placeholder rules', () => {
  it.each([
    [['vps', 'sshKeys', 'admin'], 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithYourOwnPublicKey000000 a@b', 'placeholder-marker'],
    [['identity', 'dexConnectors', 'github', 'clientId'], 'replace-with-the-oauth-app-client-id', 'placeholder-marker'],
    [['x'], 'REPLACE_WITH_YOURS', 'placeholder-marker'],
    [['oci', 'tenancyOcid'], 'ocid1.tenancy.oc1..aaaaaaaaexampletenancy', 'placeholder-ocid'],
    [['oci', 'compartmentOcid'], 'ocid1.compartment.oc1..aaaaaaaaexamplecompartment', 'placeholder-ocid'],
    [['state', 'bucket'], 'cheapk8s-terraform-state-example', 'placeholder-state-bucket'],
    [['sops', 'ageRecipients', 0], `age1${'q'.repeat(58)}`, 'placeholder-age-recipient'],
    [['dns', 'zone'], 'example.com', 'placeholder-zone'],
    [['dns', 'zone'], 'dev.example.org', 'placeholder-zone'],
    [['dns', 'zone'], 'cluster.test', 'placeholder-zone'],
    [['gitops', 'url'], 'https://github.com/example/platform.git', 'placeholder-repository'],
  ] as const)('%j = %s is %s', (path, value, rule) => {
    expect(placeholderRule(path, value)).toBe(rule);
  });

  it.each([
    [['oci', 'tenancyOcid'], 'ocid1.tenancy.oc1..aaaaaaaa5x7kq2'],
    [['state', 'bucket'], 'acme-terraform-state'],
    [['backups', 'bucket'], 'examples-of-backups'],
    [['sops', 'ageRecipients', 0], `age1${'q'.repeat(57)}x`],
    [['dns', 'zone'], 'example.dev'],
    [['dns', 'zone'], 'myexample.com'],
    [['gitops', 'url'], 'https://github.com/examples-org/platform.git'],
    [['description'], 'Replaces the old cluster'],
  ] as const)('%j = %s is not a placeholder', (path, value) => {
    expect(placeholderRule(path, value)).toBeUndefined();
  });

  it('give every rule a fix', () => {
    for (const message of Object.values(PLACEHOLDER_RULES)) expect(message).toMatch(/: (use|choose|run|put|point)/);
  });

  it('scan a file with its paths and lines, inside maps and lists', () => {
    const text = ['state:', '  bucket: cheapk8s-terraform-state-example', 'cluster:', '  sops:', '    ageRecipients:', `      - age1${'q'.repeat(58)}`, '  dns: { zone: example.com }', ''].join('\n');
    expect(scanFile(text, 'f.yaml').map(({ line, path, rule }) => ({ line, path, rule }))).toEqual([
      { line: 2, path: ['state', 'bucket'], rule: 'placeholder-state-bucket' },
      { line: 6, path: ['cluster', 'sops', 'ageRecipients', 0], rule: 'placeholder-age-recipient' },
      { line: 7, path: ['cluster', 'dns', 'zone'], rule: 'placeholder-zone' },
    ]);
  });
});

describe('findPlaceholders', () => {
  const load = (dir: string) => loadPlatform(dir, { relativeTo: dirname(dir) });

  it('reports each with file, line, the cluster\'s field path, value, rule and fix', () => {
    const dir = copyEnvironments();
    const platform = load(dir);
    const all = findPlaceholders(dir, { clusters: platform.clusters, state: true }, { relativeTo: dirname(dir) });
    for (const p of all) {
      expect(p.file).toMatch(/^environments\/[a-z-]+\.yaml$/);
      expect(p.line).toBeGreaterThan(0);
      expect(p.message).toBe(PLACEHOLDER_RULES[p.rule as keyof typeof PLACEHOLDER_RULES]);
      expect(placeholderRule(p.path.split('.'), String(p.value))).toBe(p.rule);
    }
    expect(findPlaceholders(dir, { clusters: [], state: true }, { relativeTo: dirname(dir) }).every((p) => p.path.startsWith('state.') || p.path.startsWith('project.'))).toBe(true);
    expect(findPlaceholders(dir, { clusters: [], state: false }, { relativeTo: dirname(dir) })).toEqual([]);
  });

  it('counts a layer\'s value only for the clusters that still use it, and reports it at the line that sets it', () => {
    const dir = copyEnvironments();
    edit(dir, 'defaults.yaml', [[['cluster', 'dns', 'zone'], 'example.com']]);
    const platform = load(dir);
    const [cluster] = platform.clusters;
    const envFile = `${cluster!.environment}.yaml`;
    edit(dir, envFile, [[['clusters', cluster!.name, 'dns', 'zone'], 'acme.dev']]);
    const after = findPlaceholders(dir, { clusters: load(dir).clusters.filter((c) => c.name === cluster!.name), state: false }, { relativeTo: dirname(dir) });
    expect(after.filter((p) => p.path.endsWith('.dns.zone'))).toEqual([]);

    edit(dir, envFile, [[['clusters', cluster!.name, 'dns', 'zone'], 'dev.example.net']]);
    const zone = findPlaceholders(dir, { clusters: load(dir).clusters.filter((c) => c.name === cluster!.name), state: false }, { relativeTo: dirname(dir) }).filter((p) => p.path.endsWith('.dns.zone'));
    expect(zone).toHaveLength(1);
    expect(zone[0]).toMatchObject({ file: `environments/${envFile}`, path: `clusters.${cluster!.name}.dns.zone`, value: 'dev.example.net', rule: 'placeholder-zone' });
  });

  it('reports none once each reported value is replaced, and the environments still load', () => {
    const root = mkdtempSync(join(tmpdir(), 'placeholders-'));
    mkdirSync(join(root, 'environments'));
    cpSync(ENVIRONMENTS, join(root, 'environments'), { recursive: true });
    replacePlaceholders(root);
    const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
    expect(findPlaceholders(join(root, 'environments'), { clusters: platform.clusters, state: true }, { relativeTo: root })).toEqual([]);
  });
});
