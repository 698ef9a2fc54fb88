// Schema and referential validation of raw curated files; returns every problem with file and JSON path.
import type { z } from "zod";
import { jsonPath } from "./json-path.js";
import { isReservedKey } from "../model/reserved-keys.js";
import { isOrdered } from "../model/dates.js";
import {
  edgeSchema,
  edgesFileSchema,
  graphFileSchema,
  nodeSchema,
  nodesFileSchema,
  sourcesSchema,
  vocabularySchema,
} from "../model/schema.js";
import type { EdgeAttributes, Evidence, NodeAttributes, Problem, SourceEntry, Vocabulary } from "../model/types.js";

/** One parsed JSON file, before any checking. */
export interface RawFile {
  file: string;
  json: unknown;
}

export interface RawDataset {
  graph?: RawFile;
  vocabulary?: RawFile;
  sources?: RawFile;
  nodeFiles: RawFile[];
  edgeFiles: RawFile[];
}

export interface ValidNode {
  key: string;
  attributes: NodeAttributes;
}

export interface ValidEdge {
  key: string;
  source: string;
  target: string;
  undirected?: boolean;
  attributes: EdgeAttributes;
}

export interface ValidatedDataset {
  graphAttributes: Record<string, unknown>;
  options: { type: "mixed" | "directed" | "undirected"; multi: boolean; allowSelfLoops: boolean };
  vocabulary: Vocabulary;
  sources: SourceEntry[];
  nodes: ValidNode[];
  edges: ValidEdge[];
}

export type ValidationResult = { ok: true; data: ValidatedDataset } | { ok: false; problems: Problem[] };

