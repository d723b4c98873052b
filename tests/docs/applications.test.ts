import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APPLICATION_DOCS_DIR, generateApplicationDocs, renderApplication } from '../../cli/docs/applications';
import { APPLICATION_CATALOGUE } from '../../config/application-catalogue';
import { APPLICATIONS, DefaultsFile } from '../../config/schema';
import { ROOT } from '../support/environments';

describe('docs/applications', () => {
  it('equals what npm run docs generates (run it and commit docs/applications/ when this fails)', () => {
    const defaults = DefaultsFile.parse(parse(readFileSync(join(ROOT, 'environments', 'defaults.yaml'), 'utf8')));
    const generated = generateApplicationDocs(defaults);
    const dir = join(ROOT, APPLICATION_DOCS_DIR);
    const committed = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${APPLICATION_DOCS_DIR}/${f}`);
    expect(committed.sort()).toEqual([...generated.keys()].sort());
    for (const [path, content] of generated) expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(content);
    expect(generated.size).toBe(APPLICATIONS.length + 1);
  });

  it('says how to turn an application on and what it needs: secrets, DNS, storage', () => {
    const page = renderApplication('forgejo', APPLICATION_CATALOGUE.forgejo, '9.9.9-rootless');
    expect(page).toContain('applications:\n  forgejo:\n    enabled: true');
    expect(page).toContain('`https://git.<domain>`');
    expect(page).toContain('`forgejo/forgejo-oidc`');
    expect(page).toContain('`forgejo/forgejo-secrets`');
    expect(page).toContain('a 10 GiB volume');
    expect(page).toContain('codeberg.org/forgejo/forgejo:9.9.9-rootless');
    expect(renderApplication('homepage', APPLICATION_CATALOGUE.homepage, '1.0.0')).toContain('OAuth2-Proxy accepts the host');
  });
});
