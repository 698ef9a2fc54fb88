// Types of the edit API as the viewer uses them (ops, request bodies, history entries).
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

/** An entry of GET /api/history: the service's own audit-log entry. */
export type { AuditEntry as HistoryEntry } from "../server/graph/edits/audit-log.js";
