import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postSlack, SlackDeliveryError } from '#lib/notify/slack.js';

/** A local stand-in for Slack's webhook endpoint on 127.0.0.1: answers with the given status codes in turn. */
async function fakeSlack(statuses: number[]): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  let i = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      bodies.push(JSON.parse(data));
      const status = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'server_error');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/secret`, bodies, server };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

describe('postSlack', () => {
  it('posts the blocks and the text fallback, with link names off', async () => {
    const fake = await fakeSlack([200]);
    server = fake.server;
    await postSlack(fake.url, {
      text: 'perfscan: Level 2',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });
    expect(fake.bodies).toHaveLength(1);
    expect(fake.bodies[0]).toMatchObject({
      text: 'perfscan: Level 2',
      link_names: false,
      blocks: [{ type: 'section' }],
    });
  });

  it('retries a failing webhook and succeeds', async () => {
    const fake = await fakeSlack([500, 503, 200]);
    server = fake.server;
    await postSlack(fake.url, { text: 't', blocks: [] }, { retries: 3, minTimeoutMs: 10 });
    expect(fake.bodies).toHaveLength(3);
  });

  it('reports a permanent failure without leaking the webhook URL', async () => {
    const fake = await fakeSlack([500]);
    server = fake.server;
    const err = await postSlack(fake.url, { text: 't', blocks: [] }, { retries: 2, minTimeoutMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect(String((err as Error).message)).toMatch(/HTTP 500/);
    expect(String((err as Error).message)).not.toContain('secret');
    expect(fake.bodies).toHaveLength(3);
  });
});
