/**
 * Drops the AWS SDK's NodeVersionSupportWarning (a notice that future SDK releases need Node 22) from
 * the CLI's stderr, where it would interleave with the progress display. Other warnings pass through.
 * Imported first by bin/perfscan.ts, before any SDK module loads.
 */
const original = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.includes('NodeVersionSupportWarning')) return;
  (original as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
