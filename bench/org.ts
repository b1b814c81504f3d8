/**
 * The organization benchmark (issue 11): the deployed state machine's own definition, synthesized from
 * PerfscanStack, executed locally by aws-local-stepfunctions (test/helpers/local-sfn.ts: Task states bound to
 * the real Plan, Scan and Digest handlers; the Distributed Map's ItemReader/ResultWriter emulated), DynamoDB on
 * dynalite and S3 on s3rver, every account a simulated demo-size account with 17 regions enabled, AWS's API
 * quotas enforced and the latency model on (lib/sim/quota.ts).
 *
 * A 2-CPU machine cannot scan 500 x 17 = 8,500 units in one sitting, so the run is in two measured parts and
 * one derived figure:
 * 1. `sampleAccounts` accounts x 17 regions through the whole state machine (Plan -> Map -> Digest), for real:
 *    every unit's Scan time, the largest state payload, the largest DynamoDB item, the Digest's memory.
 * 2. The Plan handler alone over all `fullAccounts` accounts (it only assumes roles and lists regions): its
 *    time, its output (the state payload) and the size of the unit list it writes to S3, at full size.
 * 3. Modelled wall time of the full organization: every account is a demo-size account, so the measured
 *    per-unit times (sample) stand for each account's units; the Map runs C = min(MaxConcurrency, Lambda
 *    concurrency) units at once, and greedy list scheduling finishes within sum/C + longest unit (Graham's
 *    bound). Plan is measured at full size; Digest is scaled linearly from the sample (an upper bound while
 *    it reads every unit once).
 *
 *   node --expose-gc --import tsx bench/org.ts --out result.json [--accounts N] [--local-concurrency N]
 */
import { ScanCommand, type AttributeValue, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { makeDigestHandler } from '#functions/digest.js';
import { makePlanHandler } from '#functions/plan.js';
import { makeScanHandler } from '#functions/scan.js';
import { readUnitList } from '#functions/run-files.js';
import { PerfscanStack } from '#lib/infra/perfscan-stack.js';
import { DynamoStore } from '#lib/store/dynamo.js';
import { DEFAULT_MAX_CONCURRENCY } from '#lib/infra/scan-state-machine.js';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { startDynalite } from '#test/helpers/dynalite.js';
import { runLocally, synthesizedMachine, type StatePayload } from '#test/helpers/local-sfn.js';
import { startS3 } from '#test/helpers/s3.js';
import { fakeAssumeRole, recordingTools, simClientsFor } from '#test/functions/helpers.js';
import { collectGarbage, MemorySampler } from './memory.js';
import { REFERENCE_REGIONS } from './scenarios.js';

/** Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB (Lambda docs). */
export function lambdaVcpuShare(memoryMb: number): number {
  return Math.min(1, memoryMb / 1769);
}

/** Lambda's default concurrent executions per account and region (Lambda quotas). */
export const LAMBDA_DEFAULT_CONCURRENCY = 1_000;

export interface OrgBenchOptions {
  /** Accounts run through the whole state machine (each with 17 regions). */
  sampleAccounts: number;
  /** Accounts of the modelled organization (Plan runs over all of them). */
  fullAccounts: number;
  /** Child executions at once on this machine. */
  localConcurrency: number;
  latency: boolean;
}

export const ORG_DEFAULTS: OrgBenchOptions = {
  sampleAccounts: 4,
  fullAccounts: 500,
  localConcurrency: 8,
  latency: true,
};

export interface UnitTime {
  unit: string;
  ms: number;
  status: string;
}

export interface OrgResult {
  options: OrgBenchOptions;
  regions: string[];
  /** Whole state machine over the sample. */
  sample: {
    accounts: number;
    units: number;
    succeeded: number;
    failed: number;
    states: string[];
    wallMs: number;
    planMs: number;
    mapMs: number;
    digestMs: number;
    /** Process CPU during the Digest (the in-process DynamoDB and S3 servers' work included). */
    digestCpuMs: number;
    /** Time the Digest spent in store reads (DynamoDB on dynalite, in this process). */
    digestReadMs: number;
    cpuSeconds: number;
    unitsPerMinute: number;
    maxInFlight: number;
    /** Every Scan invocation: the unit key, its time, its result status. */
    unitTimes: UnitTime[];
    largestPayload: StatePayload;
    largestTopLevelPayload: StatePayload;
    largestItem: { bytes: number; pk: string; sk: string };
    items: number;
    digest: {
      status: string;
      /** Heap before the Digest handler (after a full GC), the peak during it, and the peak's growth. */
      heapBefore: number;
      peakHeapUsed: number;
      peakHeapGrowth: number;
      peakRss: number;
      markdownBytes?: number;
    };
  };
  /** Plan over every account of the organization. */
  fullPlan: {
    accounts: number;
    units: number;
    ms: number;
    outputBytes: number;
    unitListBytes: number;
    headerItemBytes: number;
  };
  model: {
    units: number;
    mapMaxConcurrency: number;
    lambdaConcurrency: number;
    concurrency: number;
    meanUnitMs: number;
    maxUnitMs: number;
    /** sum of unit times / C + longest unit (Graham's bound for greedy list scheduling). */
    mapSeconds: number;
    planSeconds: number;
    /** Digest: sample CPU x accounts / sample accounts / the Lambda's vCPU share. */
    digestSeconds: number;
    digestMemoryMb: number;
    digestTimeoutSeconds: number;
    /** Digest: sample wall time x accounts / sample accounts (pessimistic: dynalite, a loaded machine). */
    digestWallScaledSeconds: number;
    wallSeconds: number;
    /** The same with the pessimistic Digest. */
    wallUpperSeconds: number;
  };
}

const AT = new Date('2026-11-22T06:00:00.000Z');
const HOME = 'us-east-1';

/** 12-digit account ids: the first is the account perfscan is deployed in. */
export function orgAccountIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(100_000_000_000 + i));
}

