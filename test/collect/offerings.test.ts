import { describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { scanUnit } from '#lib/engine/scan.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

describe('offerings collected with a scan unit', () => {
  it('stores what the region offers for the services in use, and the estate grouped', async () => {
    const sim = createSimulatedAccount();
    const clients = createClientFactory({
      region: 'eu-west-1',
      simulator: sim,
      allowedActions: new Set(requiredIamActions()),
    });
    const { offerings } = await scanUnit(
      { accountId: sim.accountId, region: 'eu-west-1', global: false },
      {
        scanId: 's1',
        services: ['ec2', 'rds', 'elasticache', 'lambda'],
        clients,
        now: sim.options.now,
        pricing: false,
      },
    );
    expect(offerings?.gaps).toEqual([]);
    const m7g = offerings?.ec2?.find((t) => t.type === 'm7g.large');
    expect(m7g).toEqual({ type: 'm7g.large', current: true, architectures: ['arm64'], manufacturer: 'AWS' });
    expect(offerings?.ec2?.find((t) => t.type === 'm4.large')?.current).toBe(false);
    expect(Object.keys(offerings?.rds ?? {}).length).toBeGreaterThan(0);
    for (const { classes } of Object.values(offerings?.rds ?? {})) expect(classes).toContain('db.r7g.large');
    expect(offerings?.elasticache?.redis).toContain('cache.r7g.large');
    expect(offerings?.lambda?.architectures).toEqual(['arm64', 'x86_64']);
    expect(offerings?.lambda?.runtimes).toContain('nodejs22.x');
    const instances = offerings?.estate.ec2.reduce((n, g) => n + g.count, 0) ?? 0;
    expect(instances).toBeGreaterThan(10);
    expect(offerings?.estate.ec2.every((g) => g.ids.length <= 20 && g.ids.length <= g.count)).toBe(true);
    // One paginated DescribeReservedCacheNodesOfferings answer per 100 node types: a handful of calls.
    expect(clients.stats.apiCalls['elasticache:DescribeReservedCacheNodesOfferings']).toBeLessThanOrEqual(2);
  });

  it('a new family released in the region is offered at the next scan (the simulator knob)', async () => {
    const sim = createSimulatedAccount();
    sim.options.newFamilies = [{ region: 'eu-west-1', family: 'm8g', like: 'm7g', services: ['ec2', 'rds'] }];
    const clients = createClientFactory({
      region: 'eu-west-1',
      simulator: sim,
      allowedActions: new Set(requiredIamActions()),
    });
    const { offerings } = await scanUnit(
      { accountId: sim.accountId, region: 'eu-west-1', global: false },
      { scanId: 's2', services: ['ec2', 'rds'], clients, now: sim.options.now, pricing: false },
    );
    expect(offerings?.ec2?.filter((t) => t.type.startsWith('m8g.')).map((t) => t.type)).toEqual([
      'm8g.large',
      'm8g.xlarge',
    ]);
    const rds = Object.values(offerings?.rds ?? {});
    // Wherever db.m7g.large is orderable (not for Aurora), db.m8g.large now is too.
    expect(rds.some(({ classes }) => classes.includes('db.m7g.large'))).toBe(true);
    for (const { classes } of rds)
      expect(classes.includes('db.m8g.large')).toBe(classes.includes('db.m7g.large'));
  });
});
