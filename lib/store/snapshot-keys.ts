/** Where unit snapshots live in the run bucket (no SDK import: the CDK stack reads the prefix too). */

/** Prefix of every snapshot object (the lifecycle rule and the IAM grants are scoped to it). */
export const SNAPSHOTS_PREFIX = 'snapshots';

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The object key of one unit's snapshot. Throws on a part that could leave its folder. */
export function snapshotKey(scanId: string, accountId: string, region: string): string {
  for (const [name, v] of [
    ['scanId', scanId],
    ['accountId', accountId],
    ['region', region],
  ] as const)
    if (!PART.test(v) || v.includes('..'))
      throw new Error(`snapshot key: ${name} '${v}' is not a plain id (letters, digits, '.', '_', '-')`);
  return `${SNAPSHOTS_PREFIX}/${scanId}/${accountId}/${region}.json.gz`;
}
