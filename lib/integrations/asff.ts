/**
 * perfscan findings as AWS Security Finding Format (ASFF) records for Security Hub (BatchImportFindings).
 *
 * Required top-level attributes (Security Hub user guide, "Required top-level ASFF attributes"; API reference
 * AwsSecurityFinding): SchemaVersion, Id (<= 512), ProductArn, GeneratorId (<= 512), AwsAccountId (12),
 * Types, CreatedAt, UpdatedAt, Severity, Title (<= 256), Description (<= 1024), Resources (<= 32).
 * Other limits used here: ProductFields <= 50 pairs (key <= 128, value <= 2048), Resource Details.Other
 * <= 50 pairs (key <= 128, value <= 1024), Remediation.Recommendation.Text <= 512, Region <= 16.
 *
 * The finding Id is derived from the finding's identity (account, region, check, resource) only, so every
 * export of the same problem updates one Security Hub finding instead of adding another.
 */
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, SeverityLabel } from '@aws-sdk/client-securityhub';
import type { Finding, Severity } from '#lib/model/index.js';
import { awsRegionOf, clip, evidenceText, partitionOf } from './text.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  productFields: 50,
  fieldKey: 128,
  productFieldValue: 2048,
  otherValue: 1024,
  relatedRequirement: 128,
  batch: 100,
} as const;

/** The finding type: a performance best-practice check (namespace/category/classifier). */
export const ASFF_TYPE =
  'Software and Configuration Checks/Industry and Regulatory Standards/AWS Well-Architected Performance Efficiency';

const SEVERITY_LABEL: Record<Severity, SeverityLabel> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

/** ProductFields keys perfscan sets; `perfscan/Unit` lets an export find its own earlier findings per unit. */
export const FIELD = {
  provider: 'ProviderName',
  providerVersion: 'ProviderVersion',
  checkId: 'perfscan/CheckId',
  control: 'perfscan/Control',
  scanId: 'perfscan/ScanId',
  unit: 'perfscan/Unit',
  service: 'perfscan/Service',
  suppressed: 'perfscan/Suppressed',
} as const;

/** The default product ARN of an account: findings an account sends about itself (Security Hub BatchImportFindings). */
export function defaultProductArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/**
 * Stable finding id: `perfscan/<account>/<region>/<check>/<resource>`; an id over 512 characters keeps its
 * start and ends with a hash of the whole, so it stays unique and stable.
 */
export function asffFindingId(f: Pick<Finding, 'accountId' | 'region' | 'checkId' | 'resourceId'>): string {
  const id = `perfscan/${f.accountId}/${f.region}/${f.checkId}/${f.resourceId}`;
  if (id.length <= ASFF_LIMITS.id) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return `${id.slice(0, ASFF_LIMITS.id - hash.length - 1)}#${hash}`;
}

/** CloudFormation type `AWS::EC2::Instance` -> ASFF resource type `AwsEc2Instance`. */
export function asffResourceType(cfnType: string): string {
  const parts = cfnType.split('::').filter((p) => p !== '');
  const t = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join('');
  return /^[A-Za-z0-9]+$/.test(t) && t.length > 0 ? t : 'Other';
}

function resourceIdOf(f: Finding): string {
  if (f.resourceArn) return f.resourceArn;
  if (f.resourceId === '*') return `AWS::::Account:${f.accountId}`;
  return f.resourceId;
}

export interface AsffContext {
  productArn: string;
  scanId: string;
  /** When the scan read the account (ISO): LastObservedAt. */
  observedAt: string;
  /** When this record is sent (ISO): UpdatedAt. */
  updatedAt: string;
  /** When the problem was first seen (debt register) or first exported (Security Hub), ISO. */
  createdAt?: string;
  /** Unit the finding was stored with, `<account>/<region>` (global findings: the account's global unit). */
  unit: string;
  toolVersion: string;
  /** Home region for global-service findings (CloudFront: us-east-1). */
  globalRegion?: string;
}

function evidenceFields(f: Finding): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (const e of f.evidence) {
    if (i >= 40) break;
    const key = clip(`evidence.${i + 1}.${e.label}`, ASFF_LIMITS.fieldKey);
    out[key] = clip(evidenceText(e), ASFF_LIMITS.otherValue);
    i++;
  }
  return out;
}

