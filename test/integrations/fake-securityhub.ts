/**
 * A Security Hub stand-in on aws-sdk-client-mock (no emulator covers Security Hub): BatchImportFindings
 * upserts by (ProductArn, Id) as the service does, rejects a call of more than 100 findings and records
 * missing required fields as failed findings; GetFindings applies the filters perfscan uses and pages.
 */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
  type GetFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { missingRequired } from '#lib/integrations/asff.js';

export interface FakeSecurityHub {
  mock: ReturnType<typeof mockClient>;
  findings: Map<string, AwsSecurityFinding>;
  /** Findings of each BatchImportFindings call, in order. */
  imports: AwsSecurityFinding[][];
  /** Ids to answer as failed (transient) on their next import, with the number of times. */
  failNext: Map<string, { code: string; times: number }>;
}

function matches(f: AwsSecurityFinding, input: GetFindingsCommandInput): boolean {
  const fl = input.Filters ?? {};
  const eq = (value: string | undefined, filters?: { Value?: string; Comparison?: string }[]) =>
    !filters || filters.every((x) => x.Comparison === 'EQUALS' && x.Value === value);
  if (!eq(f.ProductArn, fl.ProductArn)) return false;
  if (!eq(f.AwsAccountId, fl.AwsAccountId)) return false;
  if (!eq(f.RecordState, fl.RecordState)) return false;
  for (const m of fl.ProductFields ?? []) {
    if (m.Comparison !== 'EQUALS' || f.ProductFields?.[m.Key ?? ''] !== m.Value) return false;
  }
  return true;
}

export function fakeSecurityHub(): FakeSecurityHub {
  const mock = mockClient(SecurityHubClient);
  const state: FakeSecurityHub = { mock, findings: new Map(), imports: [], failNext: new Map() };
  const key = (f: AwsSecurityFinding) => `${f.ProductArn}|${f.Id}`;
  mock.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
    const batch = input.Findings ?? [];
    if (batch.length > 100) {
      throw Object.assign(new Error('Findings: at most 100 per request'), { name: 'InvalidInputException' });
    }
    state.imports.push(batch);
    const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const f of batch) {
      const fail = state.failNext.get(f.Id ?? '');
      if (fail && fail.times > 0) {
        fail.times--;
        failed.push({ Id: f.Id ?? '', ErrorCode: fail.code, ErrorMessage: 'simulated' });
        continue;
      }
      const missing = missingRequired(f);
      if (missing.length > 0) {
        failed.push({
          Id: f.Id ?? '',
          ErrorCode: 'InvalidInput',
          ErrorMessage: `missing ${missing.join(', ')}`,
        });
        continue;
      }
      const prev = state.findings.get(key(f));
      // Security Hub keeps the finding's identity; an import with the same Id updates it in place.
      state.findings.set(key(f), structuredClone({ ...f, CreatedAt: prev?.CreatedAt ?? f.CreatedAt }));
    }
    return { FailedCount: failed.length, SuccessCount: batch.length - failed.length, FailedFindings: failed };
  });
  mock.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => {
    const size = input.MaxResults ?? 100;
    if (size > 100)
      throw Object.assign(new Error('MaxResults: at most 100'), { name: 'InvalidInputException' });
    const all = [...state.findings.values()].filter((f) => matches(f, input));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + size);
    return {
      Findings: structuredClone(page),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  });
  return state;
}
