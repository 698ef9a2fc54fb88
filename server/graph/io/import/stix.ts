// STIX 2.1 bundle reader: SDOs with a name become nodes, relationships become edges, reports made by actor-graph
// become the source registry; our own x_actor_graph_* properties, when present, give the exact data back.
// The mapping (shared with the exporter) is in ../stix-mapping.ts and documented in ./README.md.
import type { Problem, SourceEntry } from "../../model/types.js";
import { confidenceFromStix, partialDateFromStix, stixRelation, stixToRelation, x } from "../stix-mapping.js";
import { slugify } from "./mapping.js";
import type { ImportedEdge, ImportedGraph, ImportedNode } from "./model.js";

export interface StixImport {
  graph: ImportedGraph;
  /** The registry carried by actor-graph's reports (`x_actor_graph_source`), when the bundle has any. */
  sources?: SourceEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Objects that are never graph nodes even when named: relationships, sightings, markings, language content, bundles. */
const notNodes = new Set(["relationship", "sighting", "marking-definition", "language-content", "bundle", "extension-definition"]);

/** The kind a foreign SDO gets; undefined lets the mapping's default (`unclassified`) apply. */
function kindOf(o: Record<string, unknown>): string | undefined {
  switch (o.type) {
    case "threat-actor":
    case "intrusion-set":
      return o.resource_level === "individual" || (Array.isArray(o.threat_actor_types) && o.threat_actor_types.includes("individual")) ? "person" : "group";
    case "identity": {
      const sectors = Array.isArray(o.sectors) ? o.sectors : [];
      if (o.identity_class === "individual") return "person";
      if (o.identity_class === "class") return "population";
      if (sectors.includes("government-national")) return "state";
      return o.identity_class === "organization" ? "organisation" : undefined;
    }
    case "location":
      return "place";
    case "incident":
    case "campaign":
      return "attack";
    case "infrastructure":
      return "investment";
    case "report":
      return "publication";
    default:
      return undefined;
  }
}

/** Evidence from external references whose source_name is a registered source and which name a locator. */
function evidenceFromReferences(refs: unknown, known: ReadonlySet<string>, file: string): unknown[] | undefined {
  if (!Array.isArray(refs)) return undefined;
  const evidence = refs
    .filter((r): r is Record<string, unknown> => isObject(r) && typeof r.source_name === "string" && known.has(r.source_name) && typeof r.external_id === "string")
    .map((r) => ({ source: r.source_name, locator: r.external_id, claim: str(r.description) ?? `Cited in ${file}` }));
  return evidence.length ? evidence : undefined;
}

/**
 * Reads a parsed bundle. `knownSources` are the ids of the registry that will apply when the bundle brings none
 * (the curated sources.json), so that external references to them can count as evidence.
 */
export function readStixBundle(file: string, json: Record<string, unknown>, knownSources: ReadonlySet<string>): { result?: StixImport; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => {
    if (problems.length < 200) problems.push({ file, path, message });
  };
  if (!Array.isArray(json.objects)) {
    report("$.objects", "a STIX bundle needs an objects array");
    return { problems };
  }
  const objects = json.objects as unknown[];
  const graph: ImportedGraph = { format: "STIX 2.1", attributes: new Map(), nodes: [], edges: [], allowSelfLoops: false };

  // Pass 1: the registry our own reports carry, and the id of every object.
  const sources: SourceEntry[] = [];
  const byId = new Map<string, { index: number; type: string }>();
  objects.forEach((o, i) => {
    if (!isObject(o) || typeof o.type !== "string" || typeof o.id !== "string") return report(`$.objects[${i}]`, "expected a STIX object with a type and an id");
    if (byId.has(o.id)) return report(`$.objects[${i}].id`, `duplicate id "${o.id}" (also $.objects[${byId.get(o.id)!.index}])`);
    byId.set(o.id, { index: i, type: o.type });
    if (o.type === "report" && o[x.source] !== undefined) sources.push(o[x.source] as SourceEntry);
  });
  if (problems.length) return { problems };
  const known = sources.length ? new Set(sources.map((s) => (isObject(s) ? String(s.id) : ""))) : knownSources;

  // Pass 2: nodes. Our own keys when present, else unique slugs of the names.
  const nodeOf = new Map<string, string>();
  const territories: [string, string][] = [];
  const taken = new Set<string>();
  objects.forEach((raw, i) => {
    const o = raw as Record<string, unknown>;
    const id = o.id as string;
    // The exporter's own identity is provenance, not a node.
    if (o[x.role] === "creator") return;
    if (o[x.role] === "territory") {
      if (o.type !== "relationship" && typeof o[x.key] === "string") territories.push([id, o[x.key] as string]);
      return;
    }
    if (notNodes.has(o.type as string) || typeof o.name !== "string") return;
    if (o.type === "report" && o[x.source] !== undefined) return;
    let key = str(o[x.key]);
    if (key === undefined) {
      const base = slugify(o.name) || `n-${i + 1}`;
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    }
    taken.add(key);
    nodeOf.set(id, key);
    const a = new Map<string, unknown>();
    a.set("label", o.name);
    const kind = str(o[x.kind]) ?? kindOf(o);
    if (kind !== undefined) a.set("kind", kind);
    const aliases = o[x.key] !== undefined ? (o.aliases ?? o.x_actor_graph_aliases ?? []) : (o.aliases ?? o.x_opencti_aliases);
    if (aliases !== undefined) a.set("aliases", aliases);
    if (o.description !== undefined) a.set("description", o.description);
    const evidence = o[x.evidence] ?? evidenceFromReferences(o.external_references, known, file);
    if (evidence !== undefined) a.set("evidence", evidence);
    if (o[x.facts] !== undefined) a.set("facts", o[x.facts]);
    const date = o[x.date] ?? (o[x.key] === undefined ? partialDateFromStix(o.first_seen ?? o.published) : undefined);
    if (date !== undefined) a.set("date", date);
    if (o[x.casualties] !== undefined) a.set("casualties", o[x.casualties]);
    const node: ImportedNode = { id: key, attributes: a, where: `$.objects[${i}]` };
    graph.nodes.push(node);
  });
  for (const [id, key] of territories) nodeOf.set(id, key);

  // Pass 3: relationships between imported nodes.
  objects.forEach((raw, i) => {
    const o = raw as Record<string, unknown>;
    if (o.type !== "relationship" || o[x.role] === "territory") return;
    const where = `$.objects[${i}]`;
    const end = (field: "source_ref" | "target_ref") => {
      const ref = o[field];
      if (typeof ref !== "string") return void report(`${where}.${field}`, `a relationship needs a ${field}`);
      const key = nodeOf.get(ref);
      if (key !== undefined) return key;
      const target = byId.get(ref);
      report(
        `${where}.${field}`,
        target
          ? `refers to ${ref}, a ${target.type} without a name, which does not become a node`
          : `dangling ${field}: no object in the bundle has id "${ref}"`,
      );
    };
    const from = end("source_ref");
    const to = end("target_ref");
    if (from === undefined || to === undefined) return;
    const a = new Map<string, unknown>();
    const ours = o[x.key] !== undefined;
    let [source, target] = [from, to];
    let undirected = o[x.undirected] === true;
    if (typeof o[x.relation] === "string") {
      a.set("relation", o[x.relation]);
      // Our exporter wrote some relations the way STIX reads them (perpetrated as attack attributed-to actor).
      if (stixRelation(o[x.relation] as string).reverse) [source, target] = [to, from];
    } else if (typeof o.relationship_type === "string") {
      const mapped = stixToRelation[o.relationship_type];
      if (mapped?.reverse) [source, target] = [to, from];
      // Through `type`, so the mapping matches it against the vocabulary and takes that relation's direction.
      a.set("type", mapped?.relation ?? o.relationship_type);
      undirected = false;
    }
    const confidence = o[x.confidence] ?? (typeof o.confidence === "number" ? confidenceFromStix(o.confidence) : undefined);
    if (confidence !== undefined) a.set("confidence", confidence);
    const since = ours ? o[x.since] : partialDateFromStix(o.start_time);
    const until = ours ? o[x.until] : partialDateFromStix(o.stop_time);
    if (since !== undefined) a.set("since", since);
    if (until !== undefined) a.set("until", until);
    const evidence = o[x.evidence] ?? evidenceFromReferences(o.external_references, known, file);
    if (evidence !== undefined) a.set("evidence", evidence);
    const note = ours ? o[x.note] : o.description;
    if (note !== undefined) a.set("note", note);
    const edge: ImportedEdge = { id: str(o[x.key]), source, target, undirected, attributes: a, where };
    graph.edges.push(edge);
  });
  if (problems.length) return { problems };
  return { result: { graph, ...(sources.length ? { sources } : {}) }, problems };
}

/** Model fields and the bundle properties they are read from: our own first, then the standard STIX one. */
const fieldProperties: Record<string, string[]> = {
  key: [x.key, "name"],
  source: ["source_ref"],
  target: ["target_ref"],
  undirected: [x.undirected, "relationship_type"],
  "attributes.label": ["name"],
  "attributes.kind": [x.kind, "type"],
  "attributes.aliases": ["aliases", "x_actor_graph_aliases", "x_opencti_aliases"],
  "attributes.description": ["description"],
  "attributes.evidence": [x.evidence, "external_references"],
  "attributes.facts": [x.facts],
  "attributes.date": [x.date, "first_seen", "published"],
  "attributes.casualties": [x.casualties],
  "attributes.relation": [x.relation, "relationship_type"],
  "attributes.confidence": [x.confidence, "confidence"],
  "attributes.since": [x.since, "start_time"],
  "attributes.until": [x.until, "stop_time"],
  "attributes.note": [x.note, "description"],
};

/**
 * Turns `$.objects[3].attributes.kind` (a path in the mapped model) into `$.objects[3].x_actor_graph_kind` (the
 * property the value was read from), so that a problem points at what to fix in the bundle.
 */
export function stixProblemPath(problem: Problem, objects: unknown[]): Problem {
  const m = /^\$\.objects\[(\d+)\]\.((?:attributes\.)?\w+)(.*)$/.exec(problem.path);
  if (!m) return problem;
  const candidates = fieldProperties[m[2]];
  const object = objects[Number(m[1])];
  if (!candidates || !isObject(object)) return problem;
  const property = candidates.find((p) => p in object);
  if (!property) return { ...problem, path: `$.objects[${m[1]}]`, message: `${problem.message} (${m[2].replace(/^attributes\./, "")}: not in the object, a default)` };
  return { ...problem, path: `$.objects[${m[1]}].${property}${m[3]}` };
}
