/**
 * The simulator's own CPU, apart from perfscan's: replays the requests of a captured scan (BENCH_SIM_CAPTURE=file
 * on a scenario run with the simulator in its own process, bench/sim-process.ts) against a fresh simulator
 * process, and prints the child's CPU time (answering, serializing) and this process's (sending the requests,
 * rebuilding each answer as the SDK hands it over: a Date per timestamp, a number[] of values).
 *
 *   BENCH_SIM_CAPTURE=/tmp/cap.jsonl BENCH_PEER=off npm run bench -- --scenario reference-4th   # capture once
 *   node --import tsx bench/sim-cpu.ts --capture /tmp/cap.jsonl [--scenario reference-4th] [--in-flight 8]
 *        [--clock-scale 1000] [--check] [--child-prof DIR] [--child-flag=--trace-gc ...]
 *
 * The replay runs on a scaled clock (default x1,000) so AWS's token buckets refill faster than the replay sends
 * and the latency model's waits shrink: the buckets and waits are still charged per request, nothing is
 * throttled, and every answer is the one the scan got. --check prints a digest of every answer (values,
 * timestamps, ids, status codes, tokens) to compare two versions of the simulator.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SimProcess } from './sim-process.js';

interface Captured {
  c: string;
  m: string;
  r: string;
  input: Record<string, unknown>;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The captured requests, their Dates revived (the SDK's inputs carry Date objects). */
export function readCapture(file: string): Captured[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map(
      (l) =>
        JSON.parse(l, (_k, v: unknown) =>
          typeof v === 'string' && ISO.test(v) ? new Date(v) : v,
        ) as Captured,
    );
}

function digestOf(out: Record<string, unknown>, hash: ReturnType<typeof createHash>): void {
  hash.update(JSON.stringify(out, (_k, v: unknown) => (v instanceof Date ? `D${v.getTime()}` : v)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      capture: { type: 'string' },
      scenario: { type: 'string', default: 'reference-4th' },
      'in-flight': { type: 'string', default: '8' },
      'clock-scale': { type: 'string', default: '1000' },
      check: { type: 'boolean', default: false },
      'child-prof': { type: 'string' },
      'child-flag': { type: 'string', multiple: true },
      only: { type: 'string' },
    },
  });
  if (!values.capture) throw new Error('--capture FILE is required (a BENCH_SIM_CAPTURE file)');
  let calls = readCapture(values.capture);
  if (values.only) calls = calls.filter((c) => c.m === values.only);
  const sim = await SimProcess.start(values.scenario, {
    clockScale: Number(values['clock-scale']),
    ...(values['child-prof'] ? { cpuProfDir: values['child-prof'] } : {}),
    ...(values['child-flag'] ? { nodeFlags: values['child-flag'] } : {}),
  });
  const hash = createHash('sha256');
  const inFlight = Math.max(1, Number(values['in-flight']));
  let next = 0;
  let errors = 0;
  let datapoints = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const answers: (Record<string, unknown> | string)[] = [];
  const worker = async () => {
    for (let i = next++; i < calls.length; i = next++) {
      const c = calls[i] as Captured;
      try {
        const out = await sim.handle(c.c, c.m, c.r, c.input);
        for (const r of (out.MetricDataResults as { Values: number[] }[] | undefined) ?? [])
          datapoints += r.Values.length;
        if (values.check) answers[i] = out;
      } catch (err) {
        errors++;
        if (values.check) answers[i] = `error ${(err as Error).name}`;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wallS = (performance.now() - t0) / 1000;
  const parent = process.cpuUsage(cpu0);
  const report = await sim.report();
  sim.close();
  const parentS = (parent.user + parent.system) / 1e6;
  console.log(
    `replayed ${calls.length} requests (${errors} errors, ${datapoints.toLocaleString('en-US')} datapoints) in ${wallS.toFixed(1)} s:` +
      ` simulator process CPU ${report.processCpuSeconds.toFixed(2)} s (in its handlers and bookkeeping ${(report.simulatorMs / 1000).toFixed(2)} s of wall time),` +
      ` this process ${parentS.toFixed(2)} s`,
  );
  if (values.check) {
    for (const a of answers) {
      if (typeof a === 'string') hash.update(a);
      else digestOf(a, hash);
    }
    console.log(`answers digest ${hash.digest('hex')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
