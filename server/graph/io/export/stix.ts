// STIX 2.1 exporter: one bundle of SDOs per node, relationships per edge, a report per source; ids are UUIDv5 of our keys.
// The mapping (kinds, relation types, confidence, dates) lives in ../stix-mapping.ts and is documented in the README.
import type { Exporter, ExportView } from "./types.js";
import { describeFilters, lookup, provenanceLine, sourceLine } from "./shared.js";
import type { Evidence, Fact, NodeAttributes, SourceEntry } from "../../model/types.js";
import {
  countryCodes,
  defaultStixNode,
  kindToStix,
  regions,
  stixConfidence,
  stixId,
  stixInstant,
  stixRelation,
  stixTimestamp,
  threatActorGroupRelations,
  threatActorRelations,
  regionAliases,
  x,
  type StixNodeType,
} from "../stix-mapping.js";
import { slugify } from "../import/mapping.js";

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: "bundle";
  id: string;
  objects: StixObject[];
}

const isHttpUrl = (url: string | undefined): url is string => !!url && /^https?:\/\/[^\s]+$/.test(url);

/** Evidence as external references: the source, the paragraph as external_id, the claim as description. */
function references(evidence: readonly Evidence[] | undefined, sources: Map<string, SourceEntry>): Record<string, string>[] | undefined {
  if (!evidence?.length) return undefined;
  return evidence.map((e) => {
    const url = sources.get(e.source)?.url;
    return { source_name: e.source, external_id: e.locator, description: e.claim, ...(isHttpUrl(url) ? { url } : {}) };
  });
}

/** Drops undefined and empty-array properties (STIX forbids empty lists). */
function compact(object: Record<string, unknown>): StixObject {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as StixObject;
}

/** Country code or region for a location: its own name, else the state it lies in (following located-in), else a region-ov word in its label. */
function whereabouts(view: ExportView, key: string): { country?: string; region?: string } {
  const { graph } = view;
  const codeOf = (k: string) => countryCodes[k] ?? countryCodes[slugify(graph.getNodeAttribute(k, "label") ?? "")];
  const seen = new Set<string>();
  let current: string | undefined = key;
  while (current && !seen.has(current)) {
    seen.add(current);
    const code = codeOf(current);
    if (code) return { country: code };
    current = graph.outEdges(current).map((e) => (graph.getEdgeAttribute(e, "relation") === "located-in" ? graph.target(e) : undefined)).find(Boolean);
  }
  const label = slugify(graph.getNodeAttribute(key, "label") ?? "");
  const alias = Object.keys(regionAliases).find((name) => label.includes(name));
  const region = alias ? regionAliases[alias] : regions.find((r) => label === r || label.includes(r));
  return { region: region ?? "unknown" };
}

function nodeType(view: ExportView, key: string, a: NodeAttributes): { type: StixNodeType; identityClass?: string; resourceLevel?: string; sectors?: string[] } {
  if (a.kind === "person") {
    const { graph } = view;
    const acts = graph.outEdges(key).some((e) => {
      const relation = graph.getEdgeAttribute(e, "relation");
      return threatActorRelations.has(relation) || (threatActorGroupRelations.has(relation) && graph.getNodeAttribute(graph.target(e), "kind") === "group");
    });
    return acts ? { type: "threat-actor", resourceLevel: "individual" } : kindToStix.person;
  }
  return kindToStix[a.kind] ?? defaultStixNode;
}

