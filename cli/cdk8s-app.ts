import { join } from 'node:path';
import { buildGitops } from '../charts/index';
import { loadPlatform } from '../config/load';
import { findEncryptedSecrets, withEncryptedSecrets } from './encrypted-secrets';
import { writeFiles } from './files';
import { command } from './run-cli';

/**
 * The app `npx cdk8s synth` runs (cdk8s.yaml "app", through cli/launch.mjs): writes the tree
 * `npm run synth` puts in gitops/ into the folder the cdk8s CLI names (CDK8S_OUTDIR, default dist/).
 */
export const main = command('cdk8s-app', async (_argv, cwd) => {
  const platform = loadPlatform(join(cwd, 'environments'), { relativeTo: cwd });
  const outdir = join(cwd, process.env.CDK8S_OUTDIR ?? 'dist');
  const gitops = join(cwd, 'gitops');
  const encryptedSecrets = findEncryptedSecrets(gitops);
  writeFiles(outdir, withEncryptedSecrets(gitops, await buildGitops(platform, { encryptedSecrets }), encryptedSecrets));
  return 0;
});
