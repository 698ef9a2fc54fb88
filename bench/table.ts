// Result rows and their rendering: one row per (metric, peer), with the ratio and the target verdict.
import { median } from "./stats.js";

export type Unit = "ms" | "bytes" | "bytes/edge" | "req/s";

export interface Measure {
  value: number;
  unit: Unit;
  /** How many samples or runs the value summarises. */
  n?: number;
}

export interface Target {
  /** Required ratio in our favour (peer/ours when lower is better, ours/peer when higher is better). */
  atLeast: number;
  text: string;
}

export interface Row {
  section: string;
  metric: string;
  graph: string;
  ours: Measure | string;
  peer: string;
  /** A measure, or why there is none ("peer unavailable", "not yet available"). */
  peerValue: Measure | string;
  better: "lower" | "higher";
  target?: Target;
  note?: string;
}

export const ms = (value: number, n?: number): Measure => ({ value, unit: "ms", n });
export const bytes = (value: number, n?: number): Measure => ({ value, unit: "bytes", n });
export const perEdge = (value: number, n?: number): Measure => ({ value, unit: "bytes/edge", n });
export const perSecond = (value: number, n?: number): Measure => ({ value, unit: "req/s", n });
export const medianMs = (values: number[]): Measure => ms(median(values), values.length);

const isMeasure = (m: Measure | string | undefined): m is Measure => typeof m === "object" && m !== null && Number.isFinite(m.value);

export function formatMeasure(m: Measure | string): string {
  if (!isMeasure(m)) return typeof m === "string" ? m : "n/a";
  const v = m.value;
  let text: string;
  switch (m.unit) {
    case "ms":
      if (v < 1) text = `${(v * 1000).toPrecision(3)} µs`;
      else if (v < 1000) text = `${v.toPrecision(3)} ms`;
      else text = `${(v / 1000).toPrecision(3)} s`;
      break;
    case "bytes":
      text = v >= 1 << 20 ? `${(v / (1 << 20)).toPrecision(3)} MiB` : v >= 1024 ? `${(v / 1024).toPrecision(3)} KiB` : `${Math.round(v)} B`;
      break;
    case "bytes/edge":
      text = `${Math.round(v)} B/edge`;
      break;
    case "req/s":
      text = `${Math.round(v).toLocaleString("en-US")} req/s`;
      break;
  }
  return text;
}

/** Ratio in our favour: > 1 means we are better (faster, smaller, more requests). */
export function ratioOf(row: Row): number | undefined {
  if (!isMeasure(row.ours) || !isMeasure(row.peerValue) || row.ours.value <= 0 || row.peerValue.value <= 0) return undefined;
  return row.better === "lower" ? row.peerValue.value / row.ours.value : row.ours.value / row.peerValue.value;
}

export function formatRatio(row: Row): string {
  const r = ratioOf(row);
  if (r === undefined) return "—";
  const word = row.better === "lower" ? (row.ours as Measure).unit === "ms" ? ["faster", "slower"] : ["smaller", "larger"] : ["more", "fewer"];
  const digits = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return r >= 1 ? `${digits(r)}× ${word[0]}` : `${digits(1 / r)}× ${word[1]}`;
}

export type Verdict = "met" | "MISSED" | "peer unavailable" | "not yet available" | "";

export function verdictOf(row: Row): Verdict {
  if (!row.target) return "";
  if (!isMeasure(row.ours)) return "not yet available";
  if (!isMeasure(row.peerValue)) return typeof row.peerValue === "string" && row.peerValue.startsWith("not yet") ? "not yet available" : "peer unavailable";
  const r = ratioOf(row);
  return r !== undefined && r >= row.target.atLeast ? "met" : "MISSED";
}

const escape = (s: string) => s.replace(/\|/g, "\\|");

/** A GitHub-flavoured markdown table per section, sections in order of first appearance, rows in order within each. */
export function renderTable(input: Row[]): string {
  const sections = [...new Set(input.map((r) => r.section))];
  const rows = sections.flatMap((s) => input.filter((r) => r.section === s));
  const header = ["Metric", "Graph", "actor-graph", "Peer", "Peer value", "Ratio", "Target", "Status"];
  const lines: string[] = [];
  let section = "";
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      if (lines.length) lines.push("");
      lines.push(`### ${section}`, "", `| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    }
    const status = verdictOf(row);
    const cells = [
      row.metric,
      row.graph,
      formatMeasure(row.ours),
      row.peer,
      formatMeasure(row.peerValue),
      formatRatio(row),
      row.target?.text ?? "",
      status === "MISSED" ? "**MISSED**" : status,
    ];
    lines.push(`| ${cells.map((c) => escape(c)).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Rows whose target was missed, for the summary. */
export function missedRows(rows: Row[]): Row[] {
  return rows.filter((r) => verdictOf(r) === "MISSED");
}

export function notes(rows: Row[]): string[] {
  return rows.filter((r) => r.note).map((r) => `- ${r.metric} (${r.graph}, vs ${r.peer}): ${r.note}`);
}
