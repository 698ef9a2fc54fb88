import { describe, expect, it } from "vitest";
import { buildSearchIndex, normalizeName } from "../../server/graph/query/search.js";
import { addNode, emptyGraph } from "../fixtures/graphs.js";

function fixtureIndex() {
  const g = emptyGraph();
  addNode(g, "ttm", "group", { label: "Tajikistan Taliban Movement", aliases: ["Jamaat Ansarullah", "TTM"] });
  addNode(g, "taliban", "group", { label: "Taliban", aliases: ["Islamic Emirate"] });
  addNode(g, "tajikistan", "state", { label: "Tajikistan", aliases: [] });
  addNode(g, "shahr-e-naw", "place", { label: "Shahr-e-Naw", aliases: ["Shahr-e-New"] });
  addNode(g, "chinese-nationals", "population", { label: "Chinese nationals", aliases: [] });
  return buildSearchIndex(g);
}

describe("normalizeName", () => {
  it("should fold case, diacritics and punctuation", () => {
    expect(normalizeName("SHAHR-E-NÂW")).toBe("shahr e naw");
    expect(normalizeName("  Lashkar‑e‑Toiba ")).toBe("lashkar e toiba");
  });
});

describe("buildSearchIndex", () => {
  it("should rank an exact label above prefix and substring matches", () => {
    expect(fixtureIndex().search("taliban").map((h) => h.id)).toEqual(["taliban", "ttm"]);
  });

  it("should match aliases and abbreviations", () => {
    expect(fixtureIndex().search("ansarullah")[0].id).toBe("ttm");
    expect(fixtureIndex().search("TTM")[0].id).toBe("ttm");
  });

  it("should match prefixes case- and diacritic-insensitively", () => {
    expect(fixtureIndex().search("tajik").map((h) => h.id)).toEqual(["tajikistan", "ttm"]);
    expect(fixtureIndex().search("shâhr e")[0].id).toBe("shahr-e-naw");
  });

  it("should return id, label, kind and aliases for each hit, at most limit of them", () => {
    const hits = fixtureIndex().search("a", 2);
    expect(hits).toHaveLength(2);
    expect(Object.keys(hits[0]).sort()).toEqual(["aliases", "id", "kind", "label"]);
  });

  it("should resolve ids, labels and aliases to one node, or null when unknown", () => {
    const index = fixtureIndex();
    expect(index.resolve("ttm")).toBe("ttm");
    expect(index.resolve("Jamaat Ansarullah")).toBe("ttm");
    expect(index.resolve("chinese nationals")).toBe("chinese-nationals");
    expect(index.resolve("Uyghurs")).toBeNull();
  });

  it("should refuse a limit outside 1..100", () => {
    expect(() => fixtureIndex().search("t", 0)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

describe("suggest", () => {
  it("should offer close names for a misspelt one", () => {
    expect(fixtureIndex().suggest("Tajikstan").map((h) => h.id)).toContain("tajikistan");
    expect(fixtureIndex().suggest("Talibam")[0].id).toBe("taliban");
  });

  it("should offer nothing for a name far from every actor", () => {
    expect(fixtureIndex().suggest("zzzzzzzz")).toEqual([]);
  });
});
