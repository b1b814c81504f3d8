/**
 * Savings per failing finding from the AWS Price List: what the resource costs now and after the change its
 * remediation asks for, at on-demand list prices. Pure: the pricing facts come from lib/pricing/facts.ts, the
 * prices from `snapshot.prices` (read by lib/collect/pricing.ts after evaluation, so a rescore re-prices
 * offline) or, in the deployed stack, from the Pricing Lambda, which runs these estimators for the Scan.
 *
 * Priced today (by resource type and kind of change):
 * - EBS volume, `storage-type`, gp2 -> gp3: size x GB-month, plus provisioned IOPS above gp3's 3,000 baseline
 *   where the gp2 baseline was higher (throughput above 125 MiB/s is not priced: provision it only if used);
 * - EBS volume, `storage-type`, io1 -> io2 or gp3: size x GB-month plus the provisioned IOPS (io2's in its
 *   three tiers: up to 32,000, 32,001-64,000, above 64,000); gp3 (IOPS above its baseline) is a candidate only
 *   where the IOPS fit it and the volume is not Multi-Attached; the cheapest candidate wins;
 * - EBS volume, `storage-type`, magnetic (standard) -> gp3: size x GB-month plus, when VolumeReadOps and
 *   VolumeWriteOps were measured, the I/O requests a month x the per-I/O price; otherwise storage only, and the
 *   basis says the saving is understated;
 * - EC2 instance, `architecture` (Graviton counterpart) or `generation` (current-generation type of the same
 *   class and size), running, Linux or Windows, shared tenancy: hourly price x 730 hours; when several targets
 *   would do, the cheapest (same size, so the same vCPUs and memory as measured today);
 * - RDS DB instance, `generation`: the cheapest current-generation class of the same family letters and size
 *   (plain, Graviton, Intel or AMD; orderable for the engine, else RDS's own successor db.m4/r4/t2 -> m5/r5/t3),
 *   per engine (MySQL, PostgreSQL, MariaDB, Aurora) and deployment option (Single-AZ / Multi-AZ): hourly x 730;
 *   storage is unaffected and not counted;
 * - RDS DB instance, `resize` (over-provisioned): one size down in the same family, only when the measured
 *   hourly CPU peak scaled by the vCPU ratio stays at or below 100%;
 * - EC2 instance, `resize` (over-provisioned, ec2-instance-cpu-not-overprovisioned): one size down in the same
 *   family (xlarge, 2xlarge, 4xlarge halve; burstable and other sizes are not priced), only when the measured
 *   hourly CPU peak x 2 stays at or below 100%;
 * - ElastiCache cache (cluster or replication group), `generation`: its previous-generation nodes moved to the
 *   cheapest current-generation node type of the same size (m1/m3 -> m5, m6g, m7g or t3/t4g for the small
 *   sizes; m2/r3 -> r5, r6g, r7g; t1 -> t3, t4g; Graviton only where the engine version supports it), per
 *   engine (Redis, Memcached, Valkey): node hours x 730 x nodes;
 * - Lambda function, `architecture`, x86_64 -> arm64: GB-seconds per month from the measured duration and
 *   invocations x the first-tier duration price per architecture.
 * AWS's own figures (Compute Optimizer, Cost Optimization Hub) are kept as they are and labelled with their
 * source; the digest prefers them over ours for the same problem (lib/digest/problems.ts).
 */
import type { Finding, Price, SavingsBasis, PricedLine, Snapshot } from '#lib/model/index.js';
import { GP3_BASELINE_IOPS } from '#lib/checks/ebs-volume-facts.js';
import {
  HOURS_PER_MONTH,
  elasticacheNodeRequest,
  labelAwsSaving,
  pricingFacts,
  withSaving,
  type PricingFacts,
} from './facts.js';
import { priceId, type PriceRequest } from './requests.js';

export { HOURS_PER_MONTH, lambdaGbSecondsPerMonth, operatingSystemOf } from './facts.js';
export type { PricingFacts } from './facts.js';
export const LIST_PRICE = 'on-demand list price';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A change perfscan can price: the requests it needs and, once priced, the basis. */
interface Pricing {
  requests: PriceRequest[];
  estimate(price: (r: PriceRequest) => Price | undefined): SavingsBasis | undefined;
}

function line(item: string, p: Price, quantity: number): PricedLine {
  return { item, sku: p.sku, usdPerUnit: p.usd, unit: p.unit, quantity, monthlyUsd: p.usd * quantity };
}

