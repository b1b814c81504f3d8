/**
 * What perfscan asks the AWS Price List for: one request per SKU a finding's change needs, each with its
 * GetProducts service code and TERM_MATCH filters, and a stable id (the cache key); and the plan that answers
 * many requests with one query (`planBatches`: ANY_OF over the one attribute they differ in). Pure: no SDK here.
 *
 * Filters follow the Price List attribute names (Billing user guide, "Using the AWS Price List Query API";
 * GetProducts API reference): EC2 instances by regionCode, instanceType, operatingSystem, tenancy,
 * preInstalledSw, capacitystatus, licenseModel; EBS by volumeApiName, productFamily and group (`EBS IOPS`,
 * io2's `EBS IOPS Tier 2` and `EBS IOPS Tier 3`, magnetic's `EBS I/O Requests`); Lambda duration by
 * group (AWS-Lambda-Duration / AWS-Lambda-Duration-ARM); RDS by databaseEngine and deploymentOption;
 * ElastiCache nodes (AmazonElastiCache) by instanceType, cacheEngine and productFamily `Cache Instance`.
 */
import type { ParsedProduct } from './documents.js';

export type PriceRequest =
  | {
      kind: 'ec2-instance';
      region: string;
      instanceType: string;
      /** Price List operatingSystem: Linux | Windows. */
      operatingSystem: 'Linux' | 'Windows';
      /** Price List tenancy: Shared | Dedicated | Host. */
      tenancy: 'Shared' | 'Dedicated';
    }
  | { kind: 'ebs-storage'; region: string; volumeApiName: string }
  | {
      kind: 'ebs-iops';
      region: string;
      volumeApiName: string;
      /** io2's tiers above 32,000 IOPS (group `EBS IOPS Tier 2` / `Tier 3`); absent: the first (`EBS IOPS`). */
      tier?: 2 | 3;
    }
  /** Magnetic (standard) I/O requests: group `EBS I/O Requests`, priced per I/O (unit `IOs`). */
  | { kind: 'ebs-io-requests'; region: string; volumeApiName: 'standard' }
  | { kind: 'lambda-duration'; region: string; architecture: 'x86_64' | 'arm64' }
  | {
      kind: 'elasticache-node';
      region: string;
      /** Node type, e.g. cache.m6g.large (Price List instanceType). */
      instanceType: string;
      /** Price List cacheEngine: Redis | Memcached | Valkey. */
      cacheEngine: string;
    }
  | {
      kind: 'rds-instance';
      region: string;
      instanceType: string;
      /** Price List databaseEngine: MySQL, PostgreSQL, MariaDB, Aurora MySQL, ... */
      databaseEngine: string;
      deploymentOption: 'Single-AZ' | 'Multi-AZ';
    };

export interface ProductQuery {
  ServiceCode: string;
  Filters: { Type: 'TERM_MATCH'; Field: string; Value: string }[];
}

/** The id a price is cached and looked up under, e.g. `ebs-storage|us-east-1|gp2`. */
export function priceId(r: PriceRequest): string {
  switch (r.kind) {
    case 'ec2-instance':
      return ['ec2-instance', r.region, r.instanceType, r.operatingSystem, r.tenancy].join('|');
    case 'ebs-storage':
    case 'ebs-io-requests':
      return [r.kind, r.region, r.volumeApiName].join('|');
    case 'ebs-iops':
      return [r.kind, r.region, r.volumeApiName, ...(r.tier ? [`tier${r.tier}`] : [])].join('|');
    case 'lambda-duration':
      return [r.kind, r.region, r.architecture].join('|');
    case 'rds-instance':
      return [r.kind, r.region, r.instanceType, r.databaseEngine, r.deploymentOption].join('|');
    case 'elasticache-node':
      return [r.kind, r.region, r.instanceType, r.cacheEngine].join('|');
  }
}

const term = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

/** The Lambda duration product group per architecture (AWSLambda price list `group` attribute). */
export const LAMBDA_DURATION_GROUP = {
  x86_64: 'AWS-Lambda-Duration',
  arm64: 'AWS-Lambda-Duration-ARM',
} as const;

