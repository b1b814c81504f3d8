/**
 * A group that scales: an Auto Scaling group whose capacity can change (min < max, or a recurring scheduled
 * action) and that something changes: a scaling policy that acts (a ForecastOnly predictive policy does not), a
 * recurring scheduled action, or a documented external scaler named by the group's tags:
 * - Kubernetes Cluster Autoscaler auto-discovery tags `k8s.io/cluster-autoscaler/enabled` and
 *   `k8s.io/cluster-autoscaler/<cluster>` (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md);
 * - EKS managed node groups (`eks:nodegroup-name`), scaled by the cluster's autoscaler
 *   (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html);
 * - Karpenter-launched capacity (`karpenter.sh/nodepool`, `karpenter.sh/provisioner-name`, `karpenter.k8s.aws/ec2nodeclass`)
 *   (https://karpenter.sh/docs/concepts/nodeclasses/).
 * AWS documents policies and scheduled actions in "Scale your Auto Scaling group":
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/scale-your-group.html
 * An Application Auto Scaling target scales with min < max and a policy or scheduled action
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/what-is-application-auto-scaling.html).
 */
import type { AutoScalingGroup, AutoScalingSlice, ScalableTarget, ScalingPolicy } from '#lib/model/index.js';

/** Tag keys (exact, or prefix when ending in '/') that mark a group scaled from outside EC2 Auto Scaling. */
export const EXTERNAL_SCALER_TAGS: readonly { key: string; scaler: string }[] = [
  { key: 'k8s.io/cluster-autoscaler/', scaler: 'Kubernetes Cluster Autoscaler' },
  { key: 'eks:nodegroup-name', scaler: 'an EKS managed node group' },
  { key: 'karpenter.sh/nodepool', scaler: 'Karpenter' },
  { key: 'karpenter.sh/provisioner-name', scaler: 'Karpenter' },
  { key: 'karpenter.k8s.aws/ec2nodeclass', scaler: 'Karpenter' },
];

export function externalScaler(g: Pick<AutoScalingGroup, 'tags'>): string | undefined {
  const keys = Object.keys(g.tags);
  for (const t of EXTERNAL_SCALER_TAGS) {
    if (keys.some((k) => (t.key.endsWith('/') ? k.startsWith(t.key) : k === t.key))) return t.scaler;
  }
  return undefined;
}

/** A predictive policy in ForecastOnly mode forecasts but does not change capacity. */
export function policyActs(p: ScalingPolicy): boolean {
  return (
    p.enabled !== false && !(p.policyType === 'PredictiveScaling' && p.predictiveMode === 'ForecastOnly')
  );
}

export function isPredictiveScaling(p: ScalingPolicy): boolean {
  return p.enabled !== false && p.policyType === 'PredictiveScaling' && p.predictiveMode !== 'ForecastOnly';
}

export interface GroupScaling {
  scales: boolean;
  /** min < max */
  canChange: boolean;
  policies: ScalingPolicy[];
  acting: ScalingPolicy[];
  recurringActions: number;
  external?: string;
  predictive: boolean;
}

export function groupScaling(
  g: AutoScalingGroup,
  as: Pick<AutoScalingSlice, 'policies' | 'scheduledActions'>,
): GroupScaling {
  const policies = as.policies.filter(
    (p) => p.namespace === 'asg' && p.resourceId === g.name && p.enabled !== false,
  );
  const acting = policies.filter(policyActs);
  const recurringActions = as.scheduledActions.filter(
    (a) => a.namespace === 'asg' && a.resourceId === g.name && !!a.recurrence,
  ).length;
  const external = externalScaler(g);
  const canChange = g.minSize < g.maxSize;
  const scales = (canChange && (acting.length > 0 || external !== undefined)) || recurringActions > 0;
  return {
    scales,
    canChange,
    policies,
    acting,
    recurringActions,
    ...(external ? { external } : {}),
    predictive: policies.some(isPredictiveScaling),
  };
}

export function scalesGroup(
  g: AutoScalingGroup,
  as: Pick<AutoScalingSlice, 'policies' | 'scheduledActions'>,
): boolean {
  return groupScaling(g, as).scales;
}

export function scalesTarget(
  t: ScalableTarget,
  as: Pick<AutoScalingSlice, 'policies' | 'scheduledActions'>,
): boolean {
  const policy = as.policies.some(
    (p) => p.namespace === t.namespace && p.resourceId === t.resourceId && policyActs(p),
  );
  const scheduled = as.scheduledActions.some(
    (a) => a.namespace === t.namespace && a.resourceId === t.resourceId && !!a.recurrence,
  );
  return (t.minCapacity < t.maxCapacity && policy) || scheduled;
}

/** Groups with capacity: what runs (a parked group with max 0 or desired 0 carries no load). */
export function groupCarriesLoad(g: AutoScalingGroup): boolean {
  return g.maxSize > 0 && g.desiredCapacity > 0;
}
