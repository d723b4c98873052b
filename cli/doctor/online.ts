import type { Platform } from '../../config/load';
import type { Check } from './check';
import { which, type Env, type Exec } from './exec';
import { firstLine } from './tools';

const TIMEOUT_MS = 30_000;

/**
 * `aws s3api head-bucket` on the state bucket, only with --online and only when the aws CLI and
 * credentials are there; otherwise says why it could not check, without failing the run.
 */
export function checkStateBucket(options: {
  readonly state: Platform['state'];
  readonly online: boolean;
  readonly credentialsOk: boolean;
  readonly neededBy: string;
  readonly env: Env;
  readonly exec: Exec;
}): Check {
  const { state, neededBy, env } = options;
  const name = 'state bucket';
  if (!options.online) {
    return { name, neededBy, status: 'skipped', found: `${state.bucket} not checked offline`, fix: 'run `npm run doctor -- --online` to check it is reachable' };
  }
  const aws = which('aws', env);
  if (!aws) {
    return { name, neededBy, status: 'skipped', found: `${state.bucket}: cannot check, the aws CLI is not on PATH`, fix: 'install the AWS CLI (https://aws.amazon.com/cli/) to let doctor check the bucket' };
  }
  if (!options.credentialsOk) {
    return { name, neededBy, status: 'skipped', found: `${state.bucket}: cannot check without AWS credentials`, fix: 'fix the AWS credentials line above' };
  }
  const result = options.exec(aws, ['s3api', 'head-bucket', '--bucket', state.bucket, '--region', state.region], env, TIMEOUT_MS);
  if (result.status === 0) return { name, neededBy, status: 'ok', found: `${state.bucket} reachable in ${state.region}` };
  const reason = firstLine(result.error ?? result.stderr) || `aws exited with ${result.status}`;
  if (!state.migrated) {
    return {
      name,
      neededBy,
      status: 'warn',
      found: `${state.bucket} not reachable (${reason}); expected before bootstrap, state.migrated is false`,
      fix: 'bootstrap it: `npx cdktf deploy state`, then the README steps under "Terraform state"',
    };
  }
  return {
    name,
    neededBy,
    status: 'unreachable',
    found: `${state.bucket}: ${reason}`,
    fix: `check the bucket name and region in environments/defaults.yaml (state:) and that these credentials may s3:ListBucket on ${state.bucket}`,
  };
}
