/**
 * A rescore's digest names what changed in the checks since the scan it re-judged (both headers' engine
 * fingerprints), in every format; other digests say nothing of it.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import { CHECK_CHANGE_LINES, checkChangesOf } from '#lib/digest/check-changes.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import type { EngineFingerprint, ScanHeader } from '#lib/model/index.js';
import { aFinding, aHeader, aUnit } from './builders.js';

const ORIGINAL = '2026-11-22T06-00-00Z-ab12cd';
const engine = (cpu: number, extra: Record<string, EngineFingerprint['checks'][string]> = {}) => ({
  toolVersion: '0.1.0',
  checks: {
    'ec2-instance-cpu-not-saturated': { severity: 'high' as const, thresholds: { highCpuPercent: cpu } },
    'ebs-volume-type-gp3': { severity: 'medium' as const, thresholds: {} },
    ...extra,
  },
});

function digestOf(header: ScanHeader, original: ScanHeader) {
  return buildDigest({
    header,
    units: [aUnit({ scanId: header.scanId })],
    findings: [aFinding()],
    previous: { header: original, units: [aUnit({ scanId: original.scanId })], findings: [aFinding()] },
    debt: [],
    attestations: [],
    now: '2026-12-05T06:00:00.000Z',
    scansInHistory: 2,
  });
}

const original = aHeader({ scanId: ORIGINAL, engine: engine(90) });
const rescore = (e: EngineFingerprint) =>
  aHeader({
    scanId: `${ORIGINAL}-r1`,
    previousScanId: ORIGINAL,
    rescoreOf: { scanId: ORIGINAL, toolVersion: '0.1.0' },
    engine: e,
  });

describe("a rescore's digest: the checks' changes", () => {
  it('names the threshold change in every format', () => {
    const d = digestOf(rescore(engine(30)), original);
    expect(d.scan.checkChanges).toEqual({
      rescoreOf: ORIGINAL,
      lines: ['ec2-instance-cpu-not-saturated: threshold highCpuPercent 90 -> 30'],
      more: 0,
    });
    const text = 'ec2-instance-cpu-not-saturated: threshold highCpuPercent 90';
    expect(renderMarkdown(d)).toContain(`**Checks changed:** Rescore of ${ORIGINAL}`);
    expect(renderMarkdown(d)).toContain(text);
    expect(JSON.stringify(renderSlack(d).blocks)).toContain('*Checks changed:*');
    expect(renderEmail(d).html).toMatch(/<p data-check-changes><strong>Checks changed:<\/strong> Rescore of/);
    expect(renderHtmlReport(d)).toContain('data-check-changes');
    expect(renderHtmlReport(d)).toContain('90 -&gt; 30');
    expect(renderTerminal(d, { width: 300 })).toContain(`checks changed: Rescore of ${ORIGINAL}`);
  });

  it('says when the checks did not change, and caps a long list', () => {
    expect(digestOf(rescore(engine(90)), original).scan.checkChanges).toEqual({
      rescoreOf: ORIGINAL,
      lines: [],
      more: 0,
    });
    expect(renderMarkdown(digestOf(rescore(engine(90)), original))).toContain(
      'the checks and thresholds did not change',
    );
    const many = Object.fromEntries(
      Array.from({ length: CHECK_CHANGE_LINES + 5 }, (_, i) => [
        `new-check-${String(i).padStart(2, '0')}`,
        { severity: 'low' as const, thresholds: {} },
      ]),
    );
    const c = checkChangesOf(rescore(engine(90, many)), original);
    expect(c?.lines).toHaveLength(CHECK_CHANGE_LINES);
    expect(c?.more).toBe(5);
    expect(c?.lines[0]).toBe('check added: new-check-00');
  });

  it('is absent for a scan that is not a rescore, or whose original recorded no checks', () => {
    const scan = aHeader({
      scanId: '2026-11-29T06-00-00Z-cd34ef',
      previousScanId: ORIGINAL,
      engine: engine(30),
    });
    expect(digestOf(scan, original).scan.checkChanges).toBeUndefined();
    expect(renderMarkdown(digestOf(scan, original))).not.toContain('Checks changed');
    const unrecorded = aHeader({ scanId: ORIGINAL });
    expect(checkChangesOf(rescore(engine(30)), unrecorded)).toBeUndefined();
  });
});
