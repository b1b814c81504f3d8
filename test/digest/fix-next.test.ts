/**
 * The digest answers "what do we fix next?": failing findings grouped by check and ranked, every control
 * with what decided it and what is next, failed units that cannot make an "every" item look met, and a
 * status line that never lets a partial scan read as complete.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '#lib/digest/build.js';
import type { BuildDigestInput } from '#lib/digest/build.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import { emptyFacts } from '#lib/maturity/facts.js';
import type { Finding, UnitFacts } from '#lib/model/index.js';
import { ACCOUNT, aDebtEntry, aFinding, aHeader, aUnit } from './builders.js';

const NOW = '2025-06-08T06:05:00.000Z';
const T0 = '2025-05-01T06:00:00.000Z';

/** An instance saturated on CPU: `days` of 14 above 90%. */
function saturated(id: string, region: string, days: number): Finding {
  return aFinding({
    checkId: 'ec2-instance-cpu-not-saturated',
    title: 'EC2 instances are not saturated on CPU',
    service: 'ec2',
    control: 'WAF-PERF-010',
    severity: 'high',
    region,
    resourceType: 'AWS::EC2::Instance',
    resourceId: id,
    resourceName: `api-${id}`,
    message: `${id} had daily average CPU above 90% on ${days} of the last 14 days.`,
    evidence: [
      { label: 'Instance type', value: 'c5.large', source: 'ec2:DescribeInstances InstanceType' },
      {
        label: 'Days with average CPU > 90%',
        value: days,
        unit: 'days',
        metric: 'AWS/EC2/CPUUtilization',
        statistic: 'daily Average',
        window: '14 days',
        threshold: '>= 4 of 14',
      },
    ],
    remediation: {
      text: 'Move to a larger size.',
      docs: ['https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-ec2-recommendations.html'],
      impact: 'removes CPU queuing',
    },
  });
}

function gp2(id: string, severity: Finding['severity'] = 'medium', savings?: number): Finding {
  return aFinding({
    resourceId: id,
    resourceName: `data-${id}`,
    severity,
    remediation: {
      text: 'Modify the volume to gp3.',
      docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html'],
      impact: 'about 20% cheaper per GB',
      ...(savings !== undefined ? { estimatedMonthlySavingsUsd: savings } : {}),
    },
  });
}

