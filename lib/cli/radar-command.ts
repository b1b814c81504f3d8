/** `perfscan radar`: the work (see radar.ts for the options). */
import { resolve } from 'node:path';
import { createClientFactory, type PerfscanClientFactory } from '#lib/collect/clients.js';
import { RADAR_IAM_ACTIONS } from '#lib/collect/offerings.js';
import { PRICING_IAM_ACTIONS, PriceBook, PRICING_REGION } from '#lib/collect/pricing.js';
import { priceCacheOf } from '#lib/engine/scan.js';
import { runRadar, type CountingClients } from '#lib/radar/run.js';
import { priceMoves } from '#lib/radar/savings.js';
import { renderRadar } from '#lib/radar/render.js';
import { LocalStore } from '#lib/store/local.js';
import { EXIT, UsageError, type CliIO, type ExitCode } from './io.js';
import type { RadarFlags } from './radar.js';

export async function radarCommand(flags: RadarFlags, io: CliIO): Promise<ExitCode> {
  if (!flags.simulated && flags.simNewFamily.length > 0)
    throw new UsageError('--sim-new-family needs --simulated', 'add --simulated, or drop --sim-new-family');
  const store = new LocalStore(resolve(io.cwd, flags.out));
  if ((await store.latestOfferings()).length === 0)
    throw new UsageError(
      `No stored offerings in ${store.dir}`,
      `run \`perfscan scan --out ${flags.out}\` first (each scan stores what its regions offer)`,
    );
  const allowedActions = new Set<string>([...RADAR_IAM_ACTIONS, ...PRICING_IAM_ACTIONS]);
  let make: (region: string) => PerfscanClientFactory;
  if (flags.simulated) {
    const { createSimulatedAccount } = await import('#lib/sim/index.js');
    const sim = createSimulatedAccount({ newFamilies: flags.simNewFamily });
    make = (region) => createClientFactory({ region, simulator: sim, allowedActions });
  } else {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const credentials = fromNodeProviderChain(flags.profile ? { profile: flags.profile } : {});
    make = (region) =>
      createClientFactory({
        region,
        credentials,
        allowedActions,
        ...(flags.profile ? { profile: flags.profile } : {}),
      });
  }
  const factories: PerfscanClientFactory[] = [];
  const counting = (region: string): CountingClients => {
    const f = make(region);
    factories.push(f);
    return Object.assign(f, { calls: () => f.stats.total() });
  };
  try {
    const cache = priceCacheOf(store);
    const book = new PriceBook({ ...(cache ? { cache } : {}), now: () => new Date() });
    const report = await runRadar({
      store,
      clientsFor: counting,
      ...(flags.regions ? { regions: flags.regions } : {}),
      now: new Date().toISOString(),
      ...(flags.price
        ? { price: (moves) => priceMoves(moves, book, counting(PRICING_REGION)) }
        : { unpricedReason: 'pricing was switched off (--no-price)' }),
    });
    io.stdout.write(renderRadar(report, flags.format));
    return EXIT.clean;
  } finally {
    for (const f of factories) f.destroy();
  }
}
