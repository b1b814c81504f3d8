/**
 * Slack Block Kit message for an incoming webhook (@slack/webhook `send({ text, blocks })`).
 * Limits respected (Block Kit reference): at most 50 blocks per message, section text at most 3,000
 * characters, at most 10 fields per section and 2,000 characters per field, header text at most 150
 * characters, at most 10 context elements. Every dynamic string goes through escapeSlackMrkdwn (or
 * escapeSlackPlain for the header), so `<!channel>`, `<@U123>`, `@here`, links and emphasis in resource
 * names arrive as inert text.
 */
import { escapeSlackMrkdwn, escapeSlackPlain } from '../escape.js';
import type { AccountSection, CheckGroup, Digest } from '../types.js';
import {
  ageText,
  checkSavingsText,
  checkScopeText,
  coverageText,
  criterionText,
  debtText,
  savingsText,
  diffText,
  evidenceLine,
  gapText,
  incompleteNote,
  keyEvidence,
  levelsText,
  plural,
  resourceLabel,
  docTitle,
  safeDocUrl,
  scanLine,
  severityTag,
  sourcesText,
  statusLine,
  trendArrow,
  trendText,
  truncate,
  unknownText,
  controlLevelText,
  accountCount,
  organizationText,
  whyThisScanRan,
  plainReason,
  checkChangesText,
} from './format.js';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
} as const;

export interface SlackMessage {
  /** Notification / fallback text (Slack parses it as mrkdwn too, so it is escaped the same way). */
  text: string;
  blocks: object[];
}

export interface SlackOptions {
  /** Failing checks shown per account before the block budget cuts further (default 5). */
  maxFindings?: number;
  /**
   * Where the full HTML report is published (the deployed stack: a presigned S3 URL). When given, the
   * "more failing checks" line links to it; otherwise it names `perfscan report --format html`.
   */
  reportUrl?: string;
}

/** Characters kept of one evidence or criterion line in the compact Slack form. */
const LINE_MAX = 200;

const m = escapeSlackMrkdwn;

/** A report link must be https (a presigned S3 URL) or a local http URL; anything else is dropped. */
function safeReportUrl(url: string): string | undefined {
  return /^https:\/\/[^\s<>|]+$/.test(url) ||
    /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/[^\s<>|]*$/.test(url)
    ? url
    : undefined;
}

/**
 * Cut mrkdwn to `max` characters without leaving a broken entity (`&am`) or an unclosed link of ours
 * (every `<` in the text is ours: user text has `&lt;`).
 */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  cut = cut.replace(/&[a-z#0-9]*$/i, '');
  return `${cut}…`;
}

const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): { type: 'mrkdwn'; text: string } => ({
  type: 'mrkdwn',
  text: truncateMrkdwn(text, max),
});
const section = (text: string): object => ({ type: 'section', text: mrkdwn(text) });
const divider = (): object => ({ type: 'divider' });
const context = (texts: string[]): object => ({
  type: 'context',
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t, SLACK_LIMITS.contextText)),
});

function docLink(url: string): string {
  const safe = safeDocUrl(url);
  // Slack link syntax <url|label>; `&` inside the URL is written as an entity as Slack asks. The label is
  // the page's title (from its URL), with `|`, `<` and `>` kept out of it.
  return safe ? `<${safe.replace(/&/g, '&amp;')}|${m(docTitle(safe)).replace(/\|/g, '/')}>` : m(url);
}