/**
 * An item's size as DynamoDB counts it (Item sizes and formats): attribute names and string values in UTF-8
 * bytes, numbers about 1 byte per 2 significant digits + 1, binary in bytes, booleans and nulls 1 byte, lists
 * and maps 3 bytes + 1 per element plus their elements.
 */
export function dynamoItemBytes(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S, 'utf8');
    if (v.N !== undefined) {
      const digits = v.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      return Math.ceil(Math.max(1, digits.length) / 2) + 1;
    }
    if (v.B !== undefined) return v.B.byteLength;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
    if (v.NS) return v.NS.reduce((n, s) => n + value({ N: s }), 0);
    if (v.BS) return v.BS.reduce((n, b) => n + b.byteLength, 0);
    if (v.L) return 3 + v.L.reduce((n, x) => n + 1 + value(x), 0);
    if (v.M)
      return (
        3 + Object.entries(v.M).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k, 'utf8') + value(x), 0)
      );
    return 0;
  };
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + value(v), 0);
}

/** Modelled wall time of the Map: greedy list scheduling of `times` on `c` workers is within sum/c + max. */
export function modelMapSeconds(unitMs: readonly number[], units: number, c: number): number {
  if (unitMs.length === 0 || units === 0) return 0;
  const mean = unitMs.reduce((a, b) => a + b, 0) / unitMs.length;
  const max = Math.max(...unitMs);
  return (mean * units) / Math.max(1, c) / 1000 + max / 1000;
}

