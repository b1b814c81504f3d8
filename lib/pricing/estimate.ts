/**
 * Savings per failing finding from the AWS Price List: what the resource costs now and after the change its
 * remediation asks for, at on-demand list prices. Pure: the pricing facts come from lib/pricing/facts.ts, the
 * prices from `snapshot.prices` (read by lib/collect/pricing.ts after evaluation, so a rescore re-prices
 * offline) or, in the deployed stack, from the Pricing Lambda, which runs these estimators for the Scan.
 *
 * Priced today (by resource type and kind of change):
 * - EBS volume, `storage-type`, gp2 -> gp3: size x GB-month, plus provisioned IOPS above gp3's 3,000 baseline
 *   where the gp2 baseline was higher (throughput above 125 MiB/s is not priced: provision it only if used);
 * - EC2 instance, `architecture` (Graviton counterpart) or `generation` (current-generation type of the same
 *   class and size), running, Linux or Windows, shared tenancy: hourly price x 730 hours; when several targets
 *   would do, the cheapest (same size, so the same vCPUs and memory as measured today);
 * - Lambda function, `architecture`, x86_64 -> arm64: GB-seconds per month from the measured duration and
 *   invocations x the first-tier duration price per architecture.
 * AWS's own figures (Compute Optimizer, Cost Optimization Hub) are kept as they are and labelled with their
 * source; the digest prefers them over ours for the same problem (lib/digest/problems.ts).
 */
import type { Finding, Price, SavingsBasis, PricedLine, Snapshot } from '#lib/model/index.js';
import { GP3_BASELINE_IOPS } from '#lib/checks/ebs-volume-facts.js';
import { HOURS_PER_MONTH, labelAwsSaving, pricingFacts, withSaving, type PricingFacts } from './facts.js';
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

function ebsPricing(x: Extract<PricingFacts, { kind: 'ebs-volume' }>): Pricing {
  const storage = (t: string): PriceRequest => ({ kind: 'ebs-storage', region: x.region, volumeApiName: t });
  const iops = (t: string): PriceRequest => ({ kind: 'ebs-iops', region: x.region, volumeApiName: t });
  const requests = [storage(x.from), storage(x.to)];
  if (x.fromIops > 0) requests.push(iops(x.from));
  if (x.toIops > 0) requests.push(iops(x.to));
  return {
    requests,
    estimate(price) {
      const ps = price(storage(x.from));
      const pt = price(storage(x.to));
      const pfi = x.fromIops > 0 ? price(iops(x.from)) : undefined;
      const pti = x.toIops > 0 ? price(iops(x.to)) : undefined;
      if (!ps || !pt || (x.fromIops > 0 && !pfi) || (x.toIops > 0 && !pti)) return undefined;
      const current = [line(`${x.from} storage`, ps, x.sizeGiB)];
      if (pfi) current.push(line(`${x.from} provisioned IOPS`, pfi, x.fromIops));
      const target = [line(`${x.to} storage`, pt, x.sizeGiB)];
      const gp3 = x.to === 'gp3';
      if (pti)
        target.push(
          line(
            gp3 ? `gp3 IOPS above the ${GP3_BASELINE_IOPS} baseline` : `${x.to} provisioned IOPS`,
            pti,
            x.toIops,
          ),
        );
      const iopsLabel = (n: number) => (n > 0 ? `, ${n} IOPS` : '');
      return {
        source: 'price-list',
        current: side(`${x.from}, ${x.sizeGiB} GiB${iopsLabel(x.fromIops)}`, current),
        target: side(
          `${x.to}, ${x.sizeGiB} GiB${iopsLabel(gp3 && x.toIops > 0 ? GP3_BASELINE_IOPS + x.toIops : x.toIops)}`,
          target,
        ),
        priceListDate: latestDate([ps, pt, ...(pfi ? [pfi] : []), ...(pti ? [pti] : [])]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          gp3
            ? `the volume keeps its size and its ${x.from} IOPS; gp3 throughput above 125 MiB/s is not priced ` +
                '(provision it only if the workload uses it)'
            : `the volume keeps its size and its provisioned IOPS`,
        ),
      };
    },
  };
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
      const priced = x.targets
        .map((t) => ({ t, p: price(req(t)) }))
        .filter((y): y is { t: string; p: Price } => y.p !== undefined)
        .map((y) => ({ ...y, monthly: y.p.usd * HOURS_PER_MONTH }))
        .sort((a, b) => a.monthly - b.monthly || a.t.localeCompare(b.t));
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
          `the instance runs ${HOURS_PER_MONTH} hours a month on shared tenancy; the target is the cheapest ` +
            `candidate of the same size (same vCPUs and memory as measured today)`,
        ),
      };
      if (priced.length > 1)
        basis.candidates = priced.map((y) => ({ label: y.t, monthlyUsd: round2(y.monthly) }));
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
