/** Measures over running EC2 instances and Auto Scaling groups (WAF-PERF-010, -020, checklist L2-1). */
import type { Ec2Instance, Finding, Snapshot } from '#lib/model/index.js';
import { productionOnly } from '#lib/concepts/production.js';
import { groupCarriesLoad, groupScaling, scalesTarget } from '#lib/concepts/scaling.js';
import type { MeasureDef } from '../types.js';
import { count, tally, USES } from './support.js';

const OVER = /over-?provision|idle|underutili[sz]/i;
const UNDER = /under-?provision|saturat|overutili[sz]/i;

const running = (s: Snapshot): Ec2Instance[] => (s.ec2?.instances ?? []).filter((i) => i.state === 'running');
const groupsWithLoad = (s: Snapshot) => (s.autoscaling?.groups ?? []).filter(groupCarriesLoad);
const liveTargets = (s: Snapshot) => (s.autoscaling?.scalableTargets ?? []).filter((t) => t.maxCapacity > 0);

function cpuSeries(ctx: Parameters<MeasureDef['tally']>[0], id: string) {
  return ctx.metrics.find(
    {
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: id },
      stat: 'Average',
      periodSeconds: 3600,
    },
    'InstanceId',
  );
}

/** What the EC2 sizing checks said about one resource id: any result, a fail, an unknown or error. */
interface SizingSeen {
  any: boolean;
  fail: boolean;
  unsure: boolean;
}

/**
 * The EC2 sizing checks' results by resource id, built once per unit (one pass over its findings): the
 * verdict per instance is then a lookup, where filtering every finding per instance cost
 * instances x findings (seconds for a unit of thousands of instances).
 */
function sizingIndex(findings: readonly Finding[]): Map<string, SizingSeen> {
  const byId = new Map<string, SizingSeen>();
  for (const f of findings) {
    if (f.service !== 'ec2' || !(OVER.test(f.checkId) || UNDER.test(f.checkId))) continue;
    let seen = byId.get(f.resourceId);
    if (!seen) byId.set(f.resourceId, (seen = { any: false, fail: false, unsure: false }));
    seen.any = true;
    if (f.status === 'fail') seen.fail = true;
    else if (f.status === 'unknown' || f.status === 'error') seen.unsure = true;
  }
  return byId;
}

/** Sizing verdict of an instance from the EC2 sizing checks: true right-sized, false not, undefined unknown. */
function rightSized(index: Map<string, SizingSeen>, id: string): boolean | undefined {
  const own = index.get(id);
  if (own?.fail) return false;
  if (own?.unsure) return undefined;
  // A unit-wide unknown or error (`*`) leaves every instance without a verdict.
  if (index.get('*')?.unsure) return undefined;
  return own?.any ? true : undefined;
}

