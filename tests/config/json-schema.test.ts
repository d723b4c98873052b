import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderSchemas } from '../../scripts/generate-json-schema';
import { ENVIRONMENTS, ROOT } from '../support/environments';

const files = readdirSync(ENVIRONMENTS).filter((f) => f.endsWith('.yaml'));
const schemaFor = (file: string) => (file === 'defaults.yaml' ? 'defaults.schema.json' : 'environment.schema.json');

describe('JSON Schema for editors', () => {
  const rendered = renderSchemas();

  it('is committed as generated from the zod schema (npm run schema)', () => {
    for (const [path, content] of rendered) expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(content);
  });

  it('is referenced by a yaml-language-server modeline in every environment file', () => {
    for (const file of files) {
      const firstLine = readFileSync(join(ENVIRONMENTS, file), 'utf8').split('\n')[0];
      expect(firstLine, file).toBe(`# yaml-language-server: $schema=./schema/${schemaFor(file)}`);
    }
  });

  it('accepts the shipped files and rejects a typo, as an editor would', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const file of files) {
      const validate = ajv.compile(JSON.parse(rendered.get(`environments/schema/${schemaFor(file)}`)!));
      const data = parse(readFileSync(join(ENVIRONMENTS, file), 'utf8'));
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      if (file === 'dev.yaml') {
        data.clusters['oke-dev'].regoin = 'x';
        expect(validate(data)).toBe(false);
        expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
      }
    }
  });
});
