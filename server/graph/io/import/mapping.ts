// Maps an imported graph onto the data model (keys, kind, relation, confidence, evidence, ...) so that the same
// validation as for graph-data/ can run on it; and maps validation problems back to places in the imported file.
// The rules are documented in server/graph/io/import/README.md.
import { keyPattern } from "../../model/schema.js";
import { isReservedKey } from "../../model/reserved-keys.js";
import type { NodeKind, Problem, Relation, SourceEntry, Vocabulary } from "../../model/types.js";
import type { ImportedEdge, ImportedGraph, ImportedItem, ImportedNode } from "./model.js";

export const defaultKind: NodeKind = { id: "unclassified", label: "Unclassified (imported)", color: "#9e9e9e", actor: true };

export const defaultRelations: { directed: Relation; undirected: Relation } = {
  directed: {
    id: "linked-to",
    label: "linked to",
    inverseLabel: "linked from",
    directed: true,
    sign: "neutral",
    color: "#9e9e9e",
    description: "An imported directed link whose file named no relation from the vocabulary.",
  },
  undirected: {
    id: "linked-with",
    label: "linked with",
    inverseLabel: "linked with",
    directed: false,
    sign: "neutral",
    color: "#bdbdbd",
    description: "An imported undirected link whose file named no relation from the vocabulary.",
  },
};

export const importSourceId = "import";

export function importSource(file: string): SourceEntry {
  return {
    id: importSourceId,
    title: `Imported graph file ${file}`,
    author: "actor-graph importer",
    note: "Stands in for evidence the imported file did not give; nothing it supports has been checked against a source.",
  };
}

export function importEvidence(file: string) {
  return { source: importSourceId, locator: file, claim: `Imported from ${file}` };
}

/** Attributes that only drew or measured the graph elsewhere (layout, colours, metrics, export-derived text): dropped. */
const nodeIgnored = new Set([
  "x", "y", "z", "size", "color", "r", "g", "b", "type", "hidden", "highlighted", "forceLabel", "zIndex", "image",
  "degree", "pagerank", "betweenness", "community", "citations", "claims",
]);
const edgeIgnored = new Set([
  "x", "y", "size", "color", "r", "g", "b", "hidden", "highlighted", "forceLabel", "zIndex", "thickness", "shape",
  "directed", "undirected", "citations", "claims",
  // Grades are computed from sources and evidence at read time (model/grades.ts), never stored on the relation.
  "reliability", "credibility", "grade",
]);
const nodeModel = new Set([
  "label", "kind", "aliases", "description", "evidence", "facts", "facts_json", "date", "casualties",
  "casualties_killed", "casualties_injured", "casualties_note",
]);
const edgeModel = new Set(["relation", "confidence", "since", "until", "evidence", "note"]);
/** Generic attributes that may name the relation; used only when their value is a relation id or label. */
const relationCandidates = ["kind", "label", "type"] as const;

/** Lowercase kebab-case slug of any text (diacritics folded); empty when nothing is left. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Gives every id a key matching the data model's slug pattern: valid ids stay, others become unique slugs. */
function assignKeys(ids: (string | undefined)[], prefix: string): string[] {
  const taken = new Set<string>();
  for (const id of ids) if (id !== undefined && keyPattern.test(id)) taken.add(id);
  return ids.map((id, i) => {
    if (id !== undefined && keyPattern.test(id)) return id;
    // Ids that collide with Object built-ins stay as they are, so that validation names them.
    if (id !== undefined && isReservedKey(id)) return id;
    const base = (id !== undefined && slugify(id)) || `${prefix}-${i + 1}`;
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    return key;
  });
}

export interface MappedGraph {
  nodes: unknown[];
  edges: unknown[];
  graphAttributes: Record<string, unknown>;
  used: { kind: boolean; directed: boolean; undirected: boolean; source: boolean };
  /** Turns a validation problem about `$.nodes[i]...` or `$.edges[i]...` into one that points into the imported file. */
  locate(problem: Problem): Problem;
}

interface Context {
  /** File name used in default evidence and messages. */
  file: string;
  /** Vocabulary the relation names are matched against (the file's own or the curated one). */
  vocabulary: Vocabulary | undefined;
  /** JSON passes model attributes through untouched (so validation sees the file's own values); XML gives scalars. */
  json: boolean;
}

const text = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

