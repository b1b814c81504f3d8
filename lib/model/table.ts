/**
 * The DynamoDB table design (DESIGN.md "DynamoDB"), shared by the stack that creates the table and
 * the store that reads and writes it, so the two cannot drift.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** GSI listing scan headers by time: gsi1pk = 'SCANS', gsi1sk = `${startedAt}#${scanId}`. */
  scansByTime: { indexName: 'byTime', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Epoch seconds; set on per-scan finding items so old findings expire. */
  ttlAttribute: 'expiresAt',
} as const;
