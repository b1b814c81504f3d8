import { describe, it, expect } from 'vitest';
import { renderMaturityDoc } from '#lib/maturity/docs.js';
import { CHECKLISTS, CONTROLS, ENTRY_PATH, LEVELS, THRESHOLDS, knownItemIds } from '#lib/maturity/model.js';

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

  it('says how each criterion is assessed: the APIs/metrics it reads, or the attestation id', () => {
    for (const k of [...CONTROLS.flatMap((c) => c.criteria), ...CHECKLISTS.flatMap((c) => c.items)]) {
      if (k.assessment.kind === 'attestation-only') expect(doc).toContain(`attestation: \`${k.id}\``);
      else for (const u of k.assessment.uses) expect(doc).toContain(u);
    }
    expect(doc).toContain('CloudWatch AWS/CloudFront CacheHitRate');
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

  it('lists the thresholds with their source', () => {
    for (const t of THRESHOLDS) expect(doc).toContain(`| ${t.name} | ${t.value} | ${t.source} |`);
    expect(doc).toContain('| cache hit rate | >= 80% | maturity model WAF-PERF-030 L4 |');
  });

  it('has the entry path', () => {
    for (const s of ENTRY_PATH) expect(doc).toContain(`| ${s.weeks} | ${s.action} | ${s.control} |`);
  });

  it('is deterministic', () => {
    expect(renderMaturityDoc()).toBe(doc);
  });
});
