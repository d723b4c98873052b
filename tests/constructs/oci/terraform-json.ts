// Helpers for reading synthesized Terraform JSON in the OCI construct and stack tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { ProviderSchemaJson } from '../../../providers/schema-check';

export type TfJson = Record<string, any>;
export type Block = Record<string, any>;

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The vendored OCI provider schema subset. */
export function ociSchema(): ProviderSchemaJson {
  return JSON.parse(readFileSync(join(ROOT, 'providers', 'oci.schema.json'), 'utf8')) as ProviderSchemaJson;
}

/** Every instance of a resource type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Block> {
  return (json.resource?.[type] ?? {}) as Record<string, Block>;
}

/** Every instance of a data-source type, by logical id. */
export function dataOf(json: TfJson, type: string): Record<string, Block> {
  return (json.data?.[type] ?? {}) as Record<string, Block>;
}

/** The one instance of a resource type (fails when there are none or several). */
export function only(json: TfJson, type: string, kind: 'resource' | 'data' = 'resource'): [id: string, body: Block] {
  const all = Object.entries(kind === 'resource' ? resourcesOf(json, type) : dataOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${kind} ${type}, found ${all.length}`);
  return all[0]!;
}

/** The instance of `type` whose display_name (or name) is `name`. */
export function named(json: TfJson, type: string, name: string): [id: string, body: Block] {
  const found = Object.entries(resourcesOf(json, type)).filter(([, body]) => (body.display_name ?? body.name) === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0]!;
}

/** A list block as Terraform JSON allows it: one object or an array of objects. */
export function blocks(value: unknown): Block[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Block[];
}

/** `${type.id.attr}`: how one resource's attribute appears where another uses it. */
export function ref(type: string, id: string, attribute = 'id'): string {
  return `\${${type}.${id}.${attribute}}`;
}

/** What a token (e.g. a construct's `imageId`) becomes in the synthesized JSON of `scope`'s stack. */
export function resolveToken(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** True when the terraform CLI can be run (the expression tests use `terraform console`). */
export const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/**
 * Evaluates `expression` with `terraform console` in a configuration holding only `locals`
 * (no providers, so nothing is downloaded), and returns the result decoded from JSON.
 */
export function evaluate(locals: Record<string, unknown>, expression: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'tf-console-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ locals }));
    const result = spawnSync('terraform', ['console'], {
      cwd: dir,
      input: `jsonencode(${expression})\n`,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' },
    });
    if (result.status !== 0) throw new Error(`terraform console failed: ${result.stderr}`);
    // The console prints the string jsonencode returned, quoted: decode twice.
    return JSON.parse(JSON.parse(result.stdout.trim()) as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
