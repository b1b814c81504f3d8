/**
 * The demo account end to end (simulator -> collectors -> checks -> maturity facts): the findings must not contradict
 * each other or the account. Guards the false alarms found in the demo: unit-wide "you lack X" in a region without
 * workloads, Compute Optimizer enrolled in one region only, Memcached read with Redis metric names.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES, type Finding, type ScanUnit, type Snapshot } from '#lib/model/index.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { scanUnit } from '#lib/engine/scan.js';
import { deriveUnitFacts, mergeFacts } from '#lib/maturity/facts.js';
import { scoreAccount } from '#lib/maturity/score.js';

type UnitResult = { snapshot: Snapshot; findings: Finding[] };

async function scanAll(sim: SimAccount): Promise<Record<string, UnitResult>> {
  const out: Record<string, UnitResult> = {};
  for (const region of sim.options.enabledRegions) {
    const unit: ScanUnit = { accountId: sim.accountId, region, global: region === 'us-east-1' };
    const r = await scanUnit(unit, {
      scanId: 'demo',
      services: [...SERVICES],
      clients: createClientFactory({ region, simulator: sim }),
      now: sim.options.now,
    });
    out[region] = { snapshot: r.snapshot, findings: r.findings };
  }
  return out;
}

/** The default demo account, scanned once for the tests that only read it. */
let demo: Promise<Record<string, UnitResult>> | undefined;
const scanDemo = () => (demo ??= scanAll(createSimulatedAccount()));

const of = (u: UnitResult | undefined, checkId: string) =>
  (u?.findings ?? []).filter((f) => f.checkId === checkId);

describe('demo account consistency', () => {
  it('raises no unit-wide absence finding in a region without workloads', async () => {
    const units = await scanDemo();
    const quiet = units['eu-central-1'];
    for (const id of ['cloudwatch-alarms-latency-percentile', 'cloudwatch-slos-burn-rate-alarms']) {
      const [r] = of(quiet, id);
      expect(r?.status, id).toBe('pass');
      expect(r?.message, id).toMatch(/^Not applicable: no workloads in this region/);
    }
    expect(quiet?.findings.filter((f) => f.resourceId === '*' && f.status !== 'pass')).toEqual([]);
    // A busy region still gets the finding.
    expect(of(units['us-east-1'], 'cloudwatch-slos-burn-rate-alarms')[0]?.status).toBe('fail');
  });

  it('agrees on Compute Optimizer: enrolled account-wide, recommendations in every busy region', async () => {
    const units = await scanDemo();
    expect(of(units['us-east-1'], 'computeoptimizer-account-enrolled')).toEqual([
      expect.objectContaining({ status: 'pass', region: 'global' }),
    ]);
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(units[region]?.snapshot.computeOptimizer?.enrollmentStatus).toBe('Active');
      expect(of(units[region], 'computeoptimizer-ec2-instance-optimized').length).toBeGreaterThan(0);
    }
    expect(units['eu-central-1']?.snapshot.computeOptimizer?.enrollmentStatus).toBe('Active');
  });

  it('says "not enrolled" once, and nothing else about Compute Optimizer, for an account that did not opt in', async () => {
    const units = await scanAll(createSimulatedAccount({ computeOptimizerEnrolled: false }));
    expect(of(units['us-east-1'], 'computeoptimizer-account-enrolled')).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('is not enrolled') }),
    ]);
    const recommendations = Object.values(units).flatMap((u) =>
      u.findings.filter(
        (f) => f.service === 'computeoptimizer' && f.checkId !== 'computeoptimizer-account-enrolled',
      ),
    );
    expect(recommendations).toEqual([]);
  });

  it('judges Memcached and serverless caches from the metrics their engines publish', async () => {
    const units = await scanDemo();
    const hitRate = of(units['eu-west-1'], 'elasticache-cluster-cache-hit-rate-high');
    const status = (id: string) => hitRate.find((f) => f.resourceId === id)?.status;
    expect(status('catalog-cache')).toBe('fail'); // Memcached, ~55%
    expect(status('page-cache')).toBe('pass'); // serverless Memcached, ~88%
    expect(status('api-cache')).toBe('pass'); // serverless Valkey, ~91%
  });

  it('never tells one resource both to shrink and to grow', async () => {
    const units = await scanDemo();
    const down = /overprovision|over-provisioned/i;
    const up = /underprovision|under-provisioned|saturated|throttled|close to its timeout/i;
    for (const [region, u] of Object.entries(units)) {
      const byResource = new Map<string, Finding[]>();
      for (const f of u.findings.filter((x) => x.status === 'fail' && x.resourceId !== '*'))
        byResource.set(f.resourceId, [...(byResource.get(f.resourceId) ?? []), f]);
      for (const [id, fs] of byResource) {
        const dirs = new Set(
          fs.flatMap((f) => [down.test(f.message) ? 'down' : '', up.test(f.message) ? 'up' : '']),
        );
        dirs.delete('');
        expect([...dirs], `${region} ${id}: ${fs.map((f) => f.message).join(' | ')}`).toHaveLength(
          Math.min(dirs.size, 1),
        );
      }
    }
  });

  it('lets an empty region change no maturity criterion (neither "at least one" met nor "every" not met)', async () => {
    const units = await scanDemo();
    const facts = (region: string, snapshot?: Snapshot) => {
      const u = units[region];
      if (!u) throw new Error(region);
      return deriveUnitFacts(snapshot ?? u.snapshot, u.findings);
    };
    const quiet = units['eu-central-1']?.snapshot;
    if (!quiet) throw new Error('eu-central-1');
    // The demo's quiet region (one rarely run function) and the same region with nothing at all.
    const empty: Snapshot = { ...quiet, lambda: { functions: [] }, metrics: {} };
    const busy = [facts('eu-west-1'), facts('us-east-1')];
    const states = (f: ReturnType<typeof mergeFacts>) => {
      const score = scoreAccount({
        facts: f,
        attestations: [],
        history: { scans: 1, openDebt: 0, debtWithImpact: 0, scheduled: false },
        now: quiet.collectedAt,
      });
      return Object.fromEntries(
        [...score.checklists.flatMap((c) => c.items), ...score.controls.flatMap((c) => c.criteria)].map(
          (r) => [r.id, r.state],
        ),
      );
    };
    const without = states(mergeFacts(busy));
    expect(states(mergeFacts([...busy, facts('eu-central-1')]))).toEqual(without);
    expect(states(mergeFacts([...busy, facts('eu-central-1', empty)]))).toEqual(without);
  });
});
