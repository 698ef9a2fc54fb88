// Decoder for GET /api/graph?encoding=compact: typed-array views over the received bytes (no second copy) and a graphology graph from them.
// Pure TypeScript without DOM use, so it runs in the browser and in Node tests alike. Format: server/graph/io/compact.ts.
import Graph from "graphology";

export type CompactSectionType = "Uint8" | "Uint16" | "Uint32" | "Float32";

export interface CompactHeader {
  format: "actor-graph/compact";
  version: number;
  dataVersion: string;
  filters: Record<string, unknown>;
  options: { type: "mixed" | "directed" | "undirected"; multi: boolean; allowSelfLoops: boolean };
  attributes: Record<string, unknown>;
  nodeCount: number;
  edgeCount: number;
  kinds: string[];
  relations: string[];
  confidence: string[];
  sections: { name: string; type: CompactSectionType; offset: number; length: number }[];
}

export const supportedCompactVersion = 1;
export const edgeFlagUndirected = 1;

/** The decoded view: every array is a view into the buffer that was passed in, not a copy. */
export interface CompactGraph {
  header: CompactHeader;
  nodeCount: number;
  edgeCount: number;
  nodeKeyOffsets: Uint32Array;
  nodeKeyBytes: Uint8Array;
  nodeLabelOffsets: Uint32Array;
  nodeLabelBytes: Uint8Array;
  /** Index into header.kinds. */
  nodeKind: Uint16Array;
  nodeX: Float32Array;
  nodeY: Float32Array;
  nodeDegree: Uint32Array;
  nodePagerank: Float32Array;
  nodeBetweenness: Float32Array;
  nodeCommunity: Uint32Array;
  /** yyyymmdd, 00 for a missing month or day, 0 for none; see decodePartialDate. */
  nodeDate: Uint32Array;
  edgeKeyOffsets: Uint32Array;
  edgeKeyBytes: Uint8Array;
  /** Node indices. */
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  /** Index into header.relations. */
  edgeRelation: Uint16Array;
  /** Index into header.confidence. */
  edgeConfidence: Uint8Array;
  /** Bit 0: undirected. */
  edgeFlags: Uint8Array;
  edgeSince: Uint32Array;
  edgeUntil: Uint32Array;
  nodeKey(i: number): string;
  nodeLabel(i: number): string;
  edgeKey(i: number): string;
}

export class CompactDecodeError extends Error {}

