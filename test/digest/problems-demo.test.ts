/**
 * One finding per problem and a score that explains itself, through the whole engine: the simulated demo
 * account scanned by the CLI (simulator -> collectors -> checks -> store -> digest). The raw per-check
 * results keep every source; the digest counts each resource once per change.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding } from '#lib/model/index.js';
import { buildDigest } from '#lib/digest/build.js';
import { isFailing } from '#lib/digest/diff.js';
import type { AccountSection, Digest, TopFinding } from '#lib/digest/types.js';
import { renderEmail } from '#lib/digest/render/email.js';
import { renderHtmlReport } from '#lib/digest/render/html.js';
import { renderMarkdown } from '#lib/digest/render/markdown.js';
import { renderSlack } from '#lib/digest/render/slack.js';
import { renderTerminal } from '#lib/digest/render/terminal.js';
import { LocalStore } from '#lib/store/local.js';
import { runCli } from '../cli/helpers.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const SATURATED = 'i-05e90817259d0dca2';

let dir: string;
let digest: Digest;
/** The same scan's digest with every problem listed (the CLI's list is bounded). */
let full: AccountSection;
let raw: Finding[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfscan-problems-'));
  const r = await runCli(['scan', '--simulated', '--format', 'json', '--out', 'out'], dir);
  expect(r.code, r.stderr).not.toBe(2);
  digest = JSON.parse(r.stdout) as Digest;
  const store = new LocalStore(join(dir, 'out'));
  const [header] = await store.listScans();
  const units = await store.getUnits(header!.scanId);
  raw = await store.getFindings(header!.scanId);
  full = buildDigest({
    header: header!,
    units,
    findings: raw,
    debt: [],
    attestations: [],
    scansInHistory: 1,
    now: digest.generatedAt,
    resourceRows: 100_000,
    topN: 1_000,
  }).accounts[0]!;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failing = (): Finding[] => raw.filter(isFailing);
const resourceOf = (f: Pick<Finding, 'accountId' | 'region' | 'resourceType' | 'resourceId'>) =>
  [f.accountId, f.region, f.resourceType, f.resourceId].join('|');
const failingIds = (checkId: string) =>
  new Set(
    failing()
      .filter((f) => f.checkId === checkId)
      .map(resourceOf),
  );
const kindsOf = (f: TopFinding) => f.change ?? [];

describe('one finding per problem on the demo account', () => {
  it('counts the gp2 volumes once, not in both ebs-volume-type-gp3 and computeoptimizer-ebs-volume-optimized', () => {
    const ours = failingIds('ebs-volume-type-gp3');
    const co = failingIds('computeoptimizer-ebs-volume-optimized');
    const both = [...ours].filter((id) => co.has(id));
    // The raw per-check results keep both sources (the JSON/CSV exports read these).
    expect(both.length).toBeGreaterThanOrEqual(40);
    for (const id of both) {
      const shown = full.topFindings.filter(
        (f) => resourceOf(f) === id && kindsOf(f).includes('storage-type'),
      );
      expect(shown, id).toHaveLength(1);
      // Both sources on one entry (a depleting burst balance, more severe, may lead: the same gp2 -> gp3 move).
      const sources = [shown[0]?.checkId, ...(shown[0]?.corroboratedBy ?? []).map((c) => c.checkId)];
      expect(sources).toEqual(
        expect.arrayContaining(['ebs-volume-type-gp3', 'computeoptimizer-ebs-volume-optimized']),
      );
    }
    // Compute Optimizer's group no longer repeats the gp2 volumes.
    const coGroup = digest.accounts[0]?.topChecks.find(
      (g) => g.checkId === 'computeoptimizer-ebs-volume-optimized',
    );
    expect(coGroup?.resources ?? 0).toBe(co.size - both.length);
  });

  it(`lists ${SATURATED} (saturated, and under-provisioned per Compute Optimizer) once in "what to fix first"`, () => {
    expect(failingIds('ec2-instance-cpu-not-saturated').size).toBeGreaterThan(0);
    const rawFor = failing()
      .filter((f) => f.resourceId === SATURATED)
      .map((f) => f.checkId);
    expect(rawFor).toEqual(
      expect.arrayContaining(['ec2-instance-cpu-not-saturated', 'computeoptimizer-ec2-instance-optimized']),
    );
    // The full list: the CLI's is bounded to the first checks by saving, and this one carries none.
    const resize = full.topChecks
      .flatMap((g) => g.worst)
      .filter((f) => f.resourceId === SATURATED && kindsOf(f).includes('resize'));
    expect(resize).toHaveLength(1);
    expect(resize[0]?.checkId).toBe('ec2-instance-cpu-not-saturated');
    expect(resize[0]?.corroboratedBy?.map((c) => c.checkId)).toEqual([
      'computeoptimizer-ec2-instance-optimized',
    ]);
    // Idle instances too: our over-provisioning check and Compute Optimizer's are one problem each.
    const idle = failingIds('ec2-instance-cpu-not-overprovisioned');
    for (const id of [...idle].filter((x) => failingIds('computeoptimizer-ec2-instance-optimized').has(x))) {
      expect(
        full.topFindings.filter((f) => resourceOf(f) === id && kindsOf(f).includes('resize')),
        id,
      ).toHaveLength(1);
    }
  });

  it('counts no resource twice for the same change in any failing figure', () => {
    // Every problem listed once: no (resource, kind) pair appears in two entries.
    const seen = new Map<string, string>();
    for (const f of full.topFindings) {
      for (const k of kindsOf(f)) {
        const key = `${resourceOf(f)}|${k}`;
        expect(seen.get(key), `${key} in ${f.checkId} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, f.checkId);
      }
    }
    const a = digest.accounts[0]!;
    expect(full.topFindings).toHaveLength(a.failing);
    expect(a.failing).toBeLessThan(failing().length);
    expect(Object.values(digest.counts.failingBySeverity).reduce((s, n) => s + n, 0)).toBe(a.failing);
    expect(digest.debt.open).toBe(a.failing);
    // Each control's figure: the problems touching it, each once.
    for (const c of a.controls) {
      const touching = full.topFindings.filter(
        (f) => f.control === c.control || (f.corroboratedBy ?? []).some((x) => x.control === c.control),
      );
      expect(c.failing, c.control).toBe(touching.length);
    }
  });

  it("does not inflate WAF-PERF-090's failing figure", () => {
    const storage = failing().filter((f) => f.control === 'WAF-PERF-090');
    const resources = new Set(storage.map(resourceOf));
    const figure = digest.accounts[0]!.controls.find((c) => c.control === 'WAF-PERF-090')!.failing;
    // On the demo every failing storage resource needs one storage change, whichever checks report it.
    expect(figure).toBe(resources.size);
    expect(storage.length).toBeGreaterThan(figure);
  });
});

describe('the digest explains the score', () => {
  it('puts the account level beside the control levels with one line on why they differ', () => {
    const a = digest.accounts[0]!;
    expect(a.levels.account).toBe(a.level.current);
    const levels = a.controls.map((c) => c.level);
    expect(a.levels.controls.flatMap((g) => g.controls)).toHaveLength(a.controls.length);
    expect(new Set(levels).size).toBeGreaterThan(1);
    expect(a.levels.why).toMatch(
      /^Level \d comes from the self-assessment checklists \(Level \d needs \d+ of its \d+ items met: \d+ (?:is|are)/,
    );
    for (const c of a.controls.filter((x) => x.level !== a.level.current)) {
      expect(a.levels.why, c.control).toContain(c.control);
    }
  });

  it('gives every control its deciding criterion with its count', () => {
    for (const c of digest.accounts[0]!.controls) {
      expect(c.decidedBy, c.control).toBeDefined();
      expect(c.decidedBy?.evidence.join(' '), c.control).toMatch(/\d/);
    }
  });

  it('says it in every renderer: terminal, Markdown, Slack, email, HTML', () => {
    const why = 'each control climbs on its own criteria';
    expect(renderTerminal(digest, { color: false }).replace(/\s+/g, ' ')).toContain(why);
    expect(renderMarkdown(digest).replace(/\s+/g, ' ')).toContain(why);
    expect(JSON.stringify(renderSlack(digest).blocks)).toContain(why);
    const email = renderEmail(digest);
    expect(email.html).toContain(why);
    expect(email.text.replace(/\s+/g, ' ')).toContain(why);
    expect(renderHtmlReport(digest)).toContain(why);
    // The corroborating source is shown with the problem it confirms.
    expect(renderTerminal(digest, { color: false }).replace(/\s+/g, ' ')).toContain(
      'same change also recommended by computeoptimizer-ec2-instance-optimized',
    );
  });
});
