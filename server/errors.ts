// The one error catalogue: stable codes, their HTTP status, and the AppError every layer throws.

export const errorCatalogue = {
  BAD_PARAM: { status: 400, title: "A parameter is missing, repeated or invalid" },
  BAD_BODY: { status: 400, title: "The request body is not valid JSON of the expected shape" },
  INVALID_ARGUMENT: { status: 400, title: "A domain function was called with an invalid argument" },
  NODE_NOT_FOUND: { status: 404, title: "No node has that id" },
  SNAPSHOT_NOT_FOUND: { status: 404, title: "No snapshot has that id" },
  ROUTE_NOT_FOUND: { status: 404, title: "No such endpoint" },
  METHOD_NOT_ALLOWED: { status: 405, title: "The API is read-only except snapshot creation" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "The request body must be application/json" },
  QUERY_TOO_EXPENSIVE: { status: 422, title: "The query hit a hard bound (time or size)" },
  RATE_LIMITED: { status: 429, title: "Too many writes; slow down" },
  // Edits (issue 9): see server/api/edit-routes.ts and server/graph/edits/.
  EDIT_INVALID: { status: 400, title: "An edit op is invalid; `param` names it as ops[i].path" },
  UNAUTHORIZED: { status: 401, title: "Writes need Authorization: Bearer <token>" },
  REVISION_NOT_FOUND: { status: 404, title: "No logged edit has that revision" },
  READ_ONLY_DATA: { status: 409, title: "The data was loaded from a single file and cannot be edited" },
  DATA_CHANGED_ON_DISK: { status: 409, title: "The data files changed on disk since the server loaded them" },
  PRECONDITION_FAILED: { status: 412, title: "If-Match is not the current data version, or later edits touched what a revert would undo" },
  PRECONDITION_REQUIRED: { status: 428, title: "Edits need If-Match: \"<dataVersion>\"" },
  DATA_INVALID: { status: 500, title: "The graph data failed validation" },
  INTERNAL: { status: 500, title: "Internal error" },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
