import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '#lib/config/schema.js';
import { CHECKS } from '#lib/checks/registry.js';

describe('perfscan.config.example.yaml', () => {
  it('is a valid config against the real check registry and maturity model', async () => {
    const text = await readFile(new URL('../../perfscan.config.example.yaml', import.meta.url), 'utf8');
    const cfg = parseConfigText(text, 'perfscan.config.example.yaml');
    expect(cfg.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(cfg.suppressions?.length).toBeGreaterThan(0);
    expect(cfg.attestations?.[0]?.met).toBe(true);
    for (const id of Object.keys(cfg.thresholds ?? {})) expect(CHECKS.some((c) => c.id === id)).toBe(true);
  });

  it('documents every top-level field of the schema', async () => {
    const text = await readFile(new URL('../../perfscan.config.example.yaml', import.meta.url), 'utf8');
    const { ConfigSchema } = await import('#lib/config/schema.js');
    for (const key of Object.keys(ConfigSchema.shape)) expect(text).toMatch(new RegExp(`^${key}:`, 'm'));
  });
});
