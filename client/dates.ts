// Partial ISO dates in the viewer: the service's own parsing and as-of rule, plus the compact body's date codes.

import { isValidAt, parsePartialDate, partialDatePattern, type DateInterval } from "../server/graph/model/dates.js";

export { isValidAt, parsePartialDate, type DateInterval };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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


/** The year of a partial date, or null. */
export function yearOf(value: string | undefined): number | null {
  if (!value) return null;
  const match = partialDatePattern.exec(value);
  return match ? Number(match[1]) : null;
}
