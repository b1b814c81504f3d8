/**
 * Test doubles for the handlers: Powertools tools that record instead of printing, a local Slack webhook
 * on 127.0.0.1, client factories answered by simulated accounts, and an AssumeRole that can refuse.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readUnitList } from '#functions/run-files.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClientFactory } from '#lib/collect/clients.js';
import type { SimAccount } from '#lib/sim/core.js';
import type { AssumeRole, ClientsFor, Tools } from '#functions/shared.js';

export interface RecordingTools {
  tools: Tools;
  /** Every metric added: name, unit, value. */
  metrics: { name: string; unit: string; value: number }[];
  /** Every log call: level, message, attributes (serialized, to search for leaked secrets). */
  logs: { level: string; message: string; text: string }[];
  published: number;
}

export function recordingTools(): RecordingTools {
  const rec: RecordingTools = {
    tools: {
      logger: new Logger({ serviceName: 'perfscan', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Perfscan', serviceName: 'perfscan' }),
      tracer: new Tracer({ serviceName: 'perfscan', enabled: false }),
    },
    metrics: [],
    logs: [],
    published: 0,
  };
  const { logger, metrics } = rec.tools;
  const origAdd = metrics.addMetric.bind(metrics);
  metrics.addMetric = (name, unit, value) => {
    rec.metrics.push({ name, unit: String(unit), value });
    return origAdd(name, unit, value);
  };
  // Serialize (proves the EMF document builds) but do not print.
  metrics.publishStoredMetrics = () => {
    rec.published++;
    if (metrics.hasStoredMetrics()) metrics.serializeMetrics();
    metrics.clearMetrics();
    return metrics;
  };
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    logger[level] = ((message: string, ...extra: unknown[]) => {
      rec.logs.push({ level, message, text: `${message} ${JSON.stringify(extra)}` });
    }) as never;
  }
  return rec;
}

export function metricValues(rec: RecordingTools, name: string): number[] {
  return rec.metrics.filter((m) => m.name === name).map((m) => m.value);
}

export interface FakeSlack {
  url: string;
  bodies: { text: string; blocks: unknown[] }[];
  stop(): Promise<void>;
}

/** Slack's incoming-webhook endpoint, played on 127.0.0.1: answers every request with `status`. */
export async function fakeSlack(status = 200): Promise<FakeSlack> {
  const bodies: FakeSlack['bodies'] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(data) as FakeSlack['bodies'][number]);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'internal_error');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0000/B0000/very-secret-token`,
    bodies,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Client factories answered by the simulated account of the unit's account id (own account when unset). */
export function simClientsFor(
  sims: readonly SimAccount[],
): ClientsFor & { created: { region: string; accountId?: string; withCredentials: boolean }[] } {
  const created: { region: string; accountId?: string; withCredentials: boolean }[] = [];
  const fn = ((opts) => {
    const own = sims[0] as SimAccount;
    const sim = opts.accountId ? sims.find((s) => s.accountId === opts.accountId) : own;
    if (!sim) throw new Error(`no simulated account ${opts.accountId}`);
    created.push({
      region: opts.region,
      ...(opts.accountId ? { accountId: opts.accountId } : {}),
      withCredentials: opts.credentials !== undefined,
    });
    return createClientFactory({
      region: opts.region,
      accountId: sim.accountId,
      simulator: sim,
      allowedActions: opts.allowedActions,
    });
  }) as ClientsFor & { created: typeof created };
  fn.created = created;
  return fn;
}

/** AssumeRole that succeeds except for the listed accounts (AccessDenied, as STS answers). */
export function fakeAssumeRole(
  deny: readonly string[] = [],
): AssumeRole & { calls: { roleArn: string; externalId?: string; sessionName: string }[] } {
  const calls: { roleArn: string; externalId?: string; sessionName: string }[] = [];
  const fn = ((opts) => {
    calls.push({
      roleArn: opts.roleArn,
      sessionName: opts.sessionName,
      ...(opts.externalId ? { externalId: opts.externalId } : {}),
    });
    return async () => {
      if (deny.some((a) => opts.roleArn.includes(`::${a}:`))) {
        throw Object.assign(
          new Error(
            `User: arn:aws:sts::111122223333:assumed-role/perfscan-plan/x is not authorized to perform: sts:AssumeRole on resource: ${opts.roleArn}`,
          ),
          {
            name: 'AccessDenied',
          },
        );
      }
      return { accessKeyId: 'ASIASIMULATED', secretAccessKey: 'simulated', sessionToken: 'simulated' };
    };
  }) as AssumeRole & { calls: typeof calls };
  fn.calls = calls;
  return fn;
}

export async function itemCount(client: DynamoDBClient, tableName: string): Promise<number> {
  const r = await client.send(
    new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return r.Count ?? 0;
}

/** Plan's unit list, read back from the run bucket the way the Map's ItemReader reads it. */
export async function plannedUnits(
  s3: { client: S3Client; bucket: string },
  r: { unitsKey: string },
): Promise<string[]> {
  return readUnitList(s3.client, s3.bucket, r.unitsKey);
}

/** The digest's Markdown from the run bucket (the Digest result only names it). */
export async function digestMarkdown(
  s3: { client: S3Client },
  r: { markdownObject: { bucket: string; key: string } },
): Promise<string> {
  const out = await s3.client.send(
    new GetObjectCommand({ Bucket: r.markdownObject.bucket, Key: r.markdownObject.key }),
  );
  return (await out.Body?.transformToString('utf8')) ?? '';
}
