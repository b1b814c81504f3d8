/**
 * Turns what a scenario recorded (the engine's own per-unit call stats, and what the simulator was asked)
 * into the benchmark's figures: calls by action against their lower bounds, metric calls against the
 * batching bound and the peers' pattern, per-resource calls, and the modelled minimum time. Pure.
 */
import {
  listingLowerBound,
  metricCallsLowerBound,
  modelledMinimumTime,
  peerMetricCalls,
  requestedDatapoints,
  ruleFor,
  type ActionKind,
  type BucketRule,
  type ModelledTime,
  type RegionLoad,
  type SeriesGroup,
} from './bounds.js';
import type { Listing } from './calls.js';
import type { Gap } from '#lib/model/index.js';

/** The collectors' cap on per-resource follow-up calls per unit (CollectorContext.limits.maxFollowUpCalls default). */
export const FOLLOW_UP_CAP = 50;

export interface ActionRow {
  action: string;
  kind: ActionKind | 'unclassified';
  per: string;
  calls: number;
  /**
   * Lower bound: sum over listings of ceil(items / max page) (inventory, and scoped or per-resource lists with
   * a page size: there it is the pages the listings needed); metrics: sum of ceil(series / q).
   */
  bound?: number;
  /** Distinct listings (action x region x filter). */
  listings: number;
  /** Items the listings returned. */
  items: number;
  /** Largest number of calls in one unit. */
  maxPerUnit: number;
  /** Calls that failed for good (no page came back): each still costs a call, so the bound counts them. */
  failed: number;
}

export interface CallFigures {
  total: number;
  inventory: number;
  inventoryBound: number;
  metrics: number;
  metricsBound: number;
  series: number;
  datapoints: number;
  peerCalls: number;
  scoped: number;
  perResource: number;
  perResourceMaxPerUnit: number;
  once: number;
  unclassified: number;
  /** Calls that failed for good (after every retry). */
  failed: number;
}

export interface AnalyzeInput {
  /** Calls by action, per unit region (the engine's CallStats). */
  callsByRegion: Record<string, Record<string, number>>;
  listings: Iterable<Listing>;
  /** GetMetricData series by region. */
  seriesByRegion: Record<string, SeriesGroup[]>;
  bucketFor(action: string): BucketRule;
}

export interface Analysis {
  actions: ActionRow[];
  calls: CallFigures;
  /** Inventory listings that did not ask for the maximum page size. */
  pageSizeIssues: string[];
  modelled: ModelledTime;
}

