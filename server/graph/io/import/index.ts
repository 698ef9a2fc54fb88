// Loads a graph file that is not a graph-data directory (graphology JSON, STIX 2.1 bundle, GEXF, GraphML): guards, reads, maps onto
// the data model, runs the same validation as graph-data/ and builds the graph only once everything passed.
// The attribute mapping is documented in server/graph/io/import/README.md.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildGraph } from "../build.js";
import { jsonPath } from "../json-path.js";
import type { Dataset, Problem, SourceEntry, Vocabulary } from "../../model/types.js";
import { validateDataset, type RawDataset, type RawFile } from "../validate.js";
import { checkXmlText, findForbiddenJsonKeys, mayHaveForbiddenJsonKeys } from "./guard.js";
import { readGexf } from "./gexf.js";
import { readGraphml } from "./graphml.js";
import { readGraphologyJson } from "./json.js";
import { readStixBundle, stixProblemPath } from "./stix.js";
import { x as stixX } from "../stix-mapping.js";
import { defaultKind, defaultRelations, importSource, importSourceId, mapImported } from "./mapping.js";
import type { ImportedGraph, ImportFormat } from "./model.js";
import { parseJsonText } from "../json-error.js";

/** Bumped when the mapping changes, so the same file gets a new data version (and fresh caches). */
export const importerVersion = "import-v1";

export type GraphFileFormat = "json" | "gexf" | "graphml";

export type ImportResult = { ok: true; dataset: Dataset } | { ok: false; problems: Problem[] };

export interface ImportOptions {
  /** Directory whose vocabulary.json and sources.json apply when the file brings none (the curated graph-data/). */
  defaultsDir: string;
}

/** The format of a graph file, from its extension or, failing that, from its first characters. */
export function detectFormat(file: string, head: string): GraphFileFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".gexf") return "gexf";
  if (ext === ".graphml") return "graphml";
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{")) return "json";
  const root = /<(?![?!])\s*(?:[\w.-]+:)?([\w.-]+)/.exec(start);
  if (root?.[1] === "gexf") return "gexf";
  if (root?.[1] === "graphml") return "graphml";
  return null;
}

