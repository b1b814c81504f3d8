/**
 * The Lambda packages' size fixes keep the SDK's behaviour (lib/infra/bundle.ts points 3 and 5):
 * - without the modeled error classes, a bundled client still throws the service's error with its code as
 *   `name`, its message and `$fault`, and still retries a throttled call (real SDK retries, against a local
 *   endpoint answering as SSM does);
 * - the default credential chain of a package is the Lambda environment's (lib/infra/lambda-credentials.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, ROOT, entryOptions, pruneModeledErrors } from '#lib/infra/bundle.js';
import { defaultProvider } from '#lib/infra/lambda-credentials.js';

interface Entry {
  getParameter(endpoint: string, name: string): Promise<{ value?: string; attempts?: number }>;
  isServiceException(err: unknown): boolean;
}

let server: Server;
let endpoint: string;
let requests: { target: string; auth: string }[] = [];
/** Answers, in order, for the next requests (then: the parameter). */
let script: { status: number; body: unknown }[] = [];
const dirs: string[] = [];
const savedEnv = { ...process.env };

async function bundle(pruneErrors: boolean): Promise<{ entry: Entry; inputs: string[]; bytes: number }> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(path.join(tmpdir(), 'perfscan-diet-'));
  dirs.push(dir);
  const r = await esbuild.build(
    entryOptions(path.join(ROOT, 'test/functions/fixtures/pruned-errors-entry.ts'), dir, {
      pruneErrors,
    }),
  );
  const out = Object.values(r.metafile!.outputs)[0]!;
  return {
    entry: (await import(pathToFileURL(path.join(dir, BUNDLE_FILE)).href)) as Entry,
    inputs: Object.keys(out.inputs),
    bytes: out.bytes,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ target: String(req.headers['x-amz-target']), auth: String(req.headers.authorization) });
      const next = script.shift() ?? { status: 200, body: { Parameter: { Name: 'p', Value: 'the value' } } };
      res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r-1' });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The Lambda runtime's credentials.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLAMBDAENV';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  process.env.AWS_SESSION_TOKEN = 'token';
}, 60_000);
afterAll(async () => {
  process.env = savedEnv;
  await new Promise<void>((r) => server.close(() => r()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a package without modeled error classes', () => {
  it('throws the service error by name, retries throttling, and is smaller', async () => {
    const pruned = await bundle(true);
    const full = await bundle(false);
    expect(pruned.bytes).toBeLessThan(full.bytes - 20_000);

    for (const { entry } of [pruned, full]) {
      requests = [];
      script = [{ status: 400, body: { __type: 'ParameterNotFound', message: 'no such parameter: /x' } }];
      const err = (await entry.getParameter(endpoint, '/x').catch((e: unknown) => e)) as Record<
        string,
        unknown
      >;
      expect(err).toMatchObject({
        name: 'ParameterNotFound',
        message: 'no such parameter: /x',
        $fault: 'client',
        $metadata: expect.objectContaining({ httpStatusCode: 400, requestId: 'r-1' }),
      });
      expect(entry.isServiceException(err)).toBe(true);
      // A client error is not retried.
      expect(requests).toHaveLength(1);
      expect(requests[0]?.target).toBe('AmazonSSM.GetParameter');

      requests = [];
      script = [
        { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
        { status: 500, body: { __type: 'InternalServerError', message: 'oops' } },
      ];
      expect(await entry.getParameter(endpoint, '/x')).toEqual({ value: 'the value', attempts: 3 });
      expect(requests).toHaveLength(3);
      // Signed with the Lambda environment's credentials.
      expect(requests[0]?.auth).toContain('Credential=AKIDLAMBDAENV/');
    }
    // The Lambda credential chain replaces the SDK's default chain in every package.
    expect(pruned.inputs.some((i) => i.endsWith('lib/infra/lambda-credentials.ts'))).toBe(true);
    expect(
      pruned.inputs.filter((i) => /credential-provider-(ini|sso|process|web-identity|login)\//.test(i)),
    ).toEqual([]);
  }, 120_000);

  it('keeps the base exception registered and drops only the modeled errors', () => {
    const src = [
      'import { TypeRegistry } from "@smithy/core/schema";',
      'import { AccessDeniedException, ParameterNotFound, } from "../models/errors";',
      'import { SSMServiceException } from "../models/SSMServiceException";',
      '_s_registry.registerError(SSMServiceException$, SSMServiceException);',
      'n0_registry.registerError(AccessDeniedException$, AccessDeniedException);',
      'n1_registry.registerError(ParameterNotFound$, ParameterNotFound);',
      'export var GetParameter$ = [9, n0, _GP, 0, () => GetParameterRequest$, () => GetParameterResult$];',
    ].join('\n');
    const out = pruneModeledErrors(src).split('\n').filter(Boolean);
    expect(out).toEqual([
      'import { TypeRegistry } from "@smithy/core/schema";',
      'import { SSMServiceException } from "../models/SSMServiceException";',
      '_s_registry.registerError(SSMServiceException$, SSMServiceException);',
      'export var GetParameter$ = [9, n0, _GP, 0, () => GetParameterRequest$, () => GetParameterResult$];',
    ]);
  });
});

describe('the Lambda credential chain', () => {
  it("reads the environment's credentials and names the variables when there are none", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDONE';
    const provider = defaultProvider();
    expect(await provider()).toMatchObject({
      accessKeyId: 'AKIDONE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    const keep = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      await expect(defaultProvider()()).rejects.toThrow(
        /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_CONTAINER_CREDENTIALS_FULL_URI/,
      );
    } finally {
      process.env.AWS_ACCESS_KEY_ID = keep.id;
      process.env.AWS_SECRET_ACCESS_KEY = keep.secret;
    }
  });
});
