// The JSON body parser every write route shares: size limit, content type, and the nesting bound checked on the raw bytes.
import express, { type Request, type RequestHandler } from "express";
import { AppError } from "../errors.js";
import { findTooDeep, maxJsonDepth } from "../graph/io/json-scan.js";

export interface JsonBodyOptions {
  /** Largest accepted body after decompression (body-parser syntax: "512kb"). */
  limit?: string;
  maxDepth?: number;
}

/**
 * express.json with the nesting bound: the raw body is scanned (iteratively) before JSON.parse, so a body nested
 * thousands deep is refused as NESTING_TOO_DEEP, naming its top-level field and JSON path, before zod, hashing,
 * JSON.stringify or any other recursive code sees it. Mounted once on the API router, it covers every JSON route.
 */
export function jsonBody(options: JsonBodyOptions = {}): RequestHandler {
  const maxDepth = options.maxDepth ?? maxJsonDepth;
  return express.json({
    limit: options.limit ?? "512kb",
    verify: (_req, _res, buffer) => {
      // Bracket, quote and backslash bytes never occur inside a multi-byte UTF-8 sequence, so latin1 is exact here.
      const deep = findTooDeep(buffer.toString("latin1"), maxDepth);
      if (!deep) return;
      const field = typeof deep.segments[0] === "string" ? deep.segments[0] : "body";
      // body-parser keeps an error's own 4xx status; AppError's is 400.
      throw new AppError("NESTING_TOO_DEEP", `${field}: objects and arrays nested more than ${maxDepth} levels deep at ${deep.path}`, {
        param: field,
      });
    },
  });
}

/** Refuses a body that is not application/json (415), for routes whose body express.json would otherwise skip. */
export function requireJsonBody(req: Request): void {
  if (!req.is("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "body must be application/json");
}