export function analyze(input: AnalyzeInput): Analysis {
  const rows = new Map<string, ActionRow>();
  const row = (action: string): ActionRow => {
    let r = rows.get(action);
    if (!r) {
      const rule = ruleFor(action);
      r = {
        action,
        kind: rule?.kind ?? 'unclassified',
        per: rule?.per ?? '',
        calls: 0,
        listings: 0,
        items: 0,
        maxPerUnit: 0,
        failed: 0,
      };
      rows.set(action, r);
    }
    return r;
  };

  for (const byAction of Object.values(input.callsByRegion)) {
    for (const [action, n] of Object.entries(byAction)) {
      const r = row(action);
      r.calls += n;
      r.maxPerUnit = Math.max(r.maxPerUnit, n);
    }
  }

  const pageSizeIssues: string[] = [];
  const pages = new Map<string, number>();
  for (const l of mergeBatches(input.listings)) {
    const rule = ruleFor(l.action);
    const r = row(l.action);
    r.listings++;
    r.items += l.items;
    pages.set(l.action, (pages.get(l.action) ?? 0) + l.pages);
    if (rule?.maxPage !== undefined && rule.kind !== 'metrics')
      r.bound = (r.bound ?? 0) + listingLowerBound(l.items, rule.maxPage);
    if (rule?.kind === 'inventory' && rule.maxPage !== undefined) {
      const off = l.pageSizes.filter((s) => s !== rule.maxPage);
      if (off.length > 0) {
        pageSizeIssues.push(
          `${l.action} in ${l.region}: ${off.length} of ${l.pageSizes.length} calls asked for ${[...new Set(off)].map((s) => (s === undefined ? 'no page size' : `${rule.pageParam ?? 'page size'}=${s}`)).join(', ')} (max ${rule.maxPage})`,
        );
      }
    }
  }

  for (const r of rows.values()) {
    if (r.kind === 'metrics') continue;
    r.failed = Math.max(0, r.calls - (pages.get(r.action) ?? 0));
    if (r.failed > 0 && ruleFor(r.action)?.maxPage !== undefined) r.bound = (r.bound ?? 0) + r.failed;
  }

  let series = 0;
  let datapoints = 0;
  let metricsBound = 0;
  let peerCalls = 0;
  for (const groups of Object.values(input.seriesByRegion)) {
    series += groups.reduce((n, g) => n + g.series, 0);
    datapoints += requestedDatapoints(groups);
    metricsBound += metricCallsLowerBound(groups);
    peerCalls += peerMetricCalls(groups);
  }
  const gmd = rows.get('cloudwatch:GetMetricData');
  if (gmd) gmd.bound = metricsBound;

  const actions = [...rows.values()].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.action < b.action ? -1 : 1),
  );
  const sum = (kind: ActionRow['kind']) =>
    actions.filter((a) => a.kind === kind).reduce((n, a) => n + a.calls, 0);
  const perResourceRows = actions.filter((a) => a.kind === 'per-resource');
  const calls: CallFigures = {
    total: actions.reduce((n, a) => n + a.calls, 0),
    inventory: sum('inventory'),
    inventoryBound: actions.filter((a) => a.kind === 'inventory').reduce((n, a) => n + (a.bound ?? 0), 0),
    metrics: sum('metrics'),
    metricsBound,
    series,
    datapoints,
    peerCalls,
    scoped: sum('scoped'),
    perResource: sum('per-resource'),
    perResourceMaxPerUnit: perResourceRows.reduce((m, a) => Math.max(m, a.maxPerUnit), 0),
    once: sum('once'),
    unclassified: sum('unclassified'),
    failed: actions.reduce((n, a) => n + a.failed, 0),
  };

  const loads: RegionLoad[] = Object.entries(input.callsByRegion).map(([region, byAction]) => {
    const buckets = new Map<string, { rule: BucketRule; calls: number }>();
    for (const [action, n] of Object.entries(byAction)) {
      const rule = input.bucketFor(action);
      const b = buckets.get(rule.bucket);
      if (b) b.calls += n;
      else buckets.set(rule.bucket, { rule, calls: n });
    }
    return {
      region,
      calls: [...buckets.values()],
      datapoints: requestedDatapoints(input.seriesByRegion[region] ?? []),
    };
  });

  return { actions, calls, pageSizeIssues, modelled: modelledMinimumTime(loads) };
}

/** Batch reads name their items in the input, so every call is its own "listing": count them per region instead. */
export function mergeBatches(listings: Iterable<Listing>): Listing[] {
  const out: Listing[] = [];
  const merged = new Map<string, Listing>();
  for (const l of listings) {
    if (ruleFor(l.action)?.kind !== 'batch') {
      out.push(l);
      continue;
    }
    const key = `${l.region}|${l.action}`;
    const m = merged.get(key);
    if (m) {
      m.pages += l.pages;
      m.items += l.items;
      m.pageSizes.push(...l.pageSizes);
    } else {
      const copy = { ...l, filter: '(batch)', pageSizes: [...l.pageSizes] };
      merged.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

/**
 * Calls an action made beyond what paging long lists needs: calls - (bound - listings). For a scoped or
 * per-resource action this is the number of groups or resources it was called for, the figure that must
 * not grow with the account.
 */
export function callsBeyondPaging(a: Pick<ActionRow, 'calls' | 'bound' | 'listings'>): number {
  return a.calls - Math.max(0, (a.bound ?? a.listings) - a.listings);
}

export const KIND_ORDER: readonly ActionRow['kind'][] = [
  'inventory',
  'metrics',
  'batch',
  'scoped',
  'per-resource',
  'once',
  'unclassified',
];

/** Gaps by service, slice, code and action, summed over units, most frequent first. */
export function gapKinds(units: readonly { gaps: readonly Gap[] }[]): Record<string, number> {
  const out = new Map<string, number>();
  for (const u of units)
    for (const g of u.gaps) {
      const k = [g.service, g.slice, g.code, g.action ?? ''].join(' ').trim();
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  return Object.fromEntries([...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
