import { execFile } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks as main } from '../../cli/check-manifests';
import { deployment, fluxKustomization, gitRepository, kustomization, namespace, plaintextSecret, removeTrees, writeTree } from '../support/gitops-tree-fixtures';

const dirs: string[] = [];
afterAll(() => removeTrees(dirs));

function tree(extra: Record<string, object> = {}): string {
  const dir = writeTree({
    'clusters/dev/kustomization.yaml': kustomization(['sync.yaml', 'namespace.yaml', ...Object.keys(extra).map((f) => f.split('/').pop()!)]),
    'clusters/dev/sync.yaml': [gitRepository(), fluxKustomization('flux-system', './gitops/clusters/dev')],
    'clusters/dev/namespace.yaml': namespace('dev'),
    ...extra,
  });
  dirs.push(dir);
  return dir;
}

/** Runs the command in-process, collecting output. */
async function run(args: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, (t) => (out += t), (t) => (err += t), cwd);
  return { code, out, err };
}

/** Every finding line of a report: `  [rule] severity: message` followed by `      resource: ...`. */
function findingLines(out: string): string[] {
  return out.split('\n').filter((l) => /^ {2}\[/.test(l));
}

describe('npm run check:manifests (cli/check-manifests.ts)', () => {
  it('prints the policy summary table of the tree rules and exits 0 on a clean tree', async () => {
    const { code, out } = await run([tree(), '--waivers', '/nonexistent/waivers.yaml']);
    expect(code).toBe(0);
    expect(out).toMatch(/1\/1 Flux Kustomization paths built/);
    expect(out).toMatch(/^rule +severity +count +waived$/m);
    expect(out).toMatch(/^tree-schema +error +0 +0$/m);
    expect(out).toMatch(/^tree-plaintext-secret +error +0 +0$/m);
    expect(out).not.toMatch(/^state-backend/m);
    expect(out).toMatch(/^passed: 0 error\(s\), 0 warning\(s\), 0 waived/m);
  });

  it('reports problems as policy findings (rule, severity, file:line, object, message; resource) and exits 1', async () => {
    const dir = tree({ 'clusters/dev/db.yaml': plaintextSecret(), 'clusters/dev/web.yaml': deployment({ replicas: 'two' }) });
    // Run beside the tree: messages show it as the relative path given, resources always as gitops/.
    const { code, out } = await run([basename(dir), '--waivers', '/nonexistent/waivers.yaml'], dirname(dir));
    expect(code).toBe(1);
    expect(out).toMatch(/^tree-plaintext-secret +error +1 +0$/m);
    expect(out).toMatch(/^tree-secret-file-name +error +1 +0$/m);
    expect(out).toMatch(/^tree-schema +error +1 +0$/m);
    const lines = findingLines(out);
    expect(lines.length).toBe(3);
    for (const line of lines) expect(line).toMatch(/^ {2}\[tree-[a-z-]+\] error: \S+\.yaml(:\d+)?: \S+ \S+ \S+: .+$/);
    expect(out).toContain(`  [tree-schema] error: ${basename(dir)}/clusters/dev/web.yaml:9: apps/v1 Deployment apps/web: .spec.replicas: must be integer, got "two"\n      resource: gitops/clusters/dev/web.yaml:Deployment/apps/web`);
    expect(out).toMatch(/^FAILED: 3 error\(s\)/m);
  }, 30_000);

  it('emits the findings as JSON with --json', async () => {
    const { code, out } = await run([tree({ 'clusters/dev/db.yaml': plaintextSecret() }), '--json', '--waivers', '/nonexistent/waivers.yaml']);
    expect(code).toBe(1);
    const json = JSON.parse(out) as { ok: boolean; findings: { rule: string; severity: string; resource: string }[] };
    expect(json.ok).toBe(false);
    expect(json.findings.map((f) => f.rule).sort()).toEqual(['tree-plaintext-secret', 'tree-secret-file-name']);
  });

  it('exits 1 on usage errors and 2 when there is no tree to check', async () => {
    expect((await run(['--bogus'])).code).toBe(1);
    expect((await run(['a', 'b'])).code).toBe(1);
    expect(await run(['/nonexistent/gitops'])).toMatchObject({ code: 2, err: expect.stringContaining('does not exist') });
  });

  it('sets the process exit code when run with tsx', async () => {
    const dir = tree({ 'clusters/dev/db.yaml': plaintextSecret() });
    const result = await promisify(execFile)('npx', ['tsx', 'cli/check-manifests.ts', dir, '--waivers', '/nonexistent/waivers.yaml'], { cwd: join(import.meta.dirname, '..', '..') }).then(
      () => ({ code: 0 }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toMatchObject({ code: 1, stdout: expect.stringContaining('[tree-plaintext-secret] error: ') });
  }, 30_000);
});
