// Server entry: read config, load and check the graph, build the app, listen, and shut down cleanly on SIGTERM.
import { exitAfterFlush } from "./exit-after-flush.js";
import { createApp } from "./app.js";
import { createHttpServer } from "./http-server.js";
import { ConfigError, parseConfig } from "./config.js";
import { isAppError } from "./errors.js";
import { isLoopbackAddress } from "./host-guard.js";
import { openStore } from "./store.js";
import { resolveToken } from "./auth.js";
import { EditService } from "./graph/edits/service.js";

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2), process.env);
  const started = Date.now();
  // Before the data is loaded: an edit a crash interrupted is finished first, so the loaded data includes it.
  const edits = await EditService.open(config.dataPath);
  console.log(edits.check.message);
  const store = await openStore({
    dataDir: config.dataPath,
    snapshotDir: config.snapshotDir,
    cacheDir: config.cacheDir,
    log: (line) => console.log(line),
  });
  let token: string | undefined;
  if (edits.check.editable) {
    const source = await resolveToken(process.env, config.tokenFile);
    token = source.token;
    // The token is printed once, when it is generated; afterwards only where it is kept.
    if (source.origin === "generated") console.log(`edit token (saved to ${source.file}, readable by you only; shown this once): ${source.token}`);
    else console.log(source.origin === "env" ? "edit token from ACTOR_GRAPH_TOKEN" : `edit token in ${source.file}`);
  }
  const app = createApp(store, { bindHost: config.host, allowedHosts: config.allowedHosts, edits, token, editsPerMinute: config.editsPerMinute });
  if (!isLoopbackAddress(config.host) && config.allowedHosts.length === 0)
    console.log(`warning: bound to ${config.host} without ALLOWED_HOSTS: any Host header is answered; set ALLOWED_HOSTS to the names clients use`);
  const server = createHttpServer(app).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const t = store.timings;
    const steps = `load ${t.load ?? 0} ms, metrics ${t.metrics} ms, layout ${t.layout} ms (cache ${t.cache}), path index ${t.pathIndex} ms, search ${t.search} ms`;
    console.log(`loaded ${store.dataset.graph.order} nodes, ${store.dataset.graph.size} edges (data ${store.dataset.dataVersion}) in ${Date.now() - started} ms: ${steps}`);
    console.log(`listening on http://${host}:${port}`);
  });
  server.on("error", (error) => {
    console.error(`cannot listen on ${config.host}:${config.port}: ${error.message}`);
    exitAfterFlush(1);
  });
  const shutdown = (signal: string) => {
    console.log(`${signal} received, closing`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else if (isAppError(error)) console.error(`refusing to start: ${error.message}`);
  else console.error(error);
  exitAfterFlush(1);
});
