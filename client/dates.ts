// Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as intervals, mirroring the service's as-of semantics.

export interface DateInterval {
  /** Inclusive bounds as comparable numbers yyyymmdd. */
  start: number;
  end: number;
}

const pattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The interval a partial date covers, or null when it is not a real date. */
export function parsePartialDate(value: string): DateInterval | null {
  const match = pattern.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2] === undefined) return { start: year * 10000 + 101, end: year * 10000 + 1231 };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  const base = year * 10000 + month * 100;
  if (match[3] === undefined) return { start: base + 1, end: base + daysInMonth(year, month) };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { start: base + day, end: base + day };
}

/**
 * The interval of a compact date code (yyyymmdd with 00 for a missing month or day, as in GET
 * /api/graph?encoding=compact), exactly as parsePartialDate would read the date it stands for; null for 0.
 */
export function dateCodeInterval(code: number): DateInterval | null {
  if (!code) return null;
  const year = Math.floor(code / 10000);
  const month = Math.floor(code / 100) % 100;
  const day = code % 100;
  if (year > 9999) return null;
  if (month === 0) return day === 0 ? { start: year * 10000 + 101, end: year * 10000 + 1231 } : null;
  if (month > 12) return null;
  const base = year * 10000 + month * 100;
  if (day === 0) return { start: base + 1, end: base + daysInMonth(year, month) };
  if (day > daysInMonth(year, month)) return null;
  return { start: base + day, end: base + day };
}

/**
 * Whether something valid from `since` to `until` holds at `asOf`. Missing bounds are open, so a
 * relation without dates is valid at every date; a partial as-of date counts as its whole interval.
 */
export function isValidAt(asOf: DateInterval, since?: string, until?: string): boolean {
  const from = since ? parsePartialDate(since) : null;
  const to = until ? parsePartialDate(until) : null;
  if (from && from.start > asOf.end) return false;
  if (to && to.end < asOf.start) return false;
  return true;
}

/** The year of a partial date, or null. */
export function yearOf(value: string | undefined): number | null {
  if (!value) return null;
  const match = pattern.exec(value);
  return match ? Number(match[1]) : null;
}