const constructors = { Uint8: Uint8Array, Uint16: Uint16Array, Uint32: Uint32Array, Float32: Float32Array } as const;
const required: Record<string, CompactSectionType> = {
  nodeKeyOffsets: "Uint32",
  nodeKeyBytes: "Uint8",
  nodeLabelOffsets: "Uint32",
  nodeLabelBytes: "Uint8",
  nodeKind: "Uint16",
  nodeX: "Float32",
  nodeY: "Float32",
  nodeDegree: "Uint32",
  nodePagerank: "Float32",
  nodeBetweenness: "Float32",
  nodeCommunity: "Uint32",
  nodeDate: "Uint32",
  edgeKeyOffsets: "Uint32",
  edgeKeyBytes: "Uint8",
  edgeSource: "Uint32",
  edgeTarget: "Uint32",
  edgeRelation: "Uint16",
  edgeConfidence: "Uint8",
  edgeFlags: "Uint8",
  edgeSince: "Uint32",
  edgeUntil: "Uint32",
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a compact body. Pass the ArrayBuffer from `response.arrayBuffer()`; a Uint8Array is accepted too and
 * is only copied when its start is not 4-byte aligned (typed arrays cannot view unaligned memory).
 */
export function decodeCompact(input: ArrayBuffer | Uint8Array): CompactGraph {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new CompactDecodeError("compact: this decoder needs a little-endian platform");
  if (bytes.length < 8 || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "AGC1")
    throw new CompactDecodeError("compact: not an actor-graph compact body (bad magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new CompactDecodeError("compact: truncated header");
  let header: CompactHeader;
  try {
    header = JSON.parse(utf8.decode(bytes.subarray(8, 8 + headerLength))) as CompactHeader;
  } catch {
    throw new CompactDecodeError("compact: header is not valid JSON");
  }
  if (header.format !== "actor-graph/compact" || header.version !== supportedCompactVersion)
    throw new CompactDecodeError(`compact: unsupported format ${String(header.format)} version ${String(header.version)}`);

  const arrays: Record<string, ArrayBufferView> = {};
  for (const section of header.sections) {
    const expected = required[section.name];
    if (!expected) continue; // a newer server may add sections; older decoders skip them
    if (section.type !== expected) throw new CompactDecodeError(`compact: section ${section.name} should be ${expected}, not ${section.type}`);
    const Type = constructors[section.type];
    const byteLength = section.length * Type.BYTES_PER_ELEMENT;
    if (section.offset % Type.BYTES_PER_ELEMENT !== 0 || section.offset + byteLength > bytes.length || section.offset < 8 + headerLength)
      throw new CompactDecodeError(`compact: section ${section.name} lies outside the body`);
    arrays[section.name] = new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + section.offset, section.length);
  }
  for (const name of Object.keys(required)) if (!arrays[name]) throw new CompactDecodeError(`compact: missing section ${name}`);

  const n = header.nodeCount;
  const m = header.edgeCount;
  const lengths: [string, number][] = [
    ["nodeKeyOffsets", n + 1], ["nodeLabelOffsets", n + 1], ["nodeKind", n], ["nodeX", n], ["nodeY", n], ["nodeDegree", n],
    ["nodePagerank", n], ["nodeBetweenness", n], ["nodeCommunity", n], ["nodeDate", n], ["edgeKeyOffsets", m + 1],
    ["edgeSource", m], ["edgeTarget", m], ["edgeRelation", m], ["edgeConfidence", m], ["edgeFlags", m], ["edgeSince", m], ["edgeUntil", m],
  ];
  for (const [name, length] of lengths)
    if ((arrays[name] as unknown as { length: number }).length !== length)
      throw new CompactDecodeError(`compact: section ${name} has the wrong length`);

  const strings = (offsets: Uint32Array, data: Uint8Array) => (i: number) => utf8.decode(data.subarray(offsets[i], offsets[i + 1]));
  const a = arrays as unknown as Omit<CompactGraph, "header" | "nodeCount" | "edgeCount" | "nodeKey" | "nodeLabel" | "edgeKey">;
  return {
    header,
    nodeCount: n,
    edgeCount: m,
    ...a,
    nodeKey: strings(a.nodeKeyOffsets, a.nodeKeyBytes),
    nodeLabel: strings(a.nodeLabelOffsets, a.nodeLabelBytes),
    edgeKey: strings(a.edgeKeyOffsets, a.edgeKeyBytes),
  };
}

/** All strings of one string section at once (one decode when the bytes are plain ASCII). */
export function decodeStrings(offsets: Uint32Array, data: Uint8Array): string[] {
  const count = offsets.length - 1;
  const out: string[] = new Array(count);
  let ascii = true;
  for (let i = 0; i < data.length; i++)
    if (data[i] > 0x7f) {
      ascii = false;
      break;
    }
  if (ascii) {
    const all = utf8.decode(data);
    for (let i = 0; i < count; i++) out[i] = all.slice(offsets[i], offsets[i + 1]);
  } else for (let i = 0; i < count; i++) out[i] = utf8.decode(data.subarray(offsets[i], offsets[i + 1]));
  return out;
}

/** yyyymmdd (00 for missing parts) back to the partial ISO date it came from; undefined for 0. */
export function decodePartialDate(value: number): string | undefined {
  if (!value) return undefined;
  const year = Math.floor(value / 10000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  const yyyy = String(year).padStart(4, "0");
  if (!month) return yyyy;
  const mm = String(month).padStart(2, "0");
  return day ? `${yyyy}-${mm}-${String(day).padStart(2, "0")}` : `${yyyy}-${mm}`;
}

export interface CompactNodeAttributes {
  label: string;
  kind: string;
  x: number;
  y: number;
  degree: number;
  pagerank: number;
  betweenness: number;
  community: number;
  date?: string;
  [extra: string]: unknown;
}

export interface CompactEdgeAttributes {
  relation: string;
  confidence: string;
  since?: string;
  until?: string;
  [extra: string]: unknown;
}

/**
 * Fills a graphology graph (a new one unless given) with the decoded nodes and edges, in body order.
 * Node attributes: label, kind, x, y, degree, pagerank, betweenness, community, date; edge attributes:
 * relation, confidence, since, until. Evidence and descriptions are not in the body: fetch /api/nodes/:id.
 */
export function toGraph(decoded: CompactGraph, target?: Graph): Graph<CompactNodeAttributes, CompactEdgeAttributes> {
  const graph = (target ?? new Graph(decoded.header.options)) as Graph<CompactNodeAttributes, CompactEdgeAttributes>;
  graph.replaceAttributes({ ...decoded.header.attributes });
  const { kinds, relations, confidence } = decoded.header;
  const keys = decodeStrings(decoded.nodeKeyOffsets, decoded.nodeKeyBytes);
  const labels = decodeStrings(decoded.nodeLabelOffsets, decoded.nodeLabelBytes);
  for (let i = 0; i < decoded.nodeCount; i++) {
    const attributes: CompactNodeAttributes = {
      label: labels[i],
      kind: kinds[decoded.nodeKind[i]],
      x: decoded.nodeX[i],
      y: decoded.nodeY[i],
      degree: decoded.nodeDegree[i],
      pagerank: decoded.nodePagerank[i],
      betweenness: decoded.nodeBetweenness[i],
      community: decoded.nodeCommunity[i],
    };
    const date = decodePartialDate(decoded.nodeDate[i]);
    if (date) attributes.date = date;
    graph.addNode(keys[i], attributes);
  }
  const edgeKeys = decodeStrings(decoded.edgeKeyOffsets, decoded.edgeKeyBytes);
  for (let e = 0; e < decoded.edgeCount; e++) {
    const attributes: CompactEdgeAttributes = { relation: relations[decoded.edgeRelation[e]], confidence: confidence[decoded.edgeConfidence[e]] };
    const since = decodePartialDate(decoded.edgeSince[e]);
    const until = decodePartialDate(decoded.edgeUntil[e]);
    if (since) attributes.since = since;
    if (until) attributes.until = until;
    const s = keys[decoded.edgeSource[e]];
    const t = keys[decoded.edgeTarget[e]];
    if (decoded.edgeFlags[e] & edgeFlagUndirected) graph.addUndirectedEdgeWithKey(edgeKeys[e], s, t, attributes);
    else graph.addDirectedEdgeWithKey(edgeKeys[e], s, t, attributes);
  }
  return graph;
}
