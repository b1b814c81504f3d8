/**
 * Fewer Price List requests: GetProducts queries that answer many SKUs at once (ANY_OF over the attribute
 * the SKUs differ in), planned generically over request kinds, answered by the simulated Price List
 * (lib/sim/pricing.ts) through the real PricingClient and paginator, and mapped back to each SKU.
 */
import { describe, expect, it } from 'vitest';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { createClientFactory } from '#lib/collect/clients.js';
import { PriceBook } from '#lib/collect/pricing.js';
import {
  ANY_OF_MAX_CHARS,
  ANY_OF_MAX_VALUES,
  batchFor,
  planBatches,
  priceId,
  productQuery,
  type PriceRequest,
} from '#lib/pricing/requests.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

const ec2 = (region: string, instanceType: string): PriceRequest => ({
  kind: 'ec2-instance',
  region,
  instanceType,
  operatingSystem: 'Linux',
  tenancy: 'Shared',
});
const lambda = (region: string, architecture: 'x86_64' | 'arm64'): PriceRequest => ({
  kind: 'lambda-duration',
  region,
  architecture,
});
const storage = (region: string, volumeApiName: string): PriceRequest => ({
  kind: 'ebs-storage',
  region,
  volumeApiName,
});

describe('planBatches', () => {
  it('asks the instance types of one region in one ANY_OF query, the other filters unchanged', () => {
    const plan = planBatches([
      ec2('eu-west-1', 'm5.large'),
      ec2('eu-west-1', 'm7g.large'),
      ec2('eu-west-1', 'c5.large'),
    ]);
    expect(plan).toHaveLength(1);
    const one = productQuery(ec2('eu-west-1', 'm5.large'));
    expect(plan[0]!.ServiceCode).toBe('AmazonEC2');
    expect(plan[0]!.Filters).toEqual(
      one.Filters.map((f) =>
        f.Field === 'instanceType'
          ? { Type: 'ANY_OF', Field: 'instanceType', Value: 'm5.large,m7g.large,c5.large' }
          : f,
      ),
    );
    expect(plan[0]!.requests.map(priceId)).toHaveLength(3);
  });

  it('picks the attribute that gives the fewest queries: the Lambda duration of 3 regions x 2 architectures in 2', () => {
    const rs = ['us-east-1', 'eu-west-1', 'eu-central-1'].flatMap((r) => [
      lambda(r, 'x86_64'),
      lambda(r, 'arm64'),
    ]);
    const plan = planBatches(rs);
    expect(plan).toHaveLength(2);
    for (const b of plan) {
      expect(b.Filters.find((f) => f.Field === 'regionCode')).toEqual({
        Type: 'ANY_OF',
        Field: 'regionCode',
        Value: 'us-east-1,eu-west-1,eu-central-1',
      });
      expect(b.Filters.find((f) => f.Field === 'group')?.Type).toBe('TERM_MATCH');
    }
    // Every request is answered by exactly one query.
    expect(plan.flatMap((b) => b.requests.map(priceId)).sort()).toEqual(rs.map(priceId).sort());
  });

  it('keeps kinds apart, asks a request of its own shape alone with its own filters, and deduplicates', () => {
    const rs: PriceRequest[] = [
      storage('us-east-1', 'gp2'),
      storage('us-east-1', 'gp3'),
      storage('us-east-1', 'gp2'),
      { kind: 'ebs-iops', region: 'us-east-1', volumeApiName: 'gp3' },
      ec2('us-east-1', 'm5.xlarge'),
    ];
    const plan = planBatches(rs);
    expect(plan).toHaveLength(3);
    const iops = plan.find((b) => b.requests[0]!.kind === 'ebs-iops')!;
    expect(iops.Filters).toEqual(productQuery(rs[3]!).Filters);
    const inst = plan.find((b) => b.requests[0]!.kind === 'ec2-instance')!;
    expect(inst.Filters).toEqual(productQuery(rs[4]!).Filters);
    const st = plan.find((b) => b.requests[0]!.kind === 'ebs-storage')!;
    expect(st.requests.map(priceId)).toEqual(['ebs-storage|us-east-1|gp2', 'ebs-storage|us-east-1|gp3']);
  });

  it(`caps an ANY_OF at ${ANY_OF_MAX_VALUES} values and ${ANY_OF_MAX_CHARS} characters; a value with a comma goes alone`, () => {
    const types = Array.from({ length: 120 }, (_, i) => `m${i}.large`);
    const plan = planBatches(types.map((t) => ec2('us-east-1', t)));
    expect(plan.map((b) => b.requests.length)).toEqual([50, 50, 20]);
    const long = Array.from({ length: 40 }, (_, i) => `x${i}.${'y'.repeat(40)}`);
    for (const b of planBatches(long.map((t) => ec2('us-east-1', t)))) {
      const v = b.Filters.find((f) => f.Field === 'instanceType')!.Value;
      expect(v.length).toBeLessThanOrEqual(ANY_OF_MAX_CHARS);
    }
    expect(planBatches(long.map((t) => ec2('us-east-1', t))).flatMap((b) => b.requests)).toHaveLength(40);
    const odd = planBatches([
      ec2('us-east-1', 'a,b'),
      ec2('us-east-1', 'm5.large'),
      ec2('us-east-1', 'm6i.large'),
    ]);
    expect(odd).toHaveLength(2);
    expect(odd.find((b) => b.requests.length === 1)!.Filters).toEqual(
      productQuery(ec2('us-east-1', 'a,b')).Filters,
    );
  });
});

