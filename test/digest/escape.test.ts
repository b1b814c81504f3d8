import { describe, expect, it } from 'vitest';
import {
  csvCell,
  escapeHtml,
  escapeMarkdown,
  escapeSlackMrkdwn,
  escapeSlackPlain,
  escapeTerminal,
  markdownCode,
} from '#lib/digest/escape.js';
import { safeDocUrl } from '#lib/digest/render/format.js';
import { truncateMrkdwn } from '#lib/digest/render/slack.js';

describe('escapeHtml', () => {
  it('escapes the five HTML metacharacters and the backtick, and drops control characters', () => {
    expect(escapeHtml(`<a href='x' onclick="y">&\``)).toBe(
      '&lt;a href=&#39;x&#39; onclick=&quot;y&quot;&gt;&amp;&#96;',
    );
    expect(escapeHtml('a\u0000b\u202ec')).toBe('abc');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(3.5)).toBe('3.5');
  });
});

describe('escapeSlackMrkdwn', () => {
  it('disarms mentions, broadcasts and links', () => {
    expect(escapeSlackMrkdwn('<!channel> <!here> <@U123> <#C1> <https://evil.example|click> & x')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@\u200bU123&gt; &lt;#C1&gt; &lt;https://evil.example|click&gt; &amp; x',
    );
    expect(escapeSlackMrkdwn('@here @channel')).toBe('@\u200bhere @\u200bchannel');
  });
  it('neutralises emphasis but leaves snake_case alone', () => {
    expect(escapeSlackMrkdwn('*bold* _it_ ~s~ `code`')).toBe(
      '\u2217bold\u2217 \uff3fit\uff3f \u223cs\u223c \u02cbcode\u02cb',
    );
    expect(escapeSlackMrkdwn('snake_case_name')).toBe('snake_case_name');
    expect(escapeSlackMrkdwn('window.__x')).toBe('window.\uff3f\uff3fx');
  });
  it('keeps everything on one line', () => {
    expect(escapeSlackMrkdwn('a\n> quote\r\nb')).toBe('a &gt; quote b');
  });
  it('plain text (header) has no angle brackets or live mentions', () => {
    expect(escapeSlackPlain('<!channel> @here\nx')).toBe('\u2039!channel\u203a @\u200bhere x');
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline markup, table pipes, HTML, and block markers at the start', () => {
    expect(escapeMarkdown('<script>*b* _i_ ~s~ `c` [l](u) a|b &amp;')).toBe(
      '\\<script\\>\\*b\\* \\_i\\_ \\~s\\~ \\`c\\` \\[l\\](u) a\\|b \\&amp;',
    );
    expect(escapeMarkdown('# h')).toBe('\\# h');
    expect(escapeMarkdown('12. x')).toBe('12\\. x');
    expect(escapeMarkdown('- x')).toBe('\\- x');
    expect(escapeMarkdown('a\nb')).toBe('a b');
    expect(escapeMarkdown('@here')).toBe('@\u200bhere');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });
  it('code spans use a longer fence than any backtick run', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
  });
});

describe('csvCell', () => {
  it('neutralises formulas and quotes per RFC 4180', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const s of ['+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(s).startsWith("'")).toBe(true);
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell(-1)).toBe('-1'); // a number is not a formula
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('x\ny')).toBe('"x\ny"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('escapeTerminal', () => {
  it('drops escape sequences and folds lines', () => {
    expect(escapeTerminal('\u001b[2Jcleared\nnext\u0007')).toBe('[2Jcleared next');
  });
});

describe('safeDocUrl and truncateMrkdwn', () => {
  it('only plain https URLs become links', () => {
    const doc = 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html#gp3';
    expect(safeDocUrl(doc)).toBe(doc);
    for (const bad of [
      'javascript:alert(1)',
      'http://docs.aws.amazon.com/',
      'https://x.example/a>b',
      'https://x.example/a|b',
      'https://x.example/"',
      "https://x.example/'",
      'https://x.example/a b',
      'https://x.example/(a)',
    ]) {
      expect(safeDocUrl(bad)).toBeUndefined();
    }
  });
  it('cuts without leaving a broken entity or an open link', () => {
    expect(truncateMrkdwn('abc &amp; def', 8)).toBe('abc …');
    expect(truncateMrkdwn('see <https://docs.aws.amazon.com/x|AWS docs>', 20)).toBe('see …');
    expect(truncateMrkdwn('short', 10)).toBe('short');
  });
});
