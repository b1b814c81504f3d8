/**
 * Pricing in the deployed stack: the real Scan handler invokes the real Pricing handler through the Lambda
 * Invoke API (played on 127.0.0.1 by test/helpers/local-lambda.ts, with the SDK's own LambdaClient), which
 * answers from the price cache in the table (dynalite) and asks GetProducts (the simulated Price List) only
 * for what the cache lacks. The stored findings carry the same savings as `perfscan scan` computes in process.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlanHandler } from '#functions/plan.js';
import { makePricingHandler } from '#functions/pricing.js';
import { makeScanHandler } from '#functions/scan.js';
import { PriceBook } from '#lib/collect/pricing.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { scanUnit } from '#lib/engine/scan.js';
import type { Finding, ServiceName } from '#lib/model/index.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { SIM_PRICE_LIST_DATE } from '#lib/sim/pricing.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { DynamoPriceCache } from '#lib/store/price-cache.js';
import { startDynalite, type LocalDynamo } from '#test/helpers/dynalite.js';
import { startLocalLambda, type LocalLambda } from '#test/helpers/local-lambda.js';
import { startS3, type LocalS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, metricValues, plannedUnits, recordingTools, simClientsFor } from './helpers.js';

const OWN = '111122223333';
const PRICING = 'perfscan-Pricing';
const SERVICES: ServiceName[] = ['ebs', 'ec2', 'lambda'];
const ssm = mockClient(SSMClient);
let dyn: LocalDynamo;
let s3: LocalS3;
let store: DynamoStore;
let sim: SimAccount;
/** The Price List as the Pricing function sees it: a denied one for the denial test. */
let priceList: SimAccount;
let deniedPriceList: SimAccount;
let lambda: LocalLambda;
const pricingRec = recordingTools();
let n = 0;

beforeAll(async () => {
  [dyn, s3] = await Promise.all([startDynalite('perfscan-pricing'), startS3()]);
  store = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
  sim = createSimulatedAccount();
  priceList = createSimulatedAccount();
  deniedPriceList = createSimulatedAccount({
    faults: [
      {
        clientName: 'PricingClient',
        commandName: 'GetProductsCommand',
        kind: 'accessDenied',
        times: Infinity,
      },
    ],
  });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '{}' } });
  const pricingFor = (list: () => SimAccount) =>
    makePricingHandler({
      env: { TABLE_NAME: dyn.tableName, PRICING_RATE_PER_SECOND: '2.5' },
      dynamo: dyn.client,
      clientsFor: (opts) => simClientsFor([list()])(opts),
      clock: () => sim.options.now,
      tools: pricingRec.tools,
    }) as (e: unknown) => Promise<unknown>;
  lambda = await startLocalLambda({
    [PRICING]: pricingFor(() => priceList),
    'perfscan-Pricing-denied': pricingFor(() => deniedPriceList),
  });
});
afterAll(async () => {
  await Promise.all([dyn?.stop(), s3?.stop(), lambda?.stop()]);
  ssm.restore();
});

/** Plan a scan of one region of the own account, and the Scan handler wired to the Pricing function. */
async function planned(region: string, pricingFunction = PRICING) {
  const env = { TABLE_NAME: dyn.tableName, AWS_REGION: 'eu-west-1', RUN_BUCKET: s3.bucket };
  const plan = makePlanHandler({
    env: { ...env, TARGET_ACCOUNTS: OWN },
    dynamo: dyn.client,
    s3: s3.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    tools: recordingTools().tools,
  });
  const r = await plan({
    input: { scope: { accounts: [OWN], regions: [region], services: SERVICES } },
    executionId: `pricing-${++n}`,
    startedAt: '2026-11-22T06:00:00Z',
  });
  const rec = recordingTools();
  const scan = makeScanHandler({
    env: {
      TABLE_NAME: dyn.tableName,
      CONFIG_PARAMETER_NAME: '/perfscan/config',
      AWS_REGION: 'eu-west-1',
      PRICING_FUNCTION_NAME: pricingFunction,
    },
    dynamo: dyn.client,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    lambda: lambda.client,
    clientsFor: simClientsFor([sim]),
    assumeRole: fakeAssumeRole(),
    clock: () => sim.options.now,
    tools: rec.tools,
  });
  const units = await plannedUnits(s3, r);
  expect(units).toHaveLength(1);
  const result = await scan({ scanId: r.scanId, unit: units[0] });
  return { scanId: r.scanId, result, rec };
}