function side(
  label: string,
  lines: PricedLine[],
): { label: string; lines: PricedLine[]; monthlyUsd: number } {
  return {
    label,
    lines: lines.map((l) => ({ ...l, monthlyUsd: round2(l.monthlyUsd) })),
    monthlyUsd: round2(lines.reduce((s, l) => s + l.monthlyUsd, 0)),
  };
}

function latestDate(prices: Price[]): string | undefined {
  return prices
    .map((p) => p.publicationDate)
    .sort()
    .at(-1);
}

function note(assumes: string): string {
  return (
    `An estimate at on-demand list prices from the AWS Price List, before Savings Plans, Reserved Instances, ` +
    `Spot, credits and negotiated discounts; ${assumes}.`
  );
}

// ---------------------------------------------------------------- EBS volume type moves

/** io2's provisioned IOPS tiers (per IOPS-month): up to 32,000, 32,001-64,000, above 64,000 (EBS pricing). */
export const IO2_IOPS_TIERS = [
  { tier: undefined, from: 0, to: 32_000, label: 'up to 32,000' },
  { tier: 2, from: 32_000, to: 64_000, label: '32,001-64,000' },
  { tier: 3, from: 64_000, to: Infinity, label: 'above 64,000' },
] as const;

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** The IOPS lines of a volume type: io2 split into its tiers, any other type one line. */
function iopsParts(
  region: string,
  type: string,
  iops: number,
  gp3Extra: boolean,
): { request: PriceRequest; quantity: number; item: string }[] {
  if (iops <= 0) return [];
  if (type === 'io2')
    return IO2_IOPS_TIERS.map((t) => ({
      request: {
        kind: 'ebs-iops' as const,
        region,
        volumeApiName: type,
        ...(t.tier ? { tier: t.tier } : {}),
      },
      quantity: Math.max(0, Math.min(iops, t.to) - t.from),
      item: `io2 provisioned IOPS, ${t.label}`,
    })).filter((p) => p.quantity > 0);
  return [
    {
      request: { kind: 'ebs-iops', region, volumeApiName: type },
      quantity: iops,
      item: gp3Extra ? `gp3 IOPS above the ${GP3_BASELINE_IOPS} baseline` : `${type} provisioned IOPS`,
    },
  ];
}

function ebsPricing(x: Extract<PricingFacts, { kind: 'ebs-volume' }>): Pricing {
  const storage = (t: string): PriceRequest => ({ kind: 'ebs-storage', region: x.region, volumeApiName: t });
  const io: PriceRequest = { kind: 'ebs-io-requests', region: x.region, volumeApiName: 'standard' };
  const measuredIo = x.from === 'standard' && x.fromIoRequests !== undefined;
  const fromIops = iopsParts(x.region, x.from, x.fromIops, false);
  const targets = [{ to: x.to, toIops: x.toIops }, ...(x.alternatives ?? [])].map((t) => ({
    ...t,
    iops: iopsParts(x.region, t.to, t.toIops, t.to === 'gp3'),
  }));
  const requests = [
    storage(x.from),
    ...fromIops.map((p) => p.request),
    ...(measuredIo ? [io] : []),
    ...targets.flatMap((t) => [storage(t.to), ...t.iops.map((p) => p.request)]),
  ];
  const iopsLabel = (n: number) => (n > 0 ? `, ${fmtInt(n)} IOPS` : '');
  return {
    requests,
    estimate(price) {
      const ps = price(storage(x.from));
      const pfi = fromIops.map((p) => ({ ...p, price: price(p.request) }));
      const pio = measuredIo ? price(io) : undefined;
      if (!ps || pfi.some((p) => !p.price) || (measuredIo && !pio)) return undefined;
      const current = [line(`${x.from} storage`, ps, x.sizeGiB)];
      for (const p of pfi) current.push(line(p.item, p.price!, p.quantity));
      if (pio) current.push(line('magnetic I/O requests (measured)', pio, x.fromIoRequests ?? 0));
      const used: Price[] = [ps, ...pfi.map((p) => p.price!), ...(pio ? [pio] : [])];
      const priced = targets
        .map((t) => {
          const pt = price(storage(t.to));
          const pti = t.iops.map((p) => ({ ...p, price: price(p.request) }));
          if (!pt || pti.some((p) => !p.price)) return undefined;
          const lines = [line(`${t.to} storage`, pt, x.sizeGiB)];
          for (const p of pti) lines.push(line(p.item, p.price!, p.quantity));
          const shownIops = t.to === 'gp3' && t.toIops > 0 ? GP3_BASELINE_IOPS + t.toIops : t.toIops;
          return {
            label: `${t.to}, ${x.sizeGiB} GiB${iopsLabel(shownIops)}`,
            lines,
            prices: [pt, ...pti.map((p) => p.price!)],
            monthly: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
          };
        })
        .filter((t): t is NonNullable<typeof t> => t !== undefined)
        .sort((a, b) => a.monthly - b.monthly || a.label.localeCompare(b.label));
      const best = priced[0];
      if (!best) return undefined;
      const basis: SavingsBasis = {
        source: 'price-list',
        current: side(`${x.from}, ${x.sizeGiB} GiB${iopsLabel(x.fromIops)}`, current),
        target: side(best.label, best.lines),
        priceListDate: latestDate([...used, ...best.prices]) ?? '',
        priceType: LIST_PRICE,
        note: note(ebsAssumes(x, measuredIo)),
      };
      if (priced.length > 1)
        basis.candidates = priced.map((t) => ({ label: t.label, monthlyUsd: round2(t.monthly) }));
      return basis;
    },
  };
}

