/**
 * `npm run providers:lock -- [<stack>...] [--platform <os_arch>]... [--fs-mirror <dir>]`
 *
 * Writes `terraform/locks/<stack>.terraform.lock.hcl` for the named stacks (default: every stack):
 * synthesizes the stacks into a scratch folder, runs `terraform providers lock` there from an
 * empty lock (once per distinct set of required providers), and copies the result back. Synth then
 * puts it beside the stack's cdk.tf.json (cli/provider-locks.ts).
 *
 * Default platforms: linux_amd64 (CI), linux_arm64, darwin_amd64, darwin_arm64, fetched from the
 * registry, which also records its signed `zh:` checksums for every platform. `--fs-mirror` locks
 * from a filesystem mirror instead (offline); that yields only the `h1:` hash of the platforms the
 * mirror holds (rule provider-lock-platforms reports such a lock).
 *
 * Terraform's own `providers lock` keeps every hash an existing lock lists, a forged one included;
 * this command starts from an empty lock instead, and refuses to replace a committed lock whose
 * checksums for the same version are not all among the new ones (a forged or foreign hash, or an
 * offline run that would drop the other platforms' checksums).
 *
 * Exit codes: 0 written (or nothing to do), 1 invalid input, a refused lock or a terraform failure,
 * 2 internal error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App, TerraformStack } from 'cdktf';
import { loadPlatform } from '../config/load';
import { lockFileOf, parseLockFile, requiredProviders } from '../policy/provider-locks';
import { buildStacks } from '../stacks/index';
import { LOCK_FILE_NAME } from './provider-locks';
import { command, runIfMain } from './run-cli';

const USAGE = 'usage: npm run providers:lock -- [<stack>...] [--platform <os_arch>]... [--fs-mirror <dir>]\n';

/** The platforms maintainers and CI run terraform on. */
export const DEFAULT_PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;

/** Hashes a committed lock lists for a provider version that a fresh lock of the same version lacks. */
export function droppedHashes(committed: string, fresh: string): string[] {
  const before = parseLockFile(committed);
  const after = parseLockFile(fresh);
  const dropped: string[] = [];
  for (const [address, old] of before) {
    const now = after.get(address);
    if (!now || now.version !== old.version) continue;
    for (const hash of old.hashes) if (!now.hashes.includes(hash)) dropped.push(`${address} ${old.version}: ${hash}`);
  }
  return dropped;
}

/** The command body, for callers that run it in-process (npm run new -- cluster ... --lock). */
export async function providersLock(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { platform: { type: 'string', multiple: true }, 'fs-mirror': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`providers:lock: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const platforms = parsed.values.platform ?? [...DEFAULT_PLATFORMS];
  const mirror = parsed.values['fs-mirror'] && resolve(root, parsed.values['fs-mirror']);
  if (platforms.some((p) => !/^[a-z0-9]+_[a-z0-9]+$/.test(p))) {
    process.stderr.write(`providers:lock: a platform is <os>_<arch>, such as linux_amd64\n${USAGE}`);
    return 1;
  }

  const platform = loadPlatform(join(root, 'environments'), { relativeTo: root });
  const scratch = mkdtempSync(join(tmpdir(), 'providers-lock-'));
  try {
    const app = new App({ stackTraces: false, outdir: join(scratch, 'out') });
    await buildStacks(app, platform);
    app.synth();
    const known = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id).sort();
    const unknown = parsed.positionals.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
      process.stderr.write(`providers:lock: unknown stack ${unknown.map((s) => JSON.stringify(s)).join(', ')}; the stacks are:\n${known.map((s) => `  ${s}`).join('\n')}\n`);
      return 1;
    }
    const stacks = parsed.positionals.length > 0 ? [...new Set(parsed.positionals)].sort() : known;

    // One terraform run per distinct set of required providers: the lock depends on nothing else.
    const groups = new Map<string, string[]>();
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(join(scratch, 'out', 'stacks', stack, 'cdk.tf.json'), 'utf8')) as unknown;
      const providers = requiredProviders(json);
      if (providers.length === 0) continue;
      const key = JSON.stringify(providers.map((p) => [p.address, p.constraint ?? '']));
      groups.set(key, [...(groups.get(key) ?? []), stack]);
    }

    let failed = false;
    for (const [key, members] of groups) {
      const dir = join(scratch, 'lock', members[0]!);
      mkdirSync(dir, { recursive: true });
      const required = Object.fromEntries(
        requiredProviders(JSON.parse(readFileSync(join(scratch, 'out', 'stacks', members[0]!, 'cdk.tf.json'), 'utf8'))).map((p) => [p.name, { source: p.source, ...(p.constraint ? { version: p.constraint } : {}) }]),
      );
      // Only the terraform block: no backend, so nothing here needs credentials or the network but the registry.
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: required } }, null, 2));
      const args = ['providers', 'lock', '-no-color', ...platforms.map((p) => `-platform=${p}`), ...(mirror ? [`-fs-mirror=${mirror}`] : [])];
      process.stdout.write(`terraform ${args.join(' ')}   (${members.join(', ')}: ${JSON.parse(key).map(([a, c]: string[]) => `${a} ${c}`.trim()).join(', ')})\n`);
      const run = spawnSync('terraform', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } });
      if (run.error || run.status !== 0) {
        process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `${run.error.message}\n` : ''}providers:lock: terraform providers lock failed for ${members.join(', ')}\n`);
        failed = true;
        continue;
      }
      const fresh = readFileSync(join(dir, LOCK_FILE_NAME), 'utf8');
      for (const stack of members) {
        const target = join(root, lockFileOf(stack));
        if (existsSync(target)) {
          const committed = readFileSync(target, 'utf8');
          const dropped = droppedHashes(committed, fresh);
          if (dropped.length > 0) {
            process.stderr.write(
              `providers:lock: refusing to replace ${lockFileOf(stack)}: it lists checksums this run did not produce for the same versions:\n${dropped.map((d) => `  ${d}`).join('\n')}\n` +
                `  An offline or partial run (fewer platforms, no zh: checksums) would drop them; lock from the registry with every platform. If the registry's run still lacks one, the committed checksum is not the registry's: find out where it came from before deleting the file.\n`,
            );
            failed = true;
            continue;
          }
          if (committed === fresh) {
            process.stdout.write(`  ${lockFileOf(stack)} unchanged\n`);
            continue;
          }
        }
        mkdirSync(join(root, lockFileOf(stack), '..'), { recursive: true });
        writeFileSync(target, fresh);
        process.stdout.write(`  wrote ${lockFileOf(stack)}\n`);
      }
    }
    if (!failed) process.stdout.write('Run npm run synth, check with npm run check, and commit terraform/locks/.\n');
    return failed ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const main = command('providers:lock', providersLock);

runIfMain(import.meta.url, main);
