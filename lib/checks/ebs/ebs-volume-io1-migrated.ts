import { defineCheck, type CheckResult } from '../types.js';
import { fmt, label, missingSlice, sentence } from '../support.js';
import { GP3_LIMITS_SOURCE, GP3_MAX_IOPS, GP3_MAX_MIBPS, isLiveVolume } from '../ebs-volume-facts.js';

const NEEDS = ['ebs.volumes'];
const RESOURCE_TYPE = 'AWS::EC2::Volume';

export const ebsVolumeIo1Migrated = defineCheck({
  id: 'ebs-volume-io1-migrated',
  title: 'Provisioned IOPS EBS volumes are io2 (or gp3), not io1',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'medium',
  rationale:
    'io2 costs the same as io1 per GB and per provisioned IOPS, allows up to 500 IOPS per GiB instead of 50, ' +
    'and is 100 times more durable (99.999% instead of 99.8-99.9%). When the provisioned IOPS fit gp3 (up to ' +
    "80,000 IOPS since 2025), gp3 is usually much cheaper: io1 delivers at most 1,000 MiB/s, within gp3's range " +
    '(up to 2,000 MiB/s), so the throughput need fits too. Multi-Attach volumes can only go to io2.',
  remediation: {
    change: 'storage-type',
    text:
      'Modify the volume to io2 with Elastic Volumes (no downtime). Where the provisioned IOPS fit gp3 and the ' +
      'workload tolerates single-digit millisecond latency, modify it to gp3 with the same IOPS instead.',
    docs: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html',
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-volume.html',
    ],
    impact:
      'io2: same price as io1, 100x durability, up to 500 IOPS/GiB; gp3: much lower price for the same IOPS.',
  },
  needs: NEEDS,
  thresholds: {
    gp3MaxIops: {
      default: GP3_MAX_IOPS,
      unit: 'IOPS',
      description:
        'Highest IOPS a gp3 volume can be provisioned with; io1 volumes at or below it are offered gp3.',
      source: GP3_LIMITS_SOURCE,
      min: 3000,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const ebs = snapshot.ebs;
    if (!ebs) return missingSlice(snapshot, 'ebs', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of ebs.volumes.filter(isLiveVolume)) {
      if (v.volumeType !== 'io1' && v.volumeType !== 'io2') continue;
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: v.volumeId,
        resourceArn: v.arn,
        resourceName: v.name,
      };
      const who = label(v.volumeId, v.name);
      const evidence = [
        {
          label: 'Volume type',
          value: v.volumeType,
          threshold: 'io2 or gp3',
          source: 'ec2:DescribeVolumes VolumeType',
        },
        {
          label: 'Provisioned IOPS',
          value: v.iops ?? null,
          unit: 'IOPS',
          threshold: `gp3 possible at <= ${t.gp3MaxIops}`,
          source: 'ec2:DescribeVolumes Iops',
        },
        { label: 'Size', value: v.sizeGiB, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
      ];
      if (v.volumeType === 'io2') {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} is io2 (${fmt(v.sizeGiB, 0)} GiB)`),
          evidence,
        });
        continue;
      }
      // More than one attachment means Multi-Attach, which gp3 does not support.
      const multiAttach = v.attachments.length > 1;
      const iopsText =
        v.iops === undefined ? 'provisioned IOPS not reported' : `${fmt(v.iops, 0)} provisioned IOPS`;
      let gp3Text: string;
      if (multiAttach) gp3Text = 'it is Multi-Attached, so io2 is the target (gp3 has no Multi-Attach)';
      else if (v.iops === undefined) gp3Text = 'whether gp3 fits cannot be judged without its IOPS';
      else if (v.iops <= t.gp3MaxIops)
        gp3Text = `gp3 also fits (${fmt(v.iops, 0)} <= ${fmt(t.gp3MaxIops, 0)} IOPS, up to ${fmt(GP3_MAX_MIBPS, 0)} MiB/s) at a lower price if single-digit millisecond latency is acceptable`;
      else gp3Text = `gp3 does not fit (${fmt(v.iops, 0)} > ${fmt(t.gp3MaxIops, 0)} IOPS)`;
      results.push({
        ...base,
        status: 'fail',
        message: sentence(
          `${who} is io1 (${fmt(v.sizeGiB, 0)} GiB, ${iopsText}): io2 costs the same with 99.999% durability and up to 500 IOPS/GiB; ${gp3Text}`,
        ),
        evidence,
        impact:
          !multiAttach && v.iops !== undefined && v.iops <= t.gp3MaxIops
            ? `gp3 with ${fmt(Math.max(v.iops, 3000), 0)} IOPS costs far less than io1; io2 keeps the price and raises durability 100x.`
            : 'io2 keeps the price and raises durability 100x (99.999%).',
      });
    }
    return results;
  },
});
