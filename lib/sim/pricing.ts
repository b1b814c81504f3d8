/**
 * The AWS Price List in the simulated account: `PricingClient.GetProducts` answers with price documents in
 * the shape AWS returns (one JSON string per product: `product` with sku, productFamily and attributes,
 * `terms.OnDemand` with priceDimensions, `publicationDate`), filtered on product attributes as AWS documents
 * the filter types (TERM_MATCH, EQUALS, CONTAINS, ANY_OF, NONE_OF), paged by MaxResults (1-100) and NextToken.
 *
 * The figures are on-demand list prices as AWS publishes them on its pricing pages (EC2 On-Demand Linux,
 * EBS, Lambda; read for this simulator in 2025; RDS and ElastiCache: see RDS_HOURLY, CACHE_HOURLY_REDIS): us-east-1 (N. Virginia) and eu-west-1 (Ireland) for
 * EC2 instances, plus eu-central-1 (Frankfurt) for EBS and Lambda. They are a realistic sample for tests and the
 * demo, not a quote: a type or region missing here answers an empty PriceList, as AWS does for a product it
 * does not sell. The simulated price list is dated SIM_PRICE_LIST_DATE.
 */
import { awsError, hashSeed, paginate, type SimServiceModule } from './core.js';

export const SIM_PRICE_LIST_DATE = '2026-11-01T00:00:00Z';

/** USD per hour, Linux, shared tenancy, on demand. */
// prettier-ignore
const EC2_LINUX_HOURLY: Record<string, Record<string, number>> = {
  'us-east-1': {
    't2.micro': 0.0116, 't2.medium': 0.0464, 't2.large': 0.0928,
    't3.micro': 0.0104, 't3.medium': 0.0416, 't3.large': 0.0832,
    't4g.micro': 0.0084, 't4g.medium': 0.0336, 't4g.large': 0.0672,
    'm3.medium': 0.067, 'm3.large': 0.133, 'm4.large': 0.1, 'm4.xlarge': 0.2, 'm4.2xlarge': 0.4,
    'c4.large': 0.1, 'c4.xlarge': 0.199, 'r4.large': 0.133, 'r4.xlarge': 0.266, 'i2.xlarge': 0.853,
    'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384,
    'c5.large': 0.085, 'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'r5.large': 0.126, 'r5.xlarge': 0.252,
    'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'c6i.large': 0.085, 'c6i.xlarge': 0.17, 'r6i.large': 0.126,
    'm7i.large': 0.1008, 'm7i.xlarge': 0.2016, 'c7i.large': 0.08925,
    'm6g.medium': 0.0385, 'm7g.medium': 0.0408, 'c6g.medium': 0.034, 'c7g.medium': 0.0363, 'r6g.medium': 0.0504,
    'm6g.large': 0.077, 'm6g.xlarge': 0.154, 'c6g.large': 0.068, 'c6g.xlarge': 0.136, 'r6g.large': 0.1008,
    'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'c7g.large': 0.0725, 'c7g.xlarge': 0.145, 'r7g.large': 0.1071,
  },
  'eu-west-1': {
    't2.micro': 0.0126, 't2.medium': 0.05, 't2.large': 0.1008,
    't3.micro': 0.0114, 't3.medium': 0.0456, 't3.large': 0.0912,
    't4g.micro': 0.0092, 't4g.medium': 0.0368, 't4g.large': 0.0736,
    'm3.medium': 0.073, 'm3.large': 0.146, 'm4.large': 0.111, 'm4.xlarge': 0.222, 'm4.2xlarge': 0.444,
    'c4.large': 0.113, 'c4.xlarge': 0.226, 'r4.large': 0.148, 'r4.xlarge': 0.296, 'i2.xlarge': 0.938,
    'm5.large': 0.107, 'm5.xlarge': 0.214, 'm5.2xlarge': 0.428,
    'c5.large': 0.096, 'c5.xlarge': 0.192, 'c5.2xlarge': 0.384, 'r5.large': 0.141, 'r5.xlarge': 0.282,
    'm6i.large': 0.107, 'm6i.xlarge': 0.214, 'c6i.large': 0.096, 'c6i.xlarge': 0.192, 'r6i.large': 0.141,
    'm7i.large': 0.1124, 'm7i.xlarge': 0.2247, 'c7i.large': 0.1008,
    'm6g.medium': 0.043, 'm7g.medium': 0.0456, 'c6g.medium': 0.0385, 'c7g.medium': 0.0408, 'r6g.medium': 0.0564,
    'm6g.large': 0.086, 'm6g.xlarge': 0.172, 'c6g.large': 0.077, 'c6g.xlarge': 0.154, 'r6g.large': 0.1128,
    'm7g.large': 0.0912, 'm7g.xlarge': 0.1824, 'c7g.large': 0.0816, 'c7g.xlarge': 0.1632, 'r7g.large': 0.1198,
  },
};

