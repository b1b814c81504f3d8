/**
 * A digest built (with the real buildDigest and scorer) from findings whose resource names, tags, messages,
 * evidence, suppression owners, gap messages and scan reason are hostile.
 */
import { buildDigest } from '#lib/digest/build.js';
import type { Digest } from '#lib/digest/types.js';
import type { Finding, Suppression } from '#lib/model/index.js';
import { ACCOUNT, aFinding, aGap, aHeader, aUnit } from './builders.js';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  pwn: '<img src=x onerror="window.__pwned=1">',
  pwnScript: '<script>window.__pwned=1</script>',
  channel: '<!channel>',
  hereBracket: '<!here>',
  here: '@here',
  atChannel: '@channel',
  user: '<@U123>',
  emphasis: '*bold* _it_ ~s~ `code`',
  link: '<https://evil.example|click>',
  formula: '=HYPERLINK("http://x")',
  pipes: 'a|b',
  newline: 'line1\nINJECTED_LINE # heading',
  quotes: '"quotes" and \'single\'',
  ansi: '\u001b[31mRED\u001b[0m',
} as const;

export const HOSTILE_VALUES: readonly string[] = Object.values(HOSTILE);

const suppression = (owner: string): Suppression => ({
  checkId: 'ebs-volume-type-gp3',
  resource: HOSTILE.emphasis,
  reason: HOSTILE.link,
  owner,
  expires: '2025-06-01',
});

/**
 * Five checks with three resources each: every hostile name is among a check's three worst resources, so
 * every renderer shows every one of them (the digest groups findings by check).
 */
const CHECKS = [
  'ebs-volume-type-gp3',
  'ebs-volume-not-magnetic',
  'ebs-volume-burst-balance',
  'ebs-volume-iops-headroom',
  'ebs-volume-queue-length',
] as const;

export function hostileFindings(): Finding[] {
  return Object.entries(HOSTILE).map(([k, name], i) =>
    aFinding({
      checkId: CHECKS[i % CHECKS.length]!,
      resourceId: `vol-${String(i).padStart(4, '0')}-${k}`,
      resourceName: name,
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/${name}`,
      severity: i % 2 ? 'high' : 'medium',
      message: `Volume ${name} is gp2 (100 GiB).`,
      evidence: [
        { label: `Tag Name=${name}`, value: name, threshold: 'gp3', source: 'ec2:DescribeVolumes Tags' },
        {
          label: 'Burst balance minimum',
          value: 12.5,
          unit: 'Percent',
          metric: 'AWS/EBS/BurstBalance',
          statistic: 'Minimum of hourly Minimum',
          window: '14 days, 1-hour periods',
          threshold: '>= 20',
        },
      ],
      remediation: {
        text: `Modify ${name} to gp3.`,
        docs: [
          'https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html',
          `javascript:alert(1)//${name}`,
        ],
        impact: 'about 20% cheaper per GB',
      },
      // The expired suppression names a hostile owner.
      ...(k === 'here' ? { expiredSuppression: suppression(HOSTILE.channel) } : {}),
    }),
  );
}

export function hostileDigest(topN = 20): Digest {
  const findings = hostileFindings();
  return buildDigest({
    header: aHeader({ reason: `${HOSTILE.script} ${HOSTILE.channel} ${HOSTILE.here}`, status: 'partial' }),
    units: [
      aUnit({
        status: 'partial',
        gaps: [aGap({ message: `${HOSTILE.pwn} ${HOSTILE.user}`, hint: HOSTILE.formula })],
      }),
    ],
    findings,
    previous: {
      header: aHeader({ scanId: 'scan-1', startedAt: '2025-06-01T06:00:00.000Z' }),
      units: [aUnit({ scanId: 'scan-1' })],
      findings: [aFinding({ resourceId: 'vol-gone', resourceName: HOSTILE.link })],
    },
    debt: [],
    attestations: [
      {
        item: 'L2-5',
        met: true,
        by: HOSTILE.user,
        date: '2025-01-01',
        link: HOSTILE.link,
        expires: '2025-05-01',
      },
    ],
    scansInHistory: 2,
    now: '2025-06-08T06:05:00.000Z',
    topN,
  });
}

/** Every mrkdwn / plain text string inside a Block Kit payload. */
export function slackTexts(msg: { text: string; blocks: object[] }): string[] {
  const out: string[] = [msg.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(msg.blocks);
  return out;
}
