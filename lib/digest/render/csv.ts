/**
 * Findings as CSV (RFC 4180: CRLF line ends, quoted fields where needed). Cells go through csvCell, which
 * also neutralises spreadsheet formulas (`=HYPERLINK(...)` in a tag stays text).
 */
import type { Finding } from '#lib/model/index.js';
import { csvCell } from '../escape.js';
import { evidenceLine, savingsBasisLine } from './format.js';

export const CSV_COLUMNS = [
  'account',
  'region',
  'check',
  'title',
  'control',
  'severity',
  'status',
  'resource_type',
  'resource_id',
  'resource_name',
  'resource_arn',
  'message',
  'evidence',
  'remediation',
  'docs',
  'estimated_monthly_savings_usd',
  'savings_source',
  'savings_basis',
  'suppressed_by',
  'expired_suppression',
] as const;

function row(f: Finding): (string | number | undefined)[] {
  const sup = f.suppressedBy;
  const exp = f.expiredSuppression;
  return [
    f.accountId,
    f.region,
    f.checkId,
    f.title,
    f.control,
    f.severity,
    f.status,
    f.resourceType,
    f.resourceId,
    f.resourceName,
    f.resourceArn,
    f.message,
    f.evidence.map(evidenceLine).join('; '),
    f.remediation.text,
    f.remediation.docs.join(' '),
    f.remediation.estimatedMonthlySavingsUsd,
    f.remediation.savings?.source,
    savingsBasisLine(f.remediation.savings),
    sup ? `${sup.owner} until ${sup.expires}: ${sup.reason}` : undefined,
    exp ? `${exp.owner}, expired ${exp.expires}` : undefined,
  ];
}

export function renderCsv(findings: Finding[]): string {
  const lines = [CSV_COLUMNS.join(','), ...findings.map((f) => row(f).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