/**
 * The Graviton4 families the simulator can "release" between two scans (the radar's knob, SimOptions.newFamilies,
 * e.g. eu-west-1:m8g:m7g), so that the radar prices the moves to them. USD per hour, Linux, shared tenancy, on
 * demand. us-east-1: AWS's EC2 On-Demand pricing page (M8g, C8g, R8g). eu-west-1: not read from the page but
 * derived, the region's 7g price x 1.10, the ratio of AWS's us-east-1 8g to 7g rates (m8g.large $0.08976 vs
 * m7g.large $0.0816): a realistic figure, not a quote. Offered only in the Price List: the EC2 catalogue has
 * them only once the knob releases them (lib/sim/ec2.ts), as AWS lists a family's prices on its launch day.
 */
// prettier-ignore
const EC2_RELEASED_HOURLY: Record<string, Record<string, number>> = {
  'us-east-1': {
    'm8g.medium': 0.04488, 'm8g.large': 0.08976, 'm8g.xlarge': 0.17952,
    'c8g.medium': 0.03988, 'c8g.large': 0.07976, 'c8g.xlarge': 0.15952,
    'r8g.medium': 0.05891, 'r8g.large': 0.11782,
  },
  'eu-west-1': {
    'm8g.medium': 0.05016, 'm8g.large': 0.10032, 'm8g.xlarge': 0.20064,
    'c8g.medium': 0.04488, 'c8g.large': 0.08976, 'c8g.xlarge': 0.17952,
    'r8g.medium': 0.06589, 'r8g.large': 0.13178,
  },
};

/**
 * EBS USD per GB-month by volume type, per provisioned IOPS-month (io2: its first tier, up to 32,000 IOPS;
 * `io2Tiers`: 32,001-64,000 and above 64,000, 30% and 51% below the first, as the EBS pricing page lists them),
 * and magnetic (standard) per I/O request ($0.05 per million in N. Virginia, EBS previous-generation page).
 */
// prettier-ignore
const EBS: Record<string, {
  storage: Record<string, number>;
  iops: Record<string, number>;
  io2Tiers: [number, number];
  magneticIo: number;
}> = {
  'us-east-1': {
    storage: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
    iops: { gp3: 0.005, io1: 0.065, io2: 0.065 },
    io2Tiers: [0.0455, 0.03185],
    magneticIo: 0.05e-6,
  },
  'eu-west-1': {
    storage: { gp2: 0.11, gp3: 0.088, io1: 0.138, io2: 0.138, st1: 0.05, sc1: 0.0168, standard: 0.055 },
    iops: { gp3: 0.0055, io1: 0.072, io2: 0.072 },
    io2Tiers: [0.0504, 0.03528],
    magneticIo: 0.055e-6,
  },
  'eu-central-1': {
    storage: { gp2: 0.119, gp3: 0.0952, io1: 0.149, io2: 0.149, st1: 0.054, sc1: 0.018, standard: 0.059 },
    iops: { gp3: 0.006, io1: 0.078, io2: 0.078 },
    io2Tiers: [0.0546, 0.03822],
    magneticIo: 0.059e-6,
  },
};