async function readJson(file: string, label: string, problems: Problem[]): Promise<{ text: string; json: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    problems.push({ file: label, path: "$", message: `cannot read ${file}: ${(error as Error).message}` });
    return undefined;
  }
  const parsed = parseJsonText(text);
  if (parsed.ok) return { text, json: parsed.value };
  problems.push({ file: label, path: parsed.path, message: parsed.message });
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Loads one graph file. Never returns a half-built graph: every problem is reported, or the whole graph is built. */
export async function loadGraphFile(filePath: string, options: ImportOptions): Promise<ImportResult> {
  const file = path.basename(filePath);
  const fail = (problems: Problem[]): ImportResult => ({ ok: false, problems });

  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    return fail([{ file, path: "$", message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return fail([{ file, path: "line 1, column 1", message: "UTF-16 text is not supported: save the file as UTF-8" }]);
  let text: string;
  try {
    text = bytes.toString("utf8");
  } catch {
    return fail([{ file, path: "$", message: `the file is too large to read as text (${bytes.length} bytes; the limit is about 512 MB)` }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const format = detectFormat(filePath, text.slice(0, 4096));
  if (!format)
    return fail([
      {
        file,
        path: "$",
        message:
          "unsupported file: expected a graph-data directory, a graphology JSON file or STIX 2.1 bundle (.json), a GEXF file (.gexf) or a GraphML file (.graphml)",
      },
    ]);

  // Read the file into the common imported form (guards first, for XML before any parser runs).
  let imported: ImportedGraph;
  let ownVocabulary: unknown;
  let ownSources: unknown;
  let vocabularyPath = "$.vocabulary";
  let sourcesPath = "$.sources";
  /** A STIX bundle's objects, to point validation problems at the properties they were read from. */
  let stixObjects: unknown[] | undefined;
  if (format === "json") {
    const parsed = parseJsonText(text);
    if (!parsed.ok) return fail([{ file, path: parsed.path, message: parsed.message }]);
    const json = parsed.value;
    if (mayHaveForbiddenJsonKeys(text)) {
      const found = findForbiddenJsonKeys(json);
      if (found.length)
        return fail(
          found.map((p) => ({
            file,
            path: jsonPath(p),
            message: `refused: "${String(p[p.length - 1])}" as a key (a reserved JavaScript name that would reach Object.prototype)`,
          })),
        );
    }
    if (isObject(json) && json.type === "bundle") {
      // A STIX 2.1 bundle: external references count as evidence when they name a registered source.
      const registry = await readJson(path.join(options.defaultsDir, "sources.json"), "sources.json", []);
      const curated = (registry?.json as { sources?: unknown } | undefined)?.sources;
      const curatedIds = new Set(Array.isArray(curated) ? curated.filter(isObject).map((s) => String(s.id)) : []);
      const read = readStixBundle(file, json, curatedIds);
      if (!read.result) return fail(read.problems);
      imported = read.result.graph;
      ownSources = read.result.sources;
      sourcesPath = `$.objects[*].${stixX.source}`;
      stixObjects = json.objects as unknown[];
    } else {
      const read = readGraphologyJson(file, json);
      if (!read.result) return fail(read.problems);
      imported = read.result.graph;
      ownVocabulary = read.result.vocabulary;
      ownSources = read.result.sources;
      vocabularyPath = read.result.vocabularyPath;
      sourcesPath = read.result.sourcesPath;
    }
  } else {
    const guard = checkXmlText(file, text);
    if (guard.length) return fail(guard);
    const read = format === "gexf" ? readGexf(file, text) : readGraphml(file, text);
    if (!read.graph) return fail(read.problems);
    imported = read.graph;
  }

  // The curated vocabulary and sources apply unless the file brings its own.
  const problems: Problem[] = [];
  const hashParts: string[] = [importerVersion, file, text];
  let curatedVocabulary: Vocabulary | undefined;
  let curatedSources: SourceEntry[] | undefined;
  if (ownVocabulary === undefined) {
    const v = await readJson(path.join(options.defaultsDir, "vocabulary.json"), "vocabulary.json", problems);
    if (v) {
      curatedVocabulary = v.json as Vocabulary;
      hashParts.push(v.text);
    }
  }
  if (ownSources === undefined) {
    const s = await readJson(path.join(options.defaultsDir, "sources.json"), "sources.json", problems);
    if (s) {
      curatedSources = (s.json as { sources?: SourceEntry[] }).sources;
      hashParts.push(s.text);
    }
  }
  if (problems.length) return fail(problems);

  const vocabularyForMatching =
    ownVocabulary !== undefined
      ? isObject(ownVocabulary) && Array.isArray(ownVocabulary.relations)
        ? (ownVocabulary as unknown as Vocabulary)
        : undefined
      : curatedVocabulary;
  const mapped = mapImported(imported, { file, vocabulary: vocabularyForMatching, json: format === "json" });

  // What the defaults used must exist in the vocabulary and the registry (added at the end, only when used).
  const additions = (vocabulary: Record<string, unknown>) => {
    const kinds = vocabulary.nodeKinds;
    const relations = vocabulary.relations;
    const out = { ...vocabulary };
    if (mapped.used.kind && Array.isArray(kinds) && !kinds.some((k) => isObject(k) && k.id === defaultKind.id)) out.nodeKinds = [...kinds, defaultKind];
    const extra = [
      ...(mapped.used.directed ? [defaultRelations.directed] : []),
      ...(mapped.used.undirected ? [defaultRelations.undirected] : []),
    ].filter((r) => Array.isArray(relations) && !relations.some((x) => isObject(x) && x.id === r.id));
    if (extra.length && Array.isArray(relations)) out.relations = [...relations, ...extra];
    return out;
  };
  const withImportSource = (list: unknown[]) =>
    mapped.used.source && !list.some((s) => isObject(s) && s.id === importSourceId) ? [...list, importSource(file)] : list;

  const raw: RawDataset = {
    graph: { file, json: { attributes: mapped.graphAttributes, options: { type: "mixed", multi: true, allowSelfLoops: imported.allowSelfLoops } } },
    nodeFiles: [{ file, json: { nodes: mapped.nodes } }],
    edgeFiles: [{ file, json: { edges: mapped.edges } }],
  };
  const vocabularyLabel = `${file} (vocabulary)`;
  const sourcesLabel = `${file} (sources)`;
  // Validation sees the registry as {sources: [...]}; its paths are turned back into the file's.
  let sourcesInFile = (validationPath: string) => `${sourcesPath}${validationPath.slice(1)}`;
  if (ownVocabulary !== undefined) raw.vocabulary = { file: vocabularyLabel, json: isObject(ownVocabulary) ? additions(ownVocabulary) : ownVocabulary } satisfies RawFile;
  if (ownSources !== undefined) {
    if (Array.isArray(ownSources)) {
      raw.sources = { file: sourcesLabel, json: { sources: withImportSource(ownSources) } };
      sourcesInFile = (validationPath) => `${sourcesPath}${validationPath.startsWith("$.sources") ? validationPath.slice("$.sources".length) : ""}`;
    } else if (isObject(ownSources) && Array.isArray(ownSources.sources))
      raw.sources = { file: sourcesLabel, json: { ...ownSources, sources: withImportSource(ownSources.sources) } };
    else raw.sources = { file: sourcesLabel, json: ownSources };
  }
  const defaults = {
    vocabulary: curatedVocabulary ? (additions(curatedVocabulary as unknown as Record<string, unknown>) as unknown as Vocabulary) : undefined,
    sources: curatedSources ? (withImportSource(curatedSources) as SourceEntry[]) : undefined,
  };

  const result = validateDataset(raw, defaults);
  if (!result.ok) {
    return fail(
      result.problems.map((p) => {
        if (p.file === vocabularyLabel) return { file, path: `${vocabularyPath}${p.path.slice(1)}`, message: p.message };
        if (p.file === sourcesLabel) return { file, path: sourcesInFile(p.path), message: p.message };
        if (p.file === file) return stixObjects ? stixProblemPath(mapped.locate(p), stixObjects) : mapped.locate(p);
        // A problem in the curated defaults (vocabulary.json, sources.json) is reported as it is.
        return p;
      }),
    );
  }
  try {
    const graph = buildGraph(result.data);
    const hash = createHash("sha256");
    for (const part of hashParts) hash.update(part).update("\0");
    return {
      ok: true,
      dataset: {
        graph,
        vocabulary: result.data.vocabulary,
        sources: result.data.sources,
        dataVersion: hash.digest("hex").slice(0, 16),
        origin: filePath,
      },
    };
  } catch (error) {
    return fail([{ file, path: "$", message: `graph could not be built: ${(error as Error).message}` }]);
  }
}

export type { ImportFormat };
