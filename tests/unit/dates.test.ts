import { describe, expect, it } from "vitest";
import { isOrdered, isValidAt, parsePartialDate } from "../../server/graph/model/dates.js";

describe("parsePartialDate", () => {
  it("should read years, months and days as the interval they cover", () => {
    expect(parsePartialDate("2014")).toEqual({ start: 20140101, end: 20141231 });
    expect(parsePartialDate("2024-02")).toEqual({ start: 20240201, end: 20240229 });
    expect(parsePartialDate("2022-12-12")).toEqual({ start: 20221212, end: 20221212 });
  });

  it("should refuse dates that do not exist", () => {
    for (const bad of ["2022-13", "2023-02-29", "2022-00", "22", "2022-1", "2022/01", ""]) expect(parsePartialDate(bad)).toBeNull();
  });
});

describe("isOrdered", () => {
  it("should accept overlapping partial dates and refuse reversed ones", () => {
    expect(isOrdered("2014", "2014-06")).toBe(true);
    expect(isOrdered("2014", "2015")).toBe(true);
    expect(isOrdered("2015-06", "2015-01")).toBe(false);
  });
});

describe("isValidAt", () => {
  const at = (d: string) => parsePartialDate(d)!;
  it("should treat missing bounds as open", () => {
    expect(isValidAt(at("1990"))).toBe(true);
    expect(isValidAt(at("2004"), undefined, "2015")).toBe(true);
  });
  it("should exclude relations that start after or end before the date", () => {
    expect(isValidAt(at("2013"), "2014")).toBe(false);
    expect(isValidAt(at("2014"), "2014-06")).toBe(true);
    expect(isValidAt(at("2016"), "2010", "2015")).toBe(false);
  });
});