/**
 * RDS USD per hour, Single-AZ, on demand, us-east-1 (RDS for MySQL / PostgreSQL pricing pages; MariaDB lists
 * MySQL's prices); Multi-AZ is listed at twice the Single-AZ price for these engines. Added 2026-12-06 as read
 * from the pricing pages earlier (no network in the session that added them: a realistic sample, re-check
 * before quoting). The previous-generation classes the simulator runs, their current-generation and Graviton
 * counterparts of the same size, and the one-size-down class of its over-provisioned instance.
 */
// prettier-ignore
const RDS_HOURLY: Record<string, Record<string, Record<string, number>>> = {
  'us-east-1': {
    MySQL: {
      'db.t2.medium': 0.068, 'db.t3.medium': 0.068, 'db.t4g.medium': 0.065,
      'db.m4.large': 0.175, 'db.m5.large': 0.171, 'db.m6g.large': 0.152, 'db.m6i.large': 0.171,
      'db.m7g.large': 0.168, 'db.m7i.large': 0.1795,
      'db.r4.xlarge': 0.48, 'db.r5.xlarge': 0.5, 'db.r6g.xlarge': 0.45, 'db.r6i.xlarge': 0.5,
      'db.r7g.xlarge': 0.478, 'db.r7i.xlarge': 0.525, 'db.r6i.2xlarge': 1.0,
    },
    PostgreSQL: {
      'db.t2.medium': 0.073, 'db.t3.medium': 0.072, 'db.t4g.medium': 0.065,
      'db.m4.large': 0.182, 'db.m5.large': 0.178, 'db.m6g.large': 0.159, 'db.m6i.large': 0.178,
      'db.m7g.large': 0.176, 'db.m7i.large': 0.187,
    },
  },
};
const RDS_SAME_AS: Record<string, string> = { MariaDB: 'MySQL' };
/**
 * eu-west-1 (Ireland) is not read from a page: it is N. Virginia's figure x 1.1 (Ireland's RDS prices are about
 * 10% higher), rounded to 4 decimals, so the demo's second busy region is priced. Tests that quote a figure use
 * us-east-1 or their own documents.
 */
const RDS_DERIVED_REGIONS: Record<string, { from: string; factor: number }> = {
  'eu-west-1': { from: 'us-east-1', factor: 1.1 },
};

/**
 * ElastiCache USD per node-hour, on demand, us-east-1, Redis OSS (ElastiCache pricing page; Memcached is listed at
 * the same node prices, Valkey 20% below Redis OSS). Added 2026-12-06 as read from the page earlier (no network in
 * that session: a realistic sample, re-check before quoting); eu-west-1 is derived like RDS (x 1.1). The
 * previous-generation types the simulator runs and their current-generation counterparts of the same size.
 */
// prettier-ignore
const CACHE_HOURLY_REDIS: Record<string, number> = {
  'cache.m3.medium': 0.09, 'cache.m3.large': 0.182,
  'cache.t3.medium': 0.068, 'cache.t4g.medium': 0.065,
  'cache.m5.large': 0.156, 'cache.m6g.large': 0.149, 'cache.m7g.large': 0.158,
};
const CACHE_ENGINE_FACTOR: Record<string, number> = { Redis: 1, Memcached: 1, Valkey: 0.8 };
const CACHE_REGION_FACTOR: Record<string, number> = { 'us-east-1': 1, 'eu-west-1': 1.1 };

/** Lambda duration tiers, USD per GB-second (the same in these three regions). */
// prettier-ignore
const LAMBDA_TIERS = {
  'AWS-Lambda-Duration': [
    [0, 6e9, 0.0000166667],
    [6e9, 15e9, 0.000015],
    [15e9, Infinity, 0.0000133334],
  ],
  'AWS-Lambda-Duration-ARM': [
    [0, 7.5e9, 0.0000133334],
    [7.5e9, 18.75e9, 0.0000120001],
    [18.75e9, Infinity, 0.0000106667],
  ],
} as const;

const LAMBDA_REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1'];
const LOCATION: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};
const ON_DEMAND_TERM = 'JRTCKXETXF';
const RATE = '6YS6EN2CT7';

