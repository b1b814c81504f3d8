/** Look-ups over the checklists and controls. */
import { CHECKLISTS } from './checklists.js';
import { CONTROLS } from './controls/index.js';

/** Every id usable in an attestation: `L2-1`..`L4-10` and `WAF-PERF-0X0:L2`..`:L5`. */
export function knownItemIds(): string[] {
  return [
    ...CHECKLISTS.flatMap((c) => c.items.map((i) => i.id)),
    ...CONTROLS.flatMap((c) => c.criteria.map((k) => k.id)),
  ];
}
