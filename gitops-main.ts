// Entry point for `npx cdk8s synth` (cdk8s.yaml "app"): writes the same tree `npm run synth`
// puts in gitops/, into the folder the cdk8s CLI names (CDK8S_OUTDIR, default dist/).
import { buildGitops } from './charts/index';
import { carryEncryptedSecrets, findEncryptedSecrets } from './cli/encrypted-secrets';
import { writeFiles } from './cli/files';
import { loadPlatform } from './config/load';
import { ConfigError, formatProblems } from './config/problems';

try {
  const platform = loadPlatform('environments');
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  const encryptedSecrets = findEncryptedSecrets('gitops');
  writeFiles(outdir, await buildGitops(platform, { encryptedSecrets }));
  carryEncryptedSecrets('gitops', outdir, encryptedSecrets);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${formatProblems(error.problems)}\n`);
  process.exit(1);
}
