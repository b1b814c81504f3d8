/** Level labels come from the maturity model data (one source of truth for ids and names). */
import type { Level } from '#lib/model/index.js';
import { LEVELS } from '#lib/maturity/levels.js';

export function levelLabel(level: Level): string {
  return LEVELS.find((l) => l.level === level)?.label ?? `Level ${level}`;
}
