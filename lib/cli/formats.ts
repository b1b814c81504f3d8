/** Output formats and the colour decision: light (no renderer loaded), so commands can register their options at startup. */

export const DIGEST_FORMATS = ['terminal', 'markdown', 'json'] as const;
export const REPORT_FORMATS = [
  'terminal',
  'markdown',
  'json',
  'html',
  'csv',
  'slack',
  'email',
  'emf',
] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Color only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(
  flag: boolean,
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** The digest's width: the terminal's columns, 80 when unknown or not a terminal (piped, redirected). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 80;
}

/** The command that renders everything a summary leaves out, for the results folder `out` (as typed). */
export function moreCommand(out: string): string {
  if (out === '.perfscan') return 'perfscan report --format html > report.html';
  const dir = /^[A-Za-z0-9._/:@-]+$/.test(out) ? out : `'${out.replace(/'/g, "'\\''")}'`;
  return `perfscan report --out ${dir} --format html > report.html`;
}
