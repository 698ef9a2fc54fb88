// STIX 2.1 export: every object valid against the OASIS schemas, every reference resolving in the bundle, deterministic ids and the documented mapping.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportStix, stixBundle, type StixBundle, type StixObject } from "../../server/graph/io/export/stix.js";
import { makeExportView } from "../../server/graph/io/export-view.js";
import { loadData } from "../../server/graph/io/load.js";
import { createStore } from "../../server/store.js";
import { stixConfidence, uuidv5 } from "../../server/graph/io/stix-mapping.js";
import type { ExportView } from "../../server/graph/io/export/types.js";
import type { Dataset } from "../../server/graph/model/types.js";
import { fixtureView, hostile } from "../fixtures/export/view.js";
import { loadStixSchemas, type StixValidators } from "../fixtures/export/stix-schemas.js";

let schemas: StixValidators;
let curated: Dataset;
let curatedView: ExportView;
beforeAll(async () => {
  schemas = loadStixSchemas();
  const loaded = await loadData();
  if (!loaded.ok) throw new Error("curated data should load");
  curated = loaded.dataset;
  const store = createStore(curated, await mkdtemp(path.join(tmpdir(), "ag-stix-")));
  curatedView = makeExportView(curated, store.view({}), {}, new Date("2024-05-01T12:00:00Z"));
});

const refsOf = (o: StixObject): string[] => [
  ...(typeof o.source_ref === "string" ? [o.source_ref] : []),
  ...(typeof o.target_ref === "string" ? [o.target_ref] : []),
  ...(typeof o.created_by_ref === "string" ? [o.created_by_ref] : []),
  ...(Array.isArray(o.object_refs) ? (o.object_refs as string[]) : []),
];