/** Six instances failing one check, plus gp2 volumes and a lone low finding. */
function fixture(over: Partial<BuildDigestInput> = {}): BuildDigestInput {
  const findings = [
    saturated('i-1', 'eu-west-1', 5),
    saturated('i-2', 'eu-west-1', 14),
    saturated('i-3', 'eu-west-1', 9),
    saturated('i-4', 'us-east-1', 12),
    saturated('i-5', 'us-east-1', 6),
    saturated('i-6', 'us-east-1', 4),
    gp2('vol-1', 'medium', 2.5),
    gp2('vol-2', 'medium', 4),
    gp2('vol-3', 'medium'),
    aFinding({
      checkId: 'lambda-function-arm64',
      title: 'Lambda functions run on arm64',
      service: 'lambda',
      control: 'WAF-PERF-080',
      severity: 'medium',
      resourceType: 'AWS::Lambda::Function',
      resourceId: 'fn-1',
      resourceName: 'orders',
      message: 'orders runs on x86_64.',
    }),
    aFinding({ resourceId: 'vol-ok', status: 'pass' }),
  ];
  return {
    header: aHeader({
      coverage: { unitsPlanned: 2, unitsScanned: 2, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
    }),
    units: [aUnit(), aUnit({ region: 'us-east-1', global: false })],
    findings,
    debt: [
      // The lambda finding has been open longest: it ranks after checks of equal severity with more resources.
      aDebtEntry({
        checkId: 'lambda-function-arm64',
        resourceId: 'fn-1',
        control: 'WAF-PERF-080',
        firstSeen: T0,
        lastSeen: T0,
      }),
    ],
    attestations: [],
    scansInHistory: 1,
    now: NOW,
    ...over,
  };
}

describe('failing findings grouped by check', () => {
  const d = buildDigest(fixture());
  const a = d.accounts[0]!;

  it('ranks checks by estimated saving, then severity, then resources failing, then control, then debt age', () => {
    // Money first (issue 14): the gp3 volumes save $6.50 a month and the function $2, so both come before
    // the HIGH instances, which carry no estimate.
    expect(a.topChecks.map((g) => [g.checkId, g.severity, g.resources])).toEqual([
      ['ebs-volume-type-gp3', 'medium', 3],
      ['lambda-function-arm64', 'medium', 1],
      ['ec2-instance-cpu-not-saturated', 'high', 6],
    ]);
    expect(a.savings).toEqual({ estimatedMonthlySavingsUsd: 8.5, problemsWithSavings: 3, problems: 10 });
    expect(d.savings).toEqual(a.savings);
    expect(a.failingChecks).toBe(3);
    expect(a.failing).toBe(10);
    // Same severity and resources: the control decides, then the age (oldest first).
    const tie = buildDigest(
      fixture({
        findings: [
          gp2('vol-1'),
          aFinding({ checkId: 'ebs-volume-b', resourceId: 'vol-2' }),
          aFinding({ checkId: 'ebs-volume-c', resourceId: 'vol-3', control: 'WAF-PERF-010' }),
        ],
        debt: [aDebtEntry({ checkId: 'ebs-volume-b', resourceId: 'vol-2', firstSeen: T0, lastSeen: T0 })],
      }),
    ).accounts[0]!;
    expect(tie.topChecks.map((g) => g.checkId)).toEqual([
      'ebs-volume-c',
      'ebs-volume-b',
      'ebs-volume-type-gp3',
    ]);
  });

  it('shows for a check its title, control, regions, worst resources with evidence, fix and gain', () => {
    const g = a.topChecks.find((x) => x.checkId === 'ec2-instance-cpu-not-saturated')!;
    expect(g).toMatchObject({
      title: 'EC2 instances are not saturated on CPU',
      control: 'WAF-PERF-010',
      resources: 6,
      regions: [
        { region: 'eu-west-1', resources: 3 },
        { region: 'us-east-1', resources: 3 },
      ],
      moreResources: 3,
      remediation: { text: 'Move to a larger size.', impact: 'removes CPU queuing' },
    });
    // Worst = furthest past the threshold (14, 12, 9 days of 14 above 90%).
    expect(g.worst.map((f) => f.resourceId)).toEqual(['i-2', 'i-4', 'i-3']);
    expect(g.worst[0]!.evidence.some((e) => e.value === 14)).toBe(true);
    expect(g.estimatedMonthlySavingsUsd).toBeUndefined();
    const vols = a.topChecks[0]!;
    // Savings summed where known (2.5 + 4; vol-3 has no estimate), and the worst first by savings.
    expect(vols).toMatchObject({ estimatedMonthlySavingsUsd: 6.5, resourcesWithSavings: 2, resources: 3 });
    expect(vols.worst.map((f) => f.resourceId)).toEqual(['vol-2', 'vol-1', 'vol-3']);
    expect(a.topChecks[1]!.oldestAgeDays).toBe(38);
  });

  it('keeps the per-resource list, in check order and bounded, with a count of the rest (JSON too)', () => {
    expect(a.topFindings.map((f) => f.resourceId)).toEqual([
      'vol-2',
      'vol-1',
      'vol-3',
      'fn-1',
      'i-2',
      'i-4',
      'i-3',
      'i-5',
      'i-1',
      'i-6',
    ]);
    const small = buildDigest(fixture({ resourceRows: 4, topN: 1 })).accounts[0]!;
    expect(small.topFindings).toHaveLength(4);
    expect(small.moreFindings).toBe(6);
    expect(small.topChecks).toHaveLength(1);
    expect(small.moreChecks).toBe(2);
    const json = JSON.parse(JSON.stringify(small)) as typeof small;
    expect(json.topFindings.map((f) => f.resourceId)).toEqual(['vol-2', 'vol-1', 'vol-3', 'fn-1']);
    const md = renderMarkdown(buildDigest(fixture({ resourceRows: 4 })));
    expect(md).toContain('<summary>All failing resources (first 4 of 10)</summary>');
    expect(md).toContain('… and 6 more failing resources');
    expect(md).toMatch(/\| 4 \| MEDIUM \| `lambda-function-arm64` \| orders \(fn-1\) \|/);
  });

  it('every renderer shows one entry per check, not one per resource', () => {
    const term = renderTerminal(d, { width: 100 });
    expect(term).toContain('What to fix first (3 of 3 checks with problems, 10 problems)');
    expect(term.match(/ec2-instance-cpu-not-saturated\)/g)).toHaveLength(1);
    expect(term).toContain('6 resources in eu-west-1 (3), us-east-1 (3)');
    expect(term).toMatch(
      /• Days with average CPU > 90%: AWS\/EC2\/CPUUtilization daily Average 14 days: 14 days vs >=\s+4 of 14/,
    );
    expect(term).toContain('… and 3 more resources');
    expect(term).toContain('est. savings $6.5/month (2 of 3 resources with an estimate)');
    const total = 'Estimated savings: $8.50/month on 3 of 10 problems';
    expect(term).toContain(total);

    const md = renderMarkdown(d);
    expect(md).toContain(
      '3. **HIGH** EC2 instances are not saturated on CPU (`ec2-instance-cpu-not-saturated`)',
    );
    expect(md).toContain(total);
    expect(md).toContain('   - … and 3 more resources');

    const slack = JSON.stringify(renderSlack(d).blocks);
    expect(slack.match(/EC2 instances are not saturated on CPU/g)).toHaveLength(1);
    expect(slack).toContain('6 resources in eu-west-1 (3), us-east-1 (3)');
    expect(slack).not.toContain('api-i-6'); // not among the worst three
    expect(slack).toContain(total);

    const html = renderEmail(d).html;
    expect(html.match(/EC2 instances are not saturated on CPU/g)).toHaveLength(1);
    expect(html).toContain('api-i-2 (i-2)');
    expect(html).not.toContain('api-i-6');
    expect(html).toContain(total);
    expect(renderHtmlReport(d, { findings: fixture().findings })).toContain(total);
    // The standalone report adds the table of every finding.
    expect(renderHtmlReport(d, { findings: fixture().findings })).toContain('api-i-6 (i-6)');
  });
});

