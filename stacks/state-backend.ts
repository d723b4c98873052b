import { S3Backend, type TerraformStack } from 'cdktf';
import type { Platform } from '../config/load';

/**
 * Every stack but `state` keeps its state in the state bucket, under its own key, encrypted, with
 * S3's native lock file (cdktf 0.21's S3Backend has no typed `useLockfile`, hence the override).
 */
export function useStateBackend(stack: TerraformStack, state: Platform['state'], key: string): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key,
    region: state.region,
    encrypt: true,
  });
  backend.addOverride('use_lockfile', true);
  return backend;
}
