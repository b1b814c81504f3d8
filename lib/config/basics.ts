/**
 * The config module's light part: its error type and the metric-window limits. Kept apart from the
 * schema (zod, yaml, the check registry) so the CLI can name them without loading those at startup.
 */

export interface ConfigIssue {
  /** Field path as written in the file, e.g. `suppressions[0].expires`; `(file)` for the file itself. */
  path: string;
  message: string;
  fix: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  readonly source: string;
  constructor(source: string, issues: ConfigIssue[]) {
    super(issues.map((i) => formatIssue(source, i)).join('\n'));
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}

export function formatIssue(source: string, i: ConfigIssue): string {
  return `${source}: ${i.path}: ${sentence(i.message)} Fix: ${sentence(i.fix)}`;
}

// ---------------------------------------------------------------- limits and defaults

/**
 * Metric window. Default 14 days: Trusted Advisor and Compute Optimizer judge utilization over 14 days.
 * Max 63 days: CloudWatch keeps 1-hour points for 455 days, but 63 days is the retention of 5-minute
 * points (so any check using 300 s periods is still served), and at 1-hour periods a 63-day series has
 * 1,512 points, which still lets one GetMetricData call carry floor(100,800 / 1,512) = 66 queries.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric
 */
export const DEFAULT_WINDOW_DAYS = 14;
export const MAX_WINDOW_DAYS = 63;
