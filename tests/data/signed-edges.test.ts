// Data tests for the signed relations between actors (issue 8): what balance and exposure analyses will multiply.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadDataDirectory } from "../../server/graph/io/load.js";
import { isValidAt, parsePartialDate } from "../../server/graph/model/dates.js";
import type { Dataset, EdgeAttributes } from "../../server/graph/model/types.js";

let dataset: Dataset;
beforeAll(async () => {
  const result = await loadDataDirectory();
  if (!result.ok) throw new Error(`curated data is invalid:\n${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n")}`);
  dataset = result.dataset;
});

const signOf = (relation: string) => dataset.vocabulary.relations.find((r) => r.id === relation)!.sign;
const isActor = (key: string) => dataset.vocabulary.nodeKinds.find((k) => k.id === dataset.graph.getNodeAttribute(key, "kind"))?.actor === true;
// An undirected edge is listed from both ends: one entry per edge.
const between = (a: string, b: string): EdgeAttributes[] =>
  [...new Set(dataset.graph.edges(a, b).concat(dataset.graph.edges(b, a)))].map((e) => dataset.graph.getEdgeAttributes(e));

describe("signed relations between actors in the curated graph", () => {
  it("should document every relation's sign and exposure role in graph-data/README.md exactly as vocabulary.json gives them", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../graph-data/README.md"), "utf8");
    const rows = new Map(
      [...readme.matchAll(/^\| `([a-z-]+)` \| (\*\*undirected\*\*|directed) \| ([a-z]+) \| ([a-z-]+|—) \|/gm)].map((m) => [m[1], { sign: m[3], exposure: m[4] }]),
    );
    const expected = new Map(dataset.vocabulary.relations.map((r) => [r.id, { sign: r.sign, exposure: r.exposure ?? "—" }]));
    expect(rows).toEqual(expected);
  });

  it("should leave trade and debt unsigned: S1 gives them as economic exposure, not alignment", () => {
    // Signed positive, China and Russia trading with Uzbekistan (P15) would predict a China–Russia friendship S1 never makes.
    expect(signOf("trades-with")).toBe("neutral");
    expect(signOf("indebted-to")).toBe("neutral");
  });

  it("should give China closeness to Pakistan and the Taliban, never an alliance, and date the Taliban tie from its regime", () => {
    expect(dataset.graph.filterEdges("china", (_e, a) => a.relation === "allied-with")).toEqual([]);
    expect(between("china", "pakistan").filter((a) => signOf(a.relation) === "positive").map((a) => a.relation)).toEqual(["close-to"]);
    const taliban = between("china", "taliban").filter((a) => signOf(a.relation) === "positive");
    expect(taliban.map((a) => [a.relation, a.confidence, a.since])).toEqual([["close-to", "assessed", "2021-08"]]);
  });

  it("should link every attacker directly to each actor its attack hit, valid at the attack's date", () => {
    // Otherwise a hostility S1 states outright is reachable only through the attack node, which signed analysis skips.
    const missing: string[] = [];
    dataset.graph.forEachNode((act, attrs) => {
      if (attrs.kind !== "attack" && attrs.kind !== "event") return;
      const at = parsePartialDate(attrs.date!)!;
      const doers = dataset.graph.inEdges(act).filter((e) => ["perpetrated", "claimed"].includes(dataset.graph.getEdgeAttribute(e, "relation")) && dataset.graph.getEdgeAttribute(e, "confidence") !== "speculative");
      const hit = dataset.graph.outEdges(act).filter((e) => dataset.graph.getEdgeAttribute(e, "relation") === "targets" && dataset.graph.getEdgeAttribute(e, "confidence") !== "speculative");
      for (const d of doers)
        for (const h of hit) {
          const [actor, victim] = [dataset.graph.source(d), dataset.graph.target(h)];
          if (!isActor(actor) || !isActor(victim)) continue;
          const direct = dataset.graph.outEdges(actor, victim).some((e) => {
            const a = dataset.graph.getEdgeAttributes(e);
            return signOf(a.relation) === "negative" && isValidAt(at, a.since, a.until);
          });
          if (!direct) missing.push(`${actor} → ${victim} (${act})`);
        }
    });
    expect(missing).toEqual([]);
  });

  it("should record where S1 and a work it cites hedge the same relation differently", () => {
    // P17: S1 calls Jamaat Ansarullah Taliban-aligned outright; P18: the UN report only believes the TTM fought beside them, in 2021.
    const ttm = between("taliban", "ttm").find((a) => a.relation === "allied-with")!;
    expect(ttm.evidence.map((e) => [e.source, e.confidence, e.since, e.until])).toEqual([
      ["S1", "reported", undefined, undefined],
      ["un-mt-13", "assessed", "2021", "2021"],
    ]);
    expect(ttm.confidence).toBe("assessed");
  });
});