export function productQuery(r: PriceRequest): ProductQuery {
  switch (r.kind) {
    case 'ec2-instance':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('operatingSystem', r.operatingSystem),
          term('tenancy', r.tenancy),
          term('preInstalledSw', 'NA'),
          term('capacitystatus', 'Used'),
          term('licenseModel', 'No License required'),
        ],
      };
    case 'ebs-storage':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'Storage'),
        ],
      };
    case 'ebs-iops':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'System Operation'),
          term('group', r.tier ? `EBS IOPS Tier ${r.tier}` : 'EBS IOPS'),
        ],
      };
    case 'ebs-io-requests':
      return {
        ServiceCode: 'AmazonEC2',
        Filters: [
          term('regionCode', r.region),
          term('volumeApiName', r.volumeApiName),
          term('productFamily', 'System Operation'),
          term('group', 'EBS I/O Requests'),
        ],
      };
    case 'lambda-duration':
      return {
        ServiceCode: 'AWSLambda',
        Filters: [term('regionCode', r.region), term('group', LAMBDA_DURATION_GROUP[r.architecture])],
      };
    case 'elasticache-node':
      return {
        ServiceCode: 'AmazonElastiCache',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('cacheEngine', r.cacheEngine),
          term('productFamily', 'Cache Instance'),
        ],
      };
    case 'rds-instance':
      return {
        ServiceCode: 'AmazonRDS',
        Filters: [
          term('regionCode', r.region),
          term('instanceType', r.instanceType),
          term('databaseEngine', r.databaseEngine),
          term('deploymentOption', r.deploymentOption),
        ],
      };
  }
}

/** A GetProducts filter as perfscan sends it: TERM_MATCH for one value, ANY_OF for a comma-separated list. */
export interface ProductFilter {
  Type: 'TERM_MATCH' | 'ANY_OF';
  Field: string;
  Value: string;
}

/** One GetProducts query answering several requests (`requests`, each matched back by pickPrice). */
export interface BatchQuery {
  ServiceCode: string;
  Filters: ProductFilter[];
  requests: PriceRequest[];
}

/**
 * Filter.Value is at most 1,024 characters (GetProducts API reference, "Filter": "Length Constraints: Maximum
 * length of 1024"); an ANY_OF list is that value, its items separated by commas.
 */
export const ANY_OF_MAX_CHARS = 1024;
/**
 * perfscan's own cap on the values of one ANY_OF (AWS documents no count, only the length): each value
 * answers with about one product, so a batch stays within one or two pages of 100 products.
 */
export const ANY_OF_MAX_VALUES = 50;

/**
 * The fewest GetProducts queries that answer `requests` (deduplicated by price id). Generic over request
 * kinds: requests with the same service code and the same filter fields form a group; within a group, for
 * each field in turn, the requests that agree on every other field can share one query with that field as
 * ANY_OF of their values (chunked at ANY_OF_MAX_VALUES values and ANY_OF_MAX_CHARS characters); the field
 * that gives the fewest queries is chosen (e.g. instanceType for EC2 instances of one region, regionCode for
 * the Lambda duration of one architecture). A value containing a comma cannot be listed and is asked alone;
 * a query of one value is a plain TERM_MATCH, exactly the request's own productQuery.
 *
 * Every product a batch returns matches all of its requests' other filters, so each request's answer is
 * pickPrice(request, products) over the batch's products: the same products its own query would return.
 */
export function planBatches(requests: readonly PriceRequest[]): BatchQuery[] {
  const out: BatchQuery[] = [];
  for (const g of groupsOf(requests).values()) out.push(...batchesOn(g, bestField(g)));
  return out;
}

/**
 * The query of planBatches(requests) that answers `target` (undefined when `target` is not among the
 * requests it plans, i.e. a request with the same price id comes first): planned over `target`'s group
 * alone, since groups are planned apart. The Price List queue asks this for its oldest request each turn.
 */
export function batchFor(requests: readonly PriceRequest[], target: PriceRequest): BatchQuery | undefined {
  const sig = kindSignature(target);
  const g = groupsOf(requests.filter((r) => kindSignature(r) === sig)).get(sig);
  if (!g?.items.some((it) => it.r === target)) return undefined;
  return batchesOn(g, bestField(g), target).find((b) => b.requests.includes(target));
}

interface PlanItem {
  r: PriceRequest;
  q: ProductQuery;
}

