import { defineCheck, type CheckResult } from '../types.js';
import { fmt, label, missingSlice, sentence } from '../support.js';
import {
  GP3_BASELINE_IOPS,
  GP3_BASELINE_MIBPS,
  gp2BaselineIops,
  gp2MaxThroughputMiBps,
  isLiveVolume,
} from '../ebs-volume-facts.js';

const NEEDS = ['ebs.volumes'];
const RESOURCE_TYPE = 'AWS::EC2::Volume';
const DOCS_SOURCE = 'AWS EBS docs (General Purpose SSD volumes)';

export const ebsVolumeTypeGp3 = defineCheck({
  id: 'ebs-volume-type-gp3',
  title: 'General Purpose EBS volumes are gp3',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    'gp3 gives a baseline of 3,000 IOPS and 125 MiB/s regardless of size, with IOPS and throughput ' +
    'provisioned separately, at about 20% lower price per GB than gp2. gp2 ties performance to size ' +
    '(3 IOPS per GiB, at least 100 and at most 16,000) and relies on burst credits below 1,000 GiB.',
  remediation: {
    change: 'storage-type',
    text:
      'Modify the volume to gp3 with Elastic Volumes (no detach, no downtime); provision IOPS and throughput ' +
      "above gp3's baseline only where the gp2 baseline was higher. Change launch templates and IaC defaults to gp3.",
    docs: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-volume.html',
      'https://aws.amazon.com/blogs/storage/migrate-your-amazon-ebs-volumes-from-gp2-to-gp3-and-save-up-to-20-on-costs/',
    ],
    impact:
      'About 20% cheaper per GB than gp2; 3,000 IOPS and 125 MiB/s baseline regardless of size, no burst credits.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const ebs = snapshot.ebs;
    if (!ebs) return missingSlice(snapshot, 'ebs', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of ebs.volumes.filter(isLiveVolume)) {
      if (v.volumeType !== 'gp2' && v.volumeType !== 'gp3') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: v.volumeId,
        resourceArn: v.arn,
        resourceName: v.name,
      };
      const who = label(v.volumeId, v.name);
      const typeEvidence = {
        label: 'Volume type',
        value: v.volumeType,
        threshold: 'gp3',
        source: 'ec2:DescribeVolumes VolumeType',
      };
      if (v.volumeType === 'gp3') {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} is gp3 (${fmt(v.sizeGiB, 0)} GiB)`),
          evidence: [typeEvidence],
        });
        continue;
      }
      const baseline = gp2BaselineIops(v.sizeGiB);
      const throughput = gp2MaxThroughputMiBps(v.sizeGiB);
      const extraIops = Math.max(0, baseline - GP3_BASELINE_IOPS);
      const iopsText =
        extraIops === 0
          ? `gp3's ${fmt(GP3_BASELINE_IOPS, 0)} IOPS baseline meets it without extra IOPS`
          : `gp3 needs ${fmt(extraIops, 0)} provisioned IOPS above its ${fmt(GP3_BASELINE_IOPS, 0)} baseline to match it`;
      const throughputText =
        throughput > GP3_BASELINE_MIBPS && v.sizeGiB > 170
          ? `; gp2 allows up to ${throughput} MiB/s, so provision up to ${throughput} MiB/s on gp3 if the workload uses it`
          : '';
      results.push({
        ...base,
        status: 'fail',
        message: sentence(
          `${who} is gp2 (${fmt(v.sizeGiB, 0)} GiB, baseline ${fmt(baseline, 0)} IOPS); ${iopsText}${throughputText}`,
        ),
        evidence: [
          typeEvidence,
          { label: 'Size', value: v.sizeGiB, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
          {
            label: 'gp2 baseline IOPS (max(100, min(16000, 3 x GiB)))',
            value: baseline,
            unit: 'IOPS',
            threshold: `gp3 baseline ${GP3_BASELINE_IOPS}`,
            source: DOCS_SOURCE,
          },
          {
            label: 'gp2 maximum throughput',
            value: throughput,
            unit: 'MiB/s',
            threshold: `gp3 baseline ${GP3_BASELINE_MIBPS}`,
            source: DOCS_SOURCE,
          },
        ],
        impact:
          extraIops === 0
            ? `About 20% cheaper per GB as gp3 with no extra IOPS, and ${fmt(GP3_BASELINE_IOPS / baseline, 1)}x the gp2 baseline IOPS.`
            : `About 20% cheaper per GB as gp3; provision ${fmt(baseline, 0)} IOPS to keep today's baseline.`,
      });
    }
    return results;
  },
});
