/**
 * Savings through the engine: the simulated account's collectors, checks and the pricing collector
 * (GetProducts answered by lib/sim/pricing.ts with price documents), one unit at a time.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES, type ScanUnit } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { scanUnit } from '#lib/engine/scan.js';
import { PriceBook } from '#lib/collect/pricing.js';
import { SIM_PRICE_LIST_DATE } from '#lib/sim/pricing.js';
import type { SimOptions } from '#lib/sim/core.js';

async function scanEast(overrides: Partial<SimOptions> = {}) {
  const sim = createSimulatedAccount(overrides);
  const region = 'us-east-1';
  const unit: ScanUnit = { accountId: sim.accountId, region, global: true };
  const r = await scanUnit(unit, {
    scanId: 'pricing',
    services: [...SERVICES],
    clients: createClientFactory({ region, simulator: sim }),
    now: sim.options.now,
    pricing: new PriceBook({ now: () => sim.options.now }),
  });
  return { ...r, sim };
}

describe('savings through the engine (simulated account)', () => {
  it('every failing gp2 volume carries a list-price saving with its basis; the prices are kept in the snapshot', async () => {
    const { findings, snapshot, sim } = await scanEast();
    const gp3 = findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail');
    expect(gp3.length).toBeGreaterThan(0);
    for (const f of gp3) {
      const v = snapshot.ebs?.volumes.find((x) => x.volumeId === f.resourceId);
      expect(f.remediation.savings?.source).toBe('price-list');
      expect(f.remediation.savings?.priceListDate).toBe(SIM_PRICE_LIST_DATE);
      // us-east-1: gp2 $0.10, gp3 $0.08 per GB-month; small volumes need no extra IOPS.
      if (v && v.sizeGiB <= 1000)
        expect(f.remediation.estimatedMonthlySavingsUsd).toBeCloseTo(v.sizeGiB * 0.02, 2);
    }
    expect(snapshot.prices?.['ebs-storage|us-east-1|gp2']?.usd).toBe(0.1);
    // Only the SKUs the failing findings need, each asked once.
    const asked = sim.callsTo('GetProductsCommand');
    expect(asked.length).toBe(new Set(asked.map((c) => JSON.stringify(c.input.Filters))).size);
    expect(asked.every((c) => c.region === 'us-east-1' && c.input.MaxResults === 100)).toBe(true);
    // Compute Optimizer's own figures keep their number and say where it came from.
    const co = findings.filter(
      (f) => f.service === 'computeoptimizer' && f.remediation.estimatedMonthlySavingsUsd !== undefined,
    );
    expect(co.length).toBeGreaterThan(0);
    for (const f of co) expect(f.remediation.savings?.source).toBe('compute-optimizer');
  });

  it('without pricing:GetProducts: no price-list saving anywhere, and a pricing gap naming the resources', async () => {
    const { findings, snapshot, summary } = await scanEast({
      faults: [
        {
          clientName: 'PricingClient',
          commandName: 'GetProductsCommand',
          kind: 'accessDenied',
          times: Infinity,
        },
      ],
    });
    expect(findings.some((f) => f.remediation.savings?.source === 'price-list')).toBe(false);
    const gp3 = findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail');
    expect(gp3.every((f) => f.remediation.estimatedMonthlySavingsUsd === undefined)).toBe(true);
    const gap = snapshot.gaps.find((g) => g.service === 'pricing');
    expect(gap).toMatchObject({ code: 'AccessDenied', action: 'pricing:GetProducts' });
    expect(gap?.resources).toEqual(expect.arrayContaining(gp3.map((f) => f.resourceId)));
    expect(summary.status).toBe('partial');
  });
});