const priced = (fs: Finding[]) => fs.filter((f) => f.remediation.savings?.source === 'price-list');
const savingsByKey = (fs: Finding[]) =>
  Object.fromEntries(
    priced(fs).map((f) => [`${f.checkId}|${f.resourceId}`, f.remediation.estimatedMonthlySavingsUsd]),
  );
const getProducts = (s: SimAccount) => s.calls.filter((c) => c.commandName === 'GetProductsCommand');

describe('pricing in the deployed stack', () => {
  it("the Scan's stored findings carry list-price savings from one Pricing invocation; the next scan reads the cache only", async () => {
    const invoked = lambda.calls.length;
    const first = await planned('eu-west-1');
    expect(first.result.status).toBe('ok');
    expect(lambda.calls.slice(invoked)).toEqual([{ name: PRICING, bytes: expect.any(Number), status: 200 }]);

    const findings = await store.getFindings(first.scanId);
    const gp3 = findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail');
    expect(gp3.length).toBeGreaterThan(0);
    for (const f of gp3) {
      expect(f.remediation.savings).toMatchObject({
        source: 'price-list',
        priceListDate: SIM_PRICE_LIST_DATE,
      });
      expect(f.remediation.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
      // eu-west-1: gp2 $0.11, gp3 $0.088 per GB-month (lib/sim/pricing.ts).
      const size = f.remediation.savings?.current?.lines[0]?.quantity ?? 0;
      if (size <= 1000) expect(f.remediation.estimatedMonthlySavingsUsd).toBeCloseTo(size * 0.022, 2);
    }
    expect(priced(findings).some((f) => f.checkId === 'ec2-instance-graviton')).toBe(true);
    // The unit's aggregate ranks by them (what the Digest reads).
    const [unit] = await store.getUnits(first.scanId);
    const agg = unit?.aggregate?.checks['ebs-volume-type-gp3'];
    expect(agg?.problems).toBeGreaterThan(0);
    expect(agg?.withSavings).toBe(agg?.problems);
    expect(agg?.savingsSum).toBeGreaterThan(0);
    expect(unit?.gaps.filter((g) => g.service === 'pricing')).toEqual([]);

    // GetProducts in us-east-1 only, each SKU once; the prices are in the table's cache now.
    const asked = getProducts(priceList).length;
    expect(asked).toBeGreaterThan(0);
    expect(getProducts(priceList).every((c) => c.region === 'us-east-1' && c.input.MaxResults === 100)).toBe(
      true,
    );
    const cache = new DynamoPriceCache({ tableName: dyn.tableName, client: dyn.client });
    const cached = await cache.getPrices(['ebs-storage|eu-west-1|gp2', 'ebs-storage|eu-west-1|gp3']);
    expect(cached['ebs-storage|eu-west-1|gp2']).toMatchObject({
      usd: 0.11,
      publicationDate: SIM_PRICE_LIST_DATE,
    });
    expect(metricValues(pricingRec, 'PriceListRequests').at(-1)).toBe(asked);

    // The next scan of the unit: the same savings, no GetProducts at all.
    const second = await planned('eu-west-1');
    expect(getProducts(priceList)).toHaveLength(asked);
    expect(metricValues(pricingRec, 'PriceListRequests').at(-1)).toBe(0);
    expect(savingsByKey(await store.getFindings(second.scanId))).toEqual(savingsByKey(findings));

    // And the same savings as `perfscan scan` computes in process with the Price List client.
    const local = await scanUnit(
      { accountId: OWN, region: 'eu-west-1', global: true },
      {
        scanId: 'cli',
        services: SERVICES,
        clients: createClientFactory({ region: 'eu-west-1', simulator: createSimulatedAccount() }),
        now: sim.options.now,
        pricing: new PriceBook({ now: () => sim.options.now }),
      },
    );
    const cli = local.findings.filter((f) => !f.suppressedBy);
    expect(savingsByKey(findings)).toEqual(savingsByKey(cli));
  });

  it("without pricing:GetProducts on the Pricing function's role: no saving, a pricing gap naming the fix", async () => {
    const r = await planned('us-east-1', 'perfscan-Pricing-denied');
    expect(r.result.status).toBe('partial'); // a gap, not a failure
    const findings = await store.getFindings(r.scanId);
    expect(
      findings.filter((f) => f.checkId === 'ebs-volume-type-gp3' && f.status === 'fail').length,
    ).toBeGreaterThan(0);
    expect(priced(findings)).toEqual([]);
    const [unit] = await store.getUnits(r.scanId);
    const gaps = unit?.gaps.filter((g) => g.service === 'pricing') ?? [];
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({
      code: 'AccessDenied',
      action: 'pricing:GetProducts',
      hint: expect.stringContaining('Pricing function role'),
    });
    expect(gaps[0]?.resourceCount).toBeGreaterThan(0);
    // A denial is asked once, not once per SKU.
    expect(getProducts(deniedPriceList)).toHaveLength(1);
  });

  it('without lambda:InvokeFunction: the unit is scanned, its findings have no saving, a gap says why', async () => {
    lambda.deny.add(PRICING);
    try {
      const r = await planned('us-east-1');
      expect(r.result.status).toBe('partial'); // a gap, not a failure
      const findings = await store.getFindings(r.scanId);
      expect(priced(findings)).toEqual([]);
      const [unit] = await store.getUnits(r.scanId);
      const gaps = unit?.gaps.filter((g) => g.service === 'pricing') ?? [];
      expect(gaps).toEqual([
        expect.objectContaining({
          code: 'AccessDenied',
          action: 'lambda:InvokeFunction',
          message: expect.stringMatching(/not authorized to perform: lambda:InvokeFunction/),
        }),
      ]);
      // Compute Optimizer's own figures are kept, with their source.
      expect(
        findings
          .filter(
            (f) => f.service === 'computeoptimizer' && f.remediation.estimatedMonthlySavingsUsd !== undefined,
          )
          .every((f) => f.remediation.savings?.source === 'compute-optimizer'),
      ).toBe(true);
    } finally {
      lambda.deny.delete(PRICING);
    }
  });

  it("a throttled Pricing function (its reserved concurrency) is retried by the Scan's client", async () => {
    lambda.throttleNext = 2;
    const before = lambda.calls.length;
    const r = await planned('eu-west-1');
    expect(lambda.calls.slice(before).map((c) => c.status)).toEqual([429, 429, 200]);
    expect(priced(await store.getFindings(r.scanId)).length).toBeGreaterThan(0);
  });

  it('rejects a malformed event naming the field, and answers nothing for no findings', async () => {
    const handler = makePricingHandler({
      env: { TABLE_NAME: dyn.tableName },
      dynamo: dyn.client,
      clientsFor: simClientsFor([priceList]),
      tools: recordingTools().tools,
    });
    await expect(
      handler({
        region: 'eu-west-1',
        items: [{ resourceId: 'vol-1', facts: { kind: 'ebs-volume', region: 'eu-west-1', sizeGiB: -5 } }],
      }),
    ).rejects.toThrow(/Invalid Pricing event: items\[0\]\.facts\.sizeGiB/);
    await expect(handler({ region: 'mars-1', items: [] })).rejects.toThrow(
      /region: 'mars-1' is not a known AWS region/,
    );
    await expect(handler({ region: 'eu-west-1', items: [] })).resolves.toEqual({
      bases: [],
      prices: {},
      gaps: [],
      requests: 0,
    });
  });
});
