/**
 * Checks a synthesized CDKTF stack (cdk.tf.json) against a provider schema subset
 * (providers/<name>.schema.json, `terraform providers schema -json` format).
 *
 *   import ociSchema from './oci.schema.json' with { type: 'json' };
 *   const unknown = unknownAttributes(ociSchema, JSON.parse(Testing.synth(stack)));
 *   // -> ["resource.oci_core_vcn.main.made_up", "resource.oci_core_security_list.sl.ingress_security_rules[0].tcp_options[0].destination_port_range"]
 *
 * Every resource, data source and provider block whose type belongs to a provider in the schema
 * (type prefix "<provider>_", e.g. "oci_" / "hcloud_") is walked; each attribute or nested block
 * key that the schema does not declare is reported as a path. Types with the provider prefix that
 * the schema does not know at all are reported as "<kind>.<type>.<name> (unknown type)".
 * Terraform meta-arguments (count, for_each, depends_on, provider, lifecycle, ...) and cdktf's "//"
 * metadata are ignored; `dynamic` blocks are followed into their `content`.
 */

export interface SchemaAttribute {
  type?: unknown;
  nested_type?: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  description?: string;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
}

export interface SchemaBlockType {
  nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface ProviderSchemaEntry {
  provider?: { block: SchemaBlock };
  resource_schemas?: Record<string, { block: SchemaBlock }>;
  data_source_schemas?: Record<string, { block: SchemaBlock }>;
}

export interface ProviderSchemaJson {
  format_version?: string;
  provider_schemas: Record<string, ProviderSchemaEntry>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RESOURCE_META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const DATA_META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle']);
const PROVIDER_META = new Set(['//', 'alias', 'version']);

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parse<T>(input: T | string): T {
  return typeof input === 'string' ? (JSON.parse(input) as T) : input;
}

/** Local provider name from "registry.terraform.io/<namespace>/<name>". */
function providerName(fqpn: string): string {
  const parts = fqpn.split('/');
  return parts[parts.length - 1]!;
}

function walkBlock(block: SchemaBlock, value: unknown, path: string, skip: Set<string>, out: string[]): void {
  const obj = asObject(value);
  if (!obj) return; // tokens / unresolved references cannot be checked
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, child] of Object.entries(obj)) {
    if (skip.has(key)) continue;
    if (key === 'dynamic') {
      for (const [blockName, dyn] of Object.entries(asObject(child) ?? {})) {
        const nested = blockTypes[blockName];
        const dynPath = `${path}.dynamic.${blockName}`;
        if (!nested) {
          out.push(dynPath);
          continue;
        }
        walkBlock(nested.block, asObject(dyn)?.content, `${dynPath}.content`, new Set(), out);
      }
      continue;
    }
    if (Object.hasOwn(attributes, key)) continue;
    const nested = blockTypes[key];
    if (!nested) {
      out.push(`${path}.${key}`);
      continue;
    }
    if (Array.isArray(child)) child.forEach((item, i) => walkBlock(nested.block, item, `${path}.${key}[${i}]`, new Set(), out));
    else if (nested.nesting_mode === 'map') {
      for (const [mapKey, item] of Object.entries(asObject(child) ?? {})) walkBlock(nested.block, item, `${path}.${key}.${mapKey}`, new Set(), out);
    } else walkBlock(nested.block, child, `${path}.${key}`, new Set(), out);
  }
}

/**
 * List every attribute / block path in `synthesizedStackJson` (a parsed or raw cdk.tf.json) that is
 * not declared in `providerSchemaJson` (a parsed or raw providers/<name>.schema.json). Only types
 * belonging to the providers in the schema are checked. Returns [] when everything is known.
 */
export function unknownAttributes(providerSchemaJson: ProviderSchemaJson | string, synthesizedStackJson: Record<string, unknown> | string): string[] {
  const schema = parse(providerSchemaJson);
  const stack = parse(synthesizedStackJson) as Record<string, Json>;
  const out: string[] = [];
  for (const [fqpn, entry] of Object.entries(schema.provider_schemas ?? {})) {
    const name = providerName(fqpn);
    const prefix = `${name}_`;
    const kinds: Array<['resource' | 'data', Record<string, { block: SchemaBlock }>, Set<string>]> = [
      ['resource', entry.resource_schemas ?? {}, RESOURCE_META],
      ['data', entry.data_source_schemas ?? {}, DATA_META],
    ];
    for (const [kind, schemas, meta] of kinds) {
      for (const [type, instances] of Object.entries(asObject(stack[kind]) ?? {})) {
        if (type !== name && !type.startsWith(prefix)) continue;
        const typeSchema = schemas[type];
        for (const [instance, body] of Object.entries(asObject(instances) ?? {})) {
          const path = `${kind}.${type}.${instance}`;
          if (!typeSchema) {
            out.push(`${path} (unknown type)`);
            continue;
          }
          walkBlock(typeSchema.block, body, path, meta, out);
        }
      }
    }
    const providerBlock = entry.provider?.block;
    const configs = asObject(stack.provider)?.[name];
    if (providerBlock && configs !== undefined) {
      const list = Array.isArray(configs) ? configs : [configs];
      list.forEach((cfg, i) => walkBlock(providerBlock, cfg, `provider.${name}[${i}]`, PROVIDER_META, out));
    }
  }
  return out;
}
