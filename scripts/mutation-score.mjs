// Mutation score per scoped area from Stryker's incremental result file (reports/stryker-incremental.json,
// committed; written by `npm run mutation`). `node scripts/mutation-score.mjs [FILE.json ...] [--survivors]
// [--merge OUT.json]`: several result files (runs of disjoint file groups with their own --incrementalFile)
// are combined; --merge writes the combination as one incremental file (test ids are numbered per run, so
// each run's ids get a prefix in the merge).
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), Stryker's definition;
// ignored (static) mutants are outside the score and counted separately.
import { readFileSync, writeFileSync } from 'node:fs';
import console from 'node:console';
import process from 'node:process';

const args = process.argv.slice(2);
const mergeAt = args.indexOf('--merge');
const out = mergeAt >= 0 ? args[mergeAt + 1] : undefined;
const inputs = args.filter((a, i) => a.endsWith('.json') && (mergeAt < 0 || i !== mergeAt + 1));
if (inputs.length === 0) inputs.push('reports/stryker-incremental.json');
/** Prefix run k's test ids (k > 0) so the runs' numbering cannot collide in a merge. */
function prefixIds(r, k) {
  if (k === 0) return r;
  const id = (t) => `r${k}-${t}`;
  for (const f of Object.values(r.files))
    for (const m of f.mutants) {
      if (m.coveredBy) m.coveredBy = m.coveredBy.map(id);
      if (m.killedBy) m.killedBy = m.killedBy.map(id);
    }
  for (const tf of Object.values(r.testFiles ?? {})) for (const t of tf.tests) t.id = id(t.id);
  return r;
}
/** Later files win for a source file both hold; a test file's tests are kept from every run. */
const report = inputs
  .map((f, k) => prefixIds(JSON.parse(readFileSync(f, 'utf8')), k))
  .reduce((acc, r) => ({
    ...acc,
    ...r,
    files: { ...acc.files, ...r.files },
    testFiles: Object.fromEntries(
      [...new Set([...Object.keys(acc.testFiles ?? {}), ...Object.keys(r.testFiles ?? {})])].map((f) => {
        const [a, b] = [acc.testFiles?.[f], r.testFiles?.[f]];
        return [f, a && b ? { ...b, tests: [...a.tests, ...b.tests] } : (b ?? a)];
      }),
    ),
  }));
if (out) writeFileSync(out, JSON.stringify(report));
const AREAS = [
  ['lib/checks', (f) => f.startsWith('lib/checks/')],
  ['lib/maturity', (f) => f.startsWith('lib/maturity/')],
  ['metric batcher', (f) => f === 'lib/collect/metrics.ts'],
];
const rows = new Map();
const survivors = [];
for (const [name, data] of Object.entries(report.files)) {
  const rel = name.replace(/^.*?(lib\/)/, '$1');
  const area = AREAS.find(([, match]) => match(rel))?.[0] ?? 'other';
  const row = rows.get(area) ?? { files: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 };
  row.files++;
  const lines = data.source.split('\n');
  for (const m of data.mutants) {
    if (m.status === 'Killed') row.killed++;
    else if (m.status === 'Timeout') row.timeout++;
    else if (m.status === 'Survived') row.survived++;
    else if (m.status === 'NoCoverage') row.noCoverage++;
    else if (m.status === 'Ignored') row.ignored++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const l = m.location.start.line;
      survivors.push(
        `${rel}:${l}:${m.location.start.column} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')} | ${(lines[l - 1] ?? '').trim().slice(0, 100)}`,
      );
    }
  }
  rows.set(area, row);
}
const score = (r) => {
  const detected = r.killed + r.timeout;
  const valid = detected + r.survived + r.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(2)}%`;
};
const total = { files: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 };
console.log('| Area | Files | Killed | Timeout | Survived | No coverage | Ignored (static) | Score |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [area] of [...AREAS, ['other']]) {
  const r = rows.get(area);
  if (!r) continue;
  for (const k of Object.keys(total)) total[k] += r[k];
  console.log(
    `| ${area} | ${r.files} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} | ${score(r)} |`,
  );
}
console.log(
  `| **total** | ${total.files} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${total.ignored} | **${score(total)}** |`,
);
if (args.includes('--survivors')) for (const s of survivors.sort()) console.log(s);
