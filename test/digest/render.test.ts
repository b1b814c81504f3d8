import { describe, expect, it } from 'vitest';
import { renderCsv } from '#lib/digest/render/csv.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { SLACK_LIMITS, renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import { buildDigest } from '#lib/digest/build.js';
import type { Severity } from '#lib/model/index.js';
import { aFinding, aHeader, aUnit } from './builders.js';
import { HOSTILE, HOSTILE_VALUES, hostileDigest, hostileFindings, slackTexts } from './hostile.js';

/** Minimal RFC 4180 parser for the assertions. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('renderers on hostile resource names', () => {
  const d = hostileDigest();

  it('the digest carries the hostile data (so the assertions below test something)', () => {
    const a = d.accounts[0]!;
    expect(a.topFindings.map((f) => f.resourceName)).toEqual(
      expect.arrayContaining([HOSTILE.script, HOSTILE.channel]),
    );
    // Grouped by check, every hostile name is still among the worst resources the renderers show.
    expect(a.topChecks.flatMap((g) => g.worst.map((f) => f.resourceName)).sort()).toEqual(
      [...HOSTILE_VALUES].sort(),
    );
    expect(d.suppressions.expired[0]?.owner).toBe(HOSTILE.channel);
    expect(d.expiredAttestations[0]?.by).toBe(HOSTILE.user);
    expect(d.diff.resolved[0]?.resourceName).toBe(HOSTILE.link);
  });

  it('terminal: no escape sequences or line breaks from data, lines fit 100 columns', () => {
    const out = renderTerminal(d);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('[31mRED'); // the text is kept, the ESC byte is gone
    expect(out).toContain(HOSTILE.script); // plain text is fine in a terminal
    for (const line of out.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line.startsWith('INJECTED_LINE')).toBe(false);
    }
    const colored = renderTerminal(d, { color: true });
    expect(colored).toContain('\u001b[1m');
    // Colour codes only come from us: strip ours and nothing escape-like remains.
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
  });

  it('markdown: no raw HTML, links, mentions or emphasis from data; table rows keep their columns', () => {
    const md = renderMarkdown(d);
    expect(md).not.toMatch(/(?<!\\)<(script|img)/i);
    expect(md).not.toContain(HOSTILE.channel);
    expect(md).not.toContain(HOSTILE.user);
    expect(md).not.toContain(HOSTILE.link);
    expect(md).not.toContain('*bold*');
    expect(md).not.toContain('`code`');
    expect(md).not.toMatch(/@(here|channel)/); // a zero-width space follows the @
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    // Only our own angle brackets: <br> in table cells, <https://...> link destinations, and the
    // <details>/<summary> lines around the per-resource list.
    const raw = md
      .replace(/<br>/g, '')
      .replace(/\(<https:\/\/[^<>\s]+>\)/g, '')
      .replace(/^<\/?details>$/gm, '')
      .replace(/^<summary>[^<>]*<\/summary>$/gm, '');
    expect(raw).not.toMatch(/(^|[^\\])</);
    // javascript: doc URLs are never links
    expect(md).not.toMatch(/\]\(<?javascript:/i);
    // Newlines in names do not start new lines.
    for (const line of md.split('\n')) expect(line.trimStart().startsWith('INJECTED_LINE')).toBe(false);
    // Every table row has as many unescaped pipes as its separator row.
    const pipes = (l: string): number => (l.match(/(?<!\\)\|/g) ?? []).length;
    const lines = md.split('\n');
    let tables = 0;
    lines.forEach((l, i) => {
      if (!/^\|(---\|)+$/.test(l)) return;
      tables++;
      const width = pipes(l);
      expect(pipes(lines[i - 1]!)).toBe(width);
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++)
        expect(pipes(lines[j]!)).toBe(width);
    });
    expect(tables).toBeGreaterThanOrEqual(3); // controls, failing resources and gaps
  });

  it('slack: mentions, links and emphasis are inert; limits hold', () => {
    const msg = renderSlack(d);
    const texts = slackTexts(msg);
    const all = texts.join('\n');
    for (const bad of [
      '<!channel>',
      '<!here>',
      '<@U123>',
      '<https://evil.example|click>',
      '<script',
      '<img',
      '*bold*',
      '_it_',
      '~s~',
      '`code`',
    ]) {
      expect(all).not.toContain(bad);
    }
    expect(all).not.toMatch(/@(here|channel)/); // a zero-width space sits between @ and the word
    // The only raw `<` are our documentation links.
    for (const t of texts) {
      const rest = t.replace(/<https:\/\/docs\.aws\.amazon\.com\/[^<>|\s]+\|[^<>|]+ \([^<>|]+\)>/g, '');
      expect(rest).not.toContain('<');
      expect(rest).not.toContain('>');
    }
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all).toContain('&lt;!channel&gt;');
    // Documentation links carry their titles.
    expect(all).toContain(
      '<https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html|Modify volume requirements (EBS User Guide)>',
    );
    assertSlackLimits(msg);
  });

  it('slack: the "more" line links to the published report, and only to a safe URL', () => {
    const many = hostileDigest(1);
    const linked = JSON.stringify(
      renderSlack(many, {
        maxFindings: 1,
        reportUrl: 'https://bucket.s3.amazonaws.com/r.html?X-Amz-Signature=a&b=c',
      }),
    );
    expect(linked).toContain('|full report>');
    expect(linked).toContain(
      '<https://bucket.s3.amazonaws.com/r.html?X-Amz-Signature=a&amp;b=c|full report>',
    );
    const unsafe = JSON.stringify(renderSlack(many, { maxFindings: 1, reportUrl: 'javascript:alert(1)' }));
    expect(unsafe).not.toContain('|full report>');
    expect(unsafe).toContain('perfscan report --format html');
  });

  it('slack: stays within 50 blocks and the text limits with many accounts and findings', () => {
    const big = structuredClone(d);
    const a = big.accounts[0]!;
    const long = 'x'.repeat(5000);
    const worst = Array.from({ length: 3 }, (_, i) => ({
      ...a.topFindings[0]!,
      key: `k${i}`,
      message: long,
    }));
    a.topChecks = Array.from({ length: 10 }, (_, i) => ({
      ...a.topChecks[0]!,
      checkId: `check-${i}`,
      title: long,
      worst,
      remediation: { ...a.topChecks[0]!.remediation, text: long, impact: long },
    }));
    a.failing = 500;
    a.failingChecks = 40;
    a.controls = a.controls.map((c) => ({ ...c, next: [long, long], action: long }));
    a.next = {
      level: 3,
      label: 'Enforced & Monitored',
      needs: Array.from({ length: 10 }, () => long),
      more: 3,
    };
    big.accounts = Array.from({ length: 30 }, (_, i) => ({ ...a, accountId: String(100000000000 + i) }));
    const msg = renderSlack(big, { maxFindings: 10 });
    assertSlackLimits(msg);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const all = slackTexts(msg).join('\n');
    expect(all).toContain('100000000029'); // accounts beyond the block budget are still listed
  });

  it('email: HTML-escaped, no script, subject is one line, plain-text part present', () => {
    const email = renderEmail(d);
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    expect(email.html).not.toMatch(/href="javascript:/i);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toMatch(/^perfscan 111122223333: Level \d /);
    expect(email.text).toContain('What to fix first');
    expect(email.text).not.toContain('\u001b');
  });

  it('html report: escaped, only our hashed script, strict CSP first in head, no external resources', () => {
    const html = renderHtmlReport(d, { findings: hostileFindings() });
    expect(html.match(/<script/gi)).toHaveLength(1); // ours, at the end, allowed by its sha256 hash
    expect(html).toMatch(/<script>\(function \(\) \{\n/);
    expect(html).not.toMatch(/<(img|iframe|link|object|embed|base|form)\b/i);
    // Every `<` of data is escaped, so any `<` starts one of our tags: none loads or runs anything.
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|on[a-z]+)=/i);
    expect(html).not.toMatch(/<[a-z][^>]*\sstyle=/i); // the CSP forbids inline style attributes
    expect(html).toMatch(
      /<head>\n<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/,
    );
    expect(html).toContain('&lt;!channel&gt;');
  });

  it('csv: RFC 4180 quoting and formula neutralisation', () => {
    const csv = renderCsv(hostileFindings());
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(hostileFindings().length + 1);
    const width = rows[0]!.length;
    for (const r of rows) expect(r).toHaveLength(width);
    const nameCol = rows[0]!.indexOf('resource_name');
    const names = rows.slice(1).map((r) => r[nameCol]);
    expect(names).toContain(`'${HOSTILE.formula}`);
    expect(names).toContain(`'${HOSTILE.here}`);
    expect(names).toContain(HOSTILE.quotes);
    expect(names).toContain(HOSTILE.newline); // kept inside a quoted field
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('renderers on values outside the model (a tampered or hand-edited store)', () => {
  // Severity and failed-unit errors are not resource names, but they come from the store like them:
  // a finding file edited by hand must not inject markup either.
  const badSeverity = `<img src=x onerror=alert(1)> ${HOSTILE.channel} ${HOSTILE.ansi}`;
  const findings = [
    aFinding({ severity: badSeverity as Severity, resourceId: 'vol-bad', resourceName: 'bad' }),
  ];
  const d = buildDigest({
    header: aHeader({
      status: 'partial',
      coverage: { ...aHeader().coverage, unitsPlanned: 2, unitsFailed: 1 },
    }),
    units: [
      aUnit(),
      aUnit({
        region: 'eu-central-1',
        global: false,
        status: 'failed',
        error: `${HOSTILE.pwn} ${HOSTILE.user}`,
      }),
    ],
    findings,
    debt: [],
    attestations: [],
    scansInHistory: 1,
    now: '2025-06-08T06:05:00.000Z',
  });

  it('the digest carries the bad values', () => {
    expect(d.accounts[0]?.topChecks[0]?.severity).toBe(badSeverity);
    expect(d.coverage.failedUnits[0]?.error).toBe(`${HOSTILE.pwn} ${HOSTILE.user}`);
  });

  it('HTML, Markdown, Slack and terminal keep them inert', () => {
    for (const html of [renderHtmlReport(d), renderEmail(d).html]) {
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toContain('<!CHANNEL>');
      expect(html).not.toContain('<@U123>');
      expect(html).not.toMatch(/class="sev[^"]*[<>\s]/);
    }
    const md = renderMarkdown(d);
    expect(md).not.toMatch(/(?<!\\)<img/i);
    expect(md).not.toContain('<!CHANNEL>');
    expect(md).not.toContain('<@U123>');
    const slack = slackTexts(renderSlack(d)).join('\n');
    expect(slack).not.toContain('<!CHANNEL>');
    expect(slack).not.toMatch(/<img/i);
    for (const out of [
      renderTerminal(d),
      // eslint-disable-next-line no-control-regex
      renderTerminal(d, { color: true }).replace(/\u001b\[[0-9;]*m/g, ''),
    ])
      expect(out).not.toContain('\u001b');
  });
});

function assertSlackLimits(msg: { text: string; blocks: object[] }): void {
  expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of msg.blocks as Record<string, unknown>[]) {
    if (b.type === 'header') {
      expect((b.text as { text: string; type: string }).type).toBe('plain_text');
      expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    }
    if (b.type === 'section') {
      const text = b.text as { text: string } | undefined;
      if (text) expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      const fields = b.fields as { text: string }[] | undefined;
      if (fields) {
        expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      expect(text || fields).toBeTruthy();
    }
    if (b.type === 'context') {
      const els = b.elements as { text: string }[];
      expect(els.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of els) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
  }
}
