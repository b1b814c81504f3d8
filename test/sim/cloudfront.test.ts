import { describe, expect, it } from 'vitest';
import {
  CloudFrontClient,
  ListDistributionsCommand,
  type ListDistributionsCommandOutput,
} from '@aws-sdk/client-cloudfront';
import { createSimulatedAccount, type SimAccount } from '#lib/sim/index.js';
import { cloudfrontSimState } from '#lib/sim/cloudfront.js';
import { simClientFactory } from '#test/helpers/sim-clients.js';

const mean = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0) / xs.length;

function metric(
  account: SimAccount,
  comment: string,
  metricName: string,
  stat: string,
  region = 'us-east-1',
) {
  const id = cloudfrontSimState(account).distributions.find((d) => d.Comment === comment)?.Id as string;
  const end = account.options.now;
  return account.metricValues(
    {
      namespace: 'AWS/CloudFront',
      metricName,
      dimensions: { DistributionId: id, Region: 'Global' },
      stat,
      periodSeconds: 86_400,
      start: new Date(end.getTime() - 14 * 86_400_000),
      end,
    },
    region,
  );
}

describe('CloudFront simulator', () => {
  it('pages ListDistributions with MaxItems <= 100 and NextMarker = last id', async () => {
    const account = createSimulatedAccount({ scale: 30 });
    const client = simClientFactory(account, 'us-east-1').get(CloudFrontClient);
    const first: ListDistributionsCommandOutput = await client.send(
      new ListDistributionsCommand({ MaxItems: 100 }),
    );
    const list = first.DistributionList;
    expect(list?.Quantity).toBe(100);
    expect(list?.IsTruncated).toBe(true);
    expect(list?.NextMarker).toBe(list?.Items?.[99]?.Id);
    const second = await client.send(
      new ListDistributionsCommand({ MaxItems: 100, Marker: list?.NextMarker }),
    );
    expect(second.DistributionList?.Items?.[0]?.Id).not.toBe(list?.Items?.[0]?.Id);
    await expect(client.send(new ListDistributionsCommand({ MaxItems: 101 }))).rejects.toThrow(/MaxItems/);
  });

  it('answers only a us-east-1 client', async () => {
    const client = simClientFactory(createSimulatedAccount(), 'eu-west-1').get(CloudFrontClient);
    await expect(client.send(new ListDistributionsCommand({}))).rejects.toThrow(/us-east-1/);
  });

  it('publishes hit rates where additional metrics are on, and requests everywhere there is traffic', () => {
    const account = createSimulatedAccount();
    expect(mean(metric(account, 'static-site', 'CacheHitRate', 'Average'))).toBeGreaterThan(95);
    const media = mean(metric(account, 'media-static', 'CacheHitRate', 'Average'));
    expect(media).toBeGreaterThan(55);
    expect(media).toBeLessThan(65);
    expect(metric(account, 'api-edge', 'CacheHitRate', 'Average')).toEqual([]);
    expect(metric(account, 'api-edge', 'Requests', 'Sum')).toHaveLength(14);
    expect(metric(account, 'legacy-downloads', 'Requests', 'Sum')).toEqual([]);
    // CloudFront metrics live in us-east-1 only.
    expect(metric(account, 'static-site', 'CacheHitRate', 'Average', 'eu-west-1')).toEqual([]);
  });

  it('is one account-wide set of distributions that grows with scale', () => {
    const base = cloudfrontSimState(createSimulatedAccount()).distributions.length;
    expect(cloudfrontSimState(createSimulatedAccount({ scale: 2 })).distributions).toHaveLength(base * 2);
    const a = createSimulatedAccount();
    expect(cloudfrontSimState(a, 'us-east-1')).toBe(cloudfrontSimState(a, 'eu-west-1'));
  });
});
