// Builds the Express app over a store: security headers, API routers, the viewer, JSON 404/405 and the one error handler. Never listens.
import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import compression from "compression";
import { rateLimit } from "express-rate-limit";
import { AppError, errorCatalogue } from "./errors.js";
import { errorBody, toErrorResponse } from "./error-response.js";
import { jsonBody } from "./api/json-body.js";
import type { Store } from "./store.js";
import { graphRoutes } from "./api/graph-routes.js";
import { nodeRoutes } from "./api/node-routes.js";
import { pathRoutes } from "./api/path-routes.js";
import { exportRoutes } from "./api/export-routes.js";
import { snapshotRoutes } from "./api/snapshot-routes.js";
import { analysisRoutes } from "./api/analysis-routes.js";
import { sourceRoutes } from "./api/source-routes.js";
import { editRoutes } from "./api/edit-routes.js";
import { EditService } from "./graph/edits/service.js";
import { reportRoutes } from "./api/report-routes.js";
import { openApiDocument } from "./api/openapi.js";
import { hostGuard } from "./host-guard.js";

export const defaultClientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../client/dist");

export interface AppOptions {
  /** Built viewer to serve at `/`; omitted or missing means API only. */
  clientDir?: string;
  /** Snapshot writes allowed per client per minute. */
  writesPerMinute?: number;
  bodyLimit?: string;
  /** Interface the server listens on (`HOST`); decides the DNS-rebinding guard. Default 127.0.0.1. */
  bindHost?: string;
  /** Host names answered besides the loopback names (`ALLOWED_HOSTS`), port-less; `*` for any. */
  allowedHosts?: string[];
  /** Edits: the service over the data directory (read-only when omitted), the bearer token, edits per client per minute. */
  edits?: EditService;
  token?: string;
  editsPerMinute?: number;
  /** Where unexpected errors are reported; tests pass a spy. */
  logError?: (error: unknown) => void;
}

export function createApp(store: Store, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("etag", false);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:", "blob:"],
          workerSrc: ["'self'", "blob:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", "data:"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Before every route and static file: a rebound name gets nothing but the error.
  app.use(hostGuard({ bindHost: options.bindHost ?? "127.0.0.1", allowedHosts: options.allowedHosts ?? [] }));
  app.use(compression());

  const api = express.Router();
  api.use(jsonBody({ limit: options.bodyLimit ?? "512kb" }));
  const writeLimiter = rateLimit({
    windowMs: 60_000,
    limit: options.writesPerMinute ?? 30,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED", "too many snapshots created; try again in a minute")),
  });
  api.use(graphRoutes(store));
  api.use(nodeRoutes(store));
  api.use(pathRoutes(store));
  api.use(exportRoutes(store));
  api.use(snapshotRoutes(store, writeLimiter));
  api.use(analysisRoutes(store));
  api.use(sourceRoutes(store));
  const edits = options.edits ?? EditService.readOnly("the store was built in memory");
  edits.attach(store);
  const editLimiter = rateLimit({
    windowMs: 60_000,
    limit: options.editsPerMinute ?? 60,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED", "too many edits; try again in a minute")),
  });
  api.use(editRoutes(store, { edits, token: options.token, limiter: editLimiter }));
  api.use(reportRoutes(store));
  api.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  const knownPaths = Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths).map(
    (p) => new RegExp(`^${p.replace(/^\/api/, "").replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}$`),
  );
  api.all("/{*rest}", (req, _res, next) => {
    const known = knownPaths.some((pattern) => pattern.test(req.path));
    next(
      known
        ? new AppError("METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${req.path}: the only writes are POST /api/snapshots, POST /api/edits and POST /api/edits/:revision/revert`)
        : new AppError("ROUTE_NOT_FOUND", `no endpoint at ${req.method} /api${req.path}`),
    );
  });
  app.use("/api", api);

  const clientDir = options.clientDir ?? defaultClientDir;
  if (existsSync(path.join(clientDir, "index.html"))) {
    app.use(express.static(clientDir, { index: "index.html", maxAge: "1h", setHeaders: noCacheHtml }));
    app.get("/{*rest}", (req, res, next) => {
      if (req.method !== "GET" || path.extname(req.path)) return next();
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(clientDir, "index.html"));
    });
  }
  app.use((req: Request, _res: Response, next: NextFunction) => next(new AppError("ROUTE_NOT_FOUND", `nothing at ${req.method} ${req.path}`)));
  app.use(errorHandler(options.logError ?? ((e) => console.error(e))));
  return app;
}

function noCacheHtml(res: Response, file: string): void {
  if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
}

/** The one error handler: every failure becomes `{error:{code,message}}`, never HTML, never a stack. */
export function errorHandler(logError: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const { status, error: appError } = toErrorResponse(error, logError);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.removeHeader("Content-Encoding");
    res.removeHeader("Content-Disposition");
    res.status(status).json(errorBody(appError));
  };
}

export { errorCatalogue };
