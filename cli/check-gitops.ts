import { ConfigError, formatProblems } from '../config/problems';
import { gitopsDrift } from './gitops-drift';

/** `npm run check:gitops`: exit 1 when the committed gitops/ is not what `npm run synth` writes. */
gitopsDrift(process.cwd()).then(
  (drift) => {
    const lines = [
      ...drift.missing.map((f) => `missing  gitops/${f}`),
      ...drift.extra.map((f) => `extra    gitops/${f}`),
      ...drift.changed.map((f) => `changed  gitops/${f}`),
    ];
    if (lines.length === 0) {
      process.stdout.write('gitops/ is up to date with environments/\n');
      process.exit(0);
    }
    process.stderr.write(`${lines.join('\n')}\ngitops/ differs from what synth writes: run npm run synth and commit gitops/\n`);
    process.exit(1);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${formatProblems(error.problems)}\n`);
      process.exit(1);
    }
    process.stderr.write(`check:gitops: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
