import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks as main } from '../../checks/run';
import { fluxKustomization, gitRepository, kustomization, namespace, plaintextSecret, removeTrees, writeTree } from './fixtures';

const dirs: string[] = [];
afterAll(() => removeTrees(dirs));

function tree(extra: Record<string, object> = {}): string {
  const dir = writeTree({
    'clusters/dev/kustomization.yaml': kustomization(['sync.yaml']),
    'clusters/dev/sync.yaml': [gitRepository(), fluxKustomization('flux-system', './gitops/clusters/dev')],
    'clusters/dev/namespace.yaml': namespace('dev'),
    ...extra,
  });
  dirs.push(dir);
  return dir;
}

/** Runs the CLI in-process, collecting output. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, (t) => (out += t), (t) => (err += t));
  return { code, out, err };
}

describe('checks/run.ts', () => {
  it('prints the summary table and exits 0 on a clean tree', async () => {
    const { code, out } = await run([tree(), '--skip-schemas']);
    expect(code).toBe(0);
    expect(out).toMatch(/1\/1 Flux Kustomization paths built, schema validation SKIPPED/);
    expect(out).toMatch(/^rule +count$/m);
    expect(out).toMatch(/^plaintext-secret +0$/m);
    expect(out).toMatch(/^total +0$/m);
    expect(out).not.toContain('problems:');
  });

  it('lists problems with file:line, rule and object, and exits 1', async () => {
    const dir = tree({ 'clusters/dev/db.yaml': plaintextSecret() });
    const { code, out } = await run([dir, '--skip-schemas']);
    expect(code).toBe(1);
    expect(out).toMatch(/^plaintext-secret +1$/m);
    expect(out).toMatch(/^secret-file-name +1$/m);
    expect(out).toMatch(/^total +2$/m);
    expect(out).toContain(`${join('clusters', 'dev', 'db.yaml')}:1  [plaintext-secret]  v1 Secret apps/db`);
  });

  it('emits the report as JSON with --json', async () => {
    const { code, out } = await run([tree(), '--skip-schemas', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ files: 3, objects: 3, problems: [], kustomizePaths: [{ dir: 'clusters/dev', built: true }] });
  });

  it('exits 2 on usage errors, a missing tree and a missing schema folder', async () => {
    expect((await run(['--bogus'])).code).toBe(2);
    expect(await run(['/nonexistent/gitops'])).toMatchObject({ code: 2, err: expect.stringContaining('does not exist') });
    expect(await run([tree(), '--schemas', '/nonexistent/schemas'])).toMatchObject({ code: 2, err: expect.stringContaining('--skip-schemas') });
  });

  it('sets the process exit code when run with tsx', async () => {
    const dir = tree({ 'clusters/dev/db.yaml': plaintextSecret() });
    const result = await promisify(execFile)('npx', ['tsx', 'checks/run.ts', dir, '--skip-schemas'], { cwd: join(import.meta.dirname, '..', '..') }).then(
      () => ({ code: 0 }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toMatchObject({ code: 1, stdout: expect.stringContaining('[plaintext-secret]') });
  });
});
