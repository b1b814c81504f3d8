/**
 * Registry-wide: every collector, run alone against the simulated account with the client factory
 * allowing only its own declared actions (plus the unit's base actions), completes without an
 * UndeclaredActionError, and every action it sends is one it declared. The deployed IAM policy is
 * generated from the same declarations, so a collector cannot need a permission the policy lacks.
 */
import { describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { BASE_IAM_ACTIONS, COLLECTORS, requiredIamActions } from '#lib/collect/registry.js';
import { collectUnit } from '#lib/collect/unit.js';
import { SERVICES } from '#lib/model/index.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

describe('declared IAM actions', () => {
  it.each([...SERVICES])('%s sends only the actions it declares', async (service) => {
    const account = createSimulatedAccount();
    const declared = new Set(requiredIamActions([service]));
    const sent = new Set<string>();
    for (const region of ['us-east-1', 'eu-west-1']) {
      const clients = createClientFactory({
        region,
        simulator: account,
        limiter: new RateLimiter(),
        allowedActions: declared,
      });
      const snap = await collectUnit(
        { accountId: account.accountId, region, global: region === 'us-east-1' },
        { scanId: 's', services: [service], clients, now: account.options.now },
      );
      for (const action of Object.keys(snap.stats.apiCalls)) sent.add(action);
      expect(snap.gaps.filter((g) => /Undeclared/i.test(g.message))).toEqual([]);
    }
    const undeclared = [...sent].filter((a) => !declared.has(a));
    expect(undeclared).toEqual([]);
    // The collector really ran: it sent at least one of its own (non-base) actions.
    const own = [...sent].filter((a) => !(BASE_IAM_ACTIONS as readonly string[]).includes(a));
    expect(own.length, `${service} sent none of its declared actions`).toBeGreaterThan(0);
    expect(COLLECTORS[service].iamActions.length).toBeGreaterThan(0);
  });
});
