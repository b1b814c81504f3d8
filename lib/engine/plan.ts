/**
 * Plan a scan: which (account, region) units to run, and which unit of each account also collects
 * the global services (CloudFront). Regions come from the user (--regions / config) when given,
 * else from the account's enabled regions (EC2 DescribeRegions, resolved by the caller).
 */
import type { ScanUnit } from '#lib/model/index.js';
import { REGION_TABLE } from '#lib/model/regions.js';
import { closest } from './suggest.js';

export { REGION_TABLE, REGION_TABLE_SOURCE, type RegionInfo } from '#lib/model/regions.js';

/** Every region code perfscan accepts in config and flags (see lib/model/regions.ts for the source and date). */
export const KNOWN_REGIONS: readonly string[] = REGION_TABLE.map((r) => r.code);

/** The global services' home: CloudFront's API is served from us-east-1. */
export const GLOBAL_HOME_REGION = 'us-east-1';

/** A requested region that cannot be scanned (unknown or not enabled). The CLI maps it to exit code 2. */
export class PlanError extends Error {
  readonly fix: string;
  readonly region?: string;
  constructor(message: string, fix: string, region?: string) {
    super(`${message} Fix: ${fix}`);
    this.name = 'PlanError';
    this.fix = fix;
    if (region !== undefined) this.region = region;
  }
}

export function isKnownRegion(code: string): boolean {
  return KNOWN_REGIONS.includes(code);
}

export function suggestRegion(code: string): string | undefined {
  return closest(code, KNOWN_REGIONS);
}

export function planUnits(opts: {
  accountId: string;
  enabledRegions: string[];
  regions?: string[];
  roleArn?: string;
}): ScanUnit[] {
  const enabled = new Set(opts.enabledRegions);
  const requested = opts.regions && opts.regions.length > 0 ? opts.regions : undefined;
  const regions = [...new Set(requested ?? opts.enabledRegions)];
  if (regions.length === 0) {
    throw new PlanError(
      `Account ${opts.accountId} has no enabled regions to scan.`,
      'check that the credentials belong to the intended account and that ec2:DescribeRegions is allowed, or pass --regions.',
    );
  }
  if (requested) {
    for (const region of regions) {
      if (!isKnownRegion(region)) {
        const s = suggestRegion(region);
        throw new PlanError(
          `Region '${region}' is not a known AWS region code.`,
          `${s ? `use '${s}', or ` : ''}drop it from --regions / the config 'regions' list.`,
          region,
        );
      }
      if (!enabled.has(region)) {
        throw new PlanError(
          `Region '${region}' is not enabled in account ${opts.accountId}.`,
          `enable it (AWS console > Account > AWS Regions, or \`aws account enable-region --region-name ${region}\`), ` +
            `or drop it from --regions / the config 'regions' list. Enabled: ${[...enabled].sort().join(', ') || 'none'}.`,
          region,
        );
      }
    }
  }
  const globalRegion = regions.includes(GLOBAL_HOME_REGION) ? GLOBAL_HOME_REGION : (regions[0] as string);
  return regions.map((region) => ({
    accountId: opts.accountId,
    region,
    global: region === globalRegion,
    ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
  }));
}
