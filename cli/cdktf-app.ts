import { join } from 'node:path';
import { App } from 'cdktf';
import { loadPlatform } from '../config/load';
import { buildStacks } from '../stacks/index';
import { command } from './run-cli';

/**
 * The app `npx cdktf synth` / `npx cdktf deploy <stack>` runs (cdktf.json "app", through
 * cli/launch.mjs). The cdktf CLI chooses the output folder through CDKTF_OUTDIR, which App reads.
 */
export const main = command('cdktf-app', async (_argv, cwd) => {
  const platform = loadPlatform(join(cwd, 'environments'), { relativeTo: cwd });
  const app = new App({ stackTraces: false });
  await buildStacks(app, platform);
  app.synth();
  return 0;
});
