/**
 * Plain-text pieces shared by every renderer. They return UNESCAPED text: each renderer escapes the
 * result for its medium (escape.ts), so composing here cannot smuggle markup past the escaping.
 */
import {
  formatBeside,
  formatNumber as formatDigits,
  type EvidenceItem,
  type SavingsBasis,
  type Severity,
} from '#lib/model/index.js';
import type {
  AccountSection,
  CheckGroup,
  ControlLine,
  CoverageSection,
  CriterionLine,
  DebtSummary,
  Digest,
  AccountBrief,
  DigestDiff,
  OrganizationSummary,
  SavingsSummary,
  TopFinding,
  Trend,
} from '../types.js';

/** "1 gap", "3 gaps". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function trendArrow(t: Trend): string {
  return t === 'up' ? '↑' : t === 'down' ? '↓' : t === 'same' ? '=' : '·';
}

/** "↑ from 1", "↓ from 3", "unchanged", "first scan". */
export function trendText(t: Trend, previous?: number): string {
  if (t === 'new' || previous === undefined) return 'first scan';
  if (t === 'same') return 'unchanged';
  return `${trendArrow(t)} from ${previous}`;
}

export function severityTag(s: Severity): string {
  return s.toUpperCase();
}

/** "1,234.57": thousands separators, at most 2 decimals. */
function formatNumber(n: number): string {
  return formatDigits(n, 2);
}

/**
 * The numbers a threshold states: `< 80% of timeout (8,000 ms)` -> 80 and 8000; `>= 4 of 14` -> 4 and 14. A value
 * is never rounded onto or across any of them (one in another unit only costs a decimal, never a wrong figure).
 */
function thresholdNumbers(t: EvidenceItem['threshold']): number[] {
  if (typeof t === 'number') return Number.isFinite(t) ? [t] : [];
  if (t === undefined) return [];
  return [...t.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)]
    .map((m) => Number(m[0].replace(/,/g, '')))
    .filter(Number.isFinite);
}

export function formatValue(
  v: EvidenceItem['value'],
  unit?: string,
  threshold?: EvidenceItem['threshold'],
): string {
  if (v === null) return 'no data';
  const near = typeof v === 'number' ? thresholdNumbers(threshold) : [];
  const s =
    typeof v === 'number' ? (near.length > 0 ? formatBeside(v, near, 2) : formatNumber(v)) : String(v);
  if (!unit || typeof v === 'boolean') return s;
  return unit === 'Percent' ? `${s}%` : `${s} ${unit}`;
}

/**
 * One evidence line: `label: metric statistic window: value vs threshold` (the metric part only when
 * the evidence is a metric), e.g. "CPU: AWS/EC2 CPUUtilization p95 of hourly Average 14 days: 3.1% vs <= 10".
 */
export function evidenceLine(e: EvidenceItem): string {
  const metric = [e.metric, e.statistic, e.window].filter((x): x is string => !!x).join(' ');
  const value = formatValue(e.value, e.unit, e.threshold);
  const threshold =
    e.threshold !== undefined
      ? ` vs ${typeof e.threshold === 'number' ? formatNumber(e.threshold) : e.threshold}`
      : '';
  const source = !metric && e.source ? ` (${e.source})` : '';
  return metric ? `${e.label}: ${metric}: ${value}${threshold}` : `${e.label}: ${value}${threshold}${source}`;
}

/** "name (id)" or "id"; the account and region follow separately. */
export function resourceLabel(f: Pick<TopFinding, 'resourceId' | 'resourceName'>): string {
  if (f.resourceId === '*') return f.resourceName ?? 'whole unit';
  return f.resourceName && f.resourceName !== f.resourceId
    ? `${f.resourceName} (${f.resourceId})`
    : f.resourceId;
}

export function whereLabel(f: Pick<TopFinding, 'accountId' | 'region'>): string {
  return `${f.accountId} ${f.region}`;
}

