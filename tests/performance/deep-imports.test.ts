import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/environments';

/** Loading a provider package root costs seconds and hundreds of MB; resources are imported by deep path. */
const ROOT_IMPORT = /from\s+['"](@cdktf\/provider-[a-z0-9-]+|(?:\.\.?\/)+\.gen\/providers\/[a-z0-9-]+)['"]/g;

function sources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (['node_modules', '.git', 'cdktf.out', 'gitops', 'dist'].includes(entry) || entry.startsWith('.synth')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...sources(path));
    else if (path.endsWith('.ts') && !path.includes(`${join('.gen', 'providers')}`)) found.push(path);
  }
  return found;
}

describe('provider imports', () => {
  it('no source file imports a CDKTF provider package root', () => {
    const self = join(ROOT, 'tests', 'performance', 'deep-imports.test.ts');
    const offenders = sources(ROOT).filter((file) => file !== self).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(ROOT_IMPORT)].map((m) => `${relative(ROOT, file)}: ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the pattern catches a root import', () => {
    expect("import * as aws from '@cdktf/provider-aws';".match(ROOT_IMPORT)).not.toBeNull();
    expect("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';".match(ROOT_IMPORT)).toBeNull();
  });
});
