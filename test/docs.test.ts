/** Generated docs are committed; this fails when one is stale. Fix: `npm run docs`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, generatedDocs } from '../scripts/gen-docs.js';
import { CHECKS } from '#lib/checks/registry.js';

function onDisk(rel: string): string | undefined {
  try {
    return readFileSync(join(REPO_ROOT, rel), 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated docs', () => {
  const docs = generatedDocs();

  it.each(Object.keys(docs))('%s is up to date', (rel) => {
    expect(onDisk(rel), `${rel} is missing or stale: run npm run docs`).toBe(docs[rel]);
  });

  it('the checks catalog has a section for every registered check', () => {
    const catalog = docs['docs/checks.md'] ?? '';
    for (const c of CHECKS) expect(catalog).toContain(`### ${c.id}\n`);
  });

  it('the IAM policy is a valid policy document of service:Action entries', () => {
    const policy = JSON.parse(docs['docs/iam-policy.json'] ?? '{}') as {
      Version: string;
      Statement: { Action: string[] }[];
    };
    expect(policy.Version).toBe('2012-10-17');
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
  });
});
