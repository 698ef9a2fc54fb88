import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { routesDataset } from "../fixtures/graphs.js";
import { parseStrict } from "../fixtures/export/xml.js";
import { startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(routesDataset());
});
afterAll(() => app.close());

const get = (path: string) => fetch(`${app.url}${path}`);

describe("GET /api/export", () => {
  const cases: [string, RegExp, string][] = [
    ["json", /application\/json/, ".json"],
    ["gexf", /xml/, ".gexf"],
    ["graphml", /xml/, ".graphml"],
    ["csv", /application\/zip/, ".zip"],
    ["cypher", /text\/plain|cypher/, ".cypher"],
    ["neo4j-admin", /application\/zip/, ".neo4j-admin.zip"],
    ["stix", /application\/stix\+json/, ".stix.json"],
    ["svg", /image\/svg\+xml/, ".svg"],
  ];
  for (const [format, type, extension] of cases) {
    it(`should download ${format} with its content type and a file name`, async () => {
      const res = await get(`/api/export?format=${format}&relations=allied-with`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(type);
      expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="actor-graph-[\\w-]+\\${extension}"$`));
    });
  }

  it("should export only the filtered view, well-formed, with evidence surviving", async () => {
    const gexf = await (await get("/api/export?format=gexf&relations=allied-with&asOf=2022")).text();
    const edges = parseStrict(gexf).filter((e) => e.name === "edge");
    expect(edges).toHaveLength(3);
    expect(gexf).toMatch(/P19/);
    const zip = unzipSync(new Uint8Array(await (await get("/api/export?format=csv&minConfidence=reported")).arrayBuffer()));
    const edgesCsv = strFromU8(zip["edges.csv"]).trim().split(/\r?\n/);
    expect(edgesCsv).toHaveLength(1 + 4);
  });

  it("should write GEXF 1.2draft by default and 1.3 on gexfVersion=1.3, refusing the parameter with other formats", async () => {
    const version = async (query: string) => parseStrict(await (await get(`/api/export?format=gexf${query}`)).text())[0].attributes.version;
    expect(await version("")).toBe("1.2");
    expect(await version("&gexfVersion=1.3")).toBe("1.3");
    const bad = await get("/api/export?format=gexf&gexfVersion=2");
    expect((await bad.json()).error).toMatchObject({ code: "BAD_PARAM", param: "gexfVersion" });
    const other = await get("/api/export?format=json&gexfVersion=1.3");
    expect((await other.json()).error).toMatchObject({ code: "BAD_PARAM", param: "gexfVersion" });
  });

  it("should export the filtered view as one STIX bundle and as neo4j-admin tables", async () => {
    const bundle = await (await get("/api/export?format=stix&relations=allied-with")).json();
    expect(bundle.type).toBe("bundle");
    expect(bundle.objects.filter((o: { type: string; x_actor_graph_role?: string }) => o.type === "relationship" && !o.x_actor_graph_role)).toHaveLength(3);
    const zip = unzipSync(new Uint8Array(await (await get("/api/export?format=neo4j-admin&relations=allied-with")).arrayBuffer()));
    expect(strFromU8(zip["relationships.csv"]).trim().split("\n")).toHaveLength(1 + 3);
  });

  it("should refuse an unknown format naming the parameter", async () => {
    const res = await get("/api/export?format=xlsx");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "BAD_PARAM", param: "format" });
  });
});

describe("GET /api/snapshots/:id/export", () => {
  it("should export the frozen snapshot, not the live data", async () => {
    const { id } = await (
      await fetch(`${app.url}/api/snapshots`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "frozen", relations: ["targets"] }) })
    ).json();
    const res = await get(`/api/snapshots/${id}/export?format=json`);
    expect(res.headers.get("content-disposition")).toContain(id);
    const body = await res.json();
    expect(body.edges.map((e: { key: string }) => e.key).sort()).toEqual(["ae", "ed"]);
    expect(body.meta).toMatchObject({ title: "frozen", snapshotId: id });
    const stix = await (await get(`/api/snapshots/${id}/export?format=stix`)).json();
    expect(stix.objects.filter((o: { type: string }) => o.type === "relationship").map((o: { x_actor_graph_key: string }) => o.x_actor_graph_key).sort()).toEqual(["ae", "ed"]);
    const missing = await get("/api/snapshots/0123456789abcdef01234567/export?format=json");
    expect((await missing.json()).error.code).toBe("SNAPSHOT_NOT_FOUND");
  });
});
