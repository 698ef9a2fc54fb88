// Types of the edit API as the viewer uses them (ops, history entries, sources with grades).
export type EditOp =
  | { op: "add-node"; key: string; attributes: Record<string, unknown> }
  | { op: "update-node"; key: string; attributes: Record<string, unknown> }
  | { op: "add-edge"; source: string; target: string; attributes: Record<string, unknown> }
  | { op: "update-edge"; key: string; attributes: Record<string, unknown> };

export interface EditBody {
  reason: string;
  author?: string;
  ops: EditOp[];
}

export interface EditCreated {
  revision: number;
  dataVersion: string;
}

export interface HistoryChange {
  op: number;
  type: "node" | "edge" | "source";
  key: string;
  file: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface HistoryEntry {
  revision: number;
  time: string;
  author: string;
  reason: string;
  dataVersion: string;
  revertOf?: number;
  changes: HistoryChange[];
}

export interface SourceSummary {
  id: string;
  title: string;
  author: string;
  date?: string;
  reliability: string;
  via?: string;
  edges: number;
}