interface SimProduct {
  serviceCode: string;
  productFamily: string;
  attributes: Record<string, string>;
  dimensions: { unit: string; usd: number; begin: number; end: number; description: string }[];
}

function sku(p: Pick<SimProduct, 'serviceCode' | 'attributes'>): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let h = hashSeed(p.serviceCode, JSON.stringify(p.attributes));
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0 || 1;
  }
  return out;
}

function products(): SimProduct[] {
  const out: SimProduct[] = [];
  for (const [region, types] of Object.entries(EC2_LINUX_HOURLY)) {
    for (const [instanceType, usd] of Object.entries({ ...types, ...EC2_RELEASED_HOURLY[region] })) {
      // The product asked for, and its siblings a loose filter would also match (reserved capacity rows).
      for (const capacitystatus of ['Used', 'UnusedCapacityReservation', 'AllocatedCapacityReservation']) {
        out.push({
          serviceCode: 'AmazonEC2',
          productFamily: 'Compute Instance',
          attributes: {
            regionCode: region,
            location: LOCATION[region] ?? region,
            instanceType,
            operatingSystem: 'Linux',
            tenancy: 'Shared',
            preInstalledSw: 'NA',
            licenseModel: 'No License required',
            capacitystatus,
            usagetype: `BoxUsage:${instanceType}`,
          },
          dimensions: [
            {
              unit: 'Hrs',
              usd:
                capacitystatus === 'Used' ? usd : capacitystatus === 'AllocatedCapacityReservation' ? 0 : usd,
              begin: 0,
              end: Infinity,
              description: `$${usd} per On Demand Linux ${instanceType} Instance Hour`,
            },
          ],
        });
      }
    }
  }
  for (const [region, e] of Object.entries(EBS)) {
    for (const [volumeApiName, usd] of Object.entries(e.storage)) {
      out.push({
        serviceCode: 'AmazonEC2',
        productFamily: 'Storage',
        attributes: {
          regionCode: region,
          location: LOCATION[region] ?? region,
          volumeApiName,
          usagetype: `EBS:VolumeUsage.${volumeApiName}`,
        },
        dimensions: [
          {
            unit: 'GB-Mo',
            usd,
            begin: 0,
            end: Infinity,
            description: `$${usd} per GB-month of ${volumeApiName} provisioned storage`,
          },
        ],
      });
    }
    const iopsTiers: [string, number, string, string][] = [
      ...Object.entries(e.iops).map(([v, usd]): [string, number, string, string] => [
        v,
        usd,
        'EBS IOPS',
        `EBS:VolumeP-IOPS.${v === 'io1' ? 'piops' : v}`,
      ]),
      ['io2', e.io2Tiers[0], 'EBS IOPS Tier 2', 'EBS:VolumeP-IOPS.io2.tier2'],
      ['io2', e.io2Tiers[1], 'EBS IOPS Tier 3', 'EBS:VolumeP-IOPS.io2.tier3'],
    ];
    for (const [volumeApiName, usd, group, usagetype] of iopsTiers) {
      out.push({
        serviceCode: 'AmazonEC2',
        productFamily: 'System Operation',
        attributes: {
          regionCode: region,
          location: LOCATION[region] ?? region,
          volumeApiName,
          group,
          usagetype,
        },
        dimensions: [
          {
            unit: 'IOPS-Mo',
            usd,
            begin: 0,
            end: Infinity,
            description: `$${usd} per IOPS-month provisioned ${volumeApiName} (${group})`,
          },
        ],
      });
    }
    out.push({
      serviceCode: 'AmazonEC2',
      productFamily: 'System Operation',
      attributes: {
        regionCode: region,
        location: LOCATION[region] ?? region,
        volumeApiName: 'standard',
        group: 'EBS I/O Requests',
        usagetype: 'EBS:VolumeIOUsage',
      },
      dimensions: [
        {
          unit: 'IOs',
          usd: e.magneticIo,
          begin: 0,
          end: Infinity,
          description: `$${round6(e.magneticIo * 1e6)} per 1 million I/O requests - Magnetic`,
        },
      ],
    });
  }
  const rdsRegions = {
    ...RDS_HOURLY,
    ...Object.fromEntries(
      Object.entries(RDS_DERIVED_REGIONS).map(([region, d]) => [
        region,
        Object.fromEntries(
          Object.entries(RDS_HOURLY[d.from] ?? {}).map(([engine, classes]) => [
            engine,
            Object.fromEntries(
              Object.entries(classes).map(([c, usd]) => [c, Math.round(usd * d.factor * 1e4) / 1e4]),
            ),
          ]),
        ),
      ]),
    ),
  };
  for (const [region, engines] of Object.entries(rdsRegions)) {
    const all = {
      ...engines,
      ...Object.fromEntries(Object.entries(RDS_SAME_AS).map(([e, as]) => [e, engines[as] ?? {}])),
    };
    for (const [databaseEngine, classes] of Object.entries(all)) {
      for (const [instanceType, single] of Object.entries(classes)) {
        for (const deploymentOption of ['Single-AZ', 'Multi-AZ']) {
          const usd = deploymentOption === 'Multi-AZ' ? Math.round(single * 2 * 1e6) / 1e6 : single;
          out.push({
            serviceCode: 'AmazonRDS',
            productFamily: 'Database Instance',
            attributes: {
              regionCode: region,
              location: LOCATION[region] ?? region,
              instanceType,
              databaseEngine,
              deploymentOption,
              licenseModel: 'No license required',
              usagetype: `${deploymentOption === 'Multi-AZ' ? 'Multi-AZUsage' : 'InstanceUsage'}:${instanceType}`,
            },
            dimensions: [
              {
                unit: 'Hrs',
                usd,
                begin: 0,
                end: Infinity,
                description: `$${usd} per RDS ${instanceType} ${deploymentOption} instance hour (or partial hour) running ${databaseEngine}`,
              },
            ],
          });
        }
      }
    }
  }
  for (const [region, rf] of Object.entries(CACHE_REGION_FACTOR)) {
    for (const [cacheEngine, ef] of Object.entries(CACHE_ENGINE_FACTOR)) {
      for (const [instanceType, redis] of Object.entries(CACHE_HOURLY_REDIS)) {
        const usd = Math.round(redis * rf * ef * 1e4) / 1e4;
        out.push({
          serviceCode: 'AmazonElastiCache',
          productFamily: 'Cache Instance',
          attributes: {
            regionCode: region,
            location: LOCATION[region] ?? region,
            instanceType,
            cacheEngine,
            usagetype: `NodeUsage:${instanceType}`,
          },
          dimensions: [
            {
              unit: 'Hrs',
              usd,
              begin: 0,
              end: Infinity,
              description: `$${usd} per On-Demand ${instanceType} ${cacheEngine} node hour`,
            },
          ],
        });
      }
    }
  }
  for (const region of LAMBDA_REGIONS) {
    for (const [group, tiers] of Object.entries(LAMBDA_TIERS)) {
      out.push({
        serviceCode: 'AWSLambda',
        productFamily: 'Serverless',
        attributes: {
          regionCode: region,
          location: LOCATION[region] ?? region,
          group,
          usagetype: group.endsWith('ARM') ? 'Lambda-GB-Second-ARM' : 'Lambda-GB-Second',
        },
        dimensions: tiers.map(([begin, end, usd]) => ({
          unit: 'Lambda-GB-Second',
          usd,
          begin,
          end,
          description: `AWS Lambda - Total Compute - ${LOCATION[region]} - ${usd} USD per GB-second`,
        })),
      });
    }
  }
  return out;
}

