import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Platform } from '../config/load';
import { StateBucket } from '../constructs/state/state-bucket';
import { useStateBackend } from './state-backend';

/**
 * The state bucket. Bootstrapped on local state (the bucket cannot hold its own state before it
 * exists); with `state.migrated: true` it moves into the bucket like every other stack.
 */
export class StateStack extends TerraformStack {
  constructor(scope: Construct, id: string, platform: Platform) {
    super(scope, id);
    const { state } = platform;
    if (state.migrated) useStateBackend(this, state, `${id}/terraform.tfstate`);
    // Outside cdktf.out/, which every synth replaces: bootstrap state must survive it.
    else new LocalBackend(this, { path: '../../../state-bootstrap.tfstate' });

    new AwsProvider(this, 'aws', {
      region: state.region,
      defaultTags: [{ tags: { project: platform.project.name, 'managed-by': 'cdktf' } }],
    });
    const bucket = new StateBucket(this, 'state-bucket', {
      bucketName: state.bucket,
      noncurrentVersionDays: state.noncurrentVersionDays,
    });
    new TerraformOutput(this, 'bucket', { value: bucket.bucket.bucket });
    new TerraformOutput(this, 'region', { value: state.region });
  }
}