interface PlanGroup {
  items: PlanItem[];
  /** Per filter, each item's value as a small integer (equal values, equal numbers). */
  ids: Int32Array[];
  /** Per filter, its weight in a numeric key of the others' values (all 0 when such keys would not be exact). */
  weights: number[];
}

const signatureOf = (q: ProductQuery): string =>
  `${q.ServiceCode}\u0000${q.Filters.map((f) => f.Field).join('\u0000')}`;

/** A request kind's service code and filter fields: the same for every request of the kind (productQuery). */
const KIND_SIGNATURE = new Map<PriceRequest['kind'], string>();
function kindSignature(r: PriceRequest): string {
  let sig = KIND_SIGNATURE.get(r.kind);
  if (sig === undefined) KIND_SIGNATURE.set(r.kind, (sig = signatureOf(productQuery(r))));
  return sig;
}

/** The requests deduplicated by price id (first kept) and grouped by service code and filter fields, in order. */
function groupsOf(requests: readonly PriceRequest[]): Map<string, PlanGroup> {
  const seen = new Set<string>();
  const groups = new Map<string, PlanGroup>();
  for (const r of requests) {
    const id = priceId(r);
    if (seen.has(id)) continue;
    seen.add(id);
    const q = productQuery(r);
    const sig = signatureOf(q);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { items: [], ids: [], weights: [] }));
    g.items.push({ r, q });
  }
  for (const g of groups.values()) {
    const fields = g.items[0]!.q.Filters.length;
    for (let k = 0; k < fields; k++) {
      const intern = new Map<string, number>();
      const ids = new Int32Array(g.items.length);
      g.items.forEach((it, i) => {
        const v = it.q.Filters[k]!.Value;
        let id = intern.get(v);
        if (id === undefined) intern.set(v, (id = intern.size));
        ids[i] = id;
      });
      g.ids.push(ids);
      g.weights.push(intern.size);
    }
    // Mixed-radix weights: the values of all filters as one exact integer (below 2^53), else string keys.
    let w = 1;
    for (let k = 0; k < fields; k++) {
      const radix = g.weights[k]!;
      g.weights[k] = w;
      w *= radix;
    }
    if (w > Number.MAX_SAFE_INTEGER) g.weights.fill(0);
  }
  return groups;
}

/** A value that cannot be listed in an ANY_OF: asked alone. */
const alone = (value: string): boolean => value.includes(',') || value.length > ANY_OF_MAX_CHARS;

/** Item i's values of every filter but `k`, as one key. */
function restKey(g: PlanGroup, i: number, k: number): number | string {
  if (g.weights[0] !== 0) {
    let key = 0;
    for (let j = 0; j < g.ids.length; j++) if (j !== k) key += g.ids[j]![i]! * g.weights[j]!;
    return key;
  }
  let key = '';
  for (let j = 0; j < g.ids.length; j++) if (j !== k) key += `${g.ids[j]![i]},`;
  return key;
}

/** The distinct values of filter `k` among each set of items agreeing on the others (first-seen order). */
function byRest(
  g: PlanGroup,
  k: number,
): { singles: number[]; rests: Map<number | string, { first: number; values: Map<number, number[]> }> } {
  const singles: number[] = [];
  const rests = new Map<number | string, { first: number; values: Map<number, number[]> }>();
  const ids = g.ids[k]!;
  for (let i = 0; i < g.items.length; i++) {
    if (alone(g.items[i]!.q.Filters[k]!.Value)) {
      singles.push(i);
      continue;
    }
    const key = restKey(g, i, k);
    let e = rests.get(key);
    if (!e) rests.set(key, (e = { first: i, values: new Map() }));
    // Several requests may share a value (they differ in no filter of this query, only in the price id).
    const list = e.values.get(ids[i]!);
    if (list) list.push(i);
    else e.values.set(ids[i]!, [i]);
  }
  return { singles, rests };
}

