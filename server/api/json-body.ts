// The JSON body parser every write route shares: size limit, content type, and the nesting bound checked on the parsed body.
import express, { type Request, type RequestHandler } from "express";
import { AppError } from "../errors.js";
import { findTooDeepValue, maxJsonDepth } from "../graph/io/json-scan.js";
import { jsonPath } from "../graph/io/json-path.js";

export interface JsonBodyOptions {
  /** Largest accepted body after decompression (body-parser syntax: "512kb"). */
  limit?: string;
  maxDepth?: number;
}

/**
 * express.json, then the nesting bound: a body nested past `maxDepth` is refused as NESTING_TOO_DEEP, naming its
 * top-level field and JSON path, before zod, hashing, JSON.stringify or any other recursive code sees it.
 * (V8's JSON.parse itself does not recurse; the check walks the parsed value without recursion, whatever the
 * body's charset.) Mounted once on the API router, it covers every JSON route.
 */
export function jsonBody(options: JsonBodyOptions = {}): RequestHandler[] {
  const maxDepth = options.maxDepth ?? maxJsonDepth;
  const bound: RequestHandler = (req, _res, next) => {
    const deep = req.body === undefined ? null : findTooDeepValue(req.body, maxDepth);
    if (!deep) return next();
    const field = typeof deep[0] === "string" ? deep[0] : "body";
    next(new AppError("NESTING_TOO_DEEP", `${field}: objects and arrays nested more than ${maxDepth} levels deep at ${jsonPath(deep)}`, { param: field }));
  };
  return [express.json({ limit: options.limit ?? "512kb" }), bound];
}

/** Refuses a body that is not application/json (415), for routes whose body express.json would otherwise skip. */
export function requireJsonBody(req: Request): void {
  if (!req.is("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "body must be application/json");
}
