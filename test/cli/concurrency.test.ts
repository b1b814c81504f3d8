import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { AUTO_CONCURRENCY_MAX, parseConcurrency, unitConcurrency } from '#lib/cli/options.js';

describe('--concurrency', () => {
  it('takes auto or a whole number from 1 to 64, and says what it expects otherwise', () => {
    expect(parseConcurrency('auto')).toBe('auto');
    expect(parseConcurrency('AUTO')).toBe('auto');
    expect(parseConcurrency('12')).toBe(12);
    for (const bad of ['0', '65', '2.5', 'many', ''])
      expect(() => parseConcurrency(bad)).toThrow(InvalidArgumentError);
    expect(() => parseConcurrency('x')).toThrow(/'auto' or .* from 1 to 64/);
  });

  it('auto runs one unit per distinct region of the plan at once, capped for memory', () => {
    expect(unitConcurrency('auto', ['us-east-1', 'eu-west-1', 'eu-central-1'])).toBe(3);
    // Two accounts in the same two regions: two regions.
    expect(unitConcurrency('auto', ['us-east-1', 'eu-west-1', 'us-east-1', 'eu-west-1'])).toBe(2);
    const seventeen = Array.from({ length: 17 }, (_, i) => `r-${i}`);
    expect(unitConcurrency('auto', seventeen)).toBe(17);
    const many = Array.from({ length: 40 }, (_, i) => `r-${i}`);
    expect(unitConcurrency('auto', many)).toBe(AUTO_CONCURRENCY_MAX);
    expect(unitConcurrency('auto', [])).toBe(1);
  });

  it('a number is used as given', () => {
    expect(unitConcurrency(1, ['us-east-1', 'eu-west-1'])).toBe(1);
    expect(unitConcurrency(20, ['us-east-1'])).toBe(20);
  });
});
