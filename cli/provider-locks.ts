import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lockFileOf } from '../policy/provider-locks';

/** The file name Terraform reads the dependency lock from, in a stack's working directory. */
export const LOCK_FILE_NAME = '.terraform.lock.hcl';

/**
 * Puts the committed provider lock of every stack in `<outdir>/stacks/` into the stack's folder as
 * `.terraform.lock.hcl`, where `terraform init` (and `cdktf deploy`) read it. cdktf writes none of
 * its own at synth: Terraform creates one at the first init, so without this every init would pick
 * and trust whatever the registry serves. A stack without a committed lock gets none (and fails
 * rule provider-lock). Returns the stacks that got one.
 */
export function copyProviderLocks(root: string, outdir: string): string[] {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  const copied: string[] = [];
  for (const stack of readdirSync(stacks).sort()) {
    const target = join(stacks, stack, LOCK_FILE_NAME);
    const source = join(root, lockFileOf(stack));
    if (existsSync(source)) {
      copyFileSync(source, target);
      copied.push(stack);
    } else {
      // A lock carried over by a narrowed run, whose committed file has since been deleted.
      rmSync(target, { force: true });
    }
  }
  return copied;
}
