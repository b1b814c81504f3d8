/**
 * The HTML report and the email HTML in a real headless Chromium: hostile resource names must render as
 * text, no dialog may open and no script may run, and the page's own stylesheet must pass its CSP.
 * Chromium is installed by .ci/run (`apt-get install chromium`).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { HOSTILE, hostileDigest } from './hostile.js';

const CHROMIUM = '/usr/bin/chromium';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: this test needs a real Chromium. .ci/run installs it (apt-get install chromium); ` +
        'locally run `apt-get install -y chromium` as root.',
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function load(
  html: string,
): Promise<{ page: Page; dialogs: string[]; requests: string[]; violations: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.setContent(html, { waitUntil: 'load' });
  // Give any injected handler (onerror, timers) a chance to fire before asserting.
  await page.waitForTimeout(200);
  return { page, dialogs, requests, violations };
}

describe('HTML report in headless Chromium', () => {
  const d = hostileDigest();
  const account = d.accounts[0]!;

  it('shows hostile names as text, runs no script, opens no dialog, loads nothing', async () => {
    const { page, dialogs, requests, violations } = await load(renderHtmlReport(d));
    try {
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('script').count()).toBe(1); // ours, allowed by its hash
      expect(await page.locator('img').count()).toBe(0);
      expect(requests).toEqual([]);

      const text = await page.locator('body').innerText();
      expect(text).toContain(HOSTILE.script);
      expect(text).toContain(HOSTILE.pwn);
      expect(text).toContain(HOSTILE.channel);
      expect(text).toContain(HOSTILE.emphasis);

      const level = page.locator('[data-level]').first();
      await expect(level.isVisible()).resolves.toBe(true);
      expect(await level.innerText()).toBe(`Level ${account.level.current} ${account.label}`);

      // Our own stylesheet passes the CSP (allowed by hash): the level badge is styled.
      const bg = await level.evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );
      expect(bg).toBe('rgb(221, 244, 255)');
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the CSP really blocks script: an injected inline script does not run', async () => {
    // Guard that the policy is effective, not just present: splice a script in after the CSP meta.
    const html = renderHtmlReport(d).replace(
      '<body class="body">',
      '<body class="body"><script>window.__pwned = 1</script>',
    );
    const { page } = await load(html);
    try {
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('the email HTML is inert too', async () => {
    const { page, dialogs } = await load(renderEmail(d).html);
    try {
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('script, img').count()).toBe(0);
      expect(await page.locator('body').innerText()).toContain(HOSTILE.script);
    } finally {
      await page.close();
    }
  });
});
