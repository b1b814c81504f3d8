/**
 * `perfscan report --format slack|email` renders the payloads; `perfscan digest --send slack` posts a
 * stored scan's digest to a webhook (a local stand-in on 127.0.0.1); the webhook URL only from the env.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

let dir: string;
let server: Server;
let url: string;
const bodies: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-digest-'));
  const scan = await runCli(['scan', '--simulated', '--out', 'r', '--quiet'], dir);
  expect(scan.code, scan.stderr).toBe(0);
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      bodies.push(JSON.parse(data));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/secret`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('report --format slack|email', () => {
  it('renders the Slack payload and the email as JSON', async () => {
    const slack = await runCli(['report', '--out', 'r', '--format', 'slack'], dir);
    expect(slack.code, slack.stderr).toBe(0);
    const msg = JSON.parse(slack.stdout) as { text: string; blocks: { type: string }[] };
    expect(msg.blocks[0]?.type).toBe('header');
    expect(slack.stdout).toMatch(/\|[A-Z][^|<>]+ \([^|<>]+\)>/); // titled documentation links
    const email = await runCli(['report', '--out', 'r', '--format', 'email'], dir);
    expect(email.code, email.stderr).toBe(0);
    const mail = JSON.parse(email.stdout) as { subject: string; html: string; text: string };
    expect(mail.subject).toMatch(/^perfscan 111122223333: Level \d/);
    expect(mail.html).toContain('<!DOCTYPE html>');
    expect(mail.text).toContain('perfscan digest');
  });
});

describe('digest --send', () => {
  it('posts the stored digest to the Slack webhook from PERFSCAN_SLACK_WEBHOOK_URL, linking the report', async () => {
    const r = await runCli(
      ['digest', '--send', 'slack', '--out', 'r', '--report-url', 'https://reports.example.com/r.html'],
      dir,
      { NO_COLOR: '1', PERFSCAN_SLACK_WEBHOOK_URL: url },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sent the digest of scan \S+ to Slack/);
    expect(r.stderr + r.stdout).not.toContain('secret');
    expect(bodies).toHaveLength(1);
    const body = JSON.stringify(bodies[0]);
    expect(body).toContain('"type":"header"');
    expect(body).toContain('<https://reports.example.com/r.html|full report>');
  });

  it('refuses without the webhook URL in the environment (exit 2, names the variable)', async () => {
    const r = await runCli(['digest', '--send', 'slack', '--out', 'r'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PERFSCAN_SLACK_WEBHOOK_URL');
  });

  it('email needs --from and --to (exit 2)', async () => {
    const r = await runCli(['digest', '--send', 'email', '--out', 'r'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from and --to');
  });
});
