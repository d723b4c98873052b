// Runs the real terraform CLI (offline) on every stack whose providers are all available here:
// the AWS-only ones, i.e. `state` and the Route53 DNS stack of do-prod. Only hashicorp/aws exists in
// the local filesystem mirror; hcloud, digitalocean, cloudflare and random cannot be installed
// offline, so their stacks are checked against schemas and bindings in the other tests instead.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlatform, type Platform } from '../../config/load';
import { addDnsStack } from '../../stacks/dns/index';
import { StateStack } from '../../stacks/state-stack';
import { addVpsStacks } from '../../stacks/vps/index';
import { ROOT, type TfJson } from './vps/support';

/** The filesystem mirror holding hashicorp/aws (override with TF_TEST_PROVIDER_MIRROR). */
const MIRROR = process.env.TF_TEST_PROVIDER_MIRROR ?? '/opt/tf-plugins';
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const hasAwsProvider = existsSync(join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws'));
const skipReason = !hasTerraform
  ? 'terraform is not installed'
  : !hasAwsProvider
    ? `no hashicorp/aws provider in the filesystem mirror ${MIRROR}`
    : undefined;
if (skipReason) console.warn(`tests/stacks/terraform.test.ts skipped: ${skipReason}`);

/** Stands in for the cluster stack's ingress address, which lives in remote state (RFC 5737 TEST-NET-3). */
const TEST_INGRESS_ADDRESS = '203.0.113.10';

/** Seconds each terraform command took, for the summary printed at the end. */
const timings: [stack: string, command: string, seconds: number][] = [];

/**
 * The test copy of a stack: a local backend instead of S3, fake credentials and the offline
 * switches in the AWS provider (only here, never in the synthesized stacks), and the
 * cross-stack terraform_remote_state reads replaced by a literal, because the other stack's
 * state cannot be read offline (and does not exist before a deploy).
 */
function offlineCopy(json: TfJson): TfJson {
  const copy = structuredClone(json);
  copy.terraform.backend = { local: { path: 'terraform.tfstate' } };
  for (const provider of copy.provider.aws as Record<string, unknown>[]) {
    Object.assign(provider, {
      access_key: 'test',
      secret_key: 'test',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      s3_use_path_style: true,
    });
  }
  const remoteStates = Object.keys(copy.data?.terraform_remote_state ?? {});
  if (remoteStates.length > 0) {
    delete copy.data.terraform_remote_state;
    if (Object.keys(copy.data).length === 0) delete copy.data;
  }
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return /^\$\{data\.terraform_remote_state\.[^}]+\}$/.test(value) ? TEST_INGRESS_ADDRESS : value;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  const result = replace(copy) as TfJson;
  expect(JSON.stringify(result)).not.toContain('terraform_remote_state');
  return result;
}

