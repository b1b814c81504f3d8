/** Output formats and the colour decision: light (no renderer loaded), so commands can register their options at startup. */

export const DIGEST_FORMATS = ['terminal', 'markdown', 'json'] as const;
export const REPORT_FORMATS = ['terminal', 'markdown', 'json', 'html', 'csv'] as const;
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
