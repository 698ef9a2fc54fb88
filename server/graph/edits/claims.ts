// Claim import: a coding spreadsheet (CSV, one claim per row) becomes edit ops; every bad row and cell is reported, nothing applied.
import { parse } from "csv-parse/sync";
import { isPartialDate } from "../model/dates.js";
import { credibilityLevels } from "../model/grades.js";
import { confidenceLevels, type Confidence, type Dataset, type EdgeAttributes, type Evidence } from "../model/types.js";
import { buildSearchIndex } from "../query/search.js";
import { editInvalid, hostileProblems, type EditOp, type EditProblem } from "./ops.js";

export const claimColumns = ["subject", "relation", "object", "source", "locator", "claim", "confidence", "credibility", "since", "until"] as const;
const requiredColumns = ["subject", "relation", "object", "source", "locator", "claim"] as const;
type Column = (typeof claimColumns)[number];
type Row = Partial<Record<Column, string>> & { line: number };

export const maxClaimRows = 5_000;

function readRows(text: string, problems: EditProblem[]): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    problems.push({ path: e.lines ? `line ${e.lines}` : "csv", message: `not valid CSV: ${e.message.replace(/ on line \d+$/, "")}` });
    return [];
  }
  if (records.length === 0) {
    problems.push({ path: "csv", message: `empty: expected a header row (${claimColumns.join(",")}) and one row per claim` });
    return [];
  }
  const header = records[0].record.map((h) => h.toLowerCase());
  header.forEach((h, i) => {
    if (!(claimColumns as readonly string[]).includes(h)) problems.push({ path: `line 1 column ${i + 1}`, message: `unknown column "${h}": expected ${claimColumns.join(", ")}` });
  });
  for (const c of requiredColumns) if (!header.includes(c)) problems.push({ path: "line 1", message: `missing column "${c}"` });
  if (records.length - 1 > maxClaimRows) problems.push({ path: "csv", message: `more than ${maxClaimRows} rows; split the file` });
  if (problems.length) return [];
  return records.slice(1).map(({ record, info }) => {
    const row: Row = { line: info.lines };
    header.forEach((h, i) => {
      if (record[i]) row[h as Column] = record[i];
    });
    return row;
  });
}

/**
 * Turns claim rows into ops: a row whose subject, relation and object match an existing relation adds its evidence
 * to it; other rows add a relation (rows naming the same new relation share it). Names and aliases are accepted.
 */
export interface ClaimImport {
  ops: EditOp[];
  rows: number;
  /** Rewrites an EDIT_INVALID from applying the ops (`ops[2].attributes.evidence[3].locator`) to rows (`line 5 locator`). */
  relocate(error: unknown): unknown;
}

