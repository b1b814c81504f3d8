/** `perfscan report`, the work: load the stored scan, build its digest, render it. */
import { resolve } from 'node:path';
import type { Finding, ScanHeader } from '#lib/model/index.js';
import { loadConfig } from '#lib/config/schema.js';
import { LocalStore } from '#lib/store/local.js';
import { digestFor, useColor, writeOutput } from './digest.js';
import { moreCommand, terminalWidth } from './formats.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import type { ReportFlags } from './report.js';

/** The stored scan named by --scan (else the latest finished one) and its digest. */
export async function loadStoredDigest(flags: Pick<ReportFlags, 'out' | 'scan' | 'config'>, io: CliIO) {
  const config = await loadConfig(flags.config, { cwd: io.cwd });
  const out = resolve(io.cwd, flags.out);
  const store = new LocalStore(out);
  let header: ScanHeader | undefined;
  let listed: ScanHeader[] | undefined;
  if (flags.scan) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(flags.scan))
      throw new UsageError(`'${flags.scan}' is not a scan id`, 'pass an id listed under <out>/scans');
    header = await store.getScanHeader(flags.scan);
    if (!header) {
      const recent = (await store.listScans({ limit: 5 })).map((h) => h.scanId);
      throw new UsageError(
        `No scan '${flags.scan}' in ${out}`,
        recent.length
          ? `use one of the recent scans: ${recent.join(', ')}`
          : `run \`perfscan scan --out ${flags.out}\` first`,
      );
    }
  } else {
    listed = await store.listScans();
    header = listed.find((h) => h.status !== 'running');
    if (!header)
      throw new UsageError(
        `No finished scan in ${out}`,
        `run \`perfscan scan --out ${flags.out}\` first, or point --out at the results folder`,
      );
  }
  const digest = await digestFor(store, header, {
    attestations: config.attestations ?? [],
    now: new Date().toISOString(),
    ...(config.maturity?.shares ? { shares: config.maturity.shares } : {}),
    ...(listed ? { listed } : {}),
  });
  const debt = async () => (await Promise.all(header.accounts.map((a) => store.getDebt(a)))).flat();
  return { config, store, header, listed, debt, digest };
}

export async function reportCommand(flags: ReportFlags, io: CliIO): Promise<ExitCode> {
  const { config, store, header, listed, debt, digest } = await loadStoredDigest(flags, io);
  if (flags.format === 'html') {
    // Every finding, streamed from the store one unit at a time into the report's table.
    const { streamHtmlReport } = await import('#lib/digest/render/report.js');
    const { globToRegExp, suppressionMatches } = await import('#lib/engine/suppress.js');
    const owners = (config.suppressions ?? []).map((s) => ({ s, re: globToRegExp(s.resource) }));
    for await (const chunk of streamHtmlReport(digest, {
      findings: store.findings(header.scanId),
      history: listed ?? (await store.listScans({ limit: 20 })),
      debt: await debt(),
      ownerOf: (e) =>
        owners.find(({ s, re }) =>
          suppressionMatches(s, { ...e, resourceArn: undefined } as unknown as Finding, re),
        )?.s.owner,
    }))
      io.stdout.write(chunk);
    return EXIT.clean;
  }
  await writeOutput(
    io.stdout,
    flags.format,
    digest,
    { store, scanId: header.scanId },
    {
      color: useColor(flags.color, io.stdout, io.env),
      width: terminalWidth(io.stdout),
      detail: flags.verbose ? 'full' : 'summary',
      moreCommand: moreCommand(flags.out),
    },
  );
  return EXIT.clean;
}
