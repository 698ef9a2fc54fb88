// Compact columnar encoding of a filtered view for whole-graph transfer: a small JSON header plus aligned typed arrays.
//
// Layout (all integers and floats little-endian):
//   bytes 0-3   "AGC1"
//   bytes 4-7   u32: byte length H of the JSON header
//   bytes 8-    the header (UTF-8 JSON, see CompactHeader), zero-padded to a multiple of 8
//   then every section listed in header.sections, each starting at its `offset` (a multiple of 8, counted
//   from the first byte) and holding `length` elements of its `type`, zero-padded to a multiple of 8.
// Strings (node keys, labels, edge keys) are one UTF-8 byte section plus a Uint32 offsets section of n+1 entries.
// Vocabulary values (kind, relation, confidence) are indices into the header's `kinds`, `relations`, `confidence`.
// Dates are u32 yyyymmdd with 00 for a missing month or day (2014 -> 20140000, 2014-06 -> 20140600); 0 means none.
// Evidence, descriptions, aliases, facts and notes are left out: they come from GET /api/nodes/:id.
// client/compact-decode.ts reads this; keep the two in step (bump `version` on any change).
import { viewPredicates, type GraphFilters } from "../query/filters.js";
import { partialDatePattern } from "../model/dates.js";
import { confidenceLevels, type ActorGraph, type Vocabulary } from "../model/types.js";
import type { DisplayTable } from "./cache.js";

export const compactMagic = "AGC1";
export const compactVersion = 1;
export const compactMediaType = "application/octet-stream";

export type CompactSectionType = "Uint8" | "Uint16" | "Uint32" | "Float32";

export interface CompactSection {
  name: string;
  type: CompactSectionType;
  offset: number;
  length: number;
}

export interface CompactHeader {
  format: "actor-graph/compact";
  version: number;
  dataVersion: string;
  filters: GraphFilters;
  options: { type: string; multi: boolean; allowSelfLoops: boolean };
  attributes: Record<string, unknown>;
  nodeCount: number;
  edgeCount: number;
  kinds: string[];
  relations: string[];
  confidence: string[];
  /** Node and edge flags: bit 0 of `edgeFlags` is set for an undirected edge. */
  sections: CompactSection[];
}

/** Section names in file order, with their element type. */
export const compactSections = [
  ["nodeKeyOffsets", "Uint32"],
  ["nodeKeyBytes", "Uint8"],
  ["nodeLabelOffsets", "Uint32"],
  ["nodeLabelBytes", "Uint8"],
  ["nodeKind", "Uint16"],
  ["nodeX", "Float32"],
  ["nodeY", "Float32"],
  ["nodeDegree", "Uint32"],
  ["nodePagerank", "Float32"],
  ["nodeBetweenness", "Float32"],
  ["nodeCommunity", "Uint32"],
  ["nodeDate", "Uint32"],
  ["edgeKeyOffsets", "Uint32"],
  ["edgeKeyBytes", "Uint8"],
  ["edgeSource", "Uint32"],
  ["edgeTarget", "Uint32"],
  ["edgeRelation", "Uint16"],
  ["edgeConfidence", "Uint8"],
  ["edgeFlags", "Uint8"],
  ["edgeSince", "Uint32"],
  ["edgeUntil", "Uint32"],
] as const satisfies readonly (readonly [string, CompactSectionType])[];

export const edgeFlagUndirected = 1;

/** yyyymmdd with 00 for missing parts; 0 when there is no (valid) date. */
export function encodePartialDate(value: unknown): number {
  if (typeof value !== "string") return 0;
  const match = partialDatePattern.exec(value);
  if (!match) return 0;
  return Number(match[1]) * 10000 + Number(match[2] ?? 0) * 100 + Number(match[3] ?? 0);
}

/** Collects distinct strings in first-seen order after a fixed prefix (the vocabulary). */
class Table {
  readonly values: string[];
  private readonly index = new Map<string, number>();
  constructor(prefix: readonly string[]) {
    this.values = [];
    for (const v of prefix) this.code(v);
  }
  code(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** Strings as UTF-8 bytes plus n+1 byte offsets. */
function packStrings(strings: string[]): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    offsets[i] = total;
    total += Buffer.byteLength(strings[i], "utf8");
  }
  offsets[strings.length] = total;
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i], offsets[i], "utf8");
  return { offsets, bytes };
}

export interface CompactInput {
  /** The curated graph (node order must match `table.keys`). */
  graph: ActorGraph;
  vocabulary: Vocabulary;
  dataVersion: string;
  table: DisplayTable;
}

/**
 * Encodes the view the filters select, with the same nodes and edges in the same order as the row JSON
 * (`filterGraph(display, filters).export()`), without copying the graph.
 */