describe('per-control section', () => {
  const d = buildDigest(fixture());
  const a = d.accounts[0]!;

  it('gives every control its deciding criterion, failing findings and what the next level needs', () => {
    expect(a.controls).toHaveLength(10);
    for (const c of a.controls) {
      expect(c.decidedBy, c.control).toBeDefined();
      expect(c.decidedBy!.id.startsWith(`${c.control}:L`)).toBe(true);
      if (c.level < 5) {
        // The deciding criterion is the one that stops the climb, and it says what to do.
        expect(c.decidedBy!.level).toBe(c.level + 1);
        expect(c.decidedBy!.state).not.toBe('met');
        expect(c.action, c.control).toBeTruthy();
      }
    }
    const by = (id: string): (typeof a.controls)[number] => a.controls.find((c) => c.control === id)!;
    expect(by('WAF-PERF-010')).toMatchObject({ failing: 6, failingChecks: 1 });
    expect(by('WAF-PERF-010').topCheck).toEqual({
      checkId: 'ec2-instance-cpu-not-saturated',
      title: 'EC2 instances are not saturated on CPU',
      severity: 'high',
      resources: 6,
    });
    expect(by('WAF-PERF-090')).toMatchObject({ failing: 3, failingChecks: 1 });
    expect(by('WAF-PERF-080')).toMatchObject({ failing: 1 });
    // Load tests and the debt register are attestation/register based: still something to do.
    expect(by('WAF-PERF-060')).toMatchObject({ level: 1, failing: 0 });
    expect(by('WAF-PERF-060').decidedBy).toMatchObject({
      id: 'WAF-PERF-060:L2',
      state: 'unknown',
      source: 'not assessed',
    });
    expect(by('WAF-PERF-060').action).toMatch(/^attest WAF-PERF-060:L2/);
    expect(by('WAF-PERF-100').decidedBy?.id).toBe('WAF-PERF-100:L2');
    expect(by('WAF-PERF-100').action).toMatch(/attest WAF-PERF-100:L2/);
  });

  it('reaches the terminal, Markdown, Slack and email', () => {
    const term = renderTerminal(d, { width: 100 });
    expect(term).toContain('WAF-PERF-060 Load Tests: L1 Reactive / Undocumented');
    expect(term).toMatch(
      /decided by WAF-PERF-060:L2 unknown \(not assessed\): not observable in the account/,
    );
    expect(term).toMatch(
      /next: Level 2: manual load tests before releases \(attested\); to do: attest\s+WAF-PERF-060:L2/,
    );
    expect(term).toMatch(
      /findings: 6 problems \(1 failing check\); fix first: ec2-instance-cpu-not-saturated \(HIGH, 6\s+resources\)/,
    );

    const md = renderMarkdown(d);
    expect(md).toContain('| Control | Level | Trend | Decided by | Next level needs | Problems |');
    expect(md).toMatch(
      /\| WAF-PERF-100 Performance Debt \| L1 .*\| WAF-PERF-100:L2 unknown \(not assessed\).*attest WAF-PERF-100:L2.*\| no failing findings \|/,
    );

    const fields = (renderSlack(d).blocks as { fields?: { text: string }[] }[]).find(
      (b) => b.fields,
    )!.fields!;
    expect(fields).toHaveLength(10);
    const load = fields.find((f) => f.text.includes('WAF-PERF-060'))!.text;
    expect(load).toContain('0 failing');
    expect(load).toContain('Decided by: WAF-PERF-060:L2 unknown (not assessed)');
    expect(load).toContain('Next: attest WAF-PERF-060:L2');
    expect(fields.find((f) => f.text.includes('WAF-PERF-010'))!.text).toContain('6 failing');

    const email = renderEmail(d);
    expect(email.html).toContain('WAF-PERF-100:L2 unknown (not assessed)');
    expect(email.text).toContain('decided by WAF-PERF-060:L2');
  });
});

