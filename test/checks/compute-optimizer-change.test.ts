/**
 * A Compute Optimizer recommendation's kind of change comes from its data (current configuration vs top
 * option), so it pairs with our own checks by resource and kind, not by a list of check ids.
 */
import { describe, expect, it } from 'vitest';
import { recommendationChange } from '#lib/checks/compute-optimizer-results.js';
import { computeoptimizerEbsVolumeOptimized } from '#lib/checks/computeoptimizer/computeoptimizer-ebs-volume-optimized.js';
import { aRecommendation, aSnapshot, runCheck } from '#test/builders/index.js';

describe('recommendationChange', () => {
  it.each([
    ['ebs', 'notoptimized', 'gp2', 'gp3', ['storage-type']],
    ['ebs', 'notoptimized', 'io1', 'io2', ['storage-type']],
    ['ebs', 'notoptimized', 'gp3', 'gp3', ['resize']],
    ['rds', 'notoptimized', 'gp2', 'gp3', ['storage-type']],
    ['lambda', 'notoptimized', '128 MB', '512 MB', ['resize']],
    ['ec2', 'overprovisioned', 'm5.xlarge', 'm5.large', ['resize']],
    ['ec2', 'underprovisioned', 'c5.xlarge', 'c5.2xlarge', ['resize']],
    ['ec2', 'overprovisioned', 'm5.2xlarge', 'm7g.xlarge', ['architecture', 'generation', 'resize']],
    ['ec2', 'overprovisioned', 'r5.large', 'm5.large', ['resize']],
    ['ec2', 'overprovisioned', 'm4.xlarge', 'm5.large', ['generation', 'resize']],
    ['ec2', 'notoptimized', 'm6i.large', 'm6g.large', ['architecture']],
    ['asg', 'overprovisioned', 'c5.large', 't3.large', ['generation', 'resize']],
    ['rds', 'overprovisioned', 'db.r6i.2xlarge', 'db.r6i.xlarge', ['resize']],
    ['rds', 'notoptimized', 'db.m5.large', 'db.m6g.large', ['architecture', 'generation']],
    ['ec2', 'overprovisioned', 'unparseable', undefined, ['resize']],
  ] as const)('%s %s %s -> %s is %j', (kind, finding, current, topOption, expected) => {
    const r = aRecommendation({
      kind,
      finding,
      current,
      ...(topOption !== undefined ? { topOption } : { topOption: undefined }),
    });
    expect(recommendationChange(r)).toEqual(expected);
  });

  it('reaches the check result, so the engine puts it on the finding', () => {
    const [r] = runCheck(
      computeoptimizerEbsVolumeOptimized,
      aSnapshot({
        computeOptimizer: {
          enrollmentStatus: 'Active',
          recommendations: [
            aRecommendation({
              kind: 'ebs',
              resourceId: 'vol-1',
              finding: 'notoptimized',
              current: 'gp2',
              topOption: 'gp3',
            }),
          ],
        },
      }),
    );
    expect(r?.change).toEqual(['storage-type']);
  });
});
