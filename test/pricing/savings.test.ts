/**
 * Savings from the AWS Price List, to the cent: price documents in the shape GetProducts returns (JSON text per
 * product, OnDemand priceDimensions, publicationDate), read through the real PricingClient (mocked with
 * aws-sdk-client-mock: the Price List cannot run here), then priced against a snapshot.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { metricKey, type Finding, type Price, type Snapshot } from '#lib/model/index.js';
import { PriceBook, type PriceCache } from '#lib/collect/pricing.js';
import type { ClientFactory } from '#lib/collect/types.js';
import { applySavings, priceRequests } from '#lib/pricing/estimate.js';
import { parsePriceDocument } from '#lib/pricing/documents.js';

const PUBLISHED = '2026-11-01T00:00:00Z';

/** One product as GetProducts returns it (Billing user guide, "Reading the service price list file"). */
function doc(
  sku: string,
  productFamily: string,
  attributes: Record<string, string>,
  dims: { unit: string; usd: string; begin?: string; end?: string }[],
): string {
  const priceDimensions = Object.fromEntries(
    dims.map((d, i) => [
      `${sku}.JRTCKXETXF.6YS6EN2CT${i}`,
      {
        unit: d.unit,
        endRange: d.end ?? 'Inf',
        description: `${d.usd} per ${d.unit}`,
        appliesTo: [],
        rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT${i}`,
        beginRange: d.begin ?? '0',
        pricePerUnit: { USD: d.usd },
      },
    ]),
  );
  return JSON.stringify({
    product: { productFamily, attributes, sku },
    serviceCode: attributes.servicecode,
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions,
          sku,
          effectiveDate: PUBLISHED,
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      Reserved: {},
    },
    version: '20261101000000',
    publicationDate: PUBLISHED,
  });
}

const ec2 = (sku: string, instanceType: string, usd: string, capacitystatus = 'Used') =>
  doc(
    sku,
    'Compute Instance',
    {
      servicecode: 'AmazonEC2',
      regionCode: 'us-east-1',
      instanceType,
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      preInstalledSw: 'NA',
      capacitystatus,
      licenseModel: 'No License required',
    },
    [{ unit: 'Hrs', usd }],
  );

/** us-east-1 on-demand list prices (AWS pricing pages): gp2 $0.10 and gp3 $0.08 per GB-month, gp3 IOPS $0.005. */
const DOCUMENTS: Record<string, string[]> = {
  'gp2|Storage': [
    doc('GP2SKU', 'Storage', { servicecode: 'AmazonEC2', regionCode: 'us-east-1', volumeApiName: 'gp2' }, [
      { unit: 'GB-Mo', usd: '0.1000000000' },
    ]),
  ],
  'gp3|Storage': [
    doc('GP3SKU', 'Storage', { servicecode: 'AmazonEC2', regionCode: 'us-east-1', volumeApiName: 'gp3' }, [
      { unit: 'GB-Mo', usd: '0.0800000000' },
    ]),
  ],
  'gp3|System Operation': [
    doc(
      'GP3IOPS',
      'System Operation',
      { servicecode: 'AmazonEC2', regionCode: 'us-east-1', volumeApiName: 'gp3', group: 'EBS IOPS' },
      [{ unit: 'IOPS-Mo', usd: '0.0050000000' }],
    ),
  ],
  // m5.xlarge $0.192/h, m7g.xlarge $0.1632/h, m6g.xlarge $0.154/h; a reserved-capacity row must not be taken.
  'm5.xlarge': [ec2('M5XL', 'm5.xlarge', '0.1920000000')],
  'm7g.xlarge': [ec2('M7GXL', 'm7g.xlarge', '0.1632000000')],
  'm6g.xlarge': [ec2('M6GXL', 'm6g.xlarge', '0.1540000000')],
  'AWS-Lambda-Duration': [
    doc(
      'LX86',
      'Serverless',
      { servicecode: 'AWSLambda', regionCode: 'us-east-1', group: 'AWS-Lambda-Duration' },
      [
        { unit: 'Lambda-GB-Second', usd: '0.0000166667', begin: '0', end: '6000000000' },
        { unit: 'Lambda-GB-Second', usd: '0.0000150000', begin: '6000000000', end: '15000000000' },
        { unit: 'Lambda-GB-Second', usd: '0.0000133334', begin: '15000000000' },
      ],
    ),
  ],
  'AWS-Lambda-Duration-ARM': [
    doc(
      'LARM',
      'Serverless',
      { servicecode: 'AWSLambda', regionCode: 'us-east-1', group: 'AWS-Lambda-Duration-ARM' },
      [
        { unit: 'Lambda-GB-Second', usd: '0.0000133334', begin: '0', end: '7500000000' },
        { unit: 'Lambda-GB-Second', usd: '0.0000120001', begin: '7500000000' },
      ],
    ),
  ],
};

type Filter = { Type?: string; Field?: string; Value?: string };
const field = (filters: Filter[] | undefined, name: string) => filters?.find((f) => f.Field === name)?.Value;
/** The filters as one TERM_MATCH list per combination of their ANY_OF values (a batch = several queries). */
const expand = (filters: Filter[] = []): Filter[][] =>
  filters.reduce<Filter[][]>(
    (acc, f) =>
      acc.flatMap((fs) =>
        (f.Type === 'ANY_OF' ? (f.Value ?? '').split(',') : [f.Value]).map((Value) => [
          ...fs,
          { Field: f.Field, Value },
        ]),
      ),
    [[]],
  );

const pricing = mockClient(PricingClient);
const clients: ClientFactory = {
  get: (() => new PricingClient({ region: 'us-east-1' })) as ClientFactory['get'],
};

beforeEach(() => {
  pricing.reset();
  pricing.on(GetProductsCommand).callsFake((input: { Filters?: Filter[]; MaxResults?: number }) => {
    expect(input.MaxResults).toBe(100);
    const list = expand(input.Filters).flatMap((f) => {
      const key =
        field(f, 'instanceType') ??
        field(f, 'group')?.replace('EBS IOPS', '') ??
        `${field(f, 'volumeApiName')}|${field(f, 'productFamily')}`;
      return key === '' ? DOCUMENTS['gp3|System Operation'] : (DOCUMENTS[key] ?? []);
    });
    return { FormatVersion: 'aws_v1', PriceList: list };
  });
});

function snapshot(parts: Partial<Snapshot>): Snapshot {
  return {
    schemaVersion: 1,
    scanId: 's',
    accountId: '111122223333',
    region: 'us-east-1',
    globalUnit: true,
    collectedAt: '2026-11-22T06:00:00Z',
    window: { start: '2026-11-08T00:00:00Z', end: '2026-11-22T00:00:00Z', days: 14 },
    services: ['ec2', 'ebs', 'lambda'],
    metrics: {},
    gaps: [],
    stats: { apiCalls: {}, throttles: 0, retries: 0, metricQueries: 0, getMetricDataCalls: 0, durationMs: 0 },
    ...parts,
  };
}

function failing(
  checkId: string,
  resourceType: string,
  resourceId: string,
  change: Finding['remediation']['change'],
): Finding {
  return {
    checkId,
    title: checkId,
    service:
      resourceType === 'AWS::Lambda::Function'
        ? 'lambda'
        : resourceType === 'AWS::EC2::Volume'
          ? 'ebs'
          : 'ec2',
    control: 'WAF-PERF-010',
    severity: 'medium',
    status: 'fail',
    accountId: '111122223333',
    region: 'us-east-1',
    resourceType,
    resourceId,
    message: 'x.',
    evidence: [],
    remediation: { text: 'x', docs: [], ...(change ? { change } : {}) },
  };
}

async function priced(
  snap: Snapshot,
  findings: Finding[],
  book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') }),
) {
  const r = await book.prices(priceRequests(snap, findings), clients, snap.region);
  snap.prices = r.prices;
  snap.gaps.push(...r.gaps);
  return { findings: applySavings(snap, findings), result: r, book };
}

const volume = (volumeId: string, sizeGiB: number) => ({
  volumeId,
  arn: `arn:aws:ec2:us-east-1:111122223333:volume/${volumeId}`,
  volumeType: 'gp2',
  sizeGiB,
  state: 'in-use',
  attachments: [],
  tags: {},
});

const instance = (instanceId: string, instanceType: string) => ({
  instanceId,
  arn: `arn:aws:ec2:us-east-1:111122223333:instance/${instanceId}`,
  instanceType,
  state: 'running',
  architecture: 'x86_64',
  platform: 'Linux/UNIX',
  tags: {},
});

describe('price documents', () => {
  it('reads the on-demand dimensions of a GetProducts document, tiers in order', () => {
    const p = parsePriceDocument(DOCUMENTS['AWS-Lambda-Duration']![0]);
    expect(p?.sku).toBe('LX86');
    expect(p?.publicationDate).toBe(PUBLISHED);
    expect(p?.onDemand.map((d) => [d.beginRange, d.usd])).toEqual([
      [0, 0.0000166667],
      [6e9, 0.000015],
      [15e9, 0.0000133334],
    ]);
    expect(parsePriceDocument('{not json')).toBeUndefined();
    expect(parsePriceDocument(JSON.stringify({ product: {} }))).toBeUndefined();
  });
});

describe('savings at list price, to the cent', () => {
  it('prices a 500 GiB gp2 volume as gp3: $50.00 -> $40.00, saves $10.00; a 2,000 GiB one keeps its 6,000 IOPS', async () => {
    const snap = snapshot({ ebs: { volumes: [volume('vol-500', 500), volume('vol-2000', 2000)] } });
    const { findings } = await priced(snap, [
      failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-500', ['storage-type']),
      failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-2000', ['storage-type']),
    ]);
    const [small, big] = findings;
    expect(small?.remediation.estimatedMonthlySavingsUsd).toBe(10);
    expect(small?.remediation.savings).toMatchObject({
      source: 'price-list',
      current: { monthlyUsd: 50, lines: [{ sku: 'GP2SKU', usdPerUnit: 0.1, unit: 'GB-Mo', quantity: 500 }] },
      target: { monthlyUsd: 40, lines: [{ sku: 'GP3SKU', usdPerUnit: 0.08, quantity: 500 }] },
      priceListDate: PUBLISHED,
      priceType: 'on-demand list price',
    });
    expect(small?.remediation.savings?.note).toMatch(/before Savings Plans, Reserved Instances/);
    // 2,000 GiB gp2: 6,000 IOPS baseline -> gp3 with 3,000 IOPS above its baseline: $160 + $15 vs $200.
    expect(big?.remediation.savings?.target?.monthlyUsd).toBe(175);
    expect(big?.remediation.savings?.target?.lines[1]).toMatchObject({
      sku: 'GP3IOPS',
      quantity: 3000,
      monthlyUsd: 15,
    });
    expect(big?.remediation.estimatedMonthlySavingsUsd).toBe(25);
  });

  it('prices m5.xlarge -> m7g.xlarge at 730 hours: $140.16 -> $119.14, saves $21.02', async () => {
    const snap = snapshot({
      ec2: { instances: [instance('i-1', 'm5.xlarge')], instanceTypes: {}, gravitonFamilies: ['m7g'] },
    });
    const { findings } = await priced(snap, [
      failing('ec2-instance-graviton', 'AWS::EC2::Instance', 'i-1', ['architecture']),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({ label: 'm5.xlarge Linux', monthlyUsd: 140.16 });
    expect(s?.savings?.target).toMatchObject({ label: 'm7g.xlarge Linux', monthlyUsd: 119.14 });
    expect(s?.savings?.hoursPerMonth).toBe(730);
    expect(s?.estimatedMonthlySavingsUsd).toBe(21.02);
  });

  it('takes the cheapest candidate of the same size when several would do, and lists them', async () => {
    const snap = snapshot({
      ec2: { instances: [instance('i-1', 'm5.xlarge')], instanceTypes: {}, gravitonFamilies: ['m6g', 'm7g'] },
    });
    const { findings } = await priced(snap, [
      failing('ec2-instance-graviton', 'AWS::EC2::Instance', 'i-1', ['architecture']),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.target?.label).toBe('m6g.xlarge Linux');
    expect(s?.savings?.candidates).toEqual([
      { label: 'm6g.xlarge', monthlyUsd: 112.42 },
      { label: 'm7g.xlarge', monthlyUsd: 119.14 },
    ]);
    expect(s?.estimatedMonthlySavingsUsd).toBe(27.74);
  });

  it('prices a 1,024 MB x86 Lambda on arm64 from its measured usage: 1,825,000 GB-s, $30.42 -> $24.33', async () => {
    const dims = { FunctionName: 'api' };
    const m = (
      metricName: string,
      stat: string,
      periodSeconds: number,
      v: { mean?: number; sum?: number },
    ) => ({
      [metricKey({ namespace: 'AWS/Lambda', metricName, dimensions: dims, stat, periodSeconds })]: {
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: dims,
        stat,
        periodSeconds,
        windowDays: 14,
        datapoints: 10,
        expectedDatapoints: 10,
        ...v,
      },
    });
    const snap = snapshot({
      lambda: {
        functions: [
          {
            functionName: 'api',
            arn: 'arn:aws:lambda:us-east-1:111122223333:function:api',
            memoryMiB: 1024,
            timeoutSeconds: 30,
            architectures: ['x86_64'],
            tags: {},
          },
        ],
      },
      // 200 ms average, 300,000 invocations a day: 9,125,000 a month of 730 hours -> 1,825,000 GB-s.
      metrics: {
        ...m('Duration', 'Average', 3600, { mean: 200 }),
        ...m('Invocations', 'Sum', 86_400, { sum: 4_200_000 }),
      },
    });
    const { findings } = await priced(snap, [
      failing('lambda-function-arm64-architecture', 'AWS::Lambda::Function', 'api', ['architecture']),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({
      monthlyUsd: 30.42,
      lines: [{ quantity: 1_825_000, usdPerUnit: 0.0000166667 }],
    });
    expect(s?.savings?.target).toMatchObject({
      monthlyUsd: 24.33,
      lines: [{ quantity: 1_825_000, usdPerUnit: 0.0000133334 }],
    });
    expect(s?.estimatedMonthlySavingsUsd).toBe(6.09);
  });
});

describe('no price, no number', () => {
  it('without pricing:GetProducts: a gap naming the resources, no saving, and the denial asked once', async () => {
    pricing.reset();
    pricing.on(GetProductsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), {
        name: 'AccessDeniedException',
      }),
    );
    const snap = snapshot({ ebs: { volumes: [volume('vol-a', 100), volume('vol-b', 200)] } });
    const { findings, result } = await priced(snap, [
      failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-a', ['storage-type']),
      failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-b', ['storage-type']),
    ]);
    for (const f of findings) {
      expect(f.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
      expect(f.remediation.savings).toBeUndefined();
    }
    expect(result.gaps).toEqual([
      expect.objectContaining({
        service: 'pricing',
        code: 'AccessDenied',
        action: 'pricing:GetProducts',
        resources: ['vol-a', 'vol-b'],
        resourceCount: 2,
        hint: expect.stringContaining('pricing:GetProducts'),
      }),
    ]);
    expect(pricing.commandCalls(GetProductsCommand).length).toBe(1);
  });

  it('in a partition without the Price List API: a gap, no call, no saving', async () => {
    const snap = snapshot({ region: 'cn-north-1', ebs: { volumes: [volume('vol-a', 100)] } });
    const { findings, result } = await priced(snap, [
      failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-a', ['storage-type']),
    ]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(result.gaps[0]).toMatchObject({ service: 'pricing', code: 'NotSupported', resources: ['vol-a'] });
    expect(pricing.commandCalls(GetProductsCommand).length).toBe(0);
  });

  it('a SKU the Price List does not sell: a gap, no guessed number', async () => {
    const snap = snapshot({
      ec2: { instances: [instance('i-1', 'm5.xlarge')], instanceTypes: {}, gravitonFamilies: ['m9g'] },
    });
    const { findings, result } = await priced(snap, [
      failing('ec2-instance-graviton', 'AWS::EC2::Instance', 'i-1', ['architecture']),
    ]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(result.gaps[0]?.message).toMatch(/no on-demand price for ec2-instance\|us-east-1\|m9g.xlarge/);
  });
});

describe('the price cache', () => {
  it('asks only for SKUs no fresh cached price answers, and stores what it read with its publication date', async () => {
    const stored = new Map<string, Price>();
    const cache: PriceCache = {
      getPrices: async (ids) =>
        Object.fromEntries(ids.filter((id) => stored.has(id)).map((id) => [id, stored.get(id)!])),
      putPrices: async (prices) => void prices.forEach((p) => stored.set(p.id, p)),
    };
    const now = () => new Date('2026-11-22T06:00:00Z');
    const snap = () => snapshot({ ebs: { volumes: [volume('vol-a', 100)] } });
    const f = [failing('ebs-volume-type-gp3', 'AWS::EC2::Volume', 'vol-a', ['storage-type'])];
    const first = await priced(snap(), f, new PriceBook({ cache, now }));
    // gp2 and gp3 storage in one query (volumeApiName ANY_OF gp2,gp3).
    expect(first.result.requests).toBe(1);
    expect(stored.get('ebs-storage|us-east-1|gp2')).toMatchObject({
      sku: 'GP2SKU',
      usd: 0.1,
      publicationDate: PUBLISHED,
    });
    // A week later, a new scan (new process): everything from the cache.
    pricing.resetHistory();
    const week = await priced(
      snap(),
      f,
      new PriceBook({ cache, now: () => new Date('2026-11-29T06:00:00Z') }),
    );
    expect(week.result.requests).toBe(0);
    expect(pricing.commandCalls(GetProductsCommand).length).toBe(0);
    expect(week.findings[0]?.remediation.estimatedMonthlySavingsUsd).toBe(2);
    // Two months later the cached prices are read again.
    const later = await priced(
      snap(),
      f,
      new PriceBook({ cache, now: () => new Date('2027-01-22T06:00:00Z') }),
    );
    expect(later.result.requests).toBe(1);
  });
});
