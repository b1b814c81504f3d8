/**
 * docs/maturity.md, generated from the model data (lib/maturity/model.ts) only: levels, each control's
 * level criteria and how they are assessed, the three checklists, attestation ids and syntax, entry path.
 */
import type { Assessment, CriterionDef } from './model.js';
import {
  CHECKLISTS,
  CONTROLS,
  ENTRY_PATH,
  ENTRY_PATH_NOTE,
  LEVELS,
  THRESHOLDS,
  knownItemIds,
} from './model.js';

/** Table cells cannot hold pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function assessmentText(def: CriterionDef): string {
  const a: Assessment = def.assessment;
  const ids = def.attestationIds.map((i) => `\`${i}\``).join(' or ');
  if (a.kind === 'attestation-only') return `attestation: ${ids}`;
  const uses = a.uses.join('; ');
  if (a.kind === 'observed') return `observed: ${uses}. Unknown -> attestation: ${ids}`;
  return `observed: ${uses}; plus attestation ${ids}: ${a.attest}`;
}

export function renderMaturityDoc(): string {
  const out: string[] = [];
  const p = (...lines: string[]): void => {
    out.push(...lines);
  };

  p(
    '# Performance Efficiency maturity model',
    '',
    '<!-- Generated from lib/maturity/model.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'perfscan scores every account against this model. Each checklist item and each control level criterion is answered',
    "`met`, `not met` or `unknown`, with a source: `observed` (from the account's live state and metrics, with the",
    'evidence that decided it), `attested` (declared in the config file: who, when, link; attestations expire) or',
    '`not assessed` (no evidence either way). An observed answer wins over an attestation that disagrees; an attestation',
    'answers only what the account cannot show.',
    '',
    'Rules of observation:',
    '',
    '- A gap (AccessDenied, throttling, a service not enabled, a service not scanned) on the data a criterion reads makes',
    '  it `unknown`, never `met`.',
    '- Items that claim something exists ("at least one", "is configured") are `not met` when the fully assessed',
    '  account has none.',
    '- Items that claim something of every resource ("all", "every") are `unknown` when there is no such resource at',
    '  all: nothing to observe, so attest it if it holds outside the account.',
    '- Criteria marked "plus attestation" need both: the observed part met, and an attestation for the practice part.',
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
    p(
      `### ${c.id} ${c.name}`,
      '',
      '| Level | Model | perfscan criterion | Assessed by |',
      '|---|---|---|---|',
    );
    p(`| 1 | ${cell(c.levels[1])} | ${cell(c.l1Evidence)} | default |`);
    for (const k of c.criteria) {
      p(`| ${k.level} | ${cell(c.levels[k.level])} | ${cell(k.text)} | ${cell(assessmentText(k))} |`);
    }
    p('');
  }

  p('## Self-assessment checklists (the overall level)', '');
  for (const c of CHECKLISTS) {
    p(`### Level ${c.level}`, '', `${c.rule}:`, '', '| Id | Item | Assessed by |', '|---|---|---|');
    for (const i of c.items) p(`| \`${i.id}\` | ${cell(i.text)} | ${cell(assessmentText(i))} |`);
    p('');
  }
  p('A level is only reached when every lower level is reached too.', '');

  p('## Thresholds', '', '| What | Value | Source |', '|---|---|---|');
  for (const t of THRESHOLDS) p(`| ${cell(t.name)} | ${cell(t.value)} | ${cell(t.source)} |`);
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
    'Some control criteria also accept the checklist item that says the same thing (listed under "Assessed by" above),',
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
