/**
 * GitHub-flavoured Markdown digest (CLI `--format markdown`, a PR comment, a wiki page). Every dynamic
 * string goes through escapeMarkdown (inline text and table cells) or markdownCode; links are only made
 * from plain https documentation URLs.
 */
import { escapeMarkdown, markdownCode } from '../escape.js';
import type { AccountSection, CheckGroup, Digest } from '../types.js';
import {
  ageText,
  checkSavingsText,
  checkScopeText,
  controlFindingsText,
  controlNextText,
  corroborationLines,
  coverageText,
  criterionText,
  debtText,
  diffText,
  evidenceLine,
  fixFirstHeading,
  savingsText,
  gapText,
  incompleteNote,
  keyEvidence,
  levelsText,
  moreChecksText,
  plural,
  resourceLabel,
  resourcesText,
  safeDocUrl,
  scanLine,
  scopeText,
  severityTag,
  sourcesText,
  statusLine,
  trendArrow,
  trendText,
  unknownText,
  whereLabel,
  controlLevelText,
  organizationText,
  whyThisScanRan,
  plainReason,
  checkChangesText,
} from './format.js';

const e = escapeMarkdown;

function docLink(url: string): string {
  const safe = safeDocUrl(url);
  if (!safe) return e(url);
  // Visible text is the URL itself, escaped, so the reader sees where the link goes.
  return `[${e(safe.replace(/^https:\/\//, ''))}](<${safe}>)`;
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export function renderMarkdown(d: Digest): string {
  const out: string[] = [];
  // The status is in the title: a partial scan must never read as complete.
  out.push(`# perfscan digest · ${e(statusLine(d))}`, '');
  const why = whyThisScanRan(d);
  if (why) out.push(`**Why this scan ran:** ${e(why)}`, '');
  const note = incompleteNote(d);
  // A GitHub alert block (rendered as a warning box; a plain blockquote elsewhere).
  if (note) out.push('> [!WARNING]', `> ${e(note)}`, '');
  out.push(e(scanLine(d)));
  const reason = plainReason(d);
  if (reason) out.push('', `**Reason:** ${e(reason)}`);
  const changes = checkChangesText(d);
  if (changes) out.push('', `**Checks changed:** ${e(changes)}`);
  const scope = scopeText(d);
  if (scope) out.push('', `**Scope:** ${e(scope)}`);

  if (d.organization) {
    const o = organizationText(d.organization);
    out.push('', '## Organization', '', e(o.intro), '', e(o.levels));
    if (o.sections) out.push('', e(o.sections));
    out.push('', '### Lowest levels', '', ...o.lowest.map((l) => `- ${e(l)}`));
    out.push('', '### Most problems', '', ...o.failing.map((l) => `- ${e(l)}`));
  }

  for (const a of d.accounts) account(out, a);

  out.push('', '## Coverage', '', e(coverageText(d.coverage)));
  const res = resourcesText(d.coverage);
  if (res) out.push('', `Resources scanned: ${e(res)}`);
  if (d.coverage.failedUnits.length) {
    out.push('');
    for (const u of d.coverage.failedUnits) {
      out.push(`- Failed unit ${e(whereLabel(u))}${u.error ? `: ${e(u.error)}` : ''}`);
    }
    if (d.coverage.moreFailedUnits) out.push(`- … and ${d.coverage.moreFailedUnits} more failed units`);
  } else if (d.coverage.moreFailedUnits) {
    out.push('', `${d.coverage.moreFailedUnits} failed units (not known by name).`);
  }
  if (d.coverage.gapGroups.length) {
    out.push(
      '',
      ...table(
        ['Gap', 'Units', 'How to close it'],
        d.coverage.gapGroups.map((g) => [e(gapText(g)), String(g.units), e(g.hint ?? '')]),
      ),
    );
    if (d.coverage.moreGapGroups) out.push('', `… and ${d.coverage.moreGapGroups} more gap kinds.`);
  }
  const unknown = unknownText(d);
  if (unknown) out.push('', e(unknown));

  out.push('', '## Suppressions and attestations', '');
  out.push(`${e(plural(d.suppressions.suppressed, 'finding'))} suppressed.`);
  const notes = [...d.suppressions.expired.map((s) => s.text), ...d.expiredAttestations.map((a) => a.text)];
  if (notes.length) out.push('', ...notes.map((n) => `- ${e(n)}`));
  if (d.suppressions.moreExpired) out.push(`- … and ${d.suppressions.moreExpired} more expired suppressions`);

  out.push('', '## Performance debt register', '', e(debtText(d.debt)), '');
  return out.join('\n');
}

/** One account's section alone (the Digest Lambda stores each on its own at organization size). */
export function renderAccountMarkdown(a: AccountSection): string {
  const out: string[] = [];
  account(out, a);
  out.push('');
  return out.join('\n').replace(/^\n/, '');
}

function account(out: string[], a: AccountSection): void {
  out.push(
    '',
    `## Account ${e(a.accountId)}: Level ${a.level.current} ${e(a.label)} (${e(trendText(a.level.trend, a.level.previous))})`,
    '',
    e(levelsText(a)),
    '',
    e(sourcesText(a.itemSources)),
    '',
    e(diffText(a.diff)),
  );
  out.push('', `### ${e(fixFirstHeading(a))}`);
  const saved = savingsText(a.savings);
  if (saved) out.push('', `**${e(saved)}.**`);
  a.topChecks.forEach((g, i) => check(out, a, g, i));
  const more = moreChecksText(a);
  if (more) out.push('', `${e(more)}: see the failing resources below.`);

  if (a.next) {
    out.push('', `### What Level ${a.next.level} (${e(a.next.label)}) needs`, '');
    out.push(...a.next.needs.map((n) => `- ${e(n)}`));
    if (a.next.more) out.push(`- … and ${a.next.more} more`);
  } else {
    out.push('', 'Highest level reached.');
  }

  out.push(
    '',
    '### Controls',
    '',
    ...table(
      ['Control', 'Level', 'Trend', 'Decided by', 'Next level needs', 'Problems'],
      a.controls.map((c) => [
        `${e(c.control)} ${e(c.name)}`,
        e(controlLevelText(c)),
        c.trend === 'new' ? '' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`,
        c.decidedBy ? e(criterionText(c.decidedBy)) : '',
        e(controlNextText(c)),
        e(controlFindingsText(c)),
      ]),
    ),
  );

  if (a.topFindings.length) {
    const count = a.moreFindings ? `first ${a.topFindings.length} of ${a.failing}` : String(a.failing);
    out.push(
      '',
      '<details>',
      `<summary>All failing resources (${count})</summary>`,
      '',
      ...table(
        ['#', 'Severity', 'Check', 'Resource', 'Region', 'Evidence', 'Age'],
        a.topFindings.map((f, i) => [
          String(i + 1),
          e(severityTag(f.severity)),
          markdownCode(f.checkId, { inTable: true }),
          e(resourceLabel(f)),
          e(f.region),
          keyEvidence(f, 1).map((x) => e(evidenceLine(x)))[0] ?? e(f.message),
          e(ageText(f)),
        ]),
      ),
    );
    if (a.moreFindings) {
      out.push(
        '',
        `… and ${a.moreFindings} more failing resources: \`perfscan report --format csv\` lists every finding.`,
      );
    }
    out.push('', '</details>');
  }

  if (a.diff.resolved.length) {
    out.push('', '### Resolved since the previous scan', '');
    for (const r of a.diff.resolved)
      out.push(`- ${markdownCode(r.checkId)} ${e(resourceLabel(r))} · ${e(r.region)}`);
  }
}

function check(out: string[], a: AccountSection, g: CheckGroup, i: number): void {
  const name = a.controls.find((c) => c.control === g.control)?.name;
  out.push(
    '',
    `${i + 1}. **${e(severityTag(g.severity))}** ${e(g.title)} (${markdownCode(g.checkId)})  `,
    `   ${e(g.control)}${name ? ` ${e(name)}` : ''} · ${e(checkScopeText(g))}`,
  );
  for (const f of g.worst) {
    const age = ageText(f);
    out.push(`   - ${e(resourceLabel(f))} · ${e(f.region)}${age ? ` · ${e(age)}` : ''}: ${e(f.message)}`);
    for (const x of keyEvidence(f, 2)) out.push(`     - ${e(evidenceLine(x))}`);
    for (const c of corroborationLines(f)) out.push(`     - ${e(c)}`);
  }
  if (g.moreResources) out.push(`   - … and ${g.moreResources} more resources`);
  out.push(`   - **Fix:** ${e(g.remediation.text)}`);
  const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
  if (gain) out.push(`   - **Gain:** ${e(gain)}`);
  if (g.remediation.docs.length) out.push(`   - **Docs:** ${g.remediation.docs.map(docLink).join(', ')}`);
}
