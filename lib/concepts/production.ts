/**
 * Production: a resource tagged env / environment / stage / tier with a value starting with "prod" (prod,
 * production, prod-eu). When nothing in the set is tagged so, everything counts as production: an untagged estate
 * is judged as a whole rather than as empty.
 * AWS documents tags as the way to mark environments: "Best Practices for Tagging AWS Resources",
 * https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/what-are-tags.html
 */
import type { Tags } from '#lib/model/index.js';

export const PRODUCTION_TAG_KEY = /^(env|environment|stage|tier)$/i;
export const PRODUCTION_TAG_VALUE = /^prod/i;

export function isProductionTagged(tags: Tags | undefined): boolean {
  return Object.entries(tags ?? {}).some(
    ([k, v]) => PRODUCTION_TAG_KEY.test(k) && PRODUCTION_TAG_VALUE.test(v),
  );
}

/** The production members of a set: the tagged ones, or all of them when none is tagged. */
export function productionOnly<T>(items: readonly T[], tagsOf: (x: T) => Tags | undefined): T[] {
  const tagged = items.filter((x) => isProductionTagged(tagsOf(x)));
  return tagged.length > 0 ? tagged : [...items];
}
