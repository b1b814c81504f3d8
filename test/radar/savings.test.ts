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
