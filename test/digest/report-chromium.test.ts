/**
 * The HTML report in headless Chromium (/usr/bin/chromium through playwright-core): the level chart and
 * the trend render, filtering the findings table by control and by severity shows exactly the right rows,
 * sorting works, nothing is requested from the network, the CSP lets only our style and script run; a
 * screenshot is written to test-output/html-report.png. Also: the document size at 50,000 findings.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildDigest } from '#lib/digest/build.js';
import { renderHtmlReport, streamHtmlReport } from '#lib/digest/render/report.js';
import { renderEmail } from '#lib/digest/render/email.js';
import type { Finding, ScanHeader, Severity, Status } from '#lib/model/index.js';
import { ROOT } from '../cli/helpers.js';
import { aDebtEntry, aFinding, aHeader, aUnit } from './builders.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(ROOT, 'test-output');

const CHECKS: { checkId: string; control: Finding['control']; service: Finding['service'] }[] = [
  { checkId: 'ebs-volume-type-gp3', control: 'WAF-PERF-090', service: 'ebs' },
  { checkId: 'ec2-instance-cpu-not-saturated', control: 'WAF-PERF-010', service: 'ec2' },
  { checkId: 'rds-instance-slow-query-log-enabled', control: 'WAF-PERF-040', service: 'rds' },
  { checkId: 'lambda-function-memory-configured', control: 'WAF-PERF-080', service: 'lambda' },
];
const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
const STATUSES: Status[] = ['fail', 'fail', 'pass', 'unknown'];

function findings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const c = CHECKS[i % CHECKS.length]!;
    return aFinding({
      ...c,
      severity: SEVERITIES[i % SEVERITIES.length]!,
      status: STATUSES[Math.floor(i / 4) % STATUSES.length]!,
      region: i % 5 === 0 ? 'us-east-1' : 'eu-west-1',
      resourceId: `res-${i}`,
      resourceName: `resource-${i}`,
    });
  });
}

const FINDINGS = findings(96);
const history: ScanHeader[] = [3, 2, 1].map((k) =>
  aHeader({
    scanId: `scan-0${k}`,
    startedAt: `2025-05-${String(k * 7).padStart(2, '0')}T06:00:00.000Z`,
    score: {
      overall: k === 1 ? 1 : 2,
      controls: Object.fromEntries(CHECKS.map((c) => [c.control, k])) as never,
      checklistMet: { '2': 4, '3': 0, '4': 0 },
    },
    findingCounts: { fail: 80 - k * 10, pass: 10, unknown: 2, error: 0 },
  }),
);
const digest = buildDigest({
  header: aHeader(),
  units: [aUnit({ region: 'eu-west-1' }), aUnit({ region: 'us-east-1', global: false })],
  findings: FINDINGS,
  debt: [
    aDebtEntry({ ageDays: 40, estimatedMonthlySavingsUsd: 12.5 }),
    aDebtEntry({ resourceId: 'vol-2', ageDays: 3 }),
  ],
  attestations: [],
  scansInHistory: 4,
  now: '2025-06-08T06:05:00.000Z',
});

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install chromium).`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function visibleRows(page: Page): Promise<string[][]> {
  return page.$$eval('#findings tbody tr:not(.hidden)', (trs) =>
    trs.map((tr) =>
      Array.from((tr as unknown as { cells: { textContent: string }[] }).cells, (c) => c.textContent),
    ),
  );
}

describe('HTML report in Chromium', () => {
  it('renders the chart and trend, filters by control and severity, sorts, loads nothing', async () => {
    const html = renderHtmlReport(digest, {
      findings: FINDINGS,
      history,
      debt: [
        aDebtEntry({ ageDays: 40, estimatedMonthlySavingsUsd: 12.5 }),
        aDebtEntry({ resourceId: 'vol-2', ageDays: 3 }),
      ],
      ownerOf: (e) => (e.resourceId === 'vol-0001' ? 'team-storage' : undefined),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForSelector('#f-count:not(:empty)');

      // The chart: one bar per control, sized by its level; the trend: a point per scan (3 stored + this one).
      expect(await page.locator('#chart-levels rect').count()).toBe(10);
      const widths = await page.$$eval('#chart-levels rect', (r) =>
        r.map((x) => Number(x.getAttribute('width'))),
      );
      expect(widths.every((w) => w > 0)).toBe(true);
      expect(await page.locator('#chart-trend circle').count()).toBe(4);
      expect(await page.locator('#chart-trend rect.bar').count()).toBe(4);
      expect(await page.locator('#chart-levels').isVisible()).toBe(true);
      expect(await page.locator('#chart-trend').isVisible()).toBe(true);
      expect(await page.locator('#next-level li').count()).toBeGreaterThan(0);
      expect(await page.locator('#debt tbody tr').count()).toBe(2);
      expect(await page.locator('#debt').innerText()).toContain('team-storage');

      // Every finding is in the table; failing ones are shown first (the initial status filter).
      expect(await page.locator('#findings tbody tr').count()).toBe(FINDINGS.length);
      const failing = FINDINGS.filter((f) => f.status === 'fail').length;
      expect(await visibleRows(page)).toHaveLength(failing);
      expect(await page.locator('#f-count').innerText()).toBe(`showing ${failing} of ${FINDINGS.length}`);

      // Filter by control (all statuses), then also by severity.
      await page.selectOption('#f-status', '');
      await page.selectOption('#f-control', 'WAF-PERF-040');
      const byControl = await visibleRows(page);
      expect(byControl).toHaveLength(FINDINGS.filter((f) => f.control === 'WAF-PERF-040').length);
      expect(
        byControl.every((r) => r[2] === 'WAF-PERF-040' && r[4] === 'rds-instance-slow-query-log-enabled'),
      ).toBe(true);
      await page.selectOption('#f-severity', 'high');
      const both = await visibleRows(page);
      expect(both).toHaveLength(
        FINDINGS.filter((f) => f.control === 'WAF-PERF-040' && f.severity === 'high').length,
      );
      expect(both.length).toBeGreaterThan(0);
      expect(both.every((r) => r[0] === 'high' && r[2] === 'WAF-PERF-040')).toBe(true);
      await page.selectOption('#f-control', '');
      const bySeverity = await visibleRows(page);
      expect(bySeverity).toHaveLength(FINDINGS.filter((f) => f.severity === 'high').length);
      expect(bySeverity.every((r) => r[0] === 'high')).toBe(true);

      // Sort by severity: critical/high first; clicking again reverses.
      await page.selectOption('#f-severity', '');
      await page.click('#findings thead th:nth-child(1)');
      const sorted = (await visibleRows(page)).map((r) => r[0]);
      expect(sorted[0]).toBe('high');
      expect(sorted.at(-1)).toBe('low');

      await page.selectOption('#f-status', 'fail');
      await page.mouse.wheel(0, -100_000);
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'html-report.png'), fullPage: false });
      expect(existsSync(join(OUTPUT, 'html-report.png'))).toBe(true);

      expect(await page.locator('script').count()).toBe(1);
      expect(requests).toEqual([]);
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('an injected script is still blocked by the CSP (only our script runs, by its hash)', async () => {
    const html = renderHtmlReport(digest, { findings: FINDINGS }).replace(
      '<body class="body">',
      '<body class="body"><script>window.__pwned = 1</script>',
    );
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      // Ours ran: the count is filled in.
      expect(await page.locator('#f-count').innerText()).toMatch(/^showing \d+ of 96$/);
    } finally {
      await page.close();
    }
  });
});

describe('email HTML', () => {
  it('leads with the summary and the Controls table, before what to fix first', () => {
    const html = renderEmail(digest).html;
    const at = (s: string) => html.indexOf(s);
    expect(at('Level 1')).toBeGreaterThan(0);
    expect(at('>Controls</h3>')).toBeGreaterThan(at('data-status'));
    expect(at('>Controls</h3>')).toBeLessThan(at('What to fix first'));
    expect(at('What Level')).toBeLessThan(at('What to fix first'));
  });
});

describe('HTML report size', () => {
  it('stays bounded at 50,000 findings (streamed one page at a time): under 25 MB', async () => {
    const many = findings(50_000).map((f, i) => ({
      ...f,
      resourceName: `a-long-resource-name-${'x'.repeat(200)}-${i}`,
      message: 'm'.repeat(500),
    }));
    async function* pages() {
      for (let i = 0; i < many.length; i += 1000) yield many.slice(i, i + 1000);
    }
    let bytes = 0;
    let rows = 0;
    for await (const chunk of streamHtmlReport(digest, { findings: pages(), history })) {
      bytes += Buffer.byteLength(chunk);
      rows += chunk.split('<tr><td class="sev-').length - 1;
    }
    expect(rows).toBe(50_000);
    console.log(`HTML report at 50,000 findings (worst-case cells): ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    expect(bytes).toBeLessThan(25 * 1024 * 1024);
  });
});
