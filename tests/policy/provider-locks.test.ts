/**
 * Rules provider-lock and provider-lock-platforms (policy/provider-locks.ts): every provider a
 * stack requires is locked at a version its constraint allows, with checksums, and the lock holds
 * the registry's checksums for every platform. Firing and quiet cases on the fixture stacks, the
 * constraint reader against Terraform's semantics, and the committed AWS lock itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLockFile, providerAddress, requiredProviders, satisfies } from '../../policy/provider-locks';
import { parseWaivers } from '../../policy/index';
import { check, stacks, type Json } from './fixtures';
import { ROOT } from '../support/environments';

const ZH = `zh:${'0'.repeat(64)}`;
const H1 = 'h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=';

function lock(...providers: { address: string; version?: string; constraints?: string; hashes?: string[] }[]): string {
  return [
    '# This file is maintained automatically by "terraform init".',
    '# Manual edits may be lost in future updates.',
    '',
    ...providers.flatMap((p) => [
      `provider "${p.address}" {`,
      ...(p.version ? [`  version     = "${p.version}"`] : []),
      ...(p.constraints ? [`  constraints = "${p.constraints}"`] : []),
      '  hashes = [',
      ...(p.hashes ?? [H1, ZH]).map((h) => `    "${h}",`),
      '  ]',
      '}',
      '',
    ]),
  ].join('\n');
}

/** The fixture stacks, with the state stack requiring hashicorp/aws and dev-network oracle/oci. */
function withProviders(): Map<string, Json> {
  const s = stacks();
  s.get('state')!.terraform.required_providers = { aws: { source: 'aws', version: '5.100.0' } };
  s.get('dev-network')!.terraform.required_providers = { oci: { source: 'oracle/oci', version: '~> 7.32' } };
  return s;
}

const AWS = 'registry.terraform.io/hashicorp/aws';
const OCI = 'registry.terraform.io/oracle/oci';
const complete = () =>
  new Map([
    ['state', lock({ address: AWS, version: '5.100.0', constraints: '5.100.0' })],
    ['dev-network', lock({ address: OCI, version: '7.32.0', constraints: '~> 7.32' })],
  ]);
const lockFindings = (locks: Map<string, string>) => check({ stacks: withProviders(), locks }).filter((f) => f.rule.startsWith('provider-lock'));

describe('provider-lock', () => {
  it('is quiet when every required provider is locked, in range, with the registry checksums', () => {
    expect(lockFindings(complete())).toEqual([]);
    // Stacks without required_providers (the fixtures as they are) need no lock.
    expect(check({ locks: new Map() }).filter((f) => f.rule.startsWith('provider-lock'))).toEqual([]);
  });

  it('fires for a stack without a lock file, naming the committed file and the command', () => {
    const locks = complete();
    locks.delete('dev-network');
    const findings = lockFindings(locks);
    expect(findings.map((f) => [f.rule, f.resource, f.severity])).toEqual([['provider-lock', `dev-network:provider-lock:${OCI}`, 'error']]);
    expect(findings[0]!.file).toBe('cdktf.out/stacks/dev-network/.terraform.lock.hcl');
    expect(findings[0]!.message).toBe(
      'stack dev-network has no provider lock file (terraform/locks/dev-network.terraform.lock.hcl is missing), so registry.terraform.io/oracle/oci ~> 7.32 would be installed unpinned, by whatever the registry serves; run `npm run providers:lock -- dev-network` where the registry is reachable and commit terraform/locks/dev-network.terraform.lock.hcl (docs/ci.md#provider-lock-files)',
    );
    // Without any locks at all (the input's default), every required provider is reported.
    expect(check({ stacks: withProviders() }).filter((f) => f.rule === 'provider-lock').map((f) => f.resource)).toEqual([`dev-network:provider-lock:${OCI}`, `state:provider-lock:${AWS}`]);
  });

  it('fires for a provider the lock does not name (a substituted source included)', () => {
    const s = withProviders();
    s.get('state')!.terraform.required_providers = { aws: { source: 'evil-corp/aws', version: '5.100.0' } };
    const findings = check({ stacks: s, locks: complete() }).filter((f) => f.rule === 'provider-lock');
    expect(findings.map((f) => f.resource)).toEqual(['state:provider-lock:registry.terraform.io/evil-corp/aws']);
    expect(findings[0]!.message).toContain('requires registry.terraform.io/evil-corp/aws 5.100.0, which its lock file does not name');
  });

  it('fires for a stale lock: a version the constraint no longer allows', () => {
    const locks = complete();
    locks.set('state', lock({ address: AWS, version: '5.99.0', constraints: '5.99.0' }));
    locks.set('dev-network', lock({ address: OCI, version: '8.0.0', constraints: '~> 8.0' }));
    const findings = lockFindings(locks);
    expect(findings.map((f) => f.resource)).toEqual([`dev-network:provider-lock:${OCI}`, `state:provider-lock:${AWS}`]);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('requires registry.terraform.io/oracle/oci ~> 7.32, but the lock holds 8.0.0 (stale: terraform init refuses it)'),
      expect.stringContaining('requires registry.terraform.io/hashicorp/aws 5.100.0, but the lock holds 5.99.0 (stale'),
    ]);
  });

  it('fires for an entry without checksums or without a version, and for an unreadable constraint', () => {
    const locks = complete();
    locks.set('state', lock({ address: AWS, version: '5.100.0', hashes: [] }));
    locks.set('dev-network', lock({ address: OCI }));
    expect(lockFindings(locks).map((f) => f.message.replace(/;.*/, ''))).toEqual([
      `stack dev-network has a lock entry for ${OCI} without a version`,
      `stack state locks ${AWS} 5.100.0 without any checksum`,
    ]);
    const s = withProviders();
    s.get('state')!.terraform.required_providers.aws.version = 'about 5';
    expect(check({ stacks: s, locks: complete() }).filter((f) => f.rule === 'provider-lock').map((f) => f.message.replace(/;.*/, ''))).toEqual([
      `stack state requires ${AWS} about 5, a constraint this check cannot read (locked: 5.100.0)`,
    ]);
  });

  it('can be waived per stack, as policy/waivers.yaml does for the stacks not locked offline', () => {
    const locks = complete();
    locks.delete('dev-network');
    const waivers = parseWaivers('waivers:\n  - rule: provider-lock\n    resource: "dev-network:provider-lock:*"\n    reason: providers not reachable offline\n');
    const findings = check({ stacks: withProviders(), locks, waivers: waivers.waivers }).filter((f) => f.rule.startsWith('provider-lock'));
    expect(findings.map((f) => [f.rule, f.waived?.reason])).toEqual([['provider-lock', 'providers not reachable offline']]);
  });
});