function expectValid(bundle: StixBundle) {
  const errors = (validate: { errors?: unknown }) => JSON.stringify(validate.errors, null, 1)?.slice(0, 2000);
  // The envelope against bundle.json (with the types it lists), then every object against its own type's schema.
  const envelope = { ...bundle, objects: bundle.objects.filter((o) => schemas.bundleListed.has(o.type)) };
  expect(schemas.bundleListed.has("threat-actor")).toBe(true);
  expect(schemas.bundle(envelope), errors(schemas.bundle)).toBe(true);
  for (const object of bundle.objects) {
    const validate = schemas.forType(object.type);
    expect(validate, `no OASIS schema for ${object.type}`).toBeDefined();
    expect(validate!(object), `${object.id}: ${errors(validate!)}`).toBe(true);
    // MUST rules the schemas leave out.
    expect(object.id).toMatch(new RegExp(`^${object.type}--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
    if (object.created) expect(Date.parse(object.modified as string)).toBeGreaterThanOrEqual(Date.parse(object.created as string));
    if (object.start_time && object.stop_time) expect(Date.parse(object.stop_time as string)).toBeGreaterThan(Date.parse(object.start_time as string));
    if (object.type === "relationship") expect(object.relationship_type).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
  const ids = new Set(bundle.objects.map((o) => o.id));
  expect(ids.size).toBe(bundle.objects.length);
  for (const object of bundle.objects) for (const ref of refsOf(object)) expect(ids.has(ref), `${object.id} refers to ${ref}`).toBe(true);
}

describe("exportStix", () => {
  it("should generate RFC 9562 UUIDv5 (the RFC's DNS example)", () => {
    expect(uuidv5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("should validate every object of the curated export against the OASIS STIX 2.1 schemas, with every reference inside the bundle", () => {
    expectValid(stixBundle(curatedView));
  });

  it("should validate the hostile fixture too", () => {
    expectValid(stixBundle(fixtureView()));
  });

  it("should give every node an SDO and every edge a relationship, with ids that do not change between exports", () => {
    const a = stixBundle(curatedView);
    const b = stixBundle(makeExportView(curated, curatedView.graph, {}, new Date("2025-01-01T00:00:00Z")));
    const keyed = (bundle: StixBundle) =>
      new Map(bundle.objects.filter((o) => o.x_actor_graph_key && !o.x_actor_graph_role).map((o) => [`${o.type === "relationship" ? "e" : "n"}:${o.x_actor_graph_key}`, o.id]));
    const ka = keyed(a);
    expect(ka.size).toBe(curatedView.graph.order + curatedView.graph.size);
    expect(keyed(b)).toEqual(ka);
    expect(ka.get("n:iskp")).toBe(`threat-actor--${uuidv5("node:iskp")}`);
  });

  it("should map kinds onto the documented SDO types", () => {
    const bundle = stixBundle(curatedView);
    const byKey = new Map(bundle.objects.filter((o) => o.type !== "relationship" && !o.x_actor_graph_role).map((o) => [o.x_actor_graph_key, o]));
    expect(byKey.get("iskp")).toMatchObject({ type: "threat-actor", name: expect.any(String), resource_level: "organization" });
    expect(byKey.get("china")).toMatchObject({ type: "identity", identity_class: "organization", sectors: ["government-national"] });
    expect(byKey.get("xinjiang")).toMatchObject({ type: "location", country: "CN" });
    expect(byKey.get("central-asia")).toMatchObject({ type: "location", region: "central-asia" });
    expect(byKey.get("cpec")).toMatchObject({ type: "infrastructure" });
    expect(byKey.get("uyghurs")).toMatchObject({ type: "identity", identity_class: "class" });
    expect(byKey.get("s1")).toMatchObject({ type: "report" });
    expect(byKey.get("usman-ghazi")).toMatchObject({ type: "threat-actor", resource_level: "individual" });
    expect(byKey.get("emomali-rahmon")).toMatchObject({ type: "identity", identity_class: "individual" });
    expect(byKey.get("af-pak")).toMatchObject({ type: "location", region: "southern-asia" });
    const attack = bundle.objects.find((o) => o.x_actor_graph_kind === "attack" && o.x_actor_graph_date)!;
    expect(attack.type).toBe("incident");
    expect(attack.first_seen).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    // A state is also a territory: geographic relations end at its location twin.
    const territory = bundle.objects.find((o) => o.type === "location" && o.x_actor_graph_key === "china" && o.x_actor_graph_role === "territory");
    expect(territory).toMatchObject({ country: "CN" });
  });

  it("should use STIX relationship types where they fit, reversed where STIX reads the other way", () => {
    const bundle = stixBundle(curatedView);
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    const rel = (key: string) => bundle.objects.find((o) => o.type === "relationship" && o.x_actor_graph_key === key)!;
    curatedView.graph.forEachEdge((key, a, source, target) => {
      const r = rel(key);
      const from = byId.get(r.source_ref as string)!;
      const to = byId.get(r.target_ref as string)!;
      const reversed = { perpetrated: "attributed-to", authored: "authored-by" }[a.relation as string];
      if (reversed) {
        expect(r.relationship_type).toBe(reversed);
        expect([from.x_actor_graph_key, to.x_actor_graph_key]).toEqual([target, source]);
      } else {
        expect([from.x_actor_graph_key, to.x_actor_graph_key]).toEqual([source, target]);
      }
      if (a.relation === "targets") expect(r.relationship_type).toBe("targets");
      if (["based-in", "located-in", "occurred-in"].includes(a.relation)) {
        expect(r.relationship_type).toBe("located-at");
        expect(to.type).toBe("location");
      }
      if (a.relation === "hostile-to") expect(r.relationship_type).toBe("hostile-to");
    });
  });

  it("should carry confidence 0-100, dates as start/stop times, and evidence as external references with the paragraph", () => {
    const bundle = stixBundle(fixtureView());
    const rel = (key: string) => bundle.objects.find((o) => o.type === "relationship" && o.x_actor_graph_key === key)!;
    const view = fixtureView();
    view.graph.forEachEdge((key, a) => {
      const r = rel(key);
      expect(r.confidence).toBe(stixConfidence(a.confidence));
      expect(r.external_references).toEqual(a.evidence.map((e) => expect.objectContaining({ source_name: e.source, external_id: e.locator, description: e.claim })));
      if (a.since) expect((r.start_time as string).startsWith(a.since)).toBe(true);
    });
    expect([stixConfidence("reported"), stixConfidence("assessed"), stixConfidence("speculative")]).toEqual([80, 50, 30]);
    const dated = view.graph.edges().find((e) => view.graph.getEdgeAttribute(e, "until"));
    if (dated) expect(rel(dated).stop_time).toMatch(/T23:59:59\.999Z$/);
  });

  it("should give every source a report whose object_refs list what it supports", () => {
    const bundle = stixBundle(curatedView);
    const reports = bundle.objects.filter((o) => o.type === "report" && o.x_actor_graph_source);
    expect(reports.map((r) => (r.x_actor_graph_source as { id: string }).id).sort()).toEqual(curatedView.sources.map((s) => s.id).sort());
    const s1 = reports.find((r) => (r.x_actor_graph_source as { id: string }).id === "S1")!;
    const iskpEdges = bundle.objects.filter((o) => o.type === "relationship" && (o.x_actor_graph_evidence as { source: string }[] | undefined)?.some((e) => e.source === "S1"));
    expect(iskpEdges.length).toBeGreaterThan(0);
    for (const e of iskpEdges) expect(s1.object_refs).toContain(e.id);
  });

  it("should keep hostile text as data, in a file served as STIX JSON", () => {
    const file = exportStix(fixtureView());
    expect(file.contentType).toMatch(/^application\/stix\+json;version=2\.1/);
    const bundle = JSON.parse(file.body as string) as StixBundle;
    expect(bundle.objects.find((o) => o.x_actor_graph_key === "iskp")!.name).toBe(hostile.script);
  });
});
