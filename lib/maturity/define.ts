/** Constructors that keep control and checklist files short. */
import type { ControlId } from '#lib/model/index.js';
import type {
  ChecklistItemDef,
  ControlCriterionDef,
  HistoryRequirement,
  Requirement,
  ShareName,
} from './types.js';

export const needs = (
  measure: string,
  share: ShareName,
  whenNone?: Requirement['whenNone'],
): Requirement => ({
  measure,
  share,
  ...(whenNone ? { whenNone } : {}),
});

export interface CriterionOptions {
  observe?: readonly (Requirement | HistoryRequirement)[];
  attest?: string;
  orAttested?: boolean;
  notMetIsUnknown?: boolean;
  /** Checklist items that say the same thing: accepted as attestations and listed in the docs. */
  items?: readonly string[];
  hint: string;
}

export function criterion(
  control: ControlId,
  level: 2 | 3 | 4 | 5,
  text: string,
  o: CriterionOptions,
): ControlCriterionDef {
  const id = `${control}:L${level}`;
  return {
    id,
    level,
    text,
    observe: o.observe ?? [],
    ...(o.attest ? { attest: o.attest } : {}),
    ...(o.orAttested ? { orAttested: true } : {}),
    ...(o.notMetIsUnknown ? { notMetIsUnknown: true } : {}),
    ...(o.items ? { items: o.items } : {}),
    attestationIds: [id, ...(o.items ?? [])],
    hint: o.hint,
  };
}

/** A level only an attestation can answer. */
export function attested(
  control: ControlId,
  level: 2 | 3 | 4 | 5,
  text: string,
  items: readonly string[] = [],
) {
  return criterion(control, level, text, {
    attest: text,
    items,
    hint: `attest ${control}:L${level}${items.length ? ` (or ${items.join(', ')})` : ''}`,
  });
}

export function item(
  level: 2 | 3 | 4,
  number: number,
  text: string,
  o: Omit<CriterionOptions, 'items'>,
): ChecklistItemDef {
  const id = `L${level}-${number}`;
  return {
    id,
    level,
    number,
    text,
    observe: o.observe ?? [],
    ...(o.attest ? { attest: o.attest } : {}),
    ...(o.orAttested ? { orAttested: true } : {}),
    ...(o.notMetIsUnknown ? { notMetIsUnknown: true } : {}),
    attestationIds: [id],
    hint: o.hint,
  };
}