/** One failing perfscan finding as an ACTIVE, FAILED ASFF record. */
export function toAsff(f: Finding, ctx: AsffContext): AwsSecurityFinding {
  const region = awsRegionOf(f.region, ctx.globalRegion);
  const evidence = f.evidence.map(evidenceText);
  const description = clip(
    [f.message, evidence.length ? `Evidence: ${evidence.join('; ')}.` : ''].filter(Boolean).join(' '),
    ASFF_LIMITS.description,
  );
  const recommendation = [
    f.remediation.text,
    f.remediation.impact ? `Expected gain: ${f.remediation.impact}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const productFields: Record<string, string> = {
    [FIELD.provider]: 'perfscan',
    [FIELD.providerVersion]: ctx.toolVersion,
    [FIELD.checkId]: f.checkId,
    [FIELD.control]: f.control,
    [FIELD.service]: f.service,
    [FIELD.scanId]: ctx.scanId,
    [FIELD.unit]: ctx.unit,
  };
  if (f.remediation.estimatedMonthlySavingsUsd !== undefined)
    productFields['perfscan/EstimatedMonthlySavingsUsd'] = String(f.remediation.estimatedMonthlySavingsUsd);
  for (const [i, url] of f.remediation.docs.slice(1, 6).entries())
    productFields[`perfscan/Docs.${i + 2}`] = clip(url, ASFF_LIMITS.productFieldValue);
  const created = ctx.createdAt ?? ctx.observedAt;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffFindingId(f),
    ProductArn: ctx.productArn,
    GeneratorId: clip(`perfscan/${f.checkId}`, ASFF_LIMITS.generatorId),
    AwsAccountId: f.accountId,
    Region: region,
    Types: [ASFF_TYPE],
    FirstObservedAt: created,
    LastObservedAt: ctx.observedAt,
    CreatedAt: created,
    UpdatedAt: ctx.updatedAt,
    Severity: { Label: SEVERITY_LABEL[f.severity], Original: f.severity },
    Title: clip(`${f.title}: ${f.resourceName ?? f.resourceId}`, ASFF_LIMITS.title),
    Description: description,
    Remediation: {
      Recommendation: {
        Text: clip(recommendation, ASFF_LIMITS.recommendationText),
        ...(f.remediation.docs[0] ? { Url: f.remediation.docs[0] } : {}),
      },
    },
    ProductFields: productFields,
    Resources: [
      {
        Type: asffResourceType(f.resourceType),
        Id: resourceIdOf(f),
        Partition: partitionOf(region),
        Region: region,
        Details: {
          Other: {
            ...(f.resourceName ? { name: clip(f.resourceName, ASFF_LIMITS.otherValue) } : {}),
            ...evidenceFields(f),
          },
        },
      },
    ],
    Compliance: {
      Status: 'FAILED',
      RelatedRequirements: [
        clip(`AWS Well-Architected Performance Efficiency ${f.control}`, ASFF_LIMITS.relatedRequirement),
      ],
    },
    RecordState: 'ACTIVE',
  };
}

/**
 * The same finding, resolved: BatchImportFindings cannot change Workflow once a finding exists, so a resolved
 * finding is closed with RecordState ARCHIVED and Compliance PASSED. `reason` says why, in ProductFields.
 */
export function archived(
  previous: AwsSecurityFinding,
  opts: { updatedAt: string; scanId: string; compliance: 'PASSED' | 'FAILED'; reason: string },
): AwsSecurityFinding {
  return {
    ...previous,
    UpdatedAt: opts.updatedAt,
    RecordState: 'ARCHIVED',
    Compliance: { ...(previous.Compliance ?? {}), Status: opts.compliance },
    ProductFields: {
      ...ownProductFields(previous.ProductFields),
      [FIELD.scanId]: opts.scanId,
      'perfscan/ArchivedBecause': clip(opts.reason, ASFF_LIMITS.productFieldValue),
    },
  };
}

/** Security Hub adds its own `aws/securityhub/*` product fields to stored findings; they are not ours to send back. */
function ownProductFields(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (!k.startsWith('aws/')) out[k] = v;
  return out;
}

/** The fields Security Hub requires of every imported finding that are missing or empty (empty list = valid). */
export function missingRequired(record: AwsSecurityFinding): string[] {
  const missing: string[] = [];
  const req: (keyof AwsSecurityFinding)[] = [
    'SchemaVersion',
    'Id',
    'ProductArn',
    'GeneratorId',
    'AwsAccountId',
    'Types',
    'CreatedAt',
    'UpdatedAt',
    'Severity',
    'Title',
    'Description',
    'Resources',
  ];
  for (const k of req) {
    const v = record[k];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) missing.push(k);
  }
  if (record.Resources?.some((r) => !r.Type || !r.Id)) missing.push('Resources[].Type/Id');
  if (record.Severity && !record.Severity.Label && record.Severity.Normalized === undefined)
    missing.push('Severity.Label');
  return missing;
}
