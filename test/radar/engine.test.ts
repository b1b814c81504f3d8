/**
 * The release radar end to end on the simulated account: a scan stores what each region offers; AWS releases a
 * Graviton family (the simulator knob); `perfscan radar` names the family, the region and the instances that
 * could move; a second scan (trigger `release`) stores the new offerings, after which nothing is new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientFactory } from '#lib/collect/clients.js';
import { requiredIamActions } from '#lib/collect/registry.js';
import { runScan } from '#lib/engine/scan.js';
import type { ServiceName } from '#lib/model/index.js';
import type { RadarReport } from '#lib/radar/run.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { LocalStore } from '#lib/store/local.js';
import { runCli } from '#test/cli/helpers.js';

const SERVICES: ServiceName[] = ['ec2', 'rds', 'elasticache', 'lambda'];
let dir: string;
let sim: SimAccount;
let store: LocalStore;

async function scan(trigger: 'cli' | 'release', reason?: string) {
  const allowedActions = new Set(requiredIamActions(SERVICES));
  return runScan({
    store,
    accounts: [{ accountId: sim.accountId, enabledRegions: sim.options.enabledRegions }],
    services: SERVICES,
    clientsFor: (u) => createClientFactory({ region: u.region, simulator: sim, allowedActions }),
    now: new Date(),
    dataNow: sim.options.now,
    trigger,
    ...(reason ? { reason } : {}),
    pricing: false,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-radar-'));
  sim = createSimulatedAccount();
  store = new LocalStore(dir);
  await scan('cli');
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('release radar through the engine', () => {
  it('nothing is new right after a scan', async () => {
    const r = await runCli(['radar', '--out', dir, '--simulated', '--format', 'json', '--no-price'], dir);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as RadarReport;
    expect(report.totals.newOfferings).toBe(0);
    expect(report.concernsEstate).toBe(false);
    expect(report.regions.map((x) => x.region)).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    // A handful of calls per region: one EC2 offerings page (no type described: nothing new), one RDS call per
    // engine version in use, one ElastiCache page; none where the region has nothing (eu-central-1: Lambda only).
    for (const region of report.regions) {
      const stored = await store.getOfferings(region.baseline.scans[0]!, {
        accountId: sim.accountId,
        region: region.region,
      });
      const versions = Object.values(stored?.rds ?? {}).reduce((n, e) => n + e.versions.length, 0);
      expect(region.apiCalls).toBe((stored?.ec2 ? 1 : 0) + versions + (stored?.elasticache ? 1 : 0));
    }
    expect(report.regions.find((x) => x.region === 'eu-west-1')?.apiCalls).toBe(9);
  });

  it('names the new Graviton family, the region and the instances that could move; a release scan absorbs it', async () => {
    sim.options.newFamilies = [{ region: 'eu-west-1', family: 'm8g', like: 'm7g' }];
    const json = await runCli(
      [
        'radar',
        '--out',
        dir,
        '--simulated',
        '--sim-new-family',
        'eu-west-1:m8g:m7g',
        '--format',
        'json',
        '--no-price',
      ],
      dir,
    );
    const report = JSON.parse(json.stdout) as RadarReport;
    expect(report.concernsEstate).toBe(true);
    const eu = report.regions.find((x) => x.region === 'eu-west-1')!;
    expect(eu.newOfferings).toEqual([
      {
        service: 'ec2',
        region: 'eu-west-1',
        family: 'm8g',
        names: ['m8g.large', 'm8g.xlarge'],
        facts: 'arm64, AWS',
      },
    ]);
    expect(report.regions.find((x) => x.region === 'us-east-1')?.newOfferings).toEqual([]);
    // Who could move: the stored eu-west-1 instances of the m class in the new sizes (m3, m4, m5, m6i, m7i: the
    // Graviton counterpart, never for Windows; m6g, m7g: a newer generation), nothing else.
    const snapshotInstances = (await store.getSnapshot(
      (await store.listScans())[0]!.scanId,
      sim.accountId,
      'eu-west-1',
    ))!.ec2!.instances.filter((i) => ['running', 'stopped'].includes(i.state));
    const expected = snapshotInstances
      .filter((i) => /^m\d+[a-z]*\.(large|xlarge)$/.test(i.instanceType))
      .filter((i) => !(i.platform?.toLowerCase() === 'windows' && !i.instanceType.includes('g.')));
    expect(expected.length).toBeGreaterThan(0);
    const moved = eu.moves.flatMap((m) => m.ids).sort();
    expect(moved).toEqual(expected.map((i) => i.instanceId).sort());
    expect(report.totals.resources).toBe(expected.length);
    const kinds = new Map(eu.moves.map((m) => [m.from, m.kind]));
    expect(kinds.get('m7g.large')).toBe('generation');
    expect(kinds.get('m5.large')).toBe('graviton');
    expect(report.reason).toBe(
      `New AWS offering: EC2 m8g in eu-west-1 (${expected.length} resources could move)`,
    );

    // The text names the family, the region and each instance.
    const text = await runCli(
      ['radar', '--out', dir, '--simulated', '--sim-new-family', 'eu-west-1:m8g:m7g', '--no-price'],
      dir,
    );
    expect(text.stdout).toContain('eu-west-1');
    expect(text.stdout).toContain('new: EC2 m8g (arm64, AWS): m8g.large, m8g.xlarge');
    for (const i of expected) expect(text.stdout).toContain(i.instanceId);

    // Priced from the simulated Price List, which lists the released family (lib/sim/pricing.ts): each move's
    // saving at eu-west-1 list price x 730 h (m8g.large $0.10032/h, m8g.xlarge $0.20064/h).
    const pricedRun = await runCli(
      ['radar', '--out', dir, '--simulated', '--sim-new-family', 'eu-west-1:m8g:m7g', '--format', 'json'],
      dir,
    );
    const priced = (JSON.parse(pricedRun.stdout) as RadarReport).regions.find(
      (x) => x.region === 'eu-west-1',
    )!;
    const hourly: Record<string, number> = {
      'm3.large': 0.146,
      'm4.large': 0.111,
      'm4.xlarge': 0.222,
      'm5.large': 0.107,
      'm5.xlarge': 0.214,
      'm6i.large': 0.107,
      'm6i.xlarge': 0.214,
      'm7i.large': 0.1124,
      'm7i.xlarge': 0.2247,
      'm6g.large': 0.086,
      'm6g.xlarge': 0.172,
      'm7g.large': 0.0912,
      'm7g.xlarge': 0.1824,
      'm8g.large': 0.10032,
      'm8g.xlarge': 0.20064,
    };
    expect(priced.moves.length).toBe(eu.moves.length);
    for (const m of priced.moves) {
      const per = (t: string) => Math.round(hourly[t]! * 730 * 100) / 100;
      expect(m.saving).toMatchObject({
        perResourceUsd: { from: per(m.from), to: per(m.to) },
        monthlyUsd: Math.round((hourly[m.from]! - hourly[m.to]!) * 730 * m.count * 100) / 100,
      });
    }
    // A Graviton move from x86 saves, a newer generation of Graviton costs more at list price: both are said.
    expect(
      priced.moves.some((m) => m.kind === 'graviton' && (m.saving as { monthlyUsd: number }).monthlyUsd > 0),
    ).toBe(true);
    expect(
      priced.moves.some(
        (m) => m.kind === 'generation' && (m.saving as { monthlyUsd: number }).monthlyUsd < 0,
      ),
    ).toBe(true);

    // The scan the radar starts stores the new offerings: the next comparison finds nothing new.
    const second = await scan('release', report.reason);
    expect(second.header.trigger).toBe('release');
    const after = await runCli(
      [
        'radar',
        '--out',
        dir,
        '--simulated',
        '--sim-new-family',
        'eu-west-1:m8g:m7g',
        '--format',
        'json',
        '--no-price',
      ],
      dir,
    );
    expect((JSON.parse(after.stdout) as RadarReport).totals.newOfferings).toBe(0);
  }, 120_000);
});
