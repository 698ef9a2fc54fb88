// Reads a graph-data directory, validates it and builds a new graph; reports every problem or none.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../../errors.js";
import { buildGraph } from "./build.js";
import { loadGraphFile } from "./import/index.js";
import type { Dataset, Problem } from "../model/types.js";
import { validateDataset, type RawDataset, type RawFile } from "./validate.js";
import { parseJsonText } from "./json-error.js";

export const curatedDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../graph-data");

export type LoadResult = { ok: true; dataset: Dataset } | { ok: false; problems: Problem[] };

interface ReadFile {
  relative: string;
  text: string;
}

function parseJson(file: ReadFile, problems: Problem[]): RawFile | undefined {
  const parsed = parseJsonText(file.text);
  if (parsed.ok) return { file: file.relative, json: parsed.value };
  problems.push({ file: file.relative, path: parsed.path, message: parsed.message });
  return undefined;
}

async function readJsonFiles(dir: string, sub: string, problems: Problem[]): Promise<ReadFile[]> {
  const folder = path.join(dir, sub);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    problems.push({ file: `${sub}/`, path: "$", message: `missing folder: the data directory needs ${sub}/ with *.json files` });
    return [];
  }
  return Promise.all(names.map(async (name) => ({ relative: `${sub}/${name}`, text: await readFile(path.join(folder, name), "utf8") })));
}

async function readOptional(dir: string, name: string): Promise<ReadFile | undefined> {
  try {
    return { relative: name, text: await readFile(path.join(dir, name), "utf8") };
  } catch {
    return undefined;
  }
}

/** A hash of every curated byte, in a stable order, so the same data always has the same version. */
export function hashFiles(files: ReadFile[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort((a, b) => a.relative.localeCompare(b.relative))) {
    hash.update(f.relative).update("\0").update(f.text).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** Loads a graph-data directory (the curated one by default). Never returns a half-built graph. */
export async function loadDataDirectory(dir: string = curatedDataDir): Promise<LoadResult> {
  const problems: Problem[] = [];
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) return { ok: false, problems: [{ file: dir, path: "$", message: "not a directory" }] };

  const [graphFile, vocabularyFile, sourcesFile, nodeFiles, edgeFiles] = await Promise.all([
    readOptional(dir, "graph.json"),
    readOptional(dir, "vocabulary.json"),
    readOptional(dir, "sources.json"),
    readJsonFiles(dir, "nodes", problems),
    readJsonFiles(dir, "edges", problems),
  ]);
  const all = [graphFile, vocabularyFile, sourcesFile, ...nodeFiles, ...edgeFiles].filter((f): f is ReadFile => f !== undefined);

  const raw: RawDataset = {
    graph: graphFile && parseJson(graphFile, problems),
    vocabulary: vocabularyFile && parseJson(vocabularyFile, problems),
    sources: sourcesFile && parseJson(sourcesFile, problems),
    nodeFiles: nodeFiles.map((f) => parseJson(f, problems)).filter((f): f is RawFile => f !== undefined),
    edgeFiles: edgeFiles.map((f) => parseJson(f, problems)).filter((f): f is RawFile => f !== undefined),
  };
  if (!vocabularyFile) problems.push({ file: "vocabulary.json", path: "$", message: "missing file: the data directory needs a vocabulary.json" });
  if (!sourcesFile) problems.push({ file: "sources.json", path: "$", message: "missing file: the data directory needs a sources.json" });

  const result = validateDataset(raw);
  if (!result.ok) problems.push(...result.problems.filter((p) => !problems.some((q) => q.file === p.file && q.message === p.message)));
  if (problems.length > 0 || !result.ok) return { ok: false, problems };

  try {
    const graph = buildGraph(result.data);
    return {
      ok: true,
      dataset: {
        graph,
        vocabulary: result.data.vocabulary,
        sources: result.data.sources,
        dataVersion: hashFiles(all),
        origin: dir,
      },
    };
  } catch (error) {
    return { ok: false, problems: [{ file: dir, path: "$", message: `graph could not be built: ${(error as Error).message}` }] };
  }
}

/**
 * Loads graph data from a graph-data directory, or from one graph file: graphology JSON (`.json`, optionally with
 * `vocabulary` and `sources` alongside), GEXF (`.gexf`) or GraphML (`.graphml`; `.xml` files are recognised by their
 * root element). Every source goes through the same validation; nothing is built unless all of it passed.
 */
export async function loadData(pathOrDir: string = curatedDataDir): Promise<LoadResult> {
  const info = await stat(pathOrDir).catch(() => null);
  if (!info) return { ok: false, problems: [{ file: pathOrDir, path: "$", message: "no such file or directory" }] };
  if (info.isDirectory()) return loadDataDirectory(pathOrDir);
  if (!info.isFile()) return { ok: false, problems: [{ file: pathOrDir, path: "$", message: "not a regular file or a directory" }] };
  return loadGraphFile(pathOrDir, { defaultsDir: curatedDataDir });
}

/** Formats problems one per line as `file $.path: message`. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n");
}

/** Loads (a directory or a graph file, see `loadData`) or throws DATA_INVALID carrying every problem. */
export async function loadDatasetOrThrow(pathOrDir?: string): Promise<Dataset> {
  const result = await loadData(pathOrDir);
  if (!result.ok)
    throw new AppError("DATA_INVALID", `graph data is invalid (${result.problems.length} problem(s)):\n${formatProblems(result.problems)}`, result.problems);
  return result.dataset;
}
