/**
 * The committed gitops/ tree (whatever the generator has written when the tests run) passes every check
 * of checks/gitops-tree.ts. Schema validation needs ../shared/schemas; without it that part is skipped
 * (visibly) while the kustomize builds and the secret, API-version and chart-pinning checks still run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGitopsTree, type Problem, type TreeReport } from '../../checks/gitops-tree';
import { withoutUpstreamSchema } from '../../checks/no-upstream-schema';
import { getSchemaValidator, locateSchemaDir, schemaDirAvailable } from '../../checks/schemas';

const GITOPS_DIR = join(import.meta.dirname, '..', '..', 'gitops');
const SCHEMA_DIR = locateSchemaDir();
const withSchemas = schemaDirAvailable(SCHEMA_DIR);
const SCHEMA_RULES: ReadonlySet<Problem['rule']> = new Set(['schema', 'no-schema']);

/** One line per problem, so a failure shows exactly what to fix. */
const describeProblems = (problems: Problem[]): string[] => problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} [${p.rule}] ${p.object}: ${p.message}`);

describe.skipIf(!existsSync(GITOPS_DIR))('committed gitops/ tree', () => {
  let report: TreeReport;

  beforeAll(async () => {
    report = await checkGitopsTree(GITOPS_DIR, {
      schemas: withSchemas ? getSchemaValidator({ schemaDir: SCHEMA_DIR }) : null,
      allowMissingSchema: withoutUpstreamSchema,
    });
    console.info(
      `gitops check: ${report.files} files, ${report.objects} objects, ${report.kustomizePaths.length} Flux Kustomization paths, ` +
        `${report.problems.length} problems, ${report.durationMs} ms${withSchemas ? '' : ' (schema validation skipped)'}`,
    );
  });

  it('has no kustomize, secret, API-version or chart-pinning problems', () => {
    expect(describeProblems(report.problems.filter((p) => !SCHEMA_RULES.has(p.rule)))).toEqual([]);
  });

  it('builds every folder a Flux Kustomization points at', () => {
    expect(report.kustomizePaths.length).toBeGreaterThan(0);
    expect(report.kustomizePaths.filter((p) => !p.built).map((p) => `${p.specPath} (${p.referencedBy.join(', ')})`)).toEqual([]);
  });

  it.skipIf(!withSchemas)(`validates every object against a schema${withSchemas ? '' : ` (SKIPPED: no schema folder at ${SCHEMA_DIR})`}`, () => {
    expect(report.schemaValidation).toBe(true);
    expect(describeProblems(report.problems.filter((p) => SCHEMA_RULES.has(p.rule)))).toEqual([]);
  });
});
