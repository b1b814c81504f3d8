/**
 * Latency metrics of request entry points: the metric each kind of user-facing resource publishes for the time it
 * takes to answer a request, and the dimension that names the resource. One table, read by the collector (which
 * series to list), the checks and the score.
 *
 * AWS documents each metric:
 * - ALB `TargetResponseTime`: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * - API Gateway REST `Latency` (ApiName, Stage): https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 * - API Gateway HTTP API `Latency` (ApiId, Stage): https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 * - AppSync `Latency` (GraphQLAPIId): https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html
 * - CloudFront `OriginLatency` (additional metrics): https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html
 * - Application Signals service `Latency` (Service, Environment): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AppSignals-MetricsCollected.html
 */

export interface EntryPointMetric {
  /** What the entry point is, in words: "Application Load Balancer". */
  kind: string;
  /** CloudFormation resource type, for findings. */
  resourceType: string;
  namespace: string;
  metricName: string;
  /** The dimension that names the resource; an alarm or series must carry it. */
  key: string;
  /** Further dimensions that split one resource into entry points (a REST API's stages). */
  part?: string;
  /** The exact dimension set of the resource-level series in ListMetrics. */
  series: readonly string[];
}

export const ENTRY_POINT_METRICS: readonly EntryPointMetric[] = [
  {
    kind: 'Application Load Balancer',
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    key: 'LoadBalancer',
    series: ['LoadBalancer'],
  },
  {
    kind: 'API Gateway REST API stage',
    resourceType: 'AWS::ApiGateway::Stage',
    namespace: 'AWS/ApiGateway',
    metricName: 'Latency',
    key: 'ApiName',
    part: 'Stage',
    series: ['ApiName', 'Stage'],
  },
  {
    kind: 'API Gateway HTTP API stage',
    resourceType: 'AWS::ApiGatewayV2::Stage',
    namespace: 'AWS/ApiGateway',
    metricName: 'Latency',
    key: 'ApiId',
    part: 'Stage',
    series: ['ApiId', 'Stage'],
  },
  {
    kind: 'AppSync GraphQL API',
    resourceType: 'AWS::AppSync::GraphQLApi',
    namespace: 'AWS/AppSync',
    metricName: 'Latency',
    key: 'GraphQLAPIId',
    series: ['GraphQLAPIId'],
  },
  {
    kind: 'CloudFront distribution',
    resourceType: 'AWS::CloudFront::Distribution',
    namespace: 'AWS/CloudFront',
    metricName: 'OriginLatency',
    key: 'DistributionId',
    series: ['DistributionId', 'Region'],
  },
  {
    kind: 'Application Signals service',
    resourceType: 'AWS::ApplicationSignals::Service',
    namespace: 'ApplicationSignals',
    metricName: 'Latency',
    key: 'Service',
    part: 'Environment',
    series: ['Environment', 'Service'],
  },
];

/** The (namespace, metric) pairs the collector lists with ListMetrics, once each. */
export function entryPointMetricNames(): { namespace: string; metricName: string }[] {
  const seen = new Map<string, { namespace: string; metricName: string }>();
  for (const m of ENTRY_POINT_METRICS) seen.set(`${m.namespace}|${m.metricName}`, m);
  return [...seen.values()];
}

/** Metric names that measure time to answer, beyond the entry-point table (for averages and informal targets). */
const GENERIC_LATENCY = /latency|duration|response[\s_-]?time|firstbyte|ttfb/i;

/** A latency metric: an entry point's latency metric, or any metric whose name says it measures latency. */
export function isLatencyMetric(namespace: string | undefined, metricName: string | undefined): boolean {
  if (!metricName) return false;
  if (ENTRY_POINT_METRICS.some((m) => m.namespace === namespace && m.metricName === metricName)) return true;
  return GENERIC_LATENCY.test(metricName);
}

/**
 * The entry point a series or alarm metric belongs to, as a stable id (`LoadBalancer=app/web/1`,
 * `ApiName=orders;Stage=prod`), or undefined when it is not an entry point's latency metric.
 */
export function entryPointOf(m: {
  namespace: string | undefined;
  metricName: string | undefined;
  dimensions: Record<string, string>;
}): { id: string; def: EntryPointMetric } | undefined {
  for (const def of ENTRY_POINT_METRICS) {
    if (def.namespace !== m.namespace || def.metricName !== m.metricName) continue;
    const key = m.dimensions[def.key];
    if (key === undefined) continue;
    const part = def.part ? m.dimensions[def.part] : undefined;
    return { id: `${def.key}=${key}${part !== undefined ? `;${def.part}=${part}` : ''}`, def };
  }
  return undefined;
}