export function stixBundle(view: ExportView): StixBundle {
  const { graph } = view;
  const vocab = lookup(view);
  const sources = new Map(view.sources.map((s) => [s.id, s]));
  const time = stixInstant(view.generatedAt);
  const creatorId = stixId("identity", "creator:actor-graph");
  const common = { spec_version: "2.1", created: time, modified: time, created_by_ref: creatorId };
  const creator: StixObject = {
    type: "identity",
    id: creatorId,
    spec_version: "2.1",
    created: time,
    modified: time,
    name: "actor-graph",
    identity_class: "system",
    description: `${view.title}. ${provenanceLine(view)}. Filters: ${describeFilters(view.filters)}.`,
    [x.role]: "creator",
  };

  const nodeIds = new Map<string, string>();
  const twins = new Map<string, string>();
  const types = new Map<string, ReturnType<typeof nodeType>>();
  graph.forEachNode((key, a) => {
    const t = nodeType(view, key, a);
    types.set(key, t);
    nodeIds.set(key, stixId(t.type, `node:${key}`));
    if (a.kind === "state") twins.set(key, stixId("location", `territory:${key}`));
  });
  // Which objects each source supports, for its report's object_refs.
  const supports = new Map<string, string[]>();
  const cite = (evidence: readonly Evidence[] | undefined, id: string) => {
    for (const e of evidence ?? []) {
      const list = supports.get(e.source) ?? [];
      if (list[list.length - 1] !== id) list.push(id);
      supports.set(e.source, list);
    }
  };

  const nodes: StixObject[] = [];
  const relationships: StixObject[] = [];
  graph.forEachNode((key, a) => {
    const t = types.get(key)!;
    const id = nodeIds.get(key)!;
    cite(a.evidence, id);
    for (const f of (a.facts ?? []) as Fact[]) cite(f.evidence, id);
    const withAliases = t.type === "threat-actor" || t.type === "infrastructure";
    const specific: Record<string, unknown> = {};
    if (t.type === "threat-actor") specific.resource_level = t.resourceLevel;
    if (t.type === "identity") Object.assign(specific, { identity_class: t.identityClass, sectors: t.sectors });
    if (t.type === "location") Object.assign(specific, whereabouts(view, key));
    if (t.type === "incident") Object.assign(specific, { first_seen: stixTimestamp(a.date, "start"), last_seen: stixTimestamp(a.date, "end") });
    if (t.type === "report") {
      const neighbours = [...new Set(graph.neighbors(key))].map((n) => nodeIds.get(n)!);
      const source = sources.get(key.toUpperCase()) ?? sources.get(key);
      Object.assign(specific, {
        report_types: ["threat-report"],
        published: stixTimestamp(a.date) ?? stixTimestamp(source?.date) ?? time,
        object_refs: neighbours.length ? neighbours : [creatorId],
      });
    }
    nodes.push(
      compact({
        type: t.type,
        id,
        ...common,
        name: a.label,
        description: a.description,
        ...(withAliases ? { aliases: a.aliases } : { x_actor_graph_aliases: a.aliases }),
        ...specific,
        labels: [a.kind],
        external_references: references(a.evidence, sources),
        [x.key]: key,
        [x.kind]: a.kind,
        [x.evidence]: a.evidence,
        [x.facts]: a.facts,
        [x.date]: a.date,
        [x.casualties]: a.casualties,
      }),
    );
    const twin = twins.get(key);
    if (twin) {
      // A state acts (identity) and is a territory (location): geographic relations point at the territory.
      nodes.push(compact({ type: "location", id: twin, ...common, name: a.label, ...whereabouts(view, key), [x.key]: key, [x.role]: "territory" }));
      relationships.push(
        compact({
          type: "relationship",
          id: stixId("relationship", `territory:${key}`),
          ...common,
          relationship_type: "located-at",
          source_ref: id,
          target_ref: twin,
          [x.role]: "territory",
        }),
      );
    }
  });

  graph.forEachEdge((key, a, source, target, sa, ta, undirected) => {
    const mapping = stixRelation(a.relation);
    const end = (node: string) => (mapping.geographic && twins.get(node)) || nodeIds.get(node)!;
    const [from, to] = mapping.reverse ? [target, source] : [source, target];
    const id = stixId("relationship", `edge:${key}`);
    cite(a.evidence, id);
    relationships.push(
      compact({
        type: "relationship",
        id,
        ...common,
        relationship_type: mapping.type,
        source_ref: end(from),
        target_ref: end(to),
        description: `${sa.label} ${vocab.relation(a.relation).label} ${ta.label}`,
        confidence: stixConfidence(a.confidence),
        start_time: stixTimestamp(a.since, "start"),
        stop_time: stixTimestamp(a.until, "end"),
        external_references: references(a.evidence, sources),
        [x.key]: key,
        [x.relation]: a.relation,
        [x.confidence]: a.confidence,
        [x.since]: a.since,
        [x.until]: a.until,
        [x.undirected]: undirected,
        [x.evidence]: a.evidence,
        [x.note]: a.note,
      }),
    );
  });

  const reportId = (source: string) => stixId("report", `source:${source}`);
  const reports = view.sources.map((s) => {
    // A source also refers to the reports of the works it cites (theirs reach us `via` it).
    const cited = view.sources.filter((o) => o.via === s.id).map((o) => reportId(o.id));
    const refs = [...(supports.get(s.id) ?? []), ...cited];
    return compact({
      type: "report",
      id: reportId(s.id),
      ...common,
      name: s.title,
      description: [sourceLine(s), s.venue, s.via ? `cited in ${s.via}` : undefined, s.note].filter(Boolean).join(". "),
      report_types: ["threat-report"],
      published: stixTimestamp(s.date) ?? time,
      object_refs: refs.length ? refs : [creatorId],
      external_references: [{ source_name: s.id, description: sourceLine(s), ...(isHttpUrl(s.url) ? { url: s.url } : {}) }],
      [x.source]: s,
    });
  });

  const bundleName = `bundle:${view.dataVersion}:${view.snapshotId ?? ""}:${JSON.stringify(view.filters)}:${time}`;
  return { type: "bundle", id: stixId("bundle", bundleName), objects: [creator, ...nodes, ...relationships, ...reports] };
}

export const exportStix: Exporter = (view) => ({
  body: JSON.stringify(stixBundle(view), null, 2) + "\n",
  contentType: "application/stix+json;version=2.1",
  extension: "stix.json",
});
