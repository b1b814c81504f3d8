import { describe, expect, it } from 'vitest';
import type { Finding, ScanHeader } from '#lib/model/index.js';
import { failingAtOrAbove, scanExitCode } from '#lib/cli/scan-command.js';
import { useColor } from '#lib/cli/digest.js';
import { EXIT } from '#lib/cli/io.js';

const header = (status: ScanHeader['status']): ScanHeader => ({
  scanId: 's',
  startedAt: '2026-01-01T00:00:00.000Z',
  trigger: 'cli',
  scope: {},
  status,
  accounts: ['111122223333'],
  coverage: { unitsPlanned: 1, unitsScanned: 1, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
  toolVersion: 'x',
});

const f = (
  severity: Finding['severity'],
  status: Finding['status'] = 'fail',
  suppressed = false,
): Finding => ({
  checkId: 'c',
  title: 't',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity,
  status,
  accountId: '111122223333',
  region: 'eu-west-1',
  resourceType: 'AWS::EC2::Volume',
  resourceId: `vol-${severity}-${status}`,
  message: 'm.',
  evidence: [],
  remediation: { text: 'r', docs: [] },
  ...(suppressed
    ? { suppressedBy: { checkId: '*', resource: '*', reason: 'r', owner: 'o', expires: '2099-01-01' } }
    : {}),
});

describe('scan exit codes', () => {
  it('0 when complete and nothing at or above --fail-on', () => {
    expect(scanExitCode(header('complete'), [f('high')], 'none')).toBe(EXIT.clean);
    expect(scanExitCode(header('complete'), [f('medium')], 'high')).toBe(EXIT.clean);
  });
  it('1 for an unsuppressed failing finding at or above --fail-on', () => {
    expect(scanExitCode(header('complete'), [f('high')], 'high')).toBe(EXIT.findings);
    expect(scanExitCode(header('complete'), [f('critical')], 'medium')).toBe(EXIT.findings);
  });
  it('suppressed, unknown, error and pass findings never trigger 1', () => {
    const fs = [
      f('critical', 'fail', true),
      f('critical', 'unknown'),
      f('critical', 'error'),
      f('critical', 'pass'),
    ];
    expect(failingAtOrAbove(fs, 'info')).toEqual([]);
    expect(scanExitCode(header('complete'), fs, 'info')).toBe(EXIT.clean);
  });
  it('3 for a partial or failed scan; 1 takes precedence over 3', () => {
    expect(scanExitCode(header('partial'), [], 'high')).toBe(EXIT.partial);
    expect(scanExitCode(header('failed'), [], 'none')).toBe(EXIT.partial);
    expect(scanExitCode(header('partial'), [f('high')], 'high')).toBe(EXIT.findings);
  });
});

describe('useColor', () => {
  it('only on a terminal, never with --no-color or NO_COLOR', () => {
    expect(useColor(true, { isTTY: true }, {})).toBe(true);
    expect(useColor(true, { isTTY: false }, {})).toBe(false);
    expect(useColor(false, { isTTY: true }, {})).toBe(false);
    expect(useColor(true, { isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(true, { isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });
});
