import type { CacheCluster, EvidenceItem, ReplicationGroup } from '#lib/model/index.js';
import { defineCheck, type CheckResult } from '../types.js';
import { missingSlice } from '../support.js';

const NEEDS = ['elasticache.clusters'];
const RESOURCE_TYPE = 'AWS::ElastiCache::CacheCluster';
const GROUP_RESOURCE_TYPE = 'AWS::ElastiCache::ReplicationGroup';

/**
 * Previous-generation ElastiCache node families. No ElastiCache API marks a node type's generation (unlike EC2's
 * DescribeInstanceTypes CurrentGeneration or RDS's orderable options), so this is a sourced, dated table: the
 * "Previous generation (not recommended; existing clusters are still supported but creation of new clusters is
 * not)" lists of the ElastiCache API reference (CacheNode) and the user guide's "Supported node types", checked on
 * ELASTICACHE_PREVIOUS_GENERATION_CHECKED: T1, M1, M3 (general purpose), C1 (compute optimized), M2, R3 (memory
 * optimized). T2, M4 and R4 are still listed as current generation. A test fails when the date is more than a
 * year old: re-check the sources and update the table and its date.
 */
export const ELASTICACHE_PREVIOUS_GENERATION_FAMILIES: readonly string[] = [
  'cache.t1',
  'cache.m1',
  'cache.m3',
  'cache.c1',
  'cache.m2',
  'cache.r3',
];
export const ELASTICACHE_PREVIOUS_GENERATION_CHECKED = '2026-12-05';
export const ELASTICACHE_NODE_TYPES_DOCS = [
  'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html',
  'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html',
];

/** `cache.m3.medium` -> `cache.m3`; undefined for a name outside `cache.<family>.<size>`. */
function familyOf(nodeType: string): string | undefined {
  const m = /^(cache\.[a-z]+\d+[a-z-]*)\.[a-z0-9-]+$/.exec(nodeType);
  return m ? m[1] : undefined;
}

export const elasticacheNodeCurrentGeneration = defineCheck({
  id: 'elasticache-node-current-generation',
  title: 'ElastiCache nodes use a current-generation node type',
  service: 'elasticache',
  control: 'WAF-PERF-010',
  severity: 'medium',
  rationale:
    'Previous-generation node types give less memory and compute per dollar than current ones, and ElastiCache no ' +
    'longer creates new clusters on them. Current-generation compute, as for EC2 and RDS, is the WAF-PERF-010 L2 ' +
    'evidence.',
  remediation: {
    change: 'generation',
    text:
      'Scale the cluster (or replication group) to a current-generation node type of the same size class, a Graviton ' +
      'type (cache.m7g, cache.r7g, cache.t4g) where the engine version supports it; online vertical scaling keeps ' +
      'Valkey and Redis OSS clusters available during the change.',
    docs: [
      ...ELASTICACHE_NODE_TYPES_DOCS,
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.html',
    ],
    impact: 'More memory and throughput per dollar; Graviton node types are typically cheaper per hour.',
  },
  needs: NEEDS,
  thresholds: {},
  evaluate(snapshot) {
    const ec = snapshot.elasticache;
    if (!ec) return missingSlice(snapshot, 'elasticache', RESOURCE_TYPE);
    const results: CheckResult[] = [];
    // One result per cache: a replication group's member clusters share its node type, so the group is judged
    // once (no finding per member); a standalone cluster on its own.
    const caches = new Map<string, { clusters: CacheCluster[]; group?: ReplicationGroup }>();
    for (const c of ec.clusters) {
      const key = c.replicationGroupId ?? c.cacheClusterId;
      const entry = caches.get(key) ?? {
        clusters: [],
        ...(c.replicationGroupId
          ? { group: ec.replicationGroups.find((g) => g.replicationGroupId === c.replicationGroupId) }
          : {}),
      };
      entry.clusters.push(c);
      caches.set(key, entry);
    }
    for (const [id, { clusters, group }] of caches) {
      const first = clusters[0] as CacheCluster;
      const isGroup = first.replicationGroupId !== undefined;
      const base = {
        resourceType: isGroup ? GROUP_RESOURCE_TYPE : RESOURCE_TYPE,
        resourceId: id,
        ...(isGroup ? (group ? { resourceArn: group.arn } : {}) : { resourceArn: first.arn }),
        resourceName: id,
      };
      const types = [...new Set(clusters.map((c) => c.nodeType))].sort();
      const nodes = clusters.reduce((n, c) => n + c.numNodes, 0);
      const families = types.map(familyOf);
      const old = types.filter((t, i) => {
        const f = families[i];
        return f !== undefined && ELASTICACHE_PREVIOUS_GENERATION_FAMILIES.includes(f);
      });
      const evidence: EvidenceItem[] = [
        {
          label: 'Node type',
          value: types.join(', '),
          threshold: `family not previous generation (${ELASTICACHE_PREVIOUS_GENERATION_FAMILIES.join(', ')})`,
          source: `elasticache:DescribeCacheClusters; generation table checked ${ELASTICACHE_PREVIOUS_GENERATION_CHECKED} (${ELASTICACHE_NODE_TYPES_DOCS[0]})`,
        },
        { label: 'Nodes', value: nodes, unit: 'count' },
      ];
      if (old.length > 0) {
        // Only the nodes of the previous-generation types: a cache that mixes types is not all old.
        const oldNodes = clusters.filter((c) => old.includes(c.nodeType)).reduce((n, c) => n + c.numNodes, 0);
        results.push({
          ...base,
          status: 'fail',
          message: `${id} runs ${oldNodes} node${oldNodes === 1 ? '' : 's'} of ${old.join(', ')}${oldNodes < nodes ? ` (of its ${nodes} nodes)` : ''}, ${old.length === 1 ? 'a previous-generation type' : 'previous-generation types'}.`,
          evidence,
        });
      } else if (families.some((f) => f === undefined)) {
        results.push({
          ...base,
          status: 'unknown',
          message: `${id}: node type ${types.join(', ')} is not a recognised ElastiCache node type name.`,
          evidence,
        });
      } else {
        results.push({
          ...base,
          status: 'pass',
          message: `${id} runs ${types.join(', ')}, ${types.length === 1 ? 'a current-generation node type' : 'current-generation node types'}.`,
          evidence,
        });
      }
    }
    return results;
  },
});
