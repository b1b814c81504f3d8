/** Number formatting shared by check messages and rendered digests. Pure; imports nothing of ours. */

/**
 * "1,234.5": thousands separators, at most `digits` decimals, no trailing zeros, never "-0".
 * Non-finite numbers print as JavaScript does ("NaN", "Infinity").
 */
export function formatNumber(n: number, digits = 1): string {
  const fixed = n.toFixed(digits);
  const [int = '0', frac] = fixed.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digitsOnly = sign ? int.slice(1) : int;
  const grouped = digitsOnly.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac?.replace(/0+$/, '');
  const out = `${sign}${grouped}${trimmed ? `.${trimmed}` : ''}`;
  return out === '-0' ? '0' : out;
}

/** True when `shown` lies on the same side of every threshold as `value` (or on it, exactly when `value` is). */
function sameSide(value: number, shown: number, thresholds: readonly number[]): boolean {
  return thresholds.every((t) => Math.sign(shown - t) === Math.sign(value - t));
}

/**
 * `formatNumber` for a value judged against `thresholds`: at most `digits` decimals, or up to two more where
 * rounding would put it on a threshold or across one, so the figure never contradicts the verdict ("79.99% of
 * the timeout" for a function that passes below 80%, not "80%"). A value closer still reads "just under 80" or
 * "just over 80"; only a value equal to a threshold is shown as the threshold.
 */
export function formatBeside(value: number, thresholds: number | readonly number[], digits = 1): string {
  const ts = typeof thresholds === 'number' ? [thresholds] : thresholds;
  for (let d = digits; d <= digits + 2; d++) {
    if (sameSide(value, Number(value.toFixed(d)), ts)) return formatNumber(value, d);
  }
  const nearest = ts.reduce((a, b) => (Math.abs(value - b) < Math.abs(value - a) ? b : a));
  return `just ${value < nearest ? 'under' : 'over'} ${formatNumber(nearest, 6)}`;
}