function ebsAssumes(x: Extract<PricingFacts, { kind: 'ebs-volume' }>, measuredIo: boolean): string {
  const gp3Throughput =
    'gp3 throughput above 125 MiB/s is not priced (provision it only if the workload uses it)';
  if (x.from === 'io1')
    return (
      `the volume keeps its size and its ${fmtInt(x.fromIops)} provisioned IOPS (io2's IOPS priced in its tiers: ` +
      'up to 32,000, 32,001-64,000, above 64,000); ' +
      (x.alternatives?.some((a) => a.to === 'gp3')
        ? `gp3 is a candidate because the IOPS fit it and the volume is not Multi-Attached; ${gp3Throughput}`
        : 'gp3 is not a candidate (the IOPS exceed it, or the volume is Multi-Attached)')
    );
  if (x.from === 'standard')
    return measuredIo
      ? `the volume keeps its size; its I/O charge is the measured VolumeReadOps + VolumeWriteOps ` +
          `(${fmtInt(x.fromIoRequests ?? 0)} a month: the mean hourly sum x ${HOURS_PER_MONTH} hours); gp3's ` +
          `${fmtInt(GP3_BASELINE_IOPS)} IOPS and 125 MiB/s baseline cover what a magnetic volume delivers`
      : 'the volume keeps its size; only storage is priced: its I/O charge (per million requests) is left out ' +
          "because VolumeReadOps/VolumeWriteOps were not measured, so the saving is understated; gp3's " +
          `${fmtInt(GP3_BASELINE_IOPS)} IOPS and 125 MiB/s baseline cover what a magnetic volume delivers`;
  return x.to === 'gp3'
    ? `the volume keeps its size and its ${x.from} IOPS; ${gp3Throughput}`
    : 'the volume keeps its size and its provisioned IOPS';
}

/** A target type priced per month (hourly price x `quantity` hours), for the cheapest-first choice. */
interface PricedTarget {
  t: string;
  p: Price;
  monthly: number;
}

/**
 * The targets the Price List priced, cheapest first (then by name, so ties are stable); a target without a
 * price is left out. The first is the estimate's target; all of them are its candidates.
 */
function cheapestFirst(
  targets: readonly string[],
  price: (t: string) => Price | undefined,
  quantity: number,
): PricedTarget[] {
  const out: PricedTarget[] = [];
  for (const t of targets) {
    const p = price(t);
    if (p) out.push({ t, p, monthly: p.usd * quantity });
  }
  return out.sort((a, b) => a.monthly - b.monthly || a.t.localeCompare(b.t));
}

/** The basis lists the candidates when there was a choice. */
function withCandidates(basis: SavingsBasis, priced: readonly PricedTarget[]): void {
  if (priced.length > 1)
    basis.candidates = priced.map((y) => ({ label: y.t, monthlyUsd: round2(y.monthly) }));
}

// ---------------------------------------------------------------- EC2 instance type moves

