import { join } from 'node:path';
import { App } from 'cdktf';
import { loadPlatform } from '../config/load';
import { buildStacks } from '../stacks/index';
import { copyProviderLocks } from './provider-locks';
import { command } from './run-cli';

/**
 * The app `npx cdktf synth` / `npx cdktf deploy <stack>` runs (cdktf.json "app", through
 * cli/launch.mjs). The cdktf CLI chooses the output folder through CDKTF_OUTDIR, which App reads.
 * Like `npm run synth`, it puts each stack's committed provider lock beside its cdk.tf.json.
 */
export const main = command('cdktf-app', async (_argv, cwd) => {
  const platform = loadPlatform(join(cwd, 'environments'), { relativeTo: cwd });
  const app = new App({ stackTraces: false });
  await buildStacks(app, platform);
  app.synth();
  // cdktf's own synth copies no lock file; terraform init in cdktf.out/stacks/<stack> reads this one.
  copyProviderLocks(cwd, app.outdir);
  return 0;
});