/** A product as the JSON text GetProducts returns in PriceList. */
export function priceDocument(p: SimProduct): string {
  const code = sku(p);
  const priceDimensions: Record<string, unknown> = {};
  p.dimensions.forEach((d, i) => {
    const rate = `${code}.${ON_DEMAND_TERM}.${RATE}${i === 0 ? '' : String(i)}`;
    priceDimensions[rate] = {
      unit: d.unit,
      endRange: d.end === Infinity ? 'Inf' : String(d.end),
      description: d.description,
      appliesTo: [],
      rateCode: rate,
      beginRange: String(d.begin),
      pricePerUnit: { USD: d.usd.toFixed(10) },
    };
  });
  return JSON.stringify({
    product: {
      productFamily: p.productFamily,
      attributes: { servicecode: p.serviceCode, ...p.attributes },
      sku: code,
    },
    serviceCode: p.serviceCode,
    terms: {
      OnDemand: {
        [`${code}.${ON_DEMAND_TERM}`]: {
          priceDimensions,
          sku: code,
          effectiveDate: SIM_PRICE_LIST_DATE,
          offerTermCode: ON_DEMAND_TERM,
          termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: SIM_PRICE_LIST_DATE,
  });
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

let catalogue: SimProduct[] | undefined;

interface GetProductsInput {
  ServiceCode?: string;
  Filters?: { Type?: string; Field?: string; Value?: string }[];
  FormatVersion?: string;
  MaxResults?: number;
  NextToken?: string;
}

/** The Filter types GetProducts accepts (API reference, "Filter"). */
const FILTER_TYPES = ['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'] as const;

/**
 * One filter as AWS documents it (GetProducts API reference, "Filter"): TERM_MATCH and EQUALS match the field's
 * value exactly, CONTAINS as a substring, ANY_OF / NONE_OF any / none of a comma-separated list (items trimmed,
 * as in the reference's example "Compute optimized, GPU instance, Micro instances"). Field is `ServiceCode`,
 * `productFamily` or an attribute name; Value is 1-1,024 characters. A product without the field matches only
 * NONE_OF.
 */
function filterOf(f: { Type?: string; Field?: string; Value?: string }): (p: SimProduct) => boolean {
  const type = f.Type as (typeof FILTER_TYPES)[number];
  if (!FILTER_TYPES.includes(type))
    throw awsError(
      'ValidationException',
      `1 validation error detected: Value '${String(f.Type)}' at 'filters.member.type' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_TYPES.join(', ')}]`,
      400,
    );
  const field = f.Field ?? '';
  const value = f.Value ?? '';
  if (field.length < 1 || field.length > 1024 || value.length < 1 || value.length > 1024)
    throw awsError(
      'ValidationException',
      `1 validation error detected: a filter's Field and Value must be 1 to 1024 characters long (Field '${field.slice(0, 40)}').`,
      400,
    );
  const get = (p: SimProduct): string | undefined =>
    field === 'productFamily'
      ? p.productFamily
      : field === 'ServiceCode'
        ? p.serviceCode
        : p.attributes[field];
  const list = new Set(value.split(',').map((v) => v.trim()));
  switch (type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return (p) => get(p) === value;
    case 'CONTAINS':
      return (p) => get(p)?.includes(value) ?? false;
    case 'ANY_OF':
      return (p) => {
        const v = get(p);
        return v !== undefined && list.has(v);
      };
    case 'NONE_OF':
      return (p) => {
        const v = get(p);
        return v === undefined || !list.has(v);
      };
  }
}

export const pricingSim: SimServiceModule = {
  clientName: 'PricingClient',
  handlers: {
    GetProductsCommand: (input: GetProductsInput, { region }) => {
      if (!['us-east-1', 'eu-central-1', 'ap-south-1'].includes(region)) {
        throw awsError('UnknownEndpoint', `The AWS Price List API has no endpoint in ${region}.`, 400);
      }
      if (!input.ServiceCode) throw awsError('InvalidParameterException', 'ServiceCode is required.', 400);
      catalogue ??= products();
      const filters = (input.Filters ?? []).map(filterOf);
      const list = catalogue.filter((p) => p.serviceCode === input.ServiceCode && filters.every((f) => f(p)));
      const { page, nextToken } = paginate(list, input as Record<string, unknown>, {
        max: 100,
        defaultSize: 100,
      });
      return {
        FormatVersion: input.FormatVersion ?? 'aws_v1',
        PriceList: page.map(priceDocument),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
};
