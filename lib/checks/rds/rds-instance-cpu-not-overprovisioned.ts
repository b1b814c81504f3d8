import type { EvidenceItem } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import {
  findMetric,
  fmt,
  fmtBeside,
  isNum,
  MIN_CPU_HOURS,
  missingSlice,
  rdsInstanceMetric,
  round,
  roundBeside,
  windowLabel,
} from '../support.js';
import { isStoppedDb, parseDbClass } from '../rds-instance-facts.js';

const NEEDS = ['rds.instances', 'metrics'];
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';
const NS = 'AWS/RDS';
const HOUR = 3600;

const GIB = 1024 ** 3;
const METRICS_DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html';
const CLASS_SPECS_DOC =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html';

/**
 * Over-provisioned DB instance CPU. Unlike EC2 (Trusted Advisor's "low on 4 of 14 days"), a database cannot be
 * resized for quiet days, so the rule asks that even its busy hours are quiet: the p95 of hourly average CPU
 * stays under 10%, and the hourly maxima do not spike (do not downsize on the average alone). Spiky is judged on
 * the p99 of hourly maxima (the 4th-highest of 336 hours), so one reboot or patch-run hour does not exempt an
 * otherwise idle instance; a few busy hours still do. A database is
 * often memory-bound rather than CPU-bound (its buffer pool fills the class's memory), and one class size down
 * halves the memory with the vCPUs: so it is a candidate only while at least half its memory stays free
 * (FreeableMemory against the class's memory), otherwise the low CPU is no reason to downsize.
 */
/**
 * Why the class's memory is not known: RDS for Oracle's preconfigured classes (`db.r5b.4xlarge.tpc2.mem2x`) have a
 * multiple of the standard class's memory and run on no EC2 type of that name (the collector does not look them
 * up); for any other class ec2:DescribeInstanceTypes did not answer.
 */
function memoryUnknown(cls: string): string {
  const p = parseDbClass(cls);
  return p?.preconfigured
    ? `the memory of ${cls} is not known (an RDS for Oracle preconfigured class: ${p.preconfigured.memoryRatio}x the memory of the standard ${p.family}.${p.size}, ${p.preconfigured.threadsPerCore} thread(s) per core, no EC2 type of its own)`
    : `the memory of ${cls} is not known (ec2:DescribeInstanceTypes)`;
}

export const rdsInstanceCpuNotOverprovisioned = defineCheck<
  'lowP95Percent' | 'spikyMaxPercent' | 'minHours' | 'minFreeMemoryPercent'
