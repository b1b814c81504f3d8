import { describe, expect, it } from 'vitest';
import type { Finding, ScanHeader, ScanUnit, Snapshot, UnitSummary, DebtEntry } from '#lib/model/index.js';
import type { Collector } from '#lib/collect/types.js';
import { createClientFactory, UndeclaredActionError } from '#lib/collect/clients.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import { defineCheck } from '#lib/checks/types.js';
import type { FindingsStore } from '#lib/store/types.js';
import {
  finalizeHeader,
  newScanId,
  runScan,
  scanStatus,
  scanUnit,
  type ScanProgress,
} from '#lib/engine/scan.js';
import { PlanError } from '#lib/engine/plan.js';
import { SLOW_START_UNITS } from '#lib/engine/scan.js';

/** In-memory store that records the order of writes. */
class MemoryStore implements FindingsStore {
  headers: ScanHeader[] = [];
  stored = new Map<string, { summary: UnitSummary; findings: readonly Finding[]; snapshot?: Snapshot }>();
  debt: DebtEntry[] = [];
  failUnitRegion?: string;
  async putScanHeader(h: ScanHeader) {
    this.headers.push(structuredClone(h));
  }
  async getScanHeader(id: string) {
    return [...this.headers].reverse().find((h) => h.scanId === id);
  }
  async listScans() {
    return [];
  }
  async putUnit(summary: UnitSummary, findings: readonly Finding[], snapshot?: Snapshot) {
    if (summary.region === this.failUnitRegion && summary.status !== 'failed') throw new Error('disk full');
    this.stored.set(`${summary.accountId}/${summary.region}`, {
      summary,
      findings,
      ...(snapshot ? { snapshot } : {}),
    });
  }
  async getUnit(_scanId: string, unit: { accountId: string; region: string }) {
    return this.stored.get(`${unit.accountId}/${unit.region}`)?.summary;
  }
  async getUnits() {
    return [...this.stored.values()].map((u) => u.summary);
  }
  async *units() {
    for (const u of this.stored.values()) yield u.summary;
  }
  async unitFindings(_scanId: string, unit: { accountId: string; region: string }) {
    return [...(this.stored.get(`${unit.accountId}/${unit.region}`)?.findings ?? [])];
  }
  async *findings() {
    for (const u of this.stored.values()) yield [...u.findings];
  }
  async getFindings() {
    return [...this.stored.values()].flatMap((u) => u.findings);
  }
  async getDebt() {
    return this.debt;
  }
  async getUnitDebt(_accountId: string, regions: readonly string[]) {
    return this.debt.filter((e) => regions.includes(e.region));
  }
  async putDebt(e: readonly DebtEntry[]) {
    const byKey = new Map(
      this.debt.map((x) => [`${x.accountId}#${x.checkId}#${x.region}#${x.resourceId}`, x]),
    );
    for (const x of e) byKey.set(`${x.accountId}#${x.checkId}#${x.region}#${x.resourceId}`, x);
    this.debt = [...byKey.values()];
  }
}

const sim = createSimulatedAccount({
  enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-south-1'],
});