/** Chunks of ANY_OF values (at most ANY_OF_MAX_VALUES values and ANY_OF_MAX_CHARS characters each), in order. */
function chunked<T>(values: readonly T[], text: (v: T) => string): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let chars = 0;
  for (const v of values) {
    const len = text(v).length;
    const add = len + (chunk.length > 0 ? 1 : 0);
    if (chunk.length >= ANY_OF_MAX_VALUES || chars + add > ANY_OF_MAX_CHARS) {
      if (chunk.length > 0) out.push(chunk);
      chunk = [];
      chars = 0;
    }
    chars += len + (chunk.length > 0 ? 1 : 0);
    chunk.push(v);
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/** The filter whose ANY_OF gives the fewest queries (the first of equals). */
function bestField(g: PlanGroup): number {
  let best = 0;
  let bestCount = Infinity;
  for (let k = 0; k < g.ids.length; k++) {
    const { singles, rests } = byRest(g, k);
    let count = singles.length;
    for (const { values } of rests.values()) {
      count += chunked([...values.values()], (list) => g.items[list[0]!]!.q.Filters[k]!.Value).length;
    }
    if (count < bestCount) {
      best = k;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The queries for one group when filter `k` becomes ANY_OF among requests agreeing on the others: first the
 * requests asked alone, then per set of agreeing requests its chunks. With `only`, just the queries that
 * can hold that request are built.
 */
function batchesOn(g: PlanGroup, k: number, only?: PriceRequest): BatchQuery[] {
  const { singles, rests } = byRest(g, k);
  const oi = only ? g.items.findIndex((it) => it.r === only) : -1;
  const onlyKey = oi >= 0 ? restKey(g, oi, k) : undefined;
  const out: BatchQuery[] = [];
  for (const i of singles) {
    const { r, q } = g.items[i]!;
    if (only && r !== only) continue;
    out.push({ ServiceCode: q.ServiceCode, Filters: q.Filters.map((f) => ({ ...f })), requests: [r] });
  }
  for (const [key, { first, values }] of rests) {
    if (only && key !== onlyKey) continue;
    const q = g.items[first]!.q;
    const valueOf = (list: number[]) => g.items[list[0]!]!.q.Filters[k]!.Value;
    for (const chunk of chunked([...values.values()], valueOf)) {
      const Filters: ProductFilter[] = q.Filters.map((f, i) =>
        i !== k
          ? { ...f }
          : chunk.length === 1
            ? { Type: 'TERM_MATCH', Field: f.Field, Value: valueOf(chunk[0]!) }
            : { Type: 'ANY_OF', Field: f.Field, Value: chunk.map(valueOf).join(',') },
      );
      out.push({
        ServiceCode: q.ServiceCode,
        Filters,
        requests: chunk.flatMap((list) => list.map((i) => g.items[i]!.r)),
      });
    }
  }
  return out;
}

/** The unit each request is priced in (a product in another unit is not the one asked for). */
const EXPECTED_UNIT: Record<PriceRequest['kind'], RegExp> = {
  'ec2-instance': /^Hrs$/i,
  'ebs-storage': /^GB-Mo$/i,
  'ebs-iops': /^IOPS-Mo$/i,
  'ebs-io-requests': /^IOs$/i,
  'lambda-duration': /^(Lambda-)?GB-Second$/i,
  'rds-instance': /^Hrs$/i,
  'elasticache-node': /^Hrs$/i,
};

/**
 * The on-demand price dimension that answers `r` among the products GetProducts returned: every filter
 * matches the product's attributes (productFamily included), the unit is the expected one, the price is
 * positive; for tiered prices (Lambda duration) the first tier (beginRange 0). Several matching products
 * with different prices are ambiguous: none is chosen (the finding gets no saving and a gap says so).
 */
export function pickPrice(
  r: PriceRequest,
  products: readonly ParsedProduct[],
): { product: ParsedProduct; dimension: ParsedProduct['onDemand'][number] } | 'ambiguous' | undefined {
  const q = productQuery(r);
  const matches: { product: ParsedProduct; dimension: ParsedProduct['onDemand'][number] }[] = [];
  for (const p of products) {
    const ok = q.Filters.every((f) =>
      f.Field === 'productFamily' ? p.productFamily === f.Value : p.attributes[f.Field] === f.Value,
    );
    if (!ok) continue;
    const dims = p.onDemand
      .filter((d) => EXPECTED_UNIT[r.kind].test(d.unit) && d.usd > 0)
      .sort((a, b) => a.beginRange - b.beginRange);
    const first = dims[0];
    if (first) matches.push({ product: p, dimension: first });
  }
  const distinct = new Set(matches.map((m) => m.dimension.usd));
  if (distinct.size > 1) return 'ambiguous';
  return matches[0];
}