describe('a failed unit is not assessed, never evidence of "every"', () => {
  /** EBS and RDS fully assessed in one unit: two recent gp3 volumes, nothing legacy. */
  function storageFacts(): UnitFacts {
    const f = emptyFacts();
    f.units = 1;
    for (const s of ['ebs.volumes', 'rds.instances'] as const)
      f.coverage[s] = { assessed: 1, gaps: 0, notScanned: 0 };
    f.measures['storage.newModern'] = { of: 2, met: 2, noData: 0 };
    f.measures['storage.noGp2'] = { of: 2, met: 2, noData: 0 };
    f.measures['storage.noLegacy'] = { of: 2, met: 2, noData: 0 };
    return f;
  }
  const item = (input: BuildDigestInput, id: string): { state: string; source: string } =>
    buildDigest(input)
      .accounts[0]!.score.checklists.flatMap((c) => c.items)
      .find((i) => i.id === id)!;
  const ok = aUnit({ facts: storageFacts(), services: ['ec2', 'ebs', 'rds'] });
  const failed = aUnit({
    region: 'us-east-1',
    global: false,
    status: 'failed',
    error: 'AccessDenied on sts:AssumeRole',
    services: ['ec2', 'ebs', 'rds'],
    // Whatever a failed unit stored, it assessed nothing.
    facts: storageFacts(),
  });
  const base = (units: (typeof ok)[], over: Partial<BuildDigestInput> = {}): BuildDigestInput =>
    fixture({
      units,
      findings: [],
      debt: [],
      header: aHeader({
        coverage: {
          unitsPlanned: units.length,
          unitsScanned: units.length,
          unitsPartial: 0,
          unitsFailed: 0,
          gaps: 0,
        },
      }),
      ...over,
    });

  it('with one unit alone, L3-13 and L4-9 are met', () => {
    expect(item(base([ok]), 'L3-13')).toMatchObject({ state: 'met', source: 'observed' });
    expect(item(base([ok]), 'L4-9')).toMatchObject({ state: 'met', source: 'observed' });
  });

  it('with a second, failed unit, they are unknown (not assessed), not met', () => {
    const input = base([ok, failed], {
      header: aHeader({
        status: 'partial',
        coverage: { unitsPlanned: 2, unitsScanned: 1, unitsPartial: 0, unitsFailed: 1, gaps: 0 },
      }),
    });
    for (const id of ['L3-13', 'L4-9']) {
      expect(item(input, id), id).toMatchObject({ state: 'unknown', source: 'not assessed' });
    }
    const d = buildDigest(input);
    expect(
      d.accounts[0]!.score.checklists.flatMap((c) => c.items)
        .find((i) => i.id === 'L3-13')!
        .evidence.join(' '),
    ).toContain('ebs.volumes: gap in 1 of 2 units');
    expect(d.coverage.failedUnits).toEqual([
      { accountId: ACCOUNT, region: 'us-east-1', error: 'AccessDenied on sts:AssumeRole' },
    ]);
    expect(renderTerminal(d)).toContain('failed unit 111122223333 us-east-1: AccessDenied on sts:AssumeRole');
  });

  it('a planned unit that never reported counts the same, and is named', () => {
    const input = base([ok], {
      header: aHeader({
        status: 'partial',
        plannedUnits: [`${ACCOUNT}:eu-west-1:g`, `${ACCOUNT}:ap-south-1`],
        coverage: { unitsPlanned: 2, unitsScanned: 1, unitsPartial: 0, unitsFailed: 1, gaps: 0 },
      }),
    });
    expect(item(input, 'L3-13')).toMatchObject({ state: 'unknown', source: 'not assessed' });
    const d = buildDigest(input);
    expect(d.coverage).toMatchObject({ unitsFailed: 1, moreFailedUnits: 0 });
    expect(d.coverage.failedUnits).toEqual([
      { accountId: ACCOUNT, region: 'ap-south-1', error: 'no result: the unit never reported' },
    ]);
  });
});

