/**
 * The SKU families priced beyond gp2 -> gp3, EC2 moves and Lambda arm64, to the cent, from price documents in the
 * shape GetProducts returns (JSON text per product with product.attributes, terms.OnDemand...priceDimensions and
 * publicationDate), read through the real PricingClient (aws-sdk-client-mock answers with the documents whose
 * attributes match the request's filters, TERM_MATCH or ANY_OF, as the Price List does).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { metricKey, type Finding, type Snapshot } from '#lib/model/index.js';
import { PriceBook } from '#lib/collect/pricing.js';
import type { ClientFactory } from '#lib/collect/types.js';
import { applySavings, estimateFacts, priceRequests } from '#lib/pricing/estimate.js';
import { priceId, type PriceRequest } from '#lib/pricing/requests.js';
import type { Price } from '#lib/model/index.js';

const PUBLISHED = '2026-11-01T00:00:00Z';
const REGION = 'us-east-1';

interface Doc {
  sku: string;
  productFamily: string;
  serviceCode: string;
  attributes: Record<string, string>;
  dims: { unit: string; usd: string }[];
}

/** One product as GetProducts returns it (Billing user guide, "Reading the service price list file"). */
function text(d: Doc): string {
  const priceDimensions = Object.fromEntries(
    d.dims.map((x, i) => [
      `${d.sku}.JRTCKXETXF.6YS6EN2CT${i}`,
      {
        unit: x.unit,
        endRange: 'Inf',
        description: `${x.usd} per ${x.unit}`,
        appliesTo: [],
        rateCode: `${d.sku}.JRTCKXETXF.6YS6EN2CT${i}`,
        beginRange: '0',
        pricePerUnit: { USD: x.usd },
      },
    ]),
  );
  return JSON.stringify({
    product: {
      productFamily: d.productFamily,
      attributes: { servicecode: d.serviceCode, regionCode: REGION, ...d.attributes },
      sku: d.sku,
    },
    serviceCode: d.serviceCode,
    terms: {
      OnDemand: {
        [`${d.sku}.JRTCKXETXF`]: {
          priceDimensions,
          sku: d.sku,
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

const ebs = (
  sku: string,
  family: string,
  attributes: Record<string, string>,
  unit: string,
  usd: string,
): Doc => ({
  sku,
  productFamily: family,
  serviceCode: 'AmazonEC2',
  attributes,
  dims: [{ unit, usd }],
});

/**
 * us-east-1 on-demand list prices (EBS pricing page and its previous-generation page): io1/io2 $0.125 per GB-month,
 * io1 and io2's first tier $0.065 per IOPS-month, io2 $0.0455 (32,001-64,000) and $0.03185 (above 64,000), gp3
 * $0.08 per GB-month and $0.005 per IOPS-month above 3,000, magnetic $0.05 per GB-month and per million I/O.
 */
const DOCUMENTS: Doc[] = [
  ebs('IO1GB', 'Storage', { volumeApiName: 'io1' }, 'GB-Mo', '0.1250000000'),
  ebs('IO2GB', 'Storage', { volumeApiName: 'io2' }, 'GB-Mo', '0.1250000000'),
  ebs('GP3GB', 'Storage', { volumeApiName: 'gp3' }, 'GB-Mo', '0.0800000000'),
  ebs('MAGGB', 'Storage', { volumeApiName: 'standard' }, 'GB-Mo', '0.0500000000'),
  ebs(
    'IO1IOPS',
    'System Operation',
    { volumeApiName: 'io1', group: 'EBS IOPS', usagetype: 'EBS:VolumeP-IOPS.piops' },
    'IOPS-Mo',
    '0.0650000000',
  ),
  ebs(
    'IO2IOPS1',
    'System Operation',
    { volumeApiName: 'io2', group: 'EBS IOPS', usagetype: 'EBS:VolumeP-IOPS.io2' },
    'IOPS-Mo',
    '0.0650000000',
  ),
  ebs(
    'IO2IOPS2',
    'System Operation',
    { volumeApiName: 'io2', group: 'EBS IOPS Tier 2', usagetype: 'EBS:VolumeP-IOPS.io2.tier2' },
    'IOPS-Mo',
    '0.0455000000',
  ),
  ebs(
    'IO2IOPS3',
    'System Operation',
    { volumeApiName: 'io2', group: 'EBS IOPS Tier 3', usagetype: 'EBS:VolumeP-IOPS.io2.tier3' },
    'IOPS-Mo',
    '0.0318500000',
  ),
  ebs(
    'GP3IOPS',
    'System Operation',
    { volumeApiName: 'gp3', group: 'EBS IOPS', usagetype: 'EBS:VolumeP-IOPS.gp3' },
    'IOPS-Mo',
    '0.0050000000',
  ),
  ebs(
    'MAGIO',
    'System Operation',
    { volumeApiName: 'standard', group: 'EBS I/O Requests', usagetype: 'EBS:VolumeIOUsage' },
    'IOs',
    '0.0000000500',
  ),
];

type Filter = { Type?: string; Field?: string; Value?: string };

/** The documents GetProducts answers for a query: every filter matches (TERM_MATCH one value, ANY_OF a list). */
function answer(documents: Doc[], serviceCode: string | undefined, filters: Filter[] = []): string[] {
  return documents
    .filter(
      (d) =>
        d.serviceCode === serviceCode &&
        filters.every((f) => {
          const v =
            f.Field === 'productFamily'
              ? d.productFamily
              : { regionCode: REGION, ...d.attributes }[f.Field ?? ''];
          const values = f.Type === 'ANY_OF' ? (f.Value ?? '').split(',').map((x) => x.trim()) : [f.Value];
          return v !== undefined && values.includes(v);
        }),
    )
    .map(text);
}

const pricing = mockClient(PricingClient);
const clients: ClientFactory = {
  get: (() => new PricingClient({ region: 'us-east-1' })) as ClientFactory['get'],
};
let documents: Doc[] = DOCUMENTS;

beforeEach(() => {
  documents = DOCUMENTS;
  pricing.reset();
  pricing.on(GetProductsCommand).callsFake((input: { ServiceCode?: string; Filters?: Filter[] }) => ({
    FormatVersion: 'aws_v1',
    PriceList: answer(documents, input.ServiceCode, input.Filters),
  }));
});

function snapshot(parts: Partial<Snapshot>): Snapshot {
  return {
    schemaVersion: 1,
    scanId: 's',
    accountId: '111122223333',
    region: REGION,
    globalUnit: true,
    collectedAt: '2026-11-22T06:00:00Z',
    window: { start: '2026-11-08T00:00:00Z', end: '2026-11-22T00:00:00Z', days: 14 },
    services: ['ec2', 'ebs', 'rds', 'elasticache', 'lambda'],
    metrics: {},
    gaps: [],
    stats: { apiCalls: {}, throttles: 0, retries: 0, metricQueries: 0, getMetricDataCalls: 0, durationMs: 0 },
    ...parts,
  };
}

function failing(
  checkId: string,
  service: Finding['service'],
  resourceType: string,
  resourceId: string,
  change: NonNullable<Finding['remediation']['change']>,
  evidence: Finding['evidence'] = [],
): Finding {
  return {
    checkId,
    title: checkId,
    service,
    control: 'WAF-PERF-090',
    severity: 'medium',
    status: 'fail',
    accountId: '111122223333',
    region: REGION,
    resourceType,
    resourceId,
    message: 'x.',
    evidence,
    remediation: { text: 'x', docs: [], change },
  };
}

async function priced(snap: Snapshot, findings: Finding[]) {
  const book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') });
  const r = await book.prices(priceRequests(snap, findings), clients, snap.region);
  snap.prices = r.prices;
  return { findings: applySavings(snap, findings), result: r };
}

const volume = (volumeId: string, volumeType: string, sizeGiB: number, iops?: number, attachments = 1) => ({
  volumeId,
  arn: `arn:aws:ec2:us-east-1:111122223333:volume/${volumeId}`,
  volumeType,
  sizeGiB,
  ...(iops !== undefined ? { iops } : {}),
  state: 'in-use',
  attachments: Array.from({ length: attachments }, (_, i) => ({ instanceId: `i-${i}` })),
  tags: {},
});

const io1Finding = (id: string) =>
  failing(
    'ebs-volume-io1-migrated',
    'ebs',
    'AWS::EC2::Volume',
    id,
    ['storage-type'],
    [{ label: 'Provisioned IOPS', value: 0, threshold: 'gp3 possible at <= 80000' }],
  );

const opsMetric = (volumeId: string, metricName: string, mean: number) => {
  const spec = {
    namespace: 'AWS/EBS',
    metricName,
    dimensions: { VolumeId: volumeId },
    stat: 'Sum',
    periodSeconds: 3600,
  };
  return {
    [metricKey(spec)]: {
      ...spec,
      windowDays: 14,
      datapoints: 336,
      expectedDatapoints: 336,
      mean,
      sum: mean * 336,
    },
  };
};

describe('io1 -> io2 / gp3, to the cent', () => {
  it('500 GiB io1 at 20,000 IOPS: $1,362.50 today; io2 $1,362.50, gp3 $125.00 (17,000 IOPS above the baseline): saves $1,237.50', async () => {
    const snap = snapshot({ ebs: { volumes: [volume('vol-io1', 'io1', 500, 20_000)] } });
    const { findings } = await priced(snap, [io1Finding('vol-io1')]);
    const s = findings[0]?.remediation;
    expect(s?.estimatedMonthlySavingsUsd).toBe(1237.5);
    expect(s?.savings).toMatchObject({
      source: 'price-list',
      priceListDate: PUBLISHED,
      priceType: 'on-demand list price',
      current: {
        label: 'io1, 500 GiB, 20,000 IOPS',
        monthlyUsd: 1362.5,
        lines: [
          { sku: 'IO1GB', usdPerUnit: 0.125, unit: 'GB-Mo', quantity: 500, monthlyUsd: 62.5 },
          { sku: 'IO1IOPS', usdPerUnit: 0.065, unit: 'IOPS-Mo', quantity: 20_000, monthlyUsd: 1300 },
        ],
      },
      target: {
        label: 'gp3, 500 GiB, 20,000 IOPS',
        monthlyUsd: 125,
        lines: [
          { sku: 'GP3GB', quantity: 500, monthlyUsd: 40 },
          { sku: 'GP3IOPS', quantity: 17_000, monthlyUsd: 85 },
        ],
      },
      candidates: [
        { label: 'gp3, 500 GiB, 20,000 IOPS', monthlyUsd: 125 },
        { label: 'io2, 500 GiB, 20,000 IOPS', monthlyUsd: 1362.5 },
      ],
    });
    expect(s?.savings?.note).toMatch(/before Savings Plans, Reserved Instances/);
    expect(s?.savings?.note).toMatch(/gp3 throughput above 125 MiB\/s is not priced/);
  });

  it('a Multi-Attached io1 at 50,000 IOPS goes to io2 only, its IOPS in two tiers: $3,375.00 -> $3,024.00, saves $351.00', async () => {
    const snap = snapshot({ ebs: { volumes: [volume('vol-ma', 'io1', 1000, 50_000, 2)] } });
    const { findings } = await priced(snap, [io1Finding('vol-ma')]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current?.monthlyUsd).toBe(3375);
    expect(s?.savings?.target).toEqual({
      label: 'io2, 1000 GiB, 50,000 IOPS',
      monthlyUsd: 3024,
      lines: [
        expect.objectContaining({ sku: 'IO2GB', quantity: 1000, monthlyUsd: 125 }),
        expect.objectContaining({
          item: 'io2 provisioned IOPS, up to 32,000',
          sku: 'IO2IOPS1',
          quantity: 32_000,
          monthlyUsd: 2080,
        }),
        expect.objectContaining({
          item: 'io2 provisioned IOPS, 32,001-64,000',
          sku: 'IO2IOPS2',
          usdPerUnit: 0.0455,
          quantity: 18_000,
          monthlyUsd: 819,
        }),
      ],
    });
    expect(s?.savings?.candidates).toBeUndefined();
    expect(s?.savings?.note).toMatch(/gp3 is not a candidate/);
    expect(s?.estimatedMonthlySavingsUsd).toBe(351);
  });

  it('io2 above 64,000 IOPS: the third tier is priced exactly (100,000 IOPS: $2,080.00 + $1,456.00 + $1,146.60)', async () => {
    const facts = {
      kind: 'ebs-volume' as const,
      region: REGION,
      sizeGiB: 2000,
      from: 'io1',
      to: 'io2',
      fromIops: 64_000,
      toIops: 100_000,
    };
    // The prices as the book read them, by price id.
    const book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') });
    const needs = priceRequests(snapshot({ ebs: { volumes: [volume('v', 'io1', 2000, 64_000, 2)] } }), [
      io1Finding('v'),
    ]);
    const extra: PriceRequest = { kind: 'ebs-iops', region: REGION, volumeApiName: 'io2', tier: 3 };
    const r = await book.prices([...needs, { request: extra, resources: ['v'] }], clients, REGION);
    const prices: Record<string, Price> = r.prices;
    expect(prices[priceId(extra)]?.sku).toBe('IO2IOPS3');
    const basis = estimateFacts(facts, prices);
    expect(basis?.target?.lines.map((l) => [l.sku, l.quantity, l.monthlyUsd])).toEqual([
      ['IO2GB', 2000, 250],
      ['IO2IOPS1', 32_000, 2080],
      ['IO2IOPS2', 32_000, 1456],
      ['IO2IOPS3', 36_000, 1146.6],
    ]);
    expect(basis?.target?.monthlyUsd).toBe(4932.6);
    // At exactly 64,000 IOPS (io1's maximum) there is no third-tier line.
    expect(estimateFacts({ ...facts, toIops: 64_000 }, prices)?.target?.lines.map((l) => l.quantity)).toEqual(
      [2000, 32_000, 32_000],
    );
  });

  it('io1 without a reported IOPS figure is not priced (no guessed IOPS)', async () => {
    const snap = snapshot({ ebs: { volumes: [volume('vol-x', 'io1', 500)] } });
    const { findings } = await priced(snap, [io1Finding('vol-x')]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(0);
  });
});

describe('magnetic (standard) -> gp3, to the cent', () => {
  const magnetic = (id: string) =>
    failing('ebs-volume-not-magnetic', 'ebs', 'AWS::EC2::Volume', id, ['storage-type']);

  it('100 GiB with 200,000 measured I/O an hour: $5.00 storage + $7.30 for 146,000,000 I/O -> gp3 $8.00, saves $4.30', async () => {
    const snap = snapshot({
      ebs: { volumes: [volume('vol-mag', 'standard', 100)] },
      metrics: {
        ...opsMetric('vol-mag', 'VolumeReadOps', 120_000),
        ...opsMetric('vol-mag', 'VolumeWriteOps', 80_000),
      },
    });
    const { findings } = await priced(snap, [magnetic('vol-mag')]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toEqual({
      label: 'standard, 100 GiB',
      monthlyUsd: 12.3,
      lines: [
        expect.objectContaining({ sku: 'MAGGB', usdPerUnit: 0.05, quantity: 100, monthlyUsd: 5 }),
        expect.objectContaining({
          item: 'magnetic I/O requests (measured)',
          sku: 'MAGIO',
          unit: 'IOs',
          usdPerUnit: 0.00000005,
          quantity: 146_000_000,
          monthlyUsd: 7.3,
        }),
      ],
    });
    expect(s?.savings?.target).toMatchObject({ label: 'gp3, 100 GiB', monthlyUsd: 8 });
    expect(s?.savings?.note).toMatch(/measured VolumeReadOps \+ VolumeWriteOps \(146,000,000 a month/);
    expect(s?.estimatedMonthlySavingsUsd).toBe(4.3);
  });

  it('without measured I/O: storage only, and the basis says so ($5.00 -> $8.00: no saving, never a negative one)', async () => {
    const snap = snapshot({ ebs: { volumes: [volume('vol-quiet', 'standard', 100)] } });
    const { findings } = await priced(snap, [magnetic('vol-quiet')]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current?.lines).toHaveLength(1);
    expect(s?.savings?.current?.monthlyUsd).toBe(5);
    expect(s?.savings?.target?.monthlyUsd).toBe(8);
    expect(s?.savings?.note).toMatch(/only storage is priced.*not measured, so the saving is understated/);
    expect(s?.estimatedMonthlySavingsUsd).toBe(0);
    // The I/O product is not even asked for.
    const asked = pricing.commandCalls(GetProductsCommand).map((c) => JSON.stringify(c.args[0].input));
    expect(asked.some((q) => q.includes('EBS I/O Requests'))).toBe(false);
  });
});

describe('no pricing permission: a gap, no saving', () => {
  it('io1 and magnetic volumes keep no number, and one gap names both', async () => {
    pricing.reset();
    pricing.on(GetProductsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), {
        name: 'AccessDeniedException',
      }),
    );
    const snap = snapshot({
      ebs: { volumes: [volume('vol-io1', 'io1', 500, 20_000), volume('vol-mag', 'standard', 100)] },
    });
    const { findings, result } = await priced(snap, [
      io1Finding('vol-io1'),
      failing('ebs-volume-not-magnetic', 'ebs', 'AWS::EC2::Volume', 'vol-mag', ['storage-type']),
    ]);
    for (const f of findings) {
      expect(f.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
      expect(f.remediation.savings).toBeUndefined();
    }
    expect(result.gaps).toEqual([
      expect.objectContaining({ code: 'AccessDenied', resources: ['vol-io1', 'vol-mag'], resourceCount: 2 }),
    ]);
  });

  it('a missing io2 tier product: a gap for that SKU, no saving from a partial price', async () => {
    documents = DOCUMENTS.filter((d) => d.sku !== 'IO2IOPS2');
    const snap = snapshot({ ebs: { volumes: [volume('vol-ma', 'io1', 1000, 50_000, 2)] } });
    const { findings, result } = await priced(snap, [io1Finding('vol-ma')]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(result.gaps[0]?.message).toMatch(/no on-demand price for ebs-iops\|us-east-1\|io2\|tier2/);
  });
});

// ---------------------------------------------------------------- RDS

const rdsDoc = (
  sku: string,
  instanceType: string,
  databaseEngine: string,
  deploymentOption: string,
  usd: string,
): Doc => ({
  sku,
  productFamily: 'Database Instance',
  serviceCode: 'AmazonRDS',
  attributes: { instanceType, databaseEngine, deploymentOption, licenseModel: 'No license required' },
  dims: [{ unit: 'Hrs', usd }],
});

/** us-east-1 RDS for MySQL and PostgreSQL on-demand hourly list prices (Multi-AZ at twice Single-AZ). */
const RDS_DOCUMENTS: Doc[] = [
  ...(
    [
      ['M4L', 'db.m4.large', '0.1750000000'],
      ['M5L', 'db.m5.large', '0.1710000000'],
      ['M6GL', 'db.m6g.large', '0.1520000000'],
      ['M6IL', 'db.m6i.large', '0.1710000000'],
      ['M7GL', 'db.m7g.large', '0.1680000000'],
      ['R6I2XL', 'db.r6i.2xlarge', '1.0000000000'],
      ['R6IXL', 'db.r6i.xlarge', '0.5000000000'],
    ] as const
  ).flatMap(([sku, cls, usd]) => [
    rdsDoc(`${sku}S`, cls, 'MySQL', 'Single-AZ', usd),
    rdsDoc(`${sku}M`, cls, 'MySQL', 'Multi-AZ', (Number(usd) * 2).toFixed(10)),
  ]),
  rdsDoc('PGT2', 'db.t2.medium', 'PostgreSQL', 'Single-AZ', '0.0730000000'),
  rdsDoc('PGT3', 'db.t3.medium', 'PostgreSQL', 'Single-AZ', '0.0720000000'),
  // Another engine's product of the same class must not answer.
  rdsDoc('MYT3', 'db.t3.medium', 'MySQL', 'Single-AZ', '0.0680000000'),
];

const dbInstance = (dbInstanceId: string, dbInstanceClass: string, engine: string, multiAz: boolean) => ({
  dbInstanceId,
  arn: `arn:aws:rds:us-east-1:111122223333:db:${dbInstanceId}`,
  dbInstanceClass,
  engine,
  status: 'available',
  multiAz,
  performanceInsightsEnabled: false,
  monitoringIntervalSeconds: 0,
  readReplicaIds: [],
  parameterGroups: [],
  enabledCloudwatchLogsExports: [],
  tags: {},
});

const rdsFinding = (checkId: string, id: string, change: 'generation' | 'resize') =>
  failing(checkId, 'rds', 'AWS::RDS::DBInstance', id, [change]);

const cpuMax = (dbInstanceId: string, max: number) => {
  const spec = {
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimensions: { DBInstanceIdentifier: dbInstanceId },
    stat: 'Maximum',
    periodSeconds: 3600,
  };
  return {
    [metricKey(spec)]: { ...spec, windowDays: 14, datapoints: 336, expectedDatapoints: 336, max },
  };
};

describe('RDS DB instance classes, to the cent', () => {
  beforeEach(() => {
    documents = RDS_DOCUMENTS;
  });

  it('db.m4.large MySQL Multi-AZ -> the cheapest orderable class of the same size: $255.50 -> db.m6g.large $221.92, saves $33.58', async () => {
    const snap = snapshot({
      rds: {
        instances: [dbInstance('legacy', 'db.m4.large', 'mysql', true)],
        clusters: [],
        parameterGroups: [],
        proxies: [],
        orderableClasses: {
          mysql: [
            'db.m5.large',
            'db.m6g.large',
            'db.m6gd.large',
            'db.m6i.large',
            'db.m7g.large',
            'db.r6g.large',
            'db.m5.xlarge',
            // An RDS for Oracle-style preconfigured class of the same size: more memory, never a like-for-like move.
            'db.m7i.large.tpc1.mem2x',
          ],
        },
      } as unknown as Snapshot['rds'],
    });
    const { findings } = await priced(snap, [
      rdsFinding('rds-instance-class-current-generation', 'legacy', 'generation'),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings).toMatchObject({
      source: 'price-list',
      hoursPerMonth: 730,
      priceListDate: PUBLISHED,
      priceType: 'on-demand list price',
      current: {
        label: 'db.m4.large MySQL Multi-AZ',
        monthlyUsd: 255.5,
        lines: [{ sku: 'M4LM', usdPerUnit: 0.35, unit: 'Hrs', quantity: 730 }],
      },
      target: {
        label: 'db.m6g.large MySQL Multi-AZ',
        monthlyUsd: 221.92,
        lines: [{ sku: 'M6GLM', usdPerUnit: 0.304 }],
      },
      candidates: [
        { label: 'db.m6g.large', monthlyUsd: 221.92 },
        { label: 'db.m7g.large', monthlyUsd: 245.28 },
        { label: 'db.m5.large', monthlyUsd: 249.66 },
        { label: 'db.m6i.large', monthlyUsd: 249.66 },
      ],
    });
    expect(s?.savings?.note).toMatch(/storage, I\/O and backup charges do not change/);
    expect(s?.estimatedMonthlySavingsUsd).toBe(33.58);
    // Local-NVMe (d) variants, other sizes and families are not candidates: never asked for.
    const asked = JSON.stringify(pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input));
    expect(asked).not.toMatch(/db\.m6gd|db\.r6g|db\.m5\.xlarge|tpc1/);
  });

  it('db.t2.medium PostgreSQL Single-AZ without orderable options -> db.t3.medium (RDS own successor): $53.29 -> $52.56, saves $0.73', async () => {
    const snap = snapshot({
      rds: {
        instances: [dbInstance('old-pg', 'db.t2.medium', 'postgres', false)],
      } as unknown as Snapshot['rds'],
    });
    const { findings } = await priced(snap, [
      rdsFinding('rds-instance-class-current-generation', 'old-pg', 'generation'),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({
      label: 'db.t2.medium PostgreSQL Single-AZ',
      monthlyUsd: 53.29,
    });
    expect(s?.savings?.target).toMatchObject({
      label: 'db.t3.medium PostgreSQL Single-AZ',
      monthlyUsd: 52.56,
      lines: [{ sku: 'PGT3' }],
    });
    expect(s?.estimatedMonthlySavingsUsd).toBe(0.73);
  });

  it('an over-provisioned db.r6i.2xlarge MySQL (hourly CPU peak 9%) -> one size down, db.r6i.xlarge: $730.00 -> $365.00, saves $365.00', async () => {
    const snap = snapshot({
      rds: {
        instances: [dbInstance('idle', 'db.r6i.2xlarge', 'mysql', false)],
        orderableClasses: { mysql: ['db.r6i.large', 'db.r6i.xlarge', 'db.r6i.2xlarge', 'db.r6i.4xlarge'] },
      } as unknown as Snapshot['rds'],
      metrics: cpuMax('idle', 9),
    });
    const { findings } = await priced(snap, [
      rdsFinding('rds-instance-cpu-not-overprovisioned', 'idle', 'resize'),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({ label: 'db.r6i.2xlarge MySQL Single-AZ', monthlyUsd: 730 });
    expect(s?.savings?.target).toMatchObject({ label: 'db.r6i.xlarge MySQL Single-AZ', monthlyUsd: 365 });
    expect(s?.savings?.note).toMatch(
      /one size down in the same family, where the measured hourly CPU peak of 9% becomes about 18%/,
    );
    expect(s?.estimatedMonthlySavingsUsd).toBe(365);
  });

  it('not priced: a peak that would not fit one size down (60% -> 120%), an engine with license options, no peak measured, a saturated instance', async () => {
    const snap = snapshot({
      rds: {
        instances: [
          dbInstance('busy', 'db.r6i.2xlarge', 'mysql', false),
          dbInstance('ora', 'db.m4.large', 'oracle-ee', false),
          dbInstance('blind', 'db.r6i.2xlarge', 'mysql', false),
          dbInstance('quiet-peak', 'db.r6i.2xlarge', 'mysql', false),
          // A preconfigured class (4x the memory of db.r6i.2xlarge): one size down is not half of it.
          dbInstance('preconfigured', 'db.r6i.2xlarge.tpc2.mem4x', 'mysql', false),
        ],
        orderableClasses: {
          mysql: ['db.r6i.xlarge', 'db.r6i.2xlarge', 'db.r6i.xlarge.tpc2.mem4x'],
          'oracle-ee': ['db.m5.large'],
        },
      } as unknown as Snapshot['rds'],
      metrics: { ...cpuMax('busy', 60), ...cpuMax('quiet-peak', 20), ...cpuMax('preconfigured', 5) },
    });
    const { findings } = await priced(snap, [
      rdsFinding('rds-instance-cpu-not-overprovisioned', 'busy', 'resize'),
      rdsFinding('rds-instance-class-current-generation', 'ora', 'generation'),
      rdsFinding('rds-instance-cpu-not-overprovisioned', 'blind', 'resize'),
      // The saturated check's resize goes up a size: never priced as a step down, whatever its peak.
      rdsFinding('rds-instance-cpu-not-saturated', 'quiet-peak', 'resize'),
      rdsFinding('rds-instance-cpu-not-overprovisioned', 'preconfigured', 'resize'),
    ]);
    for (const f of findings) expect(f.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(0);
  });

  it('without pricing:GetProducts: a gap naming the DB instance, no saving', async () => {
    pricing.reset();
    pricing
      .on(GetProductsCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const snap = snapshot({
      rds: {
        instances: [dbInstance('old-pg', 'db.t2.medium', 'postgres', false)],
      } as unknown as Snapshot['rds'],
    });
    const { findings, result } = await priced(snap, [
      rdsFinding('rds-instance-class-current-generation', 'old-pg', 'generation'),
    ]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(result.gaps).toEqual([expect.objectContaining({ code: 'AccessDenied', resources: ['old-pg'] })]);
  });
});

// ---------------------------------------------------------------- ElastiCache

const cacheDoc = (sku: string, instanceType: string, cacheEngine: string, usd: string): Doc => ({
  sku,
  productFamily: 'Cache Instance',
  serviceCode: 'AmazonElastiCache',
  attributes: { instanceType, cacheEngine, usagetype: `NodeUsage:${instanceType}` },
  dims: [{ unit: 'Hrs', usd }],
});

/** us-east-1 ElastiCache on-demand node-hour list prices (Redis OSS and Memcached alike). */
const CACHE_DOCUMENTS: Doc[] = [
  cacheDoc('RM3L', 'cache.m3.large', 'Redis', '0.1820000000'),
  cacheDoc('RM5L', 'cache.m5.large', 'Redis', '0.1560000000'),
  cacheDoc('RM6GL', 'cache.m6g.large', 'Redis', '0.1490000000'),
  cacheDoc('RM7GL', 'cache.m7g.large', 'Redis', '0.1580000000'),
  cacheDoc('MM3M', 'cache.m3.medium', 'Memcached', '0.0900000000'),
  cacheDoc('MT3M', 'cache.t3.medium', 'Memcached', '0.0680000000'),
  cacheDoc('MT4GM', 'cache.t4g.medium', 'Memcached', '0.0650000000'),
];

const cacheCluster = (
  cacheClusterId: string,
  engine: string,
  engineVersion: string,
  nodeType: string,
  numNodes: number,
  replicationGroupId?: string,
) => ({
  cacheClusterId,
  arn: `arn:aws:elasticache:us-east-1:111122223333:cluster:${cacheClusterId}`,
  engine,
  engineVersion,
  nodeType,
  numNodes,
  ...(replicationGroupId ? { replicationGroupId } : {}),
});

describe('ElastiCache node types, to the cent', () => {
  beforeEach(() => {
    documents = CACHE_DOCUMENTS;
  });

  it('a Redis OSS 6.2 replication group of 3 cache.m3.large nodes -> cache.m6g.large: $398.58 -> $326.31, saves $72.27', async () => {
    const snap = snapshot({
      elasticache: {
        clusters: [1, 2, 3].map((n) =>
          cacheCluster(`legacy-00${n}`, 'redis', '6.2.6', 'cache.m3.large', 1, 'legacy'),
        ),
        replicationGroups: [],
      },
    });
    const { findings } = await priced(snap, [
      failing(
        'elasticache-node-current-generation',
        'elasticache',
        'AWS::ElastiCache::ReplicationGroup',
        'legacy',
        ['generation'],
      ),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings).toMatchObject({
      source: 'price-list',
      hoursPerMonth: 730,
      priceListDate: PUBLISHED,
      current: {
        label: '3 nodes of cache.m3.large Redis',
        monthlyUsd: 398.58,
        lines: [{ sku: 'RM3L', usdPerUnit: 0.182, unit: 'Hrs', quantity: 2190 }],
      },
      target: { label: '3 nodes of cache.m6g.large Redis', monthlyUsd: 326.31, lines: [{ sku: 'RM6GL' }] },
      candidates: [
        { label: 'cache.m6g.large', monthlyUsd: 326.31 },
        { label: 'cache.m5.large', monthlyUsd: 341.64 },
        { label: 'cache.m7g.large', monthlyUsd: 346.02 },
      ],
    });
    expect(s?.estimatedMonthlySavingsUsd).toBe(72.27);
  });

  it('Memcached 1.4 on cache.m3.medium: no Graviton for that version, cache.t3.medium: $65.70 -> $49.64, saves $16.06', async () => {
    const snap = snapshot({
      elasticache: {
        clusters: [cacheCluster('old-mc', 'memcached', '1.4.34', 'cache.m3.medium', 1)],
        replicationGroups: [],
      },
    });
    const { findings } = await priced(snap, [
      failing(
        'elasticache-node-current-generation',
        'elasticache',
        'AWS::ElastiCache::CacheCluster',
        'old-mc',
        ['generation'],
      ),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({
      label: '1 node of cache.m3.medium Memcached',
      monthlyUsd: 65.7,
    });
    expect(s?.savings?.target).toMatchObject({
      label: '1 node of cache.t3.medium Memcached',
      monthlyUsd: 49.64,
    });
    expect(s?.savings?.note).toMatch(
      /burstable \(t3\/t4g\) target serves a steady load only within its CPU baseline/,
    );
    expect(s?.estimatedMonthlySavingsUsd).toBe(16.06);
    const asked = JSON.stringify(pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input));
    expect(asked).not.toMatch(/t4g/);
  });

  it('without pricing:GetProducts: a gap naming the cache, no saving', async () => {
    pricing.reset();
    pricing
      .on(GetProductsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const snap = snapshot({
      elasticache: {
        clusters: [cacheCluster('old-mc', 'memcached', '1.4.34', 'cache.m3.medium', 1)],
        replicationGroups: [],
      },
    });
    const { findings, result } = await priced(snap, [
      failing(
        'elasticache-node-current-generation',
        'elasticache',
        'AWS::ElastiCache::CacheCluster',
        'old-mc',
        ['generation'],
      ),
    ]);
    expect(findings[0]?.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(result.gaps).toEqual([expect.objectContaining({ code: 'AccessDenied', resources: ['old-mc'] })]);
  });
});

// ---------------------------------------------------------------- EC2 over-provisioned

const ec2Doc = (sku: string, instanceType: string, usd: string): Doc => ({
  sku,
  productFamily: 'Compute Instance',
  serviceCode: 'AmazonEC2',
  attributes: {
    instanceType,
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'Used',
    licenseModel: 'No License required',
  },
  dims: [{ unit: 'Hrs', usd }],
});

const ec2Instance = (instanceId: string, instanceType: string) => ({
  instanceId,
  arn: `arn:aws:ec2:us-east-1:111122223333:instance/${instanceId}`,
  instanceType,
  state: 'running',
  architecture: 'x86_64',
  platform: 'Linux/UNIX',
  tags: {},
});

const ec2CpuMax = (instanceId: string, max: number) => {
  const spec = {
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { InstanceId: instanceId },
    stat: 'Maximum',
    periodSeconds: 3600,
  };
  return { [metricKey(spec)]: { ...spec, windowDays: 14, datapoints: 336, expectedDatapoints: 336, max } };
};

describe('over-provisioned EC2 instances: one size down, to the cent', () => {
  beforeEach(() => {
    documents = [ec2Doc('M52XL', 'm5.2xlarge', '0.3840000000'), ec2Doc('M5XL', 'm5.xlarge', '0.1920000000')];
  });

  it('m5.2xlarge with a 30% hourly CPU peak -> m5.xlarge (about 60%): $280.32 -> $140.16, saves $140.16', async () => {
    const snap = snapshot({
      ec2: { instances: [ec2Instance('i-big', 'm5.2xlarge')], instanceTypes: {}, gravitonFamilies: [] },
      metrics: ec2CpuMax('i-big', 30),
    });
    const { findings } = await priced(snap, [
      failing('ec2-instance-cpu-not-overprovisioned', 'ec2', 'AWS::EC2::Instance', 'i-big', ['resize']),
    ]);
    const s = findings[0]?.remediation;
    expect(s?.savings?.current).toMatchObject({ label: 'm5.2xlarge Linux', monthlyUsd: 280.32 });
    expect(s?.savings?.target).toMatchObject({
      label: 'm5.xlarge Linux',
      monthlyUsd: 140.16,
      lines: [{ sku: 'M5XL' }],
    });
    expect(s?.savings?.note).toMatch(/one size down in the same family .* peak of 30% becomes about 60%/);
    expect(s?.estimatedMonthlySavingsUsd).toBe(140.16);
  });

  it('not priced: a peak that would not fit (55% -> 110%), a burstable type, a saturated instance (its resize goes up)', async () => {
    const snap = snapshot({
      ec2: {
        instances: [
          ec2Instance('i-peaky', 'm5.2xlarge'),
          ec2Instance('i-t3', 't3.xlarge'),
          ec2Instance('i-hot', 'm5.2xlarge'),
        ],
        instanceTypes: {},
        gravitonFamilies: [],
      },
      metrics: { ...ec2CpuMax('i-peaky', 55), ...ec2CpuMax('i-t3', 5), ...ec2CpuMax('i-hot', 20) },
    });
    const { findings } = await priced(snap, [
      failing('ec2-instance-cpu-not-overprovisioned', 'ec2', 'AWS::EC2::Instance', 'i-peaky', ['resize']),
      failing('ec2-instance-cpu-not-overprovisioned', 'ec2', 'AWS::EC2::Instance', 'i-t3', ['resize']),
      failing('ec2-instance-cpu-not-saturated', 'ec2', 'AWS::EC2::Instance', 'i-hot', ['resize']),
    ]);
    for (const f of findings) expect(f.remediation.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(0);
  });
});
