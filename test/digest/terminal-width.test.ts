/**
 * The terminal digest at 80 and 120 columns (summary and full): no line longer than the width, except a
 * URL longer than the whole width, alone on its line; every documentation URL intact (never wrapped);
 * colour codes only around our own words; the summary fits two screens and names the command for the rest.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import { renderTerminal, wrap } from '#lib/digest/render/terminal.js';
import type { Finding } from '#lib/model/index.js';
import { aFinding, aGap, aHeader, aUnit } from './builders.js';
import { hostileDigest } from './hostile.js';

const LONG_URL =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html#CloudWatch-Agent-Configuration-File-Metricssection';
const SHORT_URL = 'https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html';
const MID_URL = 'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-lambda-recommendations.html';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const cols = (line: string): number => Array.from(line.replace(ANSI, '')).length;

function realisticDigest() {
  const findings: Finding[] = [];
  const checks = [
    {
      checkId: 'ec2-instance-cpu-not-saturated',
      control: 'WAF-PERF-010',
      severity: 'high',
      docs: [MID_URL, LONG_URL],
    },
    { checkId: 'ebs-volume-type-gp3', control: 'WAF-PERF-090', severity: 'medium', docs: [SHORT_URL] },
    {
      checkId: 'rds-instance-slow-query-log-enabled',
      control: 'WAF-PERF-040',
      severity: 'medium',
      docs: [LONG_URL],
    },
    {
      checkId: 'lambda-function-memory-configured',
      control: 'WAF-PERF-080',
      severity: 'low',
      docs: [MID_URL],
    },
    {
      checkId: 'cloudfront-distribution-compression-enabled',
      control: 'WAF-PERF-030',
      severity: 'low',
      docs: [SHORT_URL],
    },
    {
      checkId: 'vpc-gateway-endpoints-s3-dynamodb',
      control: 'WAF-PERF-070',
      severity: 'info',
      docs: [SHORT_URL],
    },
    {
      checkId: 'autoscaling-group-scaling-policy-configured',
      control: 'WAF-PERF-020',
      severity: 'high',
      docs: [LONG_URL],
    },
  ] as const;
  for (const [ci, c] of checks.entries()) {
    for (let i = 0; i < 4 + ci; i++) {
      findings.push(
        aFinding({
          checkId: c.checkId,
          title: `A check title that is long enough to wrap somewhere on a narrow terminal (${c.checkId})`,
          control: c.control,
          severity: c.severity,
          region: i % 2 ? 'ap-southeast-2' : 'eu-west-1',
          resourceId: `res-${ci}-${i}-0123456789abcdef`,
          resourceName: `a-very-long-resource-name-for-the-${c.checkId}-number-${i}`,
          remediation: {
            text: 'Do the remediation, which takes a sentence or two to explain properly, with a link to the docs.',
            docs: [...c.docs],
          },
        }),
      );
    }
  }
  return buildDigest({
    header: aHeader({
      status: 'partial',
      reason: 'weekly audit after the migration to the new landing zone',
    }),
    units: [
      aUnit({
        status: 'partial',
        gaps: [aGap(), aGap({ action: 'ec2:DescribeVolumes', slice: 'ebs.volumes' })],
      }),
    ],
    findings,
    debt: [],
    attestations: [],
    scansInHistory: 1,
    now: '2025-06-08T06:05:00.000Z',
  });
}

describe('terminal digest widths', () => {
  const digests = { realistic: realisticDigest(), hostile: hostileDigest() };
  for (const [name, d] of Object.entries(digests))
    for (const width of [80, 120])
      for (const detail of ['summary', 'full'] as const)
        for (const color of [false, true])
          it(`${name} at ${width} columns, ${detail}${color ? ', coloured' : ''}: fits, URLs intact`, () => {
            const out = renderTerminal(d, { width, detail, color });
            const lines = out.replace(/\n$/, '').split('\n');
            for (const line of lines) {
              const plain = line.replace(ANSI, '');
              if (cols(line) > width)
                expect(plain, 'only a lone URL may exceed the width').toMatch(/^https:\/\/\S+$/);
            }
            const urls = new Set(
              d.accounts.flatMap((a) =>
                a.topChecks.flatMap((g) =>
                  detail === 'summary' ? g.remediation.docs.slice(0, 1) : g.remediation.docs,
                ),
              ),
            );
            expect(urls.size).toBeGreaterThan(0);
            const shownChecks = detail === 'summary' ? 5 : Infinity;
            const expected = new Set(
              d.accounts.flatMap((a) =>
                a.topChecks
                  .slice(0, shownChecks)
                  .flatMap((g) =>
                    detail === 'summary' ? g.remediation.docs.slice(0, 1) : g.remediation.docs,
                  ),
              ),
            );
            const plainLines = lines.map((l) => l.replace(ANSI, '').trim());
            for (const url of [...expected].filter((u) => /^https:\/\/\S+$/.test(u)))
              expect(
                plainLines.some((l) => l.split(' ').includes(url)),
                url,
              ).toBe(true);
            // No fragment of a URL on a line of its own without the start (a wrapped URL).
            for (const l of plainLines) expect(l).not.toMatch(/^(docs\.aws|latest\/|[A-Za-z-]+\.html)/);
          });

  it('the summary fits two screens and names the command that shows the rest', () => {
    const out = renderTerminal(digests.realistic, {
      width: 80,
      detail: 'summary',
      moreCommand: 'perfscan report --out results --format html > report.html',
    });
    const lines = out.split('\n');
    expect(lines.length).toBeLessThanOrEqual(2 * 50);
    expect(out).toContain('perfscan report --out results --format html > report.html');
    // The order a reader needs: status, level and controls, the next level, what to fix, the rest.
    const at = (s: string) => out.indexOf(s);
    expect(at('PARTIAL')).toBeLessThan(at('CONTROL'));
    expect(at('CONTROL')).toBeLessThan(at('What Level'));
    expect(at('What Level')).toBeLessThan(at('What to fix first'));
    expect(at('What to fix first')).toBeLessThan(at('Scan problems'));
    expect(out).toContain('What to fix first (5 of 7 checks with problems');
    expect(out).toContain('2 more failing checks');
    // Gaps stay visible in the summary: they change what the results mean.
    expect(out).toContain('AccessDenied on rds:DescribeDBParameters');
  });

  it('colours levels and severities only when asked', () => {
    const d = digests.realistic;
    expect(renderTerminal(d, { detail: 'summary' })).not.toMatch(ANSI);
    const coloured = renderTerminal(d, { detail: 'summary', color: true });
    expect(coloured).toContain('\u001b[1m\u001b[31m[HIGH]');
    // eslint-disable-next-line no-control-regex
    expect(coloured).toMatch(/\u001b\[1m\u001b\[3[123]mL\d/);
  });

  it('wrap never splits a URL and puts one that does not fit on its own line', () => {
    expect(wrap(`see ${SHORT_URL} now`, 40, '  ', '    ')).toEqual(['  see', SHORT_URL, '    now']);
    expect(wrap(`fix: ${SHORT_URL}`, 120, '  ')).toEqual([`  fix: ${SHORT_URL}`]);
    expect(wrap(`see the docs at ${MID_URL}`, 95, '  ', '    ')).toEqual([
      '  see the docs at',
      `    ${MID_URL}`,
    ]);
  });
});
