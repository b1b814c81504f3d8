/**
 * Simulated answers and errors on their way between threads or processes: from the benchmark's simulator
 * process to the scan's (bench/sim-process.ts), and from the scan's main thread to a metric worker thread
 * (lib/collect/metric-workers.ts). GetMetricData answers travel packed into typed arrays and are rebuilt as the
 * SDK hands them over; errors keep their name, fields and HTTP status, so the SDK's retry classifies them as it
 * does against AWS.
 */
import { HttpResponse } from '@smithy/protocol-http';
import { untouchedPackedPoints } from './points.js';

/**
 * A result on the wire: its fields but Timestamps and Values, how many of the answer's values are its ($nv),
 * and its $nt timestamps: the next $nt of the answer's $ts, or, when they are evenly spaced (a series without
 * gaps: almost all), $t0 + i x $dt, so only the values travel.
 */
interface PackedResult {
  $nt: number;
  $nv: number;
  $t0?: number;
  $dt?: number;
  [k: string]: unknown;
}

/**
 * GetMetricData's points as two typed arrays for the whole answer (Node's IPC serializer copies a typed array's
 * own bytes in one go, and only them, not its whole buffer; a plain array is cloned element by element and a
 * Date is an object per point). The simulator's own answers hand over their packed points as they are
 * (lib/sim/points.ts): no Date or number[] is built in its process. Any other answer (e.g. one a test
 * rewrote) is packed from its fields.
 */
export function packOutput(out: Record<string, unknown>): Record<string, unknown> {
  const results = out.MetricDataResults as Record<string, unknown>[] | undefined;
  if (!Array.isArray(results)) return out;
  const packed = untouchedPackedPoints(out);
  if (packed) {
    const { ts, vs, counts } = packed;
    // Timestamps only for the results whose points are not evenly spaced.
    const irregular: [number, number][] = [];
    let explicit = 0;
    let at = 0;
    const wire = results.map((r, i) => {
      const n = counts[i] ?? 0;
      // Object.keys reads no getter: Timestamps and Values stay unbuilt.
      const rest: PackedResult = { $nt: n, $nv: n };
      for (const k of Object.keys(r)) if (k !== 'Timestamps' && k !== 'Values') rest[k] = r[k];
      if (n > 0) {
        const t0 = ts[at] as number;
        const dt = n > 1 ? (ts[at + 1] as number) - t0 : 0;
        let even = true;
        for (let j = 2; j < n && even; j++) even = ts[at + j] === t0 + j * dt;
        if (even) {
          rest.$t0 = t0;
          rest.$dt = dt;
        } else {
          irregular.push([at, at + n]);
          explicit += n;
        }
      }
      at += n;
      return rest;
    });
    const $ts = new Float64Array(explicit);
    let k = 0;
    for (const [from, to] of irregular) {
      $ts.set(ts.subarray(from, to), k);
      k += to - from;
    }
    return { ...out, MetricDataResults: wire, $ts, $vs: vs };
  }
  let nt = 0;
  let nv = 0;
  for (const r of results) {
    nt += (r.Timestamps as Date[] | undefined)?.length ?? 0;
    nv += (r.Values as number[] | undefined)?.length ?? 0;
  }
  const $ts = new Float64Array(nt);
  const $vs = new Float64Array(nv);
  let at = 0;
  let av = 0;
  return {
    ...out,
    MetricDataResults: results.map((r) => {
      const { Timestamps, Values, ...rest } = r as { Timestamps?: Date[]; Values?: number[] };
      for (const d of Timestamps ?? []) $ts[at++] = d.getTime();
      for (const v of Values ?? []) $vs[av++] = v;
      const packedResult: PackedResult = {
        ...rest,
        $nt: Timestamps?.length ?? 0,
        $nv: Values?.length ?? 0,
      };
      return packedResult;
    }),
    $ts,
    $vs,
  };
}

/** The answer as the SDK hands it over: a Date per timestamp, numbers in a plain array. */
export function unpackOutput(out: Record<string, unknown>): Record<string, unknown> {
  const { $ts, $vs, ...rest } = out;
  if (!($ts instanceof Float64Array) || !($vs instanceof Float64Array)) return out;
  const results = out.MetricDataResults as PackedResult[];
  let at = 0;
  let av = 0;
  return {
    ...rest,
    MetricDataResults: results.map((r) => {
      const { $nt, $nv, $t0, $dt, ...fields } = r;
      const Timestamps = new Array<Date>($nt);
      if ($t0 !== undefined && $dt !== undefined)
        for (let i = 0; i < $nt; i++) Timestamps[i] = new Date($t0 + i * $dt);
      else for (let i = 0; i < $nt; i++) Timestamps[i] = new Date($ts[at++] as number);
      const Values = new Array<number>($nv);
      for (let i = 0; i < $nv; i++) Values[i] = $vs[av++] as number;
      return { ...fields, Timestamps, Values };
    }),
  };
}

export interface PackedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
  response?: { statusCode: number; headers: Record<string, string> };
}

export function packError(err: unknown): PackedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (k === '$response' || k === 'stack' || typeof v === 'function') continue;
    fields[k] = v;
  }
  const res = (err as { $response?: { statusCode?: number; headers?: Record<string, string> } }).$response;
  return {
    name: err.name,
    message: err.message,
    fields,
    ...(res ? { response: { statusCode: res.statusCode ?? 0, headers: { ...(res.headers ?? {}) } } } : {}),
  };
}

export function unpackError(e: PackedError): Error {
  const err = Object.assign(new Error(e.message), e.fields, { name: e.name });
  if (e.response)
    Object.assign(err, {
      $response: new HttpResponse({
        statusCode: e.response.statusCode,
        headers: e.response.headers,
        body: undefined,
      }),
    });
  return err;
}
