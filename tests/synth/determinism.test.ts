import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitopsDrift } from '../../cli/gitops-drift';
import { synthesize } from '../../cli/synthesize';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { readTree } from '../support/run';

describe('determinism', () => {
  it('writes byte-identical trees from the same input in separate folders', async () => {
    const trees = [];
    const dirs: string[] = [];
    for (let run = 0; run < 2; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'det-'));
      dirs.push(dir);
      cpSync(ENVIRONMENTS, join(dir, 'environments'), { recursive: true });
      await synthesize({ root: dir });
      trees.push({ stacks: readTree(join(dir, 'cdktf.out')), gitops: readTree(join(dir, 'gitops')) });
    }
    expect(trees[1]!.stacks).toEqual(trees[0]!.stacks);
    expect(trees[1]!.gitops).toEqual(trees[0]!.gitops);
    const everything = [...trees[0]!.stacks.values(), ...trees[0]!.gitops.values()].join('\n');
    // No timestamps or machine paths leak into the output.
    expect(everything).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    for (const dir of [...dirs, ROOT]) expect(everything).not.toContain(dir);
  });

  it('the committed gitops/ is exactly what synth writes (npm run check:gitops)', async () => {
    expect(await gitopsDrift(ROOT)).toEqual({ missing: [], extra: [], changed: [] });
  });
});