describe('batchFor', () => {
  it("is planBatches' query holding the request, planned over the request's group alone", () => {
    // Several groups (EC2 instances, Lambda, EBS storage, io2 IOPS tiers with magnetic I/O sharing a group),
    // a comma value asked alone, SKUs that share a value, a later duplicate, enough types to chunk.
    const rs: PriceRequest[] = [];
    for (const region of ['us-east-1', 'eu-west-1', 'x,y', 'sa-east-1']) {
      for (let i = 0; i < 70; i++) rs.push(ec2(region, `m${i % 7}.${i % 3 ? 'large' : 'a,b'}${i}`));
      rs.push(
        lambda(region, 'arm64'),
        lambda(region, 'x86_64'),
        storage(region, 'gp2'),
        storage(region, 'io1'),
      );
      rs.push({ kind: 'ebs-iops', region, volumeApiName: 'io2', tier: 2 });
      rs.push({ kind: 'ebs-iops', region, volumeApiName: 'io1' });
      rs.push({ kind: 'ebs-io-requests', region, volumeApiName: 'standard' });
      rs.push(
        {
          kind: 'ec2-instance',
          region,
          instanceType: 'm5.large',
          operatingSystem: 'Linux',
          tenancy: 'Dedicated',
        },
        {
          kind: 'ec2-instance',
          region,
          instanceType: 'm5.large',
          operatingSystem: 'Windows',
          tenancy: 'Shared',
        },
      );
    }
    const plan = planBatches(rs);
    expect(plan.length).toBeGreaterThan(10);
    for (const r of rs) {
      const expected = plan.find((b) => b.requests.includes(r));
      expect(expected, priceId(r)).toBeDefined();
      expect(batchFor(rs, r), priceId(r)).toEqual(expected);
    }
    // A request whose price id comes earlier in the list is not planned: no query holds it.
    const dup = ec2('us-east-1', 'm0.a,b0');
    expect(batchFor([...rs, dup], dup)).toBeUndefined();
  });

  it('a group whose filter values would overflow a numeric key is planned the same (string keys)', () => {
    // Four EC2 filters with ~10,000 values each: the product of their counts passes 2^53. 50 SKUs agree on
    // everything but the type: one ANY_OF query; every other SKU differs in all four and is asked alone.
    const rs: PriceRequest[] = [];
    for (let i = 0; i < 10_000; i++)
      rs.push({
        kind: 'ec2-instance',
        region: `r${i}`,
        instanceType: `t${i}`,
        operatingSystem: `os${i}` as 'Linux',
        tenancy: `ten${i}` as 'Shared',
      });
    const shared = Array.from({ length: 50 }, (_, i) => ec2('us-east-1', `m${i}.large`));
    rs.push(...shared);
    const plan = planBatches(rs);
    expect(plan).toHaveLength(10_001);
    const any = plan.filter((b) => b.requests.length > 1);
    expect(any).toHaveLength(1);
    expect(any[0]!.requests).toEqual(shared);
    expect(batchFor(rs, shared[7]!)).toEqual(any[0]);
  });
});

