// Summary statistics and a monotonic clock for the benchmarks: median, percentiles, per-item timing.

export const now = (): number => performance.now();

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * Times `fn` once per item, after untimed calls on `warmup` (other items of the same kind, so the timed ones
 * meet a warmed-up JIT and a settled heap); milliseconds per item plus each result. With a budget, stops after
 * the item that crosses it (the caller reports how many ran).
 */
export function timeEach<T, R>(
  items: readonly T[],
  fn: (item: T) => R,
  warmup: readonly T[] = [],
  budgetMs = Infinity,
): { times: number[]; results: R[]; starts: number[] } {
  for (const item of warmup) fn(item);
  const times: number[] = [];
  const results: R[] = [];
  const starts: number[] = [];
  const deadline = now() + budgetMs;
  for (const item of items) {
    const t = now();
    results.push(fn(item));
    const done = now();
    starts.push(t);
    times.push(done - t);
    if (done > deadline) break;
  }
  return { times, results, starts };
}

/** Forces full garbage collection when the process runs with --expose-gc (bench children always do). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export interface GcReport {
  count: number;
  totalMs: number;
  /** How many of the slowest 1% of items overlapped a collection. */
  slowWithGc: number;
  slowest: number;
}

/**
 * Watches V8 garbage collections while `fn` runs (synchronously) and relates them to the slowest items, so a
 * tail made of GC pauses can be told apart from a tail made of slow queries. Entries arrive asynchronously,
 * hence the await before reading them.
 */
export async function withGcReport<R extends { times: number[]; starts?: number[] }>(fn: () => R): Promise<R & { gc: GcReport }> {
  const { PerformanceObserver } = await import("node:perf_hooks");
  const entries: { startTime: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration }))));
  observer.observe({ entryTypes: ["gc"] });
  const result = fn();
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const starts = result.starts ?? [];
  const slowest = Math.max(1, Math.floor(result.times.length / 100));
  const order = result.times.map((t, i) => [t, i] as const).sort((a, b) => b[0] - a[0]).slice(0, slowest);
  const overlaps = (i: number) => entries.some((e) => e.startTime < starts[i] + result.times[i] && e.startTime + e.duration > starts[i]);
  return {
    ...result,
    gc: {
      count: entries.length,
      totalMs: entries.reduce((s, e) => s + e.duration, 0),
      slowWithGc: starts.length ? order.filter(([, i]) => overlaps(i)).length : 0,
      slowest,
    },
  };
}
