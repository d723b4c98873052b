import { defineConfig } from 'vitest/config';

/**
 * Long-running end-to-end tests (random SIGKILLs, 1,000-case property runs, a diff between two
 * git checkouts). `npm test` leaves them out to stay fast; `npm run test:slow` runs only them, and
 * CI runs both.
 */
export const SLOW_TESTS = ['tests/reliability/kill.test.ts', 'tests/reliability/property.test.ts', 'tests/diff/e2e.test.ts'];

export default defineConfig({
  test: {
    include: process.env.TEST_SUITE === 'slow' ? SLOW_TESTS : ['tests/**/*.test.ts'],
    exclude: process.env.TEST_SUITE === 'slow' ? [] : SLOW_TESTS,
    // Forks isolate the provider bindings each file loads; two cores, so two workers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
