/**
 * perfscan findings as OCSF 1.5 Detection Findings (class_uid 2004, category 2 Findings), shaped as Prowler
 * emits them (finding_info, resources, cloud, remediation, metadata.product, profiles cloud + datetime) so
 * the same pipelines ingest both. Times are OCSF `timestamp_t`: milliseconds since the epoch, with the
 * `*_dt` datetime twins of the datetime profile.
 *
 * Required by the class (schema.ocsf.io/1.5.0/classes/detection_finding): activity_id, category_uid,
 * class_uid, finding_info (uid, title), metadata (product, version), severity_id, time, type_uid; the cloud
 * profile adds cloud.provider (and Security Lake reads cloud.account.uid and cloud.region).
 */
import type { Finding, Severity } from '#lib/model/index.js';
import { asffFindingId } from './asff.js';
import { awsRegionOf, evidenceText, partitionOf } from './text.js';

export const OCSF_VERSION = '1.5.0';
export const DETECTION_FINDING = { class_uid: 2004, category_uid: 2, activity_create: 1 } as const;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/** OCSF account type_id 10: AWS Account. */
const AWS_ACCOUNT_TYPE = { type_id: 10, type: 'AWS Account' } as const;

export interface OcsfContext {
  scanId: string;
  /** When the scan read the account (ISO): the event time. */
  observedAt: string;
  /** First seen (debt register), ISO; defaults to observedAt. */
  firstSeenAt?: string;
  toolVersion: string;
  globalRegion?: string;
}

export interface OcsfDetectionFinding {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_code: string;
  status_detail: string;
  message: string;
  time: number;
  time_dt: string;
  metadata: {
    version: string;
    product: { uid: string; name: string; vendor_name: string; version: string };
    profiles: string[];
    event_code: string;
    uid: string;
    tenant_uid?: string;
  };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    created_time_dt: string;
    first_seen_time: number;
    first_seen_time_dt: string;
    last_seen_time: number;
    last_seen_time_dt: string;
  };
  cloud: {
    provider: 'AWS';
    region: string;
    account: { uid: string; type_id: number; type: string };
  };
  resources: {
    uid: string;
    name?: string;
    type: string;
    region: string;
    cloud_partition: string;
    group: { name: string };
    data: { evidence: Finding['evidence'] };
  }[];
  remediation: { desc: string; references: string[] };
  risk_details?: string;
  unmapped: Record<string, unknown>;
}

const ms = (iso: string): number => Date.parse(iso);

export function toOcsf(f: Finding, ctx: OcsfContext): OcsfDetectionFinding {
  const sev = SEVERITY[f.severity];
  const region = awsRegionOf(f.region, ctx.globalRegion);
  const first = ctx.firstSeenAt ?? ctx.observedAt;
  const evidence = f.evidence.map(evidenceText);
  const uid = asffFindingId(f);
  return {
    activity_id: DETECTION_FINDING.activity_create,
    activity_name: 'Create',
    category_uid: DETECTION_FINDING.category_uid,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING.class_uid,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING.class_uid * 100 + DETECTION_FINDING.activity_create,
    type_name: 'Detection Finding: Create',
    severity_id: sev.id,
    severity: sev.name,
    status_id: 1,
    status: 'New',
    status_code: 'FAIL',
    status_detail: f.message,
    message: f.message,
    time: ms(ctx.observedAt),
    time_dt: ctx.observedAt,
    metadata: {
      version: OCSF_VERSION,
      product: { uid: 'perfscan', name: 'perfscan', vendor_name: 'perfscan', version: ctx.toolVersion },
      profiles: ['cloud', 'datetime'],
      event_code: f.checkId,
      uid: `${ctx.scanId}/${uid}`,
    },
    finding_info: {
      uid,
      title: f.title,
      desc: [f.message, evidence.length ? `Evidence: ${evidence.join('; ')}.` : ''].filter(Boolean).join(' '),
      types: [`Performance Efficiency/${f.control}`, `perfscan/${f.service}`],
      created_time: ms(first),
      created_time_dt: first,
      first_seen_time: ms(first),
      first_seen_time_dt: first,
      last_seen_time: ms(ctx.observedAt),
      last_seen_time_dt: ctx.observedAt,
    },
    cloud: {
      provider: 'AWS',
      region,
      account: { uid: f.accountId, ...AWS_ACCOUNT_TYPE },
    },
    resources: [
      {
        uid: f.resourceArn ?? (f.resourceId === '*' ? `AWS::::Account:${f.accountId}` : f.resourceId),
        ...(f.resourceName ? { name: f.resourceName } : {}),
        type: f.resourceType,
        region,
        cloud_partition: partitionOf(region),
        group: { name: f.service },
        data: { evidence: f.evidence },
      },
    ],
    remediation: { desc: f.remediation.text, references: [...f.remediation.docs] },
    ...(f.remediation.impact ? { risk_details: `Expected gain: ${f.remediation.impact}` } : {}),
    unmapped: {
      control: f.control,
      scan_id: ctx.scanId,
      ...(f.remediation.estimatedMonthlySavingsUsd !== undefined
        ? { estimated_monthly_savings_usd: f.remediation.estimatedMonthlySavingsUsd }
        : {}),
    },
  };
}

/** Fields OCSF 1.5 Detection Finding requires (plus the cloud profile's) that are missing: empty = valid. */
export function missingOcsfRequired(r: OcsfDetectionFinding): string[] {
  const missing: string[] = [];
  const has = (v: unknown) =>
    v !== undefined && v !== null && v !== '' && !(typeof v === 'number' && Number.isNaN(v));
  const req: [string, unknown][] = [
    ['activity_id', r.activity_id],
    ['category_uid', r.category_uid],
    ['class_uid', r.class_uid],
    ['type_uid', r.type_uid],
    ['severity_id', r.severity_id],
    ['time', r.time],
    ['metadata.version', r.metadata?.version],
    ['metadata.product.name', r.metadata?.product?.name],
    ['metadata.product.vendor_name', r.metadata?.product?.vendor_name],
    ['finding_info.uid', r.finding_info?.uid],
    ['finding_info.title', r.finding_info?.title],
    ['cloud.provider', r.cloud?.provider],
    ['cloud.account.uid', r.cloud?.account?.uid],
    ['cloud.region', r.cloud?.region],
  ];
  for (const [k, v] of req) if (!has(v)) missing.push(k);
  if (r.class_uid !== 2004) missing.push('class_uid=2004');
  if (r.type_uid !== r.class_uid * 100 + r.activity_id) missing.push('type_uid=class_uid*100+activity_id');
  return missing;
}
