/**
 * An evidence line never rounds its value onto or across the threshold it states: the renderers print two
 * decimals, so a check's 79.996 (kept that precise because it is below 80, lib/checks/support.ts roundBeside)
 * used to read "80%" beside ">= 80".
 */
import { describe, expect, it } from 'vitest';
import { evidenceLine } from '#lib/digest/render/format.js';

describe('evidence lines beside their threshold', () => {
  it('keep the decimals that separate the value from the threshold', () => {
    expect(evidenceLine({ label: 'Hit rate', value: 79.996, unit: 'Percent', threshold: '>= 80' })).toBe(
      'Hit rate: 79.996% vs >= 80',
    );
    expect(evidenceLine({ label: 'Share', value: 90.004, unit: 'Percent', threshold: 90 })).toBe(
      'Share: 90.004% vs 90',
    );
    // The threshold's figure in another unit counts too: 7,999.996 ms is below the 8,000 ms limit.
    expect(
      evidenceLine({
        label: 'Duration p95',
        value: 7999.996,
        unit: 'ms',
        metric: 'AWS/Lambda/Duration',
        threshold: '< 80% of timeout (8,000 ms)',
      }),
    ).toBe('Duration p95: AWS/Lambda/Duration: 7,999.996 ms vs < 80% of timeout (8,000 ms)');
  });

  it('print two decimals as before where rounding crosses nothing', () => {
    expect(evidenceLine({ label: 'CPU', value: 12.3456, unit: 'Percent', threshold: '<= 10' })).toBe(
      'CPU: 12.35% vs <= 10',
    );
    expect(evidenceLine({ label: 'CPU', value: 80, unit: 'Percent', threshold: '>= 80' })).toBe(
      'CPU: 80% vs >= 80',
    );
    expect(evidenceLine({ label: 'Days', value: 3, unit: 'days', threshold: '>= 4 of 14' })).toBe(
      'Days: 3 days vs >= 4 of 14',
    );
    expect(evidenceLine({ label: 'Size', value: 1234.5678, unit: 'GiB' })).toBe('Size: 1,234.57 GiB');
  });
});
