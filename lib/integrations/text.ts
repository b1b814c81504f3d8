/** Text helpers shared by the exporters: fit a string into a documented length limit, say what a number is. */
import type { EvidenceItem } from '#lib/model/index.js';

const ELLIPSIS = '…';

/**
 * At most `max` UTF-16 code units (the unit AWS length limits count in), cut on a code-point boundary,
 * with an ellipsis when cut. Never returns an empty string for a non-empty input.
 */
export function clip(text: string, max: number): string {
  if (max < 1) throw new Error(`clip: max must be at least 1, got ${max}.`);
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  // Do not split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, Math.max(0, end))}${ELLIPSIS}`;
}

/** One evidence item in words: `CPU p95 = 3.2 Percent (AWS/EC2 CPUUtilization, p95 of hourly Average, 14 days; threshold <= 10)`. */
export function evidenceText(e: EvidenceItem): string {
  const value = e.value === null ? 'no data' : `${String(e.value)}${e.unit ? ` ${e.unit}` : ''}`;
  const how = [e.metric, e.statistic, e.window, e.source].filter((x): x is string => !!x);
  const threshold = e.threshold !== undefined ? `threshold ${String(e.threshold)}` : undefined;
  const detail = [how.join(', '), threshold].filter((x): x is string => !!x).join('; ');
  return `${e.label} = ${value}${detail ? ` (${detail})` : ''}`;
}

/** The AWS partition of a region code: aws-cn for China, aws-us-gov for GovCloud, else aws. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Findings of global services carry region `global`; AWS fields that need a region get the service's home. */
export function awsRegionOf(region: string, home = 'us-east-1'): string {
  return region === 'global' ? home : region;
}
