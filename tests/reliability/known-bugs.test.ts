/**
 * Regression pins for inputs that crash synth (exit 2, stack trace) instead of failing validation
 * (exit 1). Each `it.fails` passes today because loadPlatform accepts the input; once config/ rejects
 * it with a ConfigError naming the field, the test body passes, `it.fails` turns red, and the entry
 * should become a plain `it` (and leave KNOWN_BUGS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { buildGitops } from '../../charts/index';
import { buildStacks } from '../../stacks/index';
import { copyEnvironments, edit } from '../support/environments';
import { KNOWN_BUGS } from './known-bugs';

describe('known bugs: inputs config/ accepts but synth cannot build', () => {
  it('each input really crashes the build today with the construct error it is known by', async () => {
    for (const bug of KNOWN_BUGS) {
      const dir = copyEnvironments();
      edit(dir, bug.file, [[bug.path, bug.value]]);
      let platform;
      try {
        platform = loadPlatform(dir, { relativeTo: dirname(dir) });
      } catch (error) {
        // Fixed in config/: the it.fails test below will say so.
        expect(error, bug.id).toBeInstanceOf(ConfigError);
        continue;
      }
      const out = mkdtempSync(join(dirname(dir), 'out-'));
      const build = async () => {
        const app = new App({ outdir: out, stackTraces: false });
        await buildStacks(app, platform, { includeState: true });
        app.synth();
        await buildGitops(platform);
      };
      await expect(build(), bug.id).rejects.toThrow(bug.error);
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);

  for (const bug of KNOWN_BUGS) {
    it.fails(`${bug.id}: loadPlatform rejects it naming ${bug.field} (fails today; ${bug.fix})`, () => {
      const dir = copyEnvironments();
      edit(dir, bug.file, [[bug.path, bug.value]]);
      let thrown: unknown;
      try {
        loadPlatform(dir, { relativeTo: dirname(dir) });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems.map((p) => p.path).join('\n')).toContain(bug.field);
    });
  }
});
