/**
 * `list.find((x) => key(x) === id)` for many ids over one list, without a scan per id: the first item of each
 * key, indexed once per list and key function, and kept while the list lives (rebuilt if its length changed).
 * A unit's pricing facts look up one resource per failing finding; over us-east-1 of the reference account
 * (tens of thousands of volumes and instances) a scan per lookup was quadratic.
 */
interface Index {
  length: number;
  first: Map<unknown, object>;
}

const indexes = new WeakMap<readonly object[], Map<(x: never) => unknown, Index>>();

export function firstBy<T extends object, K>(
  list: readonly T[] | undefined,
  key: (x: T) => K,
  id: K,
): T | undefined {
  if (!list) return undefined;
  let byKey = indexes.get(list);
  if (!byKey) indexes.set(list, (byKey = new Map()));
  let index = byKey.get(key as (x: never) => unknown);
  if (!index || index.length !== list.length) {
    const first = new Map<unknown, object>();
    for (const x of list) {
      const k = key(x);
      if (!first.has(k)) first.set(k, x);
    }
    index = { length: list.length, first };
    byKey.set(key as (x: never) => unknown, index);
  }
  return index.first.get(id) as T | undefined;
}
