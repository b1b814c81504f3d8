/** `perfscan export`: the work (see export.ts for the options). */
import { resolve } from 'node:path';
import { LocalStore } from '#lib/store/local.js';
import { exportScan } from '#lib/integrations/export.js';
import { KNOWN_REGIONS } from '#lib/engine/plan.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import { storedScan } from './stored-scan.js';
import type { ExportFlags } from './export.js';

export async function exportCommand(flags: ExportFlags, io: CliIO): Promise<ExitCode> {
  if ((flags.format === undefined) === (flags.to === undefined))
    throw new UsageError(
      flags.format ? 'Use either --format or --to, not both' : 'Nothing to export to',
      'pass --format ocsf|asff to print JSON, or --to securityhub to send the findings',
    );
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!KNOWN_REGIONS.includes(region))
    throw new UsageError(
      `'${region}' is not a known AWS region code`,
      'pass --region with a code such as us-east-1',
    );
  if (flags.externalId !== undefined && flags.roleName === undefined)
    throw new UsageError('--external-id needs --role-name', 'add --role-name, or drop --external-id');
  const store = new LocalStore(resolve(io.cwd, flags.out));
  const header = await storedScan(store, flags.scan, flags.out);
  if (flags.format) {
    const n = await exportScan(store, header, (s) => io.stdout.write(s), {
      format: flags.format,
      region,
      now: new Date().toISOString(),
    });
    io.stderr.write(
      `perfscan: exported ${n} failing findings of scan ${header.scanId} as ${flags.format.toUpperCase()}.\n`,
    );
    return EXIT.clean;
  }
  const { sendScanToSecurityHub } = await import('./export-securityhub.js');
  return sendScanToSecurityHub({ store, header, region, flags, io });
}
