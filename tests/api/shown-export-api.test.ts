// The export follows what the viewer shows (ego focus, undated relations hidden, unconnected nodes hidden); sources list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routesDataset } from "../fixtures/graphs.js";
import { startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(routesDataset());
});
afterAll(() => app.close());

interface Serialized {
  nodes: { key: string }[];
  edges: { key: string; source: string; target: string; attributes: { since?: string; until?: string } }[];
}
const getJson = async <T>(path: string): Promise<T> => (await fetch(`${app.url}${path}`)).json() as Promise<T>;

describe("GET /api/export with the viewer's view options", () => {
  it("should export only the ego network of the focus, as the neighbourhood endpoint gives it", async () => {
    const all = await getJson<Serialized>("/api/export?format=json");
    const focus = all.nodes[0].key;
    const ego = await getJson<Serialized>(`/api/nodes/${focus}/neighborhood?depth=1`);
    const exported = await getJson<Serialized>(`/api/export?format=json&focus=${focus}&depth=1`);
    expect(exported.nodes.map((n) => n.key).sort()).toEqual(ego.nodes.map((n) => n.key).sort());
    expect(exported.edges.map((e) => e.key).sort()).toEqual(ego.edges.map((e) => e.key).sort());
    expect(exported.nodes.length).toBeLessThan(all.nodes.length);
  });

  it("should drop undated relations and unconnected nodes when asked", async () => {
    const all = await getJson<Serialized>("/api/export?format=json");
    expect(all.edges.some((e) => !e.attributes.since && !e.attributes.until)).toBe(true);
    const dated = await getJson<Serialized>("/api/export?format=json&hideUndated=true&hideIsolated=true");
    expect(dated.edges.length).toBeGreaterThan(0);
    expect(dated.edges.every((e) => e.attributes.since || e.attributes.until)).toBe(true);
    const ends = new Set(dated.edges.flatMap((e) => [e.source, e.target]));
    expect(dated.nodes.every((n) => ends.has(n.key))).toBe(true);
    expect(dated.nodes.length).toBeLessThan(all.nodes.length);
  });

  it("should refuse an unknown focus, and a depth without a focus, with BAD_PARAM naming the parameter", async () => {
    for (const [query, param] of [
      ["focus=nobody", "focus"],
      ["depth=2", "depth"],
    ]) {
      const res = await fetch(`${app.url}/api/export?format=json&${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: "BAD_PARAM", param });
    }
  });
});

describe("GET /api/sources", () => {
  it("should list every source with title, author and date", async () => {
    const { sources } = await getJson<{ sources: { id: string; title: string; author: string; date?: string }[] }>("/api/sources");
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((s) => typeof s.title === "string" && typeof s.author === "string")).toBe(true);
  });
});
