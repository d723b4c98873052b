import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { ROOT } from '../../scripts/generate-providers';
import { canonicalSource, compareOutputs, leftoverImports, normaliseStack, rewriteImports } from '../../scripts/cdktn-compare';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cdktn-compare-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Obj = Record<string, any>;

/** A stack as each library writes it: cdktf 0.21 with @cdktf/provider-aws 20.1.0, or cdktn 0.24 with @cdktn/provider-aws 25.7.0. */
function stack(lib: 'cdktf' | 'cdktn'): Obj {
  return {
    '//': { metadata: { backend: 'local', stackName: 'state', version: lib === 'cdktf' ? '0.21.0' : '0.24.0' }, outputs: {} },
    provider: { aws: [{ region: 'eu-central-1', default_tags: [{ tags: { 'managed-by': 'cdktf' } }] }] },
    resource: {
      aws_s3_bucket: {
        bucket_828F7150: {
          '//': { metadata: { path: 'state/state-bucket/bucket', uniqueId: 'bucket_828F7150' } },
          bucket: 'tfstate-example',
          force_destroy: false,
        },
      },
    },
    terraform: {
      backend: { local: { path: 'state.tfstate' } },
      required_providers: { aws: lib === 'cdktf' ? { source: 'aws', version: '5.100.0' } : { source: 'hashicorp/aws', version: '6.66.0' } },
    },
  };
}

let n = 0;
/** Two cdktf.out folders holding the given stacks (name -> JSON, or extra files). */
function outputs(a: Record<string, Obj | string>, b: Record<string, Obj | string>): [string, string] {
  const dirs = [path.join(tmp, `${n}`, 'cdktf'), path.join(tmp, `${n++}`, 'cdktn')] as [string, string];
  for (const [dir, files] of [[dirs[0], a], [dirs[1], b]] as const) {
    for (const [file, content] of Object.entries(files)) {
      const p = path.join(dir, 'stacks', file);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
  }
  return dirs;
}

const AWS = new Set(['aws']);

describe('cdktn-compare: normalisation', () => {
  it('passes a pair that differs only in the documented metadata, and lists what it removed', () => {
    const [a, b] = outputs({ 'state/cdk.tf.json': stack('cdktf'), 'state/.terraform.lock.hcl': 'lock' }, { 'state/cdk.tf.json': stack('cdktn'), 'state/.terraform.lock.hcl': 'lock' });
    const r = compareOutputs(a, b, AWS);
    expect(r.differences).toEqual([]);
    expect(r.stacks).toEqual(['state']);
    expect(r.documented).toEqual([
      'state/cdk.tf.json terraform.required_providers.aws.source: cdktf aws, cdktn (canonical)',
      'state/cdk.tf.json terraform.required_providers.aws.version: cdktf 5.100.0, cdktn 6.66.0',
    ]);
  });

  it('fails a pair that differs in a resource attribute, naming the path and both values', () => {
    const changed = stack('cdktn');
    changed.resource.aws_s3_bucket.bucket_828F7150.force_destroy = true;
    const [a, b] = outputs({ 'state/cdk.tf.json': stack('cdktf') }, { 'state/cdk.tf.json': changed });
    expect(compareOutputs(a, b, AWS).differences).toEqual([
      'state/cdk.tf.json resource.aws_s3_bucket.bucket_828F7150.force_destroy: cdktf false != cdktn true',
    ]);
  });

  it('fails on a dropped attribute, a renamed resource, changed construct metadata and a tag value', () => {
    const changed = stack('cdktn');
    const bucket = changed.resource.aws_s3_bucket.bucket_828F7150;
    delete bucket.bucket;
    bucket['//'].metadata.path = 'state/other/bucket';
    changed.provider.aws[0].default_tags[0].tags['managed-by'] = 'cdktn';
    changed.resource.aws_s3_bucket.extra_1 = { bucket: 'x' };
    const [a, b] = outputs({ 'state/cdk.tf.json': stack('cdktf') }, { 'state/cdk.tf.json': changed });
    expect(compareOutputs(a, b, AWS).differences).toEqual([
      'state/cdk.tf.json provider.aws[0].default_tags[0].tags.managed-by: cdktf "cdktf" != cdktn "cdktn"',
      'state/cdk.tf.json resource.aws_s3_bucket.bucket_828F7150.//.metadata.path: cdktf "state/state-bucket/bucket" != cdktn "state/other/bucket"',
      'state/cdk.tf.json resource.aws_s3_bucket.bucket_828F7150.bucket: cdktf "tfstate-example" != cdktn (absent)',
      'state/cdk.tf.json resource.aws_s3_bucket.extra_1: cdktf (absent) != cdktn {"bucket":"x"}',
    ]);
  });

  it('keeps the version of a provider whose binding did not change, and compares the other files byte for byte', () => {
    const changed = stack('cdktn');
    changed.terraform.required_providers.aws.version = '5.100.0';
    changed.terraform.required_providers.oci = { source: 'oracle/oci', version: '~> 8.28' };
    const base = stack('cdktf');
    base.terraform.required_providers.oci = { source: 'oracle/oci', version: '~> 8.27' };
    const [a, b] = outputs(
      { 'state/cdk.tf.json': base, 'state/.terraform.lock.hcl': 'a', 'dns/cdk.tf.json': stack('cdktf') },
      { 'state/cdk.tf.json': changed, 'state/.terraform.lock.hcl': 'b' },
    );
    expect(compareOutputs(a, b, AWS).differences).toEqual([
      'dns/cdk.tf.json: only in the cdktf output',
      'state/.terraform.lock.hcl: files differ',
      'state/cdk.tf.json terraform.required_providers.oci.version: cdktf "~> 8.27" != cdktn "~> 8.28"',
    ]);
  });

  it('removes only the stack-level library version from the "//" metadata', () => {
    const { json, versions } = normaliseStack(stack('cdktn'), new Set());
    expect((json as Obj)['//'].metadata).toEqual({ backend: 'local', stackName: 'state' });
    expect((json as Obj).resource.aws_s3_bucket.bucket_828F7150['//']).toBeDefined();
    expect((json as Obj).terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '6.66.0' });
    expect(versions).toEqual([]);
  });

  it('reads provider source addresses as Terraform does', () => {
    expect(canonicalSource('aws')).toBe('hashicorp/aws');
    expect(canonicalSource('registry.terraform.io/hashicorp/aws')).toBe('hashicorp/aws');
    expect(canonicalSource('oracle/oci')).toBe('oracle/oci');
    expect(canonicalSource('example.com/acme/thing')).toBe('example.com/acme/thing');
  });
});

