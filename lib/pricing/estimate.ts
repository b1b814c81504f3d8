/**
 * Savings per failing finding from the AWS Price List: what the resource costs now and after the change its
 * remediation asks for, at on-demand list prices. Pure: the prices come in through the snapshot
 * (`snapshot.prices`, read by lib/collect/pricing.ts after evaluation), so a rescore re-prices offline.
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
import {
  metricKey,
  type Finding,
  type Price,
  type SavingsBasis,
  type PricedLine,
  type Snapshot,
} from '#lib/model/index.js';
import {
  gravitonCounterparts,
  parseInstanceType,
  type InstanceTypeParts,
} from '#lib/checks/instance-families.js';
import { GP3_BASELINE_IOPS, gp2BaselineIops } from '#lib/checks/ebs-volume-facts.js';
import { priceId, type PriceRequest } from './requests.js';

/** AWS's convention for monthly estimates from hourly prices (730 hours = 8,760 / 12). */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
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

// ---------------------------------------------------------------- EBS gp2 -> gp3

function ebsPricing(snapshot: Snapshot, f: Finding): Pricing | undefined {
  const v = snapshot.ebs?.volumes.find((x) => x.volumeId === f.resourceId);
  if (!v || v.volumeType !== 'gp2' || !(v.sizeGiB > 0)) return undefined;
  const region = snapshot.region;
  const gp2: PriceRequest = { kind: 'ebs-storage', region, volumeApiName: 'gp2' };
  const gp3: PriceRequest = { kind: 'ebs-storage', region, volumeApiName: 'gp3' };
  const extraIops = Math.max(0, gp2BaselineIops(v.sizeGiB) - GP3_BASELINE_IOPS);
  const iops: PriceRequest = { kind: 'ebs-iops', region, volumeApiName: 'gp3' };
  return {
    requests: extraIops > 0 ? [gp2, gp3, iops] : [gp2, gp3],
    estimate(price) {
      const p2 = price(gp2);
      const p3 = price(gp3);
      const pi = extraIops > 0 ? price(iops) : undefined;
      if (!p2 || !p3 || (extraIops > 0 && !pi)) return undefined;
      const target = [line('gp3 storage', p3, v.sizeGiB)];
      if (pi) target.push(line(`gp3 IOPS above the ${GP3_BASELINE_IOPS} baseline`, pi, extraIops));
      return {
        source: 'price-list',
        current: side(`gp2, ${v.sizeGiB} GiB`, [line('gp2 storage', p2, v.sizeGiB)]),
        target: side(
          `gp3, ${v.sizeGiB} GiB${extraIops > 0 ? `, ${GP3_BASELINE_IOPS + extraIops} IOPS` : ''}`,
          target,
        ),
        priceListDate: latestDate([p2, p3, ...(pi ? [pi] : [])]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          'the volume keeps its size and its gp2 baseline IOPS; gp3 throughput above 125 MiB/s is not priced ' +
            '(provision it only if the workload uses it)',
        ),
      };
    },
  };
}

// ---------------------------------------------------------------- EC2 instance type moves

/**
 * The Price List operatingSystem of an instance (EC2 reports Platform `windows`, else PlatformDetails). Only
 * plain Linux/UNIX and Windows are priced: RHEL, SUSE, Ubuntu Pro and SQL Server carry license fees priced
 * under other products, so they get no estimate rather than a wrong one.
 */
export function operatingSystemOf(platform: string | undefined): 'Linux' | 'Windows' | undefined {
  const p = platform?.toLowerCase() ?? '';
  if (p === 'windows') return 'Windows';
  if (p === 'linux/unix') return 'Linux';
  return undefined;
}

