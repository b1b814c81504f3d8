/**
 * GitHub-flavoured Markdown digest (CLI `--format markdown`, a PR comment, a wiki page). Every dynamic
 * string goes through escapeMarkdown (inline text and table cells) or markdownCode; links are only made
 * from plain https documentation URLs.
 */
import { escapeMarkdown, markdownCode } from '../escape.js';
import type { AccountSection, Digest } from '../types.js';
import {
  ageText,
  coverageText,
  debtText,
  diffText,
  evidenceLine,
  gapText,
  resourceLabel,
  resourcesText,
  safeDocUrl,
  scanLine,
  scopeText,
  severityTag,
  sourcesText,
  trendArrow,
  trendText,
  unknownText,
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
  out.push('# perfscan digest', '', e(scanLine(d)));
  if (d.scan.reason) out.push('', `**Reason:** ${e(d.scan.reason)}`);
  const scope = scopeText(d);
  if (scope) out.push('', `**Scope:** ${e(scope)}`);

  for (const a of d.accounts) account(a);

  out.push('', '## Coverage', '', e(coverageText(d.coverage)));
  const res = resourcesText(d.coverage);
  if (res) out.push('', `Resources scanned: ${e(res)}`);
  if (d.coverage.failedUnits.length) {
    out.push('');
    for (const u of d.coverage.failedUnits) {
      out.push(`- Failed unit ${e(u.accountId)} ${e(u.region)}${u.error ? `: ${e(u.error)}` : ''}`);
    }
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
  out.push(`${d.suppressions.suppressed} finding${d.suppressions.suppressed === 1 ? '' : 's'} suppressed.`);
  const notes = [...d.suppressions.expired.map((s) => s.text), ...d.expiredAttestations.map((a) => a.text)];
  if (notes.length) out.push('', ...notes.map((n) => `- ${e(n)}`));
  if (d.suppressions.moreExpired) out.push(`- … and ${d.suppressions.moreExpired} more expired suppressions`);

  out.push('', '## Performance debt register', '', e(debtText(d.debt)), '');
  return out.join('\n');

  function account(a: AccountSection): void {
    out.push(
      '',
      `## Account ${e(a.accountId)}: Level ${a.level.current} ${e(a.label)} (${e(trendText(a.level.trend, a.level.previous))})`,
      '',
      e(sourcesText(a.itemSources)),
      '',
      e(diffText(a.diff)),
    );
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
        ['Control', 'Name', 'Level', 'Label', 'Trend', 'Next level needs'],
        a.controls.map((c) => [
          e(c.control),
          e(c.name),
          String(c.level),
          e(c.label),
          c.trend === 'new' ? '' : c.trend === 'same' ? '=' : `${trendArrow(c.trend)} from ${c.previous}`,
          c.next.map(e).join('<br>'),
        ]),
      ),
    );

    out.push(
      '',
      a.failing === 0
        ? '### Top findings: none failing'
        : `### Top findings (${a.topFindings.length} of ${a.failing} failing)`,
    );
    a.topFindings.forEach((f, i) => {
      const age = ageText(f);
      out.push(
        '',
        `${i + 1}. **${severityTag(f.severity)}** ${markdownCode(f.checkId)} ${e(resourceLabel(f))} · ${e(f.region)}${
          age ? ` · ${e(age)}` : ''
        }  `,
        `   ${e(f.message)}`,
      );
      for (const ev of f.evidence) out.push(`   - ${e(evidenceLine(ev))}`);
      if (f.moreEvidence) out.push(`   - … ${f.moreEvidence} more evidence items`);
      out.push(`   - **Fix:** ${e(f.remediation.text)}`);
      if (f.remediation.impact) out.push(`   - **Gain:** ${e(f.remediation.impact)}`);
      if (f.remediation.docs.length) out.push(`   - **Docs:** ${f.remediation.docs.map(docLink).join(', ')}`);
    });
    if (a.moreFindings) out.push('', `… and ${a.moreFindings} more failing findings.`);
    if (a.diff.resolved.length) {
      out.push('', '### Resolved since the previous scan', '');
      for (const r of a.diff.resolved)
        out.push(`- ${markdownCode(r.checkId)} ${e(resourceLabel(r))} · ${e(r.region)}`);
    }
  }
}
