/** The registry of measures (explicit, like lib/checks/registry.ts); ids are unique (tested). */
import type { MeasureDef } from '../types.js';
import { CACHING_MEASURES } from './caching.js';
import { COMPUTE_MEASURES } from './compute.js';
import { DATABASE_MEASURES } from './database.js';
import { MONITORING_MEASURES } from './monitoring.js';
import { NETWORK_MEASURES } from './network.js';
import { SERVERLESS_MEASURES } from './serverless.js';
import { STORAGE_MEASURES } from './storage.js';

export const MEASURES: readonly MeasureDef[] = [
  ...COMPUTE_MEASURES,
  ...CACHING_MEASURES,
  ...DATABASE_MEASURES,
  ...MONITORING_MEASURES,
  ...NETWORK_MEASURES,
  ...SERVERLESS_MEASURES,
  ...STORAGE_MEASURES,
];

const BY_ID = new Map(MEASURES.map((m) => [m.id, m]));

export function measure(id: string): MeasureDef {
  const m = BY_ID.get(id);
  if (!m) throw new Error(`unknown maturity measure '${id}'`);
  return m;
}