function ec2Pricing(snapshot: Snapshot, f: Finding): Pricing | undefined {
  const ec2 = snapshot.ec2;
  const inst = ec2?.instances.find((x) => x.instanceId === f.resourceId);
  if (!ec2 || !inst || inst.state !== 'running' || inst.lifecycle === 'spot') return undefined;
  const os = operatingSystemOf(inst.platform);
  const parts = parseInstanceType(inst.instanceType);
  if (!os || !parts) return undefined;
  const change = f.remediation.change ?? [];
  let targets: string[] = [];
  if (change.includes('architecture') && os === 'Linux') {
    targets = gravitonCounterparts(inst.instanceType, ec2.gravitonFamilies).map(
      (fam) => `${fam}.${parts.size}`,
    );
  } else if (change.includes('generation')) {
    const arch = inst.architecture ?? 'x86_64';
    targets = Object.values(ec2.instanceTypes)
      .filter((t) => t.currentGeneration && t.architectures.includes(arch))
      .map((t) => parseInstanceType(t.instanceType))
      .filter((p): p is InstanceTypeParts => p !== undefined && p.cls === parts.cls && p.size === parts.size)
      .map((p) => p.type);
  }
  targets = [...new Set(targets)].filter((t) => t !== inst.instanceType);
  if (targets.length === 0) return undefined;
  const req = (instanceType: string): PriceRequest => ({
    kind: 'ec2-instance',
    region: snapshot.region,
    instanceType,
    operatingSystem: os,
    tenancy: 'Shared',
  });
  const current = req(inst.instanceType);
  return {
    requests: [current, ...targets.map(req)],
    estimate(price) {
      const pc = price(current);
      if (!pc) return undefined;
      const priced = targets
        .map((t) => ({ t, p: price(req(t)) }))
        .filter((x): x is { t: string; p: Price } => x.p !== undefined)
        .map((x) => ({ ...x, monthly: x.p.usd * HOURS_PER_MONTH }))
        .sort((a, b) => a.monthly - b.monthly || a.t.localeCompare(b.t));
      const best = priced[0];
      if (!best) return undefined;
      const basis: SavingsBasis = {
        source: 'price-list',
        current: side(`${inst.instanceType} ${os}`, [
          line(`${inst.instanceType} ${os}, shared tenancy`, pc, HOURS_PER_MONTH),
        ]),
        target: side(`${best.t} ${os}`, [line(`${best.t} ${os}, shared tenancy`, best.p, HOURS_PER_MONTH)]),
        hoursPerMonth: HOURS_PER_MONTH,
        priceListDate: latestDate([pc, best.p]) ?? '',
        priceType: LIST_PRICE,
        note: note(
          `the instance runs ${HOURS_PER_MONTH} hours a month on shared tenancy; the target is the cheapest ` +
            `candidate of the same size (same vCPUs and memory as measured today)`,
        ),
      };
      if (priced.length > 1)
        basis.candidates = priced.map((x) => ({ label: x.t, monthlyUsd: round2(x.monthly) }));
      return basis;
    },
  };
}

// ---------------------------------------------------------------- Lambda x86_64 -> arm64

/** Monthly GB-seconds of a function from its stored metric summaries, or undefined when they are missing. */
export function lambdaGbSecondsPerMonth(
  snapshot: Snapshot,
  functionName: string,
  memoryMiB: number,
): number | undefined {
  const dims = { FunctionName: functionName };
  const duration =
    snapshot.metrics[
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: dims,
        stat: 'Average',
        periodSeconds: 3600,
      })
    ];
  const invocations =
    snapshot.metrics[
      metricKey({
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: dims,
        stat: 'Sum',
        periodSeconds: 86_400,
      })
    ];
  if (!duration || !invocations || duration.mean === undefined || invocations.sum === undefined)
    return undefined;
  const days = invocations.windowDays > 0 ? invocations.windowDays : snapshot.window.days;
  if (!(days > 0)) return undefined;
  const perMonth = (invocations.sum / days) * (SECONDS_PER_MONTH / 86_400);
  return (memoryMiB / 1024) * (duration.mean / 1000) * perMonth;
}

