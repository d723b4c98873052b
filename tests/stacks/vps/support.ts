// Helpers for the VPS and DNS stack tests: synthesizing the shipped clusters and checking the
// synthesized attributes against the provider bindings.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, TerraformStack, Testing } from 'cdktf';
import type { Cluster, Platform } from '../../../config/load';
import type { ProviderSchemaJson } from '../../../providers/schema-check';
import { addDnsStack } from '../../../stacks/dns/index';
import type { ClusterStacks } from '../../../stacks/types';
import { addVpsStacks } from '../../../stacks/vps/index';

export type TfJson = Record<string, any>;
export type Block = Record<string, any>;

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function hcloudSchema(): ProviderSchemaJson {
  return JSON.parse(readFileSync(join(ROOT, 'providers', 'hcloud.schema.json'), 'utf8')) as ProviderSchemaJson;
}

export interface SynthesizedCluster {
  readonly outdir: string;
  readonly stacks: ClusterStacks;
  /** Parsed cdk.tf.json by stack name. */
  readonly json: Record<string, TfJson>;
}

/** Synthesizes the VPS and DNS stacks of `cluster` into a fresh temporary folder. */
export function synthVpsCluster(platform: Platform, cluster: Cluster): SynthesizedCluster {
  const outdir = mkdtempSync(join(tmpdir(), `vps-${cluster.name}-`));
  const app = new App({ outdir, stackTraces: false });
  const stacks = addVpsStacks(app, platform, cluster);
  addDnsStack(app, platform, cluster, stacks);
  app.synth();
  const json: Record<string, TfJson> = {};
  for (const layer of ['network', 'cluster', 'dns']) {
    const name = `${cluster.name}-${layer}`;
    json[name] = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TfJson;
  }
  return { outdir, stacks, json };
}

/** Every instance of a resource type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Block> {
  return (json.resource?.[type] ?? {}) as Record<string, Block>;
}

/** Every instance of a data-source type, by logical id. */
export function dataOf(json: TfJson, type: string): Record<string, Block> {
  return (json.data?.[type] ?? {}) as Record<string, Block>;
}

/** A block as Terraform JSON allows it: one object or an array of objects. */
export function blocks(value: unknown): Block[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Block[];
}

/** `${type.id.attr}`. */
export function ref(type: string, id: string, attribute = 'id'): string {
  return `\${${type}.${id}.${attribute}}`;
}

/**
 * How a value of `producer` appears in `consumer` after cdktf's cross-stack wiring: the producer
 * has a `cross-stack-output-*` output with that value, the consumer reads it through its
 * terraform_remote_state data source. Returns the `${data.terraform_remote_state...}` string.
 */
export function remoteRef(producer: TfJson, consumer: TfJson, producerValue: string): string {
  const outputs = Object.entries((producer.output ?? {}) as Record<string, { value: unknown }>).filter(
    ([name, output]) => name.startsWith('cross-stack-output-') && output.value === producerValue,
  );
  if (outputs.length !== 1) throw new Error(`expected one cross-stack output with value ${producerValue}, found ${outputs.length}`);
  const states = Object.keys(dataOf(consumer, 'terraform_remote_state'));
  if (states.length !== 1) throw new Error(`expected one terraform_remote_state, found ${states.length}`);
  return `\${data.terraform_remote_state.${states[0]}.outputs.${outputs[0]![0]}}`;
}

/** Every string in a JSON value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [camel(key), camelize(child)]));
  }
  return value;
}

function withoutMeta(body: Block): Block {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META.has(key)));
}

/** Paths present in `expected` but missing or different in `actual`. */
function differences(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${path} (not kept as a list)`);
      return;
    }
    expected.forEach((item, i) => differences(item, actual[i], `${path}[${i}]`, out));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    const object = actual !== null && typeof actual === 'object' && !Array.isArray(actual) ? (actual as Block) : undefined;
    for (const [key, child] of Object.entries(expected)) {
      if (!object || !(key in object)) out.push(`${path}.${key}`);
      else differences(child, object[key], `${path}.${key}`, out);
    }
    return;
  }
  if (expected !== actual) out.push(`${path} (${JSON.stringify(expected)} became ${JSON.stringify(actual)})`);
}

/**
 * Checks every `<prefix>_*` resource and data source of a synthesized stack against the prebuilt
 * @cdktf/provider-<prefix> binding, which is generated from the provider's real schema (the
 * version is in the package's cdktf.provider field). The synthesized body (snake_case) is turned
 * back into the binding's camelCase config, constructed with the binding class and synthesized
 * again: the binding's `synthesizeAttributes` writes exactly the attributes and blocks the schema
 * has, so anything the schema does not know is dropped and shows up as a difference, nested
 * blocks included. Dynamic-typed attributes pass through unchecked (the schema allows anything
 * there). Returns the differing paths; [] means every attribute is known.
 */
export async function bindingMismatches(json: TfJson, prefix: 'digitalocean' | 'cloudflare'): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, instances] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Block>>)) {
      if (!type.startsWith(`${prefix}_`)) continue;
      const dir = kind === 'resource' ? type.slice(prefix.length + 1).replaceAll('_', '-') : `data-${type.replaceAll('_', '-')}`;
      let module: Record<string, unknown>;
      try {
        module = (await import(`@cdktf/provider-${prefix}/lib/${dir}/index.js`)) as Record<string, unknown>;
      } catch {
        out.push(`${kind}.${type} (no binding)`);
        continue;
      }
      const Binding = Object.values(module).find(
        (value) => typeof value === 'function' && (value as { tfResourceType?: string }).tfResourceType === type,
      ) as (new (scope: TerraformStack, id: string, config: unknown) => unknown) | undefined;
      if (!Binding) {
        out.push(`${kind}.${type} (no binding class)`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) {
        const expected = withoutMeta(body);
        const stack = new TerraformStack(Testing.app(), 'roundtrip');
        new Binding(stack, 'x', camelize(expected));
        const again = JSON.parse(Testing.synth(stack)) as TfJson;
        const actual = withoutMeta(((again[kind] ?? {})[type] ?? {}).x ?? {});
        differences(expected, actual, `${kind}.${type}.${name}`, out);
      }
    }
  }
  return out;
}
