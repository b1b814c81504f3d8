/**
 * JSON written in pieces (issue 10): a unit's snapshot and findings are tens of MB as one JSON string at the
 * reference account's size (us-east-1 at 1/8: 9.5 MB of snapshot, 8.0 MB of findings, and the heap rose
 * 24 MB over the unit's live data while JSON.stringify built them). `jsonPieces` yields the same text as
 * `JSON.stringify(value)` (no indentation) in pieces of a few KB: the top two levels and every large object
 * or array are walked member by member, everything small below them is stringified whole. `writeJsonPieces` writes them to a file with
 * bounded memory.
 */
import type { FileHandle } from 'node:fs/promises';

/** Objects and arrays with fewer members than this are stringified whole. */
const WALK_FROM = 64;
/** Text gathered before one write, characters. */
const WRITE_CHUNK = 64 * 1024;

const isPlainContainer = (v: unknown): v is Record<string, unknown> | unknown[] =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { toJSON?: unknown }).toJSON !== 'function' &&
  (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** What JSON.stringify leaves out of an object (and writes as `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function memberCount(v: Record<string, unknown> | unknown[]): number {
  if (Array.isArray(v)) return v.length;
  let n = 0;
  for (const _ in v) if (++n >= WALK_FROM) break;
  return n;
}

/** Containers this close to the top are always walked (a snapshot and its slices have few, large members). */
const WALK_DEPTH = 2;

/** The JSON text of `value`, equal to `JSON.stringify(value)`, in pieces. `value` must not be undefined. */
export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (!isPlainContainer(value) || (depth >= WALK_DEPTH && memberCount(value) < WALK_FROM)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const v: unknown = value[i];
      if (omitted(v)) yield 'null';
      else yield* jsonPieces(v, depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (omitted(v)) continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* jsonPieces(v, depth + 1);
  }
  yield '}';
}

/** Write pieces of text to an open file, gathered into writes of about WRITE_CHUNK characters. */
export async function writePieces(handle: FileHandle, pieces: Iterable<string>): Promise<void> {
  let buf: string[] = [];
  let size = 0;
  for (const p of pieces) {
    buf.push(p);
    size += p.length;
    if (size >= WRITE_CHUNK) {
      await handle.write(buf.join(''), null, 'utf8');
      buf = [];
      size = 0;
    }
  }
  if (size > 0) await handle.write(buf.join(''), null, 'utf8');
}
