// The analysis endpoints on the curated graph: shapes, numbers traceable to cited edges, and parameter errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDatasetOrThrow, curatedDataDir } from "../../server/graph/io/load.js";
import { evidenceCost } from "../../server/graph/query/paths.js";
import { memoReliabilityIndex } from "../../server/graph/model/grades.js";
import type { Dataset } from "../../server/graph/model/types.js";
import type { BalanceResult } from "../../server/graph/analysis/balance.js";
import type { ExposureResult } from "../../server/graph/analysis/exposure.js";
import type { ContestedResult } from "../../server/graph/analysis/contested.js";
import type { DiffResult } from "../../server/graph/analysis/diff.js";
import type { CitedEdge } from "../../server/graph/analysis/cited-edge.js";
import { expectError, startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
let curated: Dataset;
beforeAll(async () => {
  curated = await loadDatasetOrThrow(curatedDataDir);
  app = await startApp(curated);
});
afterAll(() => app.close());

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${app.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};
const signOf = (relation: string) => curated.vocabulary.relations.find((r) => r.id === relation)?.sign;
const sourceIds = () => new Set(curated.sources.map((s) => s.id));

/** A cited edge must be the curated edge itself, with its sign and evidence from registered sources. */
function expectCited(edge: CitedEdge) {
  const g = curated.graph;
  expect(g.hasEdge(edge.id)).toBe(true);
  expect([g.source(edge.id), g.target(edge.id)]).toEqual([edge.source, edge.target]);
  expect(edge.relation).toBe(g.getEdgeAttribute(edge.id, "relation"));
  expect(edge.sign).toBe(signOf(edge.relation));
  expect(edge.evidence.length).toBeGreaterThan(0);
  for (const item of edge.evidence) expect(sourceIds().has(item.source)).toBe(true);
}

describe("GET /api/schema", () => {
  it("should give every relation a sign", async () => {
    const body = await get<{ relations: { id: string; sign: string }[] }>("/api/schema");
    for (const r of body.relations) expect(["positive", "negative", "neutral"]).toContain(r.sign);
    expect(body.relations.find((r) => r.id === "allied-with")?.sign).toBe("positive");
    expect(body.relations.find((r) => r.id === "targets")?.sign).toBe("negative");
    expect(body.relations.find((r) => r.id === "located-in")?.sign).toBe("neutral");
  });
});

describe("GET /api/analysis/balance", () => {
  it("should answer a consistent summary whose triads rest on cited signed edges", async () => {
    const body = await get<BalanceResult>("/api/analysis/balance?limit=500");
    const s = body.summary;
    expect(s.triads).toBe(s.balanced + s.unbalanced);
    expect(s.allNegative).toBeLessThanOrEqual(s.unbalanced);
    expect(body.unbalanced).toHaveLength(s.unbalanced);
    for (const triad of body.unbalanced) {
      expect(new Set(triad.nodes).size).toBe(3);
      for (const edge of triad.edges) {
        expectCited(edge);
        expect(edge.sign).not.toBe("neutral");
        expect(triad.nodes).toContain(edge.source);
        expect(triad.nodes).toContain(edge.target);
      }
      const pairSign = new Map<string, number>();
      for (const e of triad.edges) pairSign.set([e.source, e.target].sort().join("|"), e.sign === "positive" ? 1 : -1);
      expect(pairSign.size).toBe(3);
      expect([...pairSign.values()].reduce((p, x) => p * x, 1)).toBe(-1);
    }
    expect(body.truncated).toBe(false);
  });

  it("should show the strain S1 describes: the Taliban hosting ETIM while ISKP, its rival, courts ETIM", async () => {
    const body = await get<BalanceResult>("/api/analysis/balance?limit=500");
    const keys = body.unbalanced.map((t) => t.nodes.join(","));
    expect(keys).toContain("etim,iskp,taliban");
  });

  it("should leave the predictions out with predictions=false and keep the rest", async () => {
    const full = await get<BalanceResult>("/api/analysis/balance");
    const lean = await get<BalanceResult>("/api/analysis/balance?predictions=false");
    expect(full.total.predictions).toBeGreaterThan(0);
    expect(lean.predictions).toEqual([]);
    expect(lean.total.predictions).toBeNull();
    expect(lean.summary).toEqual(full.summary);
    expect(lean.unbalanced).toEqual(full.unbalanced);
  });

  it("should follow the as-of filter", async () => {
    const early = await get<BalanceResult>("/api/analysis/balance?asOf=2005");
    const late = await get<BalanceResult>("/api/analysis/balance");
    expect(early.summary.negative).toBeLessThan(late.summary.negative);
  });
});

describe("GET /api/analysis/exposure", () => {
  it("should trace every threat cost and score on China's assets to cited hops", async () => {
    const body = await get<ExposureResult>("/api/analysis/exposure?target=china");
    expect(body.target).toBe("china");
    const ids = body.assets.map((a) => a.id);
    expect(ids).toContain("china");
    expect(ids).toContain("cpec");
    expect(ids).toContain("chinese-nationals");
    for (const asset of body.assets) {
      let score = 0;
      for (const threat of asset.threats) {
        const { nodes, edges } = threat.path;
        expect(nodes[0]).toBe(threat.actor);
        expect(nodes[nodes.length - 1]).toBe(asset.id);
        expect(edges).toHaveLength(nodes.length - 1);
        edges.forEach(expectCited);
        expect(edges.filter((e) => e.sign === "negative").length).toBeGreaterThanOrEqual(1);
        const cost = edges.reduce((sum, e) => sum + evidenceCost(curated.graph.getEdgeAttributes(e.id), memoReliabilityIndex(curated.sources)), 0);
        expect(threat.cost).toBeCloseTo(cost, 3);
        score += 1 / cost;
      }
      expect(asset.score).toBeCloseTo(score, 3);
    }
    expect(body.actors.map((a) => a.id)).toContain("iskp");
    expect(body.truncated).toBe(false);
  });

  it("should name an unknown target and out-of-range bounds", async () => {
    await expectError(await fetch(`${app.url}/api/analysis/exposure?target=atlantis`), 404, "NODE_NOT_FOUND", /atlantis/);
    const bad = await expectError(await fetch(`${app.url}/api/analysis/exposure?target=china&maxLength=9`), 400, "BAD_PARAM");
    expect(bad.error.param).toBe("maxLength");
    const missing = await expectError(await fetch(`${app.url}/api/analysis/exposure`), 400, "BAD_PARAM");
    expect(missing.error.param).toBe("target");
  });
});

describe("GET /api/analysis/contested", () => {
  it("should answer contested items each citing curated edges with a reason", async () => {
    const body = await get<ContestedResult>("/api/analysis/contested");
    for (const item of body.contested) {
      expect(item.reason.length).toBeGreaterThan(10);
      item.edges.forEach(expectCited);
    }
  });
});

describe("GET /api/diff", () => {
  it("should list what changed between 2021 and 2022 under the as-of rule", async () => {
    const body = await get<DiffResult>("/api/diff?from=2021&to=2022");
    expect(body.counts.added.nodes).toBe(body.added.nodes.length);
    expect(body.counts.added.edges).toBeGreaterThan(0);
    expect(body.added.nodes.map((n) => n.id)).toContain("attack-2022-12-12-kabul-hotel");
    body.added.edges.forEach(expectCited);
  });

  it("should refuse bad dates, a from after to, an out-of-range limit and asOf, naming the parameter", async () => {
    const cases: [string, string][] = [
      ["/api/diff?from=2023&to=2021", "from"],
      ["/api/diff?from=2021-13&to=2022", "from"],
      ["/api/diff?from=2021", "to"],
      ["/api/diff?from=2021&to=2022&limit=100000", "limit"],
      ["/api/diff?from=2021&to=2022&asOf=2021", "asOf"],
      ["/api/analysis/balance?limit=501", "limit"],
      ["/api/analysis/balance?offset=-1", "offset"],
      ["/api/analysis/balance?predictions=no", "predictions"],
    ];
    for (const [path, param] of cases) {
      const body = await expectError(await fetch(`${app.url}${path}`), 400, "BAD_PARAM");
      expect(body.error.param, path).toBe(param);
    }
  });
});
