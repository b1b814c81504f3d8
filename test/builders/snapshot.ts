/**
 * Snapshot builders: a valid, empty snapshot of one unit, with overrides per slice.
 * `aSnapshot({ ec2: { instances: [anEc2Instance()] } })` fills the rest of the ec2 slice with empty parts.
 */
import { SERVICES, SERVICE_SLICE_KEYS, SNAPSHOT_SCHEMA_VERSION } from '#lib/model/index.js';
import type { Gap, ServiceName, ServiceSliceKey, SliceId, Snapshot } from '#lib/model/index.js';

export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_REGION = 'eu-west-1';
/** The window every builder assumes: 14 full UTC days ending at midnight. */
export const TEST_WINDOW = { start: '2025-06-01T00:00:00.000Z', end: '2025-06-15T00:00:00.000Z', days: 14 };

type SliceKey = ServiceSliceKey;
const SLICE_OF = SERVICE_SLICE_KEYS;

/** Empty slices, as a collector returns them for a unit with no resources. */
export function emptySlice<K extends SliceKey>(key: K): NonNullable<Snapshot[K]> {
  const empty: { [P in SliceKey]: () => NonNullable<Snapshot[P]> } = {
    ec2: () => ({ instances: [], instanceTypes: {}, gravitonFamilies: [] }),
    ebs: () => ({ volumes: [] }),
    rds: () => ({ instances: [], clusters: [], parameterGroups: {}, proxies: [] }),
    cloudfront: () => ({ distributions: [] }),
    vpc: () => ({ vpcs: [], routeTables: [], natGateways: [], endpoints: [] }),
    lambda: () => ({ functions: [] }),
    autoscaling: () => ({ groups: [], policies: [], scheduledActions: [], scalableTargets: [] }),
    elasticache: () => ({ clusters: [], replicationGroups: [] }),
    cloudwatch: () => ({ metricAlarms: [], compositeAlarms: [], slos: [], agentMemoryInstanceIds: [] }),
    computeOptimizer: () => ({ enrollmentStatus: 'Active', recommendations: [] }),
  };
  return empty[key]() as NonNullable<Snapshot[K]>;
}

export type SnapshotOverrides = Partial<Omit<Snapshot, SliceKey>> & {
  [K in SliceKey]?: Partial<NonNullable<Snapshot[K]>>;
};

/**
 * A valid snapshot: every requested service (default: all) gets an empty slice, window 14 days, no gaps,
 * no metrics. Slice overrides are merged over the empty slice; other fields replace the defaults.
 */
export function aSnapshot(overrides: SnapshotOverrides = {}): Snapshot {
  const services = overrides.services ?? [...SERVICES];
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    scanId: '20250615T060000Z-test',
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    globalUnit: true,
    collectedAt: '2025-06-15T06:00:00.000Z',
    window: { ...TEST_WINDOW },
    services,
    metrics: {},
    gaps: [],
    stats: { apiCalls: {}, throttles: 0, retries: 0, metricQueries: 0, getMetricDataCalls: 0, durationMs: 0 },
  };
  const sliceKeys = new Set<SliceKey>(services.map((s) => SLICE_OF[s]));
  for (const key of Object.values(SLICE_OF)) if (overrides[key] !== undefined) sliceKeys.add(key);
  const target = snapshot as unknown as Record<string, unknown>;
  for (const key of sliceKeys) target[key] = { ...emptySlice(key), ...(overrides[key] ?? {}) };
  for (const [k, v] of Object.entries(overrides)) {
    if (!(Object.values(SLICE_OF) as string[]).includes(k)) target[k] = v;
  }
  return snapshot;
}

/** A gap; defaults to AccessDenied on ec2.instances. */
export function aGap(overrides: Partial<Gap> = {}): Gap {
  return {
    service: 'ec2',
    slice: 'ec2.instances',
    code: 'AccessDenied',
    action: 'ec2:DescribeInstances',
    message: 'User is not authorized to perform: ec2:DescribeInstances',
    ...overrides,
  };
}

/** A gap on `slice` (service taken from its prefix: `rds.parameterGroups` -> rds, `metrics` -> metrics). */
export function aGapOn(slice: SliceId, overrides: Partial<Gap> = {}): Gap {
  const prefix = slice.split('.')[0] ?? slice;
  const service: Gap['service'] =
    prefix === 'metrics'
      ? 'metrics'
      : (SERVICES as readonly string[]).includes(prefix)
        ? (prefix as ServiceName)
        : 'account';
  return aGap({
    service,
    slice,
    code: 'AccessDenied',
    action: undefined,
    message: `Access denied while collecting ${slice}`,
    ...overrides,
  });
}

/** A gap on `slice` that hides only `resources` (e.g. a failed GetMetricData batch): the rest is present. */
export function aResourceGapOn(slice: SliceId, resources: string[], overrides: Partial<Gap> = {}): Gap {
  return aGapOn(slice, { code: 'Throttled', resources, resourceCount: resources.length, ...overrides });
}

/** Adds gaps to a snapshot (mutates and returns it). */
export function withGaps(snapshot: Snapshot, ...gaps: Gap[]): Snapshot {
  snapshot.gaps.push(...gaps);
  return snapshot;
}
