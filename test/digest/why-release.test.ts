/**
 * A scan the release radar started (trigger `release`) opens its digest with "why this scan ran" in every
 * format, escaped like any other text; other scans keep their reason where it always was.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import type { Digest } from '#lib/digest/types.js';
import type { Trigger } from '#lib/model/index.js';
import { aFinding, aHeader, aUnit } from './builders.js';
import { HOSTILE } from './hostile.js';

const REASON = `new in eu-west-1: m8g (Graviton), 3 instances could move ${HOSTILE.script} ${HOSTILE.channel}`;

function digest(trigger: Trigger, reason = REASON): Digest {
  return buildDigest({
    header: aHeader({ trigger, reason }),
    units: [aUnit()],
    findings: [aFinding()],
    debt: [],
    attestations: [],
    now: '2026-12-05T06:00:00.000Z',
    scansInHistory: 1,
  });
}

/** The text of every format, each cut where the first account section starts (the opening). */
function openings(d: Digest): Record<string, string> {
  const slack = renderSlack(d);
  const slackText = JSON.stringify(slack.blocks.slice(0, 2));
  return {
    markdown: renderMarkdown(d).split('\n').slice(0, 3).join('\n'),
    slack: slackText,
    email: renderEmail(d).html.split('</h1>')[1]!.slice(0, 600),
    report: renderHtmlReport(d).split('<h1>perfscan report</h1>')[1]!.slice(0, 600),
    terminal: renderTerminal(d, { width: 200 }).split('\n').slice(0, 3).join('\n'),
  };
}

describe('why this scan ran', () => {
  it('opens every format of a release scan, naming what the radar found, escaped', () => {
    const o = openings(digest('release'));
    expect(o.markdown).toMatch(/\*\*Why this scan ran:\*\* AWS released an offering/);
    expect(o.markdown).toContain('m8g (Graviton)');
    expect(o.markdown).not.toContain('<script>');
    expect(o.slack).toContain('*Why this scan ran:*');
    expect(o.slack).not.toContain('<!channel>');
    for (const html of [o.email, o.report]) {
      expect(html).toMatch(/^\s*<p data-why="release"><strong>Why this scan ran:<\/strong> AWS released/);
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toContain('<script>alert');
    }
    expect(o.terminal).toMatch(/why this scan ran: AWS released an offering/);
    // Said once: the reason is not repeated as the scan's plain reason.
    expect(renderMarkdown(digest('release'))).not.toContain('**Reason:**');
  });

  it('is absent for other triggers, whose reason stays the plain reason', () => {
    const d = digest('on-demand', 'after the m8g announcement');
    const md = renderMarkdown(d);
    expect(md).not.toContain('Why this scan ran');
    expect(md).toContain('**Reason:** after the m8g announcement');
    expect(JSON.stringify(renderSlack(d).blocks)).not.toContain('Why this scan ran');
    expect(renderEmail(d).html).not.toContain('data-why');
    expect(renderTerminal(d)).not.toContain('why this scan ran');
  });
});