function checkText(g: CheckGroup): string {
  const lines = [
    `*${m(severityTag(g.severity))}* · ${m(g.checkId)} · *${m(g.title)}* · ${m(g.control)}`,
    m(checkScopeText(g)),
    ...g.worst.map((f) => {
      const age = ageText(f);
      const ev = keyEvidence(f, 1)[0];
      const detail = ev ? evidenceLine(ev) : f.message;
      const also = f.corroboratedBy?.length
        ? ` _(same change also recommended by ${m(f.corroboratedBy.map((c) => c.checkId).join(', '))})_`
        : '';
      return `• ${m(resourceLabel(f))} ${m(f.region)}${age ? ` (${m(age)})` : ''}: ${m(truncate(detail, LINE_MAX))}${also}`;
    }),
    ...(g.moreResources ? [`• … and ${g.moreResources} more resources`] : []),
    `*Fix:* ${m(g.remediation.text)}${g.remediation.docs.length ? ` ${g.remediation.docs.slice(0, 3).map(docLink).join(' ')}` : ''}`,
  ];
  const gain = [g.remediation.impact, checkSavingsText(g)].filter(Boolean).join(' · ');
  if (gain) lines.push(`*Gain:* ${m(gain)}`);
  return lines.join('\n');
}

function accountSummary(a: AccountSection): string {
  const lines = [
    `*Account ${m(a.accountId)}: Level ${a.level.current} · ${m(a.label)}* (${m(trendText(a.level.trend, a.level.previous))})`,
    m(levelsText(a)),
    m(sourcesText(a.itemSources)),
    m(diffText(a.diff)),
  ];
  const saved = savingsText(a.savings);
  if (saved) lines.push(`*${m(saved)}.*`);
  if (a.next) {
    lines.push(`*What Level ${a.next.level} (${m(a.next.label)}) needs:*`);
    lines.push(...a.next.needs.map((n) => `• ${m(n)}`));
    if (a.next.more) lines.push(`• … and ${a.next.more} more`);
  } else {
    lines.push('Highest level reached.');
  }
  return lines.join('\n');
}

/** One field per control, compact: level and trend, failing findings, what decided it, what to do next. */
function controlFields(a: AccountSection): object {
  return {
    type: 'section',
    fields: a.controls.slice(0, SLACK_LIMITS.fields).map((c) => {
      const trend =
        c.trend === 'new' || c.trend === 'same' ? '' : ` ${trendArrow(c.trend)} from ${c.previous}`;
      const lines = [
        `*${m(c.control)} ${m(c.name)}*`,
        `${m(controlLevelText(c))}${trend} · ${c.failing} failing`,
      ];
      if (c.decidedBy) lines.push(`Decided by: ${m(truncate(criterionText(c.decidedBy, 1), LINE_MAX))}`);
      lines.push(
        c.level >= 5
          ? 'Highest level reached.'
          : `Next: ${m(truncate(c.action ?? c.next[0] ?? '', LINE_MAX))}`,
      );
      return mrkdwn(lines.join('\n'), SLACK_LIMITS.fieldText);
    }),
  };
}

