/**
 * Cost Optimization Hub (opt-in): ListRecommendations through the SDK's paginator (the service cannot run here:
 * aws-sdk-client-mock answers it, two pages), on a simulated unit whose other sources (Compute Optimizer, the
 * simulated Price List) answer as usual. The hub's figure wins for the same change on the same resource; an
 * account without enrolment (told by ListEnrollmentStatuses when the hub refuses, whatever the error's text) gets
 * a gap and keeps the other figures.
 */
import {
  AccessDeniedException,
  CostOptimizationHubClient,
  ListEnrollmentStatusesCommand,
  ListRecommendationsCommand,
  ValidationException,
  type Recommendation,
} from '@aws-sdk/client-cost-optimization-hub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/collect/clients.js';
import { PriceBook } from '#lib/collect/pricing.js';
import { parseConfig } from '#lib/config/schema.js';
import { scanUnit } from '#lib/engine/scan.js';
import { SERVICES, type Finding, type ScanUnit } from '#lib/model/index.js';
import { applyCohSavings } from '#lib/pricing/aws-savings.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

const coh = mockClient(CostOptimizationHubClient);
afterEach(() => coh.reset());
afterAll(() => coh.restore());

const REGION = 'us-east-1';

async function scan(costOptimizationHub: boolean) {
  const sim = createSimulatedAccount();
  const unit: ScanUnit = { accountId: sim.accountId, region: REGION, global: true };
  const r = await scanUnit(unit, {
    scanId: 'coh',
    services: [...SERVICES],
    clients: createClientFactory({ region: REGION, simulator: sim }),
    now: sim.options.now,
    pricing: new PriceBook({ now: () => sim.options.now }),
    costOptimizationHub,
  });
  return { ...r, sim };
}

const failing = (fs: Finding[], checkId: string) =>
  fs.filter((f) => f.checkId === checkId && f.status === 'fail' && !f.suppressedBy);

