/**
 * The wording-to-share mapping (maturity-model.md, "How a level is earned: coverage, never existence"). Each share
 * is configurable (config `maturity.shares`), each default carries its source; `all` is never below 95%.
 */
import { formatNumber } from '#lib/model/index.js';
import type { ShareName, Shares } from './types.js';

export interface ShareSpec {
  default: number;
  min: number;
  max: number;
  wording: string;
  source: string;
}

export const SHARE_SPECS: Record<keyof Shares, ShareSpec> = {
  most: {
    default: 0.8,
    min: 0.5,
    max: 1,
    wording: '"most", "mostly", and unqualified statements ("slow query log enabled")',
    source: 'maturity model, "How a level is earned" (most >= 80%)',
  },
  all: {
    default: 1,
    min: 0.95,
    max: 1,
    wording: '"all", "every", "fully", "completed", "where needed"',
    source: 'maturity model, "How a level is earned" (100% by default, configurable, never below 95%)',
  },
  rightSized: {
    default: 0.9,
    min: 0.5,
    max: 1,
    wording: 'WAF-PERF-010 L3 "<= 10% are over- or under-provisioned" (the share right-sized)',
    source: 'maturity model, "Observable evidence per control", WAF-PERF-010 L3',
  },
};

export const ONE_SPEC = {
  wording:
    '"at least one", "some", "configured for a workload" (only where the seed says so: checklist L2-3, L2-4)',
  source: 'maturity model, "How a level is earned" (>= 1)',
};

export const DEFAULT_SHARES: Shares = {
  most: SHARE_SPECS.most.default,
  all: SHARE_SPECS.all.default,
  rightSized: SHARE_SPECS.rightSized.default,
};

/** Configured shares over the defaults, clamped to each spec's bounds (the config schema rejects out-of-range). */
export function resolveShares(configured: Partial<Shares> | undefined): Shares {
  const out = { ...DEFAULT_SHARES };
  for (const k of Object.keys(SHARE_SPECS) as (keyof Shares)[]) {
    const v = configured?.[k];
    if (typeof v === 'number' && Number.isFinite(v))
      out[k] = Math.min(SHARE_SPECS[k].max, Math.max(SHARE_SPECS[k].min, v));
  }
  return out;
}

/** Resources needed out of `of` for a share: at least one, or ceil(share x of). */
export function required(share: ShareName, of: number, shares: Shares): number {
  if (share === 'one') return 1;
  return Math.max(1, Math.ceil(shares[share] * of - 1e-9));
}

export function shareLabel(share: ShareName, shares: Shares): string {
  if (share === 'one') return 'at least one';
  const pct = `${formatNumber(shares[share] * 100, 2)}%`;
  return share === 'all' ? `all (${pct})` : share === 'most' ? `most (>= ${pct})` : `>= ${pct}`;
}