export function ageText(f: Pick<TopFinding, 'ageDays' | 'isNew'>): string {
  if (f.isNew) return 'new';
  if (f.ageDays === undefined) return '';
  return f.ageDays === 0 ? 'open < 1 day' : `open ${plural(f.ageDays, 'day')}`;
}

/** Money as "$1,234.5". */
export function usd(n: number): string {
  return `$${formatNumber(n)}`;
}

/** Money to the cent: "$2,183.60". */
export function usdCents(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * The scan status the reader sees first: "COMPLETE: 3 of 3 units scanned, 0 gaps" or
 * "PARTIAL: 2 of 3 units scanned (1 failed), 4 gaps". A partial scan never reads as complete.
 */
export function statusLine(d: Digest): string {
  const c = d.coverage;
  const extra = [
    c.unitsFailed ? `${c.unitsFailed} failed` : '',
    c.unitsPartial ? `${c.unitsPartial} partial` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    `${d.scan.status.toUpperCase()}: ${c.unitsScanned} of ${c.unitsPlanned} units scanned` +
    `${extra ? ` (${extra})` : ''}, ${plural(c.gaps, 'gap')}`
  );
}

/** Short form for subjects: "PARTIAL: 2 of 3 units, 4 gaps". */
export function statusShort(d: Digest): string {
  const c = d.coverage;
  return `${d.scan.status.toUpperCase()}: ${c.unitsScanned} of ${c.unitsPlanned} units, ${plural(c.gaps, 'gap')}`;
}

/** For a scan that is not complete: what that means for everything below it. */
export function incompleteNote(d: Digest): string | undefined {
  if (d.scan.status === 'complete') return undefined;
  const c = d.coverage;
  const names = c.failedUnits.map(whereLabel);
  const more = c.moreFailedUnits ? ` and ${c.moreFailedUnits} more` : '';
  return (
    'Results cover only what was scanned: checklist items and controls the missing data would decide are ' +
    'unknown, not met, and findings there are not listed.' +
    (names.length || c.moreFailedUnits ? ` Failed units: ${names.join(', ')}${more}.` : '')
  );
}

/** "eu-west-1 (3), us-east-1 (2) and 4 more regions". */
export function regionsText(g: Pick<CheckGroup, 'regions'>, max = 4): string {
  const shown = g.regions.slice(0, max).map((r) => `${r.region} (${r.resources})`);
  const rest = g.regions.length - shown.length;
  return `${shown.join(', ')}${rest > 0 ? ` and ${plural(rest, 'more region')}` : ''}`;
}

/** "6 resources in eu-west-1 (3), us-east-1 (3) · oldest open 12 days · 2 new". */
export function checkScopeText(g: CheckGroup): string {
  const parts = [`${plural(g.resources, 'resource')} in ${regionsText(g)}`];
  if (g.oldestAgeDays !== undefined && g.oldestAgeDays > 0) {
    parts.push(`oldest open ${plural(g.oldestAgeDays, 'day')}`);
  }
  if (g.newResources) parts.push(`${g.newResources} new`);
  if (g.corroborated) parts.push(`${g.corroborated} also flagged by another check for the same change`);
  return parts.join(' · ');
}

/** "est. savings $120/month (3 of 6 resources with an estimate)"; undefined when nothing is saved. */
export function checkSavingsText(g: CheckGroup): string | undefined {
  const v = g.estimatedMonthlySavingsUsd;
  if (v === undefined || v <= 0) return undefined;
  const of =
    g.resourcesWithSavings < g.resources
      ? ` (${g.resourcesWithSavings} of ${g.resources} resources with an estimate)`
      : '';
  return `est. savings ${usd(v)}/month${of}`;
}

/**
 * The evidence that carries the numbers, most telling first: a metric with a threshold, then a number with a
 * threshold, then any number; ties keep the check's own order.
 */
export function keyEvidence(f: Pick<TopFinding, 'evidence'>, n: number): TopFinding['evidence'] {
  const weight = (e: TopFinding['evidence'][number]): number =>
    (e.metric ? 2 : 0) + (e.threshold !== undefined ? 1 : 0) + (typeof e.value === 'number' ? 1 : 0);
  return f.evidence
    .map((e, i) => ({ e, i, w: weight(e) }))
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .slice(0, Math.max(0, n))
    .map((x) => x.e);
}

/** "WAF-PERF-010:L2 not met (observed): 42 of 54 running instances ...; ...". */
export function criterionText(c: CriterionLine, maxEvidence = 3): string {
  const ev = c.evidence.slice(0, maxEvidence);
  const more = c.moreEvidence + (c.evidence.length - ev.length);
  return `${c.id} ${c.state} (${c.source})${ev.length ? `: ${ev.join('; ')}` : ''}${more ? ` (+${more} more)` : ''}`;
}

/** "20 problems (3 failing checks); fix first: ec2-instance-cpu-not-saturated, HIGH, 6 resources". */
export function controlFindingsText(c: ControlLine): string {
  if (!c.failing) return 'no failing findings';
  const first = c.topCheck
    ? `; fix first: ${c.topCheck.checkId} (${severityTag(c.topCheck.severity)}, ${plural(c.topCheck.resources, 'resource')})`
    : '';
  return `${plural(c.failing, 'problem')} (${plural(c.failingChecks, 'failing check')})${first}`;
}

/**
 * "301 problems, 82 confirmed by a second check": a problem is one resource needing one change, however
 * many checks (ours, Compute Optimizer's) flag it.
 */
export function problemsText(a: Pick<AccountSection, 'failing' | 'corroborated'>): string {
  return `${plural(a.failing, 'problem')}${a.corroborated ? `, ${a.corroborated} confirmed by a second check` : ''}`;
}

/** "What to fix first (10 of 32 checks with problems, 301 problems, 82 confirmed by a second check)". */
export function fixFirstHeading(a: AccountSection, shown = a.topChecks.length): string {
  return a.failing === 0
    ? 'What to fix first: no failing findings'
    : `What to fix first (${shown} of ${plural(a.failingChecks, 'check')} with problems, ${problemsText(a)})`;
}

/** "… and 22 more checks (197 problems)" below the fix-first list; undefined when every check is listed. */
export function moreChecksText(a: AccountSection): string | undefined {
  if (!a.moreChecks) return undefined;
  const rest = a.failing - a.topChecks.reduce((n, g) => n + g.resources, 0);
  return `… and ${plural(a.moreChecks, 'more check')} with problems (${plural(rest, 'problem')})`;
}

/**
 * "same change also recommended by computeoptimizer-ec2-instance-optimized: i-1 is under-provisioned ...":
 * the other sources of a problem, as corroborating evidence (one line each).
 */
export function corroborationLines(f: Pick<TopFinding, 'corroboratedBy'>): string[] {
  return (f.corroboratedBy ?? []).map((c) => `same change also recommended by ${c.checkId}: ${c.message}`);
}

/** The account level beside the control levels, and why they differ (one line). */
export function levelsText(a: Pick<AccountSection, 'levels'>): string {
  const side = a.levels.controls.map((g) => `L${g.level} x${g.controls.length}`).join(', ');
  return `Account Level ${a.levels.account} (checklists) · controls ${side}. Why: ${a.levels.why}`;
}

/** "L3 Enforced & Monitored", "n/a (no databases ...)", or "L2 ... (held at L2 from L4: <why>)". */
export function controlLevelText(c: ControlLine): string {
  if (c.notApplicable) return `n/a: not applicable (${c.notApplicable})`;
  const text = `L${c.level} ${c.label}`;
  return c.capped ? `${text} (held at L2, criteria reach L${c.capped.from}: ${c.capped.why})` : text;
}

/** "Level 3: <criterion>: <what to do>", or that the top level is reached. */
export function controlNextText(c: ControlLine): string {
  if (c.notApplicable) return 'nothing to do: the control does not apply';
  if (c.level >= 5) return 'highest level reached';
  const needs = c.next[0] ?? `Level ${c.level + 1}`;
  return c.action ? `${needs}; to do: ${c.action}` : needs;
}

/**
 * The opening of a digest whose scan the release radar started (trigger `release`): what AWS released that
 * this estate's resources could move to (the radar's reason). Undefined for every other trigger, whose
 * reason (if any) is shown as the scan's reason.
 */
export function whyThisScanRan(d: Digest): string | undefined {
  if (d.scan.trigger !== 'release') return undefined;
  const what = d.scan.reason?.trim();
  return `AWS released an offering that resources of this estate could move to${what ? `: ${what}` : ' (the radar gave no detail)'}. The release radar started this scan to judge them against it.`;
}

/**
 * A rescore's digest: what changed in the checks since the scan it re-judged (the snapshots are the same,
 * so its new and resolved problems are the checks' doing).
 */
export function checkChangesText(d: Digest): string | undefined {
  const c = d.scan.checkChanges;
  if (!c) return undefined;
  if (c.lines.length === 0)
    return `Rescore of ${c.rescoreOf}: the checks and thresholds did not change; any difference comes from perfscan's code (${d.scan.toolVersion}).`;
  return `Rescore of ${c.rescoreOf}, the same snapshots judged with changed checks: ${c.lines.join('; ')}${c.more > 0 ? ` (and ${c.more} more)` : ''}.`;
}

/** The scan's reason, unless the digest already opens with it (a release scan). */
export function plainReason(d: Digest): string | undefined {
  return d.scan.trigger === 'release' ? undefined : d.scan.reason;
}

export function scanLine(d: Digest): string {
  const parts = [
    `scan ${d.scan.id}`,
    `started ${d.scan.started}`,
    `trigger ${d.scan.trigger}`,
    `status ${d.scan.status}`,
  ];
  return parts.join(' · ');
}

/** One account of the organization summary: "111122223333: Level 2 Repeatable (↓ from 3), 40 problems in 6 checks, …". */
export function accountBriefText(b: AccountBrief): string {
  const extra = [
    b.estimatedMonthlySavingsUsd > 0 ? `${usd(b.estimatedMonthlySavingsUsd)}/month estimated savings` : '',
    b.openDebt > 0 ? `${plural(b.openDebt, 'open debt entry', 'open debt entries')}` : '',
  ].filter(Boolean);
  return (
    `${b.accountId}: Level ${b.level.current} ${b.label} (${trendText(b.level.trend, b.level.previous)}), ` +
    `${plural(b.failing, 'problem')} in ${plural(b.failingChecks, 'check')}${extra.length ? `, ${extra.join(', ')}` : ''}`
  );
}

/** The organization summary as plain text (each renderer escapes it): intro, levels, ranked lists, where the sections are. */
export function organizationText(o: OrganizationSummary): {
  intro: string;
  levels: string;
  lowest: string[];
  failing: string[];
  sections?: string;
} {
  const moved = [o.levelsUp ? `${o.levelsUp} up` : '', o.levelsDown ? `${o.levelsDown} down` : '']
    .filter(Boolean)
    .join(', ');
  const out: ReturnType<typeof organizationText> = {
    intro:
      `${plural(o.accounts, 'account')}: the ${plural(o.shown, 'account')} needing attention most ` +
      `(lowest level, then most problems) ${o.shown === 1 ? 'is' : 'are'} shown in full; every account has a section of its own.`,
    levels:
      `Accounts by level: ${o.byLevel.map((l) => `Level ${l.level}: ${l.accounts}`).join(', ')}` +
      `${moved ? `; since the previous scan ${moved}` : ''}.`,
    lowest: o.lowestLevels.map(accountBriefText),
    failing: o.mostFailing.map(accountBriefText),
  };
  if (o.sections)
    out.sections = `Each account's full section: ${o.sections.markdown}${o.sections.json ? ` (JSON: ${o.sections.json})` : ''}, {account} being the account id.`;
  return out;
}

/** Accounts in the scan: the organization's count when the digest keeps only some sections. */
export function accountCount(d: Digest): number {
  return d.organization?.accounts ?? d.accounts.length;
}

export function scopeText(d: Digest): string | undefined {
  const s = d.scan.scope;
  const parts: string[] = [];
  if (s.accounts?.length) parts.push(`accounts ${s.accounts.join(', ')}`);
  if (s.regions?.length) parts.push(`regions ${s.regions.join(', ')}`);
  if (s.services?.length) parts.push(`services ${s.services.join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

export function diffText(diff: DigestDiff): string {
  if (!diff.previousScanId) return 'first scan: nothing to compare with';
  const c = diff.counts;
  const extra = [
    c.unassessed ? `${c.unassessed} not assessable this time` : '',
    c.suppressed ? `${c.suppressed} now suppressed` : '',
  ].filter(Boolean);
  return `since ${diff.previousScanId}: ${c.new} new, ${c.resolved} resolved, ${c.persisting} persisting${extra.length ? `; ${extra.join(', ')}` : ''}`;
}

export function coverageText(c: CoverageSection): string {
  const extra = [
    c.unitsPartial ? `${c.unitsPartial} partial` : '',
    c.unitsFailed ? `${c.unitsFailed} failed` : '',
  ].filter(Boolean);
  const total = Object.values(c.resources).reduce((s, n) => s + n, 0);
  return (
    `${c.unitsScanned} of ${c.unitsPlanned} units scanned${extra.length ? ` (${extra.join(', ')})` : ''}, ` +
    `${plural(c.gaps, 'gap')}, ${formatNumber(total)} resources, ${formatNumber(c.apiCalls)} API calls` +
    (c.throttles ? `, ${c.throttles} throttled` : '')
  );
}

export function resourcesText(c: CoverageSection): string {
  return Object.entries(c.resources)
    .map(([slice, n]) => `${slice} ${formatNumber(n)}`)
    .join(', ');
}

export function gapText(g: CoverageSection['gapGroups'][number]): string {
  const what = g.action ? `${g.code} on ${g.action}` : `${g.code} on ${g.slice}`;
  return `${what} (${plural(g.units, 'unit')}): ${g.message}`;
}

/**
 * "Estimated savings: $2,183.60/month on 120 of 386 problems (AWS's figures first, else on-demand list prices
 * before discounts)"; undefined when no problem carries an estimate.
 */
export function savingsText(s: SavingsSummary | undefined): string | undefined {
  if (!s || s.problemsWithSavings === 0) return undefined;
  return (
    `Estimated savings: ${usdCents(s.estimatedMonthlySavingsUsd)}/month on ${s.problemsWithSavings} of ` +
    `${plural(s.problems, 'problem')} (AWS's own figures first, else on-demand list prices before discounts)`
  );
}

/**
 * One line on how a saving was computed: "gp2, 500 GiB $50.00/month -> gp3, 500 GiB $40.00/month (on-demand
 * list price, price list 2026-11-01)"; for AWS's own figures, their wording.
 */
export function savingsBasisLine(b: SavingsBasis | undefined): string | undefined {
  if (!b) return undefined;
  if (!b.current || !b.target) return `${b.priceType}: ${b.note}`;
  const date = b.priceListDate ? `, price list ${b.priceListDate.slice(0, 10)}` : '';
  return (
    `${b.current.label} ${usdCents(b.current.monthlyUsd)}/month -> ${b.target.label} ${usdCents(b.target.monthlyUsd)}/month ` +
    `(${b.priceType}${date}${b.hoursPerMonth ? `, ${b.hoursPerMonth} h/month` : ''}); ${b.note}`
  );
}

export function debtText(debt: DebtSummary): string {
  const parts = [
    `${debt.open} open`,
    debt.open ? `oldest ${plural(debt.oldestOpenAgeDays, 'day')}` : '',
    `${debt.newThisScan} new this scan`,
    `${debt.resolvedThisScan} resolved this scan`,
    debt.reopened ? `${debt.reopened} reopened` : '',
    debt.suppressed ? `${debt.suppressed} suppressed` : '',
    debt.estimatedMonthlySavingsUsd
      ? `cost of delay ${usdCents(debt.estimatedMonthlySavingsUsd)}/month on ${debt.withImpact} of ${debt.open} open` +
        (debt.costOfDelayToDateUsd ? ` (${usdCents(debt.costOfDelayToDateUsd)} so far)` : '')
      : '',
  ].filter(Boolean);
  return parts.join(', ');
}

export function unknownText(d: Digest): string | undefined {
  const { unknownChecks, errorChecks } = d.counts;
  if (!unknownChecks && !errorChecks) return undefined;
  return [
    unknownChecks ? `${plural(unknownChecks, 'check result')} unknown (missing data)` : '',
    errorChecks ? plural(errorChecks, 'check error') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

export function sourcesText(s: { observed: number; attested: number; 'not assessed': number }): string {
  return `checklist items: ${s.observed} observed, ${s.attested} attested, ${s['not assessed']} not assessed`;
}

/**
 * Documentation links are shown as links only when they are plain https URLs with no characters that
 * could break out of a Markdown, Slack or HTML link; anything else is shown as text.
 */
export function safeDocUrl(url: string): string | undefined {
  return /^https:\/\/[A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]*)?$/.test(url) && !/['*]/.test(url)
    ? url
    : undefined;
}

/** Cut text to `max` characters, marking the cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1))}…`;
}

const DOC_SERVICES: Record<string, string> = {
  awsec2: 'EC2',
  ebs: 'EBS',
  amazonrds: 'RDS',
  amazoncloudwatch: 'CloudWatch',
  amazoncloudfront: 'CloudFront',
  amazonelasticache: 'ElastiCache',
  lambda: 'Lambda',
  autoscaling: 'Auto Scaling',
  'compute-optimizer': 'Compute Optimizer',
  vpc: 'VPC',
  awssupport: 'AWS Support',
  wellarchitected: 'Well-Architected',
  'devops-guru': 'DevOps Guru',
};
const DOC_GUIDES: Record<string, string> = {
  userguide: 'User Guide',
  ug: 'User Guide',
  user: 'User Guide',
  dg: 'Developer Guide',
  developerguide: 'Developer Guide',
  apireference: 'API Reference',
  ec2: '',
};

/**
 * A readable title for a documentation link, from its URL (the checks carry plain URLs):
 * `https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances.html` ->
 * "Burstable performance instances (EC2 User Guide)". Other hosts: the last path segment and the host.
 */
export function docTitle(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const parts = u.pathname.split('/').filter(Boolean);
  const last = (parts.at(-1) ?? '').replace(/\.html?$/, '');
  const page = decodeURIComponent(last)
    .replace(/^(CHAP|USER|concepts?)_/i, '')
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
  const pageTitle = page ? page.charAt(0).toUpperCase() + page.slice(1) : u.hostname;
  if (u.hostname === 'docs.aws.amazon.com' && parts.length >= 2) {
    const svcKey = (parts[0] ?? '').toLowerCase();
    const service = DOC_SERVICES[svcKey] ?? (parts[0] ?? '').replace(/^(Amazon|AWS)/, '');
    const guideKey = parts.length >= 4 ? (parts[2] ?? '').toLowerCase() : '';
    const guide =
      DOC_GUIDES[guideKey] ?? (parts.length >= 4 ? (parts[2] ?? '').replace(/([a-z])([A-Z])/g, '$1 $2') : '');
    return `${pageTitle} (${[service, guide].filter(Boolean).join(' ')})`;
  }
  return `${pageTitle} (${u.hostname})`;
}
