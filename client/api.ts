// The viewer's HTTP client: the only module that knows the service's URLs and error shape.
import type {
  BalanceResult,
  Confidence,
  ContestedResult,
  DiffResult,
  ExposureResult,
  ExportFormat,
  Health,
  NodeDetails,
  PathResult,
  Schema,
  SearchResult,
  SerializedGraph,
  Snapshot,
  SnapshotCreated,
  SnapshotSummary,
  SourceInfo,
} from "./api-types.js";
import { decodeCompact, type CompactGraph } from "./compact-decode.js";
import type { EditBody, EditCreated, HistoryEntry } from "./edit-types.js";

/** An error answered by the service (`{"error":{"code","message"}}`) or a failed request. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/** The shared view filters every graph-shaped endpoint accepts. */
export interface FilterParams {
  kinds?: readonly string[];
  relations?: readonly string[];
  minConfidence?: Confidence | null;
  asOf?: string | null;
}

/** What the viewer shows beyond the filters, so that an export matches the screen (see GET /api/export). */
export interface ShownParams {
  /** Ego focus: the node and the depth in hops. */
  focus?: string | null;
  depth?: number;
  hideUndated?: boolean;
  hideIsolated?: boolean;
}

export interface PathQuery {
  from: string;
  to: string;
  k: number;
  weighted: boolean;
  direction: "any" | "forward";
  maxLength?: number;
}

export interface SnapshotRequest {
  title?: string;
  note?: string;
  kinds?: string[];
  relations?: string[];
  minConfidence?: Confidence;
  asOf?: string;
  /** What is shown beyond the filters (as in exports): the snapshot freezes exactly the screen. */
  focus?: string;
  depth?: number;
  hideUndated?: boolean;
  hideIsolated?: boolean;
  positions?: Record<string, { x: number; y: number }>;
  view?: unknown;
}

const base = "/api";

function filterParams(filters: FilterParams = {}, params = new URLSearchParams()): URLSearchParams {
  if (filters.kinds?.length) params.set("kinds", filters.kinds.join(","));
  if (filters.relations?.length) params.set("relations", filters.relations.join(","));
  if (filters.minConfidence) params.set("minConfidence", filters.minConfidence);
  if (filters.asOf) params.set("asOf", filters.asOf);
  return params;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${base}${path}?${query}` : `${base}${path}`;
}

async function send(url: string, accept: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { Accept: accept, ...init?.headers } });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError("NETWORK", "The service could not be reached. Is the server running?", 0);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The service's error answer (`{"error":{"code","message"}}`) as an ApiError. */
function errorOf(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `HTTP_${response.status}`;
  const message = typeof error?.message === "string" ? error.message : `The service answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(code, message, response.status);
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await send(url, "application/json", init);
  const body = parseJson(await response.text());
  if (!response.ok) throw errorOf(response, body);
  if (body === null) throw new ApiError("BAD_RESPONSE", "The service answered something that is not JSON", response.status);
  return body as T;
}

/** A binary answer, decoded as the compact graph encoding (typed-array views over the received bytes). */
async function requestCompact(url: string): Promise<CompactGraph> {
  const response = await send(url, "application/octet-stream, application/json;q=0.5");
  if (!response.ok) throw errorOf(response, parseJson(await response.text()));
  const bytes = await response.arrayBuffer();
  try {
    return decodeCompact(bytes);
  } catch (error) {
    throw new ApiError("BAD_RESPONSE", `The service answered a graph that could not be read (${(error as Error).message})`, response.status);
  }
}

