/**
 * Static table of AWS Region codes, the one place perfscan keeps them. Used to validate names given by
 * the user (config `regions`, `--regions`), to suggest the closest code on a typo, and (opt-in flags) to
 * read an EC2 AuthFailure as "region not enabled"; which regions a scan covers always comes from the
 * account (EC2 DescribeRegions).
 *
 * Source: the AWS SDK for JavaScript v3 partitions table (@aws-sdk/core 3.981.0, `partitionsInfo`:
 * partitions aws, aws-cn, aws-us-gov, aws-eusc), cross-read with
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * Retrieved: 2026-11. Opt-in flags: Regions launched after 20 March 2019 are disabled by default
 * (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html).
 * A Region AWS launches later is rejected until this table is updated; the error says so.
 */
export interface RegionInfo {
  code: string;
  name: string;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-eusc';
  /** Disabled by default; must be enabled in the account before it can be scanned. */
  optIn: boolean;
}

export const REGION_TABLE_SOURCE =
  '@aws-sdk/core 3.981.0 partitionsInfo; AWS Regions page; retrieved 2026-11';

export const REGION_TABLE: readonly RegionInfo[] = [
  { code: 'us-east-1', name: 'US East (N. Virginia)', partition: 'aws', optIn: false },
  { code: 'us-east-2', name: 'US East (Ohio)', partition: 'aws', optIn: false },
  { code: 'us-west-1', name: 'US West (N. California)', partition: 'aws', optIn: false },
  { code: 'us-west-2', name: 'US West (Oregon)', partition: 'aws', optIn: false },
  { code: 'af-south-1', name: 'Africa (Cape Town)', partition: 'aws', optIn: true },
  { code: 'ap-east-1', name: 'Asia Pacific (Hong Kong)', partition: 'aws', optIn: true },
  { code: 'ap-east-2', name: 'Asia Pacific (Taipei)', partition: 'aws', optIn: true },
  { code: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', partition: 'aws', optIn: false },
  { code: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', partition: 'aws', optIn: false },
  { code: 'ap-northeast-3', name: 'Asia Pacific (Osaka)', partition: 'aws', optIn: false },
  { code: 'ap-south-1', name: 'Asia Pacific (Mumbai)', partition: 'aws', optIn: false },
  { code: 'ap-south-2', name: 'Asia Pacific (Hyderabad)', partition: 'aws', optIn: true },
  { code: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', partition: 'aws', optIn: false },
  { code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', partition: 'aws', optIn: false },
  { code: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)', partition: 'aws', optIn: true },
  { code: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)', partition: 'aws', optIn: true },
  { code: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)', partition: 'aws', optIn: true },
  { code: 'ap-southeast-6', name: 'Asia Pacific (New Zealand)', partition: 'aws', optIn: true },
  { code: 'ap-southeast-7', name: 'Asia Pacific (Thailand)', partition: 'aws', optIn: true },
  { code: 'ca-central-1', name: 'Canada (Central)', partition: 'aws', optIn: false },
  { code: 'ca-west-1', name: 'Canada West (Calgary)', partition: 'aws', optIn: true },
  { code: 'eu-central-1', name: 'Europe (Frankfurt)', partition: 'aws', optIn: false },
  { code: 'eu-central-2', name: 'Europe (Zurich)', partition: 'aws', optIn: true },
  { code: 'eu-north-1', name: 'Europe (Stockholm)', partition: 'aws', optIn: false },
  { code: 'eu-south-1', name: 'Europe (Milan)', partition: 'aws', optIn: true },
  { code: 'eu-south-2', name: 'Europe (Spain)', partition: 'aws', optIn: true },
  { code: 'eu-west-1', name: 'Europe (Ireland)', partition: 'aws', optIn: false },
  { code: 'eu-west-2', name: 'Europe (London)', partition: 'aws', optIn: false },
  { code: 'eu-west-3', name: 'Europe (Paris)', partition: 'aws', optIn: false },
  { code: 'il-central-1', name: 'Israel (Tel Aviv)', partition: 'aws', optIn: true },
  { code: 'me-central-1', name: 'Middle East (UAE)', partition: 'aws', optIn: true },
  { code: 'me-south-1', name: 'Middle East (Bahrain)', partition: 'aws', optIn: true },
  { code: 'me-west-1', name: 'Middle East (Saudi Arabia)', partition: 'aws', optIn: true },
  { code: 'mx-central-1', name: 'Mexico (Central)', partition: 'aws', optIn: true },
  { code: 'sa-east-1', name: 'South America (Sao Paulo)', partition: 'aws', optIn: false },
  { code: 'sa-west-1', name: 'South America (Chile)', partition: 'aws', optIn: true },
  { code: 'cn-north-1', name: 'China (Beijing)', partition: 'aws-cn', optIn: false },
  { code: 'cn-northwest-1', name: 'China (Ningxia)', partition: 'aws-cn', optIn: false },
  { code: 'us-gov-east-1', name: 'AWS GovCloud (US-East)', partition: 'aws-us-gov', optIn: false },
  { code: 'us-gov-west-1', name: 'AWS GovCloud (US-West)', partition: 'aws-us-gov', optIn: false },
  {
    code: 'eusc-de-east-1',
    name: 'AWS European Sovereign Cloud (Germany)',
    partition: 'aws-eusc',
    optIn: false,
  },
];
