// The API described in OpenAPI 3.1, generated from the error catalogue and the parameter bounds.
import { errorCatalogue } from "../errors.js";
import { exportFormats, gexfVersions } from "../graph/io/export/types.js";
import { pathBounds } from "../graph/query/paths.js";
import { balanceBounds } from "../graph/analysis/balance.js";
import { exposureBounds } from "../graph/analysis/exposure.js";
import { diffBounds } from "../graph/analysis/diff.js";
import { maxNeighborhoodDepth } from "../graph/query/neighborhood.js";
import { maxSearchLimit } from "../graph/query/search.js";
import { graphEncodings } from "./graph-routes.js";
import { editPaths } from "./edit-openapi.js";

const str = { type: "string" };
const filterParams = [
  { name: "kinds", in: "query", description: "Comma-separated node kinds to keep", schema: str },
  { name: "relations", in: "query", description: "Comma-separated relations to keep", schema: str },
  { name: "minConfidence", in: "query", description: "Weakest confidence kept", schema: { enum: ["reported", "assessed", "speculative"] } },
  { name: "asOf", in: "query", description: "Only relations valid on this date (YYYY[-MM[-DD]]); dated nodes appear from their date", schema: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" } },
];
const idParam = { name: "id", in: "path", required: true, schema: str };
const formatParam = {
  name: "format",
  in: "query",
  required: true,
  description:
    "json (graphology), gexf (Gephi, networkx), graphml (yEd, networkx, Cytoscape), csv (zip of tables), cypher (cypher-shell, UNWIND batches), neo4j-admin (zip of CSVs for neo4j-admin database import), stix (one STIX 2.1 bundle: OpenCTI, MISP), svg",
  schema: { enum: exportFormats },
};
const gexfVersionParam = {
  name: "gexfVersion",
  in: "query",
  description: "format=gexf only: 1.2draft (default; networkx and Gephi) or 1.3 (Gephi; parallel edges kept apart by kind)",
  schema: { enum: gexfVersions, default: "1.2draft" },
};
const json = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errorRef = { $ref: "#/components/schemas/Error" };
const errors = (...codes: (keyof typeof errorCatalogue)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((c) => errorCatalogue[c].status))].map((status) => [
      String(status),
      json(errorRef, codes.filter((c) => errorCatalogue[c].status === status).join(" | ")),
    ]),
  );
const graphSchema = { $ref: "#/components/schemas/SerializedGraph" };