/** A fake EBS collector: 2 volumes per region, a gap in eu-central-1, a crash in ap-south-1; tracks concurrency. */
function fakeEbs(track: { inFlight: number; max: number }): Collector {
  return {
    service: 'ebs',
    iamActions: ['ec2:DescribeVolumes'],
    async collect(ctx) {
      track.inFlight++;
      track.max = Math.max(track.max, track.inFlight);
      await new Promise((r) => setTimeout(r, 20));
      track.inFlight--;
      if (ctx.region === 'eu-central-1') {
        ctx.gap({
          service: 'ebs',
          slice: 'ebs.volumes',
          code: 'AccessDenied',
          action: 'ec2:DescribeVolumes',
          message: 'denied',
          hint: 'Allow ec2:DescribeVolumes.',
        });
        return {};
      }
      const mk = (id: string, type: string) => ({
        volumeId: id,
        arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:volume/${id}`,
        volumeType: type,
        sizeGiB: 10,
        state: 'in-use',
        attachments: [],
        tags: {},
      });
      return { ebs: { volumes: [mk(`vol-${ctx.region}-a`, 'gp2'), mk(`vol-${ctx.region}-b`, 'gp3')] } };
    },
  };
}

const gp3Check = defineCheck({
  id: 'ebs-volume-test-gp3',
  title: 'gp3',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale: 'test',
  remediation: {
    change: 'storage-type',
    text: 'Use gp3.',
    docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html'],
  },
  needs: ['ebs.volumes'],
  thresholds: {},
  evaluate: (s) =>
    (s.ebs?.volumes ?? []).map((v) => ({
      status: v.volumeType === 'gp3' ? ('pass' as const) : ('fail' as const),
      resourceType: 'AWS::EC2::Volume',
      resourceId: v.volumeId,
      message: `Volume ${v.volumeId} is ${v.volumeType}.`,
      evidence: [{ label: 'Volume type', value: v.volumeType, threshold: 'gp3' }],
    })),
});

function clientsFor(unit: ScanUnit) {
  if (unit.region === 'ap-south-1') throw new Error('could not assume role');
  return createClientFactory({ region: unit.region, simulator: sim });
}

describe('newScanId', () => {
  it('is the UTC second plus a random suffix, sortable by time', () => {
    const id = newScanId(new Date('2026-11-22T06:00:00.123Z'));
    expect(id).toMatch(/^2026-11-22T06-00-00Z-[0-9a-f]{6}$/);
    expect(newScanId(new Date('2026-11-22T06:00:00Z'))).not.toBe(newScanId(new Date('2026-11-22T06:00:00Z')));
    expect(newScanId(new Date('2026-11-22T06:00:01Z')) > id).toBe(true);
  });
});

describe('runScan', () => {
  it('runs every unit with bounded concurrency, stores each, and writes running then final headers', async () => {
    const store = new MemoryStore();
    const track = { inFlight: 0, max: 0 };
    const progress: ScanProgress[] = [];
    const result = await runScan({
      store,
      accounts: [{ accountId: sim.accountId, enabledRegions: sim.options.enabledRegions }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      dataNow: sim.options.now,
      trigger: 'simulated',
      reason: 'test',
      checks: [gp3Check],
      collectors: { ebs: fakeEbs(track) },
      suppressions: [
        { checkId: '*', resource: 'vol-us-east-1-a', reason: 'r', owner: 'o', expires: '2026-12-31' },
      ],
      concurrency: 2,
      onProgress: (p) => progress.push(p),
      clock: () => new Date('2026-11-22T07:01:00Z'),
    });

    expect(track.max).toBe(2);
    expect(store.headers[0]?.status).toBe('running');
    expect(store.headers[0]?.coverage.unitsPlanned).toBe(4);
    const final = store.headers.at(-1) as ScanHeader;
    expect(final).toEqual(result.header);
    expect(final).toMatchObject({
      status: 'partial',
      trigger: 'simulated',
      reason: 'test',
      startedAt: '2026-11-22T07:00:00.000Z',
      finishedAt: '2026-11-22T07:01:00.000Z',
      accounts: [sim.accountId],
      coverage: { unitsPlanned: 4, unitsScanned: 3, unitsPartial: 1, unitsFailed: 1, gaps: 2 },
    });
    // us-east-1: gp2 suppressed, gp3 pass; eu-west-1: fail + pass; eu-central-1: unknown (gap).
    expect(final.findingCounts).toEqual({ fail: 1, pass: 2, unknown: 1, error: 0 });

    expect(result.units.map((u) => [u.region, u.status, u.global])).toEqual([
      ['us-east-1', 'ok', true],
      ['eu-west-1', 'ok', false],
      ['eu-central-1', 'partial', false],
      ['ap-south-1', 'failed', false],
    ]);
    const failed = result.units.find((u) => u.region === 'ap-south-1');
    expect(failed?.error).toContain('could not assume role');
    expect(store.stored.size).toBe(4); // the failed unit is recorded too; the others are kept
    const east = store.stored.get(`${sim.accountId}/us-east-1`);
    expect(east?.summary.suppressedCount).toBe(1);
    expect(east?.summary.resourceCounts['ebs.volumes']).toBe(2);
    expect(east?.snapshot?.ebs?.volumes).toHaveLength(2);
    expect(east?.findings.find((f) => f.resourceId === 'vol-us-east-1-a')?.suppressedBy?.owner).toBe('o');
    expect(store.stored.get(`${sim.accountId}/eu-central-1`)?.findings.map((f) => f.status)).toEqual([
      'unknown',
    ]);

    expect(progress[0]).toMatchObject({ type: 'planned', unitsTotal: 4, unitsDone: 0 });
    expect(progress.filter((p) => p.type === 'unit-done').map((p) => p.unitsDone)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the units already stored when a later unit fails to store', async () => {
    const store = new MemoryStore();
    store.failUnitRegion = 'eu-west-1';
    const result = await runScan({
      store,
      accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1', 'eu-west-1'] }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [gp3Check],
      collectors: { ebs: fakeEbs({ inFlight: 0, max: 0 }) },
      concurrency: 1,
    });
    expect(result.header.status).toBe('partial');
    expect(store.stored.get(`${sim.accountId}/us-east-1`)?.summary.status).toBe('ok');
    expect(store.stored.get(`${sim.accountId}/eu-west-1`)?.summary).toMatchObject({
      status: 'failed',
      error: 'disk full',
    });
    // Only the stored unit's findings exist; the failed write left none behind.
    const stored = [...store.stored.values()].flatMap((u) => u.findings);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((f) => f.region === 'us-east-1')).toBe(true);
  });

  it('holds units back while live memory is over the budget, but always runs one', async () => {
    const run = async (reading: () => number) => {
      const track = { inFlight: 0, max: 0 };
      const result = await runScan({
        store: new MemoryStore(),
        accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }],
        services: ['ebs'],
        clientsFor,
        now: new Date('2026-11-22T07:00:00Z'),
        trigger: 'cli',
        checks: [gp3Check],
        collectors: { ebs: fakeEbs(track) },
        concurrency: 3,
        memoryBudget: { bytes: 1_000, usage: reading },
      });
      return { max: track.max, units: result.units.length };
    };
    // Over budget: one unit at a time, every unit still scanned.
    expect(await run(() => 5_000)).toEqual({ max: 1, units: 3 });
    // Under budget: the concurrency limit decides.
    expect(await run(() => 10)).toEqual({ max: 3, units: 3 });
    // Each running unit "holds" 600 bytes: a second may start (600 < 1,000), a third may not (1,200).
    let held = 0;
    const track = { inFlight: 0, max: 0 };
    const ebs = fakeEbs(track);
    await runScan({
      store: new MemoryStore(),
      accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [gp3Check],
      collectors: {
        ebs: {
          ...ebs,
          async collect(ctx) {
            held += 600;
            try {
              return await ebs.collect(ctx);
            } finally {
              held -= 600;
            }
          },
        },
      },
      concurrency: 3,
      memoryBudget: { bytes: 1_000, usage: () => held },
    });
    expect(track.max).toBe(2);
    // Slow start: with room for all, at most 4 run until the first unit finishes.
    const six = { inFlight: 0, max: 0 };
    await runScan({
      store: new MemoryStore(),
      accounts: [
        {
          accountId: sim.accountId,
          enabledRegions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'eu-west-2', 'eu-west-3', 'us-west-2'],
        },
      ],
      services: ['ebs'],
      clientsFor,
      now: new Date('2026-11-22T07:00:00Z'),
      trigger: 'cli',
      checks: [gp3Check],
      collectors: { ebs: fakeEbs(six) },
      concurrency: 6,
      memoryBudget: { bytes: 1_000, usage: () => 0 },
    });
    expect(six.max).toBe(SLOW_START_UNITS);
  });

  it('plans before writing anything: a region that is not enabled throws and leaves the store empty', async () => {
    const store = new MemoryStore();
    await expect(
      runScan({
        store,
        accounts: [{ accountId: sim.accountId, enabledRegions: ['us-east-1'] }],
        regions: ['eu-west-3'],
        services: ['ebs'],
        clientsFor,
        now: new Date(),
        trigger: 'cli',
      }),
    ).rejects.toThrow(PlanError);
    expect(store.headers).toEqual([]);
    expect(store.stored.size).toBe(0);
  });
});

describe('scanUnit', () => {
  it('marks the unit failed when collection rejects (e.g. an undeclared IAM action) and does not throw', async () => {
    const boom: Collector = {
      service: 'ebs',
      iamActions: [],
      collect: async () => {
        throw new UndeclaredActionError('ec2:DescribeVolumes');
      },
    };
    const r = await scanUnit(
      { accountId: sim.accountId, region: 'us-east-1', global: true },
      {
        scanId: 's',
        services: ['ebs'],
        clients: createClientFactory({ region: 'us-east-1', simulator: sim }),
        now: sim.options.now,
        collectors: { ebs: boom },
        checks: [gp3Check],
      },
    );
    expect(r.summary.status).toBe('failed');
    expect(r.summary.error).toContain('ec2:DescribeVolumes');
    expect(r.findings).toEqual([]);
    expect(r.snapshot.gaps).toEqual([expect.objectContaining({ service: 'account', code: 'Error' })]);
  });
});

describe('scanUnit: what a unit holds once evaluated', () => {
  it('drops the evidence of pass results only; a fail keeps its evidence and remediation, in memory and in the store', async () => {
    const store = new MemoryStore();
    const r = await scanUnit(
      { accountId: sim.accountId, region: 'us-east-1', global: true },
      {
        scanId: 's',
        services: ['ebs'],
        clients: createClientFactory({ region: 'us-east-1', simulator: sim }),
        now: sim.options.now,
        collectors: { ebs: fakeEbs({ inFlight: 0, max: 0 }) },
        checks: [gp3Check],
        store,
        pricing: false,
        offerings: false,
      },
    );
    const fail = r.findings.find((f) => f.status === 'fail');
    const pass = r.findings.find((f) => f.status === 'pass');
    expect(fail).toMatchObject({
      resourceId: 'vol-us-east-1-a',
      message: 'Volume vol-us-east-1-a is gp2.',
      evidence: [{ label: 'Volume type', value: 'gp2', threshold: 'gp3' }],
      remediation: { text: 'Use gp3.' },
    });
    expect(pass).toMatchObject({ resourceId: 'vol-us-east-1-b', message: 'Volume vol-us-east-1-b is gp3.' });
    expect(pass?.evidence).toEqual([]);
    expect(r.summary.findingCounts).toMatchObject({ pass: 1, fail: 1, unknown: 0 });
    expect(store.stored.get(`${sim.accountId}/us-east-1`)?.findings).toEqual(r.findings);
  });
});

describe('scanStatus / finalizeHeader', () => {
  it('complete only when every planned unit is ok; failed when all failed', () => {
    expect(scanStatus([{ status: 'ok' }, { status: 'ok' }], 2)).toBe('complete');
    expect(scanStatus([{ status: 'ok' }, { status: 'partial' }], 2)).toBe('partial');
    expect(scanStatus([{ status: 'ok' }], 2)).toBe('partial'); // a unit never reported
    expect(scanStatus([{ status: 'failed' }, { status: 'failed' }], 2)).toBe('failed');
  });
  it('counts units that never reported as failed', () => {
    const h = finalizeHeader(
      {
        scanId: 's',
        startedAt: '2026-01-01T00:00:00.000Z',
        trigger: 'cli',
        scope: {},
        status: 'running',
        accounts: ['1'],
        coverage: { unitsPlanned: 3, unitsScanned: 0, unitsPartial: 0, unitsFailed: 0, gaps: 0 },
        toolVersion: 'x',
      },
      [],
      new Date('2026-01-01T00:01:00.000Z'),
    );
    expect(h.coverage.unitsFailed).toBe(3);
    expect(h.status).toBe('failed');
  });
});
