/**
 * Every piece of dynamic text in a rendered digest goes through one of these; renderers never escape
 * ad hoc. Resource names, tags and messages come from the scanned account, so treat them as hostile:
 * an instance named `<!channel>` must not page a Slack workspace, a volume named `<script>` must not run
 * in the HTML report, a tag `=HYPERLINK(...)` must not become a spreadsheet formula.
 */

type Text = string | number | boolean | null | undefined;

const str = (v: Text): string => (v === null || v === undefined ? '' : String(v));

// C0 and C1 controls except tab and line breaks, plus DEL. ESC (\x1b) in a resource name could repaint a
// terminal or forge output; bidi overrides (U+202A-E, U+2066-9) can reorder what the reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NEWLINES = /\r\n|[\r\n\u2028\u2029]/g;

/** Remove control characters; optionally fold line breaks into spaces (for one-line contexts). */
export function stripControl(v: Text, opts: { singleLine?: boolean } = {}): string {
  const s = str(v).replace(CONTROL, '');
  return opts.singleLine ? s.replace(NEWLINES, ' ').replace(/\t/g, ' ') : s;
}

/** Text for a terminal: no escape sequences, one line. */
export function escapeTerminal(v: Text): string {
  return stripControl(v, { singleLine: true });
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(v: Text): string {
  return stripControl(v).replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Text for Slack mrkdwn (section text, fields, context). Slack's rules: escape `&`, `<`, `>` as entities,
 * which disarms `<!channel>`, `<@U123>`, `<#C1>` and `<https://x|label>` links. Slack has no backslash escape
 * for emphasis, so `*`, `~` and backticks become look-alike characters, and `_` only where it could open or
 * close italics (at a word boundary; `snake_case` is not italicised by Slack and stays as is). `@here`,
 * `@channel` and other bare mentions get a zero-width space after the `@` so no auto-linking applies.
 * Always one line: a newline could start a `>` quote or fake another message line.
 */
export function escapeSlackMrkdwn(v: Text): string {
  return stripControl(v, { singleLine: true })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\*/g, '\u2217') // ∗ asterisk operator
    .replace(/~/g, '\u223c') // ∼ tilde operator
    .replace(/`/g, '\u02cb') // ˋ modifier letter grave accent
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\uff3f') // ＿ fullwidth low line
    .replace(/@(?=[\p{L}\p{N}])/gu, '@\u200b');
}

/**
 * Text for a Slack `plain_text` object (the header block). Slack does not parse markup there, but the
 * same text may be read in notifications and previews, so angle brackets become look-alikes and bare
 * mentions get a zero-width space; one line.
 */
export function escapeSlackPlain(v: Text): string {
  return stripControl(v, { singleLine: true })
    .replace(/</g, '\u2039') // ‹
    .replace(/>/g, '\u203a') // ›
    .replace(/@(?=[\p{L}\p{N}])/gu, '@\u200b');
}

// Characters Markdown or GFM gives inline meaning to anywhere in a line (HTML, emphasis, code, links,
// strikethrough, table pipes, entities). Block markers only matter at the start, handled separately.
const MD_INLINE = /[\\`*_[\]|<>~&]/g;
const MD_BLOCK_START = /^(\s*)([#+\-=>]|\d+[.)])/;

/**
 * Text for GitHub-flavoured Markdown, inline or in a table cell: Markdown punctuation is backslash-escaped
 * (so `<script>` is literal text, `|` does not split a table cell, `[x](y)` is not a link, `*b*` is not
 * bold), line breaks fold into spaces, and `@name` gets a zero-width space so GitHub does not mention anyone.
 */
export function escapeMarkdown(v: Text): string {
  return stripControl(v, { singleLine: true })
    .replace(MD_INLINE, (c) => `\\${c}`)
    .replace(
      MD_BLOCK_START,
      (_m: string, ws: string, marker: string) => `${ws}${marker.replace(/[#+\-=>.)]/, (c) => `\\${c}`)}`,
    )
    .replace(/@(?=[\p{L}\p{N}])/gu, '@\u200b');
}

/**
 * Inline code in Markdown: a code span with a fence longer than any backtick run inside. In a GFM table
 * `|` must be written `\\|` even inside a code span (the table splits rows before inline parsing).
 */
export function markdownCode(v: Text, opts: { inTable?: boolean } = {}): string {
  const s = stripControl(v, { singleLine: true });
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const body = opts.inTable ? s.replace(/\|/g, '\\|') : s;
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

// Spreadsheet formula triggers (OWASP "CSV Injection"): = + - @ and tab / carriage return.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Text starting with a formula trigger gets a leading apostrophe so Excel, LibreOffice
 * and Google Sheets show it as text; numbers are written as numbers (a negative number is not a formula).
 * Fields with a comma, quote or line break are quoted, quotes doubled.
 */
export function csvCell(v: Text): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = stripControl(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
