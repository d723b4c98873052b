import { gitopsDrift } from './gitops-drift';
import { command, runIfMain } from './run-cli';

/** `npm run check:gitops`: exit 1 when the committed gitops/ is not what `npm run synth` writes. */
export const main = command('check:gitops', async (_argv, cwd) => {
  const drift = await gitopsDrift(cwd);
  const lines = [
    ...drift.missing.map((f) => `missing  gitops/${f}`),
    ...drift.extra.map((f) => `extra    gitops/${f}`),
    ...drift.changed.map((f) => `changed  gitops/${f}`),
  ];
  if (lines.length === 0) {
    process.stdout.write('gitops/ is up to date with environments/\n');
    return 0;
  }
  process.stderr.write(`${lines.join('\n')}\ngitops/ differs from what synth writes: run npm run synth and commit gitops/\n`);
  return 1;
});

runIfMain(import.meta.url, main);
