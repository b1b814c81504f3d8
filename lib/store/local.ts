/**
 * The local-folder FindingsStore (laptop, CI). The same records as the DynamoDB table, as files:
 *
 *   <dir>/scans/<scanId>/header.json
 *   <dir>/scans/<scanId>/units/<account>_<region>.json      the unit summary with its aggregate
 *   <dir>/scans/<scanId>/findings/<account>_<region>.json   { checks, findings }: compact (lib/store/records.ts)
 *   <dir>/scans/<scanId>/snapshots/<account>_<region>.json
 *   <dir>/scans/<scanId>/offerings/<account>_<region>.json  what the region offered (lib/collect/offerings.ts)
 *   <dir>/offerings/<account>_<region>.json                 pointer to the unit's latest offerings
 *   <dir>/debt/<account>/<region>.json                      the account's register, one file per region
 *
 * Keys are deterministic, so re-writing a unit replaces its files (idempotent). Every write goes to a
 * temporary file first and is renamed into place, so a crash never leaves a half-written record.
 * Nothing is created until the first write.
 */
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  debtEntryKey,
  type Price,
  type DebtEntry,
  type Finding,
  type ScanHeader,
  type Snapshot,
  type UnitOfferings,
  type UnitSummary,
} from '#lib/model/index.js';
import { compactFindingsJson, expandFinding, type StoredUnitFindings } from './records.js';
import { jsonPieces, writePieces } from './json-stream.js';
import { collectPages, type FindingsStore, type LatestOfferings, type UnitKey } from './types.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function safe(part: string, what: string): string {
  if (!SAFE.test(part))
    throw new Error(`LocalStore: invalid ${what} '${part}' (letters, digits, '.', '_' and '-' only).`);
  return part;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text) as T;
}

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Write via a temporary file in the same folder + rename (atomic on POSIX file systems). */
export async function writeJsonAtomic(file: string, value: unknown, pretty = true): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(value, null, pretty ? 2 : undefined) + '\n', 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Write JSON text given in pieces (lib/store/json-stream.ts) via a temporary file + rename: a unit's snapshot
 * and findings never exist as one string.
 */
