// Routes for edits: POST /api/edits (JSON ops or a claims CSV), revert, and GET /api/history. Writes need the bearer token and If-Match.
import express, { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { AppError, isAppError } from "../errors.js";
import { bearerMatches } from "../auth.js";
import { claimsToOps } from "../graph/edits/claims.js";
import { editInvalid, editLimits, hostileProblems, parseEditRequest, type EditProblem } from "../graph/edits/ops.js";
import type { EditResult, EditService } from "../graph/edits/service.js";
import type { Store } from "../store.js";
import { intParam, once, parseQuery } from "./params.js";

export interface EditRouteOptions {
  edits: EditService;
  /** The bearer token; undefined refuses every write with 401. */
  token?: string;
  limiter: RequestHandler;
  /** Largest claims CSV accepted. */
  csvLimit?: string;
}

/** The data version from `If-Match: "<version>"` (weak or bare forms accepted); 428 when missing. */
function ifMatchOf(req: Request): string {
  const header = req.headers["if-match"];
  if (!header || !header.trim())
    throw new AppError("PRECONDITION_REQUIRED", 'edits need If-Match: "<dataVersion>" (from GET /api/health), so that two editors never overwrite each other', {
      param: "If-Match",
    });
  return header.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

function requireToken(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    // The message never echoes what was sent: a mistyped token must not end up in a client's logs either.
    if (!token || !bearerMatches(req.headers.authorization, token))
      return next(new AppError("UNAUTHORIZED", "writes need Authorization: Bearer <token> with the server's edit token"));
    next();
  };
}

function requireEditable(edits: EditService): RequestHandler {
  return (_req, _res, next) => {
    if (!edits.check.editable)
      return next(new AppError("READ_ONLY_DATA", "the data was loaded from a single graph file and is read-only; start the server on a graph-data directory to edit"));
    next();
  };
}

/** Answers an accepted edit; a 412 carries the current version in ETag so the client can reload and retry. */
async function answer(res: Response, store: Store, work: () => Promise<EditResult>): Promise<void> {
  try {
    const result = await work();
    res.status(201).setHeader("ETag", `"${result.dataVersion}"`);
    res.location(`/api/history?limit=1`).json({ revision: result.revision, dataVersion: result.dataVersion });
  } catch (error) {
    if (isAppError(error) && error.code === "PRECONDITION_FAILED") res.setHeader("ETag", `"${store.dataset.dataVersion}"`);
    throw error;
  }
}

const meta = z.strictObject({
  reason: z.string().trim().min(1).max(editLimits.maxReason).optional(),
  author: z.string().trim().min(1).max(editLimits.maxAuthor).optional(),
});

function parseMeta(value: unknown, where: "query" | "body"): z.infer<typeof meta> {
  const problems: EditProblem[] = [];
  hostileProblems(value, [], problems);
  if (problems.length) throw editInvalid(problems);
  const parsed = meta.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : String(issue.path[0] ?? where);
    throw new AppError(where === "query" ? "BAD_PARAM" : "BAD_BODY", `${field}: ${issue.code === "unrecognized_keys" ? "unknown field" : issue.message}`, { param: field });
  }
  return parsed.data;
}

export function editRoutes(store: Store, options: EditRouteOptions): Router {
  const router = Router();
  const { edits } = options;
  const guard = [options.limiter, requireToken(options.token), requireEditable(edits)];
  const csv = express.text({ type: "text/csv", limit: options.csvLimit ?? "2mb" });

  router.post("/edits", ...guard, csv, async (req: Request, res: Response) => {
    const ifMatch = ifMatchOf(req);
    if (req.is("text/csv")) {
      const { reason, author } = parseMeta(req.query, "query");
      if (!reason) throw editInvalid([{ path: "reason", message: "reason is required: pass ?reason=… with a claims CSV" }]);
      if (typeof req.body !== "string") throw new AppError("BAD_BODY", "the claims CSV body is missing");
      const { ops, relocate } = claimsToOps(req.body, store.dataset);
      return answer(res, store, () =>
        edits.apply({ reason, ...(author ? { author } : {}), ops }, ifMatch).catch((error: unknown) => {
          throw relocate(error);
        }),
      );
    }
    if (!req.is("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "edit bodies must be application/json ({reason, author?, ops}) or text/csv (claims)");
    parseQuery({}, req.query);
    const request = parseEditRequest(req.body);
    return answer(res, store, () => edits.apply(request, ifMatch));
  });

  router.post("/edits/:revision/revert", ...guard, async (req: Request, res: Response) => {
    const ifMatch = ifMatchOf(req);
    if (!/^[1-9]\d{0,9}$/.test(req.params.revision as string)) throw new AppError("BAD_PARAM", "revision: expected a revision number", { param: "revision" });
    const body = req.body && Object.keys(req.body as object).length ? req.body : {};
    const { reason, author } = parseMeta(body, "body");
    return answer(res, store, () => edits.revert(Number(req.params.revision), { reason, author }, ifMatch));
  });

  router.get("/history", (req: Request, res: Response) => {
    const q = parseQuery({ node: once(z.string().min(1)).optional(), edge: once(z.string().min(1)).optional(), limit: intParam(1, 500).optional() }, req.query);
    if (q.node && q.edge) throw new AppError("BAD_PARAM", "node, edge: pass one of them, not both", { param: "edge" });
    res.json({ revision: edits.revision, editable: edits.check.editable, entries: edits.history(q) });
  });

  return router;
}
