import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadDataDirectory } from "../../server/graph/io/load.js";
import type { Dataset } from "../../server/graph/model/types.js";
import { windowHashes } from "../../scripts/source-fingerprint.js";

let dataset: Dataset;
beforeAll(async () => {
  const result = await loadDataDirectory();
  if (!result.ok) throw new Error(`curated data is invalid:\n${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n")}`);
  dataset = result.dataset;
});

const fixedKeys = ["iskp", "ttp", "bla", "etim", "imu", "ttm", "let", "jem", "al-qaeda", "taliban", "china", "pakistan", "afghanistan", "tajikistan", "uzbekistan", "iran", "russia", "kyrgyzstan"];

const edgesBetween = (a: string, b: string) =>
  dataset.graph.edges(a, b).concat(dataset.graph.edges(b, a)).map((e) => dataset.graph.getEdgeAttributes(e));

describe("the curated graph of S1", () => {
  it("should validate and hold every fixed key", () => {
    for (const key of fixedKeys) expect(dataset.graph.hasNode(key), key).toBe(true);
  });

  it("should cover the article's actors and relations at the expected scale", () => {
    expect(dataset.graph.order).toBeGreaterThanOrEqual(80);
    expect(dataset.graph.size).toBeGreaterThanOrEqual(150);
    const kinds = new Set(dataset.graph.mapNodes((_n, a) => a.kind));
    for (const kind of ["group", "state", "investment", "attack", "person", "place", "population", "media", "organisation"]) expect(kinds.has(kind), kind).toBe(true);
  });

  it("should record the aliases the article uses", () => {
    const aliases = (key: string) =>
      [dataset.graph.getNodeAttribute(key, "label"), ...dataset.graph.getNodeAttribute(key, "aliases")].map((a: string) => a.toLowerCase());
    expect(aliases("ttm")).toEqual(expect.arrayContaining(["jamaat ansarullah", "tajikistan taliban movement"]));
    expect(aliases("etim")).toEqual(expect.arrayContaining(["east turkistan islamic party"]));
  });

  it("should record the IMU's alliance with ISKP since 2014", () => {
    expect(edgesBetween("imu", "iskp").find((e) => e.relation === "allied-with")).toMatchObject({ since: "2014", confidence: "reported" });
  });

  it("should record ETIM being courted by ISKP, never allied with it", () => {
    const relations = edgesBetween("etim", "iskp").map((e) => e.relation);
    expect(relations).toContain("courts");
    expect(relations).not.toContain("allied-with");
    expect(relations).not.toContain("pledged-allegiance-to");
  });

  it("should give every attack a date, casualties and a perpetrator or an explanation", () => {
    dataset.graph.forEachNode((key, a) => {
      if (a.kind !== "attack") return;
      expect(a.date, key).toBeTruthy();
      expect(a.casualties?.note, key).toBeTruthy();
      const perpetrators = dataset.graph.inEdges(key).filter((e) => dataset.graph.getEdgeAttribute(e, "relation") === "perpetrated");
      if (perpetrators.length === 0) expect(a.description, key).toMatch(/not (named|attribute|say|identif)|no perpetrator|unnamed|unattributed|does not name/i);
    });
  });

  it("should mark the article's speculation as speculative", () => {
    const proxies = dataset.graph.filterEdges((_e, a) => a.relation === "suspected-proxy-of").map((e) => dataset.graph.getEdgeAttributes(e));
    expect(proxies.length).toBeGreaterThan(0);
    for (const p of proxies) expect(p.confidence).toBe("speculative");
  });

  it("should paraphrase, never copy eight words in a row from the article", () => {
    const fingerprint = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/s1-fingerprint.json"), "utf8")) as { hashes: string[] };
    const article = new Set(fingerprint.hashes);
    const texts: [string, string][] = [];
    dataset.graph.forEachNode((key, a) => {
      texts.push([`node ${key} description`, a.description]);
      a.evidence.forEach((e, i) => texts.push([`node ${key} evidence[${i}]`, e.claim]));
      a.facts?.forEach((f, i) => f.evidence.forEach((e) => texts.push([`node ${key} facts[${i}]`, `${e.claim}`])));
    });
    dataset.graph.forEachEdge((key, a) => {
      a.evidence.forEach((e, i) => texts.push([`edge ${key} evidence[${i}]`, e.claim]));
      if (a.note) texts.push([`edge ${key} note`, a.note]);
    });
    const copied = texts.filter(([, text]) => windowHashes(text).some((h) => article.has(h))).map(([where]) => where);
    expect(copied).toEqual([]);
  });
});
