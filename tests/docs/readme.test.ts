import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/environments';

const mermaid = (text: string) => /```mermaid\n[\s\S]*?```\n/.exec(text)?.[0];

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('embeds the current stack graph (npm run graph)', () => {
    const embedded = /<!-- stacks-graph:start -->\n([\s\S]*?)<!-- stacks-graph:end -->/.exec(readme)?.[1];
    expect(embedded).toBeDefined();
    expect(mermaid(embedded!)).toBe(mermaid(readFileSync(join(ROOT, 'docs', 'graphs', 'stacks.md'), 'utf8')));
  });

  it('gives the two set-up commands that .ci/run runs', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    for (const command of ['npm install && npm run synth', 'npm test']) {
      expect(readme).toContain(command);
      expect(ci).toContain(command);
    }
  });
});