export async function runOrgBench(opts: OrgBenchOptions = ORG_DEFAULTS): Promise<OrgResult> {
  const regions = [...REFERENCE_REGIONS];
  const [dyn, s3] = await Promise.all([startDynalite('perfscan-org-bench'), startS3('perfscan-runs-org')]);
  try {
    const all = orgAccountIds(opts.fullAccounts);
    const own = all[0] as string;
    const simFor = (accountId: string, i: number): SimAccount =>
      createSimulatedAccount({
        accountId,
        seed: 1_000 + i,
        now: AT,
        enabledRegions: regions,
        latency: opts.latency,
      });
    const common = { TABLE_NAME: dyn.tableName, RUN_BUCKET: s3.bucket, AWS_REGION: HOME };
    const tools = recordingTools().tools;

    // ---- 1. the sample through the whole state machine
    const sampleIds = all.slice(0, opts.sampleAccounts);
    const sims = sampleIds.map(simFor);
    const app = new App();
    const stack = new PerfscanStack(app, 'Perfscan', {
      env: { account: own, region: HOME },
      accounts: sampleIds,
    });
    const machine = synthesizedMachine(Template.fromStack(stack).toJSON() as never, {
      region: HOME,
      accountId: own,
      buckets: { RunsBucket: s3.bucket },
    });
    const mapState = Object.values(machine.definition.States as Record<string, Record<string, unknown>>).find(
      (s) => s.Type === 'Map',
    );
    const mapMaxConcurrency = Number(mapState?.MaxConcurrency ?? 0) || DEFAULT_MAX_CONCURRENCY;
    const digestFn = Object.entries(
      Template.fromStack(stack).toJSON().Resources as Record<
        string,
        { Type: string; Properties?: Record<string, unknown> }
      >,
    ).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('DigestFunction'))?.[1];
    const digestMemoryMb = Number(digestFn?.Properties?.MemorySize ?? 1024);
    const digestTimeoutSeconds = Number(digestFn?.Properties?.Timeout ?? 300);

    const deps = { dynamo: dyn.client, s3: s3.client, clientsFor: simClientsFor(sims), tools };
    const unitTimes: UnitTime[] = [];
    const scan = makeScanHandler({ ...deps, assumeRole: fakeAssumeRole(), env: common, clock: () => AT });
    const plan = makePlanHandler({
      ...deps,
      assumeRole: fakeAssumeRole(),
      env: { ...common, TARGET_ACCOUNTS: sampleIds.join(',') },
    });
    // The Digest's store, with its reads timed (they are DynamoDB's work and the network's, not the Lambda's CPU).
    const digestStore = new DynamoStore({ tableName: dyn.tableName, client: dyn.client });
    const reads = { ms: 0, calls: 0 };
    for (const name of [
      'getUnits',
      'getFindings',
      'getScanHeader',
      'listScans',
      'getDebt',
      'getUnitDebt',
      'unitFindings',
    ] as const) {
      const fn = (digestStore as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
      if (typeof fn !== 'function') continue;
      (digestStore as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => {
        const t = performance.now();
        try {
          return await fn.apply(digestStore, a);
        } finally {
          reads.ms += performance.now() - t;
          reads.calls++;
        }
      };
    }
    const digest = makeDigestHandler({ ...deps, store: digestStore, env: common, clock: () => AT });
    const phases = { planMs: 0, digestMs: 0, digestCpuMs: 0 };
    const digestMemory = { heapBefore: 0, peakHeapUsed: 0, peakHeapGrowth: 0, peakRss: 0 };

    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const run = await runLocally({
      machine,
      handlers: {
        PlanFunction: (async (event: unknown, ctx: unknown) => {
          const t = performance.now();
          try {
            return await plan(event, ctx as never);
          } finally {
            phases.planMs += performance.now() - t;
          }
        }) as never,
        ScanFunction: (async (event: unknown, ctx: unknown) => {
          const t = performance.now();
          const unit = String((event as { unit?: string }).unit);
          try {
            const r = await scan(event, ctx as never);
            unitTimes.push({ unit, ms: performance.now() - t, status: r.status });
            return r;
          } catch (err) {
            unitTimes.push({ unit, ms: performance.now() - t, status: 'error' });
            throw err;
          }
        }) as never,
        DigestFunction: (async (event: unknown, ctx: unknown) => {
          collectGarbage();
          const before = process.memoryUsage();
          const sampler = new MemorySampler(10);
          sampler.start();
          const t = performance.now();
          const c = process.cpuUsage();
          try {
            return await digest(event, ctx as never);
          } finally {
            phases.digestMs += performance.now() - t;
            const used = process.cpuUsage(c);
            phases.digestCpuMs += (used.user + used.system) / 1000;
            const m = sampler.stop();
            Object.assign(digestMemory, {
              heapBefore: before.heapUsed,
              peakHeapUsed: m.peakHeapUsed,
              peakHeapGrowth: Math.max(0, m.peakHeapUsed - before.heapUsed),
              peakRss: m.peakRss,
            });
          }
        }) as never,
      },
      s3: s3.client,
      input: { trigger: 'schedule' },
      executionArn: `arn:aws:states:${HOME}:${own}:execution:perfscan:org-bench`,
      startTime: AT,
      region: HOME,
      accountId: own,
      localConcurrency: opts.localConcurrency,
      retryDelayMs: 0,
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);

    // Largest DynamoDB item of the sample's run.
    let largestItem = { bytes: 0, pk: '', sk: '' };
    let items = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page: ScanCommandOutput = await dyn.client.send(
        new ScanCommand({ TableName: dyn.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      for (const item of page.Items ?? []) {
        items++;
        const bytes = dynamoItemBytes(item);
        if (bytes > largestItem.bytes) largestItem = { bytes, pk: item.pk?.S ?? '?', sk: item.sk?.S ?? '?' };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    const top = run.payloads.filter((p) => !p.state.includes('[child]'));
    const largestTopLevelPayload = top.reduce((a, b) => (b.bytes > a.bytes ? b : a), {
      state: '',
      kind: '',
      bytes: 0,
    });
    const digestOut = run.output.digest as { status?: string; markdownObject?: { key: string } } | undefined;

    // ---- 2. Plan alone over the whole organization
    const fullSims = new Map<string, SimAccount>();
    const planAll = makePlanHandler({
      dynamo: dyn.client,
      s3: s3.client,
      tools,
      assumeRole: fakeAssumeRole(),
      clientsFor: ((o: Parameters<ReturnType<typeof simClientsFor>>[0]) => {
        const id = o.accountId ?? own;
        let sim = fullSims.get(id);
        if (!sim) fullSims.set(id, (sim = simFor(id, all.indexOf(id))));
        return simClientsFor([sim])(o);
      }) as never,
      env: { ...common, TARGET_ACCOUNTS: all.join(',') },
    });
    const tp = performance.now();
    const planOut = (await planAll({
      input: { trigger: 'schedule' },
      executionId: `arn:aws:states:${HOME}:${own}:execution:perfscan:org-plan-full`,
      startedAt: AT.toISOString(),
    })) as unknown as { scanId: string; unitsKey: string; unitCount: number };
    const planMs = performance.now() - tp;
    const unitList = await readUnitList(s3.client, s3.bucket, planOut.unitsKey);
    if (unitList.length !== planOut.unitCount)
      throw new Error(`Plan wrote ${unitList.length} units but returned unitCount ${planOut.unitCount}`);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: planOut.unitsKey }));
    const unitListBytes = head.ContentLength ?? 0;
    let headerItemBytes = 0;
    startKey = undefined;
    do {
      const page: ScanCommandOutput = await dyn.client.send(
        new ScanCommand({ TableName: dyn.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      for (const item of page.Items ?? [])
        if (JSON.stringify(item).includes(planOut.scanId))
          headerItemBytes = Math.max(headerItemBytes, dynamoItemBytes(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    // ---- 3. the model
    const units = opts.fullAccounts * regions.length;
    const ms = unitTimes.map((u) => u.ms);
    const concurrency = Math.min(mapMaxConcurrency, LAMBDA_DEFAULT_CONCURRENCY);
    const mapSeconds = modelMapSeconds(ms, units, concurrency);
    const planSeconds = planMs / 1000;
    const scale = opts.fullAccounts / opts.sampleAccounts;
    // The Digest's work, scaled by accounts: its CPU time here (the in-process DynamoDB and S3 servers' work
    // included, so more than the Lambda's own) on the Lambda's share of a vCPU; and, as a pessimistic bound,
    // its wall time here (reads from dynalite on a loaded machine) scaled the same way.
    const digestSeconds = ((phases.digestCpuMs / 1000) * scale) / lambdaVcpuShare(digestMemoryMb);
    const digestWallScaledSeconds = (phases.digestMs / 1000) * scale;
    const mapMs = run.map.wallMs;
    return {
      options: opts,
      regions,
      sample: {
        accounts: opts.sampleAccounts,
        units: run.map.items,
        succeeded: run.map.succeeded,
        failed: run.map.failed,
        states: run.states.map(([n]) => n),
        wallMs,
        planMs: phases.planMs,
        mapMs,
        digestMs: phases.digestMs,
        digestCpuMs: phases.digestCpuMs,
        digestReadMs: reads.ms,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        unitsPerMinute: run.map.items / (mapMs / 60_000),
        maxInFlight: run.map.maxInFlight,
        unitTimes,
        largestPayload: run.largestPayload,
        largestTopLevelPayload,
        largestItem,
        items,
        digest: {
          status: digestOut?.status ?? 'unknown',
          ...digestMemory,
        },
      },
      fullPlan: {
        accounts: opts.fullAccounts,
        units: planOut.unitCount,
        ms: planMs,
        outputBytes: Buffer.byteLength(JSON.stringify(planOut)),
        unitListBytes,
        headerItemBytes,
      },
      model: {
        units,
        mapMaxConcurrency,
        lambdaConcurrency: LAMBDA_DEFAULT_CONCURRENCY,
        concurrency,
        meanUnitMs: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length),
        maxUnitMs: Math.max(0, ...ms),
        mapSeconds,
        planSeconds,
        digestSeconds,
        digestMemoryMb,
        digestTimeoutSeconds,
        digestWallScaledSeconds,
        wallSeconds: planSeconds + mapSeconds + digestSeconds,
        wallUpperSeconds: planSeconds + mapSeconds + digestWallScaledSeconds,
      },
    };
  } finally {
    await dyn.stop();
    await s3.stop();
  }
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// Child-process entry point.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = argValue(process.argv, '--out');
  if (!out) {
    process.stderr.write(
      'usage: node --expose-gc --import tsx bench/org.ts --out FILE [--accounts N] [--full-accounts N] [--local-concurrency N] [--no-latency]\n',
    );
    process.exit(2);
  }
  const n = (name: string, d: number) => {
    const v = argValue(process.argv, name);
    return v === undefined ? d : Math.max(1, Math.floor(Number(v)) || d);
  };
  const result = await runOrgBench({
    sampleAccounts: n('--accounts', ORG_DEFAULTS.sampleAccounts),
    fullAccounts: n('--full-accounts', ORG_DEFAULTS.fullAccounts),
    localConcurrency: n('--local-concurrency', ORG_DEFAULTS.localConcurrency),
    latency: !process.argv.includes('--no-latency'),
  });
  await writeFile(out, JSON.stringify(result, null, 2) + '\n', 'utf8');
  process.exit(0);
}
