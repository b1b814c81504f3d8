/**
 * The run's files in S3 (the run bucket), so nothing that grows with the organization travels in the
 * Step Functions state: Plan writes the unit list the Distributed Map's ItemReader reads; the Map's
 * ResultWriter writes the child executions' results; the Digest writes its Markdown there for
 * `perfscan run --remote --wait`. Every key derives from the scan id.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { UNIT_KEY_RE, parseUnitKey } from './shared.js';
import type { ScanUnit } from '#lib/model/index.js';
import { renderAccountMarkdown } from '#lib/digest/render/markdown.js';
import type { AccountSection } from '#lib/digest/types.js';

/** One item of the unit list, as the Map's ItemSelector reads it (`$$.Map.Item.Value.unit`). */
export interface UnitItem {
  unit: string;
}

export const unitsKeyFor = (scanId: string): string => `runs/${scanId}/units.json`;
export const digestKeyFor = (scanId: string): string => `runs/${scanId}/digest.md`;
/** Each account's section of the digest, stored on its own (`{account}` in `pattern`: the account id). */
export const accountSectionsFor = (scanId: string) => {
  const prefix = `runs/${scanId}/accounts/`;
  return {
    prefix,
    key: (accountId: string, ext: 'md' | 'json'): string =>
      `${prefix}${encodeURIComponent(accountId)}.${ext}`,
    pattern: (ext: 'md' | 'json'): string => `${prefix}{account}.${ext}`,
  };
};

export async function writeUnitList(
  s3: S3Client,
  bucket: string,
  key: string,
  units: readonly string[],
): Promise<number> {
  // One item per line keeps the file readable; the ItemReader reads it as one JSON array.
  const body = `[\n${units.map((u) => JSON.stringify({ unit: u } satisfies UnitItem)).join(',\n')}\n]\n`;
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
  );
  return Buffer.byteLength(body);
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!r.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return r.Body.transformToString('utf8');
}

/** The unit keys Plan wrote for the Map (validated: a hand-edited file fails with the item's index). */
export async function readUnitList(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const raw = JSON.parse(await getText(s3, bucket, key)) as unknown;
  if (!Array.isArray(raw)) throw new Error(`s3://${bucket}/${key}: expected a JSON array of {"unit": ...}`);
  return raw.map((item: unknown, i) => {
    const u = (item as Partial<UnitItem> | null)?.unit;
    if (typeof u !== 'string' || !UNIT_KEY_RE.test(u))
      throw new Error(
        `s3://${bucket}/${key}[${i}].unit: expected 'account:region[:g]', got ${JSON.stringify(u)}`,
      );
    return u;
  });
}

export async function putDigestMarkdown(
  s3: S3Client,
  bucket: string,
  key: string,
  markdown: string,
): Promise<number> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: markdown,
      ContentType: 'text/markdown; charset=utf-8',
    }),
  );
  return Buffer.byteLength(markdown);
}

/** One account's section as Markdown and as JSON; returns the bytes written. */
export async function putAccountSection(
  s3: S3Client,
  bucket: string,
  scanId: string,
  section: AccountSection,
): Promise<number> {
  const keys = accountSectionsFor(scanId);
  const md = renderAccountMarkdown(section);
  const json = JSON.stringify(section);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: keys.key(section.accountId, 'md'),
      Body: md,
      ContentType: 'text/markdown; charset=utf-8',
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: keys.key(section.accountId, 'json'),
      Body: json,
      ContentType: 'application/json',
    }),
  );
  return Buffer.byteLength(md) + Buffer.byteLength(json);
}

/** The manifest a Distributed Map's ResultWriter writes (the fields perfscan reads). */
interface ResultManifest {
  ResultFiles?: { FAILED?: { Key: string }[] };
}

/** One child execution in a ResultWriter FAILED_n.json file (the fields perfscan reads). */
interface FailedChild {
  Input?: string;
  Error?: string;
  Cause?: string;
}

/**
 * Units whose child execution failed after its retries, with the error and cause Step Functions recorded,
 * from the ResultWriter's FAILED files (only failed children are held in memory, one file at a time).
 */
export async function readFailedUnits(
  s3: S3Client,
  bucket: string,
  manifestKey: string,
): Promise<Map<string, { unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>; reason: string }>> {
  const manifest = JSON.parse(await getText(s3, bucket, manifestKey)) as ResultManifest;
  const out = new Map<string, { unit: Pick<ScanUnit, 'accountId' | 'region' | 'global'>; reason: string }>();
  for (const file of manifest.ResultFiles?.FAILED ?? []) {
    const children = JSON.parse(await getText(s3, bucket, file.Key)) as FailedChild[];
    for (const c of children) {
      let unitKey: string | undefined;
      try {
        unitKey = (JSON.parse(c.Input ?? '{}') as { unit?: string }).unit;
      } catch {
        unitKey = undefined;
      }
      if (!unitKey || !UNIT_KEY_RE.test(unitKey)) continue;
      out.set(unitKey, { unit: parseUnitKey(unitKey), reason: failureReason(c) });
    }
  }
  return out;
}

/** `Error: message` from a failed child; Lambda errors carry a JSON cause with errorType/errorMessage. */
function failureReason(c: FailedChild): string {
  let message = c.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: string; errorType?: string };
    if (cause.errorMessage) message = cause.errorMessage;
  } catch {
    /* a plain-text cause */
  }
  const text = `${c.Error ?? 'Failed'}${message ? `: ${message}` : ''}`;
  return `The Scan Lambda failed after its retries (${text.length > 500 ? `${text.slice(0, 497)}...` : text}).`;
}
