/**
 * The score in CloudWatch: a dashboard over the metrics the Digest step publishes (lib/digest/metrics.ts):
 * levels per control and account over time, failing problems and open debt, estimated savings and the debt's
 * monthly cost of delay. SEARCH expressions pick up every account without listing them.
 */
import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../digest/metrics.js';

const PERIOD = Duration.days(1);

function search(metricName: string, dims: string[], stat: string, label: string): MathExpression {
  const schema = [METRICS_NAMESPACE, 'service', ...dims].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${metricName}"', '${stat}', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}

/** Controls whose level fell since the previous scan, over every account: what the level-drop alarm watches. */
export function levelDropMetric(): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: 'ControlLevelDrops',
    dimensionsMap: { service: METRICS_SERVICE },
    period: PERIOD,
    statistic: 'Maximum',
  });
}

export class ScoreDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(90),
      widgets: [
        [
          new GraphWidget({
            title: 'Maturity level per control and account',
            left: [search('ControlLevel', ['AccountId', 'Control'], 'Minimum', '')],
            leftYAxis: { min: 1, max: 5 },
            width: 24,
          }),
        ],
        [
          new GraphWidget({
            title: 'Failing problems and open debt per account',
            left: [
              search('FailingProblems', ['AccountId'], 'Maximum', 'failing'),
              search('OpenDebt', ['AccountId'], 'Maximum', 'open debt'),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'Estimated monthly savings and cost of delay (USD, list price)',
            left: [
              search('EstimatedMonthlySavingsUsd', ['AccountId'], 'Maximum', 'savings'),
              search('MonthlyCostOfDelayUsd', ['AccountId'], 'Maximum', 'cost of delay'),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Control level drops (alarm)',
            left: [levelDropMetric()],
            width: 24,
          }),
        ],
      ],
    });
  }
}