export function encodeCompact(input: CompactInput, filters: GraphFilters = {}): Buffer {
  const { graph, table } = input;
  const predicates = viewPredicates(input, filters);
  const kinds = new Table(input.vocabulary.nodeKinds.map((k) => k.id));
  const relations = new Table(input.vocabulary.relations.map((r) => r.id));
  const confidence = new Table(confidenceLevels);

  // Nodes: pass 1 picks the visible ones (position in the table -> position in the output).
  const visibleKey = new Map<string, number>();
  const nodeKeys: string[] = [];
  const labels: string[] = [];
  const kindCodes: number[] = [];
  const dates: number[] = [];
  const tableRow: number[] = [];
  let i = 0;
  graph.forEachNode((key, attributes) => {
    const row = i++;
    if (!predicates.isIdentity && !predicates.node(key, attributes)) return;
    visibleKey.set(key, nodeKeys.length);
    nodeKeys.push(key);
    labels.push(typeof attributes.label === "string" ? attributes.label : String(attributes.label ?? ""));
    kindCodes.push(kinds.code(String(attributes.kind)));
    dates.push(encodePartialDate(attributes.date));
    tableRow.push(row);
  });
  if (i !== table.keys.length) throw new Error("compact: the display table does not match the graph");
  const n = nodeKeys.length;

  const edgeKeys: string[] = [];
  const source: number[] = [];
  const target: number[] = [];
  const relationCodes: number[] = [];
  const confidenceCodes: number[] = [];
  const flags: number[] = [];
  const since: number[] = [];
  const until: number[] = [];
  graph.forEachEdge((key, attributes, s, t, _sa, _ta, undirected) => {
    const a = visibleKey.get(s);
    const b = visibleKey.get(t);
    if (a === undefined || b === undefined) return;
    if (!predicates.isIdentity && !predicates.edge(key, attributes)) return;
    edgeKeys.push(key);
    source.push(a);
    target.push(b);
    relationCodes.push(relations.code(String(attributes.relation)));
    confidenceCodes.push(confidence.code(String(attributes.confidence)));
    flags.push(undirected ? edgeFlagUndirected : 0);
    since.push(encodePartialDate(attributes.since));
    until.push(encodePartialDate(attributes.until));
  });
  const m = edgeKeys.length;
  if (kinds.values.length > 0xffff || relations.values.length > 0xffff || confidence.values.length > 0xff)
    throw new Error("compact: too many distinct kinds, relations or confidence levels");

  const pick = (column: Float64Array, Type: Float32ArrayConstructor | Uint32ArrayConstructor) => {
    const out = new Type(n);
    for (let k = 0; k < n; k++) out[k] = column[tableRow[k]];
    return out;
  };
  const nodeKeysPacked = packStrings(nodeKeys);
  const labelsPacked = packStrings(labels);
  const edgeKeysPacked = packStrings(edgeKeys);
  const data: Record<(typeof compactSections)[number][0], ArrayBufferView> = {
    nodeKeyOffsets: nodeKeysPacked.offsets,
    nodeKeyBytes: nodeKeysPacked.bytes,
    nodeLabelOffsets: labelsPacked.offsets,
    nodeLabelBytes: labelsPacked.bytes,
    nodeKind: Uint16Array.from(kindCodes),
    nodeX: pick(table.x, Float32Array),
    nodeY: pick(table.y, Float32Array),
    nodeDegree: pick(table.degree, Uint32Array),
    nodePagerank: pick(table.pagerank, Float32Array),
    nodeBetweenness: pick(table.betweenness, Float32Array),
    nodeCommunity: pick(table.community, Uint32Array),
    nodeDate: Uint32Array.from(dates),
    edgeKeyOffsets: edgeKeysPacked.offsets,
    edgeKeyBytes: edgeKeysPacked.bytes,
    edgeSource: Uint32Array.from(source),
    edgeTarget: Uint32Array.from(target),
    edgeRelation: Uint16Array.from(relationCodes),
    edgeConfidence: Uint8Array.from(confidenceCodes),
    edgeFlags: Uint8Array.from(flags),
    edgeSince: Uint32Array.from(since),
    edgeUntil: Uint32Array.from(until),
  };

  // Header first with placeholder offsets, to learn its size; offsets only grow its length by a few digits,
  // so lay out twice until stable.
  const header: CompactHeader = {
    format: "actor-graph/compact",
    version: compactVersion,
    dataVersion: input.dataVersion,
    filters,
    options: { type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops },
    attributes: graph.getAttributes(),
    nodeCount: n,
    edgeCount: m,
    kinds: kinds.values,
    relations: relations.values,
    confidence: confidence.values,
    sections: compactSections.map(([name, type]) => ({ name, type, offset: 0, length: (data[name] as unknown as { length: number }).length })),
  };
  let headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  for (let attempt = 0; attempt < 4; attempt++) {
    let offset = align8(8 + headerBytes.length);
    for (const section of header.sections) {
      section.offset = offset;
      offset += align8(data[section.name as keyof typeof data].byteLength);
    }
    const next = Buffer.from(JSON.stringify(header), "utf8");
    if (align8(8 + next.length) === align8(8 + headerBytes.length)) {
      headerBytes = next;
      break;
    }
    headerBytes = next;
  }
  const last = header.sections[header.sections.length - 1];
  const total = last.offset + align8(data[last.name as keyof typeof data].byteLength);
  const out = Buffer.alloc(total);
  out.write(compactMagic, 0, "latin1");
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  if (align8(8 + headerBytes.length) > header.sections[0].offset) throw new Error("compact: header layout did not settle");
  for (const section of header.sections) {
    const view = data[section.name as keyof typeof data];
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (littleEndian) out.set(bytes, section.offset);
    else writeLittleEndian(out, section, view);
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeLittleEndian(out: Buffer, section: CompactSection, view: ArrayBufferView): void {
  const values = view as unknown as ArrayLike<number>;
  for (let k = 0; k < section.length; k++) {
    const at = section.offset + k * bytesPer[section.type];
    if (section.type === "Uint8") out.writeUInt8(values[k], at);
    else if (section.type === "Uint16") out.writeUInt16LE(values[k], at);
    else if (section.type === "Uint32") out.writeUInt32LE(values[k], at);
    else out.writeFloatLE(values[k], at);
  }
}

const bytesPer: Record<CompactSectionType, number> = { Uint8: 1, Uint16: 2, Uint32: 4, Float32: 4 };

function align8(n: number): number {
  return (n + 7) & ~7;
}