export function openApiDocument(): object {
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "actor-graph API",
      version: "1.0.0",
      description:
        "Evidence-backed graph of militant groups, states and investments. Read-only except snapshot creation. Every path answers 421 HOST_NOT_ALLOWED when the Host header is not a loopback name or in ALLOWED_HOSTS (DNS-rebinding guard).",
    },
    paths: {
      "/api/health": { get: { summary: "Liveness and data version", responses: { 200: json({ type: "object" }) } } },
      "/api/schema": { get: { summary: "Node kinds and relations with labels and colours", responses: { 200: json({ type: "object" }) } } },
      "/api/graph": {
        get: {
          summary: "The filtered graph in graphology serialization, with layout and metrics (ETag, gzip, 304)",
          parameters: [
            {
              name: "encoding",
              in: "query",
              description:
                "json (default): graphology serialization with every attribute. compact: application/octet-stream, a JSON header then aligned typed arrays (keys, labels, kinds, x/y, metrics, edge endpoints, relation, confidence, dates); evidence and descriptions come from /api/nodes/{id}",
              schema: { enum: [...graphEncodings], default: "json" },
            },
            ...filterParams,
          ],
          responses: {
            200: { description: "OK", content: { "application/json": { schema: graphSchema }, "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
            304: { description: "Not modified" },
            ...errors("BAD_PARAM"),
          },
        },
      },
      "/api/nodes": {
        get: {
          summary: "Search labels and aliases (case- and diacritic-insensitive, best first)",
          parameters: [
            { name: "q", in: "query", required: true, schema: str },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: maxSearchLimit } },
          ],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM") },
        },
      },
      "/api/nodes/{id}": {
        get: { summary: "A node with every incident relation and its evidence", parameters: [idParam], responses: { 200: json({ type: "object" }), ...errors("NODE_NOT_FOUND") } },
      },
      "/api/nodes/{id}/neighborhood": {
        get: {
          summary: "Ego subgraph within depth hops",
          parameters: [idParam, { name: "depth", in: "query", schema: { type: "integer", minimum: 1, maximum: maxNeighborhoodDepth } }, ...filterParams],
          responses: { 200: json(graphSchema), ...errors("BAD_PARAM", "NODE_NOT_FOUND") },
        },
      },
      "/api/paths": {
        get: {
          summary: "k best loopless paths (Yen), by hops or evidence cost (reported 1, assessed 2, speculative 4)",
          parameters: [
            { name: "from", in: "query", required: true, schema: str },
            { name: "to", in: "query", required: true, schema: str },
            { name: "k", in: "query", schema: { type: "integer", minimum: 1, maximum: pathBounds.maxK, default: 3 } },
            { name: "weighted", in: "query", schema: { type: "boolean", default: false } },
            { name: "direction", in: "query", schema: { enum: ["any", "forward"], default: "any" } },
            { name: "maxLength", in: "query", schema: { type: "integer", minimum: 1, maximum: pathBounds.maxLength, default: pathBounds.defaultLength } },
            ...filterParams,
          ],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM", "NODE_NOT_FOUND") },
        },
      },
      "/api/analysis/balance": {
        get: {
          summary: "Structural balance of the signed projection over actors: triads, ambivalent pairs, predictions",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 0, maximum: balanceBounds.maxLimit, default: balanceBounds.defaultLimit } },
            { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
            { name: "predictions", in: "query", description: "false: skip the enemy-of-my-enemy predictions (total.predictions is then null)", schema: { type: "boolean", default: true } },
            ...filterParams,
          ],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM") },
        },
      },
      "/api/analysis/exposure": {
        get: {
          summary: "A target's assets and the actors whose cheapest evidence-weighted path ends in a negative relation on them",
          parameters: [
            { name: "target", in: "query", required: true, schema: str },
            { name: "maxLength", in: "query", schema: { type: "integer", minimum: 1, maximum: exposureBounds.maxLength, default: exposureBounds.defaultLength } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: exposureBounds.maxLimit, default: exposureBounds.defaultLimit } },
            { name: "threats", in: "query", schema: { type: "integer", minimum: 0, maximum: exposureBounds.maxThreats, default: exposureBounds.defaultThreats } },
            ...filterParams,
          ],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM", "NODE_NOT_FOUND") },
        },
      },
      "/api/analysis/contested": {
        get: {
          summary: "Pairs related with opposite signs at a common date; relations whose evidence disagrees on confidence or dates",
          parameters: [...filterParams],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM") },
        },
      },
      "/api/diff": {
        get: {
          summary: "What the as-of view at `to` adds to and removes from the one at `from`",
          parameters: [
            { name: "from", in: "query", required: true, schema: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" } },
            { name: "to", in: "query", required: true, schema: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 0, maximum: diffBounds.maxLimit, default: diffBounds.defaultLimit } },
            ...filterParams.filter((p) => p.name !== "asOf"),
          ],
          responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM") },
        },
      },
      "/api/report": {
        get: {
          summary:
            "An analyst's brief on one actor: exposure, unbalanced triads, predictions, hostile actors and paths, change between from and to, contested claims, ego network; every statement footnoted to source and paragraph",
          parameters: [
            { name: "focus", in: "query", required: true, description: "Node id of the actor", schema: str },
            { name: "format", in: "query", schema: { enum: ["md", "html"], default: "md" } },
            { name: "from", in: "query", description: "Start of the change section (with to)", schema: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" } },
            { name: "to", in: "query", description: "End of the change section (with from)", schema: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" } },
            ...filterParams,
          ],
          responses: {
            200: {
              description: "CommonMark (GFM tables) or a standalone HTML document with its own Content-Security-Policy",
              content: { "text/markdown": { schema: str }, "text/html": { schema: str } },
            },
            ...errors("BAD_PARAM", "NODE_NOT_FOUND"),
          },
        },
      },
      "/api/export": {
        get: {
          summary: "The filtered view as a file",
          parameters: [
            formatParam,
            gexfVersionParam,
            ...filterParams,
            { name: "focus", in: "query", description: "Keep only the ego network of this node (what the viewer's focus shows)", schema: str },
            { name: "depth", in: "query", description: "Hops of the focus", schema: { type: "integer", minimum: 1, maximum: maxNeighborhoodDepth, default: 1 } },
            { name: "hideUndated", in: "query", description: "Drop relations without since/until", schema: { type: "boolean" } },
            { name: "hideIsolated", in: "query", description: "Drop nodes left without a relation", schema: { type: "boolean" } },
          ],
          responses: { 200: { description: "File download" }, ...errors("BAD_PARAM") },
        },
      },
      "/api/snapshots": {
        get: { summary: "List snapshots", responses: { 200: json({ type: "object" }) } },
        post: {
          summary: "Freeze the shown view (filters, then focus and hidden items) as a content-addressed snapshot",
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/SnapshotRequest" } } } },
          responses: {
            201: json({ type: "object", properties: { id: str, url: str, permalink: str } }, "Created"),
            200: json({ type: "object" }, "The same view was already saved"),
            ...errors("BAD_BODY", "BAD_PARAM", "NESTING_TOO_DEEP", "BAD_CONTENT_ENCODING", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "STORE_UNWRITABLE", "STORE_UNREADABLE", "STORE_FULL"),
          },
        },
      },
      "/api/snapshots/{id}": { get: { summary: "A snapshot", parameters: [idParam], responses: { 200: json({ type: "object" }), ...errors("SNAPSHOT_NOT_FOUND", "SNAPSHOT_CORRUPT", "STORE_UNREADABLE") } } },
      "/api/snapshots/{id}/export": {
        get: {
          summary: "A snapshot as a file",
          parameters: [idParam, formatParam, gexfVersionParam],
          responses: { 200: { description: "File download" }, ...errors("BAD_PARAM", "SNAPSHOT_NOT_FOUND", "SNAPSHOT_CORRUPT", "STORE_UNREADABLE") },
        },
      },
      "/api/sources": { get: { summary: "Sources with reliability grade (A–F) and how many relations cite each", responses: { 200: json({ type: "object" }) } } },
      ...editPaths(),
      "/api/openapi.json": { get: { summary: "This document", responses: { 200: json({ type: "object" }) } } },
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { enum: Object.keys(errorCatalogue) }, message: str, param: str },
            },
          },
        },
        SerializedGraph: {
          type: "object",
          properties: { attributes: { type: "object" }, options: { type: "object" }, nodes: { type: "array" }, edges: { type: "array" } },
        },
        SnapshotRequest: {
          type: "object",
          additionalProperties: false,
          properties: {
            title: str,
            note: str,
            kinds: { type: "array", items: str },
            relations: { type: "array", items: str },
            minConfidence: { enum: ["reported", "assessed", "speculative"] },
            asOf: str,
            focus: { type: "string", description: "Ego focus: keep the nodes within `depth` hops of this node" },
            depth: { type: "integer", minimum: 1 },
            hideUndated: { type: "boolean", description: "Drop relations with neither since nor until" },
            hideIsolated: { type: "boolean", description: "Drop nodes left without a relation" },
            positions: { type: "object" },
            view: { description: "Opaque viewer state, at most 16 KB" },
          },
        },
      },
    },
  };
  // The DNS-rebinding guard answers before any route, so every operation can answer 421.
  for (const operations of Object.values(doc.paths) as Record<string, { responses: Record<string, unknown> }>[])
    for (const operation of Object.values(operations)) Object.assign(operation.responses, errors("HOST_NOT_ALLOWED"));
  return doc;
}