export async function writePiecesAtomic(file: string, pieces: Iterable<string>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await writePieces(handle, pieces);
      await handle.write('\n');
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export class LocalStore implements FindingsStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  scanDir(scanId: string): string {
    return join(this.dir, 'scans', safe(scanId, 'scan id'));
  }

  private unitFile(
    scanId: string,
    kind: 'units' | 'findings' | 'snapshots' | 'offerings',
    accountId: string,
    region: string,
  ): string {
    return join(
      this.scanDir(scanId),
      kind,
      `${safe(accountId, 'account id')}_${safe(region, 'region')}.json`,
    );
  }

  async putScanHeader(header: ScanHeader): Promise<void> {
    await writeJsonAtomic(join(this.scanDir(header.scanId), 'header.json'), header);
  }

  async getScanHeader(scanId: string): Promise<ScanHeader | undefined> {
    return readJson<ScanHeader>(join(this.scanDir(scanId), 'header.json'));
  }

  /** Newest first (by start time, then id). `before` is an exclusive scan id, or an ISO time. */
  async listScans(opts: { limit?: number; before?: string } = {}): Promise<ScanHeader[]> {
    let ids: string[];
    try {
      ids = (await readdir(join(this.dir, 'scans'), { withFileTypes: true }))
        .filter((d) => d.isDirectory() && SAFE.test(d.name))
        .map((d) => d.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const headers = (await Promise.all(ids.map((id) => this.getScanHeader(id)))).filter(
      (h): h is ScanHeader => h !== undefined,
    );
    headers.sort((a, b) =>
      a.startedAt === b.startedAt ? (a.scanId < b.scanId ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1,
    );
    let out = headers;
    const before = opts.before;
    if (before !== undefined) {
      const idx = headers.findIndex((h) => h.scanId === before);
      if (idx >= 0) out = headers.slice(idx + 1);
      else if (!Number.isNaN(Date.parse(before)))
        out = headers.filter((h) => h.startedAt < new Date(before).toISOString());
      else out = headers.filter((h) => h.scanId < before);
    }
    return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
  }

  async putUnit(summary: UnitSummary, findings: readonly Finding[], snapshot?: Snapshot): Promise<void> {
    const { scanId, accountId, region } = summary;
    await writePiecesAtomic(
      this.unitFile(scanId, 'findings', accountId, region),
      compactFindingsJson(region, findings),
    );
    const snapFile = this.unitFile(scanId, 'snapshots', accountId, region);
    if (snapshot) await writePiecesAtomic(snapFile, jsonPieces(snapshot));
    else await rm(snapFile, { force: true });
    // The summary last: a unit file present means its findings are complete.
    await writeJsonAtomic(this.unitFile(scanId, 'units', accountId, region), summary);
  }

  async getUnit(scanId: string, unit: UnitKey): Promise<UnitSummary | undefined> {
    return readJson<UnitSummary>(this.unitFile(scanId, 'units', unit.accountId, unit.region));
  }

  async getUnits(scanId: string): Promise<UnitSummary[]> {
    const out: UnitSummary[] = [];
    for await (const u of this.units(scanId)) out.push(u);
    return out;
  }

  async *units(scanId: string): AsyncIterable<UnitSummary> {
    const dir = join(this.scanDir(scanId), 'units');
    for (const f of await listJson(dir)) {
      const u = await readJson<UnitSummary>(join(dir, f));
      if (u) yield u;
    }
  }

  async unitFindings(scanId: string, unit: UnitKey): Promise<Finding[]> {
    const stored = await readJson<StoredUnitFindings | Finding[]>(
      this.unitFile(scanId, 'findings', unit.accountId, unit.region),
    );
    if (!stored) return [];
    // Folders written before the compact format hold plain Finding arrays.
    if (Array.isArray(stored)) return stored;
    return stored.findings.map((f) => expandFinding(unit.accountId, unit.region, stored.checks, f));
  }

  async *findings(scanId: string): AsyncIterable<Finding[]> {
    // Only units whose summary was written: the findings of an interrupted write are left out.
    for await (const u of this.units(scanId)) yield await this.unitFindings(scanId, u);
  }

  async getFindings(scanId: string): Promise<Finding[]> {
    return collectPages(this.findings(scanId));
  }

  async getSnapshot(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined> {
    return readJson<Snapshot>(this.unitFile(scanId, 'snapshots', accountId, region));
  }

  async putOfferings(o: UnitOfferings): Promise<void> {
    await writeJsonAtomic(this.unitFile(o.scanId, 'offerings', o.accountId, o.region), o, false);
    const pointer = join(
      this.dir,
      'offerings',
      `${safe(o.accountId, 'account id')}_${safe(o.region, 'region')}.json`,
    );
    await this.serialized(pointer, async () => {
      const old = await readJson<LatestOfferings>(pointer);
      // A rerun of an older scan never moves the pointer back.
      if (old && old.collectedAt > o.collectedAt) return;
      const latest: LatestOfferings = {
        accountId: o.accountId,
        region: o.region,
        scanId: o.scanId,
        collectedAt: o.collectedAt,
      };
      await writeJsonAtomic(pointer, latest);
    });
  }

  async getOfferings(scanId: string, unit: UnitKey): Promise<UnitOfferings | undefined> {
    return readJson<UnitOfferings>(this.unitFile(scanId, 'offerings', unit.accountId, unit.region));
  }

  async latestOfferings(): Promise<LatestOfferings[]> {
    const dir = join(this.dir, 'offerings');
    const out: LatestOfferings[] = [];
    for (const f of await listJson(dir)) {
      const p = await readJson<LatestOfferings>(join(dir, f));
      if (p) out.push(p);
    }
    return out;
  }

  private debtDir(accountId: string): string {
    return join(this.dir, 'debt', safe(accountId, 'account id'));
  }

  /** Register files of one account: `debt/<account>/<region>.json`. */
  private debtFile(accountId: string, region: string): string {
    return join(this.debtDir(accountId), `${safe(region, 'region')}.json`);
  }

  async getDebt(accountId: string): Promise<DebtEntry[]> {
    const dir = this.debtDir(accountId);
    const merged = await this.legacyDebt(accountId);
    for (const f of await listJson(dir))
      for (const e of (await readJson<DebtEntry[]>(join(dir, f))) ?? []) merged.set(debtEntryKey(e), e);
    return [...merged.values()];
  }

  async getUnitDebt(accountId: string, regions: readonly string[]): Promise<DebtEntry[]> {
    const wanted = new Set(regions);
    const merged = await this.legacyDebt(accountId, wanted);
    for (const r of wanted)
      for (const e of (await readJson<DebtEntry[]>(this.debtFile(accountId, r))) ?? [])
        merged.set(debtEntryKey(e), e);
    return [...merged.values()];
  }

  async getDebtOutside(accountId: string, regions: readonly string[]): Promise<DebtEntry[]> {
    const covered = new Set(regions);
    const dir = this.debtDir(accountId);
    const legacy = await this.legacyDebt(accountId);
    for (const [k, e] of legacy) if (covered.has(e.region)) legacy.delete(k);
    for (const f of await listJson(dir)) {
      if (covered.has(f.replace(/\.json$/, ''))) continue;
      for (const e of (await readJson<DebtEntry[]>(join(dir, f))) ?? [])
        if (!covered.has(e.region)) legacy.set(debtEntryKey(e), e);
    }
    return [...legacy.values()];
  }

  /**
   * The register of a folder written before the per-region files (`debt/<account>.json`): read, and moved
   * into the region files by the next update of each region.
   */
  private async legacyDebt(
    accountId: string,
    regions?: ReadonlySet<string>,
  ): Promise<Map<string, DebtEntry>> {
    const legacy =
      (await readJson<DebtEntry[]>(join(this.dir, 'debt', `${safe(accountId, 'account id')}.json`))) ?? [];
    return new Map(legacy.filter((e) => !regions || regions.has(e.region)).map((e) => [debtEntryKey(e), e]));
  }

  /**
   * Upsert by (check, region, resource), per account and region, as the DynamoDB store does. Writes to one
   * file are serialized within the process (units of one account finish concurrently).
   */
  async putDebt(entries: readonly DebtEntry[]): Promise<void> {
    const byFile = new Map<string, { accountId: string; region: string; list: DebtEntry[] }>();
    for (const e of entries) {
      const file = this.debtFile(e.accountId, e.region);
      const g = byFile.get(file);
      if (g) g.list.push(e);
      else byFile.set(file, { accountId: e.accountId, region: e.region, list: [e] });
    }
    for (const [file, { list }] of byFile) {
      await this.serialized(file, async () => {
        const merged = new Map(((await readJson<DebtEntry[]>(file)) ?? []).map((e) => [debtEntryKey(e), e]));
        for (const e of list) merged.set(debtEntryKey(e), e);
        // Keys computed once: the register can hold tens of thousands of entries.
        const sorted = [...merged.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, e]) => e);
        await writeJsonAtomic(file, sorted);
      });
    }
  }

  /** The price cache (lib/collect/pricing.ts): `prices.json`, one entry per priced SKU request. */
  async getPrices(ids: readonly string[]): Promise<Record<string, Price>> {
    const all = (await readJson<Record<string, Price>>(join(this.dir, 'prices.json'))) ?? {};
    const out: Record<string, Price> = {};
    for (const id of ids) if (all[id]) out[id] = all[id];
    return out;
  }

  async putPrices(prices: readonly Price[]): Promise<void> {
    const file = join(this.dir, 'prices.json');
    await this.serialized(file, async () => {
      const all = (await readJson<Record<string, Price>>(file)) ?? {};
      for (const p of prices) all[p.id] = p;
      await writeJsonAtomic(
        file,
        Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1))),
      );
    });
  }

  private readonly locks = new Map<string, Promise<void>>();

  private async serialized(key: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
