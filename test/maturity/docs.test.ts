import { describe, it, expect } from 'vitest';
import { renderMaturityDoc } from '#lib/maturity/docs.js';
import { CHECKLISTS } from '#lib/maturity/checklists.js';
import { CONTROLS } from '#lib/maturity/controls/index.js';
import { ENTRY_PATH, LEVELS } from '#lib/maturity/levels.js';
import { MEASURES, measure } from '#lib/maturity/measures/index.js';
import { knownItemIds } from '#lib/maturity/registry.js';

describe('renderMaturityDoc', () => {
  const doc = renderMaturityDoc();

  it('lists every level with its label and one-liner', () => {
    for (const l of LEVELS) expect(doc).toContain(`| ${l.level} | ${l.label} | ${l.summary} |`);
  });

  it('has a section per control with its L1..L5 texts and every criterion', () => {
    for (const c of CONTROLS) {
      expect(doc).toContain(`### ${c.id} ${c.name}`);
      for (const l of [1, 2, 3, 4, 5] as const) expect(doc).toContain(c.levels[l]);
      for (const k of c.criteria) expect(doc).toContain(k.text);
    }
  });

  it('lists every criterion with its denominator, its share and the share source', () => {
    for (const k of [...CONTROLS.flatMap((c) => c.criteria), ...CHECKLISTS.flatMap((c) => c.items)]) {
      if (k.observe.length === 0) expect(doc).toContain(`attestation: \`${k.id}\``);
      for (const r of k.observe) {
        const denominator = 'measure' in r ? measure(r.measure).denominator : r.denominator;
        expect(doc, k.id).toContain(denominator);
      }
    }
    expect(doc).toContain('| most (default 80%)');
    expect(doc).toContain('maturity model, "How a level is earned" (most >= 80%)');
    expect(doc).toContain('never below 95%');
    for (const m of MEASURES) expect(doc).toContain(`\`${m.id}\``);
  });

  it('contains every checklist item verbatim with its id, and the checklist rules', () => {
    for (const c of CHECKLISTS) {
      expect(doc).toContain(c.rule);
      for (const i of c.items) expect(doc).toContain(`| \`${i.id}\` | ${i.text} |`);
    }
  });

  it('lists every attestation id and the config syntax', () => {
    for (const id of knownItemIds()) expect(doc).toContain(`\`${id}\``);
    expect(doc).toMatch(/attestations:\n {2}- item: L2-5\n {4}met: true\n {4}by: /);
    expect(doc).toContain('expires:');
  });

  it('has the entry path', () => {
    for (const s of ENTRY_PATH) expect(doc).toContain(`| ${s.weeks} | ${s.action} | ${s.control} |`);
  });

  it('is deterministic', () => {
    expect(renderMaturityDoc()).toBe(doc);
  });
});
