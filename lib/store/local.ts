/**
 * The local-folder FindingsStore (laptop, CI). The same records as the DynamoDB table, as files:
 *
 *   <dir>/scans/<scanId>/header.json
 *   <dir>/scans/<scanId>/units/<account>_<region>.json
 *   <dir>/scans/<scanId>/findings/<account>_<region>.json
 *   <dir>/scans/<scanId>/snapshots/<account>_<region>.json
 *   <dir>/debt/<account>.json
 *
 * Keys are deterministic, so re-writing a unit replaces its files (idempotent). Every write goes to a
 * temporary file first and is renamed into place, so a crash never leaves a half-written record.
 * Nothing is created until the first write.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  debtEntryKey,
  findingKey,
  type DebtEntry,
  type Finding,
  type ScanHeader,
  type Snapshot,
  type UnitSummary,
} from '#lib/model/index.js';
import type { FindingsStore } from './types.js';

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
    kind: 'units' | 'findings' | 'snapshots',
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

  async putUnit(summary: UnitSummary, findings: Finding[], snapshot?: Snapshot): Promise<void> {
    const { scanId, accountId, region } = summary;
    // Same finding key twice in one unit would be one DynamoDB item; keep the last, as the table would.
    const unique = [...new Map(findings.map((f) => [findingKey(f), f])).values()];
    await writeJsonAtomic(this.unitFile(scanId, 'findings', accountId, region), unique);
    const snapFile = this.unitFile(scanId, 'snapshots', accountId, region);
    if (snapshot) await writeJsonAtomic(snapFile, snapshot, false);
    else await rm(snapFile, { force: true });
    // The summary last: a unit file present means its findings are complete.
    await writeJsonAtomic(this.unitFile(scanId, 'units', accountId, region), summary);
  }

  async getUnits(scanId: string): Promise<UnitSummary[]> {
    const dir = join(this.scanDir(scanId), 'units');
    const out: UnitSummary[] = [];
    for (const f of await listJson(dir)) {
      const u = await readJson<UnitSummary>(join(dir, f));
      if (u) out.push(u);
    }
    return out;
  }

  async getFindings(scanId: string): Promise<Finding[]> {
    const dir = join(this.scanDir(scanId), 'findings');
    const units = new Set(await listJson(join(this.scanDir(scanId), 'units')));
    const out: Finding[] = [];
    for (const f of await listJson(dir)) {
      if (!units.has(f)) continue; // findings of a unit whose write did not finish
      out.push(...((await readJson<Finding[]>(join(dir, f))) ?? []));
    }
    return out;
  }

  async getSnapshot(scanId: string, accountId: string, region: string): Promise<Snapshot | undefined> {
    return readJson<Snapshot>(this.unitFile(scanId, 'snapshots', accountId, region));
  }

  private debtFile(accountId: string): string {
    return join(this.dir, 'debt', `${safe(accountId, 'account id')}.json`);
  }

  async getDebt(accountId: string): Promise<DebtEntry[]> {
    return (await readJson<DebtEntry[]>(this.debtFile(accountId))) ?? [];
  }

  /** Upsert by (check, region, resource), per account, as the DynamoDB store does. */
  async putDebt(entries: DebtEntry[]): Promise<void> {
    const byAccount = new Map<string, DebtEntry[]>();
    for (const e of entries) {
      const list = byAccount.get(e.accountId);
      if (list) list.push(e);
      else byAccount.set(e.accountId, [e]);
    }
    for (const [accountId, list] of byAccount) {
      const merged = new Map((await this.getDebt(accountId)).map((e) => [debtEntryKey(e), e]));
      for (const e of list) merged.set(debtEntryKey(e), e);
      // Keys computed once: the register can hold tens of thousands of entries.
      const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
      await writeJsonAtomic(this.debtFile(accountId), sorted);
    }
  }
}
