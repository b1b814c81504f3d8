/**
 * The test set Stryker runs (`npm run mutation`, stryker.config.mjs): only the suites that exercise the
 * mutated files (checks, maturity, the metric batcher) plus the kill tests. Faster than the whole suite,
 * which starts dynalite, Chromium and the CDK synth.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/checks/**/*.test.ts',
      'test/maturity/**/*.test.ts',
      'test/mutation-kills/**/*.test.ts',
      // checks and the maturity facts on the same snapshots (facts.ts and the measures; 0.2 s)
      'test/concepts/agreement.test.ts',
      'test/collect/metrics.test.ts',
      'test/engine/evaluate.test.ts',
      'test/docs.test.ts',
    ],
    // test/maturity/engine.test.ts scans five simulated accounts end to end (about 1 s each): every check,
    // facts and measure mutant reaches it, so it multiplied the time per mutant; the facts and measures are
    // pinned directly by test/mutation-kills/maturity-*.test.ts (it still runs in `npm test`).
    exclude: ['**/node_modules/**', '.stryker-tmp/**', 'test/maturity/engine.test.ts'],
    environment: 'node',
    // MUTATION_ISOLATE=0: reuse modules across test files (faster under Stryker; see docs/testing.md).
    isolate: process.env.MUTATION_ISOLATE !== '0',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
