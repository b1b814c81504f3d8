/** Bounded parallelism, shared by collectors (follow-up reads), the metric batcher, the engine and the Plan handler. */

/**
 * `fn` over `items` with at most `limit` calls in flight (at least one); results in the order of `items`.
 * A rejection rejects the whole call, as Promise.all does.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit)), items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}
