/**
 * The radar's saving per move, through a PriceBook over the simulated Price List: a move it cannot price says
 * why once and whole (the SKU and region the Price List does not sell, or the failure with its fix), never a
 * list of every SKU's failure cut at some length.
 */
import { describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/collect/clients.js';
import { PriceBook } from '#lib/collect/pricing.js';
import type { Move } from '#lib/radar/compare.js';
import { renderRadarText } from '#lib/radar/render.js';
import type { RadarReport } from '#lib/radar/run.js';
import { priceMoves } from '#lib/radar/savings.js';
import { createSimulatedAccount } from '#lib/sim/index.js';
import type { SimOptions } from '#lib/sim/core.js';

const move = (from: string, to: string, ids: string[]): Move => ({
  service: 'ec2',
  region: 'eu-west-1',
  accountId: '111122223333',
  kind: 'generation',
  from,
  to,
  family: to.split('.')[0]!,
  count: ids.length,
  ids,
  os: 'Linux',
});

async function priced(moves: Move[], sim: Partial<SimOptions> = {}) {
  const account = createSimulatedAccount(sim);
  const book = new PriceBook({ now: () => new Date('2026-11-22T06:00:00Z') });
  await priceMoves(moves, book, createClientFactory({ region: 'us-east-1', simulator: account }));
  return moves;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("the radar's 'not priced' reason", () => {
  it('names the SKU the Price List does not sell, once, whole; the other moves keep their saving', async () => {
    const moves = await priced([
      move('m7g.large', 'zz9g.large', ['i-1', 'i-2']),
      move('m7g.xlarge', 'zz9g.xlarge', ['i-3']),
      move('m5.large', 'm7g.large', ['i-4']),
    ]);
    expect(moves[0]!.saving).toEqual({
      unpriced: 'the AWS Price List has no on-demand price for zz9g.large in eu-west-1',
    });
    expect(moves[1]!.saving).toEqual({
      unpriced: 'the AWS Price List has no on-demand price for zz9g.xlarge in eu-west-1',
    });
    // m5.large $0.107/h -> m7g.large $0.0912/h in Ireland, 730 h.
    expect(moves[2]!.saving).toMatchObject({ monthlyUsd: 11.53 });
  });

  it('both SKUs failing the same way (a denial): the message and its fix once, not cut', async () => {
    const moves = await priced([move('m7g.large', 'zz9g.large', ['i-1'])], {
      faults: [
        {
          clientName: 'PricingClient',
          commandName: 'GetProductsCommand',
          kind: 'accessDenied',
          times: Infinity,
        },
      ],
    });
    const s = moves[0]!.saving as { unpriced: string };
    expect(count(s.unpriced, 'No saving is estimated without the AWS Price List.')).toBe(1);
    expect(count(s.unpriced, 'Fix: grant pricing:GetProducts')).toBe(1);
    expect(s.unpriced).toMatch(/pricing:GetProducts.*\.$/);

    const report: RadarReport = {
      comparedAt: '2026-11-22T06:00:00Z',
      regions: [
        {
          region: 'eu-west-1',
          baseline: { scans: ['s'], collectedAt: ['2026-11-21T06:00:00Z'] },
          newOfferings: [{ service: 'ec2', region: 'eu-west-1', family: 'zz9g', names: ['zz9g.large'] }],
          moves,
          gaps: [],
          apiCalls: 1,
        },
      ],
      totals: {
        regions: 1,
        newOfferings: 1,
        resources: 1,
        monthlyUsd: 0,
        pricedMoves: 0,
        unpricedMoves: 1,
        apiCalls: 1,
      },
      concernsEstate: true,
      reason: 'New AWS offering: EC2 zz9g in eu-west-1 (1 resources could move)',
    };
    const text = renderRadarText(report);
    expect(count(text, 'not priced: ')).toBe(1);
    expect(text).toContain(`not priced: ${s.unpriced}`);
  });
});

describe('the radar prices ElastiCache and RDS moves as the scan does', () => {
  const other = (m: Partial<Move> & Pick<Move, 'service' | 'from' | 'to' | 'engine'>, nodes = 1): Move => ({
    region: 'us-east-1',
    accountId: '111122223333',
    kind: 'generation',
    family: m.to.split('.').slice(0, 2).join('.'),
    count: nodes,
    ids: Array.from({ length: nodes }, (_, i) => `r-${i}`),
    ...m,
  });

  it('ElastiCache nodes at their node-hour price per engine, x 730 h x nodes (no longer "not read yet")', async () => {
    const [redis, valkey, unknownEngine] = await priced([
      other({ service: 'elasticache', from: 'cache.m3.large', to: 'cache.m5.large', engine: 'redis' }, 3),
      other({ service: 'elasticache', from: 'cache.m3.large', to: 'cache.m6g.large', engine: 'valkey' }),
      other({ service: 'elasticache', from: 'cache.m3.large', to: 'cache.m5.large', engine: 'mystery' }),
    ]);
    // N. Virginia Redis OSS: cache.m3.large $0.182/h -> cache.m5.large $0.156/h, 3 nodes x 730 h.
    expect(redis!.saving).toEqual({
      monthlyUsd: 56.94,
      perResourceUsd: { from: 132.86, to: 113.88 },
      priceListDate: expect.any(String),
      basis:
        '3 x (cache.m3.large $0.182/h - cache.m5.large $0.156/h) x 730 h, on-demand list price before discounts',
    });
    // Valkey at 80% of Redis OSS: $0.1456/h -> $0.1192/h.
    expect(valkey!.saving).toMatchObject({ monthlyUsd: 19.27 });
    expect(unknownEngine!.saving).toEqual({
      unpriced: 'ElastiCache mystery nodes are not priced by perfscan (Redis OSS, Memcached and Valkey are)',
    });
  });

  it('RDS with the Price List engine names of the scan (MySQL priced; Oracle, with license options, not)', async () => {
    const [mysql, oracle] = await priced([
      other({ service: 'rds', from: 'db.m4.large', to: 'db.m6g.large', engine: 'mysql', multiAz: false }),
      other({ service: 'rds', from: 'db.m4.large', to: 'db.m6g.large', engine: 'oracle-ee', multiAz: false }),
    ]);
    // $0.175/h -> $0.152/h Single-AZ, 730 h.
    expect(mysql!.saving).toMatchObject({ monthlyUsd: 16.79, perResourceUsd: { from: 127.75, to: 110.96 } });
    expect(oracle!.saving).toEqual({ unpriced: 'RDS oracle-ee is not priced by perfscan (license options)' });
  });
});