function ec2Pricing(x: Extract<PricingFacts, { kind: 'ec2-move' }>): Pricing {
  const req = (instanceType: string): PriceRequest => ({
    kind: 'ec2-instance',
    region: x.region,
    instanceType,
    operatingSystem: x.os,
    tenancy: 'Shared',
  });
  const current = req(x.instanceType);
  return {
    requests: [current, ...x.targets.map(req)],
    estimate(price) {
      const pc = price(current);
      if (!pc) return undefined;
      const priced = cheapestFirst(x.targets, (t) => price(req(t)), HOURS_PER_MONTH);
      const best = priced[0];
      if (!best) return undefined;
      const basis: SavingsBasis = {
        source: 'price-list',
        current: side(`${x.instanceType} ${x.os}`, [
          line(`${x.instanceType} ${x.os}, shared tenancy`, pc, HOURS_PER_MONTH),
        ]),
        target: side(`${best.t} ${x.os}`, [
          line(`${best.t} ${x.os}, shared tenancy`, best.p, HOURS_PER_MONTH),
        ]),
        hoursPerMonth: HOURS_PER_MONTH,
        priceListDate: latestDate([pc, best.p]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          x.change === 'resize'
            ? `the instance runs ${HOURS_PER_MONTH} hours a month on shared tenancy; the target is one size down ` +
                `in the same family (half the vCPUs and memory), where the measured hourly CPU peak of ` +
                `${x.peakCpuPercent}% becomes about ${x.targetPeakCpuPercent}%; memory use is not measured ` +
                'without the CloudWatch agent: check it before resizing'
            : `the instance runs ${HOURS_PER_MONTH} hours a month on shared tenancy; the target is the cheapest ` +
                `candidate of the same size (same vCPUs and memory as measured today)`,
        ),
      };
      withCandidates(basis, priced);
      return basis;
    },
  };
}

// ---------------------------------------------------------------- RDS DB instance class moves

function rdsPricing(x: Extract<PricingFacts, { kind: 'rds-move' }>): Pricing {
  const req = (instanceType: string): PriceRequest => ({
    kind: 'rds-instance',
    region: x.region,
    instanceType,
    databaseEngine: x.databaseEngine,
    deploymentOption: x.deploymentOption,
  });
  const what = `${x.databaseEngine} ${x.deploymentOption}`;
  return {
    requests: [req(x.dbInstanceClass), ...x.targets.map(req)],
    estimate(price) {
      const pc = price(req(x.dbInstanceClass));
      if (!pc) return undefined;
      const priced = cheapestFirst(x.targets, (t) => price(req(t)), HOURS_PER_MONTH);
      const best = priced[0];
      if (!best) return undefined;
      const assumes =
        x.change === 'resize'
          ? `the DB instance runs ${HOURS_PER_MONTH} hours a month; the target is one size down in the same ` +
            `family, where the measured hourly CPU peak of ${x.peakCpuPercent}% becomes about ` +
            `${x.targetPeakCpuPercent}% (memory, IOPS and connections are not priced: check them first)`
          : `the DB instance runs ${HOURS_PER_MONTH} hours a month; the target is the cheapest current-generation ` +
            'class of the same size (same vCPUs and memory) RDS offers for the engine';
      const basis: SavingsBasis = {
        source: 'price-list',
        current: side(`${x.dbInstanceClass} ${what}`, [
          line(`${x.dbInstanceClass} ${what}`, pc, HOURS_PER_MONTH),
        ]),
        target: side(`${best.t} ${what}`, [line(`${best.t} ${what}`, best.p, HOURS_PER_MONTH)]),
        hoursPerMonth: HOURS_PER_MONTH,
        priceListDate: latestDate([pc, best.p]) ?? '',
        priceType: LIST_PRICE,
        note: note(`${assumes}; storage, I/O and backup charges do not change and are not counted`),
      };
      withCandidates(basis, priced);
      return basis;
    },
  };
}

// ---------------------------------------------------------------- ElastiCache node type moves

function elasticachePricing(x: Extract<PricingFacts, { kind: 'elasticache-move' }>): Pricing {
  const req = (instanceType: string): PriceRequest =>
    elasticacheNodeRequest(x.region, instanceType, x.cacheEngine);
  const hours = HOURS_PER_MONTH * x.nodes;
  const nodes = `${x.nodes} node${x.nodes === 1 ? '' : 's'}`;
  return {
    requests: [req(x.nodeType), ...x.targets.map(req)],
    estimate(price) {
      const pc = price(req(x.nodeType));
      if (!pc) return undefined;
      const priced = cheapestFirst(x.targets, (t) => price(req(t)), hours);
      const best = priced[0];
      if (!best) return undefined;
      const basis: SavingsBasis = {
        source: 'price-list',
        current: side(`${nodes} of ${x.nodeType} ${x.cacheEngine}`, [
          line(`${x.nodeType} ${x.cacheEngine} node hours`, pc, hours),
        ]),
        target: side(`${nodes} of ${best.t} ${x.cacheEngine}`, [
          line(`${best.t} ${x.cacheEngine} node hours`, best.p, hours),
        ]),
        hoursPerMonth: HOURS_PER_MONTH,
        priceListDate: latestDate([pc, best.p]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          `each of the ${nodes} runs ${HOURS_PER_MONTH} hours a month; the target is the cheapest ` +
            'current-generation node type of the same size the engine version supports (Graviton types need ' +
            'Redis OSS 5.0.6+ or Memcached 1.5.16+); a burstable (t3/t4g) target serves a steady load only within ' +
            'its CPU baseline: check EngineCPUUtilization first',
        ),
      };
      withCandidates(basis, priced);
      return basis;
    },
  };
}

