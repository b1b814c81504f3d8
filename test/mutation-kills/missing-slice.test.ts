/**
 * Every check, called directly (not through the engine, which answers first for a missing slice): when its
 * service's inventory is absent it answers one unit-wide `unknown` naming the slice, or nothing when the
 * service was not requested. Kills the `if (!slice) return missingSlice(...)` mutants in every check file.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '#lib/checks/registry.js';
import { SERVICES, SERVICE_SLICE_KEYS } from '#lib/model/index.js';
import { TEST_NOW, aSnapshot, defaultThresholds } from '#test/builders/index.js';

describe('every check without its service slice', () => {
  it.each(CHECKS.map((c) => [c.id, c] as const))(
    '%s: one unit-wide unknown naming the slice',
    (_id, check) => {
      const snapshot = aSnapshot();
      const key = SERVICE_SLICE_KEYS[check.service];
      delete (snapshot as unknown as Record<string, unknown>)[key];
      const results = check.evaluate(snapshot, { thresholds: defaultThresholds(check), now: TEST_NOW });
      expect(results).toEqual([
        {
          status: 'unknown',
          resourceType: expect.stringMatching(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/),
          resourceId: '*',
          message: `The ${check.service} inventory (snapshot slice ${key}) was not collected.`,
          evidence: [],
        },
      ]);
    },
  );

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    '%s: nothing when the service was not requested',
    (_id, check) => {
      const snapshot = aSnapshot({ services: SERVICES.filter((s) => s !== check.service) });
      expect(check.evaluate(snapshot, { thresholds: defaultThresholds(check), now: TEST_NOW })).toEqual([]);
    },
  );
});