export function renderSlack(d: Digest, opts: SlackOptions = {}): SlackMessage {
  const maxFindings = Math.max(0, opts.maxFindings ?? 5);
  const reportUrl = opts.reportUrl ? safeReportUrl(opts.reportUrl) : undefined;
  const reportLink = reportUrl
    ? `<${reportUrl.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/>/g, '%3E')}|full report>`
    : 'full report (`perfscan report --format html`)';
  const blocks: object[] = [];
  const single = !d.organization && d.accounts.length === 1 ? d.accounts[0] : undefined;

  // The status leads when the scan is not complete: a partial scan must never read as complete.
  const status = d.scan.status === 'complete' ? '' : ` ${d.scan.status.toUpperCase()} scan`;
  const headerText = single
    ? `perfscan${status}: ${single.accountId} Level ${single.level.current} ${single.label}`
    : `perfscan${status}: ${accountCount(d)} accounts`;
  blocks.push({
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(escapeSlackPlain(headerText), SLACK_LIMITS.headerText),
      emoji: false,
    },
  });
  const note = incompleteNote(d);
  const why = whyThisScanRan(d);
  const reason = plainReason(d);
  const changes = checkChangesText(d);
  const scanText = [
    why ? `*Why this scan ran:* ${m(why)}` : '',
    `*${m(statusLine(d))}*`,
    note ? m(note) : '',
    m(scanLine(d)),
    reason ? `*Reason:* ${m(reason)}` : '',
    changes ? `*Checks changed:* ${m(changes)}` : '',
    m(diffText(d.diff)),
  ]
    .filter(Boolean)
    .join('\n');
  blocks.push(section(scanText));

  // An organization: the summary, then the accounts needing attention most (each account's full section is
  // stored on its own; the message names where).
  let orgBlocks = 0;
  if (d.organization) {
    const o = organizationText(d.organization);
    blocks.push(
      section(
        [`*Organization:* ${m(o.intro)}`, m(o.levels), o.sections ? m(o.sections) : '']
          .filter(Boolean)
          .join('\n'),
      ),
    );
    blocks.push(section([`*Lowest levels*`, ...o.lowest.map((l) => `• ${m(l)}`)].join('\n')));
    orgBlocks = 2;
  }

  // Budget: header + scan + notes + context are fixed; each fully shown account takes summary, control
  // fields, an optional "more" line and a divider, plus its findings. Accounts beyond what fits are listed.
  const fixed = 4 + orgBlocks;
  const perAccount = 4;
  const maxFull = Math.floor((SLACK_LIMITS.blocks - fixed - 1) / perAccount);
  const full = d.accounts.slice(0, maxFull);
  const rest = d.accounts.slice(maxFull);
  const budget = SLACK_LIMITS.blocks - fixed - (rest.length ? 1 : 0) - full.length * perAccount;
  const findingsPerAccount = full.length ? Math.min(maxFindings, Math.floor(budget / full.length)) : 0;

  for (const a of full) {
    blocks.push(section(accountSummary(a)));
    if (a.controls.length) blocks.push(controlFields(a));
    const shown = a.topChecks.slice(0, findingsPerAccount);
    for (const g of shown) blocks.push(section(checkText(g)));
    const notShown = a.failingChecks - shown.length;
    if (notShown > 0) {
      const rest = a.failing - shown.reduce((n, g) => n + g.resources, 0);
      blocks.push(
        context([
          `${plural(notShown, 'more check')} with problems (${plural(rest, 'problem')}) in the ${reportLink}`,
        ]),
      );
    } else if (a.failing === 0) {
      blocks.push(context(['No failing findings.']));
    }
    blocks.push(divider());
  }
  if (rest.length) {
    blocks.push(
      section(
        rest
          .map(
            (a) =>
              `*${m(a.accountId)}*: Level ${a.level.current} ${m(a.label)} (${m(trendText(a.level.trend, a.level.previous))}), ${plural(a.failing, 'problem')} in ${plural(a.failingChecks, 'check')}`,
          )
          .join('\n'),
      ),
    );
  }

  const notes = [
    ...d.suppressions.expired.map((s) => `• ${m(s.text)}`),
    ...(d.suppressions.moreExpired
      ? [`• … and ${d.suppressions.moreExpired} more expired suppressions`]
      : []),
    ...d.expiredAttestations.map((a) => `• ${m(a.text)}`),
    ...d.coverage.gapGroups.map((g) => `• gap: ${m(gapText(g))}${g.hint ? ` (fix: ${m(g.hint)})` : ''}`),
  ];
  if (notes.length) blocks.push(section(notes.join('\n')));

  const unknown = unknownText(d);
  blocks.push(
    context(
      [
        `Coverage: ${m(coverageText(d.coverage))}`,
        `${d.suppressions.suppressed} suppressed`,
        unknown ? m(unknown) : '',
        `Debt register: ${m(debtText(d.debt))}`,
      ].filter(Boolean),
    ),
  );

  const fallback = single
    ? `perfscan ${statusLine(d)}: account ${single.accountId} at Level ${single.level.current} (${single.label}), ${trendText(single.level.trend, single.level.previous)}; ${diffText(d.diff)}`
    : `perfscan ${statusLine(d)}: ${accountCount(d)} accounts; ${diffText(d.diff)}`;
  return { text: m(fallback), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
