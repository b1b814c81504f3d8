/**
 * Lambda's Invoke API played on 127.0.0.1: `POST /2015-03-31/functions/{name}/invocations` runs the named
 * handler (the real one, in process) and answers as Lambda does: 200 with the result as the payload, or 200
 * with `X-Amz-Function-Error: Unhandled` and `{errorType, errorMessage}` when the handler throws. A function
 * can be made to refuse (403 AccessDeniedException) or to throttle its first N invocations (429
 * TooManyRequestsException), so the caller's real SDK client, its serialization and its retries are exercised.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LocalHandler = (event: unknown) => Promise<unknown>;

export interface LocalLambda {
  client: LambdaClient;
  /** Invocations received, throttled and refused ones included. */
  calls: { name: string; bytes: number; status: number }[];
  /** Deny every invocation of these functions (AccessDeniedException). */
  deny: Set<string>;
  /** Throttle the next N invocations (TooManyRequestsException). */
  throttleNext: number;
  stop(): Promise<void>;
}

export async function startLocalLambda(
  functions: Record<string, LocalHandler>,
  opts: { maxAttempts?: number } = {},
): Promise<LocalLambda> {
  const local: Omit<LocalLambda, 'client' | 'stop'> = { calls: [], deny: new Set(), throttleNext: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      const name = decodeURIComponent(m?.[1] ?? '');
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        local.calls.push({ name, bytes: body.length, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const fn = functions[name];
      if (req.method !== 'POST' || !fn) {
        send(
          404,
          { Type: 'User', Message: `Function not found: ${name}` },
          {
            'x-amzn-errortype': 'ResourceNotFoundException',
          },
        );
        return;
      }
      if (local.deny.has(name)) {
        send(
          403,
          {
            Message: `User: arn:aws:sts::111122223333:assumed-role/perfscan-scan/x is not authorized to perform: lambda:InvokeFunction on resource: ${name}`,
          },
          { 'x-amzn-errortype': 'AccessDeniedException' },
        );
        return;
      }
      if (local.throttleNext > 0) {
        local.throttleNext--;
        send(
          429,
          {
            Type: 'User',
            message: 'Rate Exceeded.',
            Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
          },
          {
            'x-amzn-errortype': 'TooManyRequestsException',
          },
        );
        return;
      }
      let event: unknown;
      try {
        event = JSON.parse(body.toString('utf8'));
      } catch {
        send(
          400,
          { Type: 'User', message: 'Could not parse request body into json' },
          {
            'x-amzn-errortype': 'InvalidRequestContentException',
          },
        );
        return;
      }
      fn(event).then(
        (result) => send(200, result ?? null, { 'x-amz-executed-version': '$LATEST' }),
        (err: unknown) =>
          send(
            200,
            {
              errorType: err instanceof Error ? err.name : 'Error',
              errorMessage: err instanceof Error ? err.message : String(err),
            },
            { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
          ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new LambdaClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: opts.maxAttempts ?? 3,
    retryMode: 'standard',
  });
  return Object.assign(local, {
    client,
    stop: () =>
      new Promise<void>((r) => {
        client.destroy();
        server.close(() => r());
      }),
  });
}
