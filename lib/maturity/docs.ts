/**
 * docs/maturity.md, generated from the control files (lib/maturity/controls), the checklists, the measures and the
 * shares only: every criterion with its denominator, the share its wording maps to and that share's source.
 */
import { CHECKLISTS } from './checklists.js';
import { CONTROLS } from './controls/index.js';
import { ENTRY_PATH, ENTRY_PATH_NOTE, LEVELS } from './levels.js';
import { MEASURES, measure } from './measures/index.js';
import { knownItemIds } from './registry.js';
import { ONE_SPEC, SHARE_SPECS } from './shares.js';
import type { CriterionDef, HistoryRequirement, Requirement, ShareName } from './types.js';
import { CACHE_HIT_RATE_MIN, STATIC_CDN_HIT_RATE_MIN } from './measures/caching.js';
import { RECENT_VOLUME_DAYS } from './measures/storage.js';
import { MIN_REGISTER_SCANS, MIN_SCHEDULED_SCANS } from './controls/waf-perf-100.js';
import { MAJOR_INTERFACE_ENDPOINT_SERVICES } from '#lib/concepts/endpoints.js';
import { PERCENTILE_ALARM_MIN } from '#lib/concepts/alarms.js';
import { describeEntryPointMetrics } from '#lib/concepts/entry-points.js';
import { EXTERNAL_SCALER_TAGS } from '#lib/concepts/scaling.js';
import { CACHING_DISABLED_POLICY_ID } from '#lib/concepts/cache.js';