describe('Cost Optimization Hub savings', () => {
  it('wins over list-price and Compute Optimizer figures for the same change; other actions and resources are left alone', async () => {
    // A first scan without the hub tells which resources fail (the simulated account is deterministic).
    const plain = await scan(false);
    expect(coh.commandCalls(ListRecommendationsCommand)).toHaveLength(0); // off by default: never called
    const gp3 = failing(plain.findings, 'ebs-volume-type-gp3');
    const graviton = failing(plain.findings, 'ec2-instance-graviton');
    const co = plain.findings.filter(
      (f) =>
        f.service === 'computeoptimizer' &&
        f.status === 'fail' &&
        f.remediation.estimatedMonthlySavingsUsd !== undefined &&
        f.remediation.change?.includes('resize'),
    );
    expect(gp3.length).toBeGreaterThan(1);
    expect(graviton.length).toBeGreaterThan(0);
    expect(co.length).toBeGreaterThan(0);
    const [vol, otherVol] = gp3 as [Finding, Finding];
    const inst = graviton[0] as Finding;
    const coFinding = co[0] as Finding;
    expect(vol.remediation.savings?.source).toBe('price-list');

    const rec = (r: Partial<Recommendation>): Recommendation => ({
      accountId: plain.sim.accountId,
      region: REGION,
      currencyCode: 'USD',
      ...r,
    });
    const page1: Recommendation[] = [
      rec({
        resourceId: vol.resourceId,
        actionType: 'Upgrade',
        estimatedMonthlySavings: 1.23,
        currentResourceSummary: 'gp2',
        recommendedResourceSummary: 'gp3',
        recommendationLookbackPeriodInDays: 14,
      }),
      // Stop is not a change perfscan asks for: not attached.
      rec({ resourceId: otherVol.resourceId, actionType: 'Stop', estimatedMonthlySavings: 99 }),
    ];
    const page2: Recommendation[] = [
      rec({
        resourceArn: inst.resourceArn,
        resourceId: 'other-id',
        actionType: 'MigrateToGraviton',
        estimatedMonthlySavings: 7.5,
      }),
      rec({
        resourceId: coFinding.resourceId,
        resourceArn: coFinding.resourceArn,
        actionType: 'Rightsize',
        estimatedMonthlySavings: 3.21,
      }),
      // Not a resource with a failing finding.
      rec({ resourceId: 'i-0000000000unrelated', actionType: 'Rightsize', estimatedMonthlySavings: 50 }),
    ];
    coh
      .on(ListRecommendationsCommand)
      .resolves({ items: page1, nextToken: 'page-2' })
      .on(ListRecommendationsCommand, { nextToken: 'page-2' })
      .resolves({ items: page2 });

    const withHub = await scan(true);
    // The real paginator: two requests, the second with the first's token, filtered to the unit.
    const calls = coh.commandCalls(ListRecommendationsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      filter: { accountIds: [plain.sim.accountId], regions: [REGION] },
      includeAllRecommendations: false,
    });
    expect(calls[1]?.nextToken).toBe('page-2');

    const byKey = new Map(withHub.findings.map((f) => [`${f.checkId}|${f.resourceId}`, f]));
    const hubVol = byKey.get(`${vol.checkId}|${vol.resourceId}`)!;
    expect(hubVol.remediation.estimatedMonthlySavingsUsd).toBe(1.23);
    expect(hubVol.remediation.savings).toMatchObject({
      source: 'cost-optimization-hub',
      note: expect.stringContaining('Upgrade recommendation (gp2 -> gp3)'),
    });
    const hubOther = byKey.get(`${otherVol.checkId}|${otherVol.resourceId}`)!;
    expect(hubOther.remediation.savings?.source).toBe('price-list');
    expect(hubOther.remediation.estimatedMonthlySavingsUsd).toBe(
      otherVol.remediation.estimatedMonthlySavingsUsd,
    );
    const hubInst = byKey.get(`${inst.checkId}|${inst.resourceId}`)!;
    expect(hubInst.remediation).toMatchObject({
      estimatedMonthlySavingsUsd: 7.5,
      savings: { source: 'cost-optimization-hub' },
    });
    const hubCo = byKey.get(`${coFinding.checkId}|${coFinding.resourceId}`)!;
    expect(hubCo.remediation).toMatchObject({
      estimatedMonthlySavingsUsd: 3.21,
      savings: { source: 'cost-optimization-hub' },
    });
    // Our own finding asking for the same change on that instance (resize) carries the hub's figure too: one
    // problem, one figure (the digest shows it once).
    for (const f of withHub.findings.filter(
      (x) =>
        x.resourceId === coFinding.resourceId &&
        x.status === 'fail' &&
        x.remediation.change?.includes('resize'),
    ))
      expect(f.remediation.savings?.source).toBe('cost-optimization-hub');
    // Everything else is as without the hub.
    const touched = new Set([vol.resourceId, inst.resourceId, coFinding.resourceId]);
    const unchanged = (fs: Finding[]) =>
      fs
        .filter((f) => !touched.has(f.resourceId))
        .map((f) => [
          f.checkId,
          f.resourceId,
          f.remediation.estimatedMonthlySavingsUsd,
          f.remediation.savings?.source,
        ]);
    expect(unchanged(withHub.findings)).toEqual(unchanged(plain.findings));
    expect(withHub.snapshot.gaps.filter((g) => g.slice === 'pricing.costOptimizationHub')).toEqual([]);
  });

  it('an account without enrolment: a gap naming the fix, not a failure; the other sources still apply', async () => {
    // The SDK's own exception class, its message saying nothing of enrolment: the enrollment status decides.
    coh
      .on(ListRecommendationsCommand)
      .rejects(new AccessDeniedException({ message: 'Access denied.', $metadata: { httpStatusCode: 400 } }));
    coh.on(ListEnrollmentStatusesCommand).resolves({ items: [] });
    const r = await scan(true);
    expect(r.summary.status).not.toBe('failed');
    expect(coh.commandCalls(ListEnrollmentStatusesCommand).map((c) => c.args[0].input)).toEqual([
      { accountId: r.sim.accountId },
    ]);
    const gaps = r.snapshot.gaps.filter((g) => g.slice === 'pricing.costOptimizationHub');
    expect(gaps).toEqual([
      expect.objectContaining({
        service: 'pricing',
        code: 'OptInRequired',
        action: 'cost-optimization-hub:ListRecommendations',
        message: expect.stringContaining('enrollment status Inactive'),
        hint: expect.stringContaining('enroll the account in Cost Optimization Hub'),
      }),
    ]);
    expect(
      failing(r.findings, 'ebs-volume-type-gp3').every((f) => f.remediation.savings?.source === 'price-list'),
    ).toBe(true);
    expect(r.findings.some((f) => f.remediation.savings?.source === 'cost-optimization-hub')).toBe(false);

    // Opted out after having been enrolled (status Inactive), refused as a validation error: the same gap.
    coh.reset();
    coh
      .on(ListRecommendationsCommand)
      .rejects(new ValidationException({ message: 'Invalid request.', $metadata: { httpStatusCode: 400 } }));
    coh.on(ListEnrollmentStatusesCommand).resolves({
      items: [{ accountId: r.sim.accountId, status: 'Inactive' }],
    });
    const again = await scan(true);
    expect(again.snapshot.gaps.find((g) => g.slice === 'pricing.costOptimizationHub')?.code).toBe(
      'OptInRequired',
    );
  });

  it('a refusal of an enrolled account is a denial whatever its text; unreadable enrollment too', async () => {
    coh.on(ListRecommendationsCommand).rejects(
      new AccessDeniedException({
        message: 'Account is not enrolled in Cost Optimization Hub',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    coh.on(ListEnrollmentStatusesCommand).resolves({ items: [{ status: 'Active' }] });
    const enrolled = await scan(true);
    expect(enrolled.snapshot.gaps.find((g) => g.slice === 'pricing.costOptimizationHub')).toMatchObject({
      code: 'AccessDenied',
      hint: expect.stringContaining('grant cost-optimization-hub:ListRecommendations'),
    });
    coh
      .on(ListEnrollmentStatusesCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }));
    const unreadable = await scan(true);
    expect(unreadable.snapshot.gaps.find((g) => g.slice === 'pricing.costOptimizationHub')?.code).toBe(
      'AccessDenied',
    );
  });

  it('a denied call names the permission; figures in other currencies are not used', async () => {
    coh.on(ListRecommendationsCommand).rejects(
      new AccessDeniedException({
        message: 'User is not authorized to perform: cost-optimization-hub:ListRecommendations',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    coh.on(ListEnrollmentStatusesCommand).resolves({ items: [{ status: 'Active' }] });
    const r = await scan(true);
    expect(r.snapshot.gaps.find((g) => g.slice === 'pricing.costOptimizationHub')).toMatchObject({
      code: 'AccessDenied',
      hint: expect.stringContaining('grant cost-optimization-hub:ListRecommendations'),
    });
    const f = failing(r.findings, 'ebs-volume-type-gp3')[0]!;
    expect(
      applyCohSavings(
        [f],
        [
          {
            resourceId: f.resourceId,
            actionType: 'Upgrade',
            estimatedMonthlySavings: 5,
            currencyCode: 'CNY',
          },
        ],
      )[0],
    ).toEqual(f);
  });

  it('is switched on by the config, and a wrong value names the field', () => {
    expect(
      parseConfig({ savings: { costOptimizationHub: true } }, 'perfscan.yaml').savings?.costOptimizationHub,
    ).toBe(true);
    expect(() => parseConfig({ savings: { costOptimizationHub: 'yes' } }, 'perfscan.yaml')).toThrow(
      /savings\.costOptimizationHub/,
    );
  });
});
