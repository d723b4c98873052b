import type { Check } from './check';
import type { Env, Exec } from './exec';
import { describeRange, inRange, probe, type Probe } from './tools';
import { formatVersion, type Version } from './version';

/** The S3 backend's `use_lockfile` (native S3 locking) needs Terraform or OpenTofu 1.10. */
export const TERRAFORM_MIN: Version = { major: 1, minor: 10, patch: 0 };

const NAME = 'terraform or tofu';
const INSTALL =
  'install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or OpenTofu >= 1.10 (https://opentofu.org/docs/intro/install/) and export TERRAFORM_BINARY_NAME=tofu';

function describe(binary: string, result: Probe): string {
  if (result.kind === 'absent') return `${binary} not on PATH`;
  if (result.kind === 'unknown') return `${binary} printed no version`;
  return `${binary} ${formatVersion(result.version)}`;
}

/**
 * cdktf runs the binary named by TERRAFORM_BINARY_NAME (default `terraform`), so that is the one
 * that must be new enough; OpenTofu alone works only once cdktf is told to use it.
 */
export function checkTerraform(neededBy: string, env: Env, exec: Exec): Check {
  const need = `need >= ${formatVersion(TERRAFORM_MIN)}`;
  const configured = env.TERRAFORM_BINARY_NAME?.trim();
  const binary = configured || 'terraform';
  const main = probe(binary, ['version'], env, exec);
  const spec = { min: TERRAFORM_MIN };
  if (main.kind === 'found' && inRange(main.version, spec)) {
    return { name: NAME, neededBy, status: 'ok', found: `${describe(binary, main)} (${need})` };
  }
  if (main.kind === 'found') {
    return {
      name: NAME,
      neededBy,
      status: 'wrong version',
      found: `${describe(binary, main)} (${need})`,
      fix: `the S3 backend's use_lockfile needs ${describeRange(spec)}; ${INSTALL}`,
    };
  }
  if (!configured) {
    const tofu = probe('tofu', ['version'], env, exec);
    if (tofu.kind === 'found' && inRange(tofu.version, spec)) {
      return {
        name: NAME,
        neededBy,
        status: 'missing',
        found: `terraform not on PATH; ${describe('tofu', tofu)} is (${need})`,
        fix: 'export TERRAFORM_BINARY_NAME=tofu so cdktf runs OpenTofu',
      };
    }
    if (tofu.kind === 'found') {
      return {
        name: NAME,
        neededBy,
        status: 'wrong version',
        found: `terraform not on PATH; ${describe('tofu', tofu)} (${need})`,
        fix: `the S3 backend's use_lockfile needs ${describeRange(spec)}; ${INSTALL}`,
      };
    }
  }
  const status = main.kind === 'unknown' ? 'invalid' : 'missing';
  return { name: NAME, neededBy, status, found: `${describe(binary, main)} (${need})`, fix: INSTALL };
}