function zodProblems(file: string, prefix: PropertyKey[], error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === "unrecognized_keys") message = `unknown attribute(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
    return { file, path: jsonPath([...prefix, ...issue.path]), message };
  });
}

interface Located<T> {
  file: string;
  path: PropertyKey[];
  value: T;
}

/** Validates a raw dataset; never throws on bad data, returns all problems instead. */
export function validateDataset(raw: RawDataset, defaults: { vocabulary?: Vocabulary; sources?: SourceEntry[] } = {}): ValidationResult {
  const problems: Problem[] = [];
  const report = (file: string, path: PropertyKey[], message: string) => problems.push({ file, path: jsonPath(path), message });

  let graphAttributes: Record<string, unknown> = {};
  let options: ValidatedDataset["options"] = { type: "mixed", multi: true, allowSelfLoops: false };
  if (raw.graph) {
    const parsed = graphFileSchema.safeParse(raw.graph.json);
    if (parsed.success) {
      graphAttributes = parsed.data.attributes;
      options = parsed.data.options;
    } else problems.push(...zodProblems(raw.graph.file, [], parsed.error));
  }

  let vocabulary: Vocabulary | undefined = defaults.vocabulary;
  if (raw.vocabulary) {
    const parsed = vocabularySchema.safeParse(raw.vocabulary.json);
    if (parsed.success) vocabulary = parsed.data;
    else problems.push(...zodProblems(raw.vocabulary.file, [], parsed.error));
  } else if (!vocabulary) report("vocabulary.json", [], "missing file: the data directory needs a vocabulary.json");

  let sources: SourceEntry[] | undefined = defaults.sources;
  if (raw.sources) {
    const parsed = sourcesSchema.safeParse(raw.sources.json);
    if (parsed.success) sources = parsed.data.sources;
    else problems.push(...zodProblems(raw.sources.file, [], parsed.error));
  } else if (!sources) report("sources.json", [], "missing file: the data directory needs a sources.json");

  const kinds = new Set(vocabulary?.nodeKinds.map((k) => k.id));
  const relations = new Map(vocabulary?.relations.map((r) => [r.id, r]));
  const sourceById = new Map<string, SourceEntry>();
  sources?.forEach((source, index) => {
    if (sourceById.has(source.id)) report(raw.sources?.file ?? "sources.json", ["sources", index, "id"], `duplicate source id "${source.id}"`);
    sourceById.set(source.id, source);
  });
  sources?.forEach((source, index) => {
    if (source.via && !sourceById.has(source.via))
      report(raw.sources?.file ?? "sources.json", ["sources", index, "via"], `unknown source "${source.via}" (not in sources.json)`);
  });

  const locatorsOf = (source: SourceEntry | undefined): SourceEntry["locators"] | undefined => {
    const seen = new Set<string>();
    while (source && !source.locators && source.via && !seen.has(source.id)) {
      seen.add(source.id);
      source = sourceById.get(source.via);
    }
    return source?.locators;
  };

  const checkEvidence = (file: string, path: PropertyKey[], evidence: Evidence[]) => {
    if (!sources) return;
    evidence.forEach((item, i) => {
      const source = sourceById.get(item.source);
      if (!source) {
        report(file, [...path, i, "source"], `unknown source "${item.source}": expected one of ${[...sourceById.keys()].join(", ")}`);
        return;
      }
      const locators = locatorsOf(source);
      if (!locators) return;
      const match = item.locator.startsWith(locators.prefix) ? item.locator.slice(locators.prefix.length) : null;
      const n = match !== null && /^\d+$/.test(match) ? Number(match) : NaN;
      if (!(n >= locators.from && n <= locators.to))
        report(
          file,
          [...path, i, "locator"],
          `unknown locator "${item.locator}" for source ${item.source}: expected ${locators.prefix}${locators.from}..${locators.prefix}${locators.to}`,
        );
    });
  };

  const collect = (files: RawFile[], fileSchema: typeof nodesFileSchema | typeof edgesFileSchema, field: "nodes" | "edges") => {
    const items: Located<unknown>[] = [];
    for (const raw of files) {
      const parsed = fileSchema.safeParse(raw.json);
      if (!parsed.success) {
        problems.push(...zodProblems(raw.file, [], parsed.error));
        continue;
      }
      const list = (parsed.data as Record<string, unknown[]>)[field];
      list.forEach((value, index) => items.push({ file: raw.file, path: [field, index], value }));
    }
    return items;
  };

  // Nodes
  const nodes: ValidNode[] = [];
  const nodeSeen = new Map<string, string>();
  for (const item of collect(raw.nodeFiles, nodesFileSchema, "nodes")) {
    const keyValue = (item.value as { key?: unknown } | null)?.key;
    if (typeof keyValue === "string") {
      if (isReservedKey(keyValue)) {
        report(item.file, [...item.path, "key"], `key "${keyValue}" collides with an Object built-in; choose another key`);
        continue;
      }
      const first = nodeSeen.get(keyValue);
      if (first) {
        report(item.file, [...item.path, "key"], `duplicate node key "${keyValue}" (first defined at ${first})`);
        continue;
      }
      // Registered before the schema check so that edges to a node with a bad attribute are not also reported as dangling.
      nodeSeen.set(keyValue, `${item.file} ${jsonPath(item.path)}`);
    }
    const parsed = nodeSchema.safeParse(item.value);
    if (!parsed.success) {
      problems.push(...zodProblems(item.file, item.path, parsed.error));
      continue;
    }
    const node = parsed.data as ValidNode;
    if (vocabulary && !kinds.has(node.attributes.kind))
      report(item.file, [...item.path, "attributes", "kind"], `unknown kind "${node.attributes.kind}": expected one of ${[...kinds].join(", ")}`);
    if ((node.attributes.kind === "attack" || node.attributes.kind === "event") && !node.attributes.date)
      report(item.file, [...item.path, "attributes", "date"], `an ${node.attributes.kind} needs a date (partial ISO)`);
    checkEvidence(item.file, [...item.path, "attributes", "evidence"], node.attributes.evidence);
    node.attributes.facts?.forEach((fact, i) => checkEvidence(item.file, [...item.path, "attributes", "facts", i, "evidence"], fact.evidence));
    nodes.push(node);
  }

  // Edges
  const edges: ValidEdge[] = [];
  const edgeSeen = new Map<string, string>();
  for (const item of collect(raw.edgeFiles, edgesFileSchema, "edges")) {
    const keyValue = (item.value as { key?: unknown } | null)?.key;
    if (typeof keyValue === "string") {
      if (isReservedKey(keyValue)) {
        report(item.file, [...item.path, "key"], `edge key "${keyValue}" collides with an Object built-in; choose another key`);
        continue;
      }
      const first = edgeSeen.get(keyValue);
      if (first) {
        report(item.file, [...item.path, "key"], `duplicate edge key "${keyValue}" (first defined at ${first})`);
        continue;
      }
      edgeSeen.set(keyValue, `${item.file} ${jsonPath(item.path)}`);
    }
    const parsed = edgeSchema.safeParse(item.value);
    if (!parsed.success) {
      problems.push(...zodProblems(item.file, item.path, parsed.error));
      continue;
    }
    const edge = parsed.data as ValidEdge;
    let ok = true;
    for (const end of ["source", "target"] as const) {
      if (!nodeSeen.has(edge[end])) {
        report(item.file, [...item.path, end], `dangling ${end}: no node has key "${edge[end]}"`);
        ok = false;
      }
    }
    if (edge.source === edge.target && !options.allowSelfLoops) {
      report(item.file, [...item.path, "target"], `self-loop: source and target are both "${edge.source}"`);
      ok = false;
    }
    const relation = relations.get(edge.attributes.relation);
    if (vocabulary && !relation) {
      report(
        item.file,
        [...item.path, "attributes", "relation"],
        `unknown relation "${edge.attributes.relation}": expected one of ${[...relations.keys()].join(", ")}`,
      );
      ok = false;
    } else if (relation && relation.directed === Boolean(edge.undirected)) {
      report(
        item.file,
        [...item.path, "undirected"],
        relation.directed
          ? `relation "${relation.id}" is directed: remove "undirected"`
          : `relation "${relation.id}" is symmetric: the edge must say "undirected": true`,
      );
      ok = false;
    }
    const { since, until } = edge.attributes;
    if (since && until && !isOrdered(since, until)) {
      report(item.file, [...item.path, "attributes", "until"], `reversed dates: until "${until}" is before since "${since}"`);
      ok = false;
    }
    checkEvidence(item.file, [...item.path, "attributes", "evidence"], edge.attributes.evidence);
    if (ok) edges.push(edge);
  }

  if (problems.length > 0 || !vocabulary || !sources) return { ok: false, problems };
  return { ok: true, data: { graphAttributes, options, vocabulary, sources, nodes, edges } };
}
