/**
 * Lambda packages (issue 10.3): each handler bundles to one file <= 1.5 MB with no source map, holding
 * only the SDK clients that handler calls, and the bundle loads and validates its event.
 * Sizes and cold-import times are reported by the benchmark (bench/lambda-packages.ts), not timed here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { requiredIamActions } from '#lib/collect/registry.js';
import {
  LAMBDA_HANDLERS,
  MAX_PACKAGE_BYTES,
  bundleHandler,
  inlineSchemaKeys,
  type BundleResult,
  type LambdaHandlerName,
} from '#lib/infra/bundle.js';

/** IAM service prefix of a collector -> the SDK client package that calls it. */
const CLIENT_OF: Record<string, string> = {
  'application-autoscaling': '@aws-sdk/client-application-auto-scaling',
  'application-signals': '@aws-sdk/client-application-signals',
  autoscaling: '@aws-sdk/client-auto-scaling',
  cloudfront: '@aws-sdk/client-cloudfront',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  'compute-optimizer': '@aws-sdk/client-compute-optimizer',
  'cost-optimization-hub': '@aws-sdk/client-cost-optimization-hub',
  'devops-guru': '@aws-sdk/client-devops-guru',
  ec2: '@aws-sdk/client-ec2',
  elasticache: '@aws-sdk/client-elasticache',
  lambda: '@aws-sdk/client-lambda',
  pricing: '@aws-sdk/client-pricing',
  rds: '@aws-sdk/client-rds',
  sts: '@aws-sdk/client-sts',
};

/** What each handler calls besides the collectors: its table, its config, and its delivery channels. */
const EXPECTED: Record<LambdaHandlerName, () => string[]> = {
  // The release radar: offerings of EC2, RDS and ElastiCache, the Lambda API model's enums (no client code), its
  // table, and StartExecution.
  radar: () => [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-ec2',
    '@aws-sdk/client-elasticache',
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-rds',
    '@aws-sdk/client-sfn',
  ],
  plan: () => [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-ec2', // DescribeRegions
    '@aws-sdk/client-organizations',
    '@aws-sdk/client-s3', // the unit list
    '@aws-sdk/client-ssm', // the config a rescore judges with
    '@aws-sdk/client-sts',
  ],
  scan: () => [
    ...new Set([
      // The Scan Lambda asks the Pricing Lambda for prices (its 1.5 MB budget; docs/savings.md): no Price List
      // client, and the Lambda client it carries for the collector also invokes the Pricing function.
      ...requiredIamActions()
        .filter((a) => !a.startsWith('pricing:'))
        .map((a) => {
          const client = CLIENT_OF[a.split(':')[0] as string];
          if (!client) throw new Error(`no SDK client known for ${a}; add it to CLIENT_OF`);
          return client;
        }),
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-s3', // the unit's snapshot
      '@aws-sdk/client-ssm',
    ]),
  ],
  digest: () => [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-s3', // unit list, map results, the Markdown
    '@aws-sdk/client-secrets-manager',
    '@aws-sdk/client-sesv2',
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-wellarchitected', // wa sync after the digest (integrations.wellArchitected)
  ],
  pricing: () => [
    '@aws-sdk/client-dynamodb', // the price cache
    '@aws-sdk/client-pricing',
  ],
  integrations: () => [
    '@aws-sdk/client-dynamodb', // the scan's units and findings
    '@aws-sdk/client-securityhub',
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-sts', // the own account when the context has no function ARN
  ],
};

const built = new Map<LambdaHandlerName, { result: BundleResult; dir: string }>();

beforeAll(async () => {
  // One at a time: three esbuild runs at once only compete for the same 2 CPUs.
  for (const h of LAMBDA_HANDLERS) {
    const dir = mkdtempSync(path.join(tmpdir(), `perfscan-pkg-${h}-`));
    built.set(h, { result: await bundleHandler(h, dir), dir });
  }
}, 300_000);

describe.each(LAMBDA_HANDLERS)('the %s package', (h) => {
  it(`is one file of at most ${MAX_PACKAGE_BYTES.toLocaleString('en-US')} bytes with no source map`, async () => {
    const { result, dir } = built.get(h)!;
    expect(await readdir(dir)).toEqual(['index.mjs']);
    expect(result.bytes).toBeLessThanOrEqual(MAX_PACKAGE_BYTES);
    const code = await readFile(result.file, 'utf8');
    expect(code).not.toMatch(/sourceMappingURL/);
  });

  it('holds exactly the SDK clients this handler calls', () => {
    const { result } = built.get(h)!;
    expect(result.sdkClients).toEqual([...EXPECTED[h]()].sort());
  });

  it('loads and rejects a malformed event naming the field', async () => {
    const { result } = built.get(h)!;
    const mod = (await import(pathToFileURL(result.file).href)) as {
      handler: (event: unknown) => Promise<unknown>;
    };
    await expect(mod.handler({ scanId: 'not-a-scan-id', unit: 'x', input: 1 })).rejects.toThrow(
      /Invalid (Plan|Scan|Digest|Integrations|Pricing|Radar) event: /,
    );
  });
});

describe('SDK schema key inlining', () => {
  it('turns constant computed keys into the same literal keys and leaves everything else alone', () => {
    const src = [
      'const _xN = "xmlName";',
      'const _q = "say \\"hi\\"";',
      'export var A$ = [3, n0, _A, 0, [_M], [[1, { [_xN]: _m, [_q]: 1 }]]];',
      'const x = cond ? obj[_xN] : other;',
      'const y = { [dynamic]: 1 };',
    ].join('\n');
    const out = inlineSchemaKeys(src);
    expect(out).toContain('[[1, { "xmlName": _m, "say \\"hi\\"": 1 }]]');
    expect(out).toContain('const x = cond ? obj[_xN] : other;');
    expect(out).toContain('{ [dynamic]: 1 }');
    // Same object either way.
    const evalObj = (code: string) =>
      new Function('_m', `${code.split('\n').slice(0, 2).join('\n')}; return { [_xN]: _m, [_q]: 1 };`)(7);
    expect(evalObj(src)).toEqual({ xmlName: 7, 'say "hi"': 1 });
  });
});