export const api = {
  health: () => request<Health>(`${base}/health`),

  schema: () => request<Schema>(`${base}/schema`),

  graph: (filters?: FilterParams) => request<SerializedGraph>(withQuery("/graph", filterParams(filters))),

  /**
   * The same view in the compact binary encoding: positions, metrics, kinds, relations, confidence and dates in
   * columns, without descriptions, aliases, facts or evidence (those come from `node`).
   */
  graphCompact: (filters?: FilterParams) =>
    requestCompact(withQuery("/graph", filterParams(filters, new URLSearchParams({ encoding: "compact" })))),

  searchNodes: (q: string, limit = 10, signal?: AbortSignal) =>
    request<{ results: SearchResult[] }>(withQuery("/nodes", new URLSearchParams({ q, limit: String(limit) })), { signal }),

  node: (id: string) => request<NodeDetails>(`${base}/nodes/${encodeURIComponent(id)}`),

  neighborhood: (id: string, depth: number, filters?: FilterParams) =>
    request<SerializedGraph>(
      withQuery(`/nodes/${encodeURIComponent(id)}/neighborhood`, filterParams(filters, new URLSearchParams({ depth: String(depth) }))),
    ),

  paths: (query: PathQuery, filters?: FilterParams, signal?: AbortSignal) => {
    const params = new URLSearchParams({
      from: query.from,
      to: query.to,
      k: String(query.k),
      weighted: String(query.weighted),
      direction: query.direction,
    });
    if (query.maxLength) params.set("maxLength", String(query.maxLength));
    return request<{ paths: PathResult[] }>(withQuery("/paths", filterParams(filters, params)), { signal });
  },

  /** A download link for the filtered view in one of the service's export formats. */
  exportUrl: (format: ExportFormat, filters?: FilterParams, shown: ShownParams = {}) => {
    const params = filterParams(filters, new URLSearchParams({ format }));
    if (shown.focus) {
      params.set("focus", shown.focus);
      params.set("depth", String(shown.depth ?? 1));
    }
    if (shown.hideUndated) params.set("hideUndated", "true");
    if (shown.hideIsolated) params.set("hideIsolated", "true");
    return withQuery("/export", params);
  },

  /** Title, author, date and venue of every registered source (to resolve evidence source ids). */
  /** Every registered source with its reliability grade and how many relations cite it. */
  sources: () => request<{ sources: SourceInfo[] }>(`${base}/sources`),

  snapshotExportUrl: (id: string, format: ExportFormat) =>
    withQuery(`/snapshots/${encodeURIComponent(id)}/export`, new URLSearchParams({ format })),

  createSnapshot: (body: SnapshotRequest) =>
    request<SnapshotCreated>(`${base}/snapshots`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),

  snapshots: () => request<{ snapshots: SnapshotSummary[] }>(`${base}/snapshots`),

  snapshot: (id: string) => request<Snapshot>(`${base}/snapshots/${encodeURIComponent(id)}`),

  // Analyses (the Analysis panel): the shared filters apply as to the graph.
  exposure: (query: { target: string; maxLength?: number }, filters?: FilterParams, signal?: AbortSignal) => {
    const params = new URLSearchParams({ target: query.target });
    if (query.maxLength) params.set("maxLength", String(query.maxLength));
    return request<ExposureResult>(withQuery("/analysis/exposure", filterParams(filters, params)), { signal });
  },

  balance: (page: { limit?: number; offset?: number }, filters?: FilterParams, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (page.limit !== undefined) params.set("limit", String(page.limit));
    if (page.offset) params.set("offset", String(page.offset));
    return request<BalanceResult>(withQuery("/analysis/balance", filterParams(filters, params)), { signal });
  },

  contested: (filters?: FilterParams, signal?: AbortSignal) =>
    request<ContestedResult>(withQuery("/analysis/contested", filterParams(filters)), { signal }),

  /** The change between two dates; `asOf` does not apply (the two dates replace it). */
  diff: (query: { from: string; to: string; limit?: number }, filters?: FilterParams, signal?: AbortSignal) => {
    const params = new URLSearchParams({ from: query.from, to: query.to });
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    return request<DiffResult>(withQuery("/diff", filterParams({ ...filters, asOf: null }, params)), { signal });
  },


  /** An edit (ops, all or nothing); the token goes in a header only, never in the URL. */
  edit: (body: EditBody, token: string, dataVersion: string) =>
    request<EditCreated>(`${base}/edits`, { method: "POST", headers: writeHeaders(token, dataVersion), body: JSON.stringify(body) }),

  revert: (revision: number, body: { reason: string; author?: string }, token: string, dataVersion: string) =>
    request<EditCreated>(`${base}/edits/${revision}/revert`, { method: "POST", headers: writeHeaders(token, dataVersion), body: JSON.stringify(body) }),

  history: (query: { node?: string; edge?: string; limit?: number }) => {
    const params = new URLSearchParams();
    if (query.node) params.set("node", query.node);
    if (query.edge) params.set("edge", query.edge);
    if (query.limit) params.set("limit", String(query.limit));
    return request<{ revision: number; editable: boolean; entries: HistoryEntry[] }>(withQuery("/history", params));
  },
};

function writeHeaders(token: string, dataVersion: string): Record<string, string> {
  return { "Content-Type": "application/json", Authorization: `Bearer ${token}`, "If-Match": `"${dataVersion}"` };
}
