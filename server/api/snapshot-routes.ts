// Routes for snapshots: create (the API's only write), list and read back.
import { Router } from "express";
import { z } from "zod";
import { AppError } from "../errors.js";
import { confidenceLevels } from "../graph/model/types.js";
import { maxNeighborhoodDepth } from "../graph/query/neighborhood.js";
import type { Store } from "../store.js";
import { parseQuery } from "./params.js";
import { requireJsonBody } from "./json-body.js";

const maxViewBytes = 16 * 1024;

const point = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const snapshotBody = z.strictObject({
  title: z.string().max(200).optional(),
  note: z.string().max(5000).optional(),
  kinds: z.array(z.string()).max(100).optional(),
  relations: z.array(z.string()).max(200).optional(),
  minConfidence: z.enum(confidenceLevels).optional(),
  asOf: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected a date YYYY, YYYY-MM or YYYY-MM-DD").optional(),
  // What the viewer shows beyond the filters, as GET /api/export takes it: the snapshot freezes exactly that.
  focus: z.string().min(1, "expected a node id").max(200).optional(),
  depth: z.number().int().min(1).max(maxNeighborhoodDepth).optional(),
  hideUndated: z.boolean().optional(),
  hideIsolated: z.boolean().optional(),
  positions: z.record(z.string(), point).optional(),
  view: z
    .unknown()
    .refine((v) => v === undefined || JSON.stringify(v).length <= maxViewBytes, `view must be at most ${maxViewBytes} bytes of JSON`)
    .optional(),
});

export function snapshotRoutes(store: Store, writeLimiter: import("express").RequestHandler): Router {
  const router = Router();

  router.post("/snapshots", writeLimiter, async (req, res) => {
    requireJsonBody(req);
    const parsed = snapshotBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".") || "body";
      throw new AppError("BAD_BODY", `${field}: ${issue.code === "unrecognized_keys" ? "unknown field" : issue.message}`, { param: field });
    }
    const { title, note, positions, view, focus, depth, hideUndated, hideIsolated, ...rest } = parsed.data;
    if (depth !== undefined && focus === undefined) throw new AppError("BAD_BODY", "depth: only meaningful with focus", { param: "depth" });
    const filters = {
      ...(rest.kinds?.length ? { kinds: rest.kinds } : {}),
      ...(rest.relations?.length ? { relations: rest.relations } : {}),
      ...(rest.minConfidence ? { minConfidence: rest.minConfidence } : {}),
      ...(rest.asOf ? { asOf: rest.asOf } : {}),
    };
    const { snapshot, created } = await store.snapshots.create(store.dataset, store.display, {
      title,
      note,
      filters,
      shown: { focus, depth, hideUndated, hideIsolated },
      positions,
      view,
    });
    const url = `/api/snapshots/${snapshot.id}`;
    res.status(created ? 201 : 200).location(url).json({ id: snapshot.id, url, permalink: `/?snapshot=${snapshot.id}` });
  });

  router.get("/snapshots", async (req, res) => {
    parseQuery({}, req.query);
    res.json({ snapshots: await store.snapshots.list() });
  });

  router.get("/snapshots/:id", async (req, res) => {
    parseQuery({}, req.query);
    res.json(await store.snapshots.get(req.params.id));
  });

  return router;
}
