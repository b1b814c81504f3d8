import { defineCheck, type CheckResult } from '../types.js';
import { fmt, label, missingSlice, sentence } from '../support.js';
import { GP3_BASELINE_IOPS, GP3_BASELINE_MIBPS, isLiveVolume } from '../ebs-volume-facts.js';

const NEEDS = ['ebs.volumes'];
const RESOURCE_TYPE = 'AWS::EC2::Volume';

export const ebsVolumeNotMagnetic = defineCheck({
  id: 'ebs-volume-not-magnetic',
  title: 'EBS volumes are not magnetic (standard)',
  service: 'ebs',
  control: 'WAF-PERF-090',
  severity: 'high',
  rationale:
    'Magnetic (standard) volumes are a previous-generation HDD type: about 100 IOPS on average with bursts to ' +
    'hundreds, and variable latency. gp3 gives 3,000 IOPS and 125 MiB/s baseline; st1/sc1 serve sequential, ' +
    'throughput-bound data at a low price.',
  remediation: {
    change: 'storage-type',
    text:
      'Modify the volume to gp3 (or st1/sc1 for large sequential, rarely read data) with Elastic Volumes; ' +
      'change any launch template or AMI block device mapping that still asks for standard.',
    docs: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html',
      'https://aws.amazon.com/ebs/previous-generation/',
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-volume.html',
    ],
    impact: 'gp3: 3,000 IOPS and 125 MiB/s baseline instead of about 100 IOPS, with SSD latency.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const ebs = snapshot.ebs;
    if (!ebs) return missingSlice(snapshot, 'ebs', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const v of ebs.volumes.filter(isLiveVolume)) {
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
          threshold: 'not standard',
          source: 'ec2:DescribeVolumes VolumeType',
        },
        { label: 'Size', value: v.sizeGiB, unit: 'GiB', source: 'ec2:DescribeVolumes Size' },
      ];
      if (v.volumeType !== 'standard') {
        results.push({
          ...base,
          status: 'pass',
          message: sentence(`${who} is ${v.volumeType}, not magnetic`),
          evidence,
        });
        continue;
      }
      results.push({
        ...base,
        status: 'fail',
        message: sentence(
          `${who} is a magnetic (standard) volume of ${fmt(v.sizeGiB, 0)} GiB, a previous-generation HDD type delivering about 100 IOPS on average`,
        ),
        evidence,
        impact: `As gp3: ${fmt(GP3_BASELINE_IOPS, 0)} IOPS and ${GP3_BASELINE_MIBPS} MiB/s baseline for ${fmt(v.sizeGiB, 0)} GiB.`,
      });
    }
    return results;
  },
});
