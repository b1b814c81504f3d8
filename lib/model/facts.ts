/**
 * Facts the maturity scorer needs, derived from one unit's snapshot and findings
 * (`lib/maturity/facts.ts` derives them). Counters only, so units add up into account facts
 * and the unit summary stays small enough for DynamoDB and Step Functions.
 * PLACEHOLDER shape: the maturity work replaces this with the full typed record.
 */
export type UnitFacts = Record<string, number>;