describe('the simulated Price List answers filters as AWS documents them', () => {
  const sim = createSimulatedAccount();
  const client = createClientFactory({ region: 'us-east-1', simulator: sim }).get(PricingClient, 'us-east-1');
  const skus = async (Filters: { Type: string; Field: string; Value: string }[]) => {
    const r = await client.send(
      new GetProductsCommand({ ServiceCode: 'AmazonEC2', Filters: Filters as never, MaxResults: 100 }),
    );
    const list = (r.PriceList ?? []) as unknown[];
    return list.map(
      (d) =>
        (JSON.parse(String(d)) as { product: { attributes: Record<string, string> } }).product.attributes,
    );
  };

  it('ANY_OF (items trimmed), EQUALS, CONTAINS and NONE_OF', async () => {
    const base = [
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
      { Type: 'EQUALS', Field: 'capacitystatus', Value: 'Used' },
    ];
    const any = await skus([
      ...base,
      { Type: 'ANY_OF', Field: 'instanceType', Value: 'm5.large, m7g.large,nope.large' },
    ]);
    expect(any.map((a) => a.instanceType).sort()).toEqual(['m5.large', 'm7g.large']);
    const contains = await skus([...base, { Type: 'CONTAINS', Field: 'instanceType', Value: 'g.xlarge' }]);
    expect(new Set(contains.map((a) => a.instanceType))).toEqual(
      new Set(['m6g.xlarge', 'm7g.xlarge', 'm8g.xlarge', 'c6g.xlarge', 'c7g.xlarge', 'c8g.xlarge']),
    );
    const none = await skus([
      ...base,
      { Type: 'CONTAINS', Field: 'instanceType', Value: 'g.xlarge' },
      { Type: 'NONE_OF', Field: 'instanceType', Value: 'm6g.xlarge,c6g.xlarge,m8g.xlarge,c8g.xlarge' },
    ]);
    expect(none.map((a) => a.instanceType).sort()).toEqual(['c7g.xlarge', 'm7g.xlarge']);
  });

  it('refuses an unknown filter type with a validation error', async () => {
    await expect(skus([{ Type: 'LIKE', Field: 'instanceType', Value: 'm5%' }])).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('the PriceBook asks in batches', () => {
  const needs = (rs: PriceRequest[]) => rs.map((request) => ({ request, resources: [priceId(request)] }));
  const regions = ['us-east-1', 'eu-west-1'];
  const types = ['m5.large', 'm5.xlarge', 'm7g.large', 'm7g.xlarge', 'c5.large', 'c7g.large', 'm4.large'];
  const all: PriceRequest[] = [
    ...regions.flatMap((r) => types.map((t) => ec2(r, t))),
    ...regions.flatMap((r) => [lambda(r, 'x86_64'), lambda(r, 'arm64')]),
    ...regions.flatMap((r) => ['gp2', 'gp3', 'io1'].map((v) => storage(r, v))),
    ec2('eu-west-1', 'zz9.large'), // sold nowhere
  ];

  it('prices many SKUs with few requests, each exactly as its own query would, and a SKU not returned is a gap', async () => {
    const sim = createSimulatedAccount();
    const clients = createClientFactory({ region: 'us-east-1', simulator: sim });
    const now = () => new Date('2026-11-22T06:00:00Z');
    // Two units asking at once (the scan's units share one book): their requests share queries.
    const book = new PriceBook({ now });
    const [east, west] = await Promise.all(
      regions.map((r) => book.prices(needs(all.filter((x) => x.region === r)), clients, r)),
    );
    const batched = sim.callsTo('GetProductsCommand').length;
    // EC2: one query per region (7 or 8 types each); Lambda: one per architecture over both regions; EBS
    // storage: one per volume type over both regions, or one per region (3 types): the fewest.
    expect(batched).toBeLessThanOrEqual(2 + 2 + 2);
    expect(book.requestsSent).toBe(batched);

    // The same SKUs one query each (the plan of one request is that request's own TERM_MATCH query).
    const single = createSimulatedAccount();
    const singleClients = createClientFactory({ region: 'us-east-1', simulator: single });
    const one = new PriceBook({ now });
    const alone: Record<string, unknown> = {};
    for (const r of all) Object.assign(alone, (await one.prices(needs([r]), singleClients, r.region)).prices);
    expect(single.callsTo('GetProductsCommand')).toHaveLength(all.length);
    expect({ ...east!.prices, ...west!.prices }).toEqual(alone);
    expect(Object.keys(alone)).toHaveLength(all.length - 1);
    expect(west!.gaps).toEqual([
      expect.objectContaining({
        code: 'NotSupported',
        message: expect.stringContaining(
          'no on-demand price for ec2-instance|eu-west-1|zz9.large|Linux|Shared',
        ),
        resources: ['ec2-instance|eu-west-1|zz9.large|Linux|Shared'],
      }),
    ]);
    expect(east!.gaps).toEqual([]);
    expect(east!.prices['ec2-instance|us-east-1|m7g.xlarge|Linux|Shared']?.usd).toBe(0.1632);
    expect(west!.prices['lambda-duration|eu-west-1|arm64']?.usd).toBe(0.0000133334);
  });

  it('a denial answers every waiting SKU with the same gap after one request', async () => {
    const sim = createSimulatedAccount({
      faults: [
        {
          clientName: 'PricingClient',
          commandName: 'GetProductsCommand',
          kind: 'accessDenied',
          times: Infinity,
        },
      ],
    });
    const clients = createClientFactory({ region: 'us-east-1', simulator: sim });
    const book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') });
    const r = await book.prices(needs(all), clients, 'us-east-1');
    expect(r.prices).toEqual({});
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]).toMatchObject({ code: 'AccessDenied', resourceCount: all.length });
    expect(sim.callsTo('GetProductsCommand')).toHaveLength(1);
  });

  it('an error that is not a gap (an undeclared action) rejects the callers waiting for it', async () => {
    const sim = createSimulatedAccount();
    const clients = createClientFactory({
      region: 'us-east-1',
      simulator: sim,
      allowedActions: new Set(['sts:GetCallerIdentity']),
    });
    const book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') });
    await expect(book.prices(needs(all), clients, 'us-east-1')).rejects.toMatchObject({
      name: 'UndeclaredActionError',
    });
  });
});
