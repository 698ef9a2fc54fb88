// Turns any error the HTTP stack can raise into the catalogue's JSON shape, keeping the 4xx status the library gave it.
import { AppError, isAppError } from "./errors.js";
import { findJsonSyntaxError } from "./graph/io/json-scan.js";

export interface ErrorResponse {
  status: number;
  error: AppError;
}

interface LibraryError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  code?: unknown;
  expose?: unknown;
}

/** A 4xx status put on an error by body-parser, the router or another http-errors user, if any. */
function clientStatus(error: LibraryError): number | undefined {
  const status = typeof error.status === "number" ? error.status : typeof error.statusCode === "number" ? error.statusCode : undefined;
  return status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Maps an error to a stable code and a status. AppErrors pass through. Errors of body-parser (by `type`), zlib
 * (a body that is not what its Content-Encoding says) and the router (a path that does not percent-decode) get
 * their own codes; any other error marked 4xx keeps its status under BAD_REQUEST with a generic message (library
 * messages may echo input). Everything else is INTERNAL, reported through `logError` and never described.
 */
export function toErrorResponse(error: unknown, logError: (error: unknown) => void): ErrorResponse {
  if (isAppError(error)) return { status: error.status, error };
  const e = (error ?? {}) as LibraryError;
  const status = clientStatus(e);
  if (status === undefined) {
    logError(error);
    return response(new AppError("INTERNAL", "internal error"));
  }
  switch (e.type) {
    case "entity.too.large":
      return response(new AppError("PAYLOAD_TOO_LARGE", "request body is too large"));
    case "entity.parse.failed": {
      const body = (error as { body?: unknown }).body;
      const found = typeof body === "string" ? findJsonSyntaxError(body) : null;
      const where = found ? `: ${found.problem} at line ${found.line}, column ${found.column}` : "";
      return response(new AppError("BAD_BODY", `request body is not valid JSON${where}`));
    }
    case "encoding.unsupported":
      return response(new AppError("UNSUPPORTED_MEDIA_TYPE", "request body Content-Encoding is not supported (use identity, gzip, deflate or br)"));
    case "charset.unsupported":
      return response(new AppError("UNSUPPORTED_MEDIA_TYPE", "request body charset is not supported (use utf-8)"));
    case "request.aborted":
      return response(new AppError("BAD_REQUEST", "the request body was cut off before its end"));
    case "request.size.invalid":
      return response(new AppError("BAD_REQUEST", "the request body length does not match its Content-Length"));
  }
  if (typeof e.code === "string" && e.code.startsWith("Z_"))
    return response(new AppError("BAD_CONTENT_ENCODING", "request body does not decode as its Content-Encoding (gzip, deflate or br) says"));
  if (error instanceof URIError) return response(new AppError("MALFORMED_URI", "the request path has a malformed percent-encoding (such as %ZZ or an overlong UTF-8 sequence)"));
  if (status === 413) return response(new AppError("PAYLOAD_TOO_LARGE", "request body is too large"));
  if (status === 415) return response(new AppError("UNSUPPORTED_MEDIA_TYPE", "request body type is not supported"));
  return { status, error: new AppError("BAD_REQUEST", "the request was refused by the HTTP layer") };
}

function response(error: AppError): ErrorResponse {
  return { status: error.status, error };
}

/** The one JSON error body: `{error:{code,message,param?}}`; DATA_INVALID keeps its problem list to the log. */
export function errorBody(error: AppError): { error: { code: string; message: string; param?: string } } {
  const param = error.code === "DATA_INVALID" ? undefined : (error.details as { param?: unknown } | undefined)?.param;
  return { error: { code: error.code, message: error.message, ...(typeof param === "string" ? { param } : {}) } };
}
