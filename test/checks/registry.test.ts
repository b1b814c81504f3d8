/**
 * The registry equals the check files on disk, and every registered check (all services) has valid
 * metadata and well-formed results, including that a gap on any needed slice never yields `pass`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_ALIASES, CHECKS } from '#lib/checks/registry.js';
import type { CheckDefinition, CheckResult } from '#lib/checks/types.js';
import { CHANGE_KINDS, CONTROL_IDS, SERVICES, SEVERITIES, STATUSES } from '#lib/model/index.js';
import { aGapOn, aSnapshot, runCheck, withGaps } from '#test/builders/index.js';

const CHECKS_DIR = fileURLToPath(new URL('../../lib/checks/', import.meta.url));

/** lib/checks/<service>/*.ts except index.ts. */
function checkFilesOnDisk(): { service: string; id: string; path: string }[] {
  return readdirSync(CHECKS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(CHECKS_DIR, dir.name))
        .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
        .map((f) => ({ service: dir.name, id: basename(f, '.ts'), path: join(CHECKS_DIR, dir.name, f) })),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

function isDefinition(v: unknown): v is CheckDefinition {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as CheckDefinition).id === 'string' &&
    typeof (v as CheckDefinition).evaluate === 'function'
  );
}

const files = checkFilesOnDisk();
const ids = CHECKS.map((c) => c.id);

describe('check registry', () => {
  it('has one folder per service and nothing else', () => {
    for (const f of files) expect(SERVICES as readonly string[], `folder of ${f.id}`).toContain(f.service);
  });

  it('lists exactly the check files on disk, without duplicates', () => {
    expect(
      new Set(ids).size,
      `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`,
    ).toBe(ids.length);
    expect([...ids].sort()).toEqual(files.map((f) => f.id));
  });

  it.each(files.map((f) => [`${f.service}/${f.id}.ts`, f] as const))(
    '%s exports exactly one registered definition named after the file',
    async (_name, { id, service, path }) => {
      const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      const defs = Object.values(mod).filter(isDefinition);
      expect(defs, `${id}.ts must export exactly one check definition`).toHaveLength(1);
      const [def] = defs;
      expect(def?.id).toBe(id);
      expect(def?.service).toBe(service);
      expect(CHECKS, `${id} is missing from lib/checks/${service}/index.ts`).toContain(def);
    },
  );

  it('keeps aliases pointing at current ids (ids are permanent; a rename keeps an alias)', () => {
    for (const [alias, current] of Object.entries(CHECK_ALIASES)) {
      expect(ids).toContain(current);
      expect(ids).not.toContain(alias);
    }
  });
});

function expectWellFormed(check: CheckDefinition, results: CheckResult[]): void {
  expect(Array.isArray(results)).toBe(true);
  for (const r of results) {
    const where = `${check.id} result for ${r.resourceId}`;
    expect(STATUSES as readonly string[], where).toContain(r.status);
    expect(r.message, where).toMatch(/\S\.$/);
    // CloudFormation type, or AWS Config's AWS::::Account for account-wide results.
    expect(r.resourceType, where).toMatch(/^AWS::(\w+)?::\w+$/);
    expect(r.resourceId, where).not.toBe('');
    expect(Array.isArray(r.evidence), where).toBe(true);
    if (r.severity !== undefined) expect(SEVERITIES as readonly string[], where).toContain(r.severity);
  }
}

describe.each(CHECKS.map((c) => [c.id, c] as const))('check %s', (_id, check) => {
  it('has valid metadata', () => {
    expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(check.id.startsWith(`${check.service}-`), 'id prefix = service').toBe(true);
    expect(SERVICES as readonly string[]).toContain(check.service);
    expect(check.title.trim()).not.toBe('');
    expect(check.title, 'title states the desired state, not "Ensure ..."').not.toMatch(/^ensure\b/i);
    expect(SEVERITIES as readonly string[]).toContain(check.severity);
    expect(CONTROL_IDS as readonly string[]).toContain(check.control);
    expect(check.rationale.trim()).not.toBe('');
    expect(check.remediation.text.trim()).not.toBe('');
    expect(check.remediation.docs.length).toBeGreaterThan(0);
    expect(Object.keys(CHANGE_KINDS)).toContain(check.remediation.change);
    for (const doc of check.remediation.docs) expect(new URL(doc).protocol, doc).toBe('https:');
    expect(check.needs.length).toBeGreaterThan(0);
    for (const slice of check.needs) expect(slice).toMatch(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)*$/);
  });

  it('documents every threshold: numeric default, unit, description, source', () => {
    for (const [name, spec] of Object.entries(check.thresholds)) {
      expect(Number.isFinite(spec.default), `${name}.default`).toBe(true);
      expect(spec.unit.trim(), `${name}.unit`).not.toBe('');
      expect(spec.description.trim(), `${name}.description`).not.toBe('');
      expect(spec.source.trim(), `${name}.source`).not.toBe('');
      if (spec.min !== undefined) expect(spec.default, `${name} >= min`).toBeGreaterThanOrEqual(spec.min);
      if (spec.max !== undefined) expect(spec.default, `${name} <= max`).toBeLessThanOrEqual(spec.max);
    }
  });

  it('evaluates an empty snapshot into well-formed results', () => {
    expectWellFormed(check, runCheck(check, aSnapshot()));
  });

  it('never passes when a slice it needs has a gap', () => {
    for (const slice of check.needs) {
      const results = runCheck(check, withGaps(aSnapshot(), aGapOn(slice)));
      expectWellFormed(check, results);
      expect(
        results.filter((r) => r.status === 'pass'),
        `gap on ${slice}`,
      ).toEqual([]);
    }
    const allGaps = runCheck(check, withGaps(aSnapshot(), ...check.needs.map((s) => aGapOn(s))));
    expectWellFormed(check, allGaps);
    expect(allGaps.filter((r) => r.status === 'pass')).toEqual([]);
  });
});
