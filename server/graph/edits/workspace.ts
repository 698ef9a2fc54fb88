// The data directory as editable JSON: read every file, apply ops in order, validate like the loader, render changed files.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import { buildGraph } from "../io/build.js";
import { hashFiles } from "../io/load.js";
import { validateDataset, type RawFile } from "../io/validate.js";
import { keyPattern } from "../model/schema.js";
import { isReservedKey } from "../model/reserved-keys.js";
import type { Dataset, Problem, Vocabulary } from "../model/types.js";
import { editInvalid, pathText, type AnyOp, type EditProblem, type ItemType } from "./ops.js";

type Json = Record<string, unknown>;

interface DataFile {
  relative: string;
  text: string;
  json: Json;
  /** "nodes" / "edges" / "sources" for item files; undefined for graph.json and vocabulary.json. */
  field?: "nodes" | "edges" | "sources";
  changed: boolean;
}

/** What one op did to one item: the before and after the audit log keeps. */
export interface Change {
  op: number;
  type: ItemType;
  key: string;
  file: string;
  before: Json | null;
  after: Json | null;
}

/** Formatting every written file shares, so `git diff` shows only what changed: 2-space JSON and a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class Workspace {
  private readonly files = new Map<string, DataFile>();
  private readonly owner = new Map<object, number>();
  readonly changes: Change[] = [];

  private constructor(readonly dir: string) {}

  /** Reads graph.json, vocabulary.json, sources.json, nodes/*.json and edges/*.json as the loader does. */
  static async read(dir: string): Promise<Workspace> {
    const ws = new Workspace(dir);
    const names: string[] = ["graph.json", "vocabulary.json", "sources.json"];
    for (const sub of ["nodes", "edges"]) {
      const listed = (await readdir(path.join(dir, sub)).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
      names.push(...listed.map((n) => `${sub}/${n}`));
    }
    for (const relative of names) {
      const text = await readFile(path.join(dir, relative), "utf8").catch(() => undefined);
      if (text === undefined) continue;
      let json: Json;
      try {
        json = JSON.parse(text) as Json;
      } catch {
        throw new AppError("DATA_CHANGED_ON_DISK", `${relative} is no longer valid JSON; fix it or restart the server`);
      }
      const field = relative.startsWith("nodes/") ? "nodes" : relative.startsWith("edges/") ? "edges" : relative === "sources.json" ? "sources" : undefined;
      if (field && !Array.isArray(json?.[field])) throw new AppError("DATA_CHANGED_ON_DISK", `${relative} has no ${field} array`);
      ws.files.set(relative, { relative, text, json, field, changed: false });
    }
    return ws;
  }

  /** The loader's data version of the files as they are now (including edits applied so far). */
  version(): string {
    return hashFiles([...this.files.values()].map((f) => ({ relative: f.relative, text: f.changed ? formatJson(f.json) : f.text })));
  }

  changedFiles(): { relative: string; before: string | null; after: string }[] {
    return [...this.files.values()]
      .filter((f) => f.changed)
      .map((f) => ({ relative: f.relative, before: f.text === "" ? null : f.text, after: formatJson(f.json) }));
  }

  private vocabulary(): Vocabulary | undefined {
    return this.files.get("vocabulary.json")?.json as unknown as Vocabulary | undefined;
  }

  private items(field: "nodes" | "edges" | "sources"): { file: DataFile; list: Json[] }[] {
    return [...this.files.values()].filter((f) => f.field === field).map((f) => ({ file: f, list: f.json[field] as Json[] }));
  }

  private find(type: ItemType, key: string): { file: DataFile; list: Json[]; index: number } | undefined {
    const field = type === "node" ? "nodes" : type === "edge" ? "edges" : "sources";
    const id = type === "source" ? "id" : "key";
    for (const { file, list } of this.items(field)) {
      const index = list.findIndex((item) => item && typeof item === "object" && item[id] === key);
      if (index >= 0) return { file, list, index };
    }
    return undefined;
  }

  private fileFor(type: "node" | "edge", hint: string | undefined, match: (item: Json) => boolean): DataFile {
    const field = type === "node" ? "nodes" : "edges";
    const found = this.items(field).find(({ list }) => list.some((item) => item && typeof item === "object" && match(item)));
    if (found) return found.file;
    // A new file named after the kind or relation, only when that name is a safe slug (it becomes a path).
    const relative = `${field}/${hint && keyPattern.test(hint) ? hint : "added"}.json`;
    let file = this.files.get(relative);
    if (!file) {
      file = { relative, text: "", json: { [field]: [] }, field, changed: true };
      this.files.set(relative, file);
    }
    return file;
  }

  private record(op: number, type: ItemType, key: string, file: DataFile, before: Json | null, after: Json | null): void {
    file.changed = true;
    if (after) this.owner.set(after, op);
    this.changes.push({ op, type, key, file: file.relative, before: before && clone(before), after: after && clone(after) });
  }

  /** Applies one op to the files in memory; problems that need no full validation are reported here. */
  apply(op: AnyOp, i: number, problems: EditProblem[]): void {
    const fail = (field: string, message: string) => problems.push({ path: pathText(["ops", i, ...(field ? [field] : [])]), message });
    const keyOk = (field: string, value: string, what: string) => {
      if (isReservedKey(value)) return fail(field, `${what} "${value}" collides with an Object built-in`), false;
      if (!keyPattern.test(value)) return fail(field, `${what} must be a lowercase kebab-case slug such as \`iskp\` or \`al-qaeda\``), false;
      return true;
    };
    switch (op.op) {
      case "add-node": {
        if (!keyOk("key", op.key, "key")) return;
        if (this.find("node", op.key)) return void fail("key", `a node "${op.key}" already exists`);
        const kind = typeof op.attributes.kind === "string" ? op.attributes.kind : undefined;
        const file = this.fileFor("node", kind, (n) => (n.attributes as Json | undefined)?.kind === kind);
        const item = { key: op.key, attributes: clone(op.attributes) };
        (file.json.nodes as Json[]).push(item);
        return this.record(i, "node", op.key, file, null, item);
      }
      case "update-node":
      case "update-edge": {
        const type = op.op === "update-node" ? "node" : "edge";
        const at = this.find(type, op.key);
        if (!at) return void fail("key", `no ${type} has key "${op.key}"`);
        const before = at.list[at.index];
        const merged: Json = { ...((before.attributes as Json) ?? {}) };
        // JSON merge patch: null removes an attribute, anything else replaces it.
        for (const [name, value] of Object.entries(op.attributes)) {
          if (value === null) delete merged[name];
          else merged[name] = clone(value);
        }
        const after = { ...before, attributes: merged };
        at.list[at.index] = after;
        return this.record(i, type, op.key, at.file, before, after);
      }
      case "remove-node": {
        const at = this.find("node", op.key);
        if (!at) return void fail("key", `no node has key "${op.key}"`);
        const incident = this.items("edges").flatMap(({ list }) => list.filter((e) => e.source === op.key || e.target === op.key));
        if (incident.length && !op.cascade) {
          const names = incident.slice(0, 5).map((e) => String(e.key)).join(", ");
          return void fail("key", `node "${op.key}" still has ${incident.length} relation(s) (${names}${incident.length > 5 ? ", …" : ""}): remove them first or pass "cascade": true`);
        }
        for (const edge of incident) this.removeItem(i, "edge", String(edge.key));
        return this.removeItem(i, "node", op.key);
      }
      case "remove-edge": {
        if (!this.find("edge", op.key)) return void fail("key", `no edge has key "${op.key}"`);
        return this.removeItem(i, "edge", op.key);
      }
      case "add-edge":
        return this.addEdge(op, i, problems, keyOk);
      case "add-source": {
        if (isReservedKey(op.id)) return void fail("id", `id "${op.id}" collides with an Object built-in`);
        if (this.find("source", op.id)) return void fail("id", `a source "${op.id}" already exists`);
        const file = this.files.get("sources.json");
        if (!file) return void fail("id", "the data directory has no sources.json");
        const item = { id: op.id, ...clone(op.attributes) };
        (file.json.sources as Json[]).push(item);
        return this.record(i, "source", op.id, file, null, item);
      }
      case "restore":
        return this.restore(op, i);
    }
  }

  private addEdge(op: Extract<AnyOp, { op: "add-edge" }>, i: number, problems: EditProblem[], keyOk: (f: string, v: string, w: string) => boolean): void {
    const fail = (field: string, message: string) => problems.push({ path: pathText(["ops", i, field]), message });
    let ok = true;
    for (const end of ["source", "target"] as const)
      if (!this.find("node", op[end])) {
        fail(end, `no node has key "${op[end]}"`);
        ok = false;
      }
    const relationId = typeof op.attributes.relation === "string" ? op.attributes.relation : "";
    const relation = this.vocabulary()?.relations?.find((r) => r.id === relationId);
    let key = op.key;
    if (key !== undefined) {
      if (!keyOk("key", key, "edge key")) return;
      if (this.find("edge", key)) return void fail("key", `an edge "${key}" already exists`);
    } else {
      const base = `e-${op.source}-${op.target}-${relationId || "relation"}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
      key = base;
      for (let n = 2; this.find("edge", key); n++) key = `${base}-${n}`;
    }
    if (!ok) return;
    // Omitted `undirected` follows the vocabulary, so a client need not know which relations are symmetric.
    const undirected = op.undirected ?? (relation ? !relation.directed : undefined);
    const file = this.fileFor("edge", relationId, (e) => (e.attributes as Json | undefined)?.relation === relationId);
    const item: Json = { key, source: op.source, target: op.target, ...(undirected ? { undirected: true } : op.undirected === false ? { undirected: false } : {}), attributes: clone(op.attributes) };
    (file.json.edges as Json[]).push(item);
    this.record(i, "edge", key, file, null, item);
  }

  private removeItem(i: number, type: ItemType, key: string): void {
    const at = this.find(type, key);
    if (!at) return;
    const [before] = at.list.splice(at.index, 1);
    this.record(i, type, key, at.file, before, null);
  }

  private restore(op: Extract<AnyOp, { op: "restore" }>, i: number): void {
    const at = this.find(op.type, op.key);
    if (at && op.value) {
      const before = at.list[at.index];
      at.list[at.index] = clone(op.value);
      return this.record(i, op.type, op.key, at.file, before, at.list[at.index]);
    }
    if (at) return this.removeItem(i, op.type, op.key);
    if (!op.value) return;
    const field = op.type === "node" ? "nodes" : op.type === "edge" ? "edges" : "sources";
    let file = this.files.get(op.file);
    if (!file || file.field !== field) file = op.type === "source" ? this.files.get("sources.json") : this.fileFor(op.type, undefined, () => false);
    if (!file) return;
    const item = clone(op.value);
    (file.json[field] as Json[]).push(item);
    this.record(i, op.type, op.key, file, null, item);
  }

  /** Validates the whole result as the loader would and builds the next dataset as a new graph; throws EDIT_INVALID. */
  build(origin: string): Dataset {
    const raw = (field: "nodes" | "edges") => this.items(field).map(({ file }) => ({ file: file.relative, json: file.json }) as RawFile);
    const single = (name: string): RawFile | undefined => {
      const f = this.files.get(name);
      return f ? { file: f.relative, json: f.json } : undefined;
    };
    const result = validateDataset({
      graph: single("graph.json"),
      vocabulary: single("vocabulary.json"),
      sources: single("sources.json"),
      nodeFiles: raw("nodes"),
      edgeFiles: raw("edges"),
    });
    if (!result.ok) throw editInvalid(result.problems.map((p) => this.locate(p)));
    const graph = buildGraph(result.data);
    return { graph, vocabulary: result.data.vocabulary, sources: result.data.sources, dataVersion: this.version(), origin };
  }

  /** Turns a loader problem (`nodes/groups.json $.nodes[4].attributes.kind`) into the op that caused it (`ops[2].attributes.kind`). */
  private locate(problem: Problem): EditProblem {
    const match = /^\$\.(nodes|edges|sources)\[(\d+)\](.*)$/.exec(problem.path);
    const file = this.files.get(problem.file);
    if (match && file) {
      const item = (file.json[match[1]] as Json[] | undefined)?.[Number(match[2])];
      const op = item ? this.owner.get(item) : undefined;
      if (op !== undefined) {
        let rest = match[3];
        // A source is stored flat ({id, title, …}) but added as {id, attributes: {title, …}}.
        if (match[1] === "sources" && rest && !rest.startsWith(".id")) rest = `.attributes${rest}`;
        return { path: `ops[${op}]${rest}`, message: problem.message };
      }
    }
    return { path: "ops", message: `${problem.file} ${problem.path}: ${problem.message}` };
  }
}