describe.skipIf(skipReason !== undefined)('terraform validate and an offline plan of the AWS-only stacks', () => {
  let platform: Platform;
  let outdir: string;
  let work: string;
  let cliConfig: string;

  beforeAll(() => {
    platform = loadPlatform(join(ROOT, 'environments'));
    outdir = mkdtempSync(join(tmpdir(), 'tf-synth-'));
    work = mkdtempSync(join(tmpdir(), 'tf-run-'));
    const app = new App({ outdir, stackTraces: false });
    new StateStack(app, 'state', platform);
    for (const cluster of platform.clusters.filter((c) => c.provider !== 'oci-oke' && c.dns.provider === 'route53')) {
      addDnsStack(app, platform, cluster, addVpsStacks(app, platform, cluster));
    }
    app.synth();
    cliConfig = join(work, 'terraform.rc');
    writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(MIRROR)}`,
        '    include = ["registry.terraform.io/hashicorp/*"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    if (timings.length > 0) {
      console.log(['terraform timings (s):', ...timings.map(([stack, command, s]) => `  ${stack.padEnd(12)} ${command.padEnd(9)} ${s.toFixed(1)}`)].join('\n'));
    }
  });

  async function terraform(stack: string, dir: string, args: string[]): Promise<string> {
    const started = performance.now();
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'terraform',
        args,
        {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          env: {
            ...process.env,
            TF_CLI_CONFIG_FILE: cliConfig,
            TF_IN_AUTOMATION: '1',
            CHECKPOINT_DISABLE: '1',
            AWS_EC2_METADATA_DISABLED: 'true',
            TF_PLUGIN_CACHE_DIR: '',
          },
          timeout: 300_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    timings.push([stack, args[0]!, (performance.now() - started) / 1000]);
    expect(result.code, `terraform ${args.join(' ')} in ${stack}:\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result.stdout;
  }

  const STACKS = ['state', 'do-prod-dns'] as const;
  const stackJson = (stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as TfJson;

  /**
   * The AWS-only stacks as one Terraform configuration. Most of each terraform command is the AWS
   * provider (a 675 MB binary) starting, so one init/validate/plan/show instead of one per stack
   * halves the work. They share the provider settings (asserted) and no resource type; outputs are
   * prefixed with their stack.
   */
  function combined(): TfJson {
    const copies = STACKS.map((stack) => {
      const json = stackJson(stack);
      expect(Object.keys(json.provider), stack).toEqual(['aws']);
      return [stack, offlineCopy(json)] as const;
    });
    const [, first] = copies[0]!;
    const result: TfJson = { terraform: first.terraform, provider: first.provider, resource: {}, output: {} };
    for (const [stack, copy] of copies) {
      expect(copy.provider, `${stack} provider settings`).toEqual(first.provider);
      expect(copy.terraform.required_providers, `${stack} required_providers`).toEqual(first.terraform.required_providers);
      for (const [type, resources] of Object.entries(copy.resource as Record<string, unknown>)) {
        expect(result.resource, `${type} in two stacks`).not.toHaveProperty(type);
        result.resource[type] = resources;
      }
      for (const [name, output] of Object.entries((copy.output ?? {}) as Record<string, unknown>)) result.output[`${stack.replace(/-/g, '_')}_${name}`] = output;
      if (copy.data) result.data = { ...(result.data ?? {}), ...copy.data };
    }
    return result;
  }

  /** init, validate and plan the combined stacks; returns the plan as `terraform show -json` prints it. */
  async function validateAndPlan(): Promise<TfJson> {
    const dir = join(work, 'aws-stacks');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(combined(), null, 2));
    // The committed lock of these stacks (the same for both), read-only as the CI plan reads it.
    const lock = readFileSync(join(ROOT, 'terraform', 'locks', 'state.terraform.lock.hcl'), 'utf8');
    for (const stack of STACKS) expect(readFileSync(join(ROOT, 'terraform', 'locks', `${stack}.terraform.lock.hcl`), 'utf8'), stack).toBe(lock);
    writeFileSync(join(dir, '.terraform.lock.hcl'), lock);
    const label = STACKS.join('+');
    await terraform(label, dir, ['init', '-input=false', '-no-color', '-lockfile=readonly']);
    const validation = JSON.parse(await terraform(label, dir, ['validate', '-json', '-no-color'])) as { valid: boolean; diagnostics: unknown[] };
    expect(validation).toMatchObject({ valid: true, diagnostics: [] });
    await terraform(label, dir, ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=plan.bin']);
    return JSON.parse(await terraform(label, dir, ['show', '-json', '-no-color', 'plan.bin'])) as TfJson;
  }

  let plan: Promise<TfJson>;
  beforeAll(() => {
    plan = validateAndPlan();
    plan.catch(() => undefined); // reported by the tests that await it
  });

  /** The planned changes of one stack's resources. */
  async function planOf(stack: string): Promise<TfJson> {
    const types = new Set(Object.keys(stackJson(stack).resource as Record<string, unknown>));
    const whole = await plan;
    return { ...whole, resource_changes: (whole.resource_changes as { type: string }[]).filter((c) => types.has(c.type)) };
  }

  const created = (plan: TfJson) =>
    (plan.resource_changes as { address: string; type: string; change: { actions: string[]; after: Record<string, unknown> } }[])
      .filter((c) => c.change.actions.includes('create'))
      .map((c) => c);

  it('state: validates and plans the state bucket', { timeout: 600_000 }, async () => {
    const plan = await planOf('state');
    const types = created(plan).map((c) => c.type).sort();
    expect(types).toEqual([
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    expect(created(plan).find((c) => c.type === 'aws_s3_bucket')!.change.after.bucket).toBe(platform.state.bucket);
  });

  it('do-prod-dns: validates and plans the Route53 zone and records', { timeout: 600_000 }, async () => {
    const cluster = platform.clusters.find((c) => c.name === 'do-prod')!;
    const plan = await planOf('do-prod-dns');
    const changes = created(plan);
    expect(changes.map((c) => c.type).sort()).toEqual([...Array(5).fill('aws_route53_record'), 'aws_route53_zone']);
    const records = new Map(changes.filter((c) => c.type === 'aws_route53_record').map((c) => [c.change.after.name as string, c.change.after]));
    // The cluster domain and its wildcard; team-b's public mail: its MX, its exchanger and the
    // wildcard that keeps the tenant's web hosts resolving once team-b.<domain> exists.
    const tenant = `team-b.${cluster.domain}`;
    expect([...records.keys()].sort()).toEqual([`*.${cluster.domain}`, cluster.domain, `*.${tenant}`, `mx.${tenant}`, tenant].sort());
    for (const name of [cluster.domain, `*.${cluster.domain}`, `*.${tenant}`, `mx.${tenant}`]) {
      expect(records.get(name), name).toMatchObject({ type: 'A', ttl: 300, records: [TEST_INGRESS_ADDRESS] });
    }
    expect(records.get(tenant)).toMatchObject({ type: 'MX', ttl: 300, records: [`10 mx.${tenant}`] });
  });
});
