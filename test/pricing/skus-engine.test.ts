/**
 * The SKU families priced beyond gp2/EC2/Lambda, through the engine on the simulated account (its collectors,
 * checks and Price List): every failing finding of these groups whose change is priced carries a price-list
 * saving with its basis, and the scan records no pricing gap.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES, type ScanUnit } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { scanUnit } from '#lib/engine/scan.js';
import { PriceBook } from '#lib/collect/pricing.js';
import { SIM_PRICE_LIST_DATE } from '#lib/sim/pricing.js';

describe('new SKU families through the engine (simulated us-east-1)', () => {
  it('io1, magnetic, previous-generation RDS classes and ElastiCache nodes carry list-price savings, no pricing gap', async () => {
    const sim = createSimulatedAccount();
    const region = 'us-east-1';
    const unit: ScanUnit = { accountId: sim.accountId, region, global: true };
    const { findings, snapshot } = await scanUnit(unit, {
      scanId: 'skus',
      services: [...SERVICES],
      clients: createClientFactory({ region, simulator: sim }),
      now: sim.options.now,
      pricing: new PriceBook({ now: () => sim.options.now }),
    });
    for (const checkId of [
      'ebs-volume-io1-migrated',
      'ebs-volume-not-magnetic',
      'rds-instance-class-current-generation',
      'elasticache-node-current-generation',
    ]) {
      const failing = findings.filter((f) => f.checkId === checkId && f.status === 'fail');
      expect(failing.length, checkId).toBeGreaterThan(0);
      for (const f of failing) {
        expect(f.remediation.savings, `${checkId} ${f.resourceId}`).toMatchObject({
          source: 'price-list',
          priceListDate: SIM_PRICE_LIST_DATE,
          priceType: 'on-demand list price',
        });
        expect(f.remediation.savings?.note).toMatch(/before Savings Plans, Reserved Instances/);
        expect(f.remediation.estimatedMonthlySavingsUsd).toBeGreaterThanOrEqual(0);
      }
    }
    // A move that saves: the previous-generation RDS classes and the io1 volumes all save money.
    for (const f of findings.filter(
      (x) =>
        x.status === 'fail' &&
        (x.checkId === 'rds-instance-class-current-generation' || x.checkId === 'ebs-volume-io1-migrated'),
    ))
      expect(f.remediation.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
    expect(snapshot.gaps.filter((g) => g.service === 'pricing')).toEqual([]);
  });
});
