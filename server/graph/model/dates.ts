// Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as closed intervals, for validation and as-of filters.

export const partialDatePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface DateInterval {
  /** Inclusive start and end, as comparable numbers yyyymmdd. */
  start: number;
  end: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a partial ISO date into the interval it covers; null when it is not a real date. */
export function parsePartialDate(value: string): DateInterval | null {
  const match = partialDatePattern.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2] === undefined) return { start: year * 10000 + 101, end: year * 10000 + 1231 };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  const monthBase = year * 10000 + month * 100;
  if (match[3] === undefined) return { start: monthBase + 1, end: monthBase + daysInMonth(year, month) };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { start: monthBase + day, end: monthBase + day };
}

export function isPartialDate(value: string): boolean {
  return parsePartialDate(value) !== null;
}

/** True when `since` cannot be later than `until` (their intervals may overlap). */
export function isOrdered(since: string, until: string): boolean {
  const a = parsePartialDate(since);
  const b = parsePartialDate(until);
  return a !== null && b !== null && a.start <= b.end;
}

/**
 * Whether something valid from `since` to `until` holds at `asOf`. Missing bounds are open;
 * a partial as-of date counts as its whole interval, so as-of 2014 includes a relation since 2014-06.
 */
export function isValidAt(asOf: DateInterval, since?: string, until?: string): boolean {
  const from = since ? parsePartialDate(since) : null;
  const to = until ? parsePartialDate(until) : null;
  if (from && from.start > asOf.end) return false;
  if (to && to.end < asOf.start) return false;
  return true;
}

/** The closed interval a relation from `since` to `until` is valid in; missing bounds are open (±Infinity). */
export function validity(since?: string, until?: string): DateInterval {
  const from = since ? parsePartialDate(since) : null;
  const to = until ? parsePartialDate(until) : null;
  return { start: from ? from.start : -Infinity, end: to ? to.end : Infinity };
}

/** True when the two intervals share at least one day (partial dates cover their whole span, as in as-of). */
export function overlaps(a: DateInterval, b: DateInterval): boolean {
  return a.start <= b.end && b.start <= a.end;
}
