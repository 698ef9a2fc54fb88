// The one error catalogue: stable codes, their HTTP status, and the AppError every layer throws.

export const errorCatalogue = {
  BAD_PARAM: { status: 400, title: "A parameter is missing, repeated or invalid" },
  BAD_BODY: { status: 400, title: "The request body is not valid JSON of the expected shape" },
  NESTING_TOO_DEEP: { status: 400, title: "A JSON body nests objects and arrays more than 64 levels deep" },
  BAD_CONTENT_ENCODING: { status: 400, title: "The request body does not decode as its Content-Encoding says" },
  MALFORMED_URI: { status: 400, title: "The request path has a malformed percent-encoding" },
  BAD_REQUEST: { status: 400, title: "The HTTP request is malformed (or another 4xx the HTTP layer gave)" },
  INVALID_ARGUMENT: { status: 400, title: "A domain function was called with an invalid argument" },
  NODE_NOT_FOUND: { status: 404, title: "No node has that id" },
  SNAPSHOT_NOT_FOUND: { status: 404, title: "No snapshot has that id" },
  ROUTE_NOT_FOUND: { status: 404, title: "No such endpoint" },
  METHOD_NOT_ALLOWED: { status: 405, title: "The endpoint does not take that method (writes: snapshots and edits only)" },
  REQUEST_TIMEOUT: { status: 408, title: "The request was not received in time" },
  HOST_NOT_ALLOWED: { status: 421, title: "The Host header names a host this server does not answer (DNS-rebinding guard)" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "The request body must be application/json" },
  EXPECTATION_FAILED: { status: 417, title: "The Expect header asks for something the server does not do" },
  QUERY_TOO_EXPENSIVE: { status: 422, title: "The query hit a hard bound (time or size)" },
  RATE_LIMITED: { status: 429, title: "Too many writes; slow down" },
  HEADERS_TOO_LARGE: { status: 431, title: "The request headers are too large" },
  // Edits (issue 9): see server/api/edit-routes.ts and server/graph/edits/.
  EDIT_INVALID: { status: 400, title: "An edit op is invalid; `param` names it as ops[i].path" },
  UNAUTHORIZED: { status: 401, title: "Writes need Authorization: Bearer <token>" },
  REVISION_NOT_FOUND: { status: 404, title: "No logged edit has that revision" },
  READ_ONLY_DATA: { status: 409, title: "The data was loaded from a single file and cannot be edited" },
  DATA_CHANGED_ON_DISK: { status: 409, title: "The data files changed on disk since the server loaded them" },
  PRECONDITION_FAILED: { status: 412, title: "If-Match is not the current data version, or later edits touched what a revert would undo" },
  PRECONDITION_REQUIRED: { status: 428, title: "Edits need If-Match: \"<dataVersion>\"" },
  DATA_INVALID: { status: 500, title: "The graph data failed validation" },
  SNAPSHOT_CORRUPT: { status: 500, title: "A saved snapshot is damaged on disk (truncated or not a snapshot)" },
  INTERNAL: { status: 500, title: "Internal error" },
  STORE_UNWRITABLE: { status: 503, title: "A store (snapshots) cannot be written: permissions, read-only disk or I/O error" },
  STORE_UNREADABLE: { status: 503, title: "A store (snapshots) cannot be read" },
  STORE_FULL: { status: 507, title: "A store (snapshots) is out of disk space or quota" },
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
