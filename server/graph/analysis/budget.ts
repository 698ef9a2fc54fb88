// Work and time bounds for analyses: a deadline, a work cap, cooperative yields so no query blocks the server, checked limits.
import { AppError } from "../../errors.js";

/** Default bounds for every analysis; a query that hits one answers what it has with `truncated: true`. */
export const analysisBounds = {
  /** Wall-clock budget for one analysis, including the time it yields to other requests. */
  timeBudgetMs: 5_000,
  /** Elementary steps (edge visits, wedge checks) one analysis may take. */
  maxWork: 50_000_000,
  /** Yield to the event loop after this much uninterrupted work, so other requests are served meanwhile. */
  sliceMs: 25,
} as const;

export interface BudgetOptions {
  timeBudgetMs?: number;
  maxWork?: number;
  now?: () => number;
}

/**
 * Counts work and time. Hot loops call `step()` (cheap: a counter) and, when it returns true, `await pause()`,
 * which yields to the event loop or, once the deadline or the work cap is passed, marks the budget spent.
 */
export class Budget {
  private work = 0;
  private readonly deadline: number;
  private readonly maxWork: number;
  private readonly now: () => number;
  private sliceEnd: number;
  /** True once a bound stopped the analysis early. */
  truncated = false;

  constructor(options: BudgetOptions = {}) {
    this.now = options.now ?? Date.now;
    this.deadline = this.now() + (options.timeBudgetMs ?? analysisBounds.timeBudgetMs);
    this.maxWork = options.maxWork ?? analysisBounds.maxWork;
    this.sliceEnd = this.now() + analysisBounds.sliceMs;
  }

  /** Counts `n` steps; true every 4,096 steps, when the caller should `await pause()`. */
  step(n = 1): boolean {
    const before = this.work;
    this.work += n;
    if (this.work > this.maxWork) this.truncated = true;
    return this.truncated || (before >>> 12) !== (this.work >>> 12);
  }

  /** Yields when the time slice is used up; returns false (and marks the budget spent) past a bound. */
  async pause(): Promise<boolean> {
    if (this.truncated) return false;
    const t = this.now();
    if (t > this.deadline) {
      this.truncated = true;
      return false;
    }
    if (t >= this.sliceEnd) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceEnd = this.now() + analysisBounds.sliceMs;
    }
    return true;
  }

  get spent(): boolean {
    return this.truncated;
  }
}

/** An integer parameter within [min, max] (the fallback when absent), or BAD_PARAM naming it. */
export function checkInt(param: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new AppError("BAD_PARAM", `${param}: expected an integer from ${min} to ${max}`, { param });
  return v;
}