export const COMPUTE_MEASURES: readonly MeasureDef[] = [
  {
    id: 'subject.compute',
    denominator:
      'compute resources (running EC2 instances, Auto Scaling groups with capacity, scalable targets)',
    meets: 'exist',
    sources: ['ec2.instances', 'autoscaling.groups', 'autoscaling.scalableTargets'],
    uses: [USES.instances, USES.asg, USES.aas],
    tally: ({ snapshot: s }) => {
      const n = running(s).length + groupsWithLoad(s).length + liveTargets(s).length;
      return tally(n, n);
    },
  },
  {
    id: 'ec2.currentGeneration',
    denominator: 'running EC2 instances',
    meets: 'run on current-generation types',
    sources: ['ec2.instances'],
    uses: [USES.instances, USES.types],
    tally: ({ snapshot: s }) =>
      count(running(s), (i) => {
        const t = s.ec2?.instanceTypes[i.instanceType];
        return t ? t.currentGeneration : undefined;
      }),
  },
  {
    id: 'ec2.memoryMetric',
    denominator: 'running EC2 instances',
    meets: 'publish a CloudWatch agent memory metric',
    sources: ['ec2.instances', 'ec2.memoryMetrics'],
    uses: [USES.instances, USES.mem],
    tally: ({ snapshot: s }) => {
      const mem = new Set(s.cloudwatch?.agentMemoryInstanceIds ?? []);
      return count(running(s), (i) => mem.has(i.instanceId));
    },
  },
  {
    id: 'ec2.cpuAndMemoryProduction',
    denominator: 'running production EC2 instances',
    meets: 'have CPU data and a CloudWatch agent memory metric',
    sources: ['ec2.instances', 'ec2.cpuMetrics', 'ec2.memoryMetrics'],
    uses: [USES.instances, USES.cpu, USES.mem],
    tally: (ctx) => {
      const mem = new Set(ctx.snapshot.cloudwatch?.agentMemoryInstanceIds ?? []);
      return count(
        productionOnly(running(ctx.snapshot), (i) => i.tags),
        (i) => {
          const cpu = cpuSeries(ctx, i.instanceId);
          if (!cpu) return undefined;
          return cpu.datapoints > 0 && mem.has(i.instanceId);
        },
      );
    },
  },
  {
    id: 'ec2.rightSized',
    denominator: 'running EC2 instances',
    meets: 'are neither over- nor under-provisioned (CPU sizing checks)',
    sources: ['ec2.instances', 'ec2.cpuMetrics'],
    uses: [USES.instances, USES.cpu, USES.sizing],
    tally: ({ snapshot: s, findings }) => {
      const index = sizingIndex(findings);
      return count(running(s), (i) => rightSized(index, i.instanceId));
    },
  },
  {
    id: 'ec2.computeOptimizerOptimized',
    denominator: 'running EC2 instances',
    meets: 'are rated Optimized by Compute Optimizer (no recommendation = not optimized)',
    sources: ['ec2.instances', 'computeoptimizer'],
    uses: [USES.instances, USES.co],
    tally: ({ snapshot: s }) => {
      const co = s.computeOptimizer;
      const enrolled = co !== undefined && /^active$/i.test(co.enrollmentStatus);
      const recs = enrolled ? co.recommendations.filter((r) => r.kind === 'ec2') : [];
      // The first recommendation naming the instance by id or ARN, by index (was a scan of every
      // recommendation per instance).
      const byId = new Map<string, number>();
      const byArn = new Map<string, number>();
      recs.forEach((r, n) => {
        if (!byId.has(r.resourceId)) byId.set(r.resourceId, n);
        if (r.resourceArn !== undefined && !byArn.has(r.resourceArn)) byArn.set(r.resourceArn, n);
      });
      return count(running(s), (i) => {
        const a = byId.get(i.instanceId);
        const b = i.arn === undefined ? undefined : byArn.get(i.arn);
        const n = a === undefined ? b : b === undefined ? a : Math.min(a, b);
        const r = n === undefined ? undefined : recs[n];
        return r !== undefined && r.finding.toLowerCase().replace(/[^a-z]/g, '') === 'optimized';
      });
    },
  },
  {
    id: 'ec2.inGroup',
    denominator: 'running EC2 instances',
    meets: 'run outside any Auto Scaling group (static capacity)',
    sources: ['ec2.instances'],
    uses: [USES.instances],
    tally: ({ snapshot: s }) => count(running(s), (i) => i.autoScalingGroup === undefined),
  },
  {
    id: 'scaling.scales',
    denominator: 'Auto Scaling groups with capacity and scalable targets',
    meets: 'scale (min < max and a policy, a recurring scheduled action, or a documented external scaler)',
    sources: ['autoscaling.groups', 'autoscaling.scalableTargets'],
    uses: [USES.asg, USES.aas],
    tally: ({ snapshot: s }) => {
      const as = s.autoscaling;
      if (!as) return tally(0, 0);
      const g = count(groupsWithLoad(s), (x) => groupScaling(x, as).scales);
      const t = count(liveTargets(s), (x) => scalesTarget(x, as));
      return tally(g.of + t.of, g.met + t.met);
    },
  },
  {
    id: 'scaling.scalesProduction',
    denominator: 'production Auto Scaling groups with capacity and scalable targets',
    meets: 'scale (min < max and a policy, a recurring scheduled action, or a documented external scaler)',
    sources: ['autoscaling.groups', 'autoscaling.scalableTargets'],
    uses: [USES.asg, USES.aas],
    tally: ({ snapshot: s }) => {
      const as = s.autoscaling;
      if (!as) return tally(0, 0);
      const g = count(
        productionOnly(groupsWithLoad(s), (x) => x.tags),
        (x) => groupScaling(x, as).scales,
      );
      const t = count(liveTargets(s), (x) => scalesTarget(x, as));
      return tally(g.of + t.of, g.met + t.met);
    },
  },
  {
    id: 'asg.predictive',
    denominator: 'Auto Scaling groups that carry load and scale',
    meets: 'use predictive scaling (ForecastAndScale)',
    sources: ['autoscaling.groups'],
    uses: [USES.asg],
    tally: ({ snapshot: s }) => {
      const as = s.autoscaling;
      if (!as) return tally(0, 0);
      const scaling = groupsWithLoad(s)
        .map((g) => groupScaling(g, as))
        .filter((x) => x.scales);
      return count(scaling, (x) => x.predictive);
    },
  },
  {
    id: 'asg.cyclicPredictive',
    denominator:
      'cyclic Auto Scaling groups (a recurring scheduled action, a failing predictive-scaling finding on the group total CPU, or predictive scaling already on)',
    meets: 'use predictive scaling (ForecastAndScale)',
    sources: ['autoscaling.groups'],
    uses: [USES.asg, 'autoscaling-group-predictive-scaling-cyclic findings (group total CPU)'],
    tally: ({ snapshot: s, findings }) => {
      const as = s.autoscaling;
      if (!as) return tally(0, 0);
      const predictiveFindings = findings.filter(
        (f) => f.service === 'autoscaling' && /predictive/i.test(f.checkId),
      );
      const names = (ok: (st: Finding['status']) => boolean) =>
        new Set(
          predictiveFindings
            .filter((f) => ok(f.status))
            .flatMap((f) =>
              [f.resourceId, f.resourceName, f.resourceArn].filter((x): x is string => x !== undefined),
            ),
        );
      const cyclicByFinding = names((st) => st === 'fail');
      const unknown = names((st) => st === 'unknown' || st === 'error');
      let of = 0;
      let met = 0;
      let noData = 0;
      for (const g of groupsWithLoad(s)) {
        const sc = groupScaling(g, as);
        const cyclic = sc.recurringActions > 0 || cyclicByFinding.has(g.name) || cyclicByFinding.has(g.arn);
        if (sc.predictive) {
          of++;
          met++;
        } else if (cyclic) of++;
        else if (unknown.has('*') || unknown.has(g.name) || unknown.has(g.arn)) {
          of++;
          noData++;
        }
      }
      return tally(of, met, noData);
    },
  },
];
