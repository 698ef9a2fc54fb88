// The edit endpoints in OpenAPI 3.1, kept apart from openapi.ts so the edit API documents itself in one place.
import { errorCatalogue } from "../errors.js";

type Code = keyof typeof errorCatalogue;
const json = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errors = (...codes: Code[]) =>
  Object.fromEntries(
    [...new Set(codes.map((c) => errorCatalogue[c].status))].map((status) => [
      String(status),
      json({ $ref: "#/components/schemas/Error" }, codes.filter((c) => errorCatalogue[c].status === status).join(" | ")),
    ]),
  );
const ifMatch = { name: "If-Match", in: "header", required: true, description: 'The current data version, quoted: "<dataVersion>" from GET /api/health', schema: { type: "string" } };
const created = { 201: json({ type: "object", properties: { revision: { type: "integer" }, dataVersion: { type: "string" } } }, "Applied") };
const writeErrors = errors("EDIT_INVALID", "BAD_BODY", "UNAUTHORIZED", "READ_ONLY_DATA", "DATA_CHANGED_ON_DISK", "PRECONDITION_FAILED", "PRECONDITION_REQUIRED", "RATE_LIMITED");
const op = {
  type: "object",
  required: ["op"],
  properties: {
    op: { enum: ["add-node", "update-node", "remove-node", "add-edge", "update-edge", "remove-edge", "add-source"] },
    key: { type: "string" },
    id: { type: "string", description: "add-source only" },
    source: { type: "string" },
    target: { type: "string" },
    undirected: { type: "boolean" },
    cascade: { type: "boolean", description: "remove-node: also remove its relations" },
    attributes: { type: "object", description: "update-*: merged; null removes an attribute" },
  },
};

export function editPaths(): Record<string, object> {
  return {
    "/api/edits": {
      post: {
        summary: "Apply ops all-or-nothing (needs Authorization: Bearer <token> and If-Match), or import a claims CSV (text/csv, ?reason=&author=)",
        security: [{ bearer: [] }],
        parameters: [ifMatch, { name: "reason", in: "query", schema: { type: "string" } }, { name: "author", in: "query", schema: { type: "string" } }],
        requestBody: {
          content: {
            "application/json": { schema: { type: "object", required: ["reason", "ops"], properties: { reason: { type: "string" }, author: { type: "string" }, ops: { type: "array", items: op } } } },
            "text/csv": { schema: { type: "string", description: "subject,relation,object,source,locator,claim,confidence,credibility,since,until" } },
          },
        },
        responses: { ...created, ...writeErrors },
      },
    },
    "/api/edits/{revision}/revert": {
      post: {
        summary: "Apply the inverse of an edit as a new audited edit (412 when a later edit touched the same items)",
        security: [{ bearer: [] }],
        parameters: [{ name: "revision", in: "path", required: true, schema: { type: "integer" } }, ifMatch],
        requestBody: { content: { "application/json": { schema: { type: "object", properties: { reason: { type: "string" }, author: { type: "string" } } } } } },
        responses: { ...created, ...writeErrors, ...errors("REVISION_NOT_FOUND") },
      },
    },
    "/api/history": {
      get: {
        summary: "The audit log, newest first: revision, time, author, reason, ops and each change's before and after",
        parameters: [
          { name: "node", in: "query", schema: { type: "string" } },
          { name: "edge", in: "query", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500 } },
        ],
        responses: { 200: json({ type: "object" }), ...errors("BAD_PARAM") },
      },
    },
  };
}
