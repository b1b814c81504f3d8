// Mutation score per scoped area from Stryker's incremental result file (reports/stryker-incremental.json,
// committed; written by `npm run mutation`). `node scripts/mutation-score.mjs [--survivors]`.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), Stryker's definition;
// ignored (static) mutants are outside the score and counted separately.
import { readFileSync } from 'node:fs';
import console from 'node:console';
import process from 'node:process';

const file = process.argv.find((a) => a.endsWith('.json')) ?? 'reports/stryker-incremental.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
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
if (process.argv.includes('--survivors')) for (const s of survivors.sort()) console.log(s);