function lambdaPricing(snapshot: Snapshot, f: Finding): Pricing | undefined {
  const fn = snapshot.lambda?.functions.find((x) => x.functionName === f.resourceId);
  if (!fn || fn.architectures.includes('arm64')) return undefined;
  const gbs = lambdaGbSecondsPerMonth(snapshot, fn.functionName, fn.memoryMiB);
  if (gbs === undefined) return undefined;
  const x86: PriceRequest = { kind: 'lambda-duration', region: snapshot.region, architecture: 'x86_64' };
  const arm: PriceRequest = { kind: 'lambda-duration', region: snapshot.region, architecture: 'arm64' };
  return {
    requests: [x86, arm],
    estimate(price) {
      const px = price(x86);
      const pa = price(arm);
      if (!px || !pa) return undefined;
      const q = Math.round(gbs);
      return {
        source: 'price-list',
        current: side(`x86_64, ${fn.memoryMiB} MB`, [line('x86_64 duration (first tier)', px, q)]),
        target: side(`arm64, ${fn.memoryMiB} MB`, [line('arm64 duration (first tier)', pa, q)]),
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

function pricingFor(snapshot: Snapshot, f: Finding): Pricing | undefined {
  // Compute Optimizer's findings are priced by Compute Optimizer (or not at all): our own check prices the change.
  if (f.status !== 'fail' || f.suppressedBy || f.service === 'computeoptimizer') return undefined;
  if (f.remediation.estimatedMonthlySavingsUsd !== undefined) return undefined;
  const change = f.remediation.change ?? [];
  if (f.resourceType === 'AWS::EC2::Volume' && change.includes('storage-type'))
    return ebsPricing(snapshot, f);
  if (
    f.resourceType === 'AWS::EC2::Instance' &&
    (change.includes('architecture') || change.includes('generation'))
  )
    return ec2Pricing(snapshot, f);
  if (f.resourceType === 'AWS::Lambda::Function' && change.includes('architecture'))
    return lambdaPricing(snapshot, f);
  return undefined;
}

/** The SKUs the failing findings' changes need, each with the resources that need it (for gaps). */
export function priceRequests(
  snapshot: Snapshot,
  findings: readonly Finding[],
): { request: PriceRequest; resources: string[] }[] {
  const out = new Map<string, { request: PriceRequest; resources: Set<string> }>();
  for (const f of findings) {
    for (const request of pricingFor(snapshot, f)?.requests ?? []) {
      const id = priceId(request);
      const e = out.get(id) ?? { request, resources: new Set<string>() };
      e.resources.add(f.resourceId);
      out.set(id, e);
    }
  }
  return [...out.values()].map((e) => ({ request: e.request, resources: [...e.resources].sort() }));
}

/** Where Compute Optimizer's own figure is kept: labelled with its source (no price list involved). */
const COMPUTE_OPTIMIZER_BASIS: SavingsBasis = {
  source: 'compute-optimizer',
  priceType: "Compute Optimizer's estimate",
  note:
    "AWS Compute Optimizer's estimated monthly savings for its top recommendation option (after the discounts " +
    'it knows when its savings estimation mode is on, else at on-demand prices).',
};

/**
 * Findings with their savings: each failing finding whose change perfscan can price gets
 * `estimatedMonthlySavingsUsd` (current minus target, never below 0) and its basis; a Compute Optimizer figure
 * gets its source. Findings without a price (no permission, no product) are returned unchanged: no number.
 */
export function applySavings(snapshot: Snapshot, findings: readonly Finding[]): Finding[] {
  const prices = snapshot.prices ?? {};
  const price = (r: PriceRequest): Price | undefined => prices[priceId(r)];
  return findings.map((f) => {
    if (f.remediation.estimatedMonthlySavingsUsd !== undefined) {
      if (f.remediation.savings || f.service !== 'computeoptimizer') return f;
      return { ...f, remediation: { ...f.remediation, savings: COMPUTE_OPTIMIZER_BASIS } };
    }
    const basis = pricingFor(snapshot, f)?.estimate(price);
    if (!basis?.current || !basis.target) return f;
    const saving = Math.max(0, round2(basis.current.monthlyUsd - basis.target.monthlyUsd));
    return { ...f, remediation: { ...f.remediation, estimatedMonthlySavingsUsd: saving, savings: basis } };
  });
}
