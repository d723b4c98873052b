// Entry point for `npx cdktf synth` / `npx cdktf deploy <stack>` (cdktf.json "app").
// The CLI chooses the output folder through CDKTF_OUTDIR, which App reads.
import { App } from 'cdktf';
import { loadPlatform } from './config/load';
import { ConfigError, formatProblems } from './config/problems';
import { buildStacks } from './stacks/index';

try {
  const platform = loadPlatform('environments');
  const app = new App({ stackTraces: false });
  await buildStacks(app, platform);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${formatProblems(error.problems)}\n`);
  process.exit(1);
}
