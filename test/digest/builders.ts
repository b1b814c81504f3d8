/** Builders for digest tests: short fixtures with sensible defaults. */
import type { DebtEntry, Finding, Gap, Level, ScanHeader, Score, UnitSummary } from '#lib/model/index.js';
import { CONTROL_IDS } from '#lib/model/index.js';
import { emptyFacts } from '#lib/maturity/facts.js';

export const ACCOUNT = '111122223333';

export function aFinding(over: Partial<Finding> = {}): Finding {
  return {
    checkId: 'ebs-volume-type-gp3',
    title: 'EBS volumes use gp3',
    service: 'ebs',
    control: 'WAF-PERF-090',
    severity: 'medium',
    status: 'fail',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0001',
    resourceName: 'data',
    message: 'Volume vol-0001 is gp2 (100 GiB).',
    evidence: [
      { label: 'Volume type', value: 'gp2', threshold: 'gp3', source: 'ec2:DescribeVolumes VolumeType' },
    ],
    remediation: {
      text: 'Modify the volume to gp3.',
      docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html'],
      impact: 'about 20% cheaper per GB; 3,000 IOPS baseline',
      estimatedMonthlySavingsUsd: 2,
    },
    ...over,
  };
}

export function aUnit(over: Partial<UnitSummary> = {}): UnitSummary {
  return {
    scanId: 'scan-2',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    global: true,
    status: 'ok',
    services: ['ec2', 'ebs', 'cloudfront'],
    resourceCounts: { 'ec2.instances': 3, 'ebs.volumes': 4 },
    findingCounts: { fail: 0, pass: 0, unknown: 0, error: 0 },
    suppressedCount: 0,
    gaps: [],
    apiCalls: 12,
    throttles: 0,
    durationMs: 1000,
    facts: emptyFacts(),
    ...over,
  };
}

export function aGap(over: Partial<Gap> = {}): Gap {
  return {
    service: 'rds',
    slice: 'rds.parameterGroups',
    code: 'AccessDenied',
    action: 'rds:DescribeDBParameters',
    message: 'User is not authorized to perform rds:DescribeDBParameters.',
    hint: 'Add rds:DescribeDBParameters to the scanner role.',
    ...over,
  };
}

export function aHeader(over: Partial<ScanHeader> = {}): ScanHeader {
  return {
    scanId: 'scan-2',
    startedAt: '2025-06-08T06:00:00.000Z',
    finishedAt: '2025-06-08T06:03:00.000Z',
    trigger: 'schedule',
    scope: {},
    status: 'complete',
    accounts: [ACCOUNT],
    coverage: { unitsPlanned: 1, unitsScanned: 1, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
    toolVersion: '0.1.0',
    ...over,
  };
}

export function aDebtEntry(over: Partial<DebtEntry> = {}): DebtEntry {
  return {
    accountId: ACCOUNT,
    checkId: 'ebs-volume-type-gp3',
    region: 'eu-west-1',
    resourceId: 'vol-0001',
    control: 'WAF-PERF-090',
    severity: 'medium',
    title: 'EBS volumes use gp3',
    firstSeen: '2025-06-01T06:00:00.000Z',
    lastSeen: '2025-06-01T06:00:00.000Z',
    status: 'open',
    reopened: 0,
    lastScanId: 'scan-1',
    ageDays: 0,
    ...over,
  };
}

/** A hand-built Score: every control at `level`, overall `overall`. */
export function aScore(overall: Level = 2, level: Level = 2): Score {
  return {
    overall,
    checklists: [],
    controls: CONTROL_IDS.map((control) => ({
      control,
      name: `Control ${control}`,
      level,
      criteria: [],
      next: [`${control} next step`],
    })),
    next: overall < 5 ? { level: (overall + 1) as Level, needs: ['L3-1 Formal SLOs defined'] } : null,
    counts: { observed: 5, attested: 1, 'not assessed': 7 },
  };
}
