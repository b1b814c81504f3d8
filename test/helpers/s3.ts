/**
 * A real S3-compatible server (s3rver 3.7, in-process, files in a temp folder) on 127.0.0.1 with one bucket,
 * and an SDK v3 S3 client pointed at it (path-style). Each call starts its own server; stop it in afterAll.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
// s3rver is CommonJS without types.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;

export interface LocalS3 {
  client: S3Client;
  bucket: string;
  endpoint: string;
  stop(): Promise<void>;
}

/** Bucket names follow S3's rules (3-63 characters), as s3rver checks them. */
export async function startS3(bucket = 'perfscan-runs-test'): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'perfscan-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    client,
    bucket,
    endpoint,
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
