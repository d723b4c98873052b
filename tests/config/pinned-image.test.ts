import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { isPinnedImage, isRegistryReference, PINNED_IMAGE_PATTERN } from '../../config/pinned-image';
import { renderSchemas } from '../../scripts/generate-json-schema';

const DIGEST = `@sha256:${'0123456789abcdef'.repeat(4)}`;
const pattern = new RegExp(PINNED_IMAGE_PATTERN);
/** The pattern as an editor's JSON schema validator runs it (ajv: ECMA-262 with the unicode flag). */
const editor = new Ajv2020({ strict: false }).compile({ type: 'string', pattern: PINNED_IMAGE_PATTERN });

/** [reference, what the config schema's pattern says, what isPinnedImage says]. */
const TABLE: readonly (readonly [string, boolean, boolean])[] = [
  // pinned
  ['docker.io/library/postgres:17.6', true, true],
  ['docker.io/kanidm/server:1.11.2', true, true],
  ['ghcr.io/example/app:v1.2.3', true, true],
  ['docker.io/library/redis:7.4.2-alpine', true, true],
  ['docker.io/stalwartlabs/stalwart:v0.13', true, true],
  [`docker.io/library/postgres:17.6${DIGEST}`, true, true],
  [`docker.io/library/postgres${DIGEST}`, true, true],
  // registries with ports
  ['localhost:5000/team/app:1.2', true, true],
  [`registry.example.com:443/app${DIGEST}`, true, true],
  ['registry.example.com:https/app:1.2', false, true],
  // latest, no tag, floating tags
  ['docker.io/library/postgres:latest', false, false],
  ['docker.io/library/postgres', false, false],
  ['localhost:5000/app', false, false],
  ['docker.io/library/postgres:17', false, false],
  ['docker.io/library/postgres:v17', false, false],
  ['docker.io/library/postgres:stable', false, false],
  ['docker.io/library/postgres:alpine', false, false],
  ['docker.io/library/postgres:', false, false],
  // digests: a floating tag beside one is pinned for isPinnedImage, not for the schema's stricter form
  [`docker.io/library/postgres:latest${DIGEST}`, false, true],
  ['docker.io/library/postgres@sha256:abc', false, false],
  [`docker.io/library/postgres@sha512:${'0'.repeat(128)}`, false, false],
  [`docker.io/library/postgres${DIGEST.toUpperCase().replace('@SHA256', '@sha256')}`, false, false],
  // names: the schema asks for registry/name; both refuse what no registry takes
  ['postgres:17.6', false, true],
  [`postgres${DIGEST}`, false, true],
  ['Docker.io/library/postgres:17.6', false, false],
  ['-docker.io/library/postgres:17.6', false, false],
  ['docker.io/library/postgres-:17.6', false, false],
  ['docker.io/library/:17.6', false, false],
  // a registry or name that starts or ends with a separator (no registry serves one): both forms refuse it
  ['docker.io/_postgres:17.6', false, true],
  ['docker.io/.postgres:17.6', false, true],
  ['docker.io-/postgres:17.6', false, true],
  ['docker.io//postgres:17.6', false, true],
  ['docker.io/library/postgres:17.6 ', false, false],
  ['', false, false],
  // tags of at most 128 characters
  [`docker.io/app:1.2${'x'.repeat(126)}`, false, false],
  [`docker.io/app:1.2${'x'.repeat(125)}`, true, true],
  [`docker.io/app:1.2${'x'.repeat(125)}${DIGEST}`, true, true],
];

/** Every combination of registries, names, tags and digests, right and wrong: a few thousand references. */
function corpus(): string[] {
  const registries = ['docker.io/', 'localhost:5000/', 'registry.example.com:443/', 'a/', '-a.io/', 'a.io-/', 'A.io/', 'a_b/', 'a:b/', ''];
  const names = ['library/postgres', 'x', 'x-', 'x/', 'a//b', 'a_b', 'a.b-c', 'A', 'a b', ''];
  const tags = [
    '',
    ':',
    ':latest',
    ':17',
    ':17.6',
    ':v1.2.3',
    ':1.2.3-alpine',
    ':1.2.3_rc.1',
    ':1.2:3',
    ':1.2/3',
    `:1.2${'x'.repeat(125)}`,
    `:1.2${'x'.repeat(126)}`,
    ':stable',
  ];
  const digests = ['', DIGEST, '@sha256:abc', `${DIGEST}x`, '@'];
  const out: string[] = [];
  for (const r of registries) for (const n of names) for (const t of tags) for (const d of digests) out.push(`${r}${n}${t}${d}`);
  return out;
}

describe('the pinned-image rule of the config schema (PINNED_IMAGE_PATTERN)', () => {
  it('judges a table of references as the table says, alike in zod, in editors and beside isPinnedImage', () => {
    for (const [reference, schema, pinned] of TABLE) {
      expect(pattern.test(reference), `pattern on ${JSON.stringify(reference)}`).toBe(schema);
      expect(editor(reference), `JSON schema on ${JSON.stringify(reference)}`).toBe(schema);
      expect(isPinnedImage(reference), `isPinnedImage on ${JSON.stringify(reference)}`).toBe(pinned);
    }
  });

  it('accepts nothing isPinnedImage refuses (the constructs would throw on it after config passed)', () => {
    const references = corpus();
    let matched = 0;
    for (const reference of references) {
      const schema = pattern.test(reference);
      expect(editor(reference), `JSON schema on ${JSON.stringify(reference)}`).toBe(schema);
      if (!schema) continue;
      matched++;
      expect(isPinnedImage(reference), `pattern accepts ${JSON.stringify(reference)}, isPinnedImage refuses it`).toBe(true);
    }
    // The corpus reaches both sides of the pattern.
    expect(matched).toBeGreaterThan(50);
    expect(references.length - matched).toBeGreaterThan(50);
  });

  it('is the pattern of every pinned image in the JSON schemas for editors (npm run schema)', () => {
    for (const [path, content] of renderSchemas()) {
      const patterns = new Set<string>();
      JSON.stringify(JSON.parse(content), (key, value: unknown) => {
        if (key === 'pattern' && typeof value === 'string' && value.includes('sha256')) patterns.add(value);
        return value;
      });
      expect([...patterns], path).toEqual([new RegExp(PINNED_IMAGE_PATTERN).source]);
    }
  });
});

describe('the form config rule image-pinned asks of apps.<name>.image (isRegistryReference)', () => {
  it('is registry[:port]/name with a tag or a digest', () => {
    const table: readonly (readonly [string, boolean])[] = [
      ['docker.io/library/postgres:17.6', true],
      ['docker.io/library/postgres:latest', true],
      [`docker.io/library/postgres${DIGEST}`, true],
      ['localhost:5000/team/app:1.2', true],
      ['docker.io/library/postgres', false],
      ['postgres:17.6', false],
      [`docker.io/library/postgres:17.6${DIGEST}`, false],
      ['-docker.io/library/postgres:17.6', false],
      ['docker.io/library/postgres-:17.6', false],
      ['docker.io/_postgres:17.6', false],
      ['docker.io-/postgres:17.6', false],
      [`docker.io/app:1.2${'x'.repeat(126)}`, false],
    ];
    for (const [reference, form] of table) expect(isRegistryReference(reference), JSON.stringify(reference)).toBe(form);
  });

  it('with isPinnedImage accepts no reference the tenant images\' pattern refuses', () => {
    for (const reference of corpus()) {
      if (isRegistryReference(reference) && isPinnedImage(reference)) expect(pattern.test(reference), JSON.stringify(reference)).toBe(true);
    }
  });
});
