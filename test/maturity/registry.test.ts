import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { MEASURES, measure } from '#lib/maturity/measures/index.js';

const DIR = new URL('../../lib/maturity/controls/', import.meta.url);

describe('maturity registry', () => {
  it("has one file per control, matching the model's ten controls in order", async () => {
    const files = readdirSync(DIR)
      .filter((f) => f.startsWith('waf-perf-'))
      .sort();
    expect(files.map((f) => f.replace('.ts', '').toUpperCase())).toEqual(CONTROLS.map((c) => c.id));
    const model = await readFile(
      new URL('../../../../shared/maturity-model.md', import.meta.url),
      'utf8',
    ).catch(() => '');
    const rows = [
      ...model.matchAll(
        /^\| (WAF-PERF-\d{3}) ([^|]+?) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm,
      ),
    ];
    // The contract lives beside the repository (../shared); where it is present, the files must match it.
    if (model !== '') {
      expect(rows).toHaveLength(10);
      expect(rows.map((r) => r[1])).toEqual(CONTROLS.map((c) => c.id));
      for (const r of rows) {
        const c = CONTROLS.find((x) => x.id === r[1]);
        expect(c?.name, r[1]).toBe(r[2]);
        expect([1, 2, 3, 4, 5].map((l) => c?.levels[l as 1])).toEqual(r.slice(3, 8).map((x) => x?.trim()));
      }
    }
  });

  it('gives every control a criterion per level 2..5 and ids that match the file', () => {
    for (const c of CONTROLS) {
      expect(
        c.criteria.map((k) => k.level),
        c.id,
      ).toEqual([2, 3, 4, 5]);
      for (const k of c.criteria) expect(k.id).toBe(`${c.id}:L${k.level}`);
    }
  });

  it('names a known measure in every requirement, subject and cap; measure ids are unique', () => {
    expect(new Set(MEASURES.map((m) => m.id)).size).toBe(MEASURES.length);
    const reqs = [...CONTROLS.flatMap((c) => c.criteria), ...CHECKLISTS.flatMap((c) => c.items)].flatMap(
      (k) => k.observe,
    );
    for (const r of reqs) if ('measure' in r) expect(() => measure(r.measure)).not.toThrow();
    for (const c of CONTROLS) {
      if (c.subject) expect(() => measure(c.subject!.measure)).not.toThrow();
      for (const cap of c.capAtTwo ?? []) expect(() => measure(cap.measure)).not.toThrow();
    }
  });

  it('uses "at least one" only where the seed says so (L2-3, L2-4, and "a"/"at least one" level texts)', () => {
    const ones = [...CONTROLS.flatMap((c) => c.criteria), ...CHECKLISTS.flatMap((c) => c.items)]
      .filter((k) => k.observe.some((r) => r.share === 'one'))
      .map((k) => k.id);
    expect(ones.sort()).toEqual(
      [
        'L2-2',
        'L2-3',
        'L2-4',
        'L2-6',
        'L3-2',
        'WAF-PERF-020:L2',
        'WAF-PERF-030:L2',
        'WAF-PERF-050:L2',
        'WAF-PERF-070:L2',
        'WAF-PERF-090:L3',
      ].sort(),
    );
  });
});
