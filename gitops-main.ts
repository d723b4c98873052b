// Entry point for `npx cdk8s synth` (cdk8s.yaml "app"): writes the same tree `npm run synth`
// puts in gitops/, into the folder the cdk8s CLI names (CDK8S_OUTDIR, default dist/).
import { buildGitops } from './charts/index';
import { writeFiles } from './cli/synthesize';
import { loadPlatform } from './config/load';
import { ConfigError, formatProblems } from './config/problems';

try {
  const platform = loadPlatform('environments');
  writeFiles(process.env.CDK8S_OUTDIR ?? 'dist', await buildGitops(platform));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${formatProblems(error.problems)}\n`);
  process.exit(1);
}
