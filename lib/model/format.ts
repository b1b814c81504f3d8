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
