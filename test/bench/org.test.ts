import { describe, expect, it } from 'vitest';
import { dynamoItemBytes, lambdaVcpuShare, modelMapSeconds, orgAccountIds } from '../../bench/org.js';
import { parseArgs } from '../../bench/run.js';

describe('the organization benchmark (bench/org.ts)', () => {
  it('sizes an item as DynamoDB counts it: names + values, numbers by digits, maps and lists with overhead', () => {
    expect(dynamoItemBytes({ pk: { S: 'abc' } })).toBe(2 + 3);
    expect(dynamoItemBytes({ n: { N: '12345' } })).toBe(1 + 4); // 3 bytes for 5 digits + 1
    expect(dynamoItemBytes({ b: { BOOL: true }, z: { NULL: true } })).toBe(4);
    expect(dynamoItemBytes({ m: { M: { k: { S: 'é' } } } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(dynamoItemBytes({ l: { L: [{ S: 'a' }, { S: 'b' }] } })).toBe(1 + 3 + 2 + 2);
  });

  it('models the Map as greedy list scheduling: mean x units / C + the longest unit', () => {
    expect(modelMapSeconds([1000, 3000], 8500, 1000)).toBeCloseTo((2000 * 8500) / 1000 / 1000 + 3);
    // Fewer units than workers: the longest unit bounds it.
    expect(modelMapSeconds([2000, 2000], 2, 1000)).toBeCloseTo(2 + 0.004);
    expect(modelMapSeconds([], 10, 10)).toBe(0);
  });

  it("takes a Lambda's vCPU share from its memory (a full vCPU at 1,769 MB)", () => {
    expect(lambdaVcpuShare(1024)).toBeCloseTo(0.579, 3);
    expect(lambdaVcpuShare(3008)).toBe(1);
  });

  it('uses distinct 12-digit account ids', () => {
    const ids = orgAccountIds(500);
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((a) => /^\d{12}$/.test(a))).toBe(true);
  });

  it('`--scenario org` selects the organization run, alone or beside scenarios', () => {
    expect(parseArgs(['--scenario', 'org'])).toMatchObject({ org: true, scenarios: [] });
    expect(parseArgs(['--scenario', 'small,org'])).toMatchObject({ org: true, scenarios: ['small'] });
    expect(parseArgs([]).org).toBe(false);
  });
});