describe('provider-lock-platforms', () => {
  it('warns for an entry with only h1: hashes (a filesystem mirror), quiet with the registry zh: checksums', () => {
    const locks = complete();
    locks.set('state', lock({ address: AWS, version: '5.100.0', constraints: '5.100.0', hashes: [H1] }));
    const findings = lockFindings(locks);
    expect(findings.map((f) => [f.rule, f.severity, f.resource])).toEqual([['provider-lock-platforms', 'warning', `state:provider-lock:${AWS}`]]);
    expect(findings[0]!.message).toMatch(/^stack state: the lock of registry\.terraform\.io\/hashicorp\/aws 5\.100\.0 has only h1 hashes \(one platform, from a filesystem mirror\)/);
    expect(lockFindings(complete())).toEqual([]);
  });
});

describe('the lock file reader', () => {
  it('reads the committed AWS lock of the state stack', () => {
    const text = readFileSync(join(ROOT, 'terraform', 'locks', 'state.terraform.lock.hcl'), 'utf8');
    expect([...parseLockFile(text).values()]).toEqual([{ address: AWS, version: '5.100.0', constraints: '5.100.0', hashes: [H1] }]);
  });

  it('qualifies provider sources as Terraform does', () => {
    expect(providerAddress('aws')).toBe(AWS);
    expect(providerAddress('hashicorp/random')).toBe('registry.terraform.io/hashicorp/random');
    expect(providerAddress('Oracle/OCI')).toBe(OCI);
    expect(providerAddress('example.com/acme/thing')).toBe('example.com/acme/thing');
    expect(requiredProviders({ terraform: { required_providers: { hcloud: { source: 'hetznercloud/hcloud', version: '~> 1.68' }, aws: { source: 'aws', version: '5.100.0' } } } })).toEqual([
      { name: 'aws', source: 'aws', address: AWS, constraint: '5.100.0' },
      { name: 'hcloud', source: 'hetznercloud/hcloud', address: 'registry.terraform.io/hetznercloud/hcloud', constraint: '~> 1.68' },
    ]);
  });
});

describe('version constraints', () => {
  it.each([
    ['5.100.0', '5.100.0', true],
    ['5.100.1', '5.100.0', false],
    ['5.100.0', '= 5.100.0', true],
    ['1.68.0', '~> 1.68', true],
    ['1.99.3', '~> 1.68', true],
    ['2.0.0', '~> 1.68', false],
    ['1.67.9', '~> 1.68', false],
    ['1.68.9', '~> 1.68.0', true],
    ['1.69.0', '~> 1.68.0', false],
    ['1.9.0', '~> 1', true],
    ['2.0.0', '~> 1', false],
    ['1.5.0', '>= 1.0, < 2.0', true],
    ['2.0.0', '>= 1.0, < 2.0', false],
    ['1.3.0', '!= 1.3.0', false],
    ['1.3.1', '> 1.3.0, <= 1.3.1', true],
    ['1.0.0-beta1', '>= 0.9', false],
    ['1.0.0-beta1', '1.0.0-beta1', true],
  ])('%s against %s: %s', (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });

  it('cannot read a constraint or version that is not Terraform syntax', () => {
    expect(satisfies('5.100.0', 'latest')).toBeUndefined();
    expect(satisfies('five', '5.100.0')).toBeUndefined();
  });
});
