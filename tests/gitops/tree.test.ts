/**
 * The committed gitops/ tree (whatever the generator has written when the tests run) passes every
 * gitops tree rule of the policy layer, as `npm run check:manifests` runs them: kustomize builds,
 * secrets, API versions, chart pins, and strict schemas (Kubernetes 1.34, the CRDs of the charts the
 * tree pins from the chart cache, Flux's), with the tree rules' waivers of policy/waivers.yaml.
 * A chart missing from the cache is a tree-chart-missing finding: the test fails, it does not skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWaivers } from '../../policy/index';
import { checkManifests, type ManifestCheck } from '../../policy/manifests';
import { formatFinding } from '../../policy/report';
import { chartCacheDir } from '../../render/chart-cache';

const ROOT = join(import.meta.dirname, '..', '..');
const GITOPS_DIR = join(ROOT, 'gitops');

describe.skipIf(!existsSync(GITOPS_DIR))('committed gitops/ tree', () => {
  let result: ManifestCheck;

  beforeAll(async () => {
    const waivers = parseWaivers(readFileSync(join(ROOT, 'policy', 'waivers.yaml'), 'utf8'), 'policy/waivers.yaml');
    result = await checkManifests(GITOPS_DIR, { chartCache: chartCacheDir(), waivers: waivers.waivers, waiversFile: 'policy/waivers.yaml' });
    const { report } = result;
    console.info(
      `gitops check: ${report.files} files, ${report.objects} objects, ${report.kustomizePaths.length} Flux Kustomization paths, ${result.charts} pinned charts, ` +
        `${result.findings.length} findings, ${report.durationMs} ms`,
    );
  }, 120_000);

  it('has no finding of the tree rules that is not waived (schemas included)', () => {
    expect(result.report.schemaValidation).toBe(true);
    expect(result.findings.filter((f) => !f.waived).map(formatFinding)).toEqual([]);
  });

  it('builds every folder a Flux Kustomization points at', () => {
    expect(result.report.kustomizePaths.length).toBeGreaterThan(0);
    expect(result.report.kustomizePaths.filter((p) => !p.built).map((p) => `${p.specPath} (${p.referencedBy.join(', ')})`)).toEqual([]);
  });
});