>({
  id: 'rds-instance-cpu-not-overprovisioned',
  title: 'RDS DB instances are not over-provisioned for CPU',
  service: 'rds',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'A DB instance whose busiest hours stay under 10% CPU pays for capacity it does not use. A measured baseline ' +
    'with few over-provisioned resources is WAF-PERF-010 L3. An instance whose p99 of hourly CPU maxima is 90% or ' +
    'more is spiky and is not flagged (not downsized on the average alone); one hour at 90% or more (a reboot, a ' +
    'patch run) does not make it spiky.',
  remediation: {
    change: 'resize',
    text:
      'Move to a smaller class (or the Graviton class of the same family) after checking FreeableMemory, IOPS and ' +
      'connections; the Compute Optimizer RDS recommendation includes memory and I/O.',
    docs: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html',
      'https://docs.aws.amazon.com/compute-optimizer/latest/ug/view-rds-recommendations.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html',
      METRICS_DOC,
    ],
    impact: 'One class size down halves the vCPUs and roughly halves the instance price.',
  },
  needs: NEEDS,
  thresholds: {
    lowP95Percent: {
      default: 10,
      unit: 'Percent',
      description: 'Over-provisioned when the p95 of hourly average CPU is below this.',
      source: 'Trusted Advisor Qch7DwouX1 10% CPU level (EC2), applied to the p95 of hourly averages',
      min: 0,
      max: 100,
    },
    spikyMaxPercent: {
      default: 90,
      unit: 'Percent',
      description: 'A p99 of hourly CPU maxima at or above this marks the instance spiky: not flagged.',
      source: 'service-screener-v2 (from Trusted Advisor): do not downsize on the average alone',
      min: 0,
      max: 100,
    },
    minHours: MIN_CPU_HOURS,
    minFreeMemoryPercent: {
      default: 50,
      unit: 'Percent',
      description:
        "Lowest hourly FreeableMemory, as a share of the class's memory, needed to call the instance over-provisioned; below it the instance is memory-bound.",
      source: `One class size down halves the memory (RDS DB instance class specifications, ${CLASS_SPECS_DOC}); FreeableMemory per ${METRICS_DOC}`,
      min: 0,
      max: 100,
    },
  },
  evaluate(snapshot, { thresholds: t }) {
    const rds = snapshot.rds;
    if (!rds) return missingSlice(snapshot, 'rds', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    for (const db of rds.instances) {
      if (isStoppedDb(db)) continue;
      if (db.dbInstanceClass === 'db.serverless') continue; // Aurora Serverless v2 sizes itself
      const base = {
        resourceType: RESOURCE_TYPE,
        resourceId: db.dbInstanceId,
        resourceArn: db.arn,
        resourceName: db.dbInstanceId,
      };
      const who = `${db.dbInstanceId} (${db.dbInstanceClass})`;
      const avg = findMetric(snapshot, rdsInstanceMetric(db.dbInstanceId, 'CPUUtilization', 'Average', HOUR));
      const peak = findMetric(
        snapshot,
        rdsInstanceMetric(db.dbInstanceId, 'CPUUtilization', 'Maximum', HOUR),
      );
      const hours = avg?.datapoints ?? 0;
      if (!avg || hours < t.minHours || !isNum(avg.p95)) {
        results.push({
          ...base,
          status: 'unknown',
          message:
            hours < t.minHours
              ? `${who}: ${hours} hourly CPU datapoints in the window, fewer than the ${t.minHours} needed.`
              : `${who}: the hourly CPU series has ${hours} datapoints but no p95, so it cannot be judged.`,
          evidence: [
            {
              label: 'Hourly CPU datapoints',
              value: hours,
              metric: `${NS}/CPUUtilization`,
              threshold: `>= ${t.minHours}`,
            },
          ],
        });
        continue;
      }
      if (!peak || !isNum(peak.max)) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${who}: the hourly CPU Maximum series is missing, so spikes cannot be ruled out.`,
          evidence: [
            {
              label: 'CPU utilization, p95 of hourly averages',
              value: round(avg.p95, 1),
              unit: 'Percent',
              metric: `${NS}/CPUUtilization`,
            },
          ],
        });
        continue;
      }
      const window = windowLabel(avg.windowDays, HOUR);
      const peakWindow = windowLabel(peak.windowDays, HOUR);
      // The p99 of hourly maxima, not the highest one: one reboot or patch-run hour does not make it spiky.
      const spikyLevel = isNum(peak.p99) ? peak.p99 : peak.max;
      const spiky = spikyLevel >= t.spikyMaxPercent;
      const evidence: EvidenceItem[] = [
        {
          label: 'CPU utilization, p95 of hourly averages',
          value: roundBeside(avg.p95, t.lowP95Percent, 1),
          unit: 'Percent',
          metric: `${NS}/CPUUtilization`,
          statistic: 'p95 of hourly Average',
          window,
          threshold: `>= ${t.lowP95Percent}`,
        },
        {
          label: 'CPU utilization, p99 of hourly maxima',
          value: roundBeside(spikyLevel, t.spikyMaxPercent, 1),
          unit: 'Percent',
          metric: `${NS}/CPUUtilization`,
          statistic: 'p99 of hourly Maximum',
          window: peakWindow,
          threshold: `< ${t.spikyMaxPercent} (at or above: spiky, not flagged)`,
        },
        {
          label: 'CPU utilization, highest hourly maximum',
          value: round(peak.max, 1),
          unit: 'Percent',
          metric: `${NS}/CPUUtilization`,
          statistic: 'Maximum',
          window: peakWindow,
        },
        { label: 'DB instance class', value: db.dbInstanceClass, source: 'rds:DescribeDBInstances' },
      ];
      const state = `p95 of hourly CPU ${fmtBeside(avg.p95, t.lowP95Percent)}% and hourly peak ${fmtBeside(peak.max, t.spikyMaxPercent)}% over ${avg.windowDays} days`;
      // The smallest classes cannot go down a size.
      const smallest = db.dbInstanceClass.endsWith('.micro');
      if (avg.p95 < t.lowP95Percent && !spiky && !smallest) {
        // Low CPU: judge memory before calling it over-provisioned.
        const mem = findMetric(
          snapshot,
          rdsInstanceMetric(db.dbInstanceId, 'FreeableMemory', 'Average', HOUR),
        );
        const classMiB = rds.classFacts?.[db.dbInstanceClass]?.memoryMiB;
        const classGiB = classMiB !== undefined && classMiB > 0 ? classMiB / 1024 : undefined;
        if (!mem || !isNum(mem.min) || classGiB === undefined) {
          results.push({
            ...base,
            status: 'unknown',
            message: `${who}: ${state} is low, but ${
              !mem || !isNum(mem.min)
                ? 'the FreeableMemory series is missing'
                : memoryUnknown(db.dbInstanceClass)
            }, so a memory-bound database cannot be ruled out.`,
            evidence,
          });
          continue;
        }
        const freeGiB = mem.min / GIB;
        const freePct = (freeGiB / classGiB) * 100;
        evidence.push(
          {
            label: 'Freeable memory, lowest hourly average',
            value: round(freeGiB, 2),
            unit: 'GiB',
            metric: `${NS}/FreeableMemory`,
            statistic: 'Minimum of hourly Average',
            window: windowLabel(mem.windowDays, HOUR),
            threshold: `>= ${t.minFreeMemoryPercent}% of ${fmt(classGiB)} GiB`,
          },
          {
            label: 'Freeable memory, share of the class memory',
            value: roundBeside(freePct, t.minFreeMemoryPercent, 1),
            unit: 'Percent',
            source: `ec2:DescribeInstanceTypes MemoryInfo (${db.dbInstanceClass}: ${fmt(classGiB)} GiB)`,
          },
        );
        if (freePct < t.minFreeMemoryPercent) {
          results.push({
            ...base,
            status: 'pass',
            message: `${who}: ${state}, but it is memory-bound: as little as ${fmt(freeGiB, 2)} GiB of ${fmt(classGiB)} GiB free (${fmtBeside(freePct, t.minFreeMemoryPercent)}%, below ${fmt(t.minFreeMemoryPercent)}%), and one size down halves the memory.`,
            evidence,
          });
          continue;
        }
        results.push({
          ...base,
          status: 'fail',
          message: `${who} is over-provisioned: ${state}, with at least ${fmt(freeGiB, 2)} GiB of ${fmt(classGiB)} GiB memory free (${fmtBeside(freePct, t.minFreeMemoryPercent)}%) (flagged when the p95 is below ${fmt(t.lowP95Percent)}%, the p99 of hourly maxima below ${fmt(t.spikyMaxPercent)}% and at least ${fmt(t.minFreeMemoryPercent)}% of memory free).`,
          evidence,
        });
      } else {
        const why =
          smallest && avg.p95 < t.lowP95Percent
            ? '; already the smallest size'
            : spiky && avg.p95 < t.lowP95Percent
              ? `; spiky (p99 of hourly maxima ${fmtBeside(spikyLevel, t.spikyMaxPercent)}%), so not downsized on the average alone`
              : '';
        results.push({ ...base, status: 'pass', message: `${who}: ${state}${why}.`, evidence });
      }
    }
    return results;
  },
});