export function mapImported(graph: ImportedGraph, ctx: Context): MappedGraph {
  const used = { kind: false, directed: false, undirected: false, source: false };
  const evidenceDefault = () => {
    used.source = true;
    return [importEvidence(ctx.file)];
  };
  const relationById = new Map((ctx.vocabulary?.relations ?? []).map((r) => [r.id, r]));
  const relationByName = new Map<string, Relation>();
  for (const r of ctx.vocabulary?.relations ?? []) {
    relationByName.set(slugify(r.id), r);
    relationByName.set(slugify(r.label), r);
  }
  const matchRelation = (value: string): Relation | undefined => relationById.get(value) ?? relationByName.get(slugify(value));
  /** Where each model field came from, when its attribute has another name (label <- name, relation <- label). */
  const fieldSources = new Map<ImportedItem, Record<string, string>>();
  const noteSource = (item: ImportedItem, field: string, attribute: string) => {
    const record = fieldSources.get(item) ?? {};
    record[field] = attribute;
    fieldSources.set(item, record);
  };

  // Evidence given as text (XML, or our own exports' `evidence` column) is JSON; anything else goes to validation as is.
  const evidenceOf = (value: unknown) => {
    if (ctx.json || typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  };

  const nodeKeys = assignKeys(
    graph.nodes.map((n) => n.id),
    "n",
  );
  const keyOf = new Map<string, string>();
  graph.nodes.forEach((n, i) => {
    if (!keyOf.has(n.id)) keyOf.set(n.id, nodeKeys[i]);
  });

  const nodes = graph.nodes.map((node, i) => mapNode(node, nodeKeys[i]));
  const edgeKeys = assignKeys(
    graph.edges.map((e) => e.id),
    "e",
  );
  const edges = graph.edges.map((edge, i) => mapEdge(edge, edgeKeys[i]));

  function mapNode(node: ImportedNode, key: string) {
    const a = node.attributes;
    const out: Record<string, unknown> = {};
    if (a.has("label")) out.label = ctx.json ? a.get("label") : text(a.get("label"));
    else if (a.has("name") && text(a.get("name")).trim()) {
      out.label = text(a.get("name"));
      noteSource(node, "label", "name");
    } else out.label = node.id;
    if (a.has("kind")) out.kind = ctx.json ? a.get("kind") : text(a.get("kind"));
    else {
      out.kind = defaultKind.id;
      used.kind = true;
    }
    let aliases: unknown = [];
    if (a.has("aliases")) {
      const v = a.get("aliases");
      aliases = typeof v === "string" && !ctx.json ? v.split(";").map((s) => s.trim()).filter(Boolean) : v;
    }
    if (key !== node.id && Array.isArray(aliases) && !aliases.includes(node.id)) aliases = [...aliases, node.id];
    out.aliases = aliases;
    out.description = a.has("description") ? (ctx.json ? a.get("description") : text(a.get("description"))) : `Imported from ${ctx.file}`;
    out.evidence = a.has("evidence") ? evidenceOf(a.get("evidence")) : evidenceDefault();
    // JSON carries facts as an array; XML as our exporters write them, JSON text in `facts_json` (`facts` is a summary).
    let facts: unknown = undefined;
    if (ctx.json) {
      if (a.has("facts")) facts = a.get("facts");
    } else if (a.has("facts_json")) {
      facts = evidenceOf(a.get("facts_json"));
      noteSource(node, "facts", "facts_json");
    }
    if (a.has("date")) out.date = ctx.json ? a.get("date") : text(a.get("date"));
    if (a.has("casualties")) out.casualties = a.get("casualties");
    else if (!ctx.json && (a.has("casualties_killed") || a.has("casualties_injured") || a.has("casualties_note"))) {
      const c: Record<string, unknown> = {};
      if (a.has("casualties_killed")) c.killed = a.get("casualties_killed");
      if (a.has("casualties_injured")) c.injured = a.get("casualties_injured");
      if (a.has("casualties_note")) c.note = text(a.get("casualties_note"));
      out.casualties = c;
    }
    // Everything else the file says about the node is kept as a fact, with the import as its evidence.
    const extra: unknown[] = [];
    for (const [name, value] of a) {
      if (nodeModel.has(name) || nodeIgnored.has(name) || (name === "name" && fieldSources.get(node)?.label === "name")) continue;
      const v = text(value).trim();
      if (!v) continue;
      extra.push({ property: name, value: v, confidence: "reported", evidence: evidenceDefault() });
    }
    if (extra.length) facts = Array.isArray(facts) ? [...facts, ...extra] : facts === undefined ? extra : facts;
    if (facts !== undefined) out.facts = facts;
    return { key, attributes: out };
  }

  function mapEdge(edge: ImportedEdge, key: string) {
    const a = edge.attributes;
    const out: Record<string, unknown> = {};
    const notes: string[] = [];
    let undirected = edge.undirected;
    if (a.has("relation")) out.relation = ctx.json ? a.get("relation") : text(a.get("relation"));
    else {
      for (const name of relationCandidates) {
        if (!a.has(name)) continue;
        const value = text(a.get(name)).trim();
        const relation = value ? matchRelation(value) : undefined;
        if (relation) {
          out.relation = relation.id;
          noteSource(edge, "relation", name);
          // A relation named only by a generic label also says whether the link has a direction.
          undirected = !relation.directed;
          break;
        }
      }
      if (out.relation === undefined) {
        const relation = undirected ? defaultRelations.undirected : defaultRelations.directed;
        out.relation = relationById.get(relation.id)?.id ?? relation.id;
        used[undirected ? "undirected" : "directed"] = true;
        for (const name of relationCandidates) {
          if (name === "type" && typeof a.get(name) === "string" && /^(arrow|line|curve|curved|straight|rectangle|circle|image)$/.test(a.get(name) as string)) continue;
          const value = text(a.get(name)).trim();
          if (value) notes.push(`imported ${name}: ${value}`);
        }
      }
    }
    out.confidence = a.has("confidence") ? (ctx.json ? a.get("confidence") : text(a.get("confidence"))) : "reported";
    const partial = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
    for (const [field, fallback] of [
      ["since", "start"],
      ["until", "end"],
    ] as const) {
      if (a.has(field)) out[field] = ctx.json ? a.get(field) : text(a.get(field));
      else if (!ctx.json && partial.test(text(a.get(fallback)))) {
        out[field] = text(a.get(fallback));
        noteSource(edge, field, fallback);
      }
    }
    out.evidence = a.has("evidence") ? evidenceOf(a.get("evidence")) : evidenceDefault();
    if (key !== edge.id && edge.id !== undefined) notes.push(`imported id: ${edge.id}`);
    const extras: string[] = [];
    for (const [name, value] of a) {
      if (edgeModel.has(name) || edgeIgnored.has(name) || (relationCandidates as readonly string[]).includes(name) || name === "start" || name === "end") continue;
      const v = text(value).trim();
      if (v) extras.push(`${name}=${v}`);
    }
    if (extras.length) notes.push(`imported attributes: ${extras.join(", ")}`);
    if (a.has("note")) out.note = ctx.json ? a.get("note") : text(a.get("note"));
    if (notes.length && (out.note === undefined || typeof out.note === "string")) out.note = [out.note ?? "", ...notes].filter(Boolean).join("; ");
    const source = keyOf.get(edge.source) ?? edge.source;
    const target = keyOf.get(edge.target) ?? edge.target;
    return { key, source, target, ...(undirected ? { undirected: true } : {}), attributes: out };
  }

  const graphAttributes: Record<string, unknown> = Object.create(null);
  for (const [name, value] of graph.attributes) graphAttributes[name] = value;
  if (graphAttributes.name === undefined || graphAttributes.name === "") graphAttributes.name = ctx.file;
  // zod and graphology copy the record; a plain object is fine now that no forbidden name can be in it.
  const plainAttributes = { ...graphAttributes };

  const locate = (problem: Problem): Problem => {
    const m = /^\$\.(nodes|edges)\[(\d+)\](.*)$/.exec(problem.path);
    if (!m) return problem;
    const item: ImportedItem | undefined = m[1] === "nodes" ? graph.nodes[Number(m[2])] : graph.edges[Number(m[2])];
    if (!item) return problem;
    const rest = m[3];
    const line = item.line !== undefined ? ` (line ${item.line})` : "";
    if (ctx.json) {
      // The file's own paths, except where a field was read from an attribute of another name.
      const field = /^\.attributes\.(\w+)(.*)$/.exec(rest);
      const from = field ? fieldSources.get(item)?.[field[1]] : undefined;
      if (field && from) return { ...problem, path: `${item.where}.attributes.${from}`, message: `${problem.message} (read as ${field[1]})` };
      if (field && !item.attributes.has(field[1])) return { ...problem, path: item.where, message: `${problem.message} (default ${field[1]})` };
      return { ...problem, path: `${item.where}${rest}` };
    }
    let step = "";
    let what = "";
    if (rest === ".key") step = "@id";
    else if (rest === ".source" || rest === ".target") step = `@${rest.slice(1)}`;
    else if (rest === ".undirected") {
      const edge = item as ImportedEdge;
      step = edge.directionWhere ?? "";
      const hint = graph.format === "GEXF" ? 'type="directed" or type="undirected" on the <edge>' : 'directed="true" or directed="false" on the <edge>';
      what = ` (the file makes this edge ${edge.undirected ? "undirected" : "directed"}${edge.directionWhere ? "" : " by the graph's default"}; set ${hint})`;
    }
    else {
      const field = /^\.attributes\.(\w+)(.*)$/.exec(rest);
      if (field) {
        const from = fieldSources.get(item)?.[field[1]] ?? (item.attributes.has(field[1]) ? field[1] : field[1] === "casualties" ? ["casualties_killed", "casualties_injured", "casualties_note"].find((n) => item.attributes.has(n)) : undefined);
        step = from ? item.attributeWhere?.get(from) ?? "" : "";
        what = from ? ` (${field[1]}${field[2]})` : ` (${field[1]}${field[2]}: not in the file, a default)`;
      } else if (rest) what = ` (${rest.replace(/^\./, "")})`;
    }
    return { ...problem, path: `${item.where}${step ? `/${step}` : ""}${line}`, message: `${problem.message}${what}` };
  };

  return { nodes, edges, graphAttributes: plainAttributes, used, locate };
}