export function claimsToOps(text: string, dataset: Pick<Dataset, "graph" | "vocabulary" | "sources">): ClaimImport {
  const problems: EditProblem[] = [];
  const rows = readRows(text, problems);
  if (problems.length) throw editInvalid(problems);
  const index = buildSearchIndex(dataset.graph);
  const relations = new Map(dataset.vocabulary.relations.map((r) => [r.id, r]));
  const sources = new Set(dataset.sources.map((s) => s.id));
  const cell = (row: Row, column: Column, message: string) => problems.push({ path: `line ${row.line} ${column}`, message });

  // Evidence per relation, keyed by existing edge or by the new relation's ends; insertion order is row order.
  const additions = new Map<string, { edge?: string; subject: string; object: string; relation: string; confidence?: Confidence; since?: string; until?: string; evidence: Evidence[]; lines: number[] }>();
  for (const row of rows) {
    const before = problems.length;
    for (const c of claimColumns) if (row[c] !== undefined) hostileProblems(row[c], [c], problems);
    problems.slice(before).forEach((p) => (p.path = `line ${row.line} ${p.path}`));
    for (const c of requiredColumns) if (!row[c]) cell(row, c, `${c} is required`);
    const ends: Record<"subject" | "object", string | null> = { subject: null, object: null };
    for (const end of ["subject", "object"] as const) {
      const name = row[end];
      if (!name) continue;
      ends[end] = index.resolve(name);
      if (!ends[end]) {
        const hints = index.suggest(name, 3).map((h) => `${h.label} (${h.id})`);
        cell(row, end, `no actor is called "${name}"${hints.length ? `; did you mean ${hints.join(", ")}?` : "; add it first"}`);
      }
    }
    const relation = row.relation ? relations.get(row.relation) : undefined;
    if (row.relation && !relation) cell(row, "relation", `unknown relation "${row.relation}": expected one of ${[...relations.keys()].join(", ")}`);
    if (row.source && !sources.has(row.source)) cell(row, "source", `unknown source "${row.source}": add it to sources first (expected one of ${[...sources].join(", ")})`);
    if (row.confidence && !confidenceLevels.includes(row.confidence as Confidence)) cell(row, "confidence", `expected one of ${confidenceLevels.join(", ")}`);
    const credibility = row.credibility === undefined ? undefined : Number(row.credibility);
    if (credibility !== undefined && !(credibilityLevels as readonly number[]).includes(credibility)) cell(row, "credibility", "expected a whole number from 1 (confirmed) to 6 (cannot be judged)");
    for (const d of ["since", "until"] as const) if (row[d] && !isPartialDate(row[d] as string)) cell(row, d, "expected a partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD");
    if (problems.length > before || !relation || !ends.subject || !ends.object) continue;

    const item: Evidence = {
      source: row.source as string,
      locator: row.locator as string,
      claim: row.claim as string,
      ...(row.confidence ? { confidence: row.confidence as Confidence } : {}),
      ...(credibility !== undefined ? { credibility } : {}),
      ...(row.since ? { since: row.since } : {}),
      ...(row.until ? { until: row.until } : {}),
    };
    const existing = matchingEdge(dataset, ends.subject, ends.object, relation.id, relation.directed);
    const key = existing ?? `${ends.subject}\0${relation.id}\0${relation.directed ? ends.object : [ends.subject, ends.object].sort().join("\0")}`;
    const entry = additions.get(key) ?? { edge: existing, subject: ends.subject, object: ends.object, relation: relation.id, evidence: [], lines: [] };
    if (!existing && !entry.confidence) entry.confidence = (row.confidence as Confidence | undefined) ?? "reported";
    if (!existing && !entry.since && row.since) entry.since = row.since;
    if (!existing && !entry.until && row.until) entry.until = row.until;
    entry.evidence.push(item);
    entry.lines.push(row.line);
    additions.set(key, entry);
  }
  if (problems.length) throw editInvalid(problems);

  const ops: EditOp[] = [];
  // Per op: the CSV line of each evidence item it adds, and the index of the first added item.
  const origins: { lines: number[]; offset: number }[] = [];
  for (const a of additions.values()) {
    const offset = a.edge ? (dataset.graph.getEdgeAttributes(a.edge) as EdgeAttributes).evidence.length : 0;
    origins.push({ lines: a.lines, offset });
    if (a.edge) {
      const current = dataset.graph.getEdgeAttributes(a.edge) as EdgeAttributes;
      ops.push({ op: "update-edge", key: a.edge, attributes: { evidence: [...current.evidence, ...a.evidence] } });
    } else {
      const attributes: Record<string, unknown> = { relation: a.relation, confidence: a.confidence, ...(a.since ? { since: a.since } : {}), ...(a.until ? { until: a.until } : {}), evidence: a.evidence };
      ops.push({ op: "add-edge", source: a.subject, target: a.object, attributes });
    }
  }
  if (ops.length === 0) throw editInvalid([{ path: "csv", message: "no claim rows" }]);
  const relocate = (error: unknown): unknown => {
    const problems = (error as { code?: string; details?: { problems?: EditProblem[] } }).details?.problems;
    if ((error as { code?: string }).code !== "EDIT_INVALID" || !problems) return error;
    return editInvalid(
      problems.map((p) => {
        const m = /^ops\[(\d+)\](?:\.attributes\.evidence\[(\d+)\](?:\.(\w+))?)?/.exec(p.path);
        const origin = m ? origins[Number(m[1])] : undefined;
        if (!origin) return p;
        const item = m?.[2] === undefined ? -1 : Number(m[2]) - origin.offset;
        if (item >= 0 && item < origin.lines.length) return { path: `line ${origin.lines[item]}${m?.[3] ? ` ${m[3]}` : ""}`, message: p.message };
        return { path: `line ${origin.lines.join(", ")}`, message: p.message };
      }),
    );
  };
  return { ops, rows: rows.length, relocate };
}

function matchingEdge(dataset: Pick<Dataset, "graph">, subject: string, object: string, relation: string, directed: boolean): string | undefined {
  const { graph } = dataset;
  let found: string | undefined;
  const check = (edge: string, attributes: EdgeAttributes) => {
    if (!found && attributes.relation === relation) found = edge;
  };
  if (directed) graph.forEachOutboundEdge(subject, object, (edge, attributes, source) => source === subject && check(edge, attributes));
  else graph.forEachUndirectedEdge(subject, object, (edge, attributes) => check(edge, attributes));
  return found;
}
