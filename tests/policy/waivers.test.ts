import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFailure, parseWaivers, RULES, summarize } from '../../policy/index';
import { ROOT } from '../support/environments';
import { check, stacks } from './fixtures';

function openSsh() {
  const s = stacks();
  s.get('staging-cluster')!.resource.hcloud_firewall.workers.rule.push({ direction: 'in', protocol: 'tcp', port: '22', source_ips: ['0.0.0.0/0'] });
  return s;
}

describe('waivers', () => {
  it('reports a waived finding as waived, with its reason, and not as a failure', () => {
    const reason = 'bastion host until the VPN lands (ticket 42)';
    const findings = check({ stacks: openSsh(), waivers: [{ rule: 'net-world-open-port', resource: 'staging-cluster:hcloud_firewall.workers', reason }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'net-world-open-port', severity: 'error', waived: { reason } });
    expect(findings.some(isFailure)).toBe(false);
    expect(summarize(findings).find((r) => r.rule === 'net-world-open-port')).toEqual({ rule: 'net-world-open-port', severity: 'error', count: 0, waived: 1 });
  });

  it('matches resources with * and only for the named rule', () => {
    const glob = check({ stacks: openSsh(), waivers: [{ rule: 'net-world-open-port', resource: 'staging-*:hcloud_firewall.*', reason: 'r' }] });
    expect(glob.every((f) => f.waived)).toBe(true);
    const otherRule = check({ stacks: openSsh(), waivers: [{ rule: 'net-kubelet-private', resource: 'staging-cluster:hcloud_firewall.workers', reason: 'r' }] });
    expect(otherRule.filter(isFailure).map((f) => f.rule)).toEqual(['net-world-open-port']);
    expect(otherRule.map((f) => f.rule)).toContain('waiver-unused');
  });

  it('reports a waiver that matches nothing as waiver-unused (a warning)', () => {
    const findings = check({ waivers: [{ rule: 'image-unpinned', resource: 'gitops/nowhere.yaml:*', reason: 'old' }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'waiver-unused', severity: 'warning' });
    expect(findings[0]!.message).toContain('the waiver for rule image-unpinned on gitops/nowhere.yaml:* matches no finding');
  });

  it('rejects unknown rules, empty reasons, missing resources, unknown keys and policy rules', () => {
    const parsed = parseWaivers(
      [
        'waivers:',
        '  - rule: no-such-rule',
        '    resource: x',
        '    reason: because',
        '  - rule: image-unpinned',
        '    resource: x',
        '    reason: "   "',
        '  - rule: image-unpinned',
        '    reason: r',
        '  - rule: image-unpinned',
        '    resource: x',
        '    reason: r',
        '    until: 2026-12-31',
        '  - rule: waiver-unused',
        '    resource: x',
        '    reason: r',
        'externalSecrets:',
        '  - name: sops-age',
        '    reason: ""',
        'extra: 1',
      ].join('\n'),
    );
    expect(parsed.waivers).toEqual([]);
    expect(parsed.externalSecrets).toEqual([]);
    const messages = parsed.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^20: .*unknown key "extra"/),
      expect.stringMatching(/^2: .*waivers\[0\]\.rule "no-such-rule" is not a rule id; known: state-bucket-missing/),
      expect.stringMatching(/^7: .*waivers\[1\]\.reason is empty/),
      expect.stringMatching(/^8: .*waivers\[2\]\.resource must name the resource/),
      expect.stringMatching(/^13: .*waivers\[3\]: unknown key "until"/),
      expect.stringMatching(/^14: .*waivers\[4\]\.rule waiver-unused checks the policy setup itself and cannot be waived/),
      expect.stringMatching(/^19: .*externalSecrets\[0\]\.reason is empty/),
    ]);
    expect(parsed.problems.every((p) => p.rule === 'waiver-invalid' && p.file === 'policy/waivers.yaml')).toBe(true);
  });

  it('parses valid entries, defaulting externalSecrets namespace and cluster to *', () => {
    const parsed = parseWaivers('waivers:\n  - {rule: image-unpinned, resource: "gitops/a.yaml:Deployment/x/y", reason: "vendor image has no tags"}\nexternalSecrets:\n  - {name: sops-age, reason: bootstrap}\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.waivers).toEqual([{ rule: 'image-unpinned', resource: 'gitops/a.yaml:Deployment/x/y', reason: 'vendor image has no tags' }]);
    expect(parsed.externalSecrets).toEqual([{ name: 'sops-age', namespace: '*', cluster: '*', reason: 'bootstrap' }]);
    expect(parseWaivers('').problems).toEqual([]);
    expect(parseWaivers('[').problems[0]!.message).toMatch(/is not valid YAML/);
  });

  it('the repository policy/waivers.yaml is valid and every entry has a reason', () => {
    const parsed = parseWaivers(readFileSync(join(ROOT, 'policy', 'waivers.yaml'), 'utf8'));
    expect(parsed.problems).toEqual([]);
    for (const w of [...parsed.waivers, ...parsed.externalSecrets]) expect(w.reason.length).toBeGreaterThan(20);
    for (const w of parsed.waivers) expect(Object.keys(RULES)).toContain(w.rule);
  });
});