// ---------------------------------------------------------------- Lambda x86_64 -> arm64

function lambdaPricing(x: Extract<PricingFacts, { kind: 'lambda-arm64' }>): Pricing {
  const x86: PriceRequest = { kind: 'lambda-duration', region: x.region, architecture: 'x86_64' };
  const arm: PriceRequest = { kind: 'lambda-duration', region: x.region, architecture: 'arm64' };
  return {
    requests: [x86, arm],
    estimate(price) {
      const px = price(x86);
      const pa = price(arm);
      if (!px || !pa) return undefined;
      const q = x.gbSecondsPerMonth;
      return {
        source: 'price-list',
        current: side(`x86_64, ${x.memoryMiB} MB`, [line('x86_64 duration (first tier)', px, q)]),
        target: side(`arm64, ${x.memoryMiB} MB`, [line('arm64 duration (first tier)', pa, q)]),
        priceListDate: latestDate([px, pa]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          `usage is the window's mean duration x its invocations scaled to ${HOURS_PER_MONTH} hours, at the ` +
            'first duration tier, and the function runs as long on arm64; request charges do not change',
        ),
      };
    },
  };
}

// ---------------------------------------------------------------- entry points

/** The SKUs a change needs and its estimator. */
export function pricingOf(x: PricingFacts): Pricing {
  switch (x.kind) {
    case 'ebs-volume':
      return ebsPricing(x);
    case 'ec2-move':
      return ec2Pricing(x);
    case 'rds-move':
      return rdsPricing(x);
    case 'elasticache-move':
      return elasticachePricing(x);
    case 'lambda-arm64':
      return lambdaPricing(x);
  }
}

/** The price requests of facts, each with the resources that need it (for gaps), deduplicated by price id. */
export function requestsOf(
  items: readonly { facts: PricingFacts; resourceId: string }[],
): { request: PriceRequest; resources: string[] }[] {
  const out = new Map<string, { request: PriceRequest; resources: Set<string> }>();
  for (const it of items) {
    for (const request of pricingOf(it.facts).requests) {
      const id = priceId(request);
      const e = out.get(id) ?? { request, resources: new Set<string>() };
      e.resources.add(it.resourceId);
      out.set(id, e);
    }
  }
  return [...out.values()].map((e) => ({ request: e.request, resources: [...e.resources].sort() }));
}

/** The SKUs the failing findings' changes need, each with the resources that need it (for gaps). */
export function priceRequests(
  snapshot: Snapshot,
  findings: readonly Finding[],
): { request: PriceRequest; resources: string[] }[] {
  const items: { facts: PricingFacts; resourceId: string }[] = [];
  for (const f of findings) {
    const facts = pricingFacts(snapshot, f);
    if (facts) items.push({ facts, resourceId: f.resourceId });
  }
  return requestsOf(items);
}

/** The basis of one change from the prices at hand, or undefined when a price it needs is missing. */
export function estimateFacts(
  facts: PricingFacts,
  prices: Readonly<Record<string, Price>>,
): SavingsBasis | undefined {
  const basis = pricingOf(facts).estimate((r) => prices[priceId(r)]);
  return basis?.current && basis.target ? basis : undefined;
}

/**
 * Findings with their savings: each failing finding whose change perfscan can price gets
 * `estimatedMonthlySavingsUsd` (current minus target, never below 0) and its basis; a Compute Optimizer figure
 * gets its source. Findings without a price (no permission, no product) are returned unchanged: no number.
 */
export function applySavings(snapshot: Snapshot, findings: readonly Finding[]): Finding[] {
  const prices = snapshot.prices ?? {};
  return findings.map((f) => {
    if (f.remediation.estimatedMonthlySavingsUsd !== undefined) return labelAwsSaving(f);
    const facts = pricingFacts(snapshot, f);
    const basis = facts ? estimateFacts(facts, prices) : undefined;
    return basis ? withSaving(f, basis) : f;
  });
}