describe('cdktn-compare: import rewrite', () => {
  it('rewrites module specifiers only, and leaves the rebased @cdktf providers and string data alone', () => {
    const src = [
      "import { App, Fn } from 'cdktf';",
      'import type { IConstruct } from "cdktf";',
      "const m = await import('@cdktf/provider-aws/lib/s3-bucket');",
      "import { Password } from '@cdktf/provider-random/lib/password';",
      "import { Zone } from '@cdktf/provider-cloudflare/lib/zone';",
      "const tags = { 'managed-by': 'cdktf' };",
      "let g: typeof import('@cdktf/provider-generator');",
    ].join('\n');
    const { text, count } = rewriteImports(src);
    expect(count).toBe(5);
    expect(text).toBe([
      "import { App, Fn } from 'cdktn';",
      'import type { IConstruct } from "cdktn";',
      "const m = await import('@cdktn/provider-aws/lib/s3-bucket');",
      "import { Password } from '@cdktn/provider-random/lib/password';",
      "import { Zone } from '@cdktf/provider-cloudflare/lib/zone';",
      "const tags = { 'managed-by': 'cdktf' };",
      "let g: typeof import('@cdktn/provider-generator');",
    ].join('\n'));
    expect(leftoverImports(text)).toEqual([]);
    expect(leftoverImports(src)).toEqual(['@cdktf/provider-aws/lib/s3-bucket', '@cdktf/provider-generator', '@cdktf/provider-random/lib/password', 'cdktf']);
  });
});

describe('cdktn-compare: CI runs it', () => {
  const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
  it('.ci/run after the tests, and both workflows after vitest', () => {
    const ci = read('.ci/run').split('\n');
    const at = ci.indexOf('npx tsx scripts/cdktn-compare.ts --typecheck');
    expect(at).toBeGreaterThan(ci.indexOf('npm test'));
    expect(ci.indexOf('npm test')).toBeGreaterThanOrEqual(0);
    for (const wf of ['.github/workflows/main.yml', '.github/workflows/pull-request.yml']) {
      const text = read(wf);
      const run = text.indexOf('run: npx tsx scripts/cdktn-compare.ts --typecheck');
      expect(run, wf).toBeGreaterThan(text.indexOf('run: npx vitest run'));
      expect(text.indexOf('run: npx vitest run'), wf).toBeGreaterThan(0);
    }
  });
});
