import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callerAccountId, enabledRegions } from '#lib/collect/regions.js';
import { createClientFactory } from '#lib/collect/clients.js';
import { RateLimiter } from '#lib/collect/rate-limit.js';
import { createSimulatedAccount } from '#lib/sim/index.js';

describe('enabledRegions / callerAccountId on the simulated account', () => {
  it('answers the enabled regions and the account id', async () => {
    const account = createSimulatedAccount({ enabledRegions: ['us-east-1', 'eu-west-1', 'me-south-1'] });
    const clients = createClientFactory({
      region: 'us-east-1',
      simulator: account,
      limiter: new RateLimiter(),
    });
    expect(await enabledRegions(clients)).toEqual(['eu-west-1', 'me-south-1', 'us-east-1']);
    expect(account.callsTo('DescribeRegionsCommand')[0]?.input.AllRegions).toBe(false);
    expect(await callerAccountId(clients)).toBe(account.accountId);
  });
});

describe('SDK endpoint settings', () => {
  const saved = process.env.AWS_ENDPOINT_URL_EC2;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EC2;
    else process.env.AWS_ENDPOINT_URL_EC2 = saved;
  });

  it('AWS_ENDPOINT_URL_EC2 routes a real EC2Client request to that endpoint', async () => {
    const requests: { url?: string; body: string; auth?: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ url: req.url, body, auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>4bc6a7d4-0000-0000-0000-000000000000</requestId>
  <regionInfo>
    <item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>
    <item><regionName>ap-east-1</regionName><regionEndpoint>ec2.ap-east-1.amazonaws.com</regionEndpoint><optInStatus>opted-in</optInStatus></item>
  </regionInfo>
</DescribeRegionsResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      process.env.AWS_ENDPOINT_URL_EC2 = `http://127.0.0.1:${port}`;
      const clients = createClientFactory({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'secret' },
        limiter: new RateLimiter(),
        maxAttempts: 1,
      });
      expect(await enabledRegions(clients)).toEqual(['ap-east-1', 'eu-west-1']);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.body).toContain('Action=DescribeRegions');
      expect(requests[0]?.body).toContain('AllRegions=false');
      expect(requests[0]?.auth).toContain('Credential=AKIDLOCALTEST/');
      expect(clients.stats.apiCalls).toEqual({ 'ec2:DescribeRegions': 1 });
      clients.destroy();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