describe('scan status at the top', () => {
  const partial = (): BuildDigestInput =>
    fixture({
      header: aHeader({
        status: 'partial',
        coverage: { unitsPlanned: 3, unitsScanned: 2, unitsPartial: 1, unitsFailed: 1, gaps: 1 },
      }),
      units: [
        aUnit({
          status: 'partial',
          gaps: [{ service: 'rds', slice: 'rds.instances', code: 'AccessDenied', message: 'denied' }],
        }),
        aUnit({ region: 'us-east-1', global: false }),
        aUnit({ region: 'ap-south-1', global: false, status: 'failed', error: 'timeout' }),
      ],
    });

  it('a partial scan says PARTIAL first in every renderer', () => {
    const d = buildDigest(partial());
    const line = 'PARTIAL: 2 of 3 units scanned (1 failed, 1 partial), 1 gap';
    expect(renderTerminal(d).split('\n')[0]).toBe(`perfscan digest · ${line}`);
    expect(renderTerminal(d)).toContain('Failed units: 111122223333 ap-south-1.');
    const md = renderMarkdown(d).split('\n');
    expect(md[0]).toBe(`# perfscan digest · ${line}`);
    expect(md[2]).toBe('> [!WARNING]');
    const slack = renderSlack(d);
    const header = (slack.blocks[0] as { text: { text: string } }).text.text;
    expect(header).toMatch(/^perfscan PARTIAL scan: /);
    expect((slack.blocks[1] as { text: { text: string } }).text.text.startsWith(`*${line}*`)).toBe(true);
    expect(slack.text).toContain(line);
    expect(renderEmail(d).subject).toMatch(/ · PARTIAL: 2 of 3 units, 1 gap$/);
    expect(renderEmail(d).html).toContain(`data-status="partial">${line}`);
  });

  it('the status survives a long subject', () => {
    const d = buildDigest(partial());
    d.accounts[0]!.label = 'x'.repeat(400);
    const subject = renderEmail(d).subject;
    expect(subject.length).toBeLessThanOrEqual(150);
    expect(subject.endsWith('PARTIAL: 2 of 3 units, 1 gap')).toBe(true);
  });

  it('a header saying complete while a unit failed still reads partial', () => {
    const input = partial();
    input.header.status = 'complete';
    const d = buildDigest(input);
    expect(d.scan.status).toBe('partial');
    expect(renderTerminal(d).split('\n')[0]).toContain('PARTIAL:');
    expect(renderTerminal(d)).not.toContain('COMPLETE');
  });

  it('a complete scan says so, without a warning', () => {
    const d = buildDigest(fixture());
    expect(d.scan.status).toBe('complete');
    expect(renderTerminal(d).split('\n')[0]).toBe('perfscan digest · COMPLETE: 2 of 2 units scanned, 0 gaps');
    expect(renderMarkdown(d)).not.toContain('[!WARNING]');
    expect(renderEmail(d).subject).not.toContain('COMPLETE');
  });
});
