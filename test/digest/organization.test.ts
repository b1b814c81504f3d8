/**
 * The organization summary (Digest.organization, issue 10) in every format: account ids, labels and the
 * sections' location are data, so hostile values stay inert in Markdown, Slack, email (HTML and text) and the
 * terminal, as the account sections do; one account's section rendered alone escapes the same way.
 */
import { describe, expect, it } from 'vitest';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderAccountMarkdown, renderMarkdown } from '#lib/digest/render/markdown.js';
import { SLACK_LIMITS, renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import type { AccountBrief, Digest } from '#lib/digest/types.js';
import { HOSTILE, HOSTILE_VALUES, hostileDigest, slackTexts } from './hostile.js';

function orgDigest(): Digest {
  const d = hostileDigest();
  const brief = (v: string, i: number): AccountBrief => ({
    accountId: v,
    level: { current: 1, previous: 2, trend: 'down' },
    label: v,
    failing: 100 - i,
    failingChecks: 3,
    estimatedMonthlySavingsUsd: 12.5,
    openDebt: 7,
  });
  d.organization = {
    accounts: 500,
    shown: 1,
    byLevel: [
      { level: 1, accounts: 300 },
      { level: 2, accounts: 200 },
    ],
    levelsUp: 4,
    levelsDown: 9,
    lowestLevels: HOSTILE_VALUES.map(brief),
    mostFailing: HOSTILE_VALUES.map(brief),
    sections: { markdown: `s3://b/runs/x/accounts/{account}.md ${HOSTILE.script}` },
  };
  return d;
}

/** No raw HTML, mentions, links or line injection from data in Markdown. */
function assertInertMarkdown(md: string): void {
  expect(md).not.toMatch(/(?<!\\)<(script|img)/i);
  for (const bad of [HOSTILE.channel, HOSTILE.user, HOSTILE.link, '*bold*', '`code`'])
    expect(md).not.toContain(bad);
  expect(md).not.toMatch(/@(here|channel)/);
  for (const line of md.split('\n')) expect(line.trimStart().startsWith('INJECTED_LINE')).toBe(false);
}

describe('organization summary with hostile account ids and labels', () => {
  const d = orgDigest();

  it('markdown: the summary is there and inert', () => {
    const md = renderMarkdown(d);
    expect(md).toContain('## Organization');
    expect(md).toContain('500 accounts: the 1 account needing attention most');
    expect(md).toContain(
      'Accounts by level: Level 1: 300, Level 2: 200; since the previous scan 4 up, 9 down.',
    );
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>: Level 1');
    assertInertMarkdown(md);
    const org = md.slice(md.indexOf('## Organization'), md.indexOf('## Account'));
    expect(org.replace(/\\</g, '')).not.toContain('<');
  });

  it('one account section alone (stored per account) is inert too', () => {
    const md = renderAccountMarkdown(d.accounts[0]!);
    expect(md).toMatch(/^## Account 111122223333: Level \d/);
    assertInertMarkdown(md);
  });

  it('slack: the summary with the organization count, inert, within the limits', () => {
    const msg = renderSlack(d);
    const texts = slackTexts(msg);
    const all = texts.join('\n');
    expect(msg.text).toMatch(/^perfscan .*: 500 accounts;/);
    expect(JSON.stringify(msg.blocks[0])).toContain('500 accounts');
    expect(all).toContain('*Organization:*');
    for (const bad of [
      '<!channel>',
      '<!here>',
      '<@U123>',
      '<https://evil.example|click>',
      '<script',
      '<img',
      '*bold*',
      '`code`',
    ])
      expect(all).not.toContain(bad);
    expect(all).not.toMatch(/@(here|channel)/);
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;: Level 1');
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it('email: subject counts the organization; HTML escaped; text part without control bytes', () => {
    const mail = renderEmail(d);
    expect(mail.subject).toMatch(/^perfscan 500 accounts: Levels 1-2, 13 changed level · /);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).toContain('Organization');
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;: Level 1');
    expect(mail.text).toContain('Organization');
    expect(mail.text).not.toContain('\u001b');
  });

  it('terminal: no escape sequences or injected lines, lines fit 100 columns', () => {
    const out = renderTerminal(d);
    expect(out).toContain('Organization');
    expect(out).toContain('most problems:');
    expect(out).not.toContain('\u001b');
    for (const line of out.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line.startsWith('INJECTED_LINE')).toBe(false);
    }
  });
});
