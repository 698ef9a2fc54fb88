// On-disk cache of what start-up derives from the data (layout and metrics), keyed by data version, written atomically.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { removeInterruptedWrites, writeFileAtomic } from "./atomic-write.js";

/**
 * Bumped whenever layout or metrics would give different numbers for the same data (algorithm, seed,
 * iteration schedule, rounding), so an old cache entry is never mistaken for a current one.
 */
export const displayAlgorithmVersion = "layout-fa2-v3+metrics-v2";

/** Per-node numbers the display needs, as columns in graph node order. */
export interface DisplayTable {
  /** Node keys in `graph.forEachNode` order; every column is indexed the same way. */
  keys: string[];
  x: Float64Array;
  y: Float64Array;
  degree: Float64Array;
  pagerank: Float64Array;
  betweenness: Float64Array;
  community: Float64Array;
  betweennessComputed: boolean;
}

export const displayColumns = ["x", "y", "degree", "pagerank", "betweenness", "community"] as const;

/** A directory of cache files; a missing, unreadable or corrupt entry is a miss, never an error. */
export class DiskCache {
  constructor(readonly dir: string) {}

  file(name: string): string {
    if (!/^[\w.+-]+$/.test(name)) throw new Error(`cache entry name "${name}" is not a plain file name`);
    return path.join(this.dir, name);
  }

  async read(name: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(name));
    } catch {
      return null;
    }
  }

  async write(name: string, chunks: Uint8Array | Uint8Array[]): Promise<void> {
    await writeFileAtomic(this.file(name), chunks);
  }

  /** Removes temporary files of writes a crash interrupted (run at start-up). */
  removeInterruptedWrites(): Promise<string[]> {
    return removeInterruptedWrites(this.dir);
  }
}

const magic = Buffer.from("AGDT", "latin1");

/** Cache entry name for the display table of one data version. */
export function displayCacheName(dataVersion: string): string {
  const algorithm = createHash("sha256").update(displayAlgorithmVersion).digest("hex").slice(0, 8);
  return `display-${dataVersion.replace(/[^\w-]/g, "_")}-${algorithm}.bin`;
}

/** Hash of the node keys in order, so that an entry is only used for the same nodes in the same order. */
export function keysHash(keys: readonly string[]): string {
  const hash = createHash("sha256");
  for (const key of keys) hash.update(key).update("\0");
  return hash.digest("hex").slice(0, 32);
}

interface DisplayHeader {
  format: 1;
  algorithm: string;
  dataVersion: string;
  order: number;
  keys: string;
  betweennessComputed: boolean;
  columns: string[];
}

/** `AGDT`, u32 header length, JSON header, zero padding to 8 bytes, then one little-endian Float64 column after another. */
export function encodeDisplayTable(table: DisplayTable, dataVersion: string): Uint8Array[] {
  const header: DisplayHeader = {
    format: 1,
    algorithm: displayAlgorithmVersion,
    dataVersion,
    order: table.keys.length,
    keys: keysHash(table.keys),
    betweennessComputed: table.betweennessComputed,
    columns: [...displayColumns],
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(align8(8 + json.length));
  magic.copy(prefix, 0);
  prefix.writeUInt32LE(json.length, 4);
  json.copy(prefix, 8);
  return [prefix, ...displayColumns.map((c) => littleEndianBytes(table[c]))];
}

/** Reads an entry back; null when it is for other data, other nodes or another algorithm, or damaged. */
export function decodeDisplayTable(bytes: Uint8Array, expected: { dataVersion: string; keys: string[] }): DisplayTable | null {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 8 || !buf.subarray(0, 4).equals(magic)) return null;
    const headerLength = buf.readUInt32LE(4);
    if (8 + headerLength > buf.length) return null;
    const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString("utf8")) as DisplayHeader;
    const order = expected.keys.length;
    if (
      header.format !== 1 ||
      header.algorithm !== displayAlgorithmVersion ||
      header.dataVersion !== expected.dataVersion ||
      header.order !== order ||
      header.columns.join(",") !== displayColumns.join(",") ||
      header.keys !== keysHash(expected.keys)
    )
      return null;
    let offset = align8(8 + headerLength);
    if (buf.length !== offset + displayColumns.length * order * 8) return null;
    const columns = {} as Record<(typeof displayColumns)[number], Float64Array>;
    for (const name of displayColumns) {
      const column = new Float64Array(order);
      const view = new DataView(buf.buffer, buf.byteOffset + offset, order * 8);
      for (let i = 0; i < order; i++) column[i] = view.getFloat64(i * 8, true);
      columns[name] = column;
      offset += order * 8;
    }
    return { keys: expected.keys, ...columns, betweennessComputed: Boolean(header.betweennessComputed) };
  } catch {
    return null;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function littleEndianBytes(column: Float64Array): Uint8Array {
  const out = new Uint8Array(column.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < column.length; i++) view.setFloat64(i * 8, column[i], true);
  return out;
}
