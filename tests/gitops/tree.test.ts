/**
 * The committed gitops/ tree (whatever the generator has written when the tests run) passes every check
 * of checks/gitops-tree.ts. Schema validation needs ../shared/schemas; without it that part is skipped
 * (visibly) while the kustomize builds and the secret, API-version and chart-pinning checks still run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGitopsTree, type Problem, type TreeReport } from '../../checks/gitops-tree';
import { getSchemaValidator, locateSchemaDir, schemaDirAvailable } from '../../checks/schemas';

const GITOPS_DIR = join(import.meta.dirname, '..', '..', 'gitops');
const SCHEMA_DIR = locateSchemaDir();
const withSchemas = schemaDirAvailable(SCHEMA_DIR);
const SCHEMA_RULES: ReadonlySet<Problem['rule']> = new Set(['schema', 'no-schema']);
/**
 * Kinds the tree emits for which ../shared/schemas has no upstream schema yet (Envoy Gateway's
 * EnvoyProxy CRD and Gateway API's BackendTLSPolicy). They are still built by kustomize and
 * checked for secrets; everything else must validate.
 */
const NO_UPSTREAM_SCHEMA = new Set([
  'gateway.envoyproxy.io/v1alpha1 EnvoyProxy',
  'gateway.networking.k8s.io/v1 BackendTLSPolicy',
  // CloudNativePG: no postgresql.cnpg.io CRD or schema in ../shared/crds or ../shared/schemas (the Database construct types it by hand).
  'postgresql.cnpg.io/v1 Cluster',
  'postgresql.cnpg.io/v1 ScheduledBackup',
  // Redis operator (Opstree): no redis.redis.opstreelabs.in CRD or schema offline (the Cache construct types it by hand).
  'redis.redis.opstreelabs.in/v1beta2 Redis',
  // The vendored Kubernetes 1.31 schema set in ../shared/schemas has no storageclass-storage-v1.json (OKE's oci-block class).
  'storage.k8s.io/v1 StorageClass',
]);

/** One line per problem, so a failure shows exactly what to fix. */
const describeProblems = (problems: Problem[]): string[] => problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} [${p.rule}] ${p.object}: ${p.message}`);

describe.skipIf(!existsSync(GITOPS_DIR))('committed gitops/ tree', () => {
  let report: TreeReport;

  beforeAll(async () => {
    report = await checkGitopsTree(GITOPS_DIR, {
      schemas: withSchemas ? getSchemaValidator({ schemaDir: SCHEMA_DIR }) : null,
      allowMissingSchema: (apiVersion, kind) => NO_UPSTREAM_SCHEMA.has(`${apiVersion} ${kind}`),
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
