/**
 * EBS volume performance facts used by the EBS checks.
 * Source: AWS EBS docs, "General Purpose SSD volumes" and "Provisioned IOPS SSD volumes"
 * (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html,
 * https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html), checked 2025-06; gp3 maxima from the
 * same page after AWS raised them in 2025 (gp3 up to 64 TiB, 80,000 IOPS and 2,000 MiB/s per volume).
 */

/** Where the gp3 maxima come from (evidence and threshold sources). */
export const GP3_LIMITS_SOURCE =
  'AWS EBS docs, General Purpose SSD volumes (gp3: up to 80,000 IOPS and 2,000 MiB/s per volume, raised 2025), ' +
  'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html';

/** gp3 baseline, included in the storage price, regardless of size. */
export const GP3_BASELINE_IOPS = 3000;
export const GP3_BASELINE_MIBPS = 125;
/** gp3 provisionable maximum throughput (MiB/s) and IOPS per volume. */
export const GP3_MAX_MIBPS = 2000;
export const GP3_MAX_IOPS = 80_000;

/** gp2 baseline: 3 IOPS per GiB, at least 100, at most 16,000. */
export function gp2BaselineIops(sizeGiB: number): number {
  return Math.max(100, Math.min(16000, 3 * sizeGiB));
}

/** gp2 throughput ceiling: 128 MiB/s up to 170 GiB, 250 MiB/s above (170-334 GiB only while credits last). */
export function gp2MaxThroughputMiBps(sizeGiB: number): number {
  return sizeGiB <= 170 ? 128 : 250;
}

/** gp2 volumes of 1,000 GiB and more have a baseline at or above the 3,000 IOPS burst: credits are never spent. */
export const GP2_NO_BURST_MIN_GIB = 1000;

/** Volumes being deleted (or failed) say nothing about the fleet. */
export function isLiveVolume(v: { state: string }): boolean {
  return v.state !== 'deleting' && v.state !== 'deleted' && v.state !== 'error';
}
