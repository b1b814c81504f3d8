import { attested, criterion } from '../define.js';
import type { ControlDef, HistoryRequirement } from '../types.js';

/** WAF-PERF-100 L3: "the register has >= 2 scans" (maturity model). */
export const MIN_REGISTER_SCANS = 2;
/** WAF-PERF-100 L5: ">= 4 consecutive weekly scans" (maturity model): scheduled, with at least 4 scans. */
export const MIN_SCHEDULED_SCANS = 4;

export const REGISTER_SCANS: HistoryRequirement = {
  denominator: `scans needed for the register (${MIN_REGISTER_SCANS})`,
  meets: "are in perfscan's findings store",
  share: 'all',
  tally: (h) => ({ of: MIN_REGISTER_SCANS, met: Math.min(h.scans, MIN_REGISTER_SCANS), noData: 0 }),
};

export const DEBT_IMPACT: HistoryRequirement = {
  denominator: 'open debt-register entries',
  meets: 'carry an estimated monthly cost of delay (saving)',
  share: 'most',
  whenNone: 'unknown',
  tally: (h) => ({ of: h.openDebt, met: h.debtWithImpact, noData: 0 }),
};

/** WAF-PERF-100 Performance Debt: open debt entries. */
export const WAF_PERF_100: ControlDef = {
  id: 'WAF-PERF-100',
  name: 'Performance Debt',
  levels: {
    1: 'no documentation',
    2: 'informal tracking in tickets',
    3: 'register + quarterly review',
    4: 'business impact quantified',
    5: 'automatic debt detection',
  },
  criteria: [
    attested('WAF-PERF-100', 2, 'informal tracking of performance debt in tickets (attested)'),
    criterion(
      'WAF-PERF-100',
      3,
      `the register has >= ${MIN_REGISTER_SCANS} scans, and its review is attested`,
      {
        observe: [REGISTER_SCANS],
        attest: 'the register is reviewed (quarterly performance review)',
        items: ['L4-4'],
        hint: 'scan at least twice, then attest WAF-PERF-100:L3 (or L4-4)',
      },
    ),
    criterion('WAF-PERF-100', 4, 'most open entries carry a business-impact estimate', {
      observe: [DEBT_IMPACT],
      hint: 'grant pricing:GetProducts so failing findings carry their monthly saving (docs/savings.md)',
    }),
    criterion(
      'WAF-PERF-100',
      5,
      `scheduled scans keep the register current (>= ${MIN_SCHEDULED_SCANS} consecutive weekly scans)`,
      {
        observe: [
          {
            denominator: `scheduled scans needed (${MIN_SCHEDULED_SCANS})`,
            meets: 'ran (this scan was started by the schedule)',
            share: 'all',
            tally: (h) => ({
              of: MIN_SCHEDULED_SCANS,
              met: h.scheduled ? Math.min(h.scans, MIN_SCHEDULED_SCANS) : 0,
              noData: 0,
            }),
          },
        ],
        hint: 'deploy the perfscan stack with its weekly schedule',
      },
    ),
  ],
};
