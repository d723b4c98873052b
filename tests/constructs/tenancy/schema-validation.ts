import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates synthesized manifests against the vendored JSON schemas beside the project
 * (`../shared/schemas` from the repository root): strict Kubernetes 1.31 schemas for built-in
 * kinds, CRD schemas for the rest. Test-only helper, shared by tests/constructs/{tenancy,apps}.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCHEMAS_DIR = join(REPO_ROOT, '..', 'shared', 'schemas');
export const KUBERNETES_SCHEMAS = join(SCHEMAS_DIR, 'kubernetes', 'v1.31.6-standalone-strict');
export const CRD_SCHEMAS = join(SCHEMAS_DIR, 'crds');

/** Whether the schemas are present; tests skip (with a message) when they are not. */
export const schemasAvailable = existsSync(KUBERNETES_SCHEMAS) && existsSync(CRD_SCHEMAS);
export const SKIP_MESSAGE = `JSON schemas not found at ${SCHEMAS_DIR}; schema validation skipped`;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Path of the schema for an object: built-in kinds by yannh naming, CRDs by datreeio naming. */
export function schemaPath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const builtIn = group === '' || group === 'apps' || group.endsWith('.k8s.io');
  if (builtIn) {
    const prefix = group === '' ? '' : `-${group.split('.')[0]}`;
    return join(KUBERNETES_SCHEMAS, `${kind.toLowerCase()}${prefix}-${version}.json`);
  }
  return join(CRD_SCHEMAS, group, `${kind.toLowerCase()}_${version}.json`);
}

function validatorFor(path: string): ValidateFunction {
  let validate = compiled.get(path);
  if (!validate) {
    if (!existsSync(path)) throw new Error(`no JSON schema at ${path}`);
    const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    validate = ajv.compile(schema);
    compiled.set(path, validate);
  }
  return validate;
}

/** Returns one line per schema violation, `<kind>/<name>: <path> <message>`; empty when valid. */
export function schemaErrors(manifests: readonly any[]): string[] {
  const errors: string[] = [];
  for (const manifest of manifests) {
    const id = `${manifest.kind}/${manifest.metadata?.name}`;
    const validate = validatorFor(schemaPath(manifest.apiVersion, manifest.kind));
    if (!validate(manifest)) {
      for (const error of validate.errors ?? []) {
        errors.push(`${id}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
      }
    }
  }
  return errors;
}