/** Table cells cannot hold pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function shareText(share: ShareName): string {
  if (share === 'one') return '>= 1';
  const spec = SHARE_SPECS[share];
  return `${share} (default ${Math.round(spec.default * 100)}%)`;
}

function shareSource(share: ShareName): string {
  return share === 'one' ? ONE_SPEC.source : SHARE_SPECS[share].source;
}

function requirementRow(r: Requirement | HistoryRequirement): {
  denominator: string;
  meets: string;
  share: string;
  source: string;
} {
  if ('tally' in r)
    return {
      denominator: r.denominator,
      meets: r.meets,
      share: shareText(r.share),
      source: shareSource(r.share),
    };
  const m = measure(r.measure);
  const none = r.whenNone ? `; none concerned: ${r.whenNone}` : '';
  return {
    denominator: `${m.denominator} (\`${m.id}\`)`,
    meets: m.meets,
    share: `${shareText(r.share)}${none}`,
    source: shareSource(r.share),
  };
}

function assessed(def: CriterionDef): string {
  const ids = def.attestationIds.map((i) => `\`${i}\``).join(' or ');
  if (def.observe.length === 0) return `attestation: ${ids}`;
  if (def.attest && !def.orAttested) return `observed, plus attestation ${ids}: ${def.attest}`;
  if (def.orAttested) return `observed, or attestation ${ids}`;
  if (def.notMetIsUnknown) return `observed when met; otherwise attestation ${ids}`;
  return `observed; unknown -> attestation ${ids}`;
}

function criterionRows(level: string, model: string, def: CriterionDef): string[] {
  if (def.observe.length === 0)
    return [`| ${level} | ${cell(model)} | ${cell(def.text)} | - | - | - | ${cell(assessed(def))} |`];
  return def.observe.map((r, i) => {
    const row = requirementRow(r);
    const first = i === 0;
    return `| ${first ? level : ''} | ${first ? cell(model) : ''} | ${first ? cell(def.text) : 'and'} | ${cell(row.denominator)}: ${cell(row.meets)} | ${cell(row.share)} | ${cell(row.source)} | ${first ? cell(assessed(def)) : ''} |`;
  });
}

export function renderMaturityDoc(): string {
  const out: string[] = [];
  const p = (...lines: string[]): void => {
    out.push(...lines);
  };

  p(
    '# Performance Efficiency maturity model',
    '',
    '<!-- Generated from lib/maturity (controls/, checklists.ts, measures/, shares.ts) by `npm run docs`. Do not edit by hand. -->',
    '',
    'perfscan scores every account against this model. Each checklist item and each control level criterion is answered',
    "`met`, `not met` or `unknown`, with a source: `observed` (from the account's live state and metrics, with the",
    'evidence that decided it), `attested` (declared in the config file: who, when, link; attestations expire) or',
    '`not assessed` (no evidence either way). An observed answer wins over an attestation that disagrees; an attestation',
    'answers only what the account cannot show.',
    '',
    '## How a level is earned: coverage, never existence',
    '',
    'Every observed criterion is a share of the resources it concerns (its denominator), and its evidence shows the count:',
    '"41 of 52 request entry points alarm on p95/p99 latency or have a latency SLO (79%); needs most (>= 80%)". The',
    "model's wording maps to shares, configurable in the config file under `maturity.shares`:",
    '',
    '| Wording in the model | Share | Default | Configurable | Source |',
    '|---|---|---|---|---|',
    `| ${cell(ONE_SPEC.wording)} | one | >= 1 resource | no | ${cell(ONE_SPEC.source)} |`,
    ...(Object.keys(SHARE_SPECS) as (keyof typeof SHARE_SPECS)[]).map((k) => {
      const s = SHARE_SPECS[k];
      return `| ${cell(s.wording)} | ${k} | ${Math.round(s.default * 100)}% | ${Math.round(s.min * 100)}%-${Math.round(s.max * 100)}% | ${cell(s.source)} |`;
    }),
    '',
    '```yaml',
    'maturity:',
    '  shares:',
    '    most: 0.8 # "most" and unqualified statements',
    '    all: 1 # "all", "every", "fully"; never below 0.95',
    '```',
    '',
    'Rules:',
    '',
    '- A resource without data for a criterion is counted in the denominator but never as meeting it; when no resource',
    '  has data, the criterion is `unknown`.',
    '- A gap (AccessDenied, throttling, a service not enabled, not scanned) on what a measure reads leaves that unit out',
    '  of the count; the criterion is then `unknown` unless the share is already decided ("at least one" found).',
    '- `not applicable`: the account has none of what a control is about (no compute for 010 and 020, no workloads for',
    '  030, 050 and 070, no databases for 040, no Lambda functions for 080, no EBS volumes or DB storage for 090). It',
    '  is shown as such, never as a level. Where the subject exists but a criterion concerns no resource (workloads but',
    '  no entry point emitting latency, instances but no Auto Scaling group), the criterion is `not met` unless its row',
    '  says otherwise ("none concerned").',
    '- Levels climb: a level holds only when every lower level holds.',
    '- The cap: a control cannot sit above Level 2 while one of its own checks fails on most (the `most` share) of the',
    '  resources it judged; WAF-PERF-020 is also held at Level 2 while most running instances are in no Auto Scaling',
    '  group (static capacity). The digest says when a cap holds a level, with the count.',
    '',
    '## Definitions (lib/concepts, shared by the checks and the score)',
    '',
    `- **Request entry point**: a resource that serves users and emits a latency metric in the window, listed with CloudWatch \`ListMetrics\` (no per-resource call), plus any an alarm names: ${cell(describeEntryPointMetrics())}.`,
    '- **Alerting alarm**: a metric alarm with actions enabled and an alarm action, or one that feeds a composite alarm with an action.',
    `- **Percentile alarm**: an alerting alarm with an extended statistic p${PERCENTILE_ALARM_MIN} or higher (or a percentile stat in its metric math).`,
    "- **Burn-rate alarm**: an alerting alarm on an Application Signals SLO's `BurnRate` metric (its `SloName`), or metric math dividing by an error budget over the SLO's own metrics. Never recognised by name.",
    '- **Anomaly alarm**: an alerting alarm with an `ANOMALY_DETECTION_BAND` threshold.',
    `- **A group that scales**: min < max and a scaling policy that acts (not ForecastOnly), or a documented external scaler tag (${EXTERNAL_SCALER_TAGS.map((t) => `\`${t.key}\``).join(', ')}); or a recurring scheduled action.`,
    `- **A cache**: an enabled CloudFront distribution with traffic and a behavior that caches (the managed CachingDisabled policy \`${CACHING_DISABLED_POLICY_ID}\` does not), or an ElastiCache cluster or serverless cache. Hit rate >= ${CACHE_HIT_RATE_MIN}%, static-content CDN >= ${STATIC_CDN_HIT_RATE_MIN}% (maturity model WAF-PERF-030 L4, L4-7).`,
    '- **Production**: tagged env/environment/stage/tier = prod*; when nothing is tagged, everything counts.',
    `- **Major interface-endpoint services**: ${MAJOR_INTERFACE_ENDPOINT_SERVICES.join(', ')} (every private workload calls them for logs, metrics and credentials).`,
    `- **New volumes**: created in the last ${RECENT_VOLUME_DAYS} days (perfscan default). **Debt register**: >= ${MIN_REGISTER_SCANS} scans (WAF-PERF-100 L3); scheduled scans: >= ${MIN_SCHEDULED_SCANS} (L5).`,
    '',
    '## Levels',
    '',
    '| Level | Label | In one line |',
    '|---|---|---|',
    ...LEVELS.map((l) => `| ${l.level} | ${cell(l.label)} | ${cell(l.summary)} |`),
    '',
    "The overall level comes from the checklists below (a level needs every lower level). A control's level is the last",
    'consecutive level, from Level 2 up, whose criterion is met; Level 1 is the default.',
    '',
    '## Controls',
    '',
  );

  for (const c of CONTROLS) {
    p(`### ${c.id} ${c.name}`, '');
    if (c.subject) {
      const m = measure(c.subject.measure);
      p(`Not applicable when the account has ${c.subject.none} (${m.denominator}).`, '');
    }
    p(
      '| Level | Model | perfscan criterion | Denominator: what counts | Share | Share source | Assessed by |',
      '|---|---|---|---|---|---|---|',
      `| 1 | ${cell(c.levels[1])} | the default level | - | - | - | - |`,
    );
    for (const k of c.criteria) {
      const rows = criterionRows(String(k.level), c.levels[k.level], k);
      p(...rows);
    }
    for (const cap of c.capAtTwo ?? []) {
      const m = measure(cap.measure);
      p(
        `| cap | held at Level 2 | ${cell(cap.why)} | ${cell(m.denominator)}: ${cell(m.meets)} | ${cell(shareText(cap.share))} | ${cell(shareSource(cap.share))} | observed |`,
      );
    }
    p('');
  }

  p('## Self-assessment checklists (the overall level)', '');
  for (const c of CHECKLISTS) {
    p(
      `### Level ${c.level}`,
      '',
      `${c.rule}:`,
      '',
      '| Id | Item | Denominator: what counts | Share | Share source | Assessed by |',
      '|---|---|---|---|---|---|',
    );
    for (const i of c.items) {
      if (i.observe.length === 0) {
        p(`| \`${i.id}\` | ${cell(i.text)} | - | - | - | ${cell(assessed(i))} |`);
        continue;
      }
      i.observe.forEach((r, n) => {
        const row = requirementRow(r);
        p(
          `| ${n === 0 ? `\`${i.id}\`` : ''} | ${n === 0 ? cell(i.text) : 'and'} | ${cell(row.denominator)}: ${cell(row.meets)} | ${cell(row.share)} | ${cell(row.source)} | ${n === 0 ? cell(assessed(i)) : ''} |`,
        );
      });
    }
    p('');
  }
  p('A level is only reached when every lower level is reached too.', '');

  p(
    '## Measures',
    '',
    'What each denominator reads (a gap on a source leaves the unit out of the count).',
    '',
  );
  p('| Measure | Denominator | Counts when | Reads |', '|---|---|---|---|');
  for (const m of MEASURES)
    p(`| \`${m.id}\` | ${cell(m.denominator)} | ${cell(m.meets)} | ${cell(m.uses.join('; '))} |`);
  p('');

  p(
    '## Attestations',
    '',
    'What the account cannot show is declared in the config file (`perfscan.config.json` or YAML) under `attestations`.',
    'Each entry names an item id, whether it holds (`met`, default `true`), who attested it, when, a link to the evidence,',
    'and an expiry date (`YYYY-MM-DD`, counted through the end of that day, UTC). An expired attestation no longer counts,',
    'and the digest says so.',
    '',
    '```yaml',
    'attestations:',
    '  - item: L2-5',
    '    met: true',
    '    by: jane.doe@example.com',
    "    date: '2025-01-15'",
    '    link: https://wiki.example.com/perf/load-test-2025-01',
    "    expires: '2025-07-15'",
    '    note: k6 run before the 3.2 release',
    '  - item: WAF-PERF-060:L3',
    '    by: ci-team@example.com',
    "    date: '2025-02-01'",
    '    link: https://ci.example.com/pipelines/load-gate',
    "    expires: '2026-02-01'",
    '```',
    '',
    '```json',
    '{ "attestations": [ { "item": "L3-8", "met": true, "by": "jane.doe@example.com", "date": "2025-01-15",',
    '    "link": "https://wiki.example.com/perf/caching", "expires": "2025-07-15" } ] }',
    '```',
    '',
    'Item ids accepted in attestations:',
    '',
    knownItemIds()
      .map((i) => `\`${i}\``)
      .join(', '),
    '',
    'Some control criteria also accept the checklist item that says the same thing (listed with the criterion above),',
    'e.g. `WAF-PERF-060:L2` accepts `L2-5`.',
    '',
    '## Recommended entry path (for accounts at Level 1)',
    '',
    '| Weeks | Action | Control |',
    '|---|---|---|',
    ...ENTRY_PATH.map((s) => `| ${s.weeks} | ${cell(s.action)} | ${s.control} |`),
    '',
    ENTRY_PATH_NOTE,
    '',
  );
  return out.join('\n');
}
